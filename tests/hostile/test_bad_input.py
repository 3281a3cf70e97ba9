"""Bad input: a clear Indonesian message and exit 2 (or 1 for invalid rows), never a traceback,
and nothing written or changed except the report."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.configs import CONFIRMED
from tests.conftest import replace_cells, write_grid
from tests.members import HEADERS, member, rows_of, write_members

REPO = Path(__file__).resolve().parents[2]
CONFIG = CONFIRMED


def sopgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sopgen", *args, "--config", str(CONFIG)],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


def letters(sheet: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return sopgen("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-11-24",
                  "--no-attachments", cwd=tmp_path)


def documents_written(tmp_path: Path) -> list[Path]:
    out = tmp_path / "out"
    return sorted(p for p in out.rglob("*") if p.suffix in (".docx", ".pdf")) if out.exists() else []


def assert_refused(proc: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    text = proc.stdout + proc.stderr
    assert proc.returncode == code, text
    assert "Traceback" not in text
    for word in words:
        assert word in text, text


def broken_files(tmp_path: Path) -> dict[str, Path]:
    good = write_members(tmp_path / "good.xlsx", [member(1)]).read_bytes()
    files = {}
    files["truncated"] = tmp_path / "terpotong.xlsx"
    files["truncated"].write_bytes(good[: len(good) // 3])
    files["corrupt"] = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        sheet = z.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename)  # the sheet's compressed bytes
    damaged = bytearray(good)
    damaged[start + 10:start + 60] = b"\xff" * 50
    files["corrupt"].write_bytes(bytes(damaged))
    files["encrypted"] = tmp_path / "rahasia.xlsx"
    files["encrypted"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
                                   + "EncryptedPackage".encode("utf-16-le"))
    files["lock"] = tmp_path / "~$good.xlsx"
    files["lock"].write_bytes(b"\x08clerk   " + b"\x00" * 150)
    files["empty_file"] = tmp_path / "kosong.csv"
    files["empty_file"].write_bytes(b"")
    files["pdf"] = tmp_path / "surat.pdf"
    files["pdf"].write_bytes(b"%PDF-1.4")
    return files


@pytest.mark.parametrize("case", ["truncated", "corrupt", "encrypted", "lock", "empty_file", "pdf"])
def test_unusable_files_exit_2_and_write_nothing(tmp_path: Path, case: str) -> None:
    path = broken_files(tmp_path)[case]
    before = path.read_bytes()
    proc = letters(path, tmp_path)
    assert_refused(proc, 2, path.name)
    assert documents_written(tmp_path) == []
    assert path.read_bytes() == before


def test_zip_bomb_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (20 << 20))
    path = tmp_path / "bom.xlsx"
    path.write_bytes(buf.getvalue())  # 20 MB in ~20 KB: a ratio no real sheet has
    proc = letters(path, tmp_path)
    assert_refused(proc, 2, "terlalu besar")
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, data.rfind(b"PK\x01\x02") + 24, 0xFFFFFFF0)  # declares 4 GB
    path.write_bytes(bytes(data))
    assert_refused(letters(path, tmp_path), 2, "terlalu besar")


def sheet_with(tmp_path: Path, name: str, rows: list[list]) -> Path:
    return write_grid(tmp_path / name, rows)


def test_sheets_without_usable_rows_exit_1_with_the_reason(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.xlsx"
    Workbook().save(empty)
    assert_refused(letters(empty, tmp_path), 1, "LEMBAR_KOSONG")
    header_only = sheet_with(tmp_path, "judul.xlsx", [HEADERS])
    assert_refused(letters(header_only, tmp_path), 1, "TIDAK_ADA_DATA")
    no_header = sheet_with(tmp_path, "acak.xlsx", [["Daftar belanja"], ["gula", 2], ["kopi", 1]])
    assert_refused(letters(no_header, tmp_path), 1, "HEADER_TIDAK_DITEMUKAN")
    assert documents_written(tmp_path) == []


def validate_json(path: Path, tmp_path: Path) -> dict:
    proc = sopgen("validate", str(path), "--json", "--no-attachments", "--output", str(tmp_path / "out"),
                  "--date", "2026-11-24", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    return {"code": proc.returncode, **json.loads(proc.stdout)}


def test_formula_errors_dates_in_the_nip_column_and_huge_cells(tmp_path: Path) -> None:
    rows = [HEADERS, rows_of([member(1, nip=datetime(1975, 3, 15))])[0],
            rows_of([member(2, nama="x" * 100_000)])[0], rows_of([member(3)])[0]]
    path = replace_cells(write_grid(tmp_path / "a.xlsx", rows),
                         {"F4": '<c r="F4" t="e"><f>#REF!A1</f><v>#REF!</v></c>',
                          "H4": '<c r="H4"><f>VLOOKUP(C4,Jabatan!A:B,2,0)</f></c>'})
    report = validate_json(path, tmp_path)
    assert report["code"] == 1
    found = {(p["row"], p["field"], p["code"]) for p in report["problems"]}
    assert found == {(2, "nip", "NIP_TANGGAL_EXCEL"), (3, "nama", "TEKS_TERLALU_PANJANG"),
                     (4, "email", "SEL_ERROR_RUMUS"), (4, "jabatan", "SEL_ERROR_RUMUS")}
    long_value = next(p["value"] for p in report["problems"] if p["code"] == "TEKS_TERLALU_PANJANG")
    assert len(long_value) < 300, "the report quotes the start of a huge cell, not all of it"


def test_csv_renamed_xlsx_and_legacy_encoding_are_named_not_guessed_silently(tmp_path: Path) -> None:
    rows = [HEADERS, rows_of([member(1, nama="José Ñuñez")])[0]]
    renamed = tmp_path / "usulan.xlsx"
    write_grid(tmp_path / "x.csv", rows).rename(renamed)
    report = validate_json(renamed, tmp_path)
    assert report["code"] == 1
    assert [p["code"] for p in report["problems"]] == ["EKSTENSI_TIDAK_SESUAI"]
    assert "usulan.csv" in report["problems"][0]["message"]
    legacy = write_grid(tmp_path / "ansi.csv", rows, encoding="cp1252")  # Excel's 'CSV (Comma delimited)'
    report = validate_json(legacy, tmp_path)
    assert report["code"] == 0
    assert [(p["code"], p["severity"]) for p in report["problems"]] == [("CSV_BUKAN_UTF8", "warning")]
    assert "Windows-1252" in report["problems"][0]["message"]
    unknown = tmp_path / "lain.csv"
    unknown.write_bytes(legacy.read_bytes().replace(b"Jos\xe9", b"Jos\x81"))  # 0x81: no Windows-1252 letter
    report = validate_json(unknown, tmp_path)
    assert report["code"] == 1
    assert [p["code"] for p in report["problems"]] == ["CSV_ENKODING_TIDAK_DIKENAL"]
    assert "CSV UTF-8" in report["problems"][0]["message"]
    assert documents_written(tmp_path) == []


def test_excel_lock_file_beside_the_sheet_is_ignored(tmp_path: Path) -> None:
    inbox = tmp_path / "input"
    write_members(inbox / "usulan.xlsx", [member(1)])
    (inbox / "~$usulan.xlsx").write_bytes(b"\x08clerk" + b"\x00" * 100)
    proc = subprocess.run([sys.executable, "-m", "sopgen", "letters", "--no-attachments", "--config",
                           str(CONFIG), "--date", "2026-11-24"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "~$" not in proc.stdout


def test_a_hundred_thousand_rows_finish_with_bounded_memory(tmp_path: Path) -> None:
    import csv
    import resource
    from datetime import date, timedelta

    path = tmp_path / "besar.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for i in range(100_000):
            born = date(1970, 1, 1) + timedelta(days=i // 1998)
            nip = f"{born:%Y%m%d}200501{1 + i % 2}{(i // 2) % 999 + 1:03d}"
            writer.writerow([i + 1, f"Pegawai {i}", nip, "Jl. A", f"0812{i:08d}", f"p{i}@ponorogo.go.id",
                             "III/b", "Analis", f"L{i}", "SK 1"])
        writer.writerow([0, "Pegawai Ganda", nip, "Jl. A", "0812-0000-0000", "x@ponorogo.go.id", "III/b",
                         "Analis", "L0", "SK 1"])
    proc = sopgen("validate", str(path), "--json", "--no-attachments", "--output", str(tmp_path / "out"),
                  "--date", "2026-11-24", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rows"] == 100_001
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(100_002, "NIP_GANDA")]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"validating 100,000 rows took {peak_mb:.0f} MB"
