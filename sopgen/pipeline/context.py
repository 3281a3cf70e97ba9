"""A batch's documents as jobs (kind, number, member, file) and what goes on each (its template context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .. import documents
from ..config import Config
from ..model import Member
from ..passwords import derive_password
from ..slips import SLIP

SURAT_PERINTAH = "surat_perintah"
LEMBAR_DISPOSISI = "lembar_disposisi"
SERAH_TERIMA = "serah_terima"


@dataclass(frozen=True)
class Job:
    kind: str
    seq: int
    number: str
    member: Member | None
    file: str  # relative to the batch folder


@dataclass(frozen=True)
class Replaced:
    """The earlier handover note a member's new note replaces: its number and date, stated on the new one."""

    number: str
    issued_on: date


@dataclass(frozen=True)
class BatchContext:
    config: Config
    members: list[Member]
    key: str
    sp_number: str
    issued_on: date
    password_key: bytes
    register_id: str = ""
    key_fingerprint: str | None = None
    sp_issued_on: date | None = None  # a reissue's notes cite an earlier Surat Perintah; None: this batch's
    replaces: dict[str, Replaced] = field(default_factory=dict)  # NIP -> the note its new note replaces
    parent_key: str | None = None  # a reissue: the batch whose Surat Perintah its notes stand under

    @property
    def sp_date(self) -> date:
        return self.sp_issued_on or self.issued_on

    def context(self, job: Job) -> dict[str, Any]:
        c = self.config
        if job.kind == SURAT_PERINTAH:
            return documents.surat_perintah_context(c, self.members, job.number, self.issued_on)
        if job.kind == LEMBAR_DISPOSISI:
            return documents.lembar_disposisi_context(
                c, nomor_agenda=job.number, surat_perintah_nomor=self.sp_number,
                surat_perintah_tanggal=self.sp_date, diterima=self.issued_on,
                jumlah=len(self.members),
            )
        assert job.member is not None
        earlier = self.replaces.get(job.member.nip)
        menggantikan = documents.replaced(earlier.number, earlier.issued_on) if earlier else None
        if job.kind == SLIP:
            password = "" if c.manual_password else derive_password(
                self.password_key, self.key, job.member.nip, c.password_alphabet, c.password_length
            )
            return documents.slip_kata_sandi_context(
                c, job.member, serah_terima_nomor=job.number, tanggal=self.issued_on,
                user_id=c.user_id(job.member.nip), kata_sandi=password, menggantikan=menggantikan,
            )
        return documents.serah_terima_context(
            c, job.member, nomor=job.number, tanggal=self.issued_on, user_id=c.user_id(job.member.nip),
            surat_perintah_nomor=self.sp_number, surat_perintah_tanggal=self.sp_date, menggantikan=menggantikan,
        )
