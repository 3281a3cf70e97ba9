"""Open a clerk's file: check it is a regular file with a readable name, tell its real format, choose
the sheet that holds the member table (never one of several silently), and hand its cells on."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path
from typing import Protocol

from ..errors import AmbiguousSheet, UnreadableInput, os_reason
from ..filenames import is_printable, printable
from ..model import ERROR, WARNING, Finding, Sheet
from ..problems import ProblemKind, define_kinds
from .grid import Grid, RawSheet, refuse_absurd
from .header import find_header
from .markup import sniff_markup
from .rows import build_sheet

KINDS = define_kinds(
    {
        "EKSTENSI_TIDAK_SESUAI": ProblemKind(
            ERROR,
            "Berkas ini sebenarnya berformat {actual}, bukan {suffix}. Isinya sudah diperiksa, tetapi "
            "surat baru dibuat setelah akhiran nama berkasnya sesuai: ganti namanya menjadi "
            "'{proper}' (atau simpan ulang sebagai .xlsx).",
        ),
        "XLS_DARI_APLIKASI": ProblemKind(
            WARNING,
            "Berkas ini bukan buku kerja Excel biasa, melainkan {kind} bernama .xls, seperti yang dibuat "
            "aplikasi web (misalnya aplikasi kepegawaian) saat mengekspor ke 'Excel'. Tabelnya sudah dibaca "
            "apa adanya, dan NIP serta nomor lain tetap utuh sebagai teks. Bila ingin mengubah isinya, buka "
            "di Excel lalu simpan sebagai 'Excel Workbook (.xlsx)'.",
        ),
    }
)

ACCEPTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
EXPECTED = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}
MARKUP_KINDS = {"html": "halaman web (HTML) berisi tabel", "xml2003": "berkas XML Spreadsheet 2003"}
MARKUP_LABELS = {"html": "HTML", "xml2003": "XML Spreadsheet 2003"}


class Book(Protocol):
    """What every reader opens: the sheets' names, the visible worksheets, and one sheet's cells."""

    names: list[str]
    visible: list[str]

    def read(self, name: str) -> RawSheet: ...


def find_input_files(folder: Path) -> list[Path]:
    """Spreadsheets in a folder, skipping Excel's '~$' lock files, hidden files and folders. A link
    (symlink) is listed too, so that reading it says why it is refused rather than skipping it."""
    return sorted(
        p for p in folder.iterdir()
        if (p.is_symlink() or p.is_file()) and p.suffix.lower() in ACCEPTED
        and not p.name.startswith(("~$", "."))
    )


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The chosen sheet of a spreadsheet, its header found and its labels mapped to fields."""
    return build_sheet(Path(path), load(Path(path), sheet_name))


def read_grid(path: Path, sheet_name: str | None = None) -> Grid:
    """Every filled cell of the chosen sheet, typed as read (for an annotated copy)."""
    return load(Path(path), sheet_name).grid


def load(path: Path, sheet_name: str | None) -> RawSheet:
    """The chosen sheet's cells, hidden rows and columns, and warnings about the file itself."""
    _check_file(path)
    kind, warnings = _format(path)
    book = _open(path, kind)
    raw = choose_sheet(book, sheet_name, path)
    raw.warnings[:0] = warnings
    return raw


# --- the file itself --------------------------------------------------------------------------

