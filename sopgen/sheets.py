"""Open a clerk's spreadsheet (xlsx, xls, ods, csv), find the header, map labels to fields.

Values are handed on exactly as typed (numbers stay numbers) with the row and column Excel shows,
so the rules can tell a NIP that Excel already corrupted from one typed as text.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import UnreadableInput
from .model import (
    ERROR,
    FIELD_LABELS,
    FIELDS,
    WARNING,
    Cell,
    Column,
    Finding,
    FormulaError,
    RawRow,
    Sheet,
)
from .problems import ProblemKind, define_kinds, make_problem

KINDS = define_kinds(
    {
        "KOLOM_TIDAK_ADA": ProblemKind(
            ERROR,
            "Kolom '{header}' tidak ditemukan. Judul kolom yang terbaca: {found}. Tambahkan kolom "
            "'{header}' (atau beri judul yang mirip, misalnya {examples}).",
        ),
        "KOLOM_GANDA": ProblemKind(
            WARNING,
            "Kolom {column} ('{header}') juga berisi {label}; yang dipakai kolom {first}. Hapus "
            "atau ganti judul salah satunya.",
        ),
        "HEADER_TIDAK_DITEMUKAN": ProblemKind(
            ERROR,
            "Baris judul kolom tidak ditemukan di {rows} baris pertama lembar '{sheet}'. Pastikan "
            "ada satu baris berisi judul seperti Nama, NIP, Alamat Instansi, No. Telepon, Email, "
            "Pangkat/Golongan, Jabatan, Nomor Sertifikat PBJ, Nomor SK.",
        ),
        "LEMBAR_KOSONG": ProblemKind(
            ERROR, "Berkas ini tidak berisi data apa pun. Isi data anggota Pokja lalu simpan lagi."
        ),
        "TIDAK_ADA_DATA": ProblemKind(
            ERROR,
            "Ada judul kolom di baris {header_row} tetapi tidak ada satu pun baris data di bawahnya. "
            "Isi satu baris untuk setiap anggota Pokja.",
        ),
        # Excel on Windows saves "CSV (Comma delimited)" in Windows-1252: read it, and say so.
        "CSV_BUKAN_UTF8": ProblemKind(
            WARNING,
            "Berkas CSV ini tidak tersimpan sebagai UTF-8, jadi dibaca sebagai {encoding}, seperti yang "
            "ditulis Excel untuk 'CSV (Comma delimited)'. Periksa huruf khusus pada nama (misalnya ’, é "
            "atau ñ) di surat; agar pasti, simpan sebagai 'CSV UTF-8 (Comma delimited)'.",
        ),
        "CSV_ENKODING_TIDAK_DIKENAL": ProblemKind(
            ERROR,
            "Berkas CSV ini tidak tersimpan sebagai UTF-8 dan juga bukan Windows-1252, sehingga sebagian "
            "huruf tidak dapat dibaca. Buka di Excel, pilih Simpan Sebagai > 'CSV UTF-8 (Comma "
            "delimited)', lalu jalankan lagi. Masalah lain di bawah sudah diperiksa.",
        ),
        "BARIS_BUKAN_DATA": ProblemKind(
            WARNING,
            "Baris {rows} di bawah data anggota hanya berisi satu atau dua sel (misalnya tempat dan "
            "tanggal, tanda tangan, nama dan NIP penanda tangan), jadi tidak dibaca sebagai data "
            "anggota. Bila ada anggota Pokja di baris itu, lengkapi semua kolomnya.",
        ),
        "EKSTENSI_TIDAK_SESUAI": ProblemKind(
            ERROR,
            "Berkas ini sebenarnya berformat {actual}, bukan {suffix}. Isinya sudah diperiksa, tetapi "
            "surat baru dibuat setelah akhiran nama berkasnya sesuai: ganti namanya menjadi "
            "'{proper}' (atau simpan ulang sebagai .xlsx).",
        ),
    }
)

ACCEPTED = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
HEADER_SEARCH_ROWS = 30
MIN_HEADER_MATCHES = 3
FUZZY_CUTOFF = 0.78
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_CSV_BYTES = 100 * 1024 * 1024
# Below the members, a row with at most this many of the mapped cells filled is a signature or a
# note, not a member (a member missing some fields still has most of them).
MAX_CELLS_OF_A_NON_DATA_ROW = 2

# Header labels clerks use, per field (compared after `normalise_label`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nama": (
        "nama", "nama pejabat", "nama lengkap", "nama lengkap dan gelar", "nama dan gelar",
        "nama pegawai", "nama anggota", "nama anggota pokja", "nama personil", "nama pokja",
        "nama asn", "nama lengkap pejabat",
    ),
    "nip": (
        "nip", "nip pejabat", "nip nipppk", "nip ni pppk", "nip nik", "nomor induk pegawai",
        "nip pegawai", "no nip", "nomor nip", "nip baru", "ni pppk", "nip nip pppk",
    ),
    "alamat_instansi": (
        "alamat instansi", "alamat kantor", "alamat dinas", "instansi alamat", "alamat opd",
        "alamat unit kerja", "alamat satuan kerja", "alamat satker", "alamat", "alamat kantor instansi",
    ),
    "telepon": (
        "no telepon", "no telp", "no hp", "telp hp", "nomor hp wa", "nomor hp", "nomor telepon",
        "no telepon hp", "telepon", "telp", "hp", "no hp wa", "whatsapp", "no wa", "nomor wa",
        "handphone", "no handphone", "telepon hp", "no tlp", "kontak", "no kontak", "nomor ponsel",
    ),
    "email": ("email", "e mail", "alamat email", "alamat e mail", "surel", "alamat surel", "surat elektronik"),
    "pangkat_golongan": (
        "pangkat golongan", "pangkat gol", "pangkat gol ruang", "gol ruang", "golongan",
        "pangkat golongan ruang", "pangkat", "golongan ruang", "gol", "pangkat dan golongan",
        "pangkat gol ruang pppk",
    ),
    "jabatan": (
        "jabatan", "jabatan struktural fungsional", "nama jabatan", "jabatan fungsional",
        "jabatan struktural", "jabatan dinas", "jabatan saat ini",
    ),
    "no_sertifikat_pbj": (
        "nomor sertifikat pbj", "no sertifikat", "sertifikat pbj", "nomor sertifikat kompetensi pbj",
        "no sertifikat pbj", "nomor sertifikat", "no sertifikat kompetensi", "sertifikat",
        "nomor sertifikat pengadaan barang jasa", "no sertifikat pengadaan", "sertifikat kompetensi pbj",
        "no sertifikat keahlian pbj", "sertifikat keahlian pbj",
    ),
    "no_sk_pokja": (
        "sk pengangkatan", "nomor sk", "no sk pokja", "sk pokja pemilihan", "no sk", "sk pokja",
        "nomor sk pokja", "sk", "nomor sk pengangkatan", "sk pengangkatan pokja",
        "sk pengangkatan sebagai pokja pemilihan", "nomor sk pokja pemilihan", "no sk pengangkatan",
    ),
}
PHONE_WORDS = {"telepon", "telp", "telpon", "telfon", "tlpn", "tlp", "hp", "wa", "whatsapp", "handphone", "ponsel"}
MOBILE_WORDS = frozenset({"hp", "wa", "whatsapp", "handphone", "ponsel", "seluler"})
NUMBER_WORDS = frozenset({"no", "nomor", "nomer", "nmr"})
ROW_NUMBER_LABELS = {"no", "no urut", "nomor", "nomor urut", "nmr", "urut", "#"}
# Columns clerks often add that must never be taken for one of the nine fields.
IGNORED_LABELS = {
    "nama instansi", "instansi", "unit kerja", "opd", "nama opd", "satuan kerja", "satker",
    "keterangan", "ket", "tempat tanggal lahir", "tempat lahir", "tanggal lahir", "ttd",
    "tanda tangan", "paraf", "status", "status sopgen", "catatan", "nik", "npwp", "agama",
}
# Words that make a label name something else than the field its other words point to: 'Tanggal
# SK' is a date, 'Jabatan dalam Pokja' the role in the Pokja, 'Telepon Kantor' no member's HP,
# 'Nama Bidang' no person. Rows: (the field, or None for every field; the words; the words
# that cancel them, as in 'Nomor dan Tanggal SK' or 'No. Telp Kantor/HP').
QUALIFIERS: tuple[tuple[str | None, frozenset[str], frozenset[str]], ...] = (
    (None, frozenset({"tanggal", "tgl", "tmt", "masa", "berlaku", "kadaluarsa", "kedaluwarsa",
                      "scan", "pindaian", "file", "berkas", "upload", "unggah", "lampiran", "foto"}),
     NUMBER_WORDS),
    (None, frozenset({"jenis", "dalam", "rumah", "darah", "lama", "keterangan"}), frozenset()),
    ("telepon", frozenset({"kantor", "fax", "faks", "faksimile"}), MOBILE_WORDS),
    ("jabatan", frozenset({"pokja", "kepanitiaan"}), frozenset()),
    ("nama", frozenset({"instansi", "kantor", "dinas", "opd", "unit", "jabatan", "satker", "satuan",
                        "bidang", "bagian", "sekolah", "perangkat", "badan", "kegiatan", "paket",
                        "pekerjaan", "perusahaan", "bank", "ibu", "suami", "istri"}), frozenset()),
)
# Offices often split pangkat_golongan into a 'Pangkat' and a 'Gol.' column: the words telling them
# apart, and the shape of a golongan (PNS III/c, 3c, 'Gol. IV/a'; PPPK V to XVII), which only
# decides on which of the two cells a problem is shown.
GOLONGAN_WORDS = frozenset({"gol", "golongan", "ruang"})
GOLONGAN_SHAPE = re.compile(
    r"(?:gol(?:ongan)?\.?\s*)?(?:(?:iv|4)\s*[/.\- ]?\s*[a-e]|(?:i{1,3}|[1-3])\s*[/.\- ]?\s*[a-d]"
    r"|(?:pppk\s*)?(?:xvii|xvi|xv|xiv|xiii|xii|xi|x|ix|viii|vii|vi|v))",
    re.IGNORECASE,
)
# How a label was matched, best first: when two columns claim a field, the better match wins.
EXACT, KEYWORD, FUZZY = 0, 1, 2
FUZZY_WORD_CUTOFF = 0.75  # a typo changes letters of a word, not the word: 'Nomor KTP' is no 'Nomor SK'
_LABEL_TO_FIELD = {label: field for field, labels in SYNONYMS.items() for label in labels}
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")  # "3" or "(3)" in a column-number row
EXAMPLES = {
    "nama": "'Nama Lengkap' atau 'Nama Pejabat'", "nip": "'NIP Pejabat'",
    "alamat_instansi": "'Alamat Kantor'", "telepon": "'No. HP' atau 'Telp/HP'", "email": "'E-mail'",
    "pangkat_golongan": "'Pangkat/Gol' atau 'Gol. Ruang'", "jabatan": "'Nama Jabatan'",
    "no_sertifikat_pbj": "'No. Sertifikat PBJ'", "no_sk_pokja": "'Nomor SK' atau 'SK Pengangkatan'",
}
def normalise_label(label: Any) -> str:
    text = "" if label is None else str(label).lower().replace("e-mail", "email")
    return _PUNCTUATION.sub(" ", text).strip()


def match_header(label: Any) -> str | None:
    """The field a clerk's header label stands for, or None (row numbers, unknown columns)."""
    return _match(normalise_label(label))[0]


