"""Find the header row of a sheet (with its sub-label and column-number rows) and map its columns."""

from __future__ import annotations

import re
from typing import Any

from ..model import ERROR, FIELD_LABELS, WARNING, Column, Finding, Problem
from ..problems import ProblemKind, define_kinds, make_problem
from .grid import Grid, column_letter
from .labels import match_header, match_label, normalise_label

KINDS = define_kinds(
    {
        "KOLOM_TIDAK_ADA": ProblemKind(
            ERROR,
            "Kolom '{header}' tidak ditemukan. Judul kolom yang terbaca: {found}. Tambahkan kolom "
            "'{header}' (atau beri judul yang mirip, misalnya {examples}).",
        ),
        "KOLOM_GANDA": ProblemKind(
            WARNING,
            "Kolom {column} ('{header}') juga berisi {label}; yang dipakai kolom {first}. Hapus "
            "atau ganti judul salah satunya.",
        ),
        "HEADER_TIDAK_DITEMUKAN": ProblemKind(
            ERROR,
            "Baris judul kolom tidak ditemukan di {rows} baris pertama lembar '{sheet}'. Pastikan "
            "ada satu baris berisi judul seperti Nama, NIP, Alamat Instansi, No. Telepon, Email, "
            "Pangkat/Golongan, Jabatan, Nomor Sertifikat PBJ, Nomor SK.",
        ),
    }
)

HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 3
# Offices often split pangkat_golongan into a 'Pangkat' and a 'Gol.' column: the words telling them
# apart, and the shape of a golongan (PNS III/c, 3c, 'Gol. IV/a'; PPPK V to XVII), which only
# decides on which of the two cells a problem is shown.
GOLONGAN_WORDS = frozenset({"gol", "golongan", "ruang"})
GOLONGAN_SHAPE = re.compile(
    r"(?:gol(?:ongan)?\.?\s*)?(?:(?:iv|4)\s*[/.\- ]?\s*[a-e]|(?:i{1,3}|[1-3])\s*[/.\- ]?\s*[a-d]"
    r"|(?:pppk\s*)?(?:xvii|xvi|xv|xiv|xiii|xii|xi|x|ix|viii|vii|vi|v))",
    re.IGNORECASE,
)
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")  # "3" or "(3)" in a column-number row


def find_header(grid: Grid) -> tuple[int | None, int]:
    """The index of the row with the most recognised labels (at least 3), and that count."""
    best_row, best_count = None, 0
    for i in grid.row_numbers(0, HEADER_SEARCH_ROWS):
        fields = {match_header(v) for v in grid.row(i).values() if isinstance(v, str)}
        fields.discard(None)
        if len(fields) > best_count:
            best_row, best_count = i, len(fields)
    if best_count < MIN_HEADER_MATCHES:
        return None, best_count
    return best_row, best_count


def header_labels(grid: Grid, header_index: int) -> tuple[list[Any], int]:
    """The label of each column, and the index of the first row that may hold a member.

    Under the header may come a second header row (sub-labels under a label merged across
    columns, such as 'Pangkat' and 'Gol/Ruang' under 'Pangkat/Golongan') and a row numbering the
    columns '1 2 3 ...' or '(1) (2) (3) ...'; neither is a member.
    """
    labels = grid.row_list(header_index)
    index = header_index + 1
    for _ in range(2):
        if index >= grid.height:
            break
        row = grid.row_list(index)
        if _is_sub_header(row, labels):
            labels = _with_sub_labels(labels, row)
        elif not _is_column_numbers(row):
            break
        index += 1
    return labels, index


def _is_sub_header(row: list[Any], labels: list[Any]) -> bool:
    """Only words (no digit, no '@', as every member has in a NIP, phone or email), one of them a label."""
    above = labels + [None] * (len(row) - len(labels))
    cells = [(v, top) for v, top in zip(row, above, strict=False) if v is not None]
    if not cells or not all(isinstance(v, str) for v, _ in cells):
        return False
    own = [v for v, top in cells if v != top]
    if any(ch.isdigit() or ch == "@" for v in own for ch in v):
        return False
    return any(match_header(v) for v, _ in cells)


def _with_sub_labels(labels: list[Any], row: list[Any]) -> list[Any]:
    """Each column's sub-label where it names a field alone or after the label above it."""
    width = max(len(labels), len(row))
    labels = labels + [None] * (width - len(labels))
    merged: list[Any] = []
    above = None
    for top, sub in zip(labels, row + [None] * (width - len(row)), strict=True):
        above = top if top is not None else above  # a label merged across columns sits in its first
        if sub is None or sub == top:
            merged.append(top)
        elif match_header(sub) is None and above is not None and match_header(f"{above} {sub}"):
            merged.append(f"{above} {sub}")
        else:
            merged.append(sub)
    return merged


def _is_column_numbers(row: list[Any]) -> bool:
    numbers = []
    for value in row:
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            numbers.append(value)
        elif isinstance(value, str) and (m := _COLUMN_NUMBER.fullmatch(value.strip())):
            numbers.append(int(m.group(1)))
        else:
            return False
    return len(numbers) >= 3 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


_ClaimRank = tuple[bool, int, int]  # (hidden, how the label matched, position): lowest is used


def map_columns(
    header: list[Any], header_row: int, hidden: set[int]
) -> tuple[dict[str, Column], Column | None, list[Problem]]:
    """Each field's column, a separate golongan column if any, and the columns left over.

    Where several columns claim a field, a visible one, then the best matched label, then the
    leftmost is used and the others are reported (KOLOM_GANDA); a 'Pangkat' and a 'Gol.' column
    are read together.
    """
    claims: dict[str, list[tuple[_ClaimRank, Column]]] = {}
    for index, label in enumerate(header):
        if not isinstance(label, str):
            continue
        field, how = match_label(normalise_label(label))
        if field is None:
            continue
        column = Column(field, column_letter(index), " ".join(label.split()))
        claims.setdefault(field, []).append(((index in hidden, how, index), column))
    columns: dict[str, Column] = {}
    golongan = None
    problems = []
    for field, claimed in claims.items():
        claimed.sort(key=lambda claim: claim[0])
        used = [claimed[0][1]]
        if field == "pangkat_golongan" and (pair := _pangkat_and_golongan(claimed)):
            used = list(pair)
            golongan = pair[1]
        columns[field] = used[0]
        for _, other in claimed:
            if other not in used:
                problems.append(make_problem(
                    Finding("KOLOM_GANDA", {"label": FIELD_LABELS[field], "first": used[0].letter}),
                    field=field, row=header_row, column=other.letter, header=other.header,
                ))
    return columns, golongan, problems


def _pangkat_and_golongan(claimed: list[tuple[_ClaimRank, Column]]) -> tuple[Column, Column] | None:
    """A visible 'Pangkat' column and a visible 'Gol.' column, unless one column holds both."""
    parts: dict[str, Column] = {}
    for (is_hidden, _, _), column in claimed:
        if not is_hidden:
            parts.setdefault(_pangkat_part(column.header), column)
    if "both" in parts or not {"pangkat", "golongan"} <= set(parts):
        return None
    return parts["pangkat"], parts["golongan"]


def _pangkat_part(label: str) -> str:
    words = set(normalise_label(label).split())
    if "pangkat" not in words:
        return "golongan"
    return "both" if words & GOLONGAN_WORDS else "pangkat"
