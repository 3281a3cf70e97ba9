"""Follow each member's request through the SOP's four steps, with working-day deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .config import Config
from .errors import SopgenError
from .idtext import add_working_days, tanggal, working_days_between
from .register import STEPS, Register, StepRecord

# Working days allowed for a step after the previous one (SOP: steps 1 and 2 take 1 day; steps 3
# and 4 have no time standard there; an office can set them in the config).
DEFAULT_DEADLINES = {2: 1}
STEP_ACTORS = {1: "kepala_ukpbj", 2: "kepala_lpse", 3: "admin_agency", 4: "admin_agency"}
RECORDABLE = (2, 3, 4)  # step 1 is recorded when the letters are issued
LAST_STEP = 4
GAP_NOTE = "belum dicatat"  # a step passed over: the request stays open until it is recorded

STATUS_HEADERS = ["NIP", "Nama", "Batch", "Nomor Surat Perintah", "Langkah terakhir", "Tanggal",
                  "Langkah berikutnya", "Batas waktu", "Terlambat (hari kerja)",
                  "Langkah selesai (isi 2/3/4)", "Tanggal selesai (YYYY-MM-DD)", "Oleh"]

STATUS_WIDTHS = [20, 26, 18, 24, 9, 11, 30, 11, 10, 12, 14, 20]  # wrapped text: landscape A4 at ~75%
STATUS_TITLE = "STATUS PERMINTAAN AKUN SPSE POKJA PEMILIHAN"
STATUS_HEADER_SEARCH = 5  # rows above the header a status sheet may have (its title line)

# What can be wrong with a step to record: code -> Indonesian message (placeholders filled per entry),
# and the status sheet column it points at (`catat --dari` reads A NIP, J step, K date, L by).
PROBLEMS = {
    "LANGKAH_SALAH": "'{value}' bukan langkah yang dapat dicatat; isi 2 (disposisi), 3 (akun dibuat) atau 4 "
                     "(diserahkan). Langkah 1 tercatat saat surat dibuat.",
    "LANGKAH_KOSONG": "tanggal diisi tetapi langkah kosong; isi langkahnya (2, 3 atau 4) atau kosongkan tanggalnya.",
    "TANGGAL_SALAH": "'{value}' bukan tanggal; tulis sebagai TAHUN-BULAN-TANGGAL, misalnya 2026-11-25.",
    "NIP_KOSONG": "NIP kosong; baris ini tidak dapat dicatat.",
    "NIP_TIDAK_ADA": "tidak ada di register (belum pernah dibuatkan surat). Periksa NIP-nya.",
    "TANGGAL_NANTI": "tanggal {when} belum tiba (hari ini {today}); langkah dicatat sesudah selesai.",
    "SEBELUM_SURAT": "tanggal {when} untuk langkah {step} lebih awal daripada Surat Perintah (langkah 1) "
                     "tanggal {other_on}.",
    "SEBELUM_LANGKAH": "tanggal {when} untuk langkah {step} lebih awal daripada langkah {other} yang tercatat "
                       "tanggal {other_on}.",
    "SESUDAH_LANGKAH": "tanggal {when} untuk langkah {step} lebih lambat daripada langkah {other} yang sudah "
                       "tercatat tanggal {other_on}.",
    "SUDAH_TERCATAT": "langkah {step} sudah tercatat tanggal {other_on} oleh {by}; tanggal {when} tidak "
                      "dicatat. Bila tanggal lama keliru, jalankan lagi dengan --ganti.",
}
COLUMN_OF = {"NIP_KOSONG": "A", "NIP_TIDAK_ADA": "A", "LANGKAH_SALAH": "J", "LANGKAH_KOSONG": "J",
             "TANGGAL_SALAH": "K", "TANGGAL_NANTI": "K", "SEBELUM_SURAT": "K", "SEBELUM_LANGKAH": "K",
             "SESUDAH_LANGKAH": "K", "SUDAH_TERCATAT": "K"}


@dataclass(frozen=True)
class Request:
    """One member's request for an SPSE account, as far as the SOP has gone."""

    nip: str
    nama: str
    batch: str
    surat_perintah: str
    done_step: int  # the latest step recorded
    done_on: date
    next_step: int | None  # the first step not recorded; None only when all four are
    due: date | None
    late_days: int  # working days past the due date (0 when on time or no deadline)
    skipped: tuple[int, ...] = ()  # steps not recorded although a later one is

    @property
    def next_is_gap(self) -> bool:
        """The next step is one the SOP passed without recording it (a later step is recorded)."""
        return self.next_step is not None and self.next_step in self.skipped

    def next_description(self) -> str:
        if self.next_step is None:
            return "selesai"
        text = STEPS[self.next_step]
        if self.next_is_gap:
            text += f"; {GAP_NOTE} (langkah {self.done_step} sudah tercatat)"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "nip": self.nip, "nama": self.nama, "batch": self.batch,
            "surat_perintah": self.surat_perintah, "langkah_selesai": self.done_step,
            "tanggal_selesai": self.done_on.isoformat(),
            "langkah_berikutnya": self.next_step,
            "keterangan_berikutnya": self.next_description(),
            "langkah_belum_dicatat": list(self.skipped),
            "batas_waktu": self.due.isoformat() if self.due else None,
            "terlambat_hari_kerja": self.late_days,
        }


