"""The Slip Kata Sandi: each member's temporary password on paper of its own, never in the archive.

A slip is no naskah dinas (it has no agenda number and is not filed): it belongs to its member's
Berita Acara, whose number, NIP and file name it shares, and is recorded in the batch's manifest
only, under "slips" (who it is for) and "slip_files" (the sha256 of each slip file, its PDF and the
print file `cetak_slip.pdf`), apart from the archived "files". The password is derived again from
the office's key, the batch and the NIP, so a deleted slip is made again byte for byte.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

SLIP = "slip_kata_sandi"  # the document kind (its template's name)
SLIP_FOLDER = "slip_kata_sandi"  # inside the batch folder
PRINT_SLIP = "cetak_slip.pdf"
SERAH_TERIMA = "serah_terima"


def slip_file(serah_terima_file: str) -> str:
    """The slip of a Berita Acara ('serah_terima/005_<nip>_<nama>.docx'), relative to the batch folder."""
    return f"{SLIP_FOLDER}/{PurePosixPath(serah_terima_file).name}"


def is_slip_file(rel: str) -> bool:
    """True for what stays out of the archive: the slips, their PDFs and their print file."""
    return rel == PRINT_SLIP or rel.startswith(f"{SLIP_FOLDER}/")


def slip_records(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The manifest's slips: {"nip", "nama", "serah_terima", "file"} each (none in an older manifest)."""
    slips = manifest.get("slips", [])
    return [dict(s) for s in slips if isinstance(s, dict) and isinstance(s.get("file"), str)]


def slip_hashes(manifest: dict[str, Any]) -> dict[str, str]:
    """file -> sha256 of every slip file the manifest lists (DOCX, PDF, print file)."""
    files = manifest.get("slip_files", {})
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
