"""`sopgen kirim`: SOP step 4 as the SOP says it, the user ID and password sent to the member's phone.

One local page per batch, beside its Slip Kata Sandi (`archive.SEND_PAGE`, 0600): per member a button
that opens WhatsApp with the message typed, an SMS link, a copy button, or, for a fixed line, "serahkan
slip secara langsung". sopgen sends nothing and uses no network; the page records nothing. It holds
passwords, so it is never archived, and `remove_send_page` deletes it once the accounts are sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..archive import OLD_SEND_PAGE, SEND_PAGE
from ..config import Config
from ..errors import OutputError, SopgenError, os_reason
from ..register import BatchRecord, Register
from ..snapshot import issued_config
from ..writer import write_file
from .credentials import Credentials, batch_credentials
from .members import Recipient, batch_members
from .message import Message, MessageFacts, MessageTemplate, check_message_template
from .page import PageFacts, PageRow, render_page, shell_command

__all__ = ["SendPage", "check_message_template", "page_path", "remove_command", "remove_send_page",
           "send_pages_left", "write_send_page"]


@dataclass(frozen=True)
class SendPage:
    batch: BatchRecord
    path: Path
    members: int
    by_message: int  # members with a mobile number: WhatsApp, SMS, copy
    in_person: int  # fixed lines: the slip is handed over in person
    recorded: int  # members whose step 4 is already recorded for this batch
    remove_command: str  # the command that deletes the page


def page_path(output_dir: Path, batch: BatchRecord) -> Path:
    return output_dir / batch.folder / SEND_PAGE


def _page_paths(output_dir: Path, batch: BatchRecord) -> list[Path]:
    """Where a batch's page may lie: beside the slips, or beside the notes (written before it moved)."""
    return [page_path(output_dir, batch), output_dir / batch.folder / OLD_SEND_PAGE]


def remove_command(batch_key: str, options: tuple[str, ...] = ()) -> str:
    """The command line that deletes a batch's page (`options`: --output/--register as given)."""
    return shell_command(["sopgen", "kirim", "--hapus", batch_key, *options])


def write_send_page(
    output_dir: Path, register: Register, register_path: Path, batch: BatchRecord, config: Config, *,
    sheet_name: str | None = None, catat_options: tuple[str, ...] = (), remove_options: tuple[str, ...] = (),
) -> SendPage:
    """Write (or rewrite, byte-identically for the same register state) the batch's send page."""
    recipients = batch_members(output_dir, register, batch, config, sheet_name)
    if not recipients:
        raise SopgenError(f"Batch {batch.folder} tidak mempunyai berita acara yang masih berlaku (semua "
                          "anggotanya sudah diterbitkan ulang di batch lain); pilih batch yang lebih baru.",
                          code="BATCH_TANPA_ANGGOTA")
    # The user ID and password rules the batch's slips were printed with, whatever the config says now.
    account = issued_config(register, batch.id) or config
    credentials = batch_credentials(account, register, register_path, output_dir, batch, recipients)
    template = MessageTemplate(config)
    recorded = {s.nip: s.done_on for s in register.steps() if s.batch_id == batch.id and s.step == 4}
    rows = [PageRow(r, _messages(template, r, credentials[r.nip]), recorded.get(r.nip)) for r in recipients]
    order = register.surat_perintah_of(batch)  # a reissue's notes stand under an earlier batch's
    sp = order.number if order is not None else ""
    facts = PageFacts(batch=batch.key, surat_perintah=sp, issued_on=batch.issued_on, catat_options=catat_options,
                      remove_command=remove_command(batch.key, remove_options))
    target = page_path(output_dir, batch)
    if not (output_dir / batch.folder).is_dir():
        raise OutputError(f"Folder {output_dir / batch.folder} tidak ada. Jalankan 'make letters' lagi dengan lembar "
                          "data yang sama untuk membuat ulang batch ini, lalu 'sopgen kirim' lagi.")
    try:
        target.parent.mkdir(exist_ok=True)  # a batch from before the slips has no slip folder
        write_file(target, render_page(config, facts, rows), private=True, atomic=True)
    except OSError as exc:
        raise OutputError(f"Halaman kirim {target} tidak dapat ditulis: {os_reason(exc)}.") from None
    return SendPage(batch, target, len(rows), sum(1 for r in rows if r.messages),
                    sum(1 for r in rows if not r.messages), sum(1 for r in rows if r.step4_on), facts.remove_command)


def _messages(template: MessageTemplate, r: Recipient, credentials: Credentials) -> list[Message]:
    """A mobile number's messages; none for a fixed line, whose slip is handed over in person."""
    if not r.seluler:
        return []
    return template.messages(MessageFacts(nama=r.nama, nip=r.nip, user_id=credentials.user_id,
                                          kata_sandi=credentials.kata_sandi))


def remove_send_page(output_dir: Path, batch: BatchRecord) -> Path | None:
    """Delete the batch's send page (and a half-written copy of it, and a page left beside the notes by an
    older sopgen); the path of the page when there was one."""
    found = None
    for target in _page_paths(output_dir, batch):
        if found is None and target.exists():
            found = target
        try:
            target.unlink(missing_ok=True)
            for partial in target.parent.glob(f".{target.name}.tmp-*") if target.parent.is_dir() else []:
                partial.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"Halaman kirim {target} tidak dapat dihapus: {os_reason(exc)}. Hapus berkas itu "
                              "sendiri.") from None
    return found


def send_pages_left(output_dir: Path, register: Register) -> list[tuple[BatchRecord, Path]]:
    """Every batch whose send page (with its passwords) still lies in its folder."""
    return [(b, path) for b in register.batches() for path in _page_paths(output_dir, b) if path.exists()]