def deadlines(config: Config) -> dict[int, int]:
    return config.step_deadlines or DEFAULT_DEADLINES


def requests(register: Register, config: Config, today: date, *, include_done: bool = False) -> list[Request]:
    """Every active member request with its last step, next step, due date and lateness."""
    steps: dict[tuple[str, int], dict[int, date]] = {}
    for s in register.steps():
        steps.setdefault((s.nip, s.batch_id), {})[s.step] = s.done_on
    batches = {b.id: b for b in register.batches()}
    found: list[Request] = []
    for batch in batches.values():
        documents = register.documents(batch.id)
        sp = next((d.number for d in documents if d.kind == "surat_perintah"), "")
        for d in documents:
            if d.kind != "serah_terima" or d.superseded_by is not None or d.nip is None:
                continue
            done = {1: batch.issued_on, **steps.get((d.nip, batch.id), {})}
            request = _request(d.nip, d.nama or "", batch.folder, sp, done, config, today)
            if request.next_step is not None or include_done:
                found.append(request)
    return found


def _request(nip: str, nama: str, batch: str, surat_perintah: str, done: dict[int, date], config: Config,
             today: date) -> Request:
    """Where one request stands. A step recorded out of order never finishes it: the first step
    not recorded is the next one, so a handover recorded without 'akun dibuat' stays open."""
    last = max(done)
    missing = [n for n in range(1, LAST_STEP + 1) if n not in done]
    next_step = missing[0] if missing else None
    due = None
    if next_step is not None and next_step in deadlines(config):
        due = add_working_days(done[next_step - 1], deadlines(config)[next_step], config.extra_days_off)
    late = max(0, working_days_between(due, today, config.extra_days_off)) if due and today > due else 0
    skipped = tuple(n for n in missing if n < last)
    return Request(nip, nama, batch, surat_perintah, last, done[last], next_step, due, late, skipped)


def today() -> date:
    """The clock `catat` compares dates with (one place, so a test can set it)."""
    return date.today()


@dataclass(frozen=True)
class StepEntry:
    """One step to record for one member, as typed on the command line or in a status sheet row."""

    step: int
    nip: str
    when: date | None = None  # None: not given, so today
    by: str | None = None  # None: the signatory of the step from the config
    note: str = ""
    row: int | None = None  # row in the status sheet


