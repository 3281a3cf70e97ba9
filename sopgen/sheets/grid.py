"""The cells of one sheet, kept by the cells that exist, and the limits a member table stays within.

A sheet is sparse: a stray value in XFD1048576 is one cell, not a rectangle of seventeen billion.
Rows and columns are 0-based here; Excel's numbers (row + 1, column letters) are made at the edge.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import UnreadableInput
from ..model import Finding

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
# No member table comes near these; past them a file is refused before it is read into memory
# (a reader building the claimed rectangle would need gigabytes).
MAX_CELLS = 3_000_000  # cells holding a value
MAX_AREA = 2_000_000  # the rectangle from A1 to the farthest filled cell (calamine builds it whole)


class Grid:
    """Cell values by (row, column), only where a cell holds something."""

    __slots__ = ("_rows", "_order", "cells")

    def __init__(self) -> None:
        self._rows: dict[int, dict[int, Any]] = {}
        self._order: list[int] | None = []
        self.cells = 0

    def put(self, row: int, column: int, value: Any) -> None:
        if value is None:
            return
        cells = self._rows.get(row)
        if cells is None:
            cells = self._rows[row] = {}
            if self._order is not None and (not self._order or row > self._order[-1]):
                self._order.append(row)
            else:
                self._order = None  # out of order: sorted again when asked
        if column not in cells:
            self.cells += 1
        cells[column] = value

    def put_row(self, row: int, cells: dict[int, Any]) -> None:
        """The cells of one row at once, as `put` would store each of them."""
        if row in self._rows or None in cells.values():
            for column, value in cells.items():
                self.put(row, column, value)
            return
        if not cells:
            return
        self._rows[row] = cells
        self.cells += len(cells)
        if self._order is not None and (not self._order or row > self._order[-1]):
            self._order.append(row)
        else:
            self._order = None

    def value(self, row: int, column: int) -> Any:
        cells = self._rows.get(row)
        return None if cells is None else cells.get(column)

    def row(self, row: int) -> dict[int, Any]:
        """The filled cells of a row, by column (empty for a blank row)."""
        return self._rows.get(row, {})

    def row_list(self, row: int) -> list[Any]:
        """A row as a list from column A to its last filled cell."""
        cells = self._rows.get(row)
        if not cells:
            return []
        values: list[Any] = [None] * (max(cells) + 1)
        for column, value in cells.items():
            values[column] = value
        return values

    def row_numbers(self, start: int = 0, stop: int | None = None) -> list[int]:
        """The rows holding something, top to bottom, from `start` up to (not including) `stop`."""
        if self._order is None:
            self._order = sorted(self._rows)
        lo = bisect.bisect_left(self._order, start)
        hi = len(self._order) if stop is None else bisect.bisect_left(self._order, stop)
        return self._order[lo:hi]

    @property
    def height(self) -> int:
        """Rows from row 1 to the last one holding something."""
        rows = self.row_numbers()
        return rows[-1] + 1 if rows else 0

    @property
    def width(self) -> int:
        return max((max(cells) + 1 for cells in self._rows.values() if cells), default=0)

    def __bool__(self) -> bool:
        return self.cells > 0

    def extent(self) -> Extent:
        """How far the filled cells reach (see `refuse_absurd`)."""
        rows = self.row_numbers()
        if not rows:
            return Extent()
        bottom = rows[-1]
        right_row, right = max(((r, max(self._rows[r])) for r in rows), key=lambda rc: rc[1])
        return Extent(self.cells, bottom, right, (bottom, max(self._rows[bottom])), (right_row, right))

    def __iter__(self) -> Iterator[list[Any]]:
        """Every row from row 1 on as a list (blank rows as []): for the few callers that write a copy."""
        for row in range(self.height):
            yield self.row_list(row)

    @classmethod
    def from_rows(cls, rows: list[list[Any]]) -> Grid:
        grid = cls()
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                grid.put(r, c, value)
        return grid


class RowRanges:
    """A set of row numbers kept as ranges (a filter may hide a million rows in one line of XML)."""

    def __init__(self) -> None:
        self._ranges: list[tuple[int, int]] = []  # (first, end exclusive), sorted and merged when read
        self._dirty = False

    def add(self, start: int, count: int = 1) -> None:
        if self._ranges and self._ranges[-1][0] <= start <= self._ranges[-1][1]:
            first, end = self._ranges[-1]
            self._ranges[-1] = (first, max(end, start + count))
            return
        self._dirty = self._dirty or bool(self._ranges and start < self._ranges[-1][0])
        self._ranges.append((start, start + count))

    def _merged(self) -> list[tuple[int, int]]:
        if self._dirty:
            merged: list[tuple[int, int]] = []
            for first, end in sorted(self._ranges):
                if merged and first <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((first, end))
            self._ranges, self._dirty = merged, False
        return self._ranges

    def __contains__(self, row: object) -> bool:
        if not isinstance(row, int):
            return False
        ranges = self._merged()
        at = bisect.bisect_right(ranges, (row, EXCEL_ROWS * 2)) - 1
        return at >= 0 and row < ranges[at][1]

    def __bool__(self) -> bool:
        return bool(self._ranges)


@dataclass
class RawSheet:
    """One sheet as a reader found it, before the header is looked for."""

    name: str  # "" for a CSV file
    grid: Grid
    hidden_rows: RowRanges = field(default_factory=RowRanges)
    hidden_columns: set[int] = field(default_factory=set)
    warnings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Extent:
    """How far a sheet's filled cells reach, as a reader counted them before building anything."""

    cells: int = 0
    last_row: int = -1  # 0-based; -1: nothing filled
    last_column: int = -1
    farthest_down: tuple[int, int] = (0, 0)  # a cell in the last row
    farthest_right: tuple[int, int] = (0, 0)  # a cell in the last column

    @property
    def area(self) -> int:
        return (self.last_row + 1) * (self.last_column + 1)


