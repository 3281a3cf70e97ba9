"""From a sheet's cells to its member rows: below the header, without signature lines, none hidden."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import ERROR, FIELD_LABELS, FIELDS, WARNING, Cell, Column, Finding, FormulaError, RawRow, Sheet
from ..problems import ProblemKind, define_kinds, make_problem
from .grid import Grid, RawSheet, RowRanges, column_index
from .header import GOLONGAN_SHAPE, HEADER_SEARCH_ROWS, find_header, header_labels, map_columns
from .labels import EXAMPLES, normalise_label

KINDS = define_kinds(
    {
        "LEMBAR_KOSONG": ProblemKind(
            ERROR, "Berkas ini tidak berisi data apa pun. Isi data anggota Pokja lalu simpan lagi."
        ),
        "TIDAK_ADA_DATA": ProblemKind(
            ERROR,
            "Ada judul kolom di baris {header_row} tetapi tidak ada satu pun baris data di bawahnya. "
            "Isi satu baris untuk setiap anggota Pokja.",
        ),
        "BARIS_BUKAN_DATA": ProblemKind(
            WARNING,
            "Baris {rows} di bawah data anggota hanya berisi satu atau dua sel (misalnya tempat dan "
            "tanggal, tanda tangan, nama dan NIP penanda tangan), jadi tidak dibaca sebagai data "
            "anggota. Bila ada anggota Pokja di baris itu, lengkapi semua kolomnya.",
        ),
        # A filtered or hidden row is out of the clerk's sight: issuing it would surprise them.
        "BARIS_TERSEMBUNYI": ProblemKind(
            ERROR,
            "Baris {rows} tersembunyi (disembunyikan, atau tersaring oleh filter) tetapi berisi data "
            "anggota. Surat tidak dibuat dari baris yang tidak terlihat: tampilkan dulu baris itu (hapus "
            "filter dengan Data > Filter, atau pilih baris di sekitarnya lalu klik kanan > Unhide/Tampilkan), "
            "periksa isinya, dan hapus baris yang memang bukan anggota usulan ini. Lalu simpan dan jalankan "
            "lagi.",
        ),
    }
)

# Below the members, a row with at most this many of the mapped cells filled is a signature or a
# note, not a member (a member missing some fields still has most of them).
MAX_CELLS_OF_A_NON_DATA_ROW = 2


def build_sheet(path: Path, raw: RawSheet) -> Sheet:
    """The sheet's header found, its columns mapped and its member rows taken, with what is wrong."""
    grid, sheet_name = raw.grid, raw.name
    problems = [make_problem(w) for w in raw.warnings]
    if not grid:
        problems.append(make_problem(Finding("LEMBAR_KOSONG")))
        return Sheet(path, sheet_name, 0, {}, [], problems)
    header_index, _ = find_header(grid)
    if header_index is None:
        problems.append(make_problem(Finding(
            "HEADER_TIDAK_DITEMUKAN", {"rows": HEADER_SEARCH_ROWS, "sheet": sheet_name or path.name}
        )))
        return Sheet(path, sheet_name, 0, {}, [], problems)
    header_row = header_index + 1
    labels, first_data = header_labels(grid, header_index)
    columns, golongan, more = map_columns(labels, header_row, raw.hidden_columns)
    problems += more
    found = ", ".join(f"'{v}'" for v in labels if v is not None) or "-"
    for field in FIELDS:
        if field not in columns:
            problems.append(make_problem(
                Finding("KOLOM_TIDAK_ADA", {"found": found, "examples": EXAMPLES[field]}),
                field=field, row=header_row, header=FIELD_LABELS[field],
            ))
    rows, not_data = _split_trailing_non_data(list(_data_rows(grid, first_data, columns, golongan)),
                                              len(columns))
    if not_data:
        problems.append(make_problem(Finding("BARIS_BUKAN_DATA", {"rows": row_list(not_data)})))
    if hidden := _hidden_members(rows, raw.hidden_rows):
        problems.append(make_problem(Finding("BARIS_TERSEMBUNYI", {"rows": row_list(hidden)})))
    if not rows:
        problems.append(make_problem(Finding("TIDAK_ADA_DATA", {"header_row": header_row}),
                                     row=header_row))
    return Sheet(path, sheet_name, header_row, columns, rows, problems)


def _hidden_members(rows: list[RawRow], hidden: RowRanges) -> list[int]:
    """The member rows the clerk cannot see (Excel row numbers); a hidden blank row does not count."""
    if not hidden:
        return []
    return [raw.row for raw in rows if raw.row - 1 in hidden]


def _split_trailing_non_data(rows: list[RawRow], mapped: int) -> tuple[list[RawRow], list[int]]:
    """The rows, and the rows below the last well-filled one that hold too little to be members.

    A signature block ('Ponorogo, 24 November 2026', a title, a name, 'NIP. ...') sits in one or
    two columns under the table; an incomplete member above the last full row is kept, and so is
    one below it that is more than a stray cell or two, or that has both a name and a NIP (a
    signature block writes those on separate rows; a member half typed in must not be skipped).
    """
    filled = [sum(not blank(c.value) for c in raw.cells.values()) for raw in rows]
    last_full = max((i for i, n in enumerate(filled) if n > mapped / 2), default=None)
    if last_full is None:
        return rows, []
    kept = rows[: last_full + 1]
    dropped = []
    for raw, n in zip(rows[last_full + 1:], filled[last_full + 1:], strict=True):
        if n <= MAX_CELLS_OF_A_NON_DATA_ROW and not _names_a_person(raw):
            dropped.append(raw.row)
        else:
            kept.append(raw)
    return kept, dropped


def _names_a_person(raw: RawRow) -> bool:
    return all(field in raw.cells and not blank(raw.cells[field].value) for field in ("nama", "nip"))


def row_list(rows: list[int]) -> str:
    """[11, 12, 13, 16] -> '11-13 dan 16'."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return ", ".join(parts[:-1]) + (" dan " if len(parts) > 1 else "") + parts[-1]


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _pangkat_golongan(pangkat: Cell, golongan: Cell) -> Cell:
    """The two cells read as one 'Pangkat, Gol.' value, placed where a problem would lie."""
    if blank(golongan.value) or isinstance(pangkat.value, FormulaError):
        return pangkat
    if blank(pangkat.value) or isinstance(golongan.value, FormulaError):
        return golongan
    p, g = str(pangkat.value).strip(), str(golongan.value).strip()
    if f" {normalise_label(g)} " in f" {normalise_label(p)} ":  # 'Penata, III/c' | 'III/c'
        value = p
    else:
        value = f"{p}, {g}"
    where = pangkat if GOLONGAN_SHAPE.fullmatch(g) else golongan
    return Cell(where.row, where.column, where.header, value)


def _data_rows(
    grid: Grid, first: int, columns: dict[str, Column], golongan: Column | None
) -> Iterable[RawRow]:
    positions = [(field, column_index(c.letter), c) for field, c in columns.items()]
    if golongan is not None:
        positions.append(("golongan", column_index(golongan.letter), golongan))
    for index in grid.row_numbers(first):
        row = grid.row(index)
        values = {field: row.get(i) for field, i, _ in positions}
        if all(blank(v) for v in values.values()):
            continue
        excel_row = index + 1
        cells = {field: Cell(excel_row, c.letter, c.header, values[field]) for field, _, c in positions}
        if golongan is not None:
            cells["pangkat_golongan"] = _pangkat_golongan(cells["pangkat_golongan"], cells.pop("golongan"))
        yield RawRow(excel_row, cells)
