"""CSV files as Excel writes them (UTF-8 with or without BOM, or Windows-1252; comma or semicolon)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import UnreadableInput
from ..model import ERROR, WARNING, Finding
from ..problems import ProblemKind, define_kinds
from .grid import EXCEL_COLUMNS, EXCEL_ROWS, MAX_CELLS, Extent, Grid, RawSheet, refuse_absurd, thousands
from .header import HEADER_SEARCH_ROWS, find_header

KINDS = define_kinds(
    {
        # Excel on Windows saves "CSV (Comma delimited)" in Windows-1252: read it, and say so.
        "CSV_BUKAN_UTF8": ProblemKind(
            WARNING,
            "Berkas CSV ini tidak tersimpan sebagai UTF-8, jadi dibaca sebagai {encoding}, seperti yang "
            "ditulis Excel untuk 'CSV (Comma delimited)'. Periksa huruf khusus pada nama (misalnya ’, é "
            "atau ñ) di surat; agar pasti, simpan sebagai 'CSV UTF-8 (Comma delimited)'.",
        ),
        "CSV_ENKODING_TIDAK_DIKENAL": ProblemKind(
            ERROR,
            "Berkas CSV ini tidak tersimpan sebagai UTF-8 dan juga bukan Windows-1252, sehingga sebagian "
            "huruf tidak dapat dibaca. Buka di Excel, pilih Simpan Sebagai > 'CSV UTF-8 (Comma "
            "delimited)', lalu jalankan lagi. Masalah lain di bawah sudah diperiksa.",
        ),
    }
)

MAX_CSV_BYTES = 50 * 1024 * 1024
# The csv module's own limit on one field (characters); a field that long is almost always an
# opening quote never closed, which swallows the rest of the file.
FIELD_LIMIT = csv.field_size_limit()


class CsvBook:
    """A CSV file: one sheet without a name."""

    names = [""]
    visible = [""]

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, name: str) -> RawSheet:
        grid, warnings = read_csv(self.path)
        return RawSheet("", grid, warnings=warnings)


def decode(raw: bytes) -> tuple[str, list[Finding]]:
    """The text of an Excel-written file: UTF-8 (BOM or not), else Windows-1252, said so."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), [Finding("CSV_BUKAN_UTF8", {"encoding": "Windows-1252 (ANSI)"})]
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), [Finding("CSV_ENKODING_TIDAK_DIKENAL")]


def read_csv(path: Path) -> tuple[Grid, list[Finding]]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise UnreadableInput(
            f"Berkas {path.name} terlalu besar untuk lembar data anggota Pokja "
            f"({size // (1 << 20)} MB). Periksa berkasnya."
        )
    text, warnings = decode(path.read_bytes())
    delimiter = _sniff_delimiter(text)
    _refuse_wide_lines(path, text, delimiter)  # before the csv module builds such a row in memory
    grid = Grid()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _broken_row(path, row + 1, exc) from None
        if len(values) > EXCEL_COLUMNS:
            raise _too_wide(path, row + 1, len(values), delimiter)
        for column, value in enumerate(values):
            if value.strip():
                grid.put(row, column, value)
                if grid.cells > MAX_CELLS or row >= EXCEL_ROWS:
                    refuse_absurd(Extent(grid.cells, row, column, (row, column), (row, column)), path.name, "")
        row += 1
    return grid, warnings


def _refuse_wide_lines(path: Path, text: str, delimiter: str) -> None:
    for number, line in enumerate(io.StringIO(text, newline=None), start=1):
        if line.count(delimiter) >= EXCEL_COLUMNS:
            raise _too_wide(path, number, line.count(delimiter) + 1, delimiter)


def _too_wide(path: Path, row: int, fields: int, delimiter: str) -> UnreadableInput:
    shown = {"\t": "tab"}.get(repr(delimiter)[1:-1], delimiter)
    return UnreadableInput(
        f"Baris {row} berkas CSV {path.name} berisi {thousands(fields)} kolom, lebih banyak daripada yang "
        f"dapat dimuat Excel ({thousands(EXCEL_COLUMNS)}). Lembar data anggota tidak selebar itu: periksa "
        f"baris itu (pemisah kolom '{shown}' yang berlebih?), perbaiki, lalu jalankan lagi.",
        code="CSV_BARIS_TERLALU_LEBAR",
    )


def _broken_row(path: Path, row: int, exc: csv.Error) -> UnreadableInput:
    if "field limit" in str(exc):
        return UnreadableInput(
            f"Baris {row} berkas CSV {path.name} berisi satu sel yang sangat panjang (lebih dari "
            f"{thousands(FIELD_LIMIT)} karakter). Biasanya ada tanda petik (\") yang dibuka di baris itu "
            "tetapi tidak ditutup, sehingga sisa berkas terbaca sebagai satu sel. Buka berkasnya di Excel "
            "atau Notepad, perbaiki tanda petik di baris itu, simpan, lalu jalankan lagi.",
            code="CSV_SEL_TERLALU_PANJANG",
        )
    return UnreadableInput(
        f"Baris {row} berkas CSV {path.name} tidak dapat dibaca (susunan tanda petik atau pemisahnya "
        "rusak). Buka berkasnya di Excel, periksa baris itu, simpan lagi sebagai 'CSV UTF-8', lalu "
        "jalankan lagi.",
        code="CSV_RUSAK",
    )


def _sniff_delimiter(text: str) -> str:
    """The delimiter whose reading of the first rows finds the most header labels."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        score = find_header(Grid.from_rows([[c or None for c in row] for row in rows]))[1]
        if score > best_score:
            best, best_score = delimiter, score
    return best
