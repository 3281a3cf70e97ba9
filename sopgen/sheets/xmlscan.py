"""One streaming pass over an .xlsx sheet or an .ods workbook's XML, before calamine reads the values.

It tells what calamine does not: how far the filled cells reach (calamine builds the whole rectangle
from A1, so a stray value in XFD1048576 must be refused first), which rows and columns are hidden
(by hand or by a filter), and which xlsx cells hold an error or a formula never calculated. Memory
stays bounded by one row of XML at a time, whatever the file claims.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import UnreadableInput
from .grid import EXCEL_COLUMNS, Extent, ExtentCounter, RowRanges, column_index

# What a clerk reads for a formula that was saved without ever being calculated.
UNCOMPUTED = "belum dihitung"
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = f"{{{_ODS_TABLE}}}"
_ODS_HIDDEN = ("collapse", "filter")


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found."""

    extent: Extent = field(default_factory=Extent)
    hidden_rows: RowRanges = field(default_factory=RowRanges)
    hidden_columns: set[int] = field(default_factory=set)
    marks: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> error text


def _iterparse(source: IO[bytes], tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> Any:
    from lxml import etree

    # No entities, no network, no huge text nodes: the file is the clerk's, but may be anyone's.
    return etree.iterparse(source, events=events, tag=tags, resolve_entities=False, no_network=True,
                           huge_tree=False, recover=False)


def _release(elem: Any) -> None:
    """Drop a processed element and the siblings before it, so the tree never grows."""
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _local(tag: Any) -> str:
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


def scan_xlsx_sheet(path: Path, part: str) -> SheetScan:
    """Scan one worksheet part of an .xlsx (e.g. 'xl/worksheets/sheet1.xml'), a row at a time: the
    cells of a row are looked at one by one only where it holds a formula or an error."""
    scan = SheetScan()
    counter = ExtentCounter()
    row = -1
    with zipfile.ZipFile(path) as z, z.open(part) as source:
        for _, elem in _iterparse(source, ("{*}row", "{*}col")):
            if _local(elem.tag) == "col":
                _hidden_columns(elem, scan.hidden_columns)
                continue
            number = elem.get("r")
            row = int(number) - 1 if number and number.isdigit() else row + 1
            if elem.get("hidden") in ("1", "true") or _zero_height(elem.get("ht")):
                scan.hidden_rows.add(row)
            filled, error = [], False
            for cell in elem:
                if len(cell):  # a value, an inline string or a formula
                    filled.append(cell)
                error = error or cell.get("t") == "e" and _local(cell.tag) == "c"
            if filled:
                counter.add(row, _cell_position(filled[-1], elem, row)[1])  # cells come left to right
                counter.cells += len(filled) - 1
                if error or _has_formula(elem):
                    for cell in filled:
                        _mark_formula(cell, *_cell_position(cell, elem, row), scan.marks)
            _release(elem)
    scan.extent = counter.extent()
    return scan


def _has_formula(row: Any) -> bool:
    """A formula in a cell of the row (`{*}c/{*}f`), found without a path search: rows rarely hold one."""
    for formula in row.iter("{*}f"):
        cell = formula.getparent()
        if cell is not None and cell.getparent() is row and _local(cell.tag) == "c":
            return True
    return False


def _zero_height(height: str | None) -> bool:
    try:
        return height is not None and float(height) == 0
    except ValueError:
        return False


def _cell_position(cell: Any, row_elem: Any, row: int) -> tuple[int, int]:
    """A cell's (row, column) from its reference; without one (allowed, and written by some
    programs), its place among the row's cells, each following the one before."""
    m = _REF.match(cell.get("r") or "")
    if m is not None:
        return int(m.group(2)) - 1, column_index(m.group(1))
    column = -1
    for other in row_elem:
        ref = _REF.match(other.get("r") or "")
        column = column_index(ref.group(1)) if ref else column + 1
        if other is cell:
            break
    return row, column


def _mark_formula(elem: Any, row: int, column: int, marks: dict[tuple[int, int], str]) -> None:
    """calamine reads error cells (#REF!, #N/A) and uncomputed formulas as empty: mark them.

    A formula whose cached result is an empty string (`t="str"` with an empty `<v>`, as Excel saves
    `=IF(B7="";"";...)` on a blank template row) was computed and is empty. Without a `<v>`, or an
    empty one where a number is expected (how openpyxl saves formulas), it was never calculated.
    """
    kind = elem.get("t")
    children = {_local(child.tag): child for child in elem}
    is_error = kind == "e"
    if not (is_error or "f" in children):
        return
    value = children.get("v")
    cached = None if value is None else (value.text or "")
    if is_error:
        marks[(row, column)] = cached or UNCOMPUTED
    elif cached is None or (not cached.strip() and kind != "str"):
        marks[(row, column)] = UNCOMPUTED


def _hidden_columns(elem: Any, hidden: set[int]) -> None:
    if elem.get("hidden") not in ("1", "true"):
        return
    try:
        first, last = int(elem.get("min", "")), int(elem.get("max", ""))
    except ValueError:
        return
    hidden.update(range(max(first - 1, 0), min(last, EXCEL_COLUMNS)))


def scan_ods(path: Path) -> dict[str, SheetScan]:
    """Scan every table of an .ods (calamine reads them all at once, so all are checked first)."""
    tables: dict[str, SheetScan] = {}
    scan, counter, row, column = SheetScan(), ExtentCounter(), 0, 0
    with zipfile.ZipFile(path) as z, z.open("content.xml") as source:
        events = _iterparse(source, (f"{_T}table", f"{_T}table-row", f"{_T}table-column"), ("start", "end"))
        for event, elem in events:
            name = _local(elem.tag)
            if name == "table":
                if event == "start":
                    scan, counter, row, column = SheetScan(), ExtentCounter(), 0, 0
                else:
                    scan.extent = counter.extent()
                    tables.setdefault(elem.get(f"{_T}name", ""), scan)
                    _release(elem)
            elif event == "end" and name == "table-column":
                repeat = _repeat(elem, "number-columns-repeated")
                if elem.get(f"{_T}visibility") in _ODS_HIDDEN:
                    scan.hidden_columns.update(range(column, min(column + repeat, EXCEL_COLUMNS)))
                column += repeat
            elif event == "end" and name == "table-row":
                repeat = _repeat(elem, "number-rows-repeated")
                _count_ods_cells(elem, row, repeat, counter)
                if elem.get(f"{_T}visibility") in _ODS_HIDDEN:
                    scan.hidden_rows.add(row, repeat)
                row += repeat
                _release(elem)
    return tables


def _count_ods_cells(row_elem: Any, row: int, rows: int, counter: ExtentCounter) -> None:
    column = 0
    for cell in row_elem:
        if _local(cell.tag) not in ("table-cell", "covered-table-cell"):
            continue
        repeat = _repeat(cell, "number-columns-repeated")
        if cell.get(f"{{{_ODS_OFFICE}}}value-type") is not None or _has_text(cell):
            counter.add(row, column, rows, repeat)
        column += repeat


def _has_text(cell: Any) -> bool:
    return any(text.strip() for text in cell.itertext())


def _repeat(elem: Any, attribute: str) -> int:
    try:
        return max(int(elem.get(f"{_T}{attribute}", "1")), 1)
    except ValueError:
        return 1


def xml_error(path: Path, exc: Exception) -> UnreadableInput:
    """A sheet whose XML cannot be parsed (damaged, or a single cell of many megabytes)."""
    return UnreadableInput(
        f"Berkas {path.name} rusak atau berisi sel yang sangat besar, sehingga tidak dapat dibaca "
        f"({type(exc).__name__}). Buka di Excel atau LibreOffice, periksa isinya, lalu simpan ulang sebagai .xlsx."
    )
