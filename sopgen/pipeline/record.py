"""Recording a batch whose folder is in place: the batch, its numbered documents, each note's member
data, what it was issued under, and which earlier documents it replaces (inside the caller's write
transaction, so all of it commits together or not at all)."""

from __future__ import annotations

from datetime import date

from .. import snapshot
from ..config import Config
from ..register import BatchRecord, DocumentRecord, Register
from .context import LEMBAR_DISPOSISI, SERAH_TERIMA, SURAT_PERINTAH, Job
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
    """Mark the members' earlier notes replaced by `batch`'s. A batch with its own Surat Perintah (a whole
    sheet reissued) also replaces the Surat Perintah and Lembar Disposisi of every earlier batch none of
    whose notes (nor its reissues' notes) remain valid: no member still stands under them."""
    if not earlier:
        return []
    register.supersede([d.id for d in earlier], batch.id)
    if own_surat_perintah:
        roots = {register.root_of(b).id: register.root_of(b) for d in earlier
                 if (b := register.batch_by_id(d.batch_id)) is not None}
        for root in roots.values():
            family = [root, *register.reissues_of(root.id)]
            notes = [d for b in family for d in register.documents(b.id) if d.kind == SERAH_TERIMA]
            if all(d.superseded_by is not None for d in notes):
                register.supersede([d.id for d in register.documents(root.id)
                                    if d.kind in (SURAT_PERINTAH, LEMBAR_DISPOSISI)], batch.id)
    return replacements_by(register, batch)


def replacements_by(register: Register, batch: BatchRecord) -> list[Replacement]:
    """Each document `batch` replaced, with the one that replaced it."""
    replacements = register.replacements()
    return [Replacement(d, replacements[d.id]) for d in register.replaced_by(batch.id) if d.id in replacements]
