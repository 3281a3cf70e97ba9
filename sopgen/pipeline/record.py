"""Recording a batch whose folder is in place: the batch, its numbered documents, each note's member
data, what it was issued under, and which earlier documents it replaces (inside the caller's write
transaction, so all of it commits together or not at all)."""

from __future__ import annotations

from datetime import date

from .. import snapshot
from ..config import Config
from ..register import BatchRecord, DocumentRecord, Register
from .context import SERAH_TERIMA, Job
from .folder import Written
from .outcome import Replacement


def record_batch(register: Register, *, key: str, input_name: str, batch_hash: str, issued_on: date,
                 folder_rel: str, fingerprint: str | None, plan: list[Job], written: Written, config: Config,
                 parent_id: int | None = None) -> BatchRecord:
    batch = register.add_batch(key=key, input_name=input_name, data_hash=batch_hash, issued_on=issued_on,
                               year=issued_on.year, folder=folder_rel, key_fingerprint=fingerprint,
                               parent_id=parent_id)
    register.add_documents([
        dict(batch_id=batch.id, kind=job.kind, year=issued_on.year, seq=job.seq, number=job.number,
             nip=job.member.nip if job.member else None,
             nama=job.member.nama if job.member else None, file=f"{folder_rel}/{job.file}",
             sha256=written.digests[job.file], issued_on=issued_on)
        for job in plan
    ])
    register.add_issued_members(batch.id, [job.member for job in plan if job.kind == SERAH_TERIMA and job.member])
    snapshot.record(register, batch.id, written.snapshot, config)
    return batch


def replace_notes(register: Register, earlier: list[DocumentRecord], batch: BatchRecord, *,
                  own_surat_perintah: bool) -> list[Replacement]:
    """Mark the members' earlier notes replaced by `batch`'s (and, for a batch with its own Surat Perintah,
    the letters of an earlier batch it replaces whole: `Register.replace_notes`); what was replaced."""
    register.replace_notes(earlier, batch, own_surat_perintah=own_surat_perintah)
    return replacements_by(register, batch)


def replacements_by(register: Register, batch: BatchRecord) -> list[Replacement]:
    """Each document `batch` replaced, with the one that replaced it."""
    replacements = register.replacements()
    return [Replacement(d, replacements[d.id]) for d in register.replaced_by(batch.id) if d.id in replacements]