def _check_file(path: Path) -> None:
    """A regular file with a name that can be shown, that sopgen may read."""
    if not is_printable(str(path)):
        part = "Nama berkas" if not is_printable(path.name) else "Nama folder berkas"
        raise UnreadableInput(
            f"{part} '{printable(str(path))}' memuat huruf yang tidak dapat dibaca (biasanya karena berkas "
            "itu dikeluarkan dari zip yang dibuat di Windows). Ganti namanya dengan huruf biasa, misalnya "
            f"usulan_pokja{printable(path.suffix)}, lalu jalankan lagi.",
            code="NAMA_BERKAS_TIDAK_TERBACA",
        )
    try:
        info = path.lstat()
    except OSError as exc:
        raise _stat_error(path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        raise UnreadableInput(
            f"{path.name} adalah tautan (symlink) ke {printable(_link_target(path))}, bukan berkas biasa. sopgen "
            "hanya membaca berkas yang benar-benar tersimpan di foldernya, agar isi berkas lain tidak "
            "terbawa ke laporan dan arsip tanpa disadari: salin berkas aslinya ke sini, lalu jalankan lagi.",
            code="BUKAN_BERKAS_BIASA",
        )
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableInput(f"{path} adalah folder, bukan lembar data.")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableInput(
            f"{path.name} bukan berkas biasa (misalnya perangkat atau pipa). Simpan lembar datanya sebagai "
            "berkas .xlsx, lalu jalankan lagi.",
            code="BUKAN_BERKAS_BIASA",
        )
    if path.name.startswith("~$"):
        raise UnreadableInput(
            f"{path.name} adalah berkas kunci sementara Excel (muncul selama berkasnya dibuka di Excel), "
            f"bukan lembar data. Pilih berkas aslinya, {path.name[2:]}."
        )
    if path.suffix.lower() not in ACCEPTED:
        raise UnreadableInput(
            f"Berkas {path.name} tidak dikenali sebagai lembar data. Simpan sebagai .xlsx, .xls, "
            ".ods atau .csv."
        )


def _stat_error(path: Path, exc: OSError) -> UnreadableInput:
    if exc.errno == errno.ENAMETOOLONG:
        size = max(len(os.fsencode(part)) for part in path.parts) if path.parts else 0
        return UnreadableInput(
            f"Nama berkas {printable(path.name)[:60]}... terlalu panjang untuk sistem berkas ({size} byte, "
            "paling banyak 255). Pendekkan nama berkas (atau foldernya), lalu jalankan lagi.",
            code="NAMA_BERKAS_TERLALU_PANJANG",
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return UnreadableInput(f"Berkas {path} tidak ditemukan. Periksa nama dan foldernya.")
    return UnreadableInput(f"Berkas {path} tidak dapat dibuka ({os_reason(exc)}).")


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


# --- its real format ------------------------------------------------------------------------------

def _format(path: Path) -> tuple[str, list[Finding]]:
    """The file's real format, and a warning when its name says another."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableInput(f"Berkas {path} tidak dapat dibuka: {os_reason(exc)}.") from None
    actual = _actual_format(path, head)
    if actual == "kosong":
        raise UnreadableInput(f"Berkas {path.name} kosong (0 byte). Simpan ulang lembar datanya.")
    if actual == "unknown":
        raise UnreadableInput(
            f"Berkas {path.name} rusak atau bukan lembar data (isinya tidak dikenali). Buka di "
            "Excel/LibreOffice lalu simpan ulang sebagai .xlsx."
        )
    if actual == "encrypted":
        raise UnreadableInput(
            f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
            "(File > Info > Protect Workbook), simpan lagi, lalu jalankan ulang."
        )
    if actual in MARKUP_KINDS:
        if suffix == ".xls":  # what web applications export as 'Excel', and Excel opens as such
            return actual, [Finding("XLS_DARI_APLIKASI", {"kind": MARKUP_KINDS[actual]})]
        return actual, [Finding("EKSTENSI_TIDAK_SESUAI", {"actual": MARKUP_LABELS[actual], "suffix": suffix,
                                                          "proper": path.stem + ".xls"})]
    if actual == EXPECTED[suffix]:
        return actual, []
    proper = f"{path.stem}.{actual}"
    return actual, [Finding("EKSTENSI_TIDAK_SESUAI", {"actual": actual.upper(), "suffix": suffix,
                                                      "proper": proper})]


def _actual_format(path: Path, head: bytes) -> str:
    if not head:
        return "kosong"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if "mimetype" in names and b"spreadsheet" in z.read("mimetype"):
                    return "ods"
                if "[Content_Types].xml" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
            raise UnreadableInput(
                f"Berkas {path.name} rusak (terpotong atau tidak lengkap). Buka di Excel lalu "
                "simpan ulang, atau minta kiriman berkasnya lagi."
            ) from None
        return "unknown"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        with path.open("rb") as fh:
            blob = fh.read(1 << 20)
        if "EncryptedPackage".encode("utf-16-le") in blob:
            return "encrypted"
        return "xls"
    if head.startswith(b"PK"):
        return "unknown"
    with path.open("rb") as fh:
        sample = fh.read(4096)
    if b"\x00" in sample:
        return "unknown"
    return sniff_markup(sample) or "csv"


def _open(path: Path, kind: str) -> Book:
    from .calamine import CalamineBook
    from .csvfile import CsvBook
    from .markup import MarkupBook
    from .xls import XlsBook

    if kind == "csv":
        return CsvBook(path)
    if kind == "xls":
        return XlsBook(path)
    if kind in MARKUP_KINDS:
        return MarkupBook(path, kind)
    return CalamineBook(path, kind)


# --- the sheet ----------------------------------------------------------------------------------

def choose_sheet(book: Book, sheet_name: str | None, path: Path) -> RawSheet:
    """The sheet asked for; else the one visible sheet with a member table; else the first that
    holds anything. Two sheets with a member table (last year's list beside this year's) are never
    chosen between silently: AmbiguousSheet names them."""
    if sheet_name is not None and book.names != [""]:
        if sheet_name not in book.names:
            raise UnreadableInput(
                f"Lembar '{sheet_name}' tidak ada di {path.name}. Lembar yang ada: "
                + ", ".join(f"'{n}'" for n in book.names) + "."
            )
        return _bounded(book.read(sheet_name), path)
    tables: list[RawSheet] = []
    first: RawSheet | None = None
    for name in book.visible:
        raw = _bounded(book.read(name), path)
        if find_header(raw.grid)[0] is not None:
            tables.append(raw)
        elif first is None and raw.grid:
            first = raw
    if len(tables) > 1:
        names = [t.name for t in tables]
        listed = ", ".join(f"'{n}'" for n in names[:-1]) + f" dan '{names[-1]}'"
        raise AmbiguousSheet(
            f"Berkas {path.name} memuat tabel anggota di {len(names)} lembar: {listed}. sopgen tidak memilih "
            f"sendiri lembar mana yang diusulkan: sebutkan lembarnya dengan --sheet, misalnya "
            f"--sheet \"{names[-1]}\" (atau pindahkan lembar yang lama ke berkas lain, simpan, lalu "
            "jalankan lagi)."
        )
    if tables:
        return tables[0]
    if first is not None:
        return first
    return RawSheet(book.visible[0] if book.visible else "", Grid())


def _bounded(raw: RawSheet, path: Path) -> RawSheet:
    """The sheet, unless its cells reach absurdly far (as every format is measured; an .xlsx or .ods
    was measured before calamine built it)."""
    refuse_absurd(raw.grid.extent(), path.name, raw.name)
    return raw
