"""Run the stages for a batch, atomically: validate -> number -> render -> record.

A batch is one valid sheet. Its documents are rendered into a temporary folder while the register's
write lock is held, the folder is renamed into place, and only then is the register committed: a
crash leaves either the whole batch or a folder the register does not know, which the next run
moves aside before it numbers anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import documents
from . import manifest as batch_manifest
from .config import Config, refuse_examples
from .errors import DateError, OutputError, UnreadableInput, os_reason
from .filenames import safe_name
from .idtext import tanggal
from .manifest import MANIFEST, write_batch_manifest
from .model import Member, Validation
from .outputlock import output_lock
from .passwords import derive_password, different_key, key_fingerprint, load_or_create_key, secure_key_file
from .recovery import Adopted, adopt_unregistered
from .register import SHARED_SCOPE, BatchRecord, DocumentRecord, Register
from .slips import SLIP, SLIP_FOLDER, slip_file, slip_hashes, slip_records
from .validate import validate_file
from .writer import (
    TMP_PREFIX,
    make_durable,
    remove_abandoned_temporaries,
    render_documents,
    sha256_file,
    write_file,
)

SURAT_PERINTAH = "surat_perintah"
LEMBAR_DISPOSISI = "lembar_disposisi"
SERAH_TERIMA = "serah_terima"
MAX_DAYS_AHEAD = 7  # how far ahead of today a letter may be dated

# Outcome statuses (stable keys for scripts).
NEW = "baru"
ALREADY = "sudah_ada"
INVALID = "tidak_valid"
NOTHING_NEW = "tidak_ada_yang_baru"


@dataclass(frozen=True)
class Settings:
    config: Config
    output_dir: Path
    register_path: Path
    when: date | None = None
    sheet_name: str | None = None
    attachments: Path | None = None  # None: the copies are not checked
    reissue: bool = False
    new_key: bool = False  # make a new password key although the register already holds notes
    allow_examples: bool = False  # the demo's letters may carry the config's CONTOH values


@dataclass
class Earlier:
    """A member of this sheet who already received an account in an earlier batch."""

    member: Member
    document: DocumentRecord


@dataclass
class Outcome:
    file: Path
    validation: Validation
    status: str
    batch: BatchRecord | None = None
    folder: Path | None = None
    documents: list[DocumentRecord] = field(default_factory=list)
    earlier: list[Earlier] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unrestorable: dict[str, str] = field(default_factory=dict)  # file -> why it cannot be made again
    adopted: list[Adopted] = field(default_factory=list)  # batch folders found issued but unregistered
    register_made_from: str | None = None  # the register was made by this run: it was missing or empty
    key_warning: str | None = None  # the password key was readable by others


Progress = Callable[[int, int], None]


def data_hash(members: list[Member]) -> str:
    """The batch's identity: its normalised data, so a re-saved sheet is the same batch."""
    payload = json.dumps([m.data() for m in members], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def issue_letters(path: Path, settings: Settings, progress: Progress | None = None) -> Outcome:
    """Validate one sheet and, if it is clean, issue (or reproduce) its batch of documents."""
    if not settings.allow_examples:
        refuse_examples(settings.config)
    today = settings.when or clock_today()
    _refuse_far_future(today)
    source_sha = _sha_of_input(path)
    validation = validate_file(
        path,
        today=today,
        sheet_name=settings.sheet_name,
        attachments=settings.attachments,
        area_code=str(settings.config.kantor.get("kode_area_telepon", "0352")),
    )
    if not validation.ok:
        return Outcome(path, validation, INVALID)
    with output_lock(settings.output_dir), Register(settings.register_path) as register, register.writing():
        key_warning = None if settings.config.manual_password else secure_key_file(settings.register_path.parent)
        adopted = adopt_unregistered(settings.output_dir, register,
                                     by=settings.config.penandatangan["kepala_ukpbj"].nama)
        batch_hash = data_hash(validation.members)
        existing = None if settings.reissue else register.batch_by_hash(batch_hash)
        if existing is not None:
            outcome = _reproduce(path, validation, existing, register, settings)
        else:
            outcome = _issue_new(path, validation, batch_hash, today, register, settings, progress,
                                 source_sha)
    outcome.adopted = adopted
    outcome.register_made_from = register.made_from
    outcome.key_warning = key_warning
    return outcome


def _issue_new(
    path: Path,
    validation: Validation,
    batch_hash: str,
    today: date,
    register: Register,
    settings: Settings,
    progress: Progress | None,
    source_sha: str,
) -> Outcome:
    config = settings.config
    earlier, members = _split_already_issued(validation.members, register)
    superseded: list[DocumentRecord] = []
    if settings.reissue:
        superseded = [e.document for e in earlier]
        members, earlier = validation.members, []
    if not members:
        return Outcome(path, validation, NOTHING_NEW, earlier=earlier)
    year = today.year
    _refuse_backdating(register, today)
    password_key = _password_key(settings, register)
    fingerprint = key_fingerprint(password_key) if password_key else None
    plan = _plan(config, register, members, year)
    sp_number, sp_seq = plan[0].number, plan[0].seq
    key = f"{year}-{sp_seq:03d}"
    folder_rel = f"{year}/{safe_name(f'{sp_seq:03d}_{path.stem}', max_bytes=80)}"
    batch_ctx = _BatchContext(config, members, key, sp_number, today, password_key, register.id, fingerprint)
    final = settings.output_dir / folder_rel
    written = _write_batch_folder(final, plan, _slip_jobs(plan), batch_ctx, path, validation, progress,
                                  batch_hash, source_sha)
    batch = register.add_batch(key=key, input_name=path.name, data_hash=batch_hash,
                               issued_on=today, year=year, folder=folder_rel, key_fingerprint=fingerprint)
    register.add_documents([
        dict(batch_id=batch.id, kind=job.kind, year=year, seq=job.seq, number=job.number,
             nip=job.member.nip if job.member else None,
             nama=job.member.nama if job.member else None, file=f"{folder_rel}/{job.file}",
             sha256=written[job.file], issued_on=today)
        for job in plan
    ])
    if superseded:
        register.supersede([d.id for d in superseded], batch.id)
    register.record_steps([m.nip for m in members], batch.id, 1, today,
                          config.penandatangan["kepala_ukpbj"].nama)
    return Outcome(path, validation, NEW, batch=batch, folder=final,
                   documents=register.documents(batch.id), earlier=earlier)


def _password_key(settings: Settings, register: Register) -> bytes:
    """The key for new notes; made only for a register without letters (or when asked): a key lost
    with letters already issued must be restored from the backup, not silently replaced."""
    if settings.config.manual_password:
        return b""
    folder = settings.register_path.parent
    may_create = settings.new_key or register.latest_batch() is None
    key = load_or_create_key(folder, may_create=may_create)
    in_use = register.key_in_use()
    if in_use is not None and in_use.key_fingerprint != key_fingerprint(key) and not settings.new_key:
        raise different_key(folder, in_use.key)  # before any number is taken
    return key


def clock_today() -> date:
    """The machine's date (one place, so a test can set it)."""
    return date.today()


def _sha_of_input(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""  # validate_file names the unreadable file in its own words


def _refuse_far_future(when: date) -> None:
    """A letter may be prepared a few days ahead; a date weeks ahead is a typo (2026-12-24 for
    2026-11-24) that would, through `_refuse_backdating`, block every letter until that day."""
    now = clock_today()
    if (when - now).days > MAX_DAYS_AHEAD:
        raise DateError(
            f"Tanggal surat {tanggal(when)} lebih dari {MAX_DAYS_AHEAD} hari sesudah hari ini "
            f"({tanggal(now)}). Periksa --date (tulis TAHUN-BULAN-TANGGAL), atau jalankan tanpa --date "
            "untuk memakai tanggal hari ini. Tidak ada nomor yang terpakai.",
            code="TANGGAL_MAJU",
        )


def _refuse_backdating(register: Register, today: date) -> None:
    """Numbers follow dates: a letter dated before one already numbered, in any year, would break the
    order of the Buku Agenda (no. 006 dated before no. 005), or, across a year, start next year's
    numbers again from 001 under this year's date: the PC's clock set back."""
    latest = register.latest_document()
    if latest is None or today >= latest.issued_on:
        return
    hint = f"pakai tanggal {tanggal(latest.issued_on)} atau sesudahnya (--date)"
    now = clock_today()
    if now >= latest.issued_on:
        hint += ", atau jalankan tanpa --date untuk hari ini"
    else:
        hint = (f"tanggal komputer ini ({tanggal(now)}) lebih awal daripada surat terakhir: periksa tanggal dan "
                f"jam komputer, atau {hint}")
    raise DateError(
        f"Tanggal surat {tanggal(today)} lebih awal daripada surat yang sudah diterbitkan "
        f"({latest.number}, {tanggal(latest.issued_on)}). Nomor surat harus urut menurut tanggal: "
        f"{hint}. Tidak ada nomor yang terpakai."
    )


def _plan(config: Config, register: Register, members: list[Member], year: int) -> list[_Job]:
    """Number the batch's documents (inside the register's write transaction) and name their files."""
    def numbered(kind: str, count: int) -> list[tuple[int, str]]:
        seqs = register.allocate(kind, year, count, shared_counter=config.shared_counter)
        return [(seq, config.numbering[kind].render(seq, year)) for seq in seqs]

    [(sp_seq, sp_number)] = numbered(SURAT_PERINTAH, 1)
    [(ld_seq, ld_number)] = numbered(LEMBAR_DISPOSISI, 1)
    plan = [
        _Job(SURAT_PERINTAH, sp_seq, sp_number, None, f"01_surat_perintah_{safe_name(sp_number)}.docx"),
        _Job(LEMBAR_DISPOSISI, ld_seq, ld_number, None, f"02_lembar_disposisi_{safe_name(ld_number)}.docx"),
    ]
    for member, (seq, number) in zip(members, numbered(SERAH_TERIMA, len(members)), strict=True):
        name = safe_name(f"{seq:03d}_{member.nip}_{member.nama}", max_bytes=110)
        plan.append(_Job(SERAH_TERIMA, seq, number, member, f"serah_terima/{name}.docx"))
    return plan


def _slip_jobs(plan: list[_Job]) -> list[_Job]:
    """Each Berita Acara's Slip Kata Sandi: its member, number and file name, in the slip folder."""
    return [_Job(SLIP, job.seq, job.number, job.member, slip_file(job.file)) for job in plan
            if job.kind == SERAH_TERIMA]


def _split_already_issued(
    members: list[Member], register: Register
) -> tuple[list[Earlier], list[Member]]:
    earlier: list[Earlier] = []
    fresh: list[Member] = []
    issued = register.active_documents_by_nip(SERAH_TERIMA)
    for member in members:
        done = issued.get(member.nip)
        if done is not None:
            earlier.append(Earlier(member, done))
        else:
            fresh.append(member)
    return earlier, fresh


@dataclass(frozen=True)
class _Job:
    kind: str
    seq: int
    number: str
    member: Member | None
    file: str  # relative to the batch folder


@dataclass(frozen=True)
class _BatchContext:
    config: Config
    members: list[Member]
    key: str
    sp_number: str
    issued_on: date
    password_key: bytes
    register_id: str = ""
    key_fingerprint: str | None = None

    def context(self, job: _Job) -> dict[str, Any]:
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


def _write_batch_folder(
    final: Path,
    plan: list[_Job],
    slips: list[_Job],
    ctx: _BatchContext,
    source: Path,
    validation: Validation,
    progress: Progress | None,
    batch_hash: str,
    source_sha: str,
) -> dict[str, str]:
    """Render every document into a temporary folder, then move it into place in one rename."""
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f"{TMP_PREFIX}{final.name}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        (tmp / "serah_terima").mkdir(parents=True)
        (tmp / SLIP_FOLDER).mkdir()
    except OSError as exc:
        raise _output_error(parent, exc) from None
    try:
        from .render import renderer_for

        digests = render_documents([*plan, *slips], ctx, renderer_for(ctx.config), tmp,
                                   when=ctx.issued_on, private=frozenset({SERAH_TERIMA, SLIP}),
                                   progress=progress)
        extra = _copy_inputs(tmp, source, validation, source_sha)
        _write_manifest(tmp, ctx, plan, slips, digests, extra, source, batch_hash)
        make_durable([tmp / f for f in [*digests, *extra, MANIFEST]])
        _fsync_dir(tmp)
        # No folder of this name can be here: unregistered ones were recorded before numbering, under
        # the output lock; and a rename onto a folder that has files fails rather than replace it.
        os.replace(tmp, final)
        _fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _output_error(parent, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {job.file: digests[job.file] for job in plan}


def _copy_inputs(tmp: Path, source: Path, validation: Validation, source_sha: str) -> dict[str, str]:
    """The input sheet (exactly as validated) and each member's attached copies belong to the
    batch's archive."""
    copies: dict[str, str] = {}
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != source_sha:
        raise UnreadableInput(
            f"{source} berubah selagi sopgen bekerja (disimpan lagi dari Excel?), jadi salinannya tidak "
            "sama dengan data yang diperiksa. Tidak ada nomor yang terpakai; simpan dan tutup berkas itu, "
            "lalu jalankan lagi."
        )
    for rel, origin in _archive_inputs(source.name, source, validation).items():
        copies[rel] = write_file(tmp / rel, data if origin == source else origin.read_bytes())
    return copies


def _archive_inputs(input_name: str, source: Path, validation: Validation) -> dict[str, Path]:
    """Where a batch keeps its input sheet and each member's attached copies, and where they come from."""
    inputs = {f"masukan/{safe_name(input_name)}": source}
    for member in validation.members:
        for attached in (member.salinan_sertifikat_pbj, member.salinan_sk_pokja):
            if attached is not None:
                inputs[f"lampiran/{safe_name(attached.name)}"] = attached
    return inputs


def _write_manifest(
    tmp: Path,
    ctx: _BatchContext,
    plan: list[_Job],
    slips: list[_Job],
    digests: dict[str, str],
    extra: dict[str, str],
    source: Path,
    batch_hash: str,
) -> None:
    scope = (lambda kind: SHARED_SCOPE) if ctx.config.shared_counter else (lambda kind: kind)
    documents = [{"kind": j.kind, "scope": scope(j.kind), "seq": j.seq, "number": j.number,
                  "nip": j.member.nip if j.member else None, "nama": j.member.nama if j.member else None,
                  "file": j.file, "sha256": digests[j.file]} for j in plan]
    write_manifest_of_batch(tmp, ctx.config, register_id=ctx.register_id, key_fingerprint=ctx.key_fingerprint,
                            batch=ctx.key, surat_perintah=ctx.sp_number, issued_on=ctx.issued_on,
                        input_name=source.name, data_hash=batch_hash, members=len(ctx.members),
                        documents=documents, files={**{j.file: digests[j.file] for j in plan}, **extra},
                        slips={j.file: (j.member, j.number, digests[j.file]) for j in slips if j.member})


def write_manifest_of_batch(
    folder: Path, config: Config, *, documents: list[dict[str, Any]], slips: dict[str, tuple[Member, str, str]],
    **fields: Any,
) -> None:
    """The batch's manifest (`manifest.write_batch_manifest`) with each document's classification code
    and the retention of every code used, and the slips kept apart from the archive (`slips`: slip
    file -> (member, Berita Acara number, sha256))."""
    codes = {d["kind"]: config.numbering[d["kind"]].kode for d in documents if d["kind"] in config.numbering}
    write_batch_manifest(
        folder, **fields, documents=[{**d, "klasifikasi": codes.get(d["kind"], "")} for d in documents],
        klasifikasi={code: config.retention[code].to_dict() for code in sorted(set(codes.values()))
                     if code in config.retention},
        slips=[{"nip": m.nip, "nama": m.nama, "serah_terima": number, "file": rel}
               for rel, (m, number, _) in slips.items()],
        slip_files={rel: sha for rel, (_, _, sha) in sorted(slips.items())},
    )


def _reproduce(
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
        from .render import renderer_for

        if self._renderer is None:
            self._renderer = renderer_for(self.settings.config)
        if kind == SLIP and self._key is None:
            self._key = self._password_key()
        members = self.validation.members
        sp = next(d for d in self.records if d.kind == SURAT_PERINTAH)
        ctx = _BatchContext(self.settings.config, [m for m in members if _issued_in(m, self.records)],
                            self.batch.key, sp.number, self.batch.issued_on, self._key or b"")
        member = next((m for m in members if m.nip == nip), None) if nip else None
        job = _Job(kind, seq, number, member, file)
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
    from .passwords import KeyMismatch, KeyMissing

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
    available = _archive_inputs(batch.input_name, source, validation)
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


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _output_error(folder: Path, exc: OSError) -> OutputError:
    reason = os_reason(exc)
    return OutputError(
        f"Surat tidak dapat ditulis ke {folder}: {reason}. Tidak ada nomor surat yang terpakai; "
        "kosongkan ruang disk atau pilih folder lain dengan --output, lalu jalankan lagi."
    )