@lru_cache(maxsize=1024)
def _match(norm: str) -> tuple[str | None, int]:
    """The field of a normalised label and how it was matched (EXACT, KEYWORD or FUZZY)."""
    if not norm or norm in ROW_NUMBER_LABELS or norm in IGNORED_LABELS or len(norm) > 80:
        return None, FUZZY
    if norm in _LABEL_TO_FIELD:
        return _LABEL_TO_FIELD[norm], EXACT
    words = norm.split()
    field, how = _match_keyword(words), KEYWORD
    if field is None:
        field, how = _match_fuzzy(norm), FUZZY
    if field is None or _qualified(field, set(words)):
        return None, FUZZY
    return field, how


def _match_keyword(words: list[str]) -> str | None:
    if "email" in words or "surel" in words or ("e" in words and "mail" in words):
        return "email"
    if "nip" in words:
        return "nip"
    if PHONE_WORDS & set(words):
        return "telepon"
    if "sertifikat" in words:
        return "no_sertifikat_pbj"
    if "sk" in words:
        return "no_sk_pokja"
    if "pangkat" in words or "golongan" in words or "gol" in words:
        return "pangkat_golongan"
    if "jabatan" in words:
        return "jabatan"
    if words[0] == "alamat":
        return "alamat_instansi"
    if words[0] == "nama":
        return "nama"
    return None


