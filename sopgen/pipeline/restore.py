"""A sheet run again: nothing is numbered; what the folders of its batches lost is made again exactly as
it was issued, or named as not restorable, never substituted.

A batch issued with a snapshot (sopgen/snapshot.py) is made again from the register alone: the config,
templates and lambang it was issued with, and each note's member data as printed, so a new Kepala, an
edited template or a corrected sheet changes nothing of it. A batch from before snapshots is made again
from the current templates and the sheet, only when the sheet holds its very data (its hash matched)
and only where the result has the recorded bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import manifest as batch_manifest
from .. import snapshot as snapshots
from ..config import Config
from ..manifest import MANIFEST, ManifestError
from ..model import Member, Validation
from ..passwords import different_key, key_fingerprint, load_or_create_key
from ..register import BatchRecord, DocumentRecord, Register
from ..slips import SLIP, slip_file, slip_hashes, slip_records
from ..snapshot import Snapshot, SnapshotUnusable
from ..writer import remove_abandoned_temporaries, sha256_file, write_file
from .context import SERAH_TERIMA, BatchContext, Job, Replaced
from .folder import archive_inputs, manifest_document, write_manifest_of_batch
from .outcome import ALREADY, Outcome, Settings


def reproduce(
    path: Path, validation: Validation, batch: BatchRecord, register: Register, settings: Settings
) -> Outcome:
    """The same data again: nothing is numbered; missing files are made again identically."""
    outcome = Outcome(path, validation, ALREADY, batch=batch, folder=settings.output_dir / batch.folder,
                      documents=register.documents(batch.id))
    restore_batches(path, validation, register, settings, outcome, matched=batch)
    return outcome


def restore_batches(path: Path, validation: Validation, register: Register, settings: Settings, outcome: Outcome,
                    matched: BatchRecord | None = None, skip: set[int] | frozenset[int] = frozenset()) -> None:
    """What the folders of the sheet's batches lost: every batch holding a document of one of its members
    (valid or replaced), the batch whose Surat Perintah each stands under, and `matched`, the batch whose
    data the sheet holds; not those in `skip` (just written)."""
    ids = register.batches_with_notes_for([m.nip for m in validation.members]) - set(skip)
    batches = {b.id: b for b in (register.batch_by_id(i) for i in ids) if b is not None}
    for b in list(batches.values()):
        root = register.root_of(b)
        batches.setdefault(root.id, root)
    if matched is not None:
        batches[matched.id] = matched
    for batch in sorted(batches.values(), key=lambda b: b.id):
        if batch.id in skip:
            continue
        holds_data = matched is not None and batch.id == matched.id
        try:
            _restore_batch(batch, path, validation, register, settings, outcome, holds_data=holds_data)
        except ManifestError:
            if holds_data:
                raise
            # Another batch's damaged manifest is for 'sopgen verify' to name: that batch is left untouched.


def _restore_batch(batch: BatchRecord, source: Path, validation: Validation, register: Register,
                   settings: Settings, outcome: Outcome, *, holds_data: bool) -> None:
    """`holds_data`: the sheet holds the batch's very data (its hash matched); its files are also checked
    against their sha256. Another batch of the sheet's members is only looked at for what it lost."""
    folder = settings.output_dir / batch.folder
    # A damaged manifest is for the clerk to restore (or delete, to have it rebuilt from the
    # register), never guessed at: nothing of the batch is touched while it is there.
    manifest = batch_manifest.load(folder) if (folder / MANIFEST).exists() else None
    if not holds_data and not _lacks_something(folder, register.documents(batch.id), settings.output_dir, manifest):
        return
    remake = remake_for(batch, register, settings, validation if holds_data else None)
    if remake is None:  # a batch from before snapshots, and the sheet does not hold its data
        return
    if folder.is_dir():
        remove_abandoned_temporaries(folder)
    records = remake.records
    for d in records if holds_data else []:
        target = settings.output_dir / d.file
        if target.exists() and sha256_file(target) != d.sha256:
            outcome.changed.append(d.file)
    _render_missing([d for d in records if not (settings.output_dir / d.file).exists()], remake, settings, outcome)
    slips = _restore_slips(folder, batch, records, remake, outcome, manifest, check=holds_data)
    _restore_snapshot_files(folder, batch, remake.snapshot, manifest, outcome)
    _restore_archive_files(folder, batch, source, validation, outcome, register,
                           manifest["files"] if manifest is not None else None, remake, slips, holds_data)


