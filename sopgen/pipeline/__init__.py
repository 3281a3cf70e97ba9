"""Run the stages for a batch, atomically: validate -> number -> render -> record.

A batch is one valid sheet. Its documents are rendered into a temporary folder while the register's
write lock is held, the folder is renamed into place, and only then is the register committed: a
crash leaves either the whole batch or a folder the register does not know, which the next run
records before it numbers anything. The jobs: `issue` (a new batch), `reissue` (named members' notes
replaced under their Surat Perintah), `restore` (what was lost is made again exactly), `folder` (a
batch folder written whole), `record` (a written batch recorded), `context` (what goes on each
document), `outcome` (what a run is asked and what it did).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from functools import partial
from pathlib import Path

from ..changes import add_warnings, changed_members
from ..config import refuse_examples
from ..errors import DateError
from ..idtext import tanggal
from ..model import Member
from ..outputlock import output_lock
from ..passwords import secure_key_file
from ..recovery import adopt_unregistered
from ..register import Register
from ..validate import validate_file
from ..writer import sha256_file
from .context import LEMBAR_DISPOSISI, SERAH_TERIMA, SURAT_PERINTAH
from .folder import write_manifest_of_batch
from .issue import issue_new
from .outcome import (
    ALREADY,
    INVALID,
    NEW,
    NOTHING_NEW,
    REISSUED,
    Earlier,
    Outcome,
    Progress,
    Replacement,
    Run,
    Settings,
)
from .reissue import ReissueRefused, reissue_members
from .restore import reproduce, restore_batches

__all__ = ["ALREADY", "INVALID", "LEMBAR_DISPOSISI", "NEW", "NOTHING_NEW", "REISSUED", "SERAH_TERIMA",
           "SURAT_PERINTAH", "Earlier", "Outcome", "Progress", "ReissueRefused", "Replacement", "Settings",
           "clock_today", "data_hash", "issue_letters", "validate_file", "write_manifest_of_batch"]

MAX_DAYS_AHEAD = 7  # how far ahead of today a letter may be dated


def data_hash(members: list[Member]) -> str:
    """The batch's identity: its normalised data, so a re-saved sheet is the same batch."""
    payload = json.dumps([m.data() for m in members], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def issue_letters(path: Path, settings: Settings, progress: Progress | None = None) -> Outcome:
    """Validate one sheet and, if it is clean, issue (or reproduce) its batch of documents."""
    if not settings.allow_examples:
        refuse_examples(settings.config)
    now = clock_today()
    today = settings.when or now
    _refuse_far_future(today, now)
    source_sha = _sha_of_input(path)
    validation = validate_file(
        path,
        today=today,
        sheet_name=settings.sheet_name,
        attachments=settings.attachments,
        area_code=str(settings.config.kantor.get("kode_area_telepon", "0352")),
    )
    if not validation.ok:
        return Outcome(path, validation, INVALID)
    with output_lock(settings.output_dir), Register(settings.register_path) as register, register.writing():
        key_warning = None if settings.config.manual_password else secure_key_file(settings.register_path.parent)
        adopted = adopt_unregistered(settings.output_dir, register,
                                     by=settings.config.penandatangan["kepala_ukpbj"].nama)
        batch_hash = data_hash(validation.members)
        reissued = ({m.nip for m in validation.members} if settings.reissue
                    else {"".join(ch for ch in nip if ch.isdigit()) for nip in settings.reissue_nips})
        changed = [c for c in changed_members(validation, register, settings.output_dir, settings.config,
                                              settings.sheet_name) if c.member.nip not in reissued]
        add_warnings(validation, changed, settings.sheet_name)
        run = Run(path, validation, batch_hash, today, settings, source_sha, partial(_refuse_backdating, now=now),
                  progress)
        existing = None if settings.reissue or settings.reissue_nips else register.batch_by_hash(batch_hash)
        if existing is not None:
            outcome = reproduce(path, validation, existing, register, settings)
        elif settings.reissue_nips:
            outcome = reissue_members(run, register)
        else:
            outcome = issue_new(run, register)
        if outcome.status != ALREADY:  # what the sheet's earlier batches lost is made again all the same
            restore_batches(path, validation, register, settings, outcome, skip={b.id for b in outcome.new_batches})
        outcome.changed_members = {c.member.nip for c in changed}
    outcome.adopted = adopted
    outcome.register_made_from = register.made_from
    outcome.key_warning = key_warning
    return outcome


def clock_today() -> date:
    """The machine's date (one place, so a test can set it)."""
    return date.today()


def _sha_of_input(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""  # validate_file names the unreadable file in its own words


def _refuse_far_future(when: date, now: date) -> None:
    """A letter may be prepared a few days ahead; a date weeks ahead is a typo (2026-12-24 for
    2026-11-24) that would, through `_refuse_backdating`, block every letter until that day."""
    if (when - now).days > MAX_DAYS_AHEAD:
        raise DateError(
            f"Tanggal surat {tanggal(when)} lebih dari {MAX_DAYS_AHEAD} hari sesudah hari ini "
            f"({tanggal(now)}). Periksa --date (tulis TAHUN-BULAN-TANGGAL), atau jalankan tanpa --date "
            "untuk memakai tanggal hari ini. Tidak ada nomor yang terpakai.",
            code="TANGGAL_MAJU",
        )


def _refuse_backdating(register: Register, today: date, *, now: date) -> None:
    """Numbers follow dates: a letter dated before one already numbered, in any year, would break the
    order of the Buku Agenda (no. 006 dated before no. 005), or, across a year, start next year's
    numbers again from 001 under this year's date: the PC's clock set back."""
    latest = register.latest_document()
    if latest is None or today >= latest.issued_on:
        return
    hint = f"pakai tanggal {tanggal(latest.issued_on)} atau sesudahnya (--date)"
    if now >= latest.issued_on:
        hint += ", atau jalankan tanpa --date untuk hari ini"
    else:
        hint = (f"tanggal komputer ini ({tanggal(now)}) lebih awal daripada surat terakhir: periksa tanggal dan "
                f"jam komputer, atau {hint}")
    raise DateError(
        f"Tanggal surat {tanggal(today)} lebih awal daripada surat yang sudah diterbitkan "
        f"({latest.number}, {tanggal(latest.issued_on)}). Nomor surat harus urut menurut tanggal: "
        f"{hint}. Tidak ada nomor yang terpakai."
    )
