"""Who a batch sent an account to, with the phone number each member's note was issued with.

The register keeps each note's member data as printed (`sopgen/issued.py`); a batch issued before it
did is read back from its archived input copy, validated as on its issue date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..issued import MembersUnavailable, input_copy, members_of_notes
from ..model import Member
from ..register import BatchRecord, DocumentRecord, Register
from ..rules.phone import parse_telepon

SERAH_TERIMA = "serah_terima"
__all__ = ["MembersUnavailable", "Recipient", "batch_members", "input_copy"]


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
    issued = members_of_notes(output_dir, register, notes, config, sheet_name)
    missing = [d for d in notes if d.id not in issued]
    if missing:
        raise MembersUnavailable(_missing_message(output_dir, batch, missing, sheet_name))
    return [_recipient(issued[d.id]) for d in sorted(notes, key=lambda d: d.seq)]


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
