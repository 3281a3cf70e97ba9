"""End to end: a clerk's sheet through `sopgen validate` and `sopgen letters`, checked as a user would."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from sopgen.cli import cli
from tests.configs import CONFIRMED
from tests.members import member, write_copies, write_members

REPO = Path(__file__).resolve().parents[1]
CONFIG = CONFIRMED
DATE = "2026-11-24"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--config", str(CONFIG)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    return result.exit_code, result.output


def letters(tmp_path: Path, sheet: Path, *extra: str) -> tuple[int, str]:
    return run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
               "--no-attachments", *extra)


def docx_text(path: Path) -> str:
    """What a reader sees: paragraphs, table cells and the tables inside cells (the Lampiran's last
    member travels with the signature in one), a non-breaking space read as a space."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    tables = list(doc.tables)
    while tables:
        table = tables.pop(0)
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
            tables += [nested for cell in row.cells for nested in cell.tables]
    return "\n".join(parts).replace("\u00a0", " ").replace("\u200b", "")


def issued(tmp_path: Path) -> list[tuple[str, int, str, str | None]]:
    with sqlite3.connect(tmp_path / "out" / "register.sqlite") as db:
        return db.execute(
            "SELECT kind, seq, number, nip FROM documents ORDER BY kind, seq"
        ).fetchall()


def all_docx(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "out").rglob("*.docx"))


# --- validate --------------------------------------------------------------------------------

def test_clean_sheet_validates_with_exit_0_and_the_json_contract(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2), member(3)])
    code, out = run("validate", str(sheet), "--json", "--no-attachments", "--date", DATE)
    assert code == 0
    report = json.loads(out)
    assert {"file", "sheet", "rows", "valid_rows", "problems"} <= set(report)
    assert report["rows"] == 3
    assert report["valid_rows"] == [5, 6, 7]  # two title rows, a blank row, the header at row 4
    assert [p for p in report["problems"] if p["severity"] == "error"] == []


def test_every_broken_cell_is_reported_with_row_column_field_and_code(tmp_path: Path) -> None:
    members = [
        member(1),
        member(2, nip="19800101 200501 1 00"),  # 17 digits
        member(3, email="pegawai3@ponorogo,go.id"),
        member(4, pangkat_golongan="Pembina, III/b"),
        member(5, jabatan="-"),
        member(6, nip="19800101 200501 1 001"),  # the NIP of row 5 again
        member(7, telepon="0812-34"),
    ]
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    before = sheet.read_bytes()
    code, out = run("validate", str(sheet), "--json", "--no-attachments", "--date", DATE,
                    "--output", str(tmp_path / "out"))
    assert code == 1
    report = json.loads(out)
    errors = {(p["row"], p["field"], p["code"]) for p in report["problems"] if p["severity"] == "error"}
    assert errors == {
        (6, "nip", "NIP_PANJANG"),
        (7, "email", "EMAIL_FORMAT"),
        (8, "pangkat_golongan", "PANGKAT_GOLONGAN_TIDAK_COCOK"),
        (9, "jabatan", "JABATAN_KOSONG"),
        (10, "nip", "NIP_GANDA"),
        (11, "telepon", "TELEPON_TERLALU_PENDEK"),
    }
    columns = {p["field"]: (p["column"], p["header"]) for p in report["problems"]}
    assert columns["nip"] == ("C", "NIP")
    assert columns["email"] == ("F", "Email")
    assert report["valid_rows"] == [5]
    assert sheet.read_bytes() == before, "the clerk's file must never be modified"
    from openpyxl import load_workbook

    copy = load_workbook(report["annotated"]).worksheets[0]
    assert "NIP_PANJANG" in copy["C6"].comment.text and copy["C6"].value == "19800101 200501 1 00"
    assert copy["K10"].value == "1 kesalahan: NIP_GANDA"


def test_terminal_report_names_cell_header_and_fix_in_indonesian(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="bukan email")])
    code, out = run("validate", str(sheet), "--no-attachments", "--date", DATE,
                    "--output", str(tmp_path / "out"))
    assert code == 1
    assert "F5" in out and "EMAIL_FORMAT" in out and "Email" in out
    assert "1 kesalahan" in out
    assert "Traceback" not in out