def _match_fuzzy(norm: str) -> str | None:
    """A known label with a typo in it: the same words, each spelt nearly the same."""
    words = norm.split()
    for close in difflib.get_close_matches(norm, list(_LABEL_TO_FIELD), n=3, cutoff=FUZZY_CUTOFF):
        known = close.split()
        if len(norm) <= 3 or len(known) != len(words):
            continue
        if all(difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_WORD_CUTOFF
               for a, b in zip(words, known, strict=True)):
            return _LABEL_TO_FIELD[close]
    return None


def _qualified(field: str, words: set[str]) -> bool:
    """True if a word of the label makes it about something else (see QUALIFIERS)."""
    return any(
        (applies is None or applies == field) and words & qualifiers and not words & cancel
        for applies, qualifiers, cancel in QUALIFIERS
    )


def find_input_files(folder: Path) -> list[Path]:
    """Spreadsheets in a folder, skipping Excel's '~$' lock files, hidden files and folders."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in ACCEPTED and not p.name.startswith(("~$", "."))
    )


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """The chosen sheet of a spreadsheet, its header found and its labels mapped to fields."""
    grid, sheet, warnings, hidden = _load(path, sheet_name)
    return _build(path, sheet, grid, warnings, hidden)


def read_grid(path: Path, sheet_name: str | None = None) -> list[list[Any]]:
    """Every cell of the chosen sheet from A1 on, typed as read (for an annotated copy)."""
    return _load(path, sheet_name)[0]


# --- opening -----------------------------------------------------------------------------------

def _load(path: Path, sheet_name: str | None) -> tuple[list[list[Any]], str, list[Finding], set[int]]:
    """The grid, the sheet's name, warnings about the file, and the hidden columns (0-based)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise UnreadableInput(f"Berkas {path} tidak ditemukan. Periksa nama dan foldernya.")
    if path.is_dir():
        raise UnreadableInput(f"{path} adalah folder, bukan lembar data.")
    if path.name.startswith("~$"):
        raise UnreadableInput(
            f"{path.name} adalah berkas kunci sementara Excel (muncul selama berkasnya dibuka di Excel), "
            f"bukan lembar data. Pilih berkas aslinya, {path.name[2:]}."
        )
    if suffix not in ACCEPTED:
        raise UnreadableInput(
            f"Berkas {path.name} tidak dikenali sebagai lembar data. Simpan sebagai .xlsx, .xls, "
            ".ods atau .csv."
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UnreadableInput(f"Berkas {path} tidak dapat dibuka: {exc.strerror}.") from None
    actual = _actual_format(path, head)
    warnings: list[Finding] = []
    if actual != _expected_format(suffix):
        if actual == "csv":
            warnings.append(Finding("EKSTENSI_TIDAK_SESUAI", {"actual": "CSV", "suffix": suffix,
                                                              "proper": path.stem + ".csv"}))
        elif actual == "kosong":
            raise UnreadableInput(f"Berkas {path.name} kosong (0 byte). Simpan ulang lembar datanya.")
        elif actual == "unknown":
            raise UnreadableInput(
                f"Berkas {path.name} rusak atau bukan lembar data (isinya tidak dikenali). Buka di "
                "Excel/LibreOffice lalu simpan ulang sebagai .xlsx."
            )
        else:
            warnings.append(Finding("EKSTENSI_TIDAK_SESUAI", {"actual": actual.upper(), "suffix": suffix,
                                                              "proper": f"{path.stem}.{actual}"}))
    if actual == "csv":
        grid, more = _read_csv(path)
        return grid, "", warnings + more, set()
    if actual == "encrypted":
        raise UnreadableInput(
            f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
            "(File > Info > Protect Workbook), simpan lagi, lalu jalankan ulang."
        )
    if actual in ("xlsx", "ods"):
        _refuse_zip_bomb(path)
    grid, name = _read_workbook(path, sheet_name)
    hidden: set[int] = set()
    if actual == "xlsx" and (xml := _sheet_xml(path, name)):
        _mark_formula_errors(xml, grid)
        hidden = _hidden_columns(xml)
    return grid, name, warnings, hidden


def _expected_format(suffix: str) -> str:
    return {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}[suffix]


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
    return "csv"


def _refuse_zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    total = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > 10 << 20),
                default=0)
    if total > MAX_UNCOMPRESSED or worst > MAX_RATIO:
        raise UnreadableInput(
            f"Berkas {path.name} terlalu besar bila dibuka ({total // (1 << 20)} MB). Lembar data "
            "anggota Pokja tidak sebesar ini: periksa berkasnya, atau simpan hanya lembar datanya."
        )


