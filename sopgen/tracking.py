"""Follow each member's request through the SOP's four steps, with working-day deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .config import Config
from .errors import SopgenError
from .idtext import add_working_days, working_days_between
from .register import STEPS, Register

# Working days allowed for a step after the previous one (SOP: steps 1 and 2 take 1 day; steps 3
# and 4 have no time standard there; an office can set them in the config).
DEFAULT_DEADLINES = {2: 1}
STEP_ACTORS = {1: "kepala_ukpbj", 2: "kepala_lpse", 3: "admin_agency", 4: "admin_agency"}


class StepError(SopgenError):
    """A step cannot be recorded as asked (unknown NIP, wrong step number) (exit 1)."""

    exit_code = 1
    code = "LANGKAH_TIDAK_DAPAT_DICATAT"


@dataclass(frozen=True)
class Request:
    """One member's request for an SPSE account, as far as the SOP has gone."""

    nip: str
    nama: str
    batch: str
    surat_perintah: str
    done_step: int
    done_on: date
    next_step: int | None  # None: all four steps done
    due: date | None
    late_days: int  # working days past the due date (0 when on time or no deadline)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nip": self.nip, "nama": self.nama, "batch": self.batch,
            "surat_perintah": self.surat_perintah, "langkah_selesai": self.done_step,
            "tanggal_selesai": self.done_on.isoformat(),
            "langkah_berikutnya": self.next_step,
            "keterangan_berikutnya": STEPS.get(self.next_step or 0, "selesai"),
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
            done = steps.get((d.nip, batch.id), {1: batch.issued_on})
            last = max(done)
            next_step = last + 1 if last < 4 else None
            if next_step is None and not include_done:
                continue
            due = None
            if next_step is not None and next_step in deadlines(config):
                due = add_working_days(done[last], deadlines(config)[next_step], config.extra_days_off)
            late = max(0, working_days_between(due, today, config.extra_days_off)) if due and today > due else 0
            found.append(Request(d.nip, d.nama or "", batch.folder, sp, last, done[last], next_step, due, late))
    return found


def record(register: Register, config: Config, step: int, nips: list[str], *, when: date,
           by: str | None = None, note: str = "") -> list[str]:
    """Record step 2, 3 or 4 for members; returns warnings (a step recorded out of order)."""
    if step not in (2, 3, 4):
        raise StepError("Langkah yang dapat dicatat hanya 2 (disposisi), 3 (akun dibuat) dan 4 "
                        "(user ID dan kata sandi diserahkan). Langkah 1 tercatat saat surat dibuat.")
    by = by or config.penandatangan[STEP_ACTORS[step]].nama
    targets = []
    for nip in nips:
        compact = "".join(ch for ch in nip if ch.isdigit())
        docs = register.active_documents_for(compact, "serah_terima")
        if not docs:
            raise StepError(f"NIP {nip} tidak ada di register (belum pernah dibuatkan surat). "
                            "Periksa NIP-nya; tidak ada langkah yang dicatat.")
        targets.append((compact, docs[-1].batch_id))
    warnings = []
    done = {(s.nip, s.batch_id, s.step) for s in register.steps()}
    with register.writing():
        for nip, batch_id in targets:
            missing = [n for n in range(2, step) if (nip, batch_id, n) not in done]
            if missing:
                warnings.append(f"NIP {nip}: langkah {', '.join(map(str, missing))} belum dicatat; "
                                f"langkah {step} tetap dicatat.")
            register.record_step(nip, batch_id, step, when, by, note)
    return warnings


STATUS_HEADERS = ["NIP", "Nama", "Batch", "Nomor Surat Perintah", "Langkah terakhir", "Tanggal",
                  "Langkah berikutnya", "Batas waktu", "Terlambat (hari kerja)",
                  "Langkah selesai (isi 2/3/4)", "Tanggal selesai (YYYY-MM-DD)", "Oleh"]


def export_status(target: Path, found: list[Request]) -> Path:
    """The open requests as a sheet a clerk can fill in and read back with `catat --dari`."""
    from .spreadsheet import write_table

    rows = [[r.nip, r.nama, r.batch, r.surat_perintah, r.done_step, r.done_on,
             STEPS.get(r.next_step or 0, "selesai"), r.due, r.late_days, None, None, None] for r in found]
    return write_table(target, "Status", STATUS_HEADERS, rows,
                       widths=[22, 32, 26, 28, 10, 12, 44, 12, 10, 14, 16, 24], text_columns={0})


def read_status_sheet(path: Path) -> list[tuple[int, str, date | None, str]]:
    """(step, nip, date, by) for every row where the clerk filled in 'Langkah selesai'."""
    from openpyxl import load_workbook

    try:
        ws = load_workbook(path, read_only=True, data_only=True).active
    except Exception as exc:  # noqa: BLE001 - any openpyxl failure is an unreadable file
        raise SopgenError(f"Berkas {path} tidak dapat dibaca ({type(exc).__name__}). Simpan ulang sebagai .xlsx.",
                          code="BERKAS_TIDAK_TERBACA") from None
    rows = list(ws.iter_rows(values_only=True))
    if not rows or rows[0][: len(STATUS_HEADERS)] != tuple(STATUS_HEADERS):
        raise SopgenError(f"{path} bukan lembar status sopgen (buat dengan 'sopgen status --xlsx').",
                          code="BERKAS_TIDAK_TERBACA")
    found = []
    for number, row in enumerate(rows[1:], start=2):
        step = row[9]
        if step in (None, ""):
            continue
        try:
            step_no = int(str(step).strip())
        except ValueError:
            raise StepError(f"{path} baris {number} kolom J: '{step}' bukan nomor langkah (2, 3 atau 4).") from None
        when = row[10]
        if isinstance(when, str) and when.strip():
            try:
                when = date.fromisoformat(when.strip())
            except ValueError:
                raise StepError(f"{path} baris {number} kolom K: '{when}' bukan tanggal (YYYY-MM-DD).") from None
        when_date = when.date() if hasattr(when, "date") and callable(when.date) else when
        found.append((step_no, str(row[0]), when_date if isinstance(when_date, date) else None,
                      str(row[11] or "").strip()))
    return found
