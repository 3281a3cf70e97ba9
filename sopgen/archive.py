"""A batch as an archive: its PDF copies and print files, its manifest, a zip, and verification."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import manifest as batch_manifest
from .errors import SopgenError
from .manifest import MANIFEST, ManifestError
from .pdf import PRINT_FILE, combine, convert_to_pdf
from .register import BatchRecord, DocumentRecord, Register
from .slips import PRINT_SLIP, SLIP_FOLDER, is_slip_file, slip_file, slip_hashes, slip_records
from .writer import remove_abandoned_temporaries, sha256_file

# `sopgen kirim`'s page, beside the slips: it holds every member's password, so it belongs to no
# archive (zip, manifest, print file) and is removed once the accounts are sent. Pages written before
# it moved there lie beside the handover notes: still found, named and removed.
SEND_PAGE_NAME = "kirim.html"
SEND_PAGE = f"{SLIP_FOLDER}/{SEND_PAGE_NAME}"
OLD_SEND_PAGE = f"serah_terima/{SEND_PAGE_NAME}"
KIND_ORDER = {"surat_perintah": 0, "lembar_disposisi": 1, "serah_terima": 2}
KIND_NAMES = {"surat_perintah": "Surat Perintah", "lembar_disposisi": "Lembar Disposisi",
              "serah_terima": "Berita Acara"}
PRINTED = "cetak"  # manifest key: each print file -> the documents (or slips) it holds, in order


class ArchiveError(SopgenError):
    """A batch folder is not whole (a letter missing or changed, the manifest gone) (exit 2)."""

    code = "BATCH_TIDAK_UTUH"


class BatchNotFound(SopgenError):
    """No batch in the register answers to the name the clerk gave (exit 2)."""

    code = "BATCH_TIDAK_ADA"


def find_batch(register: Register, name: str | None) -> BatchRecord:
    """A batch by its folder name, key or Surat Perintah number; the newest when no name is given."""
    batch = register.latest_batch() if name is None else register.batch(name)
    if batch is None:
        known = ", ".join(b.folder for b in register.batches()[-5:]) or "belum ada"
        what = f"'{name}'" if name else "apa pun"
        raise BatchNotFound(
            f"Register {register.path} tidak memuat batch {what}. Sebutkan nama folder batch atau "
            f"nomor Surat Perintahnya; batch terakhir: {known}."
        )
    return batch


@dataclass
class PdfSet:
    """What `make_pdfs` made: the archived documents' PDFs and print file, and apart from them the
    slips' PDFs and their own print file (none for a batch from before the slips); the documents left
    out because they were replaced (their print file holds only the valid ones)."""

    pdfs: list[Path]
    print_file: Path | None
    slip_pdfs: list[Path] = field(default_factory=list)
    slip_print_file: Path | None = None
    left_out: list[DocumentRecord] = field(default_factory=list)

    def summary(self) -> str:
        if self.print_file is None:
            text = "Semua surat batch ini sudah digantikan: tidak ada berkas cetak (berkas cetak lama dihapus)."
        else:
            text = f"{len(self.pdfs)} PDF dan berkas cetak {self.print_file} dibuat."
        if self.slip_print_file is not None:
            text += (f" Slip Kata Sandi: {len(self.slip_pdfs)} PDF dan berkas cetak {self.slip_print_file} "
                     "(cetak tersendiri; serahkan setiap slip tertutup hanya kepada anggotanya).")
        if self.left_out:
            shown = ", ".join(d.number for d in self.left_out[:5]) + (" ..." if len(self.left_out) > 5 else "")
            text += (f" {len(self.left_out)} surat yang sudah digantikan tidak dicetak lagi ({shown}; lihat "
                     "'sopgen verify').")
        return text


def printed_documents(register: Register, batch: BatchRecord) -> tuple[list[DocumentRecord], list[DocumentRecord]]:
    """(the batch's documents still valid, in print order; those replaced since they were issued)."""
    docs = sorted(register.documents(batch.id), key=lambda d: (KIND_ORDER.get(d.kind, 9), d.seq))
    return [d for d in docs if d.superseded_by is None], [d for d in docs if d.superseded_by is not None]


def _valid_slips(batch: BatchRecord, valid: list[DocumentRecord], manifest: dict[str, Any]) -> list[str]:
    """The slips (relative to the batch folder) of the batch's valid handover notes."""
    mine = {slip_file(d.file) for d in valid if d.kind == "serah_terima"}
    return [s["file"] for s in slip_records(manifest) if s["file"] in mine]


def make_pdfs(output_dir: Path, register: Register, batch: BatchRecord) -> PdfSet:
    """Every valid DOCX of the batch as PDF and one print file in document order; the slips of its valid
    notes as PDFs and a print file of their own (0600, never in the archive); all listed in the manifest,
    with what each print file holds. A replaced document is never printed again: it is left out, and a
    print file with nothing valid left is removed."""
    folder = output_dir / batch.folder
    manifest = batch_manifest.load(folder)  # a damaged manifest stops it before LibreOffice runs
    remove_abandoned_temporaries(folder)  # half-copied PDFs of a conversion that was killed
    docs, replaced = printed_documents(register, batch)
    slip_rels = _valid_slips(batch, docs, manifest)
    slips = [folder / rel for rel in slip_rels]
    docx = [output_dir / d.file for d in docs]
    missing = [str(p) for p in [*docx, *slips] if not p.exists()]
    if missing:
        raise ArchiveError(
            "Berkas surat berikut tidak ada, jadi PDF tidak dibuat: " + ", ".join(missing)
            + ". Jalankan 'sopgen letters' lagi dengan lembar data yang sama untuk membuatnya ulang."
        )
    issued = {d.file for d in docs} | {f"{batch.folder}/{rel}" for rel in slip_rels}
    changed = [rel for rel in verify_batch(output_dir, register, batch).changed if rel in issued]
    if changed:  # a PDF of an edited letter would enter the manifest as if it were the issued one
        raise ArchiveError(
            "Surat berikut berbeda dari yang tercatat di register, jadi PDF tidak dibuat: "
            + ", ".join(changed) + ". Kembalikan berkas aslinya (hapus berkas itu lalu jalankan "
            "'sopgen letters' lagi dengan lembar data yang sama), lalu buat PDF lagi."
        )
    private = frozenset([*(output_dir / d.file for d in docs if d.kind == "serah_terima"), *slips])
    if docx or slips:
        convert_to_pdf([*docx, *slips], private=private)
    pdfs = [p.with_suffix(".pdf") for p in docx]
    made = PdfSet(pdfs, _print_file(pdfs, folder / PRINT_FILE), [p.with_suffix(".pdf") for p in slips],
                  left_out=replaced)
    made.slip_print_file = _print_file(made.slip_pdfs, folder / PRINT_SLIP)
    manifest = batch_manifest.load(folder)
    files = dict(manifest["files"])
    slip_files = slip_hashes(manifest)
    for listing, made_pdfs, print_file in ((files, made.pdfs, made.print_file),
                                           (slip_files, made.slip_pdfs, made.slip_print_file)):
        for pdf in [*made_pdfs, *([print_file] if print_file else [])]:
            listing[pdf.relative_to(folder).as_posix()] = sha256_file(pdf)
    if made.print_file is None:
        files.pop(PRINT_FILE, None)
    if made.slip_print_file is None:
        slip_files.pop(PRINT_SLIP, None)
    manifest["files"] = dict(sorted(files.items()))
    if slip_files or "slip_files" in manifest:
        manifest["slip_files"] = dict(sorted(slip_files.items()))
    manifest[PRINTED] = {PRINT_FILE: [d.file.removeprefix(f"{batch.folder}/") for d in docs], PRINT_SLIP: slip_rels}
    batch_manifest.write(folder, manifest)
    return made


def _print_file(pdfs: list[Path], target: Path) -> Path | None:
    """The print file of these PDFs; with none, no print file (one left from before is removed)."""
    if pdfs:
        return combine(pdfs, target)
    target.unlink(missing_ok=True)
    return None


def zip_path(folder: Path) -> Path:
    """The batch's zip beside its folder ('001_usulan.v2' -> '001_usulan.v2.zip': a dot in the
    sheet's name is not a suffix to replace)."""
    return folder.with_name(folder.name + ".zip")


def lacks_pdfs(output_dir: Path, register: Register, batch: BatchRecord) -> bool:
    """True when a valid document or slip of the batch, or a print file, has no PDF yet, or when a print
    file still holds a document replaced since it was made (or holds nothing valid any more)."""
    folder = output_dir / batch.folder
    docs, replaced = printed_documents(register, batch)
    try:
        manifest = batch_manifest.load(folder)
    except ManifestError:
        manifest = {}
    slips = _valid_slips(batch, docs, manifest) if manifest else []
    want = {PRINT_FILE: [d.file.removeprefix(f"{batch.folder}/") for d in docs], PRINT_SLIP: slips}
    printed = manifest.get(PRINTED)
    for name, contents in want.items():
        there = (folder / name).exists()
        if contents and not there:
            return True
        if there and (not contents or (printed.get(name) != contents if isinstance(printed, dict)
                                       else bool(replaced))):
            return True  # a print file made before some of its documents were replaced
    return any(not p.with_suffix(".pdf").exists()
               for p in [*(output_dir / d.file for d in docs), *(folder / rel for rel in slips)])


def make_zip(output_dir: Path, batch: BatchRecord, target: Path | None = None) -> Path:
    """The whole batch folder in one zip beside it (the electronic record for the LPSE archive),
    without the slips and their print file, nor the send page: they hold passwords and are no
    records."""
    folder = output_dir / batch.folder
    target = target or zip_path(folder)
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the handover notes
    with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and not path.name.startswith(".") and path.name != SEND_PAGE_NAME \
                    and not is_slip_file(rel):
                z.write(path, f"{folder.name}/{rel}")
    os.replace(tmp, target)
    return target


@dataclass
class Verification:
    batch: BatchRecord
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # send pages still lying in the folder (not records)
    replaced: list[tuple[DocumentRecord, DocumentRecord]] = field(default_factory=list)  # (replaced, by)
    damaged_manifest: ManifestError | None = None  # the manifest cannot be believed: why

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.damaged_manifest)