def _read_workbook(path: Path, sheet_name: str | None) -> tuple[list[list[Any]], str]:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
        metas = workbook.sheets_metadata
        if sheet_name is not None:
            names = [m.name for m in metas]
            if sheet_name not in names:
                raise UnreadableInput(
                    f"Lembar '{sheet_name}' tidak ada di {path.name}. Lembar yang ada: "
                    + ", ".join(f"'{n}'" for n in names) + "."
                )
            return _grid(workbook.get_sheet_by_name(sheet_name)), sheet_name
        visible = [m.name for m in metas if str(m.visible).endswith("Visible")
                   and str(m.typ).endswith("WorkSheet")]
        first: tuple[list[list[Any]], str] | None = None
        for name in visible:
            grid = _grid(workbook.get_sheet_by_name(name))
            if _find_header(grid)[0] is not None:
                return grid, name
            if first is None and any(any(v is not None for v in row) for row in grid):
                first = (grid, name)
        if first is not None:
            return first
        return [], visible[0] if visible else ""
    except UnreadableInput:
        raise
    except Exception as exc:  # calamine raises its own, zip and XML errors: translate them all
        if type(exc).__name__ == "PasswordError":
            raise UnreadableInput(
                f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya, "
                "simpan lagi, lalu jalankan ulang."
            ) from None
        raise UnreadableInput(
            f"Berkas {path.name} tidak dapat dibaca ({type(exc).__name__}). Berkasnya mungkin rusak: "
            "buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx."
        ) from None


