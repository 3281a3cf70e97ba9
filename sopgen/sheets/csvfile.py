"""CSV files as Excel writes them (UTF-8 with or without BOM, or Windows-1252; comma or semicolon)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import UnreadableInput
from ..model import ERROR, WARNING, Finding
from ..problems import ProblemKind, define_kinds
from .grid import Grid, RawSheet
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

MAX_CSV_BYTES = 100 * 1024 * 1024


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
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableInput(f"Berkas CSV {path.name} tidak dapat dibaca: {exc}.") from None
    return Grid.from_rows([[cell if cell.strip() else None for cell in row] for row in rows]), warnings


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
