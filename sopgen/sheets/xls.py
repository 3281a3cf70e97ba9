"""Excel 97-2003 workbooks (.xls, BIFF), read by xlrd with their formatting records.

xlrd reads what calamine leaves out of an .xls: which rows and columns are hidden (by hand or by a
filter) and which cells are merged; its rows are kept only as long as their last cell, so memory
follows the cells that exist.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UnreadableInput
from ..model import FormulaError
from .calamine import typed
from .grid import Grid, RawSheet, RowRanges, fill_merged_down


class XlsBook:
    def __init__(self, path: Path) -> None:
        import xlrd

        self.path = path
        try:
            self._book = xlrd.open_workbook(str(path), formatting_info=True, ragged_rows=True,
                                            on_demand=True)
            self.names = list(self._book.sheet_names())
            self.visible = [n for n in self.names if self._book.sheet_by_name(n).visibility == 0]
        except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct and index errors
            raise _unreadable(path, exc) from None

    def read(self, name: str) -> RawSheet:
        try:
            return self._read(name)
        except UnreadableInput:
            raise
        except Exception as exc:  # noqa: BLE001 - any damage inside a sheet
            raise _unreadable(self.path, exc) from None

    def _read(self, name: str) -> RawSheet:
        import xlrd

        sheet = self._book.sheet_by_name(name)
        grid = Grid()
        for r in range(sheet.nrows):
            for c, (kind, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r), strict=True)):
                grid.put(r, c, _value(kind, value, self._book.datemode, xlrd))
        hidden_rows = RowRanges()
        for r, info in sorted(sheet.rowinfo_map.items()):
            if info.hidden:
                hidden_rows.add(r)
        hidden_columns = {c for c, info in sheet.colinfo_map.items() if info.hidden}
        # xlrd's ranges are half-open (rlo, rhi, clo, chi); fill_merged_down takes inclusive corners.
        fill_merged_down(grid, [((rlo, clo), (rhi - 1, chi - 1)) for rlo, rhi, clo, chi in sheet.merged_cells])
        return RawSheet(name, grid, hidden_rows, hidden_columns)


def _value(kind: int, value: Any, datemode: int, xlrd: Any) -> Any:
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_TEXT:
        return value if value.strip() else None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return FormulaError(xlrd.error_text_from_code.get(value, "#ERROR"))
    if kind == xlrd.XL_CELL_DATE:
        return _date(value, datemode, xlrd)
    return typed(value)


def _date(value: float, datemode: int, xlrd: Any) -> Any:
    """A date cell as calamine gives it for .xlsx: a date, a time of day, or both."""
    try:
        moment: datetime = xlrd.xldate.xldate_as_datetime(value, datemode)
    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
        return typed(value)
    if 0 <= value < 1:
        return moment.time()
    if float(value).is_integer():
        return moment.date()
    return moment


def _unreadable(path: Path, exc: Exception) -> UnreadableInput:
    if "encrypt" in str(exc).lower():
        return UnreadableInput(
            f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya, "
            "simpan lagi, lalu jalankan ulang."
        )
    return UnreadableInput(
        f"Berkas {path.name} tidak dapat dibaca ({type(exc).__name__}). Berkasnya mungkin rusak: "
        "buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx."
    )
