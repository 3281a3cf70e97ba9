"""A batch's documents as jobs (kind, number, member, file) and what goes on each (its template context)."""

from __future__ import annotations

from dataclasses import dataclass
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
class BatchContext:
    config: Config
    members: list[Member]
    key: str
    sp_number: str
    issued_on: date
    password_key: bytes
    register_id: str = ""
    key_fingerprint: str | None = None

    def context(self, job: Job) -> dict[str, Any]:
        c = self.config
        if job.kind == SURAT_PERINTAH:
            return documents.surat_perintah_context(c, self.members, job.number, self.issued_on)
        if job.kind == LEMBAR_DISPOSISI:
            return documents.lembar_disposisi_context(
                c, nomor_agenda=job.number, surat_perintah_nomor=self.sp_number,
                surat_perintah_tanggal=self.issued_on, diterima=self.issued_on,
                jumlah=len(self.members),
            )
        assert job.member is not None
        if job.kind == SLIP:
            password = "" if c.manual_password else derive_password(
                self.password_key, self.key, job.member.nip, c.password_alphabet, c.password_length
            )
            return documents.slip_kata_sandi_context(
                c, job.member, serah_terima_nomor=job.number, tanggal=self.issued_on,
                user_id=c.user_id(job.member.nip), kata_sandi=password,
            )
        return documents.serah_terima_context(
            c, job.member, nomor=job.number, tanggal=self.issued_on, user_id=c.user_id(job.member.nip),
            surat_perintah_nomor=self.sp_number, surat_perintah_tanggal=self.issued_on,
        )
