"""The same data again: nothing is numbered; what a batch folder lost is made again exactly as it was
issued, or named as not restorable, never substituted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import manifest as batch_manifest
from ..config import Config
from ..manifest import MANIFEST
from ..model import Member, Validation
from ..passwords import different_key, key_fingerprint, load_or_create_key
from ..register import BatchRecord, DocumentRecord, Register
from ..slips import SLIP, slip_file, slip_hashes, slip_records
from ..writer import remove_abandoned_temporaries, sha256_file, write_file
from .context import SERAH_TERIMA, SURAT_PERINTAH, BatchContext, Job
from .folder import archive_inputs, write_manifest_of_batch
from .outcome import ALREADY, Outcome, Settings


def reproduce(
    path: Path, validation: Validation, batch: BatchRecord, register: Register, settings: Settings
) -> Outcome:
    """The same data again: nothing is numbered; missing files are made again identically."""
    records = register.documents(batch.id)
    folder = settings.output_dir / batch.folder
    if folder.is_dir():
        remove_abandoned_temporaries(folder)
    # A damaged manifest is for the clerk to restore (or delete, to have it rebuilt from the
    # register), never guessed at: nothing of the batch is touched while it is there.
    manifest = batch_manifest.load(folder) if (folder / MANIFEST).exists() else None
    listed = manifest["files"] if manifest is not None else None
    outcome = Outcome(path, validation, ALREADY, batch=batch, folder=folder, documents=records)
    missing = [d for d in records if not (settings.output_dir / d.file).exists()]
    for d in records:
        target = settings.output_dir / d.file
        if target.exists() and sha256_file(target) != d.sha256:
            outcome.changed.append(d.file)
    remake = _Remake(settings, validation, records, batch)
    if missing:
        _render_missing(missing, remake, settings, outcome)
    slips = _restore_slips(folder, batch, records, remake, outcome, manifest)
    _restore_archive_files(folder, batch, records, path, validation, outcome, register.id, listed, settings.config,
                           slips)
    return outcome


@dataclass
class _Remake:
    """Renders a registered batch's documents and slips again as they were issued; the password key is
    read (and checked against the batch's fingerprint) only when a slip is made."""

    settings: Settings
    validation: Validation
    records: list[DocumentRecord]
    batch: BatchRecord
    _renderer: Any = None
    _key: bytes | None = None

    def render(self, kind: str, nip: str | None, seq: int, number: str, file: str) -> bytes:
        from ..render import renderer_for

        if self._renderer is None:
            self._renderer = renderer_for(self.settings.config)
        if kind == SLIP and self._key is None:
            self._key = self._password_key()
        members = self.validation.members
        sp = next(d for d in self.records if d.kind == SURAT_PERINTAH)
        ctx = BatchContext(self.settings.config, [m for m in members if _issued_in(m, self.records)],
                           self.batch.key, sp.number, self.batch.issued_on, self._key or b"")
        member = next((m for m in members if m.nip == nip), None) if nip else None
        job = Job(kind, seq, number, member, file)
        return bytes(self._renderer.render(kind, ctx.context(job), when=self.batch.issued_on))

    def _password_key(self) -> bytes:
        """The key the batch's passwords were derived with; KeyMissing or KeyMismatch otherwise."""
        if self.settings.config.manual_password:
            return b""
        folder = self.settings.register_path.parent
        key = load_or_create_key(folder, may_create=False)
        if self.batch.key_fingerprint and self.batch.key_fingerprint != key_fingerprint(key):
            raise different_key(folder, self.batch.key)
        return key


def _changed_since(kind: str, batch: BatchRecord) -> str:
    what = "templat atau konfigurasi"
    if kind == SLIP and not batch.key_fingerprint:  # a batch from before fingerprints
        what = "templat, konfigurasi atau kunci kata sandi"
    return (f"{what} sudah berubah sejak surat ini diterbitkan, jadi hasilnya tidak akan sama persis; "
            "pulihkan berkas ini dari cadangan")


def _render_missing(missing: list[DocumentRecord], remake: _Remake, settings: Settings, outcome: Outcome) -> None:
    for d in missing:
        data = remake.render(d.kind, d.nip, d.seq, d.number, d.file)
        if hashlib.sha256(data).hexdigest() != d.sha256:  # the template or config changed since
            outcome.unrestorable[d.file] = _changed_since(d.kind, remake.batch)
            continue
        write_file(settings.output_dir / d.file, data, private=d.kind == SERAH_TERIMA, durable=True,
                   atomic=True)
        outcome.restored.append(d.file)


def _restore_slips(folder: Path, batch: BatchRecord, records: list[DocumentRecord], remake: _Remake,
                   outcome: Outcome, manifest: dict[str, Any] | None) -> dict[str, tuple[Member, str, str]]:
    """The slips a batch folder lost, made again from the password key. With the manifest, each must
    come out as it recorded; without it (being rebuilt), a slip belongs to every Berita Acara the
    current templates still make exactly (an older batch's notes carried the password themselves).
    Returns the slips for a rebuilt manifest."""
    from ..passwords import KeyMismatch, KeyMissing

    if not folder.is_dir():
        return {}
    prefix = f"{batch.folder}/"
    notes = {slip_file(d.file): d for d in records if d.kind == SERAH_TERIMA}
    if manifest is not None:
        hashes = slip_hashes(manifest)
        wanted = {s["file"]: hashes.get(s["file"]) for s in slip_records(manifest) if s["file"] in notes}
    else:
        wanted = {rel: None for rel, d in notes.items()
                  if hashlib.sha256(remake.render(d.kind, d.nip, d.seq, d.number, d.file)).hexdigest() == d.sha256}
    kept: dict[str, tuple[Member, str, str]] = {}
    for rel, recorded in wanted.items():
        d, target = notes[rel], folder / rel
        if target.exists() and recorded is not None:
            if sha256_file(target) != recorded:
                outcome.changed.append(prefix + rel)
            continue
        try:
            data = remake.render(SLIP, d.nip, d.seq, d.number, rel)
        except (KeyMissing, KeyMismatch) as exc:  # its password cannot be made again with this key
            if not target.exists():
                outcome.unrestorable[prefix + rel] = f"[{exc.code}] {exc.message}"
            continue
        digest = hashlib.sha256(data).hexdigest()
        if target.exists():  # no manifest to say otherwise: listed only when it is what sopgen makes
            if sha256_file(target) == digest:
                kept[rel] = (_member(remake, d.nip), d.number, digest)
            continue
        if recorded is not None and digest != recorded:
            outcome.unrestorable[prefix + rel] = _changed_since(SLIP, batch)
            continue
        write_file(target, data, private=True, durable=True, atomic=True)
        outcome.restored.append(prefix + rel)
        kept[rel] = (_member(remake, d.nip), d.number, digest)
    return kept


def _member(remake: _Remake, nip: str | None) -> Member:
    return next(m for m in remake.validation.members if m.nip == nip)


def _restore_archive_files(
    folder: Path, batch: BatchRecord, records: list[DocumentRecord], source: Path,
    validation: Validation, outcome: Outcome, register_id: str, listed: dict[str, str] | None, config: Config,
    slips: dict[str, tuple[Member, str, str]],
) -> None:
    """The input copy, the attached copies and the manifest of a batch whose folder lost them.

    The data hash matched, so the sheet holds the issued data even if Excel re-saved it; a listed
    copy is put back only when its bytes are the ones the manifest recorded."""
    if not folder.is_dir():
        return
    available = archive_inputs(batch.input_name, source, validation)
    if listed is not None:
        for rel, digest in listed.items():
            origin = available.get(rel)
            if origin is not None and not (folder / rel).exists() and sha256_file(origin) == digest:
                write_file(folder / rel, origin.read_bytes(), durable=True, atomic=True)
                outcome.restored.append(f"{batch.folder}/{rel}")
        return
    for rel, origin in available.items():
        if not (folder / rel).exists():
            write_file(folder / rel, origin.read_bytes(), durable=True, atomic=True)
    # Only what is known to be the batch's own: the registered documents (by the register's hash),
    # the input and attached copies just put back from their sources, and the slips the current
    # templates make. Anything else in the folder is for 'sopgen verify' to show as not listed, never
    # approved by a rebuilt manifest.
    prefix = f"{batch.folder}/"
    files = {d.file.removeprefix(prefix): d.sha256 for d in records}
    files.update({rel: sha256_file(origin) for rel, origin in available.items()})
    documents = [{"kind": d.kind, "scope": d.scope, "seq": d.seq, "number": d.number, "nip": d.nip,
                  "nama": d.nama, "file": d.file.removeprefix(prefix), "sha256": d.sha256} for d in records]
    sp = next(d for d in records if d.kind == SURAT_PERINTAH)
    write_manifest_of_batch(folder, config, register_id=register_id, key_fingerprint=batch.key_fingerprint,
                            batch=batch.key, surat_perintah=sp.number,
                            issued_on=batch.issued_on,
                            input_name=batch.input_name, data_hash=batch.data_hash,
                            members=sum(1 for d in records if d.kind == SERAH_TERIMA), documents=documents,
                            files=files, slips=slips)
    outcome.restored.append(f"{batch.folder}/{MANIFEST}")


def _issued_in(member: Member, records: list[DocumentRecord]) -> bool:
    return any(d.nip == member.nip for d in records)
