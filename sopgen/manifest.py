"""A batch folder's `manifest.json`: what the batch holds (every file's sha256, every numbered
document), written whole, and read back only after its shape is checked, so a manifest that was
edited, cut short or replaced is named as damaged instead of being half believed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import SopgenError
from .writer import write_file

MANIFEST = "manifest.json"
MAX_BYTES = 256 * 1024 * 1024  # a batch of 10,000 members has a manifest of a few MB
SHA256 = re.compile(r"[0-9a-f]{64}")

# Keys a manifest may hold and the type of each; documents' items the same. Manifests of older
# sopgen versions lack some keys: `verify` needs only `files`, recovery needs every one.
TEXT, NUMBER, DAY, PATH, DIGEST, OPTIONAL_TEXT = "text", "number", "date", "path", "sha256", "text or null"
TEXTS, PATHS, TABLES = "texts", "paths", "tables"  # objects of texts, of paths, of objects of texts
PRINTS = "print files"  # objects of lists of paths: each print file's documents
TOP = {"register": TEXT, "key_fingerprint": OPTIONAL_TEXT, "batch": TEXT, "surat_perintah": TEXT, "issued_on": DAY,
       "input": TEXT, "data_hash": DIGEST, "members": NUMBER, "induk": OPTIONAL_TEXT, "templat": PATHS,
       "penandatangan": TABLES, "cetak": PRINTS}
# 'anggota': a handover note's member data as printed; 'menggantikan': the number of the note it replaces.
DOCUMENT = {"kind": TEXT, "scope": TEXT, "seq": NUMBER, "number": TEXT, "nip": OPTIONAL_TEXT,
            "nama": OPTIONAL_TEXT, "file": PATH, "sha256": DIGEST, "klasifikasi": TEXT, "anggota": TEXTS,
            "menggantikan": OPTIONAL_TEXT}
# The Slip Kata Sandi of each note, kept apart from the archived 'files' (sopgen/slips.py).
SLIP = {"nip": OPTIONAL_TEXT, "nama": OPTIONAL_TEXT, "serah_terima": TEXT, "file": PATH}
WHAT = {TEXT: "teks", NUMBER: "bilangan bulat", DAY: "tanggal TAHUN-BULAN-TANGGAL", PATH: "nama berkas di dalam folder",
        DIGEST: "sha256 (64 huruf heksadesimal)", OPTIONAL_TEXT: "teks atau null", TEXTS: "objek berisi teks",
        PATHS: "objek berisi nama berkas di dalam folder", TABLES: "objek berisi objek teks",
        PRINTS: "objek berisi daftar nama berkas di dalam folder"}


class ManifestError(SopgenError):
    """A batch folder's manifest.json is missing or damaged (exit 2)."""

    code = "MANIFEST_RUSAK"
    reason = ""  # what is wrong with it, without the advice



def load(folder: Path) -> dict[str, Any]:
    """The folder's manifest, checked: an object whose `files` maps names inside the folder to
    sha256 digests, and whose other known keys (and `documents`) have their types."""
    path = folder / MANIFEST
    try:
        if path.stat().st_size > MAX_BYTES:
            raise damaged(path, f"berukuran {path.stat().st_size} byte, jauh lebih besar daripada manifest mana pun")
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path} tidak ada; folder batch ini tidak lengkap. Jalankan 'make letters' lagi "
                            "dengan lembar data yang sama untuk membuatnya ulang.", code="MANIFEST_TIDAK_ADA") from None
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond reason
        raise damaged(path, "bukan JSON yang dapat dibaca") from None
    except OSError as exc:
        raise damaged(path, f"tidak dapat dibaca ({exc.strerror})") from None
    problem = shape_problem(manifest)
    if problem:
        raise damaged(path, problem)
    return dict(manifest)


def damaged(path: Path, why: str) -> ManifestError:
    error = ManifestError(
        f"{path} rusak: {why}. Pulihkan berkas itu dari cadangan atau dari zip arsip batch ini; bila tidak ada, "
        "hapus berkas itu lalu jalankan 'make letters' lagi dengan lembar data yang sama: manifest dibuat "
        "ulang dari register.")
    error.reason = why
    return error


