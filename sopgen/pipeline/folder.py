"""A batch folder made whole or not at all: every file rendered into a temporary folder, made durable,
then moved into place in one rename; with the sheet and attached copies it was made from, and its
manifest."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import OutputError, UnreadableInput, os_reason
from ..filenames import safe_name
from ..manifest import MANIFEST, write_batch_manifest
from ..model import Member, Validation
from ..register import SHARED_SCOPE
from ..slips import SLIP, SLIP_FOLDER
from ..snapshot import Snapshot, signatories_of
from ..snapshot import take as take_snapshot
from ..writer import TMP_PREFIX, make_durable, render_documents, write_file
from .context import SERAH_TERIMA, BatchContext, Job
from .outcome import Run


@dataclass(frozen=True)
class Written:
    """What a batch folder holds: each numbered document's sha256, and what it was issued under."""

    digests: dict[str, str]
    snapshot: Snapshot | None


def write_batch_folder(final: Path, plan: list[Job], slips: list[Job], ctx: BatchContext, run: Run) -> Written:
    """Render every document into a temporary folder, with copies of the config, templates and lambang it
    is rendered from, and of the sheet it was issued from, then move it into place in one rename."""
    source, validation = run.path, run.validation
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = parent / f"{TMP_PREFIX}{final.name}-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        (tmp / "serah_terima").mkdir(parents=True)
        (tmp / SLIP_FOLDER).mkdir()
    except OSError as exc:
        raise output_error(parent, exc) from None
    try:
        from ..render import renderer_for

        renderer = renderer_for(ctx.config)
        snapshot = take_snapshot(ctx.config, renderer)  # before rendering: the very bytes rendered from
        digests = render_documents([*plan, *slips], ctx, renderer, tmp,
                                   when=ctx.issued_on, private=frozenset({SERAH_TERIMA, SLIP}),
                                   progress=run.progress)
        extra = _copy_inputs(tmp, source, validation, run.source_sha)
        for rel, data in (snapshot.files() if snapshot else {}).items():
            extra[rel] = write_file(tmp / rel, data)
        _write_manifest(tmp, ctx, plan, slips, digests, extra, source, run.batch_hash, snapshot)
        make_durable([tmp / f for f in [*digests, *extra, MANIFEST]])
        fsync_dir(tmp)
        # No folder of this name can be here: unregistered ones were recorded before numbering, under
        # the output lock; and a rename onto a folder that has files fails rather than replace it.
        os.replace(tmp, final)
        fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise output_error(parent, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Written({job.file: digests[job.file] for job in plan}, snapshot)


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
    for rel, origin in archive_inputs(source.name, source, validation).items():
        copies[rel] = write_file(tmp / rel, data if origin == source else origin.read_bytes())
    return copies


def archive_inputs(input_name: str, source: Path, validation: Validation) -> dict[str, Path]:
    """Where a batch keeps its input sheet and each member's attached copies, and where they come from."""
    inputs = {f"masukan/{safe_name(input_name)}": source}
    for member in validation.members:
        for attached in (member.salinan_sertifikat_pbj, member.salinan_sk_pokja):
            if attached is not None:
                inputs[f"lampiran/{safe_name(attached.name)}"] = attached
    return inputs


def _write_manifest(
    tmp: Path,
    ctx: BatchContext,
    plan: list[Job],
    slips: list[Job],
    digests: dict[str, str],
    extra: dict[str, str],
    source: Path,
    batch_hash: str,
    snapshot: Snapshot | None,
) -> None:
    scope = (lambda kind: SHARED_SCOPE) if ctx.config.shared_counter else (lambda kind: kind)
    replaced = {nip: earlier.number for nip, earlier in ctx.replaces.items()}
    documents = [manifest_document(j.kind, scope(j.kind), j.seq, j.number, j.member, j.file, digests[j.file],
                                   replaced.get(j.member.nip) if j.member else None) for j in plan]
    write_manifest_of_batch(tmp, ctx.config, register_id=ctx.register_id, key_fingerprint=ctx.key_fingerprint,
                            batch=ctx.key, surat_perintah=ctx.sp_number, issued_on=ctx.issued_on,
                            input_name=source.name, data_hash=batch_hash, members=len(ctx.members),
                            documents=documents, files={**{j.file: digests[j.file] for j in plan}, **extra},
                            slips={j.file: (j.member, j.number, digests[j.file]) for j in slips if j.member},
                            templat=snapshot.listing() if snapshot else {}, induk=ctx.parent_key,
                            penandatangan={s.role: {"jabatan": s.jabatan, "nama": s.nama, "nip": s.nip,
                                                    "pangkat": s.pangkat} for s in signatories_of(ctx.config)})


def manifest_document(kind: str, scope: str, seq: int, number: str, member: Member | None, file: str, sha256: str,
                      replaces: str | None = None) -> dict[str, Any]:
    """A numbered document as the manifest lists it; a handover note with its member's data as printed
    and the number of the note it replaces."""
    entry: dict[str, Any] = {"kind": kind, "scope": scope, "seq": seq, "number": number,
                             "nip": member.nip if member else None, "nama": member.nama if member else None,
                             "file": file, "sha256": sha256}
    if member is not None and kind == SERAH_TERIMA:
        entry["anggota"] = member.issued()
        if replaces is not None:
            entry["menggantikan"] = replaces
    return entry


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


def fsync_dir(path: Path) -> None:
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


def output_error(folder: Path, exc: OSError) -> OutputError:
    reason = os_reason(exc)
    return OutputError(
        f"Surat tidak dapat ditulis ke {folder}: {reason}. Tidak ada nomor surat yang terpakai; "
        "kosongkan ruang disk atau pilih folder lain dengan --output, lalu jalankan lagi."
    )