@dataclass(frozen=True)
class StepProblem:
    """Why one entry cannot be recorded; `row` and `column` point into the status sheet."""

    code: str
    message: str
    nip: str = ""
    row: int | None = None
    column: str | None = None

    def describe(self, source: Path | None = None) -> str:
        who = f"NIP {self.nip}: " if self.nip else ""
        if self.row is None:
            return who + self.message
        column = f" kolom {self.column} ({STATUS_HEADERS[ord(self.column) - ord('A')]})" if self.column else ""
        return f"{source or 'lembar status'} baris {self.row}{column}: {who}{self.message}"


class StepError(SopgenError):
    """A step cannot be recorded as asked (unknown NIP, wrong step or date, already recorded) (exit 1)."""

    exit_code = 1
    code = "LANGKAH_TIDAK_DAPAT_DICATAT"

    def __init__(self, message: str, problems: list[StepProblem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    @classmethod
    def of(cls, problems: list[StepProblem], source: Path | None = None) -> StepError:
        lines = list(dict.fromkeys(p.describe(source) for p in problems))
        where = f"{len(lines)} masalah di {source}" if source else f"{len(lines)} masalah"
        fix = (f"Perbaiki baris-baris itu lalu jalankan lagi 'sopgen catat --dari {source}'." if source
               else "Perbaiki lalu jalankan lagi.")
        return cls("\n".join([f"Tidak ada langkah yang dicatat ({where}):", *(f"  - {line}" for line in lines),
                              fix]), problems)


def problem(code: str, *, nip: str = "", row: int | None = None, **facts: Any) -> StepProblem:
    shown = {k: tanggal(v) if isinstance(v, date) else v for k, v in facts.items()}
    return StepProblem(code, PROBLEMS[code].format(**shown), nip, row, COLUMN_OF[code] if row else None)


NEW, SAME, KEPT, REPLACED = "baru", "sama", "tetap", "diganti"


@dataclass(frozen=True)
class Change:
    """What recording an entry does: a new step, nothing (already there), or a replaced date."""

    kind: str  # NEW, SAME (already recorded that day), KEPT (already recorded, no date given), REPLACED
    nip: str
    batch_id: int
    step: int
    when: date
    by: str
    note: str = ""
    old: StepRecord | None = None


@dataclass
class Recorded:
    """What one `catat` did: every entry's change, and the warnings (steps recorded out of order)."""

    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def details(self, *, every_unchanged: bool) -> list[str]:
        """One line per warning, replaced step and kept step (and per unchanged one when asked)."""
        lines = [f"Peringatan: {w}" for w in self.warnings]
        for c in self.changes:
            if c.kind == REPLACED and c.old:
                lines.append(f"NIP {c.nip}: langkah {c.step} tanggal {tanggal(c.old.done_on)} (oleh {c.old.by}) "
                             f"diganti menjadi {tanggal(c.when)} (oleh {c.by}).")
            elif c.kind == KEPT and c.old:
                lines.append(f"NIP {c.nip}: langkah {c.step} sudah tercatat tanggal {tanggal(c.old.done_on)} "
                             f"oleh {c.old.by}; tidak diubah (untuk mengganti: --tanggal dan --ganti).")
            elif c.kind == SAME and c.old and every_unchanged:
                lines.append(f"NIP {c.nip}: langkah {c.step} sudah tercatat tanggal {tanggal(c.old.done_on)} "
                             f"oleh {c.old.by}; tidak diubah.")
        return lines

    def summary(self) -> str:
        """'2 baru dicatat, 1 sudah tercatat dengan tanggal yang sama (tidak diubah)', and so on."""
        parts = [f"{self.count(NEW)} baru dicatat",
                 f"{self.count(SAME)} sudah tercatat dengan tanggal yang sama (tidak diubah)"]
        if self.count(KEPT):
            parts.append(f"{self.count(KEPT)} sudah tercatat dengan tanggal lain (tidak diubah)")
        if self.count(REPLACED):
            parts.append(f"{self.count(REPLACED)} diganti")
        return ", ".join(parts) + "."


def record(register: Register, config: Config, entries: list[StepEntry], *, today: date,
           replace: bool = False, source: Path | None = None,
           problems: list[StepProblem] | None = None) -> Recorded:
    """Record steps 2, 3 or 4, all or nothing: any problem (plus `problems` found while reading
    `source`) raises one StepError listing every problem, and nothing is recorded. A step already
    recorded with another date is a problem unless `replace`; out of order is only a warning."""
    found = list(problems or [])
    done = Recorded()
    with register.writing():
        issued_on = {b.id: b.issued_on for b in register.batches()}
        state: dict[tuple[str, int], dict[int, StepRecord]] = {}
        for s in register.steps():
            state.setdefault((s.nip, s.batch_id), {})[s.step] = s
        for entry in entries:
            change = _plan(register, config, entry, today, replace, state, issued_on, found, done.warnings)
            if change is not None:
                done.changes.append(change)
        if found:
            raise StepError.of(found, source)
        for c in done.changes:
            if c.kind in (NEW, REPLACED):
                register.record_step(c.nip, c.batch_id, c.step, c.when, c.by, c.note, replace=c.kind == REPLACED)
    return done


def _plan(register: Register, config: Config, entry: StepEntry, today: date, replace: bool,
          state: dict[tuple[str, int], dict[int, StepRecord]], issued_on: dict[int, date],
          found: list[StepProblem], warnings: list[str]) -> Change | None:
    """The change one entry makes, checked against the register and the entries before it."""
    nip = "".join(ch for ch in entry.nip if ch.isdigit())
    if not entry.nip.strip():
        found.append(problem("NIP_KOSONG", row=entry.row))
        return None
    if entry.step not in RECORDABLE:
        found.append(problem("LANGKAH_SALAH", nip=nip if entry.row else "", row=entry.row, value=entry.step))
        return None
    docs = register.active_documents_for(nip, "serah_terima")
    if not docs:
        found.append(problem("NIP_TIDAK_ADA", nip=nip or entry.nip.strip(), row=entry.row))
        return None
    batch_id = docs[-1].batch_id
    steps = state.setdefault((nip, batch_id), {})
    steps.setdefault(1, StepRecord(nip, batch_id, 1, issued_on[batch_id], "", ""))
    when = entry.when or today
    by = entry.by or config.penandatangan[STEP_ACTORS[entry.step]].nama
    if when > today:
        # One date typed for several NIPs is one problem, not one per NIP.
        found.append(problem("TANGGAL_NANTI", nip=nip if entry.row else "", row=entry.row, when=when, today=today))
        return None
    old = steps.get(entry.step)
    if old is not None and (old.done_on == when and (not replace or old.by == by)):
        return Change(SAME, nip, batch_id, entry.step, when, by, entry.note, old)
    if old is not None and not replace and entry.when is None:  # no date given: done, as recorded
        return Change(KEPT, nip, batch_id, entry.step, old.done_on, old.by, old.note, old)
    shown_when = when if entry.when else f"{tanggal(when)} (hari ini, karena tanggal tidak diisi)"
    earlier = [s for s in steps.values() if s.step < entry.step and s.done_on > when]
    later = [s for s in steps.values() if s.step > entry.step and s.done_on < when]
    if earlier:
        other = max(earlier, key=lambda s: s.done_on)
        found.append(problem("SEBELUM_SURAT" if other.step == 1 else "SEBELUM_LANGKAH", nip=nip, row=entry.row,
                             when=shown_when, step=entry.step, other=other.step, other_on=other.done_on))
        return None
    if later:
        other = min(later, key=lambda s: s.done_on)
        found.append(problem("SESUDAH_LANGKAH", nip=nip, row=entry.row, when=shown_when, step=entry.step,
                             other=other.step, other_on=other.done_on))
        return None
    if old is not None and not replace:
        found.append(problem("SUDAH_TERCATAT", nip=nip, row=entry.row, step=entry.step, other_on=old.done_on,
                             by=old.by, when=when))
        return None
    missing = [n for n in range(2, max(*steps, entry.step)) if n not in steps and n != entry.step]
    if missing:
        which = ", ".join(map(str, missing))
        warnings.append(f"NIP {nip}: langkah {which} belum dicatat; langkah {entry.step} tetap dicatat, "
                        f"tetapi permintaan ini belum selesai sampai langkah {which} juga dicatat, misalnya "
                        f"'sopgen catat {missing[0]} {nip} --tanggal YYYY-MM-DD'.")
    steps[entry.step] = StepRecord(nip, batch_id, entry.step, when, by, entry.note)
    return Change(REPLACED if old else NEW, nip, batch_id, entry.step, when, by, entry.note, old)


def export_status(target: Path, found: list[Request], *, office: str = "", as_of: date | None = None) -> Path:
    """The requests as a sheet a clerk can fill in and read back with `catat --dari`: a title line
    (`office`, `as_of`), then the header and one row per request."""
    from .spreadsheet import write_table

    rows = [[r.nip, r.nama, r.batch, r.surat_perintah, r.done_step, r.done_on,
             r.next_description(), r.due, r.late_days, None, None, None] for r in found]
    heading = STATUS_TITLE + (f" — {office}" if office else "") + (f" (per {tanggal(as_of)})" if as_of else "")
    return write_table(target, "Status", STATUS_HEADERS, rows, widths=STATUS_WIDTHS, text_columns={0},
                       heading=heading)


def read_status_sheet(path: Path) -> tuple[list[StepEntry], list[StepProblem]]:
    """The steps a clerk filled in ('Langkah selesai', 'Tanggal selesai', 'Oleh'), and every row that
    cannot be read as one (all rows are checked, none is skipped after the first problem)."""
    from openpyxl import load_workbook

    try:
        ws = load_workbook(path, read_only=True, data_only=True).active
        rows = list(ws.iter_rows(values_only=True))
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is an unreadable file
        raise SopgenError(f"Berkas {path} tidak dapat dibaca ({type(exc).__name__}). Simpan ulang sebagai .xlsx.",
                          code="BERKAS_TIDAK_TERBACA") from None
    header = _status_header_row(rows)
    if header is None:
        raise SopgenError(f"{path} bukan lembar status sopgen (buat dengan 'sopgen status --xlsx').",
                          code="BERKAS_TIDAK_TERBACA")
    entries: list[StepEntry] = []
    problems: list[StepProblem] = []
    for number, values in enumerate(rows[header + 1:], start=header + 2):
        row = (*values, *([None] * len(STATUS_HEADERS)))[: len(STATUS_HEADERS)]
        nip, step_cell, when_cell, by = _text(row[0]), row[9], row[10], _text(row[11])
        if _text(step_cell) == "":
            if _text(when_cell) != "":
                problems.append(problem("LANGKAH_KOSONG", nip=nip, row=number))
            continue
        found = []
        if not nip:
            found.append(problem("NIP_KOSONG", row=number))
        step = _step_of(step_cell)
        if step is None:
            found.append(problem("LANGKAH_SALAH", nip=nip, row=number, value=_text(step_cell)))
        when = None
        try:
            when = _date_of(when_cell)
        except ValueError:
            found.append(problem("TANGGAL_SALAH", nip=nip, row=number, value=_text(when_cell)))
        if found or step is None:
            problems += found
            continue
        entries.append(StepEntry(step, nip, when, by or None, row=number))
    return entries, problems


def _status_header_row(rows: list[tuple[Any, ...]]) -> int | None:
    """Index of the header row: below the title line, or first in a sheet from before the title."""
    for index, values in enumerate(rows[:STATUS_HEADER_SEARCH]):
        if tuple(values[: len(STATUS_HEADERS)]) == tuple(STATUS_HEADERS):
            return index
    return None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _step_of(value: object) -> int | None:
    """2, 3 or 4 from a cell ('3', 3 or 3.0); None for anything else."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value)
    return int(text) if text.isdigit() and int(text) in RECORDABLE else None


def _date_of(value: object) -> date | None:
    """The cell's date, None when it is empty; ValueError when it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
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
