"""The '.xls' a personnel system exports is an HTML table or Excel 2003 XML: read as the table it is,
every digit of a NIP kept, and never sent the wrong way ('rename it .csv')."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sopgen.errors import AmbiguousSheet
from sopgen.sheets import read_sheet
from sopgen.validate import validate_file
from tests.clerk_files import html_table, spreadsheet_2003
from tests.members import HEADERS, member, rows_of

TODAY = date(2026, 11, 24)


def rows_with_plain_nips(*numbers: int) -> list[list[object]]:
    """Members whose NIP is written in one run of 18 digits, as exports write it."""
    members = [member(i, nip=member(i)["nip"].replace(" ", "")) for i in numbers]
    return [HEADERS, *rows_of(members)]


def codes(path: Path) -> list[str]:
    return [p.code for p in validate_file(path, today=TODAY).problems]


def test_an_html_table_named_xls_is_read_as_the_table_it_is(tmp_path: Path) -> None:
    path = html_table(tmp_path / "ekspor_simpeg.xls", rows_with_plain_nips(1, 2),
                      before="<h3>DAFTAR USULAN POKJA</h3><table><tr><td>Dicetak dari SIMPEG</td></tr></table>")
    report = validate_file(path, today=TODAY)
    assert report.ok and [m.nip for m in report.members] == ["198001012005011001", "198001012005011002"]
    assert report.sheet == "Tabel 2"
    (warning,) = report.warnings
    assert warning.code == "XLS_DARI_APLIKASI"
    assert "halaman web (HTML) berisi tabel" in warning.message and ".csv" not in warning.message


def test_html_cells_keep_text_merges_and_line_breaks(tmp_path: Path) -> None:
    rows = rows_with_plain_nips(1, 2)
    path = html_table(tmp_path / "ekspor.xls", rows)
    page = path.read_text(encoding="utf-8")
    alamat = rows[1][3]
    # One address for both members (rowspan), two phone numbers in one cell (<br>).
    page = page.replace(f"<td>{alamat}</td>", f'<td rowspan="2">{alamat}</td>', 1)
    page = page.replace(f"<td>{alamat}</td>", "", 1)
    page = page.replace(f"<td>{rows[1][4]}</td>", f"<td>{rows[1][4]}<br>0813-1234-5678</td>")
    page = page.replace("<td>Pegawai Contoh 1</td>", "<td>Pegawai&nbsp;Contoh\n  1</td>")
    path.write_text(page, encoding="utf-8")
    sheet = read_sheet(path)
    first, second = (r.cells for r in sheet.rows)
    assert first["nama"].value == "Pegawai Contoh 1"
    assert first["telepon"].value == f"{rows[1][4]}\n0813-1234-5678"
    assert second["alamat_instansi"].value == alamat and second["telepon"].value == rows[2][4]


def test_an_html_export_in_windows_1252_is_read_by_its_declared_charset(tmp_path: Path) -> None:
    rows = rows_with_plain_nips(1)
    rows[1][1] = "José Ñuñez"
    path = html_table(tmp_path / "ekspor.xls", rows, encoding="windows-1252")
    assert read_sheet(path).rows[0].cells["nama"].value == "José Ñuñez"


def test_excel_2003_xml_keeps_every_digit_of_a_nip_written_as_a_number(tmp_path: Path) -> None:
    rows = rows_with_plain_nips(1, 2)
    rows[2][4] = "81234560002"  # a phone number the export wrote as a number: its 0 was lost
    path = spreadsheet_2003(tmp_path / "ekspor.xls", {"Pegawai": rows})
    assert 'ss:Type="Number">198001012005011001<' in path.read_text(encoding="utf-8")
    report = validate_file(path, today=TODAY)
    assert report.sheet == "Pegawai"
    assert [m.nip for m in report.members] == ["198001012005011001", "198001012005011002"]
    assert [(p.row, p.code) for p in report.problems] == [(None, "XLS_DARI_APLIKASI"), (3, "TELEPON_NOL_HILANG")]
    assert "XML Spreadsheet 2003" in report.problems[0].message


def test_excel_2003_xml_sheets_hidden_ones_ignored_and_two_tables_refused(tmp_path: Path) -> None:
    path = spreadsheet_2003(tmp_path / "ekspor.xls", {"2025": rows_with_plain_nips(1), "2026": rows_with_plain_nips(2)})
    with pytest.raises(AmbiguousSheet, match="'2025' dan '2026'"):
        read_sheet(path)
    assert read_sheet(path, "2026").rows[0].cells["nama"].value == "Pegawai Contoh 2"
    text = path.read_text(encoding="utf-8").replace(
        "</Table></Worksheet>", "</Table><WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">"
        "<Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>", 1)
    path.write_text(text, encoding="utf-8")
    assert read_sheet(path).sheet == "2026"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_web_export_under_another_suffix_is_named_truthfully(tmp_path: Path, suffix: str) -> None:
    path = html_table(tmp_path / f"ekspor{suffix}", rows_with_plain_nips(1))
    report = validate_file(path, today=TODAY)
    (problem,) = report.problems
    assert problem.code == "EKSTENSI_TIDAK_SESUAI"
    assert "berformat HTML" in problem.message and "'ekspor.xls'" in problem.message
    assert "ekspor.csv" not in problem.message


def test_a_damaged_xml_export_is_unreadable_with_a_clear_message(tmp_path: Path) -> None:
    from sopgen.errors import UnreadableInput

    path = spreadsheet_2003(tmp_path / "ekspor.xls", {"Data": rows_with_plain_nips(1)})
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(UnreadableInput, match="XML Spreadsheet 2003 tetapi rusak"):
        read_sheet(path)


def test_an_xml_export_never_resolves_entities(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA", encoding="utf-8")
    path = spreadsheet_2003(tmp_path / "ekspor.xls", {"Data": rows_with_plain_nips(1)})
    text = path.read_text(encoding="utf-8").replace(
        '<?mso-application progid="Excel.Sheet"?>',
        f'<?mso-application progid="Excel.Sheet"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>')
    path.write_text(text.replace("Pegawai Contoh 1", "&e;"), encoding="utf-8")
    values = [c.value for r in read_sheet(path).rows for c in r.cells.values()]
    assert "RAHASIA" not in values
