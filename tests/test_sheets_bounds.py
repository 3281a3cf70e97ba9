"""Memory and time follow the cells that exist, never what a file claims: a stray value in the last
cell, a claimed dimension, repeated cells, a CSV row of 20,000 fields or a field of 10 MB."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sopgen.errors import UnreadableInput
from sopgen.sheets import read_sheet
from tests.clerk_files import member_rows, ods_cell, ods_rows, raw_ods, raw_xlsx, sheet_xml
from tests.conftest import write_grid

REPO = Path(__file__).resolve().parents[1]


def far_cell_xlsx(tmp_path: Path, ref: str = "XFD1048576") -> Path:
    return raw_xlsx(tmp_path / f"jauh_{ref}.xlsx", {"Data": sheet_xml(member_rows(1, 2), extra_cells={ref: "x"})})


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576", "AA200000"])
def test_a_stray_value_far_outside_the_table_is_refused_naming_its_cell(tmp_path: Path, ref: str) -> None:
    path = far_cell_xlsx(tmp_path, ref)
    assert path.stat().st_size < 5_000
    with pytest.raises(UnreadableInput) as refused:
        read_sheet(path)
    assert refused.value.code == "LEMBAR_TERLALU_LUAS"
    assert f"berisi isi sampai sel {ref}" in refused.value.message
    assert "Ctrl+End" in refused.value.message


def test_a_stray_value_in_the_last_column_of_a_short_sheet_is_read_and_left_alone(tmp_path: Path) -> None:
    sheet = read_sheet(far_cell_xlsx(tmp_path, "XFD3"))
    assert [r.row for r in sheet.rows] == [2, 3] and sheet.problems == []


def test_a_claimed_dimension_is_not_believed(tmp_path: Path) -> None:
    xml = sheet_xml(member_rows(1, 2), dimension="A1:XFD1048576")
    sheet = read_sheet(raw_xlsx(tmp_path / "dimensi.xlsx", {"Data": xml}))
    assert [r.row for r in sheet.rows] == [2, 3] and sheet.problems == []


def test_a_far_cell_on_another_sheet_names_that_sheet(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "dua.xlsx", {"Usulan": sheet_xml(member_rows(1)),
                                            "Catatan": sheet_xml([["x"]], extra_cells={"ZZ900000": "y"})})
    with pytest.raises(UnreadableInput, match="Lembar 'Catatan'"):
        read_sheet(path)
    assert [r.row for r in read_sheet(path, "Usulan").rows] == [2]


def ods_far(tmp_path: Path) -> Path:
    """A value in XFD1048576 as LibreOffice saves it: empty rows and cells repeated up to it."""
    empty = ('<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
             'table:number-columns-repeated="16384"/></table:table-row>')
    last = ('<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
            f'{ods_cell("x")}</table:table-row>')
    return raw_ods(tmp_path / "jauh.ods", {"Data": ods_rows(member_rows(1)) + empty + last})


def ods_repeated(tmp_path: Path) -> Path:
    bomb = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated='
            '"10000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    return raw_ods(tmp_path / "ulang.ods", {"Data": ods_rows(member_rows(1)) + bomb})


def test_ods_far_cells_and_repeated_cells_are_refused_before_they_are_built(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput) as far:
        read_sheet(ods_far(tmp_path))
    assert far.value.code == "LEMBAR_TERLALU_LUAS" and "sel XFD1048576" in far.value.message
    with pytest.raises(UnreadableInput) as repeated:
        read_sheet(ods_repeated(tmp_path))
    assert repeated.value.code == "LEMBAR_TERLALU_BESAR" and "1.000.000.020 sel terisi" in repeated.value.message


def test_ods_empty_rows_repeated_to_the_end_of_the_sheet_are_nothing(tmp_path: Path) -> None:
    # How LibreOffice saves a sheet whose columns were formatted to the bottom.
    tail = ('<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
            'table:number-columns-repeated="1024"/></table:table-row>')
    sheet = read_sheet(raw_ods(tmp_path / "biasa.ods", {"Data": ods_rows(member_rows(1, 2)) + tail}))
    assert [r.row for r in sheet.rows] == [2, 3] and sheet.problems == []


def test_an_xls_or_xml_stray_cell_in_the_last_row_is_named_as_in_an_xlsx(tmp_path: Path) -> None:
    import xlwt

    from tests.clerk_files import spreadsheet_2003

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Data")
    for r, values in enumerate(member_rows(1, 2)):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    ws.write(65535, 255, "x")
    path = tmp_path / "jauh.xls"
    wb.save(str(path))
    with pytest.raises(UnreadableInput) as xls:
        read_sheet(path)
    assert xls.value.code == "LEMBAR_TERLALU_LUAS" and "sampai sel IV65536" in xls.value.message
    xml = spreadsheet_2003(tmp_path / "ekspor.xls", {"Data": member_rows(1, 2)})
    xml.write_text(xml.read_text(encoding="utf-8").replace(
        "</Table>", '<Row ss:Index="900000"><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>'),
        encoding="utf-8")
    with pytest.raises(UnreadableInput, match="sampai sel A900000"):
        read_sheet(xml)


def test_a_sheet_filled_that_far_is_too_big_not_a_stray_value(tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(",".join(member_rows(1)[0]) + "\n")
        for i in range(250_000):
            fh.write(f"{i},a,b,c,d,e,f,g,h,i\n")
    with pytest.raises(UnreadableInput) as refused:
        read_sheet(path)
    assert refused.value.code == "LEMBAR_TERLALU_BESAR"
    assert refused.value.message.startswith("Berkas besar.csv terisi sampai sel J250001 (250.001 baris, 10 kolom)")


def test_an_ods_whose_tables_together_are_too_wide_is_refused(tmp_path: Path) -> None:
    wide = ('<table:table-row table:number-rows-repeated="2000">' + ods_cell("x")
            + '<table:table-cell table:number-columns-repeated="500"/>' + ods_cell("y") + "</table:table-row>")
    tables = {"Data": ods_rows(member_rows(1))} | {f"Lain {i}": wide for i in range(3)}
    with pytest.raises(UnreadableInput) as refused:
        read_sheet(raw_ods(tmp_path / "banyak.ods", tables))
    assert refused.value.code == "LEMBAR_TERLALU_LUAS" and "4 lembar yang bersama-sama" in refused.value.message


def test_a_csv_row_of_twenty_thousand_fields_is_named(tmp_path: Path) -> None:
    path = tmp_path / "lebar.csv"
    rows = member_rows(1, 2)
    text = "\n".join(",".join(map(str, r)) for r in rows) + "\n" + ",".join(["x"] * 20_000) + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableInput) as refused:
        read_sheet(path)
    assert refused.value.code == "CSV_BARIS_TERLALU_LEBAR"
    assert refused.value.message.startswith("Baris 4 berkas CSV lebar.csv berisi 20.000 kolom")


def test_a_csv_field_of_ten_megabytes_is_named_with_its_row_and_no_english(tmp_path: Path) -> None:
    path = tmp_path / "panjang.csv"
    rows = member_rows(1, 2)
    text = "\n".join(",".join(map(str, r)) for r in rows) + '\n3,"' + "x" * (10 << 20) + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableInput) as refused:
        read_sheet(path)
    assert refused.value.code == "CSV_SEL_TERLALU_PANJANG"
    assert refused.value.message.startswith("Baris 4 berkas CSV panjang.csv berisi satu sel yang sangat panjang")
    assert "tanda petik" in refused.value.message and "field" not in refused.value.message


def test_a_long_field_under_the_limit_is_read_and_cut_in_the_report(tmp_path: Path) -> None:
    from sopgen.report import MAX_CELL_CHARS, write_annotated_copy
    from sopgen.validate import validate_file

    rows = member_rows(1, 2)
    rows[2][1] = "y" * 100_000 + "\x01"
    path = write_grid(tmp_path / "usulan.csv", rows)
    report = validate_file(path, attachments=None)
    assert [p.code for p in report.errors] == ["TEKS_TERLALU_PANJANG"]
    copy = write_annotated_copy(report, tmp_path / "out")
    from openpyxl import load_workbook

    cell = load_workbook(copy).worksheets[0]["B3"].value
    assert len(cell) == MAX_CELL_CHARS and cell.endswith("…")


PROBE = """
import json, resource, sys
from pathlib import Path
from sopgen.errors import UnreadableInput
from sopgen.sheets import read_sheet
codes = {}
for name in sys.argv[1:]:
    try:
        codes[Path(name).name] = len(read_sheet(Path(name)).rows)
    except UnreadableInput as exc:
        codes[Path(name).name] = exc.code
print(json.dumps({"codes": codes, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def test_memory_stays_bounded_whatever_the_files_claim(tmp_path: Path) -> None:
    pytest.importorskip("resource", reason="peak memory is read with the resource module (not on Windows)")
    files = [far_cell_xlsx(tmp_path, "XFD1048576"), far_cell_xlsx(tmp_path, "A1048576"), ods_far(tmp_path),
             ods_repeated(tmp_path), raw_xlsx(tmp_path / "dimensi.xlsx", {"Data": sheet_xml(
                 member_rows(1), dimension="A1:XFD1048576")})]
    assert all(f.stat().st_size < 5_000 for f in files)
    proc = subprocess.run([sys.executable, "-c", PROBE, *map(str, files)], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["codes"] == {"jauh_XFD1048576.xlsx": "LEMBAR_TERLALU_LUAS", "jauh_A1048576.xlsx":
                               "LEMBAR_TERLALU_LUAS", "jauh.ods": "LEMBAR_TERLALU_LUAS",
                               "ulang.ods": "LEMBAR_TERLALU_BESAR", "dimensi.xlsx": 1}
    assert result["peak_mb"] < 1000, f"reading five small files took {result['peak_mb']:.0f} MB"
