"""Spreadsheets written by sopgen: a header, widths, a filter, and text that never runs as a formula."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from .errors import OutputError


def write_table(target: Path, title: str, headers: list[str], rows: list[list[Any]], *,
                widths: list[int], text_columns: set[int] = frozenset()) -> Path:  # type: ignore[assignment]
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for values in rows:
        ws.append(values)
        for index, cell in enumerate(ws[ws.max_row]):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # '=..', '+..', '-..', '@..' stay text
            elif isinstance(cell.value, date):
                cell.number_format = "DD-MM-YYYY"
            if index in text_columns:
                cell.number_format = "@"
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{target} tidak dapat disimpan: {exc.strerror}. Tutup berkas itu bila sedang "
                          "dibuka di Excel, lalu coba lagi.") from None
    return target
