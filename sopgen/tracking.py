"""Follow each member's request through the SOP's four steps, with working-day deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .config import Config
from .errors import SopgenError
from .idtext import add_working_days, tanggal, working_days_between
from .ledger import Ledger
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


# What can be wrong with a step to record: code -> Indonesian message (placeholders filled per entry),
# and the status sheet column it points at (`catat --dari` reads A NIP, J step, K date, L by).
PROBLEMS = {
    "LANGKAH_SALAH": "'{value}' bukan langkah yang dapat dicatat; isi 2 (disposisi), 3 (akun dibuat) atau 4 "
                     "(diserahkan). Langkah 1 tercatat saat surat dibuat.",
    "LANGKAH_KOSONG": "tanggal diisi tetapi langkah kosong; isi langkahnya (2, 3 atau 4) atau kosongkan tanggalnya.",
    "TANGGAL_SALAH": "'{value}' bukan tanggal; tulis sebagai TAHUN-BULAN-TANGGAL, misalnya 2026-11-25.",
    "NIP_KOSONG": "NIP kosong; baris ini tidak dapat dicatat.",
    "NIP_ANGKA": "NIP tersimpan sebagai angka ({value}), jadi digit terakhirnya bisa sudah hilang; ketik NIP "
                 "sebagai teks (awali dengan tanda petik ') atau salin dari kolom NIP lembar aslinya.",
    "OLEH_SALAH": "{value} bukan nama petugas; isi nama yang melaksanakan langkah itu, atau kosongkan "
                  "(bawaan: pejabat dari konfigurasi).",
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
COLUMN_OF = {"NIP_KOSONG": "A", "NIP_TIDAK_ADA": "A", "NIP_ANGKA": "A", "OLEH_SALAH": "L", "LANGKAH_SALAH": "J",
             "LANGKAH_KOSONG": "J", "TANGGAL_SALAH": "K", "TANGGAL_NANTI": "K", "SEBELUM_SURAT": "K",
             "SEBELUM_LANGKAH": "K", "SESUDAH_LANGKAH": "K", "SUDAH_TERCATAT": "K"}


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
    serah_terima: str = ""  # the number of the member's valid Berita Acara
    menggantikan: str | None = None  # the number of the note it replaced, for a reissued member
    signed: dict[str, str | None] = field(default_factory=dict)  # document -> who signed it (None: unknown)
    batch_key: str = ""

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
            "serah_terima": self.serah_terima,
            "menggantikan": self.menggantikan,
            "penandatangan": self.signed,
        }


def deadlines(config: Config) -> dict[int, int]:
    return config.step_deadlines or DEFAULT_DEADLINES


def requests(register: Register, config: Config, today: date, *, include_done: bool = False) -> list[Request]:
    """Every active member request with its last step, next step, due date and lateness."""
    steps: dict[tuple[str, int], dict[int, date]] = {}
    for s in register.steps():
        steps.setdefault((s.nip, s.batch_id), {})[s.step] = s.done_on
    ledger = Ledger(register)
    found: list[Request] = []
    for batch in ledger.batches.values():
        documents = register.documents(batch.id)
        sp = ledger.surat_perintah_of(batch)  # a reissue's notes stand under an earlier batch's
        replaced = {d.nip: d.number for d in ledger.replaced_of(batch) if d.kind == "serah_terima"}
        for d in documents:
            if d.kind != "serah_terima" or d.superseded_by is not None or d.nip is None:
                continue
            done = {1: batch.issued_on, **steps.get((d.nip, batch.id), {})}
            signers = [s.nama for s in ledger.signers(d)]
            request = replace(
                _request(d.nip, d.nama or "", batch.folder, sp.number if sp else "", done, config, today),
                serah_terima=d.number, menggantikan=replaced.get(d.nip), batch_key=batch.key,
                signed={"surat_perintah": ledger.signer_name(sp), "serah_terima": signers[0] if signers else None,
                        "mengetahui": signers[1] if len(signers) > 1 else None})
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
        """'output/status.xlsx sel K7 (Tanggal selesai (YYYY-MM-DD)): NIP ...: why' for a cell of the
        status sheet, the row alone for a row, the NIP alone for a step typed on the command line."""
        who = f"NIP {shown(self.nip)}: " if self.nip else ""
        if self.row is None:
            return who + self.message
        where = f"baris {self.row}"
        if self.column:
            where = f"sel {self.column}{self.row} ({STATUS_HEADERS[ord(self.column) - ord('A')]})"
        return f"{source or 'lembar status'} {where}: {who}{self.message}"


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
    facts = {k: tanggal(v) if isinstance(v, date) else shown(v) if k == "value" else v for k, v in facts.items()}
    return StepProblem(code, PROBLEMS[code].format(**facts), nip, row, COLUMN_OF[code] if row else None)


SHOWN_CHARACTERS = 40  # a cell's content quoted in a message: enough to recognise it, never a page


def shown(value: object) -> str:
    """A value as a message quotes it: cut short, with invisible line breaks made visible."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= SHOWN_CHARACTERS else f"{text[:SHOWN_CHARACTERS - 1]}… ({len(text)} karakter)"


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
