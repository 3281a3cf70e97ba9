"""Each member's user ID and temporary password, derived exactly as for the printed notes, and
confirmed against them: a password the page sends must be the one on the member's paper.

The password is never stored; it is derived again from the office's key, the batch key and the NIP
(`passwords.derive_password`, as `pipeline._BatchContext` does). A key replaced since
(`letters --kunci-baru`) or a password rule changed in the config would derive another password
than the one printed, so each is looked for in the text of the member's own documents of the batch.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import SopgenError
from ..passwords import derive_password, different_key, key_fingerprint, load_or_create_key
from ..register import BatchRecord, DocumentRecord, Register
from ..slips import SERAH_TERIMA, slip_file
from .members import Recipient

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class PasswordNotOnPaper(SopgenError):
    """A derived password is not the one printed for the member (key or rule changed) (exit 2)."""

    code = "KATA_SANDI_BERBEDA"


@dataclass(frozen=True)
class Credentials:
    user_id: str
    kata_sandi: str | None  # None: written by hand on the slip (kata_sandi_manual)


def batch_credentials(config: Config, register: Register, register_path: Path, output_dir: Path,
                      batch: BatchRecord, recipients: list[Recipient]) -> dict[str, Credentials]:
    """NIP -> credentials for every recipient; refuses when one password is not on its paper."""
    if config.manual_password:
        return {r.nip: Credentials(config.user_id(r.nip), None) for r in recipients}
    key = load_or_create_key(register_path.parent, may_create=False)
    if batch.key_fingerprint and batch.key_fingerprint != key_fingerprint(key):
        raise different_key(register_path.parent, batch.key)  # named before any password is derived
    found = {r.nip: Credentials(config.user_id(r.nip), derive_password(
        key, batch.key, r.nip, config.password_alphabet, config.password_length)) for r in recipients}
    papers = _papers_by_nip(register, batch)
    for r in recipients:
        password = found[r.nip].kata_sandi
        assert password is not None
        _confirm_on_paper(output_dir, papers.get(r.nip, []), r, password)
    return found


def _papers_by_nip(register: Register, batch: BatchRecord) -> dict[str, list[DocumentRecord]]:
    """The member's own active documents of the batch (the handover note, whose slip is beside it)."""
    papers: dict[str, list[DocumentRecord]] = {}
    for d in register.documents(batch.id):
        if d.nip is not None and d.superseded_by is None:
            papers.setdefault(d.nip, []).append(d)
    return papers


def _paper_files(output_dir: Path, d: DocumentRecord) -> list[Path]:
    """Where the member's password is printed: the Slip Kata Sandi of the member's Berita Acara (the note
    itself in a batch from before the slips)."""
    note = output_dir / d.file
    return [note.parent.parent / slip_file(d.file), note] if d.kind == SERAH_TERIMA else [note]


def _confirm_on_paper(output_dir: Path, papers: list[DocumentRecord], who: Recipient, password: str) -> None:
    present = [path for d in papers for path in _paper_files(output_dir, d) if path.is_file()]
    if not present:
        names = ", ".join(d.file for d in papers) or "tidak ada"
        raise PasswordNotOnPaper(
            f"Berkas serah terima {who.nama} (NIP {who.nip}) tidak ada ({names}), jadi kata sandinya "
            "tidak dapat dicocokkan dengan yang tercetak. Jalankan 'make letters' lagi dengan lembar data "
            "yang sama untuk membuatnya ulang, lalu 'sopgen kirim' lagi.", code="BERKAS_SERAH_TERIMA_HILANG")
    if not any(password in document_text(path) for path in present):
        raise PasswordNotOnPaper(
            f"Kata sandi {who.nama} (NIP {who.nip}) yang dihitung sekarang berbeda dari yang tercetak di "
            f"{present[0]}: kunci kata sandi diganti (--kunci-baru) atau aturan kata sandi di konfigurasi "
            "([akun] panjang_kata_sandi, alfabet_kata_sandi) berubah sesudah surat diterbitkan. Halaman kirim "
            "tidak dibuat; serahkan kertas yang tercetak secara langsung, atau kembalikan kunci dan "
            "konfigurasi yang dipakai saat itu.")


def document_text(path: Path) -> str:
    """The text of a DOCX without spaces (a password may be set in groups or split over runs)."""
    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    return _SPACE.sub("", html.unescape(_TAG.sub("", xml)))
