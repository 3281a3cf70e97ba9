"""The data each member's handover note was issued with: the register's record of it, or, for a batch
issued before the register kept one, the batch's archived input copy (`masukan/<sheet>`, the exact
bytes that were validated) validated again as on its issue date. The one place that knows where an
issued member's data come from."""

from __future__ import annotations

from pathlib import Path

from .config import Config
from .errors import SopgenError, UnreadableInput
from .filenames import safe_name
from .model import Member
from .register import BatchRecord, DocumentRecord, Register
from .validate import validate_file


class MembersUnavailable(SopgenError):
    """The batch's members cannot be read back: its input copy is gone, unreadable or different (exit 2)."""

    code = "DATA_ANGGOTA_TIDAK_ADA"


def input_copy(output_dir: Path, batch: BatchRecord) -> Path:
    """Where the batch keeps the sheet it was issued from (see pipeline.folder.archive_inputs)."""
    return output_dir / batch.folder / "masukan" / safe_name(batch.input_name)


def members_of_notes(output_dir: Path, register: Register, notes: list[DocumentRecord], config: Config,
                     sheet_name: str | None = None, *, lenient: bool = False) -> dict[int, Member]:
    """Note id -> the member data it was issued with. Notes the register holds no data for are read from
    their batch's input copy; a copy that cannot be read raises MembersUnavailable, or, when `lenient`,
    leaves those notes out (nothing is guessed)."""
    found: dict[int, Member] = {}
    recorded: dict[int, Member] = {}
    for batch_id in sorted({d.batch_id for d in notes}):
        recorded.update(register.issued_members(batch_id=batch_id))
    by_batch: dict[int, list[DocumentRecord]] = {}
    for d in notes:
        if d.id in recorded:
            found[d.id] = recorded[d.id]
        else:
            by_batch.setdefault(d.batch_id, []).append(d)
    for batch_id, missing in by_batch.items():
        batch = register.batch_by_id(batch_id)
        if batch is None:
            continue
        try:
            archived = {m.nip: m for m in archived_members(output_dir, batch, config, sheet_name)}
        except MembersUnavailable:
            if lenient:
                continue
            raise
        found.update({d.id: archived[d.nip] for d in missing if d.nip in archived})
    return found


def archived_members(output_dir: Path, batch: BatchRecord, config: Config, sheet_name: str | None) -> list[Member]:
    copy = input_copy(output_dir, batch)
    if not copy.is_file():
        raise MembersUnavailable(
            f"Salinan lembar data batch {batch.folder} ({copy}) tidak ada, padahal data anggota batch yang "
            "diterbitkan sebelum register mencatatnya diambil dari sana. Jalankan 'make letters' lagi dengan "
            "lembar data yang sama untuk membuatnya ulang, atau pulihkan folder batch dari cadangan."
        )
    try:  # validated as on the day it was issued, so the same members come out as then
        validation = validate_file(copy, today=batch.issued_on, sheet_name=sheet_name, attachments=None,
                                   area_code=str(config.kantor.get("kode_area_telepon", "0352")))
    except UnreadableInput as exc:
        raise MembersUnavailable(
            f"Salinan lembar data batch {batch.folder} tidak dapat dibaca: {exc.message}") from None
    return validation.members
