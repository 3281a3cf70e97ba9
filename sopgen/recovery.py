"""Batch folders the register does not know: the letters of a run that stopped between moving its
folder into place and committing, or of batches a register restored from an older backup lacks.

Either way those numbers were issued and the letters may have been printed, so they are taken back
into the register (never handed out again) when the folder's manifest comes from this register (or
a backup of it) and its numbers continue the counters exactly. Anything else stops the run with an
explanation, before any number is taken; nothing is moved or deleted.
"""

from __future__ import annotations

import shutil
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import manifest as batch_manifest
from . import snapshot
from .errors import RegisterError
from .manifest import MANIFEST, ManifestError
from .model import ISSUED_FIELDS, Member
from .register import BatchRecord, Register, SignatoryRecord
from .writer import TMP_PREFIX, left_by_a_dead_run, remove_abandoned_temporaries, sha256_file

MEMBER_KIND = "serah_terima"
FIRST_KIND = "surat_perintah"
DISPOSITION_KIND = "lembar_disposisi"
SIGNER_KEYS = ("jabatan", "nama", "nip", "pangkat")


class UnregisteredFolder(RegisterError):
    """A batch folder (or zip) in the output that the register neither knows nor can take back (exit 2)."""

    code = "FOLDER_TIDAK_TERCATAT"


@dataclass
class Adopted:
    """A batch folder taken back into the register, and its files that no longer match the manifest."""

    folder: str
    damaged: list[str] = field(default_factory=list)


def adopt_unregistered(output_dir: Path, register: Register, *, by: str) -> list[Adopted]:
    """Remove temporary folders left by dead runs and record unregistered batch folders (inside
    writing()); returns the folders recorded."""
    known = {b.folder for b in register.batches()}
    found: list[tuple[str, dict[str, Any]]] = []
    for year_dir in sorted(output_dir.glob("[0-9][0-9][0-9][0-9]")):
        for entry in sorted(year_dir.iterdir()):
            rel = f"{year_dir.name}/{entry.name}"
            if entry.name.startswith(TMP_PREFIX):
                _remove_if_abandoned(entry)
            elif entry.is_dir() and rel not in known:
                found.append((rel, _read_manifest(output_dir, rel, register)))
            elif entry.name.endswith(".zip") and entry.is_file():
                folder = entry.name[: -len(".zip")]
                if f"{year_dir.name}/{folder}" not in known and not (year_dir / folder).exists():
                    _refuse_unregistered_zip(entry, rel, register)
    found.sort(key=lambda item: (item[1]["year"], _first_number(item[1])))
    return [_adopt(register, output_dir, rel, manifest, by) for rel, manifest in found]


def _remove_if_abandoned(folder: Path) -> None:
    """A temporary folder is removed only when the run that made it is gone: another sopgen may be
    writing it right now (with another register, whose lock does not cover this one)."""
    if left_by_a_dead_run(folder.name):
        shutil.rmtree(folder, ignore_errors=True)


def _refuse(rel: str, register: Register, why: str, advice: str) -> UnregisteredFolder:
    return UnregisteredFolder(
        f"{rel} berisi surat yang tidak tercatat di register {register.path}, dan tidak dapat dicatat "
        f"ulang: {why}. {advice} Tidak ada nomor yang terpakai."
    )


NOT_OURS = ("Bila folder itu memang bukan surat yang diterbitkan (misalnya salinan), pindahkan ke "
            "output/.tidak-tercatat/, lalu jalankan lagi.")
ISSUED = ("Nomor-nomor di dalamnya sudah terbit: jangan dipindahkan atau dihapus. Pulihkan register "
          "yang sesuai dengan folder output ini (cadangan yang lebih baru), lalu jalankan lagi.")


def _refuse_unregistered_zip(path: Path, rel: str, register: Register) -> None:
    """An archive zip whose batch folder is gone is still proof its numbers were issued."""
    try:
        with zipfile.ZipFile(path) as z:
            listed = any(name.endswith(f"/{MANIFEST}") for name in z.namelist())
    except (OSError, zipfile.BadZipFile):
        listed = False
    if listed:
        raise _refuse(rel, register, "folder batchnya sudah tidak ada, hanya zip arsipnya",
                      f"Ekstrak {path.name} di folder {path.parent.name}/ (agar foldernya kembali), lalu "
                      "jalankan lagi: nomor-nomornya akan dicatat.")


def _read_manifest(output_dir: Path, rel: str, register: Register) -> dict[str, Any]:
    """The folder's manifest with its numbers; it must come from this register or a copy of it."""
    folder = output_dir / rel
    try:
        manifest = batch_manifest.load(folder)
    except ManifestError as exc:
        if exc.code == "MANIFEST_TIDAK_ADA":
            raise _refuse(rel, register, f"{MANIFEST} tidak ada", NOT_OURS) from None
        raise _refuse(rel, register, f"{MANIFEST} rusak ({exc.reason})", NOT_OURS) from None
    lacking = batch_manifest.missing_for_recovery(manifest)
    if lacking:
        raise _refuse(rel, register, f"{MANIFEST} dari versi sopgen yang lebih lama atau tidak lengkap (tanpa "
                                     f"{lacking})", NOT_OURS)
    documents = manifest["documents"]
    issued_on = date.fromisoformat(manifest["issued_on"])
    kinds = [d["kind"] for d in documents]
    if manifest.get("induk"):  # a reissue: notes only, under another batch's Surat Perintah
        if not kinds or any(kind != MEMBER_KIND for kind in kinds):
            raise _refuse(rel, register, f"{MANIFEST} batch pengganti memuat surat selain berita acara", NOT_OURS)
    elif kinds.count(FIRST_KIND) != 1 or kinds.count(DISPOSITION_KIND) != 1 or MEMBER_KIND not in kinds:
        raise _refuse(rel, register, f"{MANIFEST} tidak memuat satu Surat Perintah, satu Lembar Disposisi dan "
                                     "berita acara anggotanya", NOT_OURS)
    origin = manifest.get("register")
    # A register with no batch at all is being rebuilt (the old one lost without a backup): it takes
    # the folders back. One that has batches of its own never takes another register's folder.
    if origin and origin != register.id and register.latest_batch() is not None:
        raise _refuse(rel, register, "folder itu dibuat dengan register lain",
                      "Jalankan sopgen dengan register yang membuatnya (--register), atau beri register "
                      "ini folder output sendiri (--output).")
    manifest["year"] = issued_on.year
    manifest["issued_on"] = issued_on
    return dict(manifest)


