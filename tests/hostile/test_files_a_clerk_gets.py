"""Files a clerk really gets, through the command line: hidden rows, last year's sheet beside this
year's, 'Excel' exports that are HTML or XML, names a Windows zip left behind, links, invisible
characters, absurd sizes. Each: the exit code, the Indonesian message, no traceback, and the
inputs byte-identical afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from tests.clerk_files import html_table, member_rows, raw_xlsx, sheet_xml, spreadsheet_2003
from tests.configs import CONFIRMED
from tests.members import HEADERS, member, rows_of, write_members

DATE = "2026-11-24"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sopgen", *args, "--config", str(CONFIRMED)],
                          capture_output=True, cwd=cwd, timeout=300,
                          env={**os.environ, "COLUMNS": "2000", "PYTHONIOENCODING": "utf-8"})


def validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return run("validate", *args, "--no-attachments", "--output", str(cwd / "output"), "--date", DATE, cwd=cwd)


def letters(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return run("letters", *args, "--no-attachments", "--output", str(cwd / "output"), "--date", DATE, cwd=cwd)


def said(proc: subprocess.CompletedProcess[bytes]) -> str:
    """Everything printed, which must be valid UTF-8 and free of tracebacks."""
    text = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    assert "Traceback" not in text, text
    return text


def hashes(folder: Path) -> dict[str, str]:
    return {os.fsdecode(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def documents(cwd: Path) -> list[Path]:
    return sorted((cwd / "output").rglob("*.docx")) if (cwd / "output").exists() else []


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    (tmp_path / "input").mkdir()
    return tmp_path / "input"


# --- hidden rows and several sheets -----------------------------------------------------------------

def test_a_hidden_member_row_stops_the_letters_and_is_named(tmp_path: Path, inbox: Path) -> None:
    wb = Workbook()
    for row in member_rows(1, 2, 3):
        wb.active.append(row)
    wb.active.row_dimensions[3].hidden = True
    wb.save(inbox / "usulan.xlsx")
    before = hashes(inbox)
    proc = letters(tmp_path, str(inbox / "usulan.xlsx"))
    assert proc.returncode == 1
    text = said(proc)
    assert "BARIS_TERSEMBUNYI" in text and "Baris 3 tersembunyi" in text
    assert documents(tmp_path) == [] and hashes(inbox) == before


def test_two_sheets_with_member_tables_are_refused_until_one_is_named(tmp_path: Path, inbox: Path) -> None:
    wb = Workbook()
    wb.active.title = "Usulan 2025"
    for row in member_rows(1, 2):
        wb.active.append(row)
    this_year = wb.create_sheet("Usulan 2026")
    for row in member_rows(3):
        this_year.append(row)
    path = inbox / "usulan.xlsx"
    wb.save(path)
    before = hashes(inbox)
    plain = validate(tmp_path, str(path))
    assert plain.returncode == 1
    assert "LEMBAR_GANDA" in said(plain) and "'Usulan 2025' dan 'Usulan 2026'" in said(plain)
    assert "--sheet" in said(plain)
    report = json.loads(validate(tmp_path, str(path), "--json").stdout)
    assert (report["sheet"], report["rows"], report["problems"][0]["code"]) == ("", 0, "LEMBAR_GANDA")
    refused = letters(tmp_path, str(path))
    assert refused.returncode == 1 and "LEMBAR_GANDA" in said(refused) and documents(tmp_path) == []
    chosen = letters(tmp_path, str(path), "--sheet", "Usulan 2026")
    assert chosen.returncode == 0, said(chosen)
    assert f"Dibaca: {path}, lembar 'Usulan 2026'" in said(chosen)
    notes = [p for p in documents(tmp_path) if "serah_terima" in p.parts]
    assert len(notes) == 1 and "Pegawai Contoh 3" in docx_text(notes[0])
    assert hashes(inbox) == before


def test_letters_and_validate_always_say_which_sheet_was_read(tmp_path: Path, inbox: Path) -> None:
    path = write_members(inbox / "usulan.xlsx", [member(1)])
    assert f"Pemeriksaan {path}, lembar 'Sheet'" in said(validate(tmp_path, str(path)))
    assert json.loads(validate(tmp_path, str(path), "--json").stdout)["sheet"] == "Sheet"
    proc = letters(tmp_path, str(path))
    assert proc.returncode == 0 and f"Dibaca: {path}, lembar 'Sheet'" in said(proc)


# --- what web applications export as 'Excel' -----------------------------------------------------

@pytest.mark.parametrize("kind", ["html", "xml2003"])
def test_a_web_export_named_xls_is_issued_with_every_digit_of_the_nip(tmp_path: Path, inbox: Path,
                                                                      kind: str) -> None:
    people = [member(i, nip=member(i)["nip"].replace(" ", "")) for i in (1, 2)]
    rows = [HEADERS, *rows_of(people)]
    path = (html_table(inbox / "ekspor_simpeg.xls", rows) if kind == "html"
            else spreadsheet_2003(inbox / "ekspor_simpeg.xls", {"Pegawai": rows}))
    before = hashes(inbox)
    proc = letters(tmp_path, str(path))
    text = said(proc)
    assert proc.returncode == 0, text
    assert "XLS_DARI_APLIKASI" in text and ".csv" not in text
    notes = [p for p in documents(tmp_path) if "serah_terima" in p.parts]
    assert len(notes) == 2
    assert "19800101 200501 1 001" in docx_text(notes[0]) + docx_text(notes[1])
    assert hashes(inbox) == before


# --- names, links ------------------------------------------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_named_plainly_in_text_and_json(tmp_path: Path, inbox: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows file names are always Unicode")
    odd = inbox / os.fsdecode(b"usulan_pokja_\xe9.xlsx")
    write_members(odd, [member(1)])
    write_members(inbox / "lain.xlsx", [member(2)])
    before = hashes(inbox)
    plain = validate(tmp_path)
    assert plain.returncode == 2
    text = said(plain)
    assert "NAMA_BERKAS_TIDAK_TERBACA" in text and "usulan_pokja_\ufffd.xlsx" in text
    assert "Data siap" in text, "the next file is still checked"
    reports = json.loads(validate(tmp_path, "--json").stdout.decode("utf-8"))
    assert [r["problems"][0]["code"] if r["problems"] else None for r in reports] == [None, "NAMA_BERKAS_TIDAK_TERBACA"]
    assert reports[1]["file"].endswith("usulan_pokja_\ufffd.xlsx")
    refused = letters(tmp_path, str(odd))
    assert refused.returncode == 2 and "Ganti namanya" in said(refused) and documents(tmp_path) == []
    assert hashes(inbox) == before


def test_a_name_too_long_for_the_file_system_is_told_in_indonesian(tmp_path: Path) -> None:
    name = "usulan_" + "a" * 300 + ".xlsx"
    for proc in (validate(tmp_path, name), letters(tmp_path, name)):
        assert proc.returncode == 2
        assert "NAMA_BERKAS_TERLALU_PANJANG" in said(proc) and "terlalu panjang" in said(proc)
    report = json.loads(validate(tmp_path, name, "--json").stdout)
    assert report["problems"][0]["code"] == "NAMA_BERKAS_TERLALU_PANJANG"


def test_a_long_name_that_fits_still_gets_its_annotated_copy(tmp_path: Path, inbox: Path) -> None:
    path = write_members(inbox / ("usulan_" + "b" * 230 + ".xlsx"), [member(1, telepon="12345")])
    proc = validate(tmp_path, str(path))
    assert proc.returncode == 1 and "TELEPON_TERLALU_PENDEK" in said(proc)
    copies = list((tmp_path / "output" / "laporan").glob("*.xlsx"))
    assert len(copies) == 1 and len(copies[0].name.encode()) < 255


def test_a_link_in_input_leading_outside_is_not_read_into_the_report(tmp_path: Path, inbox: Path) -> None:
    secret = write_members(tmp_path / "pribadi" / "data_lain.xlsx", [member(1, telepon="12345")])
    (inbox / "usulan.xlsx").symlink_to(secret)
    write_members(inbox / "benar.xlsx", [member(2)])
    outside = hashes(secret.parent)
    proc = validate(tmp_path)
    text = said(proc)
    assert proc.returncode == 2
    assert "BUKAN_BERKAS_BIASA" in text and "tautan (symlink)" in text and "Data siap" in text
    report_folder = tmp_path / "output" / "laporan"
    assert not report_folder.exists() or list(report_folder.iterdir()) == []
    refused = letters(tmp_path, str(inbox / "usulan.xlsx"))
    assert refused.returncode == 2 and documents(tmp_path) == []
    assert hashes(secret.parent) == outside


# --- what the clerk misread ------------------------------------------------------------------------

def test_the_messages_the_clerk_misread_now_say_what_is_wrong(tmp_path: Path, inbox: Path) -> None:
    path = write_members(inbox / "usulan.xlsx", [
        member(1, telepon="(0352) 12345"), member(2, pangkat_golongan="Penata, III/e"), member(3, nama=""),
        member(4, nip="19800101\u200c200501 1 004"),
    ])
    before = hashes(inbox)
    proc = validate(tmp_path, str(path), "--json")
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    by_code = {p["code"]: p for p in report["problems"]}
    assert set(by_code) == {"TELEPON_TERLALU_PENDEK", "GOLONGAN_RUANG_TIDAK_ADA", "NAMA_KOSONG",
                            "KARAKTER_TAK_TERLIHAT"}
    assert by_code["TELEPON_TERLALU_PENDEK"]["message"].startswith(
        "'(0352) 12345' terlalu pendek untuk nomor telepon Indonesia.")
    assert "golongan III berakhir di III/d" in by_code["GOLONGAN_RUANG_TIDAK_ADA"]["message"]
    assert by_code["NAMA_KOSONG"]["message"].startswith("Nama anggota belum diisi.")
    invisible = by_code["KARAKTER_TAK_TERLIHAT"]
    assert (invisible["row"], invisible["column"], invisible["severity"]) == (8, "C", "warning")
    assert "U+200C (zero width non-joiner) pada posisi 9" in invisible["message"]
    assert report["valid_rows"] == [8]
    assert hashes(inbox) == before


def test_an_invisible_character_in_a_nip_is_removed_and_the_letters_carry_the_clean_nip(
        tmp_path: Path, inbox: Path) -> None:
    path = write_members(inbox / "usulan.xlsx", [member(1, nip="19800101 2005\u206001 1 001")])
    proc = letters(tmp_path, str(path))
    text = said(proc)
    assert proc.returncode == 0, text
    assert "KARAKTER_TAK_TERLIHAT" in text and "U+2060" in text
    (note,) = [p for p in documents(tmp_path) if "serah_terima" in p.parts]
    assert "19800101 200501 1 001" in docx_text(note) and "\u2060" not in docx_text(note)


# --- sizes --------------------------------------------------------------------------------------------

def test_a_small_file_claiming_seventeen_billion_cells_is_refused_plainly(tmp_path: Path, inbox: Path) -> None:
    path = raw_xlsx(inbox / "usulan.xlsx", {"Data": sheet_xml(member_rows(1), extra_cells={"XFD1048576": "x"})})
    before = hashes(inbox)
    for proc in (validate(tmp_path, str(path)), letters(tmp_path, str(path))):
        assert proc.returncode == 2
        assert "LEMBAR_TERLALU_LUAS" in said(proc) and "XFD1048576" in said(proc)
    assert hashes(inbox) == before and documents(tmp_path) == []


@pytest.mark.parametrize("case", ["wide", "long"])
def test_absurd_csv_rows_are_named_by_row_in_text_and_json(tmp_path: Path, inbox: Path, case: str) -> None:
    head = "\n".join(",".join(map(str, r)) for r in member_rows(1)) + "\n"
    tail = ",".join(["x"] * 20_000) if case == "wide" else '2,"' + "x" * (10 << 20)
    path = inbox / "usulan.csv"
    path.write_text(head + tail + "\n", encoding="utf-8")
    before = hashes(inbox)
    plain = validate(tmp_path, str(path))
    assert plain.returncode == 2 and "Baris 3 berkas CSV usulan.csv" in said(plain)
    assert "field" not in said(plain).replace("field_size", "")
    report = json.loads(validate(tmp_path, str(path), "--json").stdout)
    assert report["problems"][0]["code"] in ("CSV_BARIS_TERLALU_LEBAR", "CSV_SEL_TERLALU_PANJANG")
    assert letters(tmp_path, str(path)).returncode == 2
    assert hashes(inbox) == before and documents(tmp_path) == []