def _grid(sheet: Any) -> list[list[Any]]:
    grid = [[_typed(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
    _fill_merged_down(grid, getattr(sheet, "merged_cell_ranges", None) or ())
    return grid


def _fill_merged_down(grid: list[list[Any]], ranges: Iterable[Any]) -> None:
    """A value typed once in cells merged down the rows (one address, one SK for several members)
    belongs to every row of the range; the reader only gives it to the top row."""
    for (top, left), (bottom, _) in ranges:
        if bottom <= top or top >= len(grid) or left >= len(grid[top]):
            continue
        value = grid[top][left]
        for row in grid[top + 1: bottom + 1]:
            # A row that is blank apart from the merge is no member's row: leave it blank.
            if left < len(row) and row[left] is None and any(v is not None for v in row):
                row[left] = value


def _typed(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (str, int, float, bool, datetime, date, time, timedelta)):
        return value
    return str(value)


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v\s*/>|<v>(.*?)</v>", re.S)
# What a clerk reads for a formula that was saved without ever being calculated.
UNCOMPUTED = "belum dihitung"
_HIDDEN_COLUMNS = re.compile(rb"<col\s([^>]*?)/?>")
_ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')


def _sheet_xml(path: Path, sheet_name: str) -> bytes | None:
    """The XML of an .xlsx sheet, for what calamine does not tell (formulas, hidden columns)."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet_name)
            return z.read(part) if part is not None else None
    except (KeyError, zipfile.BadZipFile, OSError):
        return None


def _hidden_columns(xml: bytes) -> set[int]:
    hidden: set[int] = set()
    end = xml.find(b"<sheetData")  # <cols> comes before the cells
    for m in _HIDDEN_COLUMNS.finditer(xml, 0, end if end >= 0 else len(xml)):
        attrs = dict(_ATTRIBUTE.findall(m.group(1)))
        if attrs.get(b"hidden") in (b"1", b"true") and b"min" in attrs and b"max" in attrs:
            hidden.update(range(int(attrs[b"min"]) - 1, min(int(attrs[b"max"]), 16384)))
    return hidden


def _mark_formula_errors(xml: bytes, grid: list[list[Any]]) -> None:
    """calamine reads error cells (#REF!, #N/A) and uncomputed formulas as empty: mark them.

    A formula whose cached result is an empty string (`t="str"` with an empty `<v>`, as Excel saves
    `=IF(B7="";"";...)` on a blank template row) was computed and is empty. Without a `<v>`, or an
    empty one where a number is expected (how openpyxl saves formulas), it was never calculated.
    """
    if b't="e"' not in xml and b"<f" not in xml:
        return
    for m in _CELL.finditer(xml):
        attrs, body = m.group(3), m.group(4) or b""
        is_error = b't="e"' in attrs
        if not (is_error or b"<f" in body):
            continue
        value = _VALUE.search(body)
        cached = (value.group(1) or b"") if value else None  # None: no <v> at all
        if is_error:
            text = cached.decode() if cached else UNCOMPUTED
        elif cached is None or (not cached.strip() and b't="str"' not in attrs):
            text = UNCOMPUTED
        else:
            continue  # a computed value, an empty string included: calamine has read it
        row, col = int(m.group(2)) - 1, _column_index(m.group(1).decode())
        if row < len(grid) and col < len(grid[row]) and grid[row][col] is None:
            grid[row][col] = FormulaError(text)


def _sheet_part(z: zipfile.ZipFile, sheet_name: str) -> str | None:
    from xml.etree import ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    workbook = ET.fromstring(z.read("xl/workbook.xml"))
    rid = None
    for sheet in workbook.iterfind("m:sheets/m:sheet", ns):
        if sheet.get("name") == sheet_name:
            rid = sheet.get(f"{{{ns['r']}}}id")
    if rid is None:
        return None
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_csv(path: Path) -> tuple[list[list[Any]], list[Finding]]:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise UnreadableInput(
            f"Berkas {path.name} terlalu besar untuk lembar data anggota Pokja "
            f"({path.stat().st_size // (1 << 20)} MB). Periksa berkasnya."
        )
    raw = path.read_bytes()
    warnings: list[Finding] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
            warnings.append(Finding("CSV_BUKAN_UTF8", {"encoding": "Windows-1252 (ANSI)"}))
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            warnings.append(Finding("CSV_ENKODING_TIDAK_DIKENAL"))
    delimiter = _sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableInput(f"Berkas CSV {path.name} tidak dapat dibaca: {exc}.") from None
    return [[cell if cell.strip() else None for cell in row] for row in rows], warnings


def _sniff_delimiter(text: str) -> str:
    """The delimiter whose reading of the first rows finds the most header labels."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
        score = _find_header([[c or None for c in row] for row in rows])[1]
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- the header and the rows ---------------------------------------------------------------------

def _find_header(grid: list[list[Any]]) -> tuple[int | None, int]:
    """The index of the row with the most recognised labels (at least 3), and that count."""
    best_row, best_count = None, 0
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        fields = {match_header(v) for v in row if isinstance(v, str)}
        fields.discard(None)
        if len(fields) > best_count:
            best_row, best_count = i, len(fields)
    if best_count < MIN_HEADER_MATCHES:
        return None, best_count
    return best_row, best_count


def _build(path: Path, sheet_name: str, grid: list[list[Any]], warnings: list[Finding],
           hidden: set[int]) -> Sheet:
    problems = [make_problem(w) for w in warnings]
    if not any(any(v is not None for v in row) for row in grid):
        problems.append(make_problem(Finding("LEMBAR_KOSONG")))
        return Sheet(path, sheet_name, 0, {}, [], problems)
    header_index, _ = _find_header(grid)
    if header_index is None:
        problems.append(make_problem(Finding(
            "HEADER_TIDAK_DITEMUKAN", {"rows": HEADER_SEARCH_ROWS, "sheet": sheet_name or path.name}
        )))
        return Sheet(path, sheet_name, 0, {}, [], problems)
    header_row = header_index + 1
    labels, first_data = _header_labels(grid, header_index)
    columns, golongan, more = _map_columns(labels, header_row, hidden)
    problems += more
    found = ", ".join(f"'{v}'" for v in labels if v is not None) or "-"
    for field in FIELDS:
        if field not in columns:
            problems.append(make_problem(
                Finding("KOLOM_TIDAK_ADA", {"found": found, "examples": EXAMPLES[field]}),
                field=field, row=header_row, header=FIELD_LABELS[field],
            ))
    rows, not_data = _split_trailing_non_data(list(_data_rows(grid, first_data, columns, golongan)),
                                              len(columns))
    if not_data:
        problems.append(make_problem(Finding("BARIS_BUKAN_DATA", {"rows": _row_list(not_data)})))
    if not rows:
        problems.append(make_problem(Finding("TIDAK_ADA_DATA", {"header_row": header_row}),
                                     row=header_row))
    return Sheet(path, sheet_name, header_row, columns, rows, problems)


def _header_labels(grid: list[list[Any]], header_index: int) -> tuple[list[Any], int]:
    """The label of each column, and the index of the first row that may hold a member.

    Under the header may come a second header row (sub-labels under a label merged across
    columns, such as 'Pangkat' and 'Gol/Ruang' under 'Pangkat/Golongan') and a row numbering the
    columns '1 2 3 ...' or '(1) (2) (3) ...'; neither is a member.
    """
    labels = list(grid[header_index])
    index = header_index + 1
    for _ in range(2):
        if index >= len(grid):
            break
        row = grid[index]
        if _is_sub_header(row, labels):
            labels = _with_sub_labels(labels, row)
        elif not _is_column_numbers(row):
            break
        index += 1
    return labels, index


def _is_sub_header(row: list[Any], labels: list[Any]) -> bool:
    """Only words (no digit, no '@', as every member has in a NIP, phone or email), one of them a label."""
    above = labels + [None] * (len(row) - len(labels))
    cells = [(v, top) for v, top in zip(row, above, strict=False) if v is not None]
    if not cells or not all(isinstance(v, str) for v, _ in cells):
        return False
    own = [v for v, top in cells if v != top]
    if any(ch.isdigit() or ch == "@" for v in own for ch in v):
        return False
    return any(match_header(v) for v, _ in cells)


def _with_sub_labels(labels: list[Any], row: list[Any]) -> list[Any]:
    """Each column's sub-label where it names a field alone or after the label above it."""
    width = max(len(labels), len(row))
    labels = labels + [None] * (width - len(labels))
    merged: list[Any] = []
    above = None
    for top, sub in zip(labels, row + [None] * (width - len(row)), strict=True):
        above = top if top is not None else above  # a label merged across columns sits in its first
        if sub is None or sub == top:
            merged.append(top)
        elif match_header(sub) is None and above is not None and match_header(f"{above} {sub}"):
            merged.append(f"{above} {sub}")
        else:
            merged.append(sub)
    return merged


def _is_column_numbers(row: list[Any]) -> bool:
    numbers = []
    for value in row:
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            numbers.append(value)
        elif isinstance(value, str) and (m := _COLUMN_NUMBER.fullmatch(value.strip())):
            numbers.append(int(m.group(1)))
        else:
            return False
    return len(numbers) >= 3 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _split_trailing_non_data(rows: list[RawRow], mapped: int) -> tuple[list[RawRow], list[int]]:
    """The rows, and the rows below the last well-filled one that hold too little to be members.

    A signature block ('Ponorogo, 24 November 2026', a title, a name, 'NIP. ...') sits in one or
    two columns under the table; an incomplete member above the last full row is kept, and so is
    one below it that is more than a stray cell or two, or that has both a name and a NIP (a
    signature block writes those on separate rows; a member half typed in must not be skipped).
    """
    filled = [sum(not _blank(c.value) for c in raw.cells.values()) for raw in rows]
    last_full = max((i for i, n in enumerate(filled) if n > mapped / 2), default=None)
    if last_full is None:
        return rows, []
    kept = rows[: last_full + 1]
    dropped = []
    for raw, n in zip(rows[last_full + 1:], filled[last_full + 1:], strict=True):
        if n <= MAX_CELLS_OF_A_NON_DATA_ROW and not _names_a_person(raw):
            dropped.append(raw.row)
        else:
            kept.append(raw)
    return kept, dropped


def _names_a_person(raw: RawRow) -> bool:
    return all(field in raw.cells and not _blank(raw.cells[field].value) for field in ("nama", "nip"))


def _row_list(rows: list[int]) -> str:
    """[11, 12, 13, 16] -> '11-13 dan 16'."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return ", ".join(parts[:-1]) + (" dan " if len(parts) > 1 else "") + parts[-1]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_ClaimRank = tuple[bool, int, int]  # (hidden, how the label matched, position): lowest is used


def _map_columns(
    header: list[Any], header_row: int, hidden: set[int]
) -> tuple[dict[str, Column], Column | None, list[Any]]:
    """Each field's column, a separate golongan column if any, and the columns left over.

    Where several columns claim a field, a visible one, then the best matched label, then the
    leftmost is used and the others are reported (KOLOM_GANDA); a 'Pangkat' and a 'Gol.' column
    are read together.
    """
    claims: dict[str, list[tuple[_ClaimRank, Column]]] = {}
    for index, label in enumerate(header):
        if not isinstance(label, str):
            continue
        field, how = _match(normalise_label(label))
        if field is None:
            continue
        column = Column(field, column_letter(index), " ".join(label.split()))
        claims.setdefault(field, []).append(((index in hidden, how, index), column))
    columns: dict[str, Column] = {}
    golongan = None
    problems = []
    for field, claimed in claims.items():
        claimed.sort(key=lambda claim: claim[0])
        used = [claimed[0][1]]
        if field == "pangkat_golongan" and (pair := _pangkat_and_golongan(claimed)):
            used = list(pair)
            golongan = pair[1]
        columns[field] = used[0]
        for _, other in claimed:
            if other not in used:
                problems.append(make_problem(
                    Finding("KOLOM_GANDA", {"label": FIELD_LABELS[field], "first": used[0].letter}),
                    field=field, row=header_row, column=other.letter, header=other.header,
                ))
    return columns, golongan, problems


def _pangkat_and_golongan(claimed: list[tuple[_ClaimRank, Column]]) -> tuple[Column, Column] | None:
    """A visible 'Pangkat' column and a visible 'Gol.' column, unless one column holds both."""
    parts: dict[str, Column] = {}
    for (is_hidden, _, _), column in claimed:
        if not is_hidden:
            parts.setdefault(_pangkat_part(column.header), column)
    if "both" in parts or not {"pangkat", "golongan"} <= set(parts):
        return None
    return parts["pangkat"], parts["golongan"]


def _pangkat_part(label: str) -> str:
    words = set(normalise_label(label).split())
    if "pangkat" not in words:
        return "golongan"
    return "both" if words & GOLONGAN_WORDS else "pangkat"


def _pangkat_golongan(pangkat: Cell, golongan: Cell) -> Cell:
    """The two cells read as one 'Pangkat, Gol.' value, placed where a problem would lie."""
    if _blank(golongan.value) or isinstance(pangkat.value, FormulaError):
        return pangkat
    if _blank(pangkat.value) or isinstance(golongan.value, FormulaError):
        return golongan
    p, g = str(pangkat.value).strip(), str(golongan.value).strip()
    if f" {normalise_label(g)} " in f" {normalise_label(p)} ":  # 'Penata, III/c' | 'III/c'
        value = p
    else:
        value = f"{p}, {g}"
    where = pangkat if GOLONGAN_SHAPE.fullmatch(g) else golongan
    return Cell(where.row, where.column, where.header, value)


def _data_rows(
    grid: list[list[Any]], first: int, columns: dict[str, Column], golongan: Column | None
) -> Iterable[RawRow]:
    positions = [(field, _column_index(c.letter), c) for field, c in columns.items()]
    if golongan is not None:
        positions.append(("golongan", _column_index(golongan.letter), golongan))
    for index in range(first, len(grid)):
        row = grid[index]
        values = {field: (row[i] if i < len(row) else None) for field, i, _ in positions}
        if all(_blank(v) for v in values.values()):
            continue
        excel_row = index + 1
        cells = {field: Cell(excel_row, c.letter, c.header, values[field]) for field, _, c in positions}
        if golongan is not None:
            cells["pangkat_golongan"] = _pangkat_golongan(cells["pangkat_golongan"], cells.pop("golongan"))
        yield RawRow(excel_row, cells)