def test_missing_copies_are_errors_unless_the_check_is_off(tmp_path: Path) -> None:
    members = [member(1), member(2)]
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    lampiran = write_copies(tmp_path / "lampiran", members[:1])
    code, out = run("validate", str(sheet), "--json", "--attachments", str(lampiran),
                    "--date", DATE, "--output", str(tmp_path / "out"))
    assert code == 1
    found = {(p["row"], p["field"], p["code"]) for p in json.loads(out)["problems"]}
    assert found == {(6, "salinan_sertifikat_pbj", "LAMPIRAN_TIDAK_ADA"),
                     (6, "salinan_sk_pokja", "LAMPIRAN_TIDAK_ADA")}
    code, _ = run("validate", str(sheet), "--json", "--no-attachments", "--date", DATE)
    assert code == 0


def test_unreadable_file_exits_2_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    proc = subprocess.run(
        [sys.executable, "-m", "sopgen", "validate", str(broken), "--config", str(CONFIG)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "rusak.xlsx" in proc.stderr + proc.stdout


# --- letters ---------------------------------------------------------------------------------

def test_letters_issue_every_document_with_the_members_data(tmp_path: Path) -> None:
    members = [member(i) for i in range(1, 4)]
    members[1]["nama"] = "Ma'ruf & <Đặng> \"Sejahtera\""
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    code, out = letters(tmp_path, sheet)
    assert code == 0, out
    files = all_docx(tmp_path)
    assert len(files) == 2 + 3 + 3  # a Berita Acara and a Slip Kata Sandi per member
    sp = next(f for f in files if "surat_perintah" in f.name)
    text = docx_text(sp)
    assert "SURAT PERINTAH" in text
    assert "Ponorogo" in text and "24 November 2026" in text
    assert "000.3.5/001/405.08/2026" in text
    for m in members:
        assert m["nama"] in text
        assert m["nip"] in text  # grouped as written in letters: 19800101 200501 1 001
    notes = sorted(f for f in files if f.parent.name == "serah_terima")
    slips = sorted(f for f in files if f.parent.name == "slip_kata_sandi")
    assert len(notes) == len(slips) == 3
    for note, slip, m in zip(notes, slips, members, strict=True):
        note_text = docx_text(note)
        assert m["nip"] in note_text and m["nama"] in note_text and m["jabatan"] in note_text
        assert m["nip"] in docx_text(slip) and m["nama"] in docx_text(slip) and slip.name == note.name
    assert [row[:3] for row in issued(tmp_path) if row[0] == "serah_terima"] == [
        ("serah_terima", 1, "000.3.5/001/BA/405.08/2026"),
        ("serah_terima", 2, "000.3.5/002/BA/405.08/2026"),
        ("serah_terima", 3, "000.3.5/003/BA/405.08/2026"),
    ]


def test_rerun_is_byte_identical_and_numbers_nothing_new(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2)])
    assert letters(tmp_path, sheet)[0] == 0
    first = {f: f.read_bytes() for f in all_docx(tmp_path)}
    numbers = issued(tmp_path)
    resaved = write_members(tmp_path / "usulan_lagi.xlsx", [member(1), member(2)])
    code, out = run("letters", str(resaved), "--output", str(tmp_path / "out"), "--date",
                    "2026-11-30", "--no-attachments")
    assert code == 0
    assert "sudah diterbitkan" in out
    assert issued(tmp_path) == numbers
    assert {f: f.read_bytes() for f in all_docx(tmp_path)} == first


def test_a_deleted_document_is_rendered_again_identically(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2)])
    letters(tmp_path, sheet)
    note = next(f for f in all_docx(tmp_path) if f.parent.name == "serah_terima")
    original = note.read_bytes()
    note.unlink()
    assert letters(tmp_path, sheet)[0] == 0
    assert note.read_bytes() == original


def test_next_batch_gets_the_next_numbers(tmp_path: Path) -> None:
    letters(tmp_path, write_members(tmp_path / "a.xlsx", [member(1), member(2)]))
    code, _ = letters(tmp_path, write_members(tmp_path / "b.xlsx", [member(3)]))
    assert code == 0
    rows = issued(tmp_path)
    assert [r[1] for r in rows if r[0] == "surat_perintah"] == [1, 2]
    assert [r[1] for r in rows if r[0] == "serah_terima"] == [1, 2, 3]


