"""Spreadsheets written by sopgen: a title, a header, widths, a filter, text that never runs as a
formula, and a page setup that prints on landscape A4 with every column on the page."""

from __future__ import annotations

import contextlib
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from .errors import OutputError

HEADER_FILL = "D9E1F2"
TITLE_SIZE = 14
# Inches, as the xlsx stores them: narrow enough to give the columns room, wide enough for any printer.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}
PAGE_FOOTER = "Halaman &P dari &N"  # Excel and LibreOffice fill in the page and the page count
LINE_HEIGHT = 15  # points per line of 11-point text
BREAK_AFTER = re.compile(r"[^/-]*[/-]|[^/-]+")  # the pieces of a word a line may end after


def set_print_layout(ws: Any, *, header_row: int | None) -> None:
    """Landscape A4, every column on one page width (as many pages down as needed), the header row
    repeated on every page, and the page number in the footer. On a write-only sheet this must run
    before the first row is written."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.worksheet import Worksheet

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.oddFooter.center.text = PAGE_FOOTER
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def write_table(target: Path, title: str, headers: list[str], rows: list[list[Any]], *,
                widths: list[int], text_columns: set[int] = frozenset(),  # type: ignore[assignment]
                heading: str | None = None, export_kind: str | None = None) -> Path:
    """One sheet named `title`: the `heading` line (if any) above a bold header row, then the rows.
    Long text wraps within its column, so the printed page stays one page wide. An `export_kind`
    ('status', 'agenda') marks the file as that export of sopgen's (`exports`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    last = get_column_letter(len(headers))
    if heading:
        ws.append([heading])
        ws["A1"].font = Font(bold=True, size=TITLE_SIZE)
        ws.merge_cells(f"A1:{last}1")
    header_row = ws.max_row + 1 if heading else 1
    ws.append(headers)
    thin = Side(style="thin", color="808080")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = grid
    for values in rows:
        ws.append(values)
        for index, cell in enumerate(ws[ws.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # '=..', '+..', '-..', '@..' stay text
            elif isinstance(cell.value, date):
                cell.number_format = "DD-MM-YYYY"
            if index in text_columns:
                cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = grid
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=header_row):
        # LibreOffice keeps the default height of a row with wrapped text: set it, or lines overlap.
        lines = max(wrapped_lines(_shown(c.value), widths[c.column - 1]) for c in row)
        ws.row_dimensions[row[0].row].height = LINE_HEIGHT * lines
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    set_print_layout(ws, header_row=header_row)
    if export_kind:
        from .exports import mark

        mark(wb, export_kind)
    return _save(wb, target)


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapped as Excel and
    LibreOffice do: at spaces, after '/' and '-' (file paths, letter numbers), and a piece longer
    than a line is cut."""
    capacity = max(width - 1, 1)  # the cell's padding takes about one character
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            for n, piece in enumerate(BREAK_AFTER.findall(word)):
                need = len(piece) + (1 if used and n == 0 else 0)
                if used and used + need > capacity:
                    lines, used, need = lines + 1, 0, len(piece)
                while need > capacity:
                    lines, need = lines + 1, need - capacity
                used += need
        total += lines
    return total


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return "00-00-0000"
    return str(value)


def _save(wb: Any, target: Path) -> Path:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OutputError(f"{target} tidak dapat disimpan: {exc.strerror or exc}. Periksa bahwa folder "
                          f"{target.parent} ada dan dapat ditulis; bila berkas itu sedang dibuka di Excel, "
                          "tutup dulu, lalu coba lagi.") from None
    return target
