"""The '.xls' files web applications export: an HTML table, or Excel 2003 XML (SpreadsheetML).

Personnel systems and other web applications save their tables this way and name them .xls; Excel
opens them. They are read as the tables they are, with lxml (already brought by docxtpl): an HTML
table's cells are text, so a NIP keeps all 18 digits; an XML 'Number' too long for Excel's 15
digits is kept as the digits written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UnreadableInput
from ..model import FormulaError
from .grid import EXCEL_COLUMNS, EXCEL_ROWS, Extent, Grid, RawSheet, RowRanges, fill_merged_down, refuse_absurd

MAX_MARKUP_BYTES = 30 * 1024 * 1024
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # the HTML standard's own limits
SS = "urn:schemas-microsoft-com:office:spreadsheet"
EXCEL_NS = "urn:schemas-microsoft-com:office:excel"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sniff_markup(sample: bytes) -> str | None:
    """'html' or 'xml2003' when the start of a text file is one of them, else None."""
    text = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in text and b"<workbook" in text:
        return "xml2003"
    if text.startswith((b"<!doctype html", b"<html", b"<table")) or (
            text.startswith(b"<") and (b"<html" in text or b"<table" in text)):
        return "html"
    return None


_Merge = tuple[tuple[int, int], tuple[int, int]]  # (top, left), (bottom, right), inclusive


@dataclass
class _Table:
    grid: Grid
    hidden_rows: RowRanges
    merged: list[_Merge]


class MarkupBook:
    """The tables of an HTML page ('Tabel 1', ...) or the worksheets of an Excel 2003 XML file."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        size = path.stat().st_size
        if size > MAX_MARKUP_BYTES:
            raise UnreadableInput(
                f"Berkas {path.name} terlalu besar untuk lembar data anggota Pokja ({size // (1 << 20)} MB). "
                "Periksa berkasnya."
            )
        data = path.read_bytes()
        from lxml import etree

        try:
            self._tables, self.visible = (_html_tables(data) if kind == "html" else _xml_worksheets(data))
        except _TooFar as far:
            cell = (far.row, far.column)
            refuse_absurd(Extent(1, far.row, far.column, cell, cell), path.name, "")
            raise AssertionError("refuse_absurd returned") from None
        except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
            what = "halaman web (HTML)" if kind == "html" else "XML Spreadsheet 2003"
            raise UnreadableInput(
                f"Berkas {path.name} berupa {what} tetapi rusak, sehingga tabelnya tidak dapat dibaca "
                f"({type(exc).__name__}). Buka di Excel lalu simpan sebagai .xlsx, atau ekspor ulang dari "
                "aplikasinya."
            ) from None
        self.names = list(self._tables)

    def read(self, name: str) -> RawSheet:
        table = self._tables[name]
        fill_merged_down(table.grid, table.merged)
        return RawSheet(name, table.grid, table.hidden_rows)


class _TooFar(Exception):
    """A cell placed beyond Excel's last row or column (an ss:Index or a span out of bounds)."""

    def __init__(self, row: int, column: int) -> None:
        super().__init__(row, column)
        self.row, self.column = row, column


def _place(grid: Grid, row: int, column: int, value: Any) -> None:
    if row >= EXCEL_ROWS or column >= EXCEL_COLUMNS:
        raise _TooFar(row, column)
    grid.put(row, column, value)


# --- HTML ---------------------------------------------------------------------------------------

def _html_tables(data: bytes) -> tuple[dict[str, _Table], list[str]]:
    import lxml.html

    parser = lxml.html.HTMLParser(encoding=_html_encoding(data), no_network=True)
    document = lxml.html.document_fromstring(data, parser=parser)
    tables: dict[str, _Table] = {}
    for table in document.iter("table"):
        read = _html_table(table)
        if read.grid:
            tables[f"Tabel {len(tables) + 1}"] = read
    return tables, list(tables)


def _html_encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        import codecs

        try:
            return codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    return "cp1252"


