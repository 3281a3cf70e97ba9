"""Who a batch sent an account to, with the phone number the sheet gave for each member.

The register keeps each note's NIP and name but not yet the member's phone, so `batch_members`
re-reads the batch's archived input copy (`masukan/<sheet>`, the exact bytes that were validated)
and keeps the members the batch still holds an active handover note for. It is the only place that
knows where a member's data comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import SopgenError, UnreadableInput
from ..filenames import safe_name
from ..model import Member
from ..register import BatchRecord, DocumentRecord, Register
from ..rules.phone import parse_telepon
from ..validate import validate_file

SERAH_TERIMA = "serah_terima"


class MembersUnavailable(SopgenError):
    """The batch's members cannot be read back: its input copy is gone, unreadable or different (exit 2)."""

    code = "DATA_ANGGOTA_TIDAK_ADA"


@dataclass(frozen=True)
class Recipient:
    """One member the batch issued an account to, as the send page needs them."""

    nip: str  # 18 digits
    nama: str
    nip_label: str  # "NIP" or "NI PPPK"
    nip_display: str  # grouped as in letters: 19750315 200501 1 002
    telepon: str  # as the clerk reads it: 0812-3456-7801, (0352) 481737
    telepon_e164: str  # +6281234567801
    seluler: bool  # a mobile number (WhatsApp, SMS); a fixed line gets the slip in person


def batch_members(output_dir: Path, register: Register, batch: BatchRecord, config: Config,
                  sheet_name: str | None = None) -> list[Recipient]:
    """Every member with an active handover note in `batch`, in the order of their notes."""
    notes = [d for d in register.documents(batch.id)
             if d.kind == SERAH_TERIMA and d.nip is not None and d.superseded_by is None]
    if not notes:
        return []
    by_nip = {m.nip: m for m in _archived_members(output_dir, batch, config, sheet_name)}
    missing = [d for d in notes if d.nip not in by_nip]
    if missing:
        raise MembersUnavailable(_missing_message(output_dir, batch, missing, sheet_name))
    return [_recipient(by_nip[d.nip]) for d in sorted(notes, key=lambda d: d.seq) if d.nip]


def input_copy(output_dir: Path, batch: BatchRecord) -> Path:
    """Where the batch keeps the sheet it was issued from (see pipeline._archive_inputs)."""
    return output_dir / batch.folder / "masukan" / safe_name(batch.input_name)


def _archived_members(output_dir: Path, batch: BatchRecord, config: Config,
                      sheet_name: str | None) -> list[Member]:
    copy = input_copy(output_dir, batch)
    if not copy.is_file():
        raise MembersUnavailable(
            f"Salinan lembar data batch {batch.folder} ({copy}) tidak ada, padahal nomor HP anggota "
            "diambil dari sana. Jalankan 'make letters' lagi dengan lembar data yang sama untuk "
            "membuatnya ulang, atau pulihkan folder batch dari cadangan."
        )
    try:  # validated as on the day it was issued, so the same members come out as then
        validation = validate_file(copy, today=batch.issued_on, sheet_name=sheet_name, attachments=None,
                                   area_code=str(config.kantor.get("kode_area_telepon", "0352")))
    except UnreadableInput as exc:
        raise MembersUnavailable(
            f"Salinan lembar data batch {batch.folder} tidak dapat dibaca: {exc.message}") from None
    return validation.members


def _recipient(m: Member) -> Recipient:
    phone = parse_telepon(m.telepon_e164).value  # the same rule that warned TELEPON_BUKAN_SELULER
    return Recipient(nip=m.nip, nama=m.nama, nip_label=m.nip_label, nip_display=m.nip_display,
                     telepon=m.telepon, telepon_e164=m.telepon_e164,
                     seluler=bool(phone is not None and phone.mobile))


def _missing_message(output_dir: Path, batch: BatchRecord, missing: list[DocumentRecord],
                     sheet_name: str | None) -> str:
    shown = ", ".join(f"{d.nama} (NIP {d.nip})" for d in missing[:5])
    more = f" dan {len(missing) - 5} lainnya" if len(missing) > 5 else ""
    hint = ("" if sheet_name else " Bila surat dibuat dari lembar (sheet) lain dalam berkas itu, sebutkan "
            "namanya dengan --sheet.")
    return (f"Anggota berikut mempunyai berita acara di batch {batch.folder} tetapi tidak ditemukan di "
            f"salinan lembar datanya ({input_copy(output_dir, batch)}): {shown}{more}.{hint} Halaman "
            "kirim tidak dibuat. Bila salinan itu diubah, pulihkan dari zip arsip batch atau cadangan.")
