"""The project's own exceptions: one base, a few families; foreign errors are translated at the edge."""

from __future__ import annotations


class SopgenError(Exception):
    """Anything sopgen expects can go wrong; its message is Indonesian and says what to do next."""

    exit_code = 2
    code = "SOPGEN"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnreadableInput(SopgenError):
    """The input file cannot be opened or holds no usable sheet (exit 2)."""

    code = "BERKAS_TIDAK_TERBACA"


class AmbiguousSheet(UnreadableInput):
    """More than one sheet of the workbook holds a member table and none was chosen (exit 1: the
    file is readable; the clerk says which sheet with --sheet)."""

    exit_code = 1
    code = "LEMBAR_GANDA"


class ConfigError(SopgenError):
    """The office's TOML config is missing, malformed or incomplete (exit 2)."""

    code = "KONFIGURASI"


class TemplateError(SopgenError):
    """A Word template is missing, broken, or uses a variable sopgen does not provide (exit 2)."""

    code = "TEMPLAT"


class RegisterError(SopgenError):
    """The register (SQLite) cannot be opened, is locked too long, or is inconsistent (exit 2)."""

    code = "REGISTER"


class OutputError(SopgenError):
    """The output folder cannot be written (read-only, disk full) (exit 2)."""

    code = "OUTPUT"


class DateError(SopgenError):
    """The letter date breaks the order of numbers and dates: before an already numbered letter
    of the year (TANGGAL_MUNDUR) or weeks ahead of today (TANGGAL_MAJU) (exit 2)."""

    code = "TANGGAL_MUNDUR"


OS_REASONS = {
    2: "tidak ada",
    13: "tidak ada izin",
    17: "sudah ada",
    20: "bukan folder",
    21: "berupa folder",
    28: "disk penuh",
    30: "folder hanya-baca",
    36: "nama terlalu panjang",
}


def os_reason(exc: OSError) -> str:
    """The operating system's complaint in Indonesian, for the common ones."""
    return OS_REASONS.get(exc.errno or 0, exc.strerror or exc.__class__.__name__)


def from_os_error(exc: OSError) -> OutputError:
    """The last line of defence: a file problem no stage translated, still told plainly."""
    where = f" {exc.filename}" if exc.filename else ""
    return OutputError(
        f"Berkas atau folder{where} tidak dapat dibaca atau ditulis ({os_reason(exc)}). Periksa tempat "
        "itu (izin, ruang disk, flashdisk atau folder jaringan), lalu jalankan lagi."
    )

