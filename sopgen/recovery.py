"""Batch folders the register does not know: the letters of a run that stopped between moving its
folder into place and committing, or of batches a register restored from an older backup lacks.

Either way the letters in them were made whole and may have been printed, so their numbers are
taken back into the register (never handed out again) when they continue the register's counters
exactly; anything else stops the run with an explanation, before any number is taken.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from .errors import RegisterError
from .register import Register
from .writer import sha256_file

MANIFEST = "manifest.json"
TMP_PREFIX = ".tmp-"
MEMBER_KIND = "serah_terima"
FIRST_KIND = "surat_perintah"


class UnregisteredFolder(RegisterError):
    """A batch folder in the output that the register neither knows nor can take back (exit 2)."""

    code = "FOLDER_TIDAK_TERCATAT"


def adopt_unregistered(output_dir: Path, register: Register, *, by: str) -> list[str]:
    """Remove leftover temporary folders and record unregistered batch folders (inside writing());
    returns the folders recorded."""
    known = {b.folder for b in register.batches()}
    found: list[tuple[str, dict[str, Any]]] = []
    for year_dir in sorted(output_dir.glob("[0-9][0-9][0-9][0-9]")):
        for entry in sorted(year_dir.iterdir()):
            rel = f"{year_dir.name}/{entry.name}"
            if entry.name.startswith(TMP_PREFIX):
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_dir() and rel not in known:
                found.append((rel, _checked_manifest(output_dir, rel, register)))
    found.sort(key=lambda item: (item[1]["year"], _first_number(item[1])))
    for rel, manifest in found:
        _adopt(register, rel, manifest, by)
    return [rel for rel, _ in found]


def _refuse(rel: str, register: Register, why: str) -> UnregisteredFolder:
    return UnregisteredFolder(
        f"Folder {rel} berisi surat yang tidak tercatat di register {register.path}, dan tidak dapat "
        f"dicatat ulang: {why}. Bila register dipulihkan dari cadangan yang lebih lama, pulihkan "
        "register yang sesuai dengan folder output ini; bila folder itu memang bukan surat yang "
        "diterbitkan, pindahkan ke output/.tidak-tercatat/. Tidak ada nomor yang terpakai."
    )


def _checked_manifest(output_dir: Path, rel: str, register: Register) -> dict[str, Any]:
    """The folder's manifest, its numbers complete, and every document it lists present and intact."""
    folder = output_dir / rel
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        documents = manifest["documents"]
        issued_on = date.fromisoformat(manifest["issued_on"])
        for d in documents:
            d["seq"], d["scope"], d["kind"], d["number"], d["sha256"] = (
                int(d["seq"]), str(d["scope"]), str(d["kind"]), str(d["number"]), str(d["sha256"]))
        for key in ("batch", "input", "data_hash"):
            manifest[key] = str(manifest[key])
    except FileNotFoundError:
        raise _refuse(rel, register, f"{MANIFEST} tidak ada") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise _refuse(rel, register, f"{MANIFEST} rusak atau dari versi sopgen yang lebih lama") from None
    for d in documents:
        path = folder / d["file"]
        if not path.is_file() or sha256_file(path) != d["sha256"]:
            raise _refuse(rel, register, f"{d['file']} hilang atau berbeda dari manifest")
    manifest["year"] = issued_on.year
    manifest["issued_on"] = issued_on
    return dict(manifest)


def _first_number(manifest: dict[str, Any]) -> int:
    return min((d["seq"] for d in manifest["documents"] if d["kind"] == FIRST_KIND), default=0)


def _adopt(register: Register, rel: str, manifest: dict[str, Any], by: str) -> None:
    year: int = manifest["year"]
    by_scope: dict[str, list[int]] = defaultdict(list)
    for d in manifest["documents"]:
        by_scope[d["scope"]].append(d["seq"])
    for scope, seqs in sorted(by_scope.items()):
        last = register.counter(scope, year)
        if sorted(seqs) != list(range(last + 1, last + 1 + len(seqs))):
            raise _refuse(rel, register, f"nomornya ({scope} {min(seqs)}-{max(seqs)}) tidak menyambung "
                                         f"dengan nomor terakhir di register ({last})")
    batch = register.add_batch(key=manifest["batch"], input_name=manifest["input"],
                               data_hash=manifest["data_hash"], issued_on=manifest["issued_on"], year=year,
                               folder=rel)
    register.add_documents([
        dict(batch_id=batch.id, kind=d["kind"], scope=d["scope"], year=year, seq=d["seq"], number=d["number"],
             nip=d.get("nip"), nama=d.get("nama"), file=f"{rel}/{d['file']}", sha256=d["sha256"],
             issued_on=manifest["issued_on"])
        for d in manifest["documents"]
    ])
    for scope, seqs in by_scope.items():
        register.advance_counter(scope, year, max(seqs))
    members = [d["nip"] for d in manifest["documents"] if d["kind"] == MEMBER_KIND and d.get("nip")]
    register.record_steps(members, batch.id, 1, manifest["issued_on"], by)