def _lacks_something(folder: Path, records: list[DocumentRecord], output_dir: Path,
                     manifest: dict[str, Any] | None) -> bool:
    """A document, a slip, a copy of what the batch was issued under, or the manifest is missing."""
    if manifest is None or any(not (output_dir / d.file).exists() for d in records):
        return True
    listed = [s["file"] for s in slip_records(manifest)] + ([snapshots.ZIP] if manifest.get("templat") else [])
    return any(not (folder / rel).exists() for rel in listed)


class MemberNotRecorded(Exception):
    """The register holds no member data for a note of a batch issued with a snapshot."""


@dataclass
class Remake:
    """Renders a registered batch's documents and slips again as they were issued; the password key is
    read (and checked against the batch's fingerprint) only when a slip is made."""

    settings: Settings
    register: Register
    batch: BatchRecord
    records: list[DocumentRecord]
    members: list[Member]  # the batch's members, in the order of their notes
    snapshot: Snapshot | None = None
    sp_number: str = ""
    sp_issued_on: date | None = None
    replaces: dict[str, Replaced] = field(default_factory=dict)
    _config: Config | None = None
    _renderer: Any = None
    _key: bytes | None = None
    _by_nip: dict[str, Member] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        """The config the batch was issued with (the current one for a batch from before snapshots)."""
        self._prepare()
        assert self._config is not None
        return self._config

    def _prepare(self) -> None:
        if self._renderer is not None:
            return
        if self.snapshot is None:
            from ..render import renderer_for

            self._config, self._renderer = self.settings.config, renderer_for(self.settings.config)
        else:
            where = self.settings.output_dir / self.batch.folder / snapshots.ZIP
            self._config, self._renderer = snapshots.renderer_of(self.snapshot, where)

    def member(self, nip: str | None) -> Member:
        if len(self._by_nip) != len(self.members):
            self._by_nip = {m.nip: m for m in self.members}
        found = self._by_nip.get(nip or "")
        if found is None:
            raise MemberNotRecorded(nip)
        return found

    def render(self, kind: str, nip: str | None, seq: int, number: str, file: str) -> bytes:
        self._prepare()
        if kind == SLIP and self._key is None:
            self._key = self._password_key()
        ctx = BatchContext(self.config, self.members, self.batch.key, self.sp_number, self.batch.issued_on,
                           self._key or b"", sp_issued_on=self.sp_issued_on, replaces=self.replaces)
        job = Job(kind, seq, number, self.member(nip) if nip else None, file)
        return bytes(self._renderer.render(kind, ctx.context(job), when=self.batch.issued_on))

    def _password_key(self) -> bytes:
        """The key the batch's passwords were derived with; KeyMissing or KeyMismatch otherwise."""
        if self.config.manual_password:
            return b""
        folder = self.settings.register_path.parent
        key = load_or_create_key(folder, may_create=False)
        if self.batch.key_fingerprint and self.batch.key_fingerprint != key_fingerprint(key):
            raise different_key(folder, self.batch.key)
        return key

    def changed_since(self, kind: str) -> str:
        """Why a document of the batch comes out with other bytes than issued."""
        if self.snapshot is not None:  # made from the batch's own copies: only sopgen itself can differ
            return ("sopgen versi ini membuatnya sedikit berbeda dari saat diterbitkan, jadi hasilnya tidak sama "
                    "persis; pulihkan berkas ini dari cadangan atau dari zip arsip batch ini")
        what = "templat atau konfigurasi"
        if kind == SLIP and not self.batch.key_fingerprint:  # a batch from before fingerprints
            what = "templat, konfigurasi atau kunci kata sandi"
        return (f"{what} sudah berubah sejak surat ini diterbitkan, jadi hasilnya tidak akan sama persis; "
                "pulihkan berkas ini dari cadangan")