def test_a_letter_dated_before_the_last_numbered_one_is_refused(tmp_path: Path) -> None:
    letters(tmp_path, write_members(tmp_path / "a.xlsx", [member(1)]))
    before = issued(tmp_path)
    later = write_members(tmp_path / "b.xlsx", [member(2)])
    code, out = run("letters", str(later), "--output", str(tmp_path / "out"), "--date", "2026-11-20",
                    "--no-attachments")
    assert code == 2
    assert "TANGGAL_MUNDUR" in out and "24 November 2026" in out
    assert issued(tmp_path) == before
    assert [p.parent.name for p in all_docx(tmp_path)
            if p.parent.name not in ("serah_terima", "slip_kata_sandi")] == ["001_a", "001_a"]
    assert letters(tmp_path, later)[0] == 0  # the same day is fine
    assert [r[1] for r in issued(tmp_path) if r[0] == "surat_perintah"] == [1, 2]


def test_a_letter_dated_weeks_ahead_is_refused_as_a_typo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from sopgen import pipeline

    monkeypatch.setattr(pipeline, "clock_today", lambda: date(2026, 11, 24))
    sheet = write_members(tmp_path / "a.xlsx", [member(1)])
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-12-24",
                    "--no-attachments")
    assert code == 2
    assert "TANGGAL_MAJU" in out and "24 Desember 2026" in out
    assert not (tmp_path / "out" / "register.sqlite").exists() or issued(tmp_path) == []
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", "2026-11-27",
                    "--no-attachments")
    assert code == 0, "a few days ahead is allowed"
    later = write_members(tmp_path / "b.xlsx", [member(2)])
    code, out = letters(tmp_path, later)
    assert code == 2 and "TANGGAL_MUNDUR" in out
    assert "tanpa --date" not in " ".join(out.split()), "today is before the latest letter: no date would fail too"


def test_member_issued_before_is_skipped_with_a_warning_unless_reissued(tmp_path: Path) -> None:
    letters(tmp_path, write_members(tmp_path / "a.xlsx", [member(1)]))
    code, out = letters(tmp_path, write_members(tmp_path / "b.xlsx", [member(1), member(2)]))
    assert code == 0
    assert "000.3.5/001/BA/405.08/2026" in out and "--reissue" in out
    assert [r[3] for r in issued(tmp_path) if r[0] == "serah_terima"] == [
        "198001012005011001", "198001012005011002"]
    code, out = letters(tmp_path, write_members(tmp_path / "c.xlsx", [member(1)]), "--reissue")
    assert code == 0
    with sqlite3.connect(tmp_path / "out" / "register.sqlite") as db:
        active = db.execute(
            "SELECT seq FROM documents WHERE kind='serah_terima' AND nip='198001012005011001' "
            "AND superseded_by IS NULL"
        ).fetchall()
    assert active == [(3,)]


def test_invalid_sheet_issues_nothing(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2, email="x")])
    code, out = letters(tmp_path, sheet)
    assert code == 1
    assert "Tidak ada surat" in out
    assert all_docx(tmp_path) == []


