"""PDF copies: every DOCX of a batch converted by LibreOffice in one call, plus one print file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import lifetime
from .errors import OutputError, SopgenError
from .writer import left_by_a_dead_run

TIMEOUT_SECONDS = 600
PRINT_FILE = "cetak_semua.pdf"
SCRATCH_PREFIX = "sopgen-lo-"
INSTALL_HINT = (
    "Pasang LibreOffice (Debian/Ubuntu: 'apt-get install libreoffice-writer-nogui'; Windows/macOS: "
    "unduh dari libreoffice.org), lalu jalankan lagi."
)
CANDIDATES = {
    "win32": [
        r"C:\Program Files\LibreOffice\program\soffice.exe",
        r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    ],
    "darwin": ["/Applications/LibreOffice.app/Contents/MacOS/soffice"],
}


class ConverterMissing(SopgenError):
    """LibreOffice is not installed where sopgen looks for it (exit 2)."""

    code = "LIBREOFFICE_TIDAK_ADA"


def find_soffice() -> Path:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for candidate in CANDIDATES.get(sys.platform, []):
        if Path(candidate).exists():
            return Path(candidate)
    raise ConverterMissing(f"LibreOffice tidak ditemukan, jadi PDF tidak dapat dibuat. {INSTALL_HINT}")


def convert_to_pdf(docx_files: list[Path], *, private: frozenset[Path] = frozenset(),
                   timeout: int = TIMEOUT_SECONDS) -> list[Path]:
    """Each DOCX gets a PDF beside it (0600 for those in `private`: they carry a password); one
    LibreOffice process per folder (its start-up is the cost)."""
    soffice = find_soffice()
    made: list[Path] = []
    by_folder: dict[Path, list[Path]] = {}
    for f in docx_files:
        by_folder.setdefault(f.parent, []).append(f)
    for folder, files in sorted(by_folder.items()):
        made += _convert_folder(soffice, folder, sorted(files), private, timeout)
    return made


def _convert_folder(soffice: Path, folder: Path, files: list[Path], private: frozenset[Path],
                    timeout: int) -> list[Path]:
    remove_abandoned_scratch()
    # The scratch folder holds PDFs of the password slips: named with this run's pid, so a later run can
    # tell one left by a run killed before it could remove it.
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, suffix=f"-{os.getpid()}") as scratch:
        profile = Path(scratch) / "profile"
        outdir = Path(scratch) / "pdf"
        outdir.mkdir()
        cmd = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir),
               *map(str, files)]
        try:
            # LibreOffice's own temporary files go in the scratch folder too, removed with it.
            env = {**os.environ, "HOME": scratch, "TMPDIR": scratch, "TMP": scratch, "TEMP": scratch}
            _, errors = lifetime.run_bound(cmd, timeout=timeout, env=env, scratch=Path(scratch))
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"LibreOffice tidak selesai dalam {timeout} detik saat membuat PDF di {folder}. "
                "Tutup LibreOffice yang sedang terbuka lalu coba lagi."
            ) from None
        except OSError as exc:
            raise ConverterMissing(f"LibreOffice tidak dapat dijalankan ({exc}). {INSTALL_HINT}") from None
        made = []
        for f in files:
            produced = outdir / (f.stem + ".pdf")
            if not produced.exists():
                raise OutputError(
                    f"LibreOffice gagal membuat PDF dari {f}: {errors.strip()[:300]}"
                )
            target = f.with_suffix(".pdf")
            _copy_into_place(produced, target, private=f in private)
            made.append(target)
        return made


def remove_abandoned_scratch() -> None:
    """Scratch folders of conversions whose run was killed (the guard removes them where it can)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        if folder.is_dir() and left_by_a_dead_run(folder.name):
            shutil.rmtree(folder, ignore_errors=True)


def _tmp_beside(target: Path) -> Path:
    """'.name.tmp-PID': hidden from the zip and verify, and swept once its run is gone."""
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _copy_into_place(source: Path, target: Path, *, private: bool) -> None:
    """A temporary file made with its final mode (a note's PDF is never readable by others, not
    even for a moment), then renamed over the target."""
    tmp = _tmp_beside(target)
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
        with os.fdopen(fd, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"PDF {target} tidak dapat ditulis: {exc.strerror}.") from None


def combine(pdfs: list[Path], target: Path) -> Path:
    """One print file: every PDF in order, so the clerk prints once. Each document is padded to an
    even number of pages, so printed double-sided it starts on its own sheet: one member's password
    never lands on the back of another member's note."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(str(pdf))
        if len(writer.pages) % 2:
            writer.add_blank_page()
    tmp = _tmp_beside(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            writer.write(fh)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
