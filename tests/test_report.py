"""The annotated copies in output/laporan: one per sheet, true to the last check; a report folder
that cannot be written is told per file, and the other files are still checked and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from sopgen.cli import cli
from tests.members import member, write_members
from tests.test_cli import CONFIG, DATE


def validate(*args: str) -> Result:
    """`sopgen validate`; the result keeps stdout (report or JSON) and stderr (notes, errors) apart."""
    result = CliRunner().invoke(cli, ["validate", *args, "--no-attachments", "--date", DATE, "--config", str(CONFIG)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def copies(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "laporan").glob("*.xlsx"))


def problems_in(copy: Path) -> set[tuple[str, str]]:
    """(cell, code) of every problem listed in the copy's report sheet."""
    rows = load_workbook(copy)["Laporan sopgen"].iter_rows(min_row=2, values_only=True)
    return {(r[0], r[6]) for r in rows if r[6]}


# --- a clean rerun leaves no copy that shows old problems ----------------------------------------


def test_a_clean_rerun_removes_the_copy_sopgen_wrote_and_says_so(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah"), member(2)])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    assert copies(out) == ["usulan-periksa.xlsx"]
    write_members(sheet, [member(1), member(2)])  # the clerk fixes the email
    result = validate(str(sheet), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert copies(out) == []
    assert list((out / "laporan").iterdir()) == [], "its marker goes too"
    assert f"Salinan bertanda lama {out / 'laporan' / 'usulan-periksa.xlsx'} dihapus: masalah di dalamnya " \
           "sudah tidak ada." in result.stdout


def test_a_clean_rerun_keeps_a_copy_the_clerk_edited_and_says_it_is_out_of_date(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah")])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    copy = out / "laporan" / "usulan-periksa.xlsx"
    wb = load_workbook(copy)
    wb.worksheets[0]["A1"] = "catatan petugas"
    wb.save(copy)
    write_members(sheet, [member(1)])
    result = validate(str(sheet), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert copy.exists()
    assert f"Catatan: salinan bertanda lama {copy} sudah diubah di luar sopgen, jadi tidak dihapus; tanda di " \
           "dalamnya sudah tidak berlaku" in result.stdout


def test_with_json_the_removal_note_goes_to_stderr_and_stdout_stays_json(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.csv", [member(1, nip="123")])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out), "--json").exit_code == 1
    write_members(sheet, [member(1)])
    result = validate(str(sheet), "--output", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["annotated"] is None
    assert "usulan-periksa.xlsx dihapus" in result.stderr
    assert copies(out) == []


def test_a_rerun_with_problems_replaces_the_copy_in_place(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah"), member(2)])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    write_members(sheet, [member(1), member(2, nip="123")])
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    assert copies(out) == ["usulan-periksa.xlsx"]
    assert problems_in(out / "laporan" / "usulan-periksa.xlsx") == {("C6", "NIP_PANJANG")}


# --- sheets of the same name get a copy each -----------------------------------------------------


def test_sheets_of_the_same_name_in_two_folders_get_a_copy_each(tmp_path: Path) -> None:
    first = write_members(tmp_path / "input" / "a" / "usulan.xlsx", [member(1, email="salah")])
    second = write_members(tmp_path / "input" / "b" / "usulan.csv", [member(1, nip="123")])
    third = write_members(tmp_path / "input" / "c" / "usulan.xlsx", [member(1, jabatan="-")])
    out = tmp_path / "out"
    result = validate(str(first), str(second), str(third), "--output", str(out), "--json")
    assert result.exit_code == 1, result.output
    reports = json.loads(result.stdout)
    named = [Path(r["annotated"]).name for r in reports]
    assert named == ["usulan-periksa.xlsx", "usulan-csv-periksa.xlsx", "usulan-xlsx-periksa.xlsx"]
    assert [problems_in(Path(r["annotated"])) for r in reports] == [
        {("F5", "EMAIL_FORMAT")}, {("C5", "NIP_PANJANG")}, {("H5", "JABATAN_KOSONG")}]
    sheet = load_workbook(reports[1]["annotated"])["Laporan sopgen"]
    assert any(f"Berkas yang diperiksa: {second}" in str(c.value) for c in sheet["A"])
    # Checked again, each sheet's copy keeps its name; none is added.
    again = json.loads(validate(str(third), str(first), str(second), "--output", str(out), "--json").stdout)
    assert [Path(r["annotated"]).name for r in again] == [named[2], named[0], named[1]]
    assert copies(out) == sorted(named)


def test_fixing_one_of_two_namesakes_removes_only_its_own_copy(tmp_path: Path) -> None:
    first = write_members(tmp_path / "a" / "usulan.xlsx", [member(1, email="salah")])
    second = write_members(tmp_path / "b" / "usulan.csv", [member(1, nip="123")])
    out = tmp_path / "out"
    assert validate(str(first), str(second), "--output", str(out)).exit_code == 1
    write_members(first, [member(1)])
    assert validate(str(first), str(second), "--output", str(out)).exit_code == 1
    assert copies(out) == ["usulan-csv-periksa.xlsx"]
    assert problems_in(out / "laporan" / "usulan-csv-periksa.xlsx") == {("C5", "NIP_PANJANG")}


def test_a_copy_the_clerk_edited_is_never_overwritten(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah")])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    edited = out / "laporan" / "usulan-periksa.xlsx"
    wb = load_workbook(edited)
    wb.worksheets[0]["A1"] = "catatan petugas"
    wb.save(edited)
    for _ in range(2):  # twice: the second run reuses the new copy instead of adding a third
        result = validate(str(sheet), "--output", str(out))
        assert result.exit_code == 1
    assert load_workbook(edited).worksheets[0]["A1"].value == "catatan petugas"
    assert copies(out) == ["usulan-periksa-2.xlsx", "usulan-periksa.xlsx"]
    assert f"salinan bertanda lama {edited} sudah diubah di luar sopgen, jadi tidak ditimpa" in result.stdout


def test_a_copy_written_by_an_older_sopgen_is_still_recognised_as_its_own(tmp_path: Path) -> None:
    import hashlib

    sheet = write_members(tmp_path / "usulan.xlsx", [member(1, email="salah")])
    out = tmp_path / "out"
    assert validate(str(sheet), "--output", str(out)).exit_code == 1
    copy = out / "laporan" / "usulan-periksa.xlsx"
    marker = out / "laporan" / ".usulan-periksa.xlsx.sha256"
    marker.write_text(hashlib.sha256(copy.read_bytes()).hexdigest())  # the old marker: no source line
    write_members(sheet, [member(1)])
    assert validate(str(sheet), "--output", str(out)).exit_code == 0
    assert copies(out) == []


# --- a report folder that cannot be written ------------------------------------------------------


def test_an_unwritable_report_folder_is_told_per_file_and_every_file_is_still_reported(tmp_path: Path) -> None:
    first = write_members(tmp_path / "a.xlsx", [member(1, email="salah")])
    second = write_members(tmp_path / "b.csv", [member(1, nip="123")])
    out = tmp_path / "out"
    out.write_text("a file where the output folder should be")
    result = validate(str(first), str(second), "--output", str(out), "--json")
    assert result.exit_code == 2
    reports = json.loads(result.stdout)
    assert [(r["file"], r["annotated"], r["errors"]) for r in reports] == [(str(first), None, 1),
                                                                         (str(second), None, 1)]
    for path in (first, second):
        assert f"Kesalahan [OUTPUT]: {path}: Salinan laporan {out / 'laporan'}" in result.stderr
    assert "tidak dapat disimpan" in result.stderr and "pilih folder lain dengan --output" in result.stderr
    result = validate(str(first), str(second), "--output", str(out))
    assert result.exit_code == 2
    assert "EMAIL_FORMAT" in result.stdout and "NIP_PANJANG" in result.stdout


def test_a_clean_sheet_with_an_unwritable_report_folder_is_still_clean(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    out = tmp_path / "out"
    out.write_text("not a folder")
    result = validate(str(sheet), "--output", str(out), "--json")
    assert result.exit_code == 0, result.output  # nothing to write, nothing to remove
    assert json.loads(result.stdout)["errors"] == 0


def test_the_library_raises_the_projects_output_error_not_an_oserror(tmp_path: Path) -> None:
    from sopgen import validate_file
    from sopgen.errors import OutputError
    from sopgen.report import write_annotated_copy

    v = validate_file(write_members(tmp_path / "usulan.xlsx", [member(1, email="salah")]), attachments=None)
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(OutputError, match="tidak dapat disimpan"):
        write_annotated_copy(v, tmp_path / "out")


# --- the copy Excel can open, whatever the sheet held ------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_sheet_filled_to_its_last_column_gets_a_copy_excel_can_open(tmp_path: Path, suffix: str) -> None:
    from tests.clerk_files import member_rows, raw_xlsx, sheet_xml
    from tests.conftest import write_grid

    rows = member_rows(1, 2)
    rows[2][2] = "123"  # a bad NIP, so that a copy is written
    if suffix == ".xlsx":
        sheet = raw_xlsx(tmp_path / "usulan.xlsx", {"Data": sheet_xml(rows, extra_cells={"XFD3": "x"})})
    else:
        sheet = write_grid(tmp_path / "usulan.csv", [*rows, [None] * 16383 + ["x"], ["\x01 kontrol", "y" * 40_000]])
    result = validate(str(sheet), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    (copy,) = (tmp_path / "out" / "laporan").glob("*.xlsx")
    worksheet = load_workbook(copy).worksheets[0]
    assert worksheet.max_column == 16384, "no status column past Excel's last one"
    assert ("C3", "NIP_PANJANG") in problems_in(copy)
    if suffix == ".csv":
        assert worksheet["A5"].value == "\ufffd kontrol" and len(worksheet["B5"].value) == 32_767