def remake_for(batch: BatchRecord, register: Register, settings: Settings,
               validation: Validation | None) -> Remake | None:
    """How the batch's documents are made again: from its snapshot and the register's member data, or,
    for a batch from before snapshots, from the current templates and the sheet that holds its data
    (None when no sheet does)."""
    records = register.documents(batch.id)
    snapshot = snapshots.load(register, batch.id)
    sp = register.surat_perintah_of(batch)
    sp_number, sp_issued_on = (sp.number, sp.issued_on) if sp else ("", None)
    if snapshot is not None:
        issued = register.issued_members(batch_id=batch.id)
        members = [issued[d.id] for d in sorted(records, key=lambda d: d.seq)
                   if d.kind == SERAH_TERIMA and d.id in issued]
        replaces = {nip: Replaced(d.number, d.issued_on) for nip, d in register.notes_replaced_by(batch.id).items()}
        return Remake(settings, register, batch, records, members, snapshot, sp_number, sp_issued_on, replaces)
    if validation is None:
        return None
    nips = {d.nip for d in records}
    members = [m for m in validation.members if m.nip in nips]
    return Remake(settings, register, batch, records, members, None, sp_number, sp_issued_on)


def _render_missing(missing: list[DocumentRecord], remake: Remake, settings: Settings, outcome: Outcome) -> None:
    for d in missing:
        try:
            data = remake.render(d.kind, d.nip, d.seq, d.number, d.file)
        except SnapshotUnusable as exc:
            outcome.unrestorable[d.file] = exc.message
            continue
        except MemberNotRecorded:
            outcome.unrestorable[d.file] = ("data anggotanya tidak tercatat di register; pulihkan berkas ini dari "
                                            "cadangan atau dari zip arsip batch ini")
            continue
        if hashlib.sha256(data).hexdigest() != d.sha256:  # the template or config changed since
            outcome.unrestorable[d.file] = remake.changed_since(d.kind)
            continue
        write_file(settings.output_dir / d.file, data, private=d.kind == SERAH_TERIMA, durable=True,
                   atomic=True)
        outcome.restored.append(d.file)


def _restore_slips(folder: Path, batch: BatchRecord, records: list[DocumentRecord], remake: Remake,
                   outcome: Outcome, manifest: dict[str, Any] | None, *,
                   check: bool = True) -> dict[str, tuple[Member, str, str]]:
    """The slips a batch folder lost, made again from the password key. With the manifest, each must
    come out as it recorded (and one there is checked against it, when `check`); without it (being
    rebuilt), a slip belongs to every Berita Acara that is still made exactly (an older batch's notes
    carried the password themselves). Returns the slips for a rebuilt manifest."""
    from ..passwords import KeyMismatch, KeyMissing

    if not folder.is_dir():
        return {}
    prefix = f"{batch.folder}/"
    notes = {slip_file(d.file): d for d in records if d.kind == SERAH_TERIMA}
    if manifest is not None:
        hashes = slip_hashes(manifest)
        wanted = {s["file"]: hashes.get(s["file"]) for s in slip_records(manifest) if s["file"] in notes}
    else:
        wanted = {rel: None for rel, d in notes.items() if _made_exactly(remake, d)}
    kept: dict[str, tuple[Member, str, str]] = {}
    for rel, recorded in wanted.items():
        d, target = notes[rel], folder / rel
        if target.exists() and recorded is not None:
            if check and sha256_file(target) != recorded:
                outcome.changed.append(prefix + rel)
            continue
        try:
            data = remake.render(SLIP, d.nip, d.seq, d.number, rel)
        except (KeyMissing, KeyMismatch) as exc:  # its password cannot be made again with this key
            if not target.exists():
                outcome.unrestorable[prefix + rel] = f"[{exc.code}] {exc.message}"
            continue
        except (SnapshotUnusable, MemberNotRecorded):
            continue  # its note is named as not restorable already
        digest = hashlib.sha256(data).hexdigest()
        if target.exists():  # no manifest to say otherwise: listed only when it is what sopgen makes
            if sha256_file(target) == digest:
                kept[rel] = (remake.member(d.nip), d.number, digest)
            continue
        if recorded is not None and digest != recorded:
            outcome.unrestorable[prefix + rel] = remake.changed_since(SLIP)
            continue
        write_file(target, data, private=True, durable=True, atomic=True)
        outcome.restored.append(prefix + rel)
        kept[rel] = (remake.member(d.nip), d.number, digest)
    return kept