def _html_table(table: Any) -> _Table:
    """The table's own rows (not those of a table nested in a cell), with colspan and rowspan."""
    grid, hidden, merged = Grid(), RowRanges(), list[_Merge]()
    taken: dict[int, set[int]] = {}  # row -> columns covered by a rowspan from above
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    for r, tr in enumerate(rows):
        if _HIDDEN_STYLE.search(tr.get("style", "")):
            hidden.add(r)
        column = 0
        for cell in tr.xpath("./td | ./th"):
            while column in taken.get(r, ()):
                column += 1
            span = _span(cell.get("colspan"), MAX_COLSPAN)
            down = _span(cell.get("rowspan"), MAX_ROWSPAN)
            _place(grid, r, column, _html_text(cell))
            for below in range(r + 1, min(r + down, len(rows))):
                taken.setdefault(below, set()).update(range(column, column + span))
            if down > 1:
                merged.append(((r, column), (r + down - 1, column + span - 1)))
            column += span
        taken.pop(r, None)
    return _Table(grid, hidden, merged)


def _span(value: str | None, limit: int, *, empty: int = 1) -> int:
    """A span attribute as a count from `empty` to `limit` (a missing or broken one is `empty`)."""
    try:
        return min(max(int(value), empty), limit) if value else empty
    except ValueError:
        return empty


def _html_text(cell: Any) -> str | None:
    """The cell's text as a browser shows it: spaces collapsed, a <br> as a new line."""
    for br in cell.iter("br"):
        br.tail = "\u2028" + (br.tail or "")
    lines = [" ".join(part.split()) for part in cell.text_content().split("\u2028")]
    text = "\n".join(line for line in lines if line)
    return text or None


# --- Excel 2003 XML -----------------------------------------------------------------------------

def _xml_worksheets(data: bytes) -> tuple[dict[str, _Table], list[str]]:
    from lxml import etree

    root = etree.fromstring(data, parser=etree.XMLParser(**SAFE_XML))
    tables: dict[str, _Table] = {}
    visible: list[str] = []
    for sheet in root.iter(f"{{{SS}}}Worksheet"):
        name = sheet.get(f"{{{SS}}}Name") or f"Sheet{len(tables) + 1}"
        tables[name] = _xml_table(sheet)
        shown = sheet.findtext(f"{{{EXCEL_NS}}}WorksheetOptions/{{{EXCEL_NS}}}Visible")
        if shown not in ("SheetHidden", "SheetVeryHidden"):
            visible.append(name)
    return tables, visible


def _xml_table(sheet: Any) -> _Table:
    grid, hidden, merged = Grid(), RowRanges(), list[_Merge]()
    table = sheet.find(f"{{{SS}}}Table")
    if table is None:
        return _Table(grid, hidden, merged)
    row = -1
    for element in table.iterchildren(f"{{{SS}}}Row"):
        row = _index(element, row)
        if element.get(f"{{{SS}}}Hidden") in ("1", "true"):
            hidden.add(row)
        column = -1
        for cell in element.iterchildren(f"{{{SS}}}Cell"):
            column = _index(cell, column)
            data = cell.find(f"{{{SS}}}Data")
            if data is not None:
                _place(grid, row, column, _xml_value(data))
            across = _span(cell.get(f"{{{SS}}}MergeAcross"), EXCEL_COLUMNS, empty=0)
            down = _span(cell.get(f"{{{SS}}}MergeDown"), EXCEL_ROWS, empty=0)
            if down:
                merged.append(((row, column), (row + down, column + across)))
            column += across
    return _Table(grid, hidden, merged)


def _index(element: Any, previous: int) -> int:
    """A Row's or Cell's 0-based position: its ss:Index (1-based) or the one after the last."""
    try:
        return int(element.get(f"{{{SS}}}Index")) - 1
    except (TypeError, ValueError):
        return previous + 1


def _xml_value(data: Any) -> Any:
    kind = data.get(f"{{{SS}}}Type", "String")
    text = "".join(data.itertext())
    if not text.strip():
        return None
    if kind == "Number":
        return _number(text.strip())
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    if kind == "DateTime":
        try:
            moment = datetime.fromisoformat(text.strip()[:19])
        except ValueError:
            return text
        return moment.date() if moment.time() == datetime.min.time() else moment
    if kind == "Error":
        return FormulaError(text.strip())
    return text


def _number(text: str) -> Any:
    """Excel would keep 15 digits of a long number; the file holds them all, so they are kept."""
    if re.fullmatch(r"-?\d+", text):
        return int(text) if len(text.lstrip("-")) <= 15 else text
    try:
        return float(text)
    except ValueError:
        return text