def _first_number(manifest: dict[str, Any]) -> int:
    """Where the batch stands in the order of issue: its first note's number (every batch has notes, and
    each took its notes' numbers after those of the batches before it)."""
    return min((d["seq"] for d in manifest["documents"] if d["kind"] == MEMBER_KIND), default=0)


def _adopt(register: Register, output_dir: Path, rel: str, manifest: dict[str, Any], by: str) -> Adopted:
    year: int = manifest["year"]
    parent = register.batch_by_key(manifest["induk"]) if manifest.get("induk") else None
    if manifest.get("induk") and parent is None:  # a reissue stands under a batch that must be known first
        raise _refuse(rel, register, f"berita acaranya diterbitkan ulang di bawah Surat Perintah batch "
                                     f"{manifest['induk']}, yang tidak tercatat dan foldernya tidak ada", ISSUED)
    by_scope: dict[str, list[int]] = defaultdict(list)
    for d in manifest["documents"]:
        by_scope[d["scope"]].append(d["seq"])
    for scope, seqs in sorted(by_scope.items()):
        last = register.counter(scope, year)
        if min(seqs) <= last:  # numbers the register already holds: a copy of a registered batch
            raise _refuse(rel, register, f"nomornya ({scope} {min(seqs)}-{max(seqs)}) sudah tercatat untuk "
                                         "batch lain", NOT_OURS)
        if sorted(seqs) != list(range(last + 1, last + 1 + len(seqs))):
            raise _refuse(rel, register, f"nomornya ({scope} {min(seqs)}-{max(seqs)}) tidak menyambung "
                                         f"dengan nomor terakhir di register ({last})", ISSUED)
    if register.batch_by_key(manifest["batch"]) is not None:
        raise _refuse(rel, register, f"batch {manifest['batch']} sudah tercatat untuk folder lain", NOT_OURS)
    batch = register.add_batch(key=manifest["batch"], input_name=manifest["input"],
                               data_hash=manifest["data_hash"], issued_on=manifest["issued_on"], year=year,
                               folder=rel, key_fingerprint=manifest.get("key_fingerprint"),
                               parent_id=parent.id if parent else None)
    members = [d["nip"] for d in manifest["documents"] if d["kind"] == MEMBER_KIND and d.get("nip")]
    # A member already holding an active note is in this batch only by a reissue: that note is replaced.
    active = register.active_documents_by_nip(MEMBER_KIND)
    earlier = [active[nip] for nip in members if nip in active]
    register.add_documents([
        dict(batch_id=batch.id, kind=d["kind"], scope=d["scope"], year=year, seq=d["seq"], number=d["number"],
             nip=d.get("nip"), nama=d.get("nama"), file=f"{rel}/{d['file']}", sha256=d["sha256"],
             issued_on=manifest["issued_on"])
        for d in manifest["documents"]
    ])
    _what_it_was_issued_under(register, batch, output_dir / rel, manifest)
    register.replace_notes(earlier, batch, own_surat_perintah=parent is None)
    for scope, seqs in by_scope.items():
        register.advance_counter(scope, year, max(seqs))
    if parent is None:
        register.record_steps(members, batch.id, 1, manifest["issued_on"], by)
    else:
        sp = register.surat_perintah_of(parent)
        register.carry_steps(batch, earlier, sp.issued_on if sp else parent.issued_on, by)
    remove_abandoned_temporaries(output_dir / rel)
    return Adopted(rel, damaged=_damaged(output_dir / rel, manifest))


def _what_it_was_issued_under(register: Register, batch: BatchRecord, folder: Path, manifest: dict[str, Any]) -> None:
    """The notes' member data, the signatories and the snapshot the folder's manifest and templat.zip hold
    (what an older sopgen's folder lacks stays unknown: its documents are made again as an old batch's)."""
    members = [Member.from_issued(d["anggota"]) for d in manifest["documents"]
               if d["kind"] == MEMBER_KIND and isinstance(d.get("anggota"), dict)
               and all(isinstance(d["anggota"].get(f), str) for f in ISSUED_FIELDS)]
    register.add_issued_members(batch.id, members)
    signers = manifest.get("penandatangan") or {}
    register.add_signatories(batch.id, [SignatoryRecord(role, *(str(s.get(k, "")) for k in SIGNER_KEYS))
                                        for role, s in sorted(signers.items()) if isinstance(s, dict)])
    found = snapshot.from_folder(folder, manifest)
    if found is not None:
        register.add_snapshot(batch.id, found.parts)


def _damaged(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """The documents that are missing or no longer what was issued: the numbers are recorded all the
    same (they were issued), and the clerk is told which files to restore."""
    return [d["file"] for d in manifest["documents"]
            if not (folder / d["file"]).is_file() or sha256_file(folder / d["file"]) != d["sha256"]]