def test_no_password_reaches_stdout_or_the_register(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    code, out = letters(tmp_path, sheet)
    slip = next(f for f in all_docx(tmp_path) if f.parent.name == "slip_kata_sandi")
    text = docx_text(slip)
    from sopgen.config import load_config

    config = load_config(CONFIG)
    candidates = {w for w in text.replace(":", " ").split()
                  if len(w) == config.password_length and set(w) <= set(config.password_alphabet)}
    assert candidates, "the slip must carry the temporary password"
    register = (tmp_path / "out" / "register.sqlite").read_bytes()
    note = next(f for f in all_docx(tmp_path) if f.parent.name == "serah_terima")
    for password in candidates:
        assert password not in out
        assert password.encode() not in register
        assert password not in docx_text(note), "the archived Berita Acara never carries the password"
    assert (slip.stat().st_mode & 0o777) == 0o600


def test_two_runs_at_once_get_distinct_contiguous_numbers(tmp_path: Path) -> None:
    sheets = [write_members(tmp_path / f"{n}.xlsx", [member(10 * n + i) for i in range(1, 4)])
              for n in (1, 2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sopgen", "letters", str(s), "--output", str(tmp_path / "out"),
             "--date", DATE, "--no-attachments", "--config", str(CONFIG)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
        )
        for s in sheets
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    rows = issued(tmp_path)
    assert sorted(r[1] for r in rows if r[0] == "surat_perintah") == [1, 2]
    assert sorted(r[1] for r in rows if r[0] == "serah_terima") == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("args", [["--version"], ["validate", "--help"], ["letters", "--help"]])
def test_help_and_version_work(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert "Contoh" in result.output or "sopgen" in result.output


def test_blank_form_has_the_nine_columns_text_ids_and_a_pangkat_dropdown(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from sopgen.sheets import read_sheet

    target = tmp_path / "formulir.xlsx"
    code, out = run_plain("template", str(target))
    assert code == 0 and target.exists()
    sheet = read_sheet(target)
    assert len(sheet.columns) == 9
    assert [p.code for p in sheet.problems] == ["TIDAK_ADA_DATA"]
    wb = load_workbook(target)
    data = wb["Data"]
    nip_col = sheet.columns["nip"].letter
    assert data[f"{nip_col}{sheet.header_row + 1}"].number_format == "@"
    validations = data.data_validations.dataValidation
    assert any("Pilihan" in (v.formula1 or "") for v in validations)
    assert "Petunjuk" in wb.sheetnames
    code, _ = run_plain("template", str(target))
    assert code == 2, "an existing form (maybe filled in) is never overwritten"


def test_make_template_never_wipes_a_form_the_clerk_filled_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    form = Path("templates/formulir_pokja.xlsx")
    assert run_plain("template")[0] == 0
    first = form.read_bytes()
    code, out = run_plain("template")
    assert code == 0 and "sudah yang terbaru" in out and form.read_bytes() == first, "deterministic"
    wb = load_workbook(form)
    wb["Data"]["B4"] = "Budi Santoso"
    wb.save(form)
    filled = form.read_bytes()
    code, out = run_plain("template")
    assert code == 2 and "sudah berisi data" in out
    assert form.read_bytes() == filled
    code, out = run_plain("template", "templates/config.toml")
    assert code == 2 and ".xlsx" in out


def run_plain(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".csv"])
def test_every_format_is_judged_the_same_by_the_cli(tmp_path: Path, suffix: str) -> None:
    from tests.conftest import write_grid
    from tests.members import HEADERS, rows_of

    members = [member(1), member(2, email="salah@"), member(3, telepon=81234560003)]
    sheet = write_grid(tmp_path / f"usulan{suffix}", [["DAFTAR USULAN"], [], HEADERS, *rows_of(members)],
                       delimiter=";")
    code, out = run("validate", str(sheet), "--json", "--no-attachments", "--date", DATE,
                    "--output", str(tmp_path / "out"))
    report = json.loads(out)
    assert code == 1
    found = {(p["row"], p["field"], p["code"]) for p in report["problems"]}
    # In a CSV the phone is the text "81234560003": Excel dropped the zero before it exported.
    assert found == {(5, "email", "EMAIL_FORMAT"), (6, "telepon", "TELEPON_NOL_HILANG")}
    assert report["valid_rows"] == [4, 6]


def test_a_missing_attachments_folder_is_one_error_for_the_sheet(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1), member(2)])
    code, out = run("validate", str(sheet), "--json", "--attachments", str(tmp_path / "tidak_ada"),
                    "--date", DATE, "--output", str(tmp_path / "out"))
    assert code == 1
    report = json.loads(out)
    assert [(p["row"], p["code"]) for p in report["problems"]] == [(None, "LAMPIRAN_FOLDER_TIDAK_ADA")]
    assert report["valid_rows"] == []


def test_annotated_copy_marks_cells_and_gives_every_row_a_status(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = write_members(tmp_path / "usulan.csv", [member(1), member(2, email="salah"), member(3)])
    code, out = run("validate", str(sheet), "--json", "--no-attachments", "--date", DATE,
                    "--output", str(tmp_path / "out"))
    assert code == 1
    wb = load_workbook(json.loads(out)["annotated"])
    data = wb.worksheets[0]
    assert data["F6"].comment is not None and "EMAIL_FORMAT" in data["F6"].comment.text
    assert data["F6"].fill.fgColor.rgb.endswith("FFC7CE")
    status = {data.cell(r, 11).value for r in (5, 6, 7)}
    assert data.cell(4, 11).value == "Status sopgen"
    assert status == {"OK", "1 kesalahan: EMAIL_FORMAT"}
    assert "Laporan sopgen" in wb.sheetnames