def _made_exactly(remake: Remake, d: DocumentRecord) -> bool:
    try:
        return hashlib.sha256(remake.render(d.kind, d.nip, d.seq, d.number, d.file)).hexdigest() == d.sha256
    except (SnapshotUnusable, MemberNotRecorded):
        return False


def _restore_snapshot_files(folder: Path, batch: BatchRecord, snapshot: Snapshot | None,
                            manifest: dict[str, Any] | None, outcome: Outcome) -> None:
    """The batch's copies of its config, templates and lambang, from the register (by their sha256)."""
    if snapshot is None or not folder.is_dir():
        return
    listed = manifest["files"] if manifest is not None else None
    for rel, data in snapshot.files().items():
        if (folder / rel).exists() or (listed is not None and rel not in listed):
            continue
        write_file(folder / rel, data, durable=True, atomic=True)
        outcome.restored.append(f"{batch.folder}/{rel}")


def _restore_archive_files(
    folder: Path, batch: BatchRecord, source: Path, validation: Validation, outcome: Outcome,
    register: Register, listed: dict[str, str] | None, remake: Remake, slips: dict[str, tuple[Member, str, str]],
    holds_data: bool,
) -> None:
    """The input copy, the attached copies and the manifest of a batch whose folder lost them.

    A listed copy is put back only when its bytes are the ones the manifest recorded. Without the
    manifest, the sheet's copies are put back only when the sheet holds the batch's data (`holds_data`:
    the data hash matched, even if Excel re-saved it)."""
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
    if not holds_data:
        available = {}
    for rel, origin in available.items():
        if not (folder / rel).exists():
            write_file(folder / rel, origin.read_bytes(), durable=True, atomic=True)
    _rebuild_manifest(folder, batch, register, remake, available, slips)
    outcome.restored.append(f"{batch.folder}/{MANIFEST}")


def _rebuild_manifest(folder: Path, batch: BatchRecord, register: Register, remake: Remake,
                      available: dict[str, Path], slips: dict[str, tuple[Member, str, str]]) -> None:
    """Only what is known to be the batch's own: the registered documents (by the register's hash), its
    snapshot's copies, the input and attached copies just put back from their sources, and the slips
    that are made exactly. Anything else in the folder is for 'sopgen verify' to show as not listed,
    never approved by a rebuilt manifest."""
    prefix = f"{batch.folder}/"
    records = remake.records
    files = {d.file.removeprefix(prefix): d.sha256 for d in records}
    files.update({rel: sha256_file(origin) for rel, origin in available.items()})
    snapshot = remake.snapshot
    if snapshot is not None:
        files.update({rel: hashlib.sha256(data).hexdigest() for rel, data in snapshot.files().items()})
    members = {m.nip: m for m in remake.members}
    documents = [manifest_document(d.kind, d.scope, d.seq, d.number, members.get(d.nip or "") if snapshot else None,
                                   d.file.removeprefix(prefix), d.sha256,
                                   remake.replaces[d.nip].number if d.nip in remake.replaces else None)
                 for d in records]
    for entry, d in zip(documents, records, strict=True):
        entry["nama"], entry["nip"] = d.nama, d.nip  # as registered, also for a batch without member data
    signers = register.signatories().get(batch.id, {})
    parent = register.batch_by_id(batch.parent_id) if batch.parent_id is not None else None
    try:
        config = remake.config  # the classification codes as issued
    except SnapshotUnusable:
        config = remake.settings.config
    write_manifest_of_batch(folder, config, register_id=register.id, key_fingerprint=batch.key_fingerprint,
                            batch=batch.key, surat_perintah=remake.sp_number, issued_on=batch.issued_on,
                            input_name=batch.input_name, data_hash=batch.data_hash,
                            members=sum(1 for d in records if d.kind == SERAH_TERIMA), documents=documents,
                            files=files, slips=slips, templat=snapshot.listing() if snapshot else {},
                            penandatangan={role: {"jabatan": s.jabatan, "nama": s.nama, "nip": s.nip,
                                                  "pangkat": s.pangkat} for role, s in signers.items()},
                            induk=parent.key if parent else None)

