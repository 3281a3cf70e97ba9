"""Find each member's scanned copies (PBJ certificate, SK Pokja) in the attachments folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .filenames import is_printable, printable
from .model import ERROR, Finding
from .problems import ProblemKind, define_kinds

# Each copy belongs to the member whose NIP is in its name: messages name that NIP's cell
# ({column}{row}, placed by validate) and the file name that would be found.
KINDS = define_kinds(
    {
        "LAMPIRAN_TIDAK_ADA": ProblemKind(
            ERROR,
            "{label} untuk NIP {nip} (sel {column}{row}) tidak ditemukan di folder {folder}. Simpan hasil "
            "pindaiannya (PDF, JPG atau PNG) di folder itu dengan nama {expected} (nama lain boleh, asal "
            "memuat NIP itu dan kata '{keyword}').",
        ),
        "LAMPIRAN_KOSONG": ProblemKind(
            ERROR,
            "Berkas {file} ({label} untuk NIP {nip}, sel {column}{row}) kosong (0 byte). Pindai ulang "
            "dokumennya dan simpan lagi di folder {folder}.",
        ),
        "LAMPIRAN_FORMAT": ProblemKind(
            ERROR,
            "Berkas {file} ({label} untuk NIP {nip}, sel {column}{row}) bukan PDF, JPG atau PNG yang sah. "
            "Simpan hasil pindaiannya sebagai PDF, JPG atau PNG, misalnya {expected}.",
        ),
        "LAMPIRAN_GANDA": ProblemKind(
            ERROR,
            "{label} untuk NIP {nip} (sel {column}{row}) ada {count} berkas di folder {folder}: {files}. Hanya "
            "satu yang masuk arsip, dan sopgen tidak menebak mana yang benar. Pindahkan berkas lama ke luar "
            "folder itu; bila berkas-berkas itu halaman dari satu dokumen, gabungkan menjadi satu PDF.",
        ),
        "LAMPIRAN_BUKAN_BERKAS_BIASA": ProblemKind(
            ERROR,
            "Berkas {file} ({label} untuk NIP {nip}, sel {column}{row}) adalah tautan (symlink), bukan berkas "
            "biasa; yang masuk arsip harus salinan pindaian itu sendiri. Salin berkas pindaiannya ke folder "
            "{folder} dengan nama {expected}.",
        ),
        "LAMPIRAN_NAMA_TIDAK_TERBACA": ProblemKind(
            ERROR,
            "Nama berkas '{file}' ({label} untuk NIP {nip}, sel {column}{row}) memuat huruf yang tidak dapat "
            "dibaca (biasanya karena berkas itu dikeluarkan dari zip yang dibuat di Windows). Ganti namanya "
            "menjadi {expected}.",
        ),
        "LAMPIRAN_FOLDER_TIDAK_ADA": ProblemKind(
            ERROR,
            "Folder lampiran {folder} tidak ada. Buat folder itu dan taruh salinan sertifikat PBJ "
            "dan SK Pokja di dalamnya, atau jalankan dengan --no-attachments.",
        ),
    }
)

# field -> (keyword that must appear in the file name, label for the clerk)
COPIES: dict[str, tuple[str, str]] = {
    "salinan_sertifikat_pbj": ("sertifikat", "Salinan sertifikat PBJ"),
    "salinan_sk_pokja": ("sk", "Salinan SK Pokja"),
}
ACCEPTED_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png"}
MAGIC = {".pdf": (b"%PDF",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
         ".png": (b"\x89PNG\r\n\x1a\n",)}


@dataclass(frozen=True)
class CopyCheck:
    path: Path | None
    findings: tuple[Finding, ...]


class AttachmentIndex:
    """The attachments folder listed once, so each member's lookup costs no disk access."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.exists = folder.is_dir()
        self.files: list[tuple[str, str, Path]] = []  # (digits of the name, lower-case name, path)
        if self.exists:
            for path in sorted(folder.iterdir()):
                # A link is listed too, so that a member's copy given as a link is refused by name.
                if (path.is_symlink() or path.is_file()) and not path.name.startswith((".", "~$")):
                    name = path.name.lower()
                    self.files.append((re.sub(r"\D", "", path.stem), name, path))

    def check(self, nip: str, field: str) -> CopyCheck:
        keyword, label = COPIES[field]
        facts = {"nip": nip, "folder": printable(str(self.folder)), "keyword": keyword, "label": label,
                 "expected": f"{nip}_{keyword}.pdf"}
        if not self.exists:  # reported once for the sheet by `missing_folder`
            return CopyCheck(None, ())
        candidates = [
            path
            for digits, name, path in self.files
            if nip in digits and _has_keyword(name, keyword)
        ]
        if not candidates:
            return CopyCheck(None, (Finding("LAMPIRAN_TIDAK_ADA", facts),))
        usable = [p for p in candidates if p.suffix.lower() in ACCEPTED_SUFFIXES]
        if len(usable) > 1:
            # The copy goes into the official archive: an old scan beside a re-scan, or one page
            # per file, must be settled by the clerk; neither sort order nor mtime knows which.
            facts.update(count=str(len(usable)), files=", ".join(printable(p.name) for p in usable))
            return CopyCheck(None, (Finding("LAMPIRAN_GANDA", facts),))
        path = (usable or candidates)[0]
        facts["file"] = printable(path.name)
        if not is_printable(path.name):
            return CopyCheck(None, (Finding("LAMPIRAN_NAMA_TIDAK_TERBACA", facts),))
        if path.is_symlink() or not path.is_file():
            return CopyCheck(None, (Finding("LAMPIRAN_BUKAN_BERKAS_BIASA", facts),))
        if path.suffix.lower() not in ACCEPTED_SUFFIXES:
            return CopyCheck(None, (Finding("LAMPIRAN_FORMAT", facts),))
        size = path.stat().st_size
        if size == 0:
            return CopyCheck(None, (Finding("LAMPIRAN_KOSONG", facts),))
        with path.open("rb") as fh:
            head = fh.read(8)
        if not head.startswith(MAGIC[path.suffix.lower()]):
            return CopyCheck(None, (Finding("LAMPIRAN_FORMAT", facts),))
        return CopyCheck(path, ())


def missing_folder(index: AttachmentIndex) -> Finding | None:
    """One finding for the whole sheet when the attachments folder itself is missing."""
    if index.exists:
        return None
    return Finding("LAMPIRAN_FOLDER_TIDAK_ADA", {"folder": printable(str(index.folder))})


def _has_keyword(name: str, keyword: str) -> bool:
    """'sk' must stand as its own word (not inside 'disk' or 'sertifikasi'); 'sertifikat' anywhere."""
    if keyword == "sk":
        return re.search(r"(?<![a-z])sk(?![a-z])", name) is not None
    return keyword in name