def verify_batch(output_dir: Path, register: Register, batch: BatchRecord) -> Verification:
    """Every file against the manifest, and every document against the register's sha256."""
    folder = output_dir / batch.folder
    result = Verification(batch)
    expected: dict[str, str] = {}
    if (folder / MANIFEST).exists():
        try:
            manifest = batch_manifest.load(folder)
        except ManifestError as exc:  # the documents are still checked against the register
            result.damaged_manifest, manifest = exc, {"files": {}}
        expected.update({f"{batch.folder}/{rel}": sha for rel, sha in manifest["files"].items()})
        expected.update({f"{batch.folder}/{rel}": sha for rel, sha in slip_hashes(manifest).items()})
    else:
        result.missing.append(f"{batch.folder}/{MANIFEST}")
    replacements = register.replacements()
    for d in register.documents(batch.id):
        if d.id in replacements:
            result.replaced.append((d, replacements[d.id]))
        previous = expected.get(d.file)
        if previous is not None and previous != d.sha256:
            result.changed.append(f"{d.file} (manifest berbeda dari register)")
        expected[d.file] = d.sha256
    for rel, sha in sorted(expected.items()):
        path = output_dir / rel
        result.checked += 1
        if not path.exists():
            result.missing.append(rel)
        elif sha256_file(path) != sha:
            result.changed.append(rel)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(output_dir).as_posix()
            if not path.is_file() or path.name.startswith(".") or path.name == MANIFEST or rel in expected:
                continue
            if path.name == SEND_PAGE_NAME:
                result.pages.append(rel)
            elif result.damaged_manifest is None:  # without a manifest, nothing is known to be unlisted
                result.unlisted.append(rel)
    return result
