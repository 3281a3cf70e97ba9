"""The status sheet: the open requests exported for the clerk to fill in (which step was done, when,
by whom), and read back with `catat --dari`, where a cell of any content is a message naming it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .errors import SopgenError
from .idtext import tanggal
from .register import Register
from .tracking import RECORDABLE, STATUS_HEADERS, Request, StepEntry, StepProblem, problem

STATUS_WIDTHS = [20, 26, 18, 24, 9, 11, 30, 11, 10, 12, 14, 20]  # wrapped text: landscape A4 at ~75%
STATUS_TITLE = "STATUS PERMINTAAN AKUN SPSE POKJA PEMILIHAN"
STATUS_HEADER_SEARCH = 5  # rows above the header a status sheet may have (its title line)
MAX_NAME = 100  # characters in 'Oleh': a name, not a page pasted by mistake


def export_status(target: Path, found: list[Request], *, office: str = "", as_of: date | None = None) -> Path:
    """The requests as a sheet a clerk can fill in and read back with `catat --dari`: a title line
    (`office`, `as_of`), then the header and one row per request."""
    from .spreadsheet import write_table

    rows = [[r.nip, r.nama, r.batch, r.surat_perintah, r.done_step, r.done_on,
             r.next_description(), r.due, r.late_days, None, None, None] for r in found]
    heading = STATUS_TITLE + (f" — {office}" if office else "") + (f" (per {tanggal(as_of)})" if as_of else "")
    return write_table(target, "Status", STATUS_HEADERS, rows, widths=STATUS_WIDTHS, text_columns={0},
                       heading=heading, export_kind="status")


def read_status_sheet(path: Path) -> tuple[list[StepEntry], list[StepProblem]]:
    """The steps a clerk filled in ('Langkah selesai', 'Tanggal selesai', 'Oleh'), and every cell that
    cannot be read as one (all rows are checked, none is skipped after the first problem)."""
    entries: list[StepEntry] = []
    problems: list[StepProblem] = []
    for number, row in _filled_rows(path):
        entry, found = _entry(number, row)
        problems += found
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _filled_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, the row's first twelve cells) for each row below the header, read as a stream:
    a sheet claiming a million rows costs time, not memory."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is an unreadable file
        raise _unreadable(path, exc) from None
    try:
        ws = wb.active
        rows = ws.iter_rows(max_col=len(STATUS_HEADERS), values_only=True)
        header = None
        for index, values in enumerate(rows, start=1):
            row = (*values, *([None] * len(STATUS_HEADERS)))[: len(STATUS_HEADERS)]
            if header is None:
                if tuple(row) == tuple(STATUS_HEADERS):
                    header = index
                elif index >= STATUS_HEADER_SEARCH:
                    break
                continue
            yield index, row
        if header is None:
            raise SopgenError(f"{path} bukan lembar status sopgen (buat dengan 'sopgen status --xlsx').",
                              code="BERKAS_TIDAK_TERBACA")
    except SopgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet damaged past its first rows
        raise _unreadable(path, exc) from None
    finally:
        wb.close()


def _unreadable(path: Path, exc: Exception) -> SopgenError:
    return SopgenError(f"Berkas {path} tidak dapat dibaca ({type(exc).__name__}). Simpan ulang sebagai .xlsx.",
                       code="BERKAS_TIDAK_TERBACA")


def _entry(number: int, row: tuple[Any, ...]) -> tuple[StepEntry | None, list[StepProblem]]:
    """One row as a step to record, or the problems of each of its cells that cannot be read."""
    nip_cell, step_cell, when_cell, by_cell = row[0], row[9], row[10], row[11]
    nip = _text(nip_cell)
    if _text(step_cell) == "":
        if _text(when_cell) != "" or _text(by_cell) != "":
            return None, [problem("LANGKAH_KOSONG", nip=_digits(nip), row=number)]
        return None, []
    found = []
    if isinstance(nip_cell, (int, float)) and not isinstance(nip_cell, bool):
        found.append(problem("NIP_ANGKA", row=number, value=nip))
    elif not nip:
        found.append(problem("NIP_KOSONG", row=number))
    step = _step_of(step_cell)
    if step is None:
        found.append(problem("LANGKAH_SALAH", nip=_digits(nip), row=number, value=_text(step_cell)))
    when = None
    try:
        when = _date_of(when_cell)
    except ValueError:
        found.append(problem("TANGGAL_SALAH", nip=_digits(nip), row=number, value=_text(when_cell)))
    by = _text(by_cell)
    if by_cell is not None and (not isinstance(by_cell, str) or len(by) > MAX_NAME):
        found.append(problem("OLEH_SALAH", nip=_digits(nip), row=number, value=f"'{by}'"))
    if found or step is None:
        return None, found
    return StepEntry(step, nip, when, by or None, row=number), []


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _digits(nip: str) -> str:
    return "".join(ch for ch in nip if ch.isdecimal())


def _step_of(value: object) -> int | None:
    """2, 3 or 4 from a cell ('3', 3 or 3.0); None for anything else (superscript '²', '3a', 3.5)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    if not (0 < len(text) <= 2 and text.isdecimal()):
        return None
    return int(text) if int(text) in RECORDABLE else None


def _date_of(value: object) -> date | None:
    """The cell's date, None when it is empty; ValueError when it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, (str, type(None))):
        raise ValueError(value)  # a number, a time or a truth value typed where a date belongs
    text = _text(value)
    if not text:
        return None
    # The sheet shows dates as DD-MM-YYYY, so a clerk may type them that way too.
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def unread_steps(path: Path, register: Register) -> list[str]:
    """The cells of a status sheet whose steps are not in the register (filled in but not read back
    with `catat --dari`, or typed so they cannot be), as 'J5'; empty when overwriting loses nothing."""
    recorded = {(s.nip, s.step): s.done_on for s in register.steps()}
    entries, problems = read_status_sheet(path)
    cells = [(p.row, p.column or "J") for p in problems if p.row is not None]
    for entry in entries:
        done_on = recorded.get((_digits(entry.nip), entry.step))
        if done_on is None or (entry.when is not None and entry.when != done_on):
            cells.append((entry.row or 0, "J"))
    return [f"{column}{row}" for row, column in sorted(set(cells))]
