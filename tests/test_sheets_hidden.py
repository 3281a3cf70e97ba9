"""A member row the clerk cannot see (hidden by hand, or filtered out) is never issued silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from sopgen.sheets import read_sheet
from tests.clerk_files import html_table, member_rows, ods_rows, raw_ods, raw_xlsx, sheet_xml, spreadsheet_2003


def hidden_problem(path: Path) -> str | None:
    sheet = read_sheet(path)
    found = [p for p in sheet.problems if p.code == "BARIS_TERSEMBUNYI"]
    assert len(found) <= 1
    if found:
        assert found[0].severity == "error" and found[0].row is None  # blocks the whole sheet
        return found[0].message
    return None


def test_a_row_hidden_by_hand_in_excel_is_refused_by_its_row_number(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in member_rows(1, 2, 3, 4):
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    message = hidden_problem(path)
    assert message is not None and message.startswith("Baris 3 dan 5 tersembunyi")
    assert "tampilkan dulu baris itu" in message


def test_rows_filtered_out_by_an_autofilter_are_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in member_rows(1, 2, 3, 4, 5):
        ws.append(row)
    ws.auto_filter.ref = "A1:J6"
    ws.auto_filter.add_filter_column(1, ["Pegawai Contoh 1"])
    for row in (3, 4, 5, 6):  # Excel hides the rows a filter leaves out
        ws.row_dimensions[row].hidden = True
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    assert hidden_problem(path).startswith("Baris 3-6 tersembunyi")  # type: ignore[union-attr]


def test_hidden_blank_rows_and_hidden_rows_above_the_header_are_harmless(tmp_path: Path) -> None:
    rows = [["DAFTAR USULAN"], [], *member_rows(1, 2), [], []]
    xml = sheet_xml(rows, row_attributes={1: 'hidden="1"', 2: 'hidden="1"', 6: 'hidden="1"',
                                          7: 'hidden="true"', 100: 'hidden="1"'})
    path = raw_xlsx(tmp_path / "usulan.xlsx", {"Data": xml})
    assert hidden_problem(path) is None
    assert [r.row for r in read_sheet(path).rows] == [4, 5]


def test_a_row_of_zero_height_is_hidden_too(tmp_path: Path) -> None:
    xml = sheet_xml(member_rows(1, 2), row_attributes={3: 'ht="0" customHeight="1"'})
    assert hidden_problem(raw_xlsx(tmp_path / "usulan.xlsx", {"Data": xml})).startswith("Baris 3 ")  # type: ignore[union-attr]


@pytest.mark.parametrize("visibility", ["collapse", "filter"])
def test_ods_rows_collapsed_or_filtered_are_refused(tmp_path: Path, visibility: str) -> None:
    rows = ods_rows(member_rows(1, 2, 3), row_attributes={3: f'table:visibility="{visibility}"'})
    path = raw_ods(tmp_path / "usulan.ods", {"Data": rows})
    assert hidden_problem(path).startswith("Baris 3 tersembunyi")  # type: ignore[union-attr]


def test_ods_repeated_hidden_rows_count_each_row(tmp_path: Path) -> None:
    rows = member_rows(1, 2)
    repeated = ('<table:table-row table:number-rows-repeated="3" table:visibility="collapse">'
                + "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
                          for v in rows[1]) + "</table:table-row>")
    path = raw_ods(tmp_path / "usulan.ods", {"Data": ods_rows(rows) + repeated})
    assert hidden_problem(path).startswith("Baris 4-6 tersembunyi")  # type: ignore[union-attr]


def test_xls_hidden_rows_are_read_from_its_formatting_records(tmp_path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Data")
    for r, values in enumerate(member_rows(1, 2, 3)):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    ws.row(2).hidden = True
    ws.row(10).hidden = True  # blank: harmless
    path = tmp_path / "usulan.xls"
    wb.save(str(path))
    assert hidden_problem(path).startswith("Baris 3 tersembunyi")  # type: ignore[union-attr]
    assert [r.row for r in read_sheet(path).rows] == [2, 3, 4]


def test_hidden_rows_of_web_exports_are_refused(tmp_path: Path) -> None:
    xml = spreadsheet_2003(tmp_path / "ekspor.xls", {"Data": member_rows(1, 2, 3)}, hidden_rows={4})
    assert hidden_problem(xml).startswith("Baris 4 tersembunyi")  # type: ignore[union-attr]
    html = html_table(tmp_path / "web.xls", member_rows(1, 2, 3), hidden_rows={2})
    assert hidden_problem(html).startswith("Baris 2 tersembunyi")  # type: ignore[union-attr]