def shape_problem(manifest: object) -> str:
    """What is wrong with the manifest's shape, in the clerk's words; '' when nothing is."""
    if not isinstance(manifest, dict):
        return f"isinya {_kind_of(manifest)}, bukan objek JSON"
    files = manifest.get("files")
    if not isinstance(files, dict):
        return "daftar berkas ('files') tidak ada" if files is None else f"'files' berisi {_kind_of(files)}"
    for key in ("files", "slip_files"):
        listed = manifest.get(key, {})
        if not isinstance(listed, dict):
            return f"'{key}' berisi {_kind_of(listed)}"
        for name, digest in listed.items():
            if _wrong(PATH, name) or _wrong(DIGEST, digest):
                return f"'{key}' memuat {_shown(name)}: {_shown(digest)}, bukan nama berkas dengan sha256-nya"
    retention = manifest.get("klasifikasi", {})
    entries = retention.values() if isinstance(retention, dict) else [None]
    if not all(isinstance(e, dict) and all(isinstance(v, str) for v in e.values()) for e in entries):
        return "'klasifikasi' bukan daftar kode klasifikasi dengan retensinya"
    for key, kind in TOP.items():
        if key in manifest and _wrong(kind, manifest[key]):
            return f"'{key}' berisi {_shown(manifest[key])}, bukan {WHAT[kind]}"
    for key, fields in (("documents", DOCUMENT), ("slips", SLIP)):
        entries = manifest.get(key, [])
        if not isinstance(entries, list):
            return f"'{key}' berisi {_kind_of(entries)}, bukan daftar surat"
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                return f"surat ke-{n} di '{key}' berisi {_kind_of(entry)}"
            for name, kind in fields.items():
                if name in entry and _wrong(kind, entry[name]):
                    return f"'{name}' surat ke-{n} di '{key}' berisi {_shown(entry[name])}, bukan {WHAT[kind]}"
            if key == "slips" and "file" not in entry:
                return f"slip ke-{n} di 'slips' tidak menyebut berkasnya ('file')"
    return ""


def missing_for_recovery(manifest: dict[str, Any]) -> str:
    """The keys a manifest needs to have its batch recorded again; '' when it has them all."""
    wanted = [k for k in ("batch", "issued_on", "input", "data_hash", "documents") if k not in manifest]
    for n, document in enumerate(manifest.get("documents", []), start=1):
        wanted += [f"{k} (surat ke-{n})" for k in ("kind", "scope", "seq", "number", "file", "sha256")
                   if k not in document]
    return ", ".join(wanted[:5]) + (", ..." if len(wanted) > 5 else "")


def _wrong(kind: str, value: object) -> bool:
    if kind == PRINTS:
        return not isinstance(value, dict) or any(
            not isinstance(v, list) or any(_wrong(PATH, name) for name in v) for v in value.values())
    if kind in (TEXTS, PATHS, TABLES):
        inner = {TEXTS: TEXT, PATHS: PATH, TABLES: TEXTS}[kind]
        return not isinstance(value, dict) or any(not isinstance(k, str) or _wrong(inner, v) for k, v in value.items())
    if kind == OPTIONAL_TEXT:
        return value is not None and not isinstance(value, str)
    if kind == NUMBER:
        return isinstance(value, bool) or not isinstance(value, int) or value < 0
    if not isinstance(value, str):
        return True
    if kind == DIGEST:
        return SHA256.fullmatch(value) is None
    if kind == DAY:
        try:
            date.fromisoformat(value)
        except ValueError:
            return True
        return False
    if kind == PATH:
        inside = PurePosixPath(value)
        return (not value or "\\" in value or "\x00" in value or inside.is_absolute() or ":" in inside.parts[0]
                or any(part in ("", ".", "..") for part in value.split("/")))
    return False


def _kind_of(value: object) -> str:
    if value is None:
        return "null"
    return {dict: "objek", list: "daftar", str: "teks", bool: "true/false"}.get(type(value), "angka")


def _shown(value: object, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_file(folder / MANIFEST, text.encode("utf-8"), atomic=True)


def write_batch_manifest(
    folder: Path, *, register_id: str, key_fingerprint: str | None, batch: str, surat_perintah: str,
    issued_on: date, input_name: str, data_hash: str, members: int, documents: list[dict[str, Any]],
    files: dict[str, str], klasifikasi: dict[str, dict[str, str]] | None = None,
    slips: list[dict[str, Any]] | None = None, slip_files: dict[str, str] | None = None,
    templat: dict[str, str] | None = None, penandatangan: dict[str, dict[str, str]] | None = None,
    induk: str | None = None,
) -> None:
    """`key_fingerprint`: of the password key the notes were made with (None: none, or not known);
    `klasifikasi`: each classification code the documents carry with its retention; `slips` and
    `slip_files`: the Slip Kata Sandi of each note and the sha256 of each slip file, apart from `files`
    (what the archive holds); `templat`: each part of templat.zip (the config, templates and lambang
    the batch was issued with, sopgen/snapshot.py) with its file name there; `penandatangan`: who
    signed, per role; `induk`: for a reissue, the batch whose Surat Perintah its notes stand under."""
    write(folder, {
        "register": register_id,
        "key_fingerprint": key_fingerprint,
        "batch": batch,
        "surat_perintah": surat_perintah,
        "issued_on": issued_on.isoformat(),
        "input": input_name,
        "data_hash": data_hash,
        "members": members,
        "documents": documents,
        "files": dict(sorted(files.items())),
        "klasifikasi": klasifikasi or {},
        "slips": slips or [],
        "slip_files": dict(sorted((slip_files or {}).items())),
        "templat": templat or {},
        "penandatangan": penandatangan or {},
        "induk": induk,
    })