class ExtentCounter:
    """Counts filled cells as a reader streams through a sheet, repeated cells included."""

    def __init__(self) -> None:
        self.cells = 0
        self.last_row = self.last_column = -1
        self.down = self.right = (0, 0)

    def add(self, row: int, column: int, rows: int = 1, columns: int = 1) -> None:
        self.cells += rows * columns
        bottom, edge = row + rows - 1, column + columns - 1
        if bottom > self.last_row:
            self.last_row, self.down = bottom, (bottom, column)
        if edge > self.last_column:
            self.last_column, self.right = edge, (row, edge)

    def extent(self) -> Extent:
        return Extent(self.cells, self.last_row, self.last_column, self.down, self.right)


def refuse_absurd(extent: Extent, file_name: str, sheet: str) -> None:
    """Refuse a sheet whose filled cells are too many, or reach too far from A1 (past Excel's last
    row or column, or beyond a rectangle of MAX_AREA cells), naming the cells that make it so: a few
    cells far from the table are a stray value to delete, a sheet filled that far is too big."""
    where = f"Lembar '{sheet}' di {file_name}" if sheet else f"Berkas {file_name}"
    if extent.cells > MAX_CELLS:
        raise UnreadableInput(
            f"{where} berisi {thousands(extent.cells)} sel terisi, jauh lebih banyak daripada lembar data anggota "
            f"Pokja mana pun (paling banyak {thousands(MAX_CELLS)}). Simpan hanya tabel anggota di lembar itu, "
            "lalu jalankan lagi.",
            code="LEMBAR_TERLALU_BESAR",
        )
    too_far = extent.last_row >= EXCEL_ROWS or extent.last_column >= EXCEL_COLUMNS
    if not too_far and extent.area <= MAX_AREA:
        return
    if too_far or extent.cells * 10 < extent.area:  # mostly empty: a stray value far from the table
        cells = dict.fromkeys(cell_name(*c) for c in (extent.farthest_down, extent.farthest_right))
        raise UnreadableInput(
            f"{where} berisi isi sampai sel {' dan '.join(cells)}, jauh di luar tabel anggota (lembar selebar "
            f"itu berarti {thousands(extent.area)} sel). Biasanya ada ketikan atau spasi yang tidak sengaja di sel "
            "itu: di Excel tekan Ctrl+End untuk menuju sel terjauh, hapus isinya (atau hapus baris dan kolom "
            "kosong di antara tabel dan sel itu), simpan, lalu jalankan lagi.",
            code="LEMBAR_TERLALU_LUAS",
        )
    raise UnreadableInput(
        f"{where} terisi sampai sel {cell_name(extent.last_row, extent.last_column)} "
        f"({thousands(extent.last_row + 1)} baris, {thousands(extent.last_column + 1)} kolom), lebih besar "
        "daripada lembar data anggota Pokja mana pun. Simpan hanya tabel anggota di lembar itu, lalu jalankan lagi.",
        code="LEMBAR_TERLALU_BESAR",
    )


def fill_merged_down(grid: Grid, ranges: Iterable[Any]) -> None:
    """A value typed once in cells merged down the rows (one address, one SK for several members)
    belongs to every row of the range; readers give it only to the top row. Ranges are
    ((top, left), (bottom, right)), 0-based and inclusive."""
    for (top, left), (bottom, _) in ranges:
        value = grid.value(top, left)
        if bottom <= top or value is None:
            continue
        # Only rows holding something else: a row blank apart from the merge is no member's row.
        for row in grid.row_numbers(top + 1, bottom + 1):
            if grid.value(row, left) is None:
                grid.put(row, left, value)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26 (upper-case letters)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def cell_name(row: int, column: int) -> str:
    """(6, 2) -> 'C7', as Excel names the cell."""
    return f"{column_letter(column)}{row + 1}"


def thousands(n: int) -> str:
    """12345678 -> '12.345.678', as Indonesian writes numbers."""
    return f"{n:,}".replace(",", ".")
