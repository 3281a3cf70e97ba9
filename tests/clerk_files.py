"""Builders for the files clerks really get, written byte by byte so each case is visible in its test:
raw .xlsx and .ods XML (hidden rows, far cells, repeated cells), Excel 2003 XML and HTML 'xls'."""

from __future__ import annotations

import re
import zipfile
from html import escape
from pathlib import Path
from typing import Any

from tests.members import HEADERS, member, rows_of

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>'
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def member_rows(*numbers: int) -> list[list[Any]]:
    """The header and one valid member row per number."""
    return [HEADERS, *rows_of([member(i) for i in numbers])]


def _ref(row: int, column: int) -> str:
    letters, n = "", column + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def sheet_xml(rows: list[list[Any]], *, extra_cells: dict[str, str] | None = None,
              row_attributes: dict[int, str] | None = None, dimension: str | None = None) -> str:
    """A worksheet's XML: `rows` from A1 as inline strings/numbers, `extra_cells` {ref: text} placed
    anywhere (e.g. 'XFD1048576'), `row_attributes` {excel row: 'hidden="1"'}."""
    cells: dict[int, list[str]] = {}
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            ref = _ref(r, c)
            if isinstance(value, (int, float)):
                cells.setdefault(r + 1, []).append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                cells.setdefault(r + 1, []).append(
                    f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
    for ref, text in (extra_cells or {}).items():
        row = int(re.sub(r"\D", "", ref))
        cells.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>')
    attributes = row_attributes or {}
    body = "".join(f'<row r="{r}" {attributes.get(r, "")}>{"".join(cells[r])}</row>' for r in sorted(cells))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dim}<sheetData>{body}'
            "</sheetData></worksheet>")


def raw_xlsx(path: Path, sheets: dict[str, str]) -> Path:
    """An .xlsx whose worksheets are the given XML, by sheet name."""
    names = list(sheets)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                        for i in range(1, len(names) + 1))
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
                + "</sheets></workbook>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(names) + 1))
            + "</Relationships>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets=overrides))
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, name in enumerate(names, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheets[name])
    return path


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
                "</table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_rows(rows: list[list[Any]], *, row_attributes: dict[int, str] | None = None) -> str:
    """Table rows for `rows`, with `row_attributes` {excel row: 'table:visibility="collapse"'}."""
    attributes = row_attributes or {}
    return "".join(f'<table:table-row {attributes.get(r, "")}>{"".join(ods_cell(v) for v in values)}</table:table-row>'
                   for r, values in enumerate(rows, start=1))


def raw_ods(path: Path, tables: dict[str, str]) -> Path:
    """An .ods whose tables hold the given table-row XML, by table name."""
    body = "".join(f'<table:table table:name="{escape(n)}">{rows}</table:table>' for n, rows in tables.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
               f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return path


def spreadsheet_2003(path: Path, sheets: dict[str, list[list[Any]]], *, hidden_rows: set[int] = frozenset(),
                     numbers_as_numbers: bool = True) -> Path:
    """Excel 2003 XML ('XML Spreadsheet 2003'), as personnel systems export it under a .xls name.
    Digits-only values are written as ss:Type="Number" (the way such exports write a NIP)."""
    parts = ['<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
             '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
             'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
             'xmlns:x="urn:schemas-microsoft-com:office:excel">']
    for name, rows in sheets.items():
        parts.append(f'<Worksheet ss:Name="{escape(name)}"><Table>')
        for r, values in enumerate(rows, start=1):
            parts.append('<Row ss:Hidden="1">' if r in hidden_rows else "<Row>")
            for value in values:
                if value is None:
                    parts.append("<Cell/>")
                    continue
                text = str(value)
                kind = "Number" if numbers_as_numbers and re.fullmatch(r"\d+", text.replace(" ", "")) else "String"
                if kind == "Number":
                    text = text.replace(" ", "")
                parts.append(f'<Cell><Data ss:Type="{kind}">{escape(text)}</Data></Cell>')
            parts.append("</Row>")
        parts.append("</Table></Worksheet>")
    parts.append("</Workbook>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")
    return path


def html_table(path: Path, rows: list[list[Any]], *, before: str = "", hidden_rows: set[int] = frozenset(),
               encoding: str = "utf-8") -> Path:
    """An HTML page holding one table, as web applications export 'Excel' (a .xls that is HTML)."""
    body = "".join(
        ('<tr style="display:none">' if r in hidden_rows else "<tr>")
        + "".join(f"<td>{'' if v is None else escape(str(v))}</td>" for v in values) + "</tr>"
        for r, values in enumerate(rows, start=1))
    page = (f'<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset={encoding}"></head><body>{before}<table border="1">{body}</table>'
            "</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode(encoding))
    return path
