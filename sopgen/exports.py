"""sopgen's own xlsx exports (the status sheet, the Buku Agenda): the mark that recognises them, and
the check that a file about to be replaced by a new export holds no work of the clerk's.

An export carries a custom document property (kept by Excel and LibreOffice when they save) with
its kind and a digest of its cells. A file without it is not sopgen's; one whose cells no longer
match was edited since; a status sheet's own fill-in columns may change, as long as every step
typed there is already in the register.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import OutputError

PROPERTY = "sopgen-ekspor"  # value: "<kind> <sha256 of the cells>"
LABELS = {"status": "lembar status", "agenda": "Buku Agenda"}
# Columns the clerk is meant to fill in (0-based), left out of the digest, per kind.
FILL_IN: dict[str, frozenset[int]] = {"status": frozenset({9, 10, 11}), "agenda": frozenset()}


class ExportRefused(OutputError):
    """An export would replace a file that is not sopgen's own export of that kind, or holds the
    clerk's work (exit 2)."""

    code = "EKSPOR_BUKAN_SOPGEN"


def mark(wb: Any, kind: str) -> None:
    """Put the mark on a workbook about to be saved: its kind and the digest of its cells."""
    from openpyxl.packaging.custom import StringProperty

    digest = cells_digest(_cells_of(wb), FILL_IN[kind])
    wb.custom_doc_props.append(StringProperty(name=PROPERTY, value=f"{kind} {digest}"))


def cells_digest(cells: Iterable[tuple[str, int, int, Any]], skip_columns: frozenset[int]) -> str:
    """sha256 over every non-empty cell (sheet, row, column, value) as it reads back from the file:
    a date is a day, a whole float an integer, so saving the file again changes nothing."""
    h = hashlib.sha256()
    for sheet, row, column, value in cells:
        if value is None or value == "" or column in skip_columns:
            continue
        h.update(f"{sheet}\x1f{row}\x1f{column}\x1f{_normal(value)}\x1e".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _normal(value: Any) -> str:
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{type(value).__name__}:{value.isoformat() if isinstance(value, date) else value}"


def _cells_of(wb: Any) -> Iterable[tuple[str, int, int, Any]]:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if value is not None:
                    yield ws.title, cell.row, cell.column - 1, value


def check_replaceable(target: Path, kind: str, *, unread: Callable[[Path], list[str]] | None = None) -> None:
    """Refuse to write the export over a file that is not sopgen's own export of this kind, that
    was edited since, or (through `unread`) a status sheet whose filled-in steps are not recorded."""
    if not target.exists() and not target.is_symlink():
        return
    label = LABELS[kind]
    other = _suggestion(target)
    if not target.is_file():
        raise _refused(f"{target} bukan berkas {label} (sebuah folder atau tautan), jadi tidak ditimpa", other)
    found_kind, digest, cells = _read_mark(target)
    if found_kind is None:
        raise _refused(f"{target} bukan {label} yang dibuat sopgen ({cells}), jadi tidak ditimpa", other)
    if found_kind != kind:
        raise _refused(f"{target} adalah {LABELS.get(found_kind, found_kind)} buatan sopgen, bukan {label}, "
                       "jadi tidak ditimpa", other)
    if digest != cells:
        raise _refused(f"{target} sudah diubah sesudah diekspor sopgen (isinya berbeda dari saat ditulis"
                       + (", di luar kolom isian Langkah selesai, Tanggal selesai dan Oleh" if FILL_IN[kind] else "")
                       + "), jadi tidak ditimpa agar perubahan itu tidak hilang", other, code="EKSPOR_DIUBAH")
    pending = unread(target) if unread else []
    if pending:
        shown = ", ".join(pending[:8]) + (f" dan {len(pending) - 8} sel lain" if len(pending) > 8 else "")
        raise ExportRefused(
            f"{target} berisi langkah SOP yang sudah diisi tetapi belum dibaca kembali ke register (sel {shown}), "
            f"jadi tidak ditimpa. Baca dulu dengan 'sopgen catat --dari {target}' (perbaiki sel yang ditolak), "
            f"lalu ekspor lagi; atau tulis lembar baru dengan nama lain, misalnya --xlsx {other}.",
            code="STATUS_BELUM_DIBACA")


def _refused(why: str, other: Path, *, code: str | None = None) -> ExportRefused:
    return ExportRefused(f"{why}. Pilih nama lain, misalnya --xlsx {other}.", code=code)


def _read_mark(path: Path) -> tuple[str | None, str, str]:
    """(kind, recorded digest, digest of the cells now); kind None with the reason as the last item
    when the file carries no mark or cannot be read as a workbook."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not an xlsx at all: a CSV, a text, a damaged file
        return None, "", "bukan buku kerja .xlsx"
    try:
        marks = [str(p.value) for p in wb.custom_doc_props if p.name == PROPERTY]
        if not marks or len(marks[0].split()) != 2:
            return None, "", "tanpa tanda ekspor sopgen"
        kind, digest = marks[0].split()
        return kind, digest, cells_digest(_cells_read(wb), FILL_IN.get(kind, frozenset()))
    except Exception:  # noqa: BLE001 - a workbook damaged past its properties
        return None, "", "tidak dapat dibaca"
    finally:
        wb.close()


def _cells_read(wb: Any) -> Iterable[tuple[str, int, int, Any]]:
    for ws in wb.worksheets:
        for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    yield ws.title, r, c, value


def _suggestion(target: Path) -> Path:
    """The first free name beside the target: status_2.xlsx, status_3.xlsx, ..."""
    n = 2
    while True:
        candidate = target.with_name(f"{target.stem}_{n}{target.suffix or '.xlsx'}")
        if not candidate.exists():
            return candidate
        n += 1
