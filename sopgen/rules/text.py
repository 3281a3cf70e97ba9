"""Shared cell clean-up and the required free-text fields (nama, alamat, jabatan, nomor sertifikat, SK)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from ..model import ERROR, WARNING, Finding, FormulaError
from ..problems import ProblemKind, define_kinds
from . import RuleResult, fail, ok

KINDS = define_kinds(
    {
        "SEL_ERROR_RUMUS": ProblemKind(
            ERROR, "Sel berisi rumus yang tidak menghasilkan nilai ({value}). Perbaiki rumusnya, atau "
            "salin sel itu lalu tempel sebagai nilai saja (Tempel Spesial > Nilai), atau ketik nilainya langsung."
        ),
        "NAMA_KOSONG": ProblemKind(
            ERROR, "Nama anggota belum diisi. Tulis nama lengkap anggota Pokja beserta gelarnya, seperti pada SK."
        ),
        "ALAMAT_KOSONG": ProblemKind(
            ERROR, "Alamat instansi belum diisi. Tulis alamat kantor anggota Pokja ini."
        ),
        "JABATAN_KOSONG": ProblemKind(
            ERROR, "Jabatan belum diisi. Tulis jabatan anggota Pokja ini seperti pada SK."
        ),
        "SERTIFIKAT_KOSONG": ProblemKind(
            ERROR,
            "Nomor sertifikat PBJ belum diisi. SOP mewajibkan nomor sertifikat kompetensi PBJ "
            "(salin dari sertifikatnya); keterangan seperti 'menyusul' atau 'dalam proses' belum "
            "dapat dipakai.",
        ),
        "SK_KOSONG": ProblemKind(
            ERROR,
            "Nomor SK pengangkatan sebagai Pokja Pemilihan belum diisi. Salin nomor SK-nya; "
            "keterangan seperti 'menyusul' atau 'dalam proses' belum dapat dipakai.",
        ),
        "SERTIFIKAT_TANPA_ANGKA": ProblemKind(
            ERROR,
            "Nomor sertifikat PBJ '{value}' tidak memuat angka, padahal nomor sertifikat selalu "
            "berisi angka. Salin nomor lengkapnya dari sertifikat kompetensi PBJ anggota ini.",
        ),
        "SK_TANPA_ANGKA": ProblemKind(
            ERROR,
            "Nomor SK Pokja '{value}' tidak memuat angka, padahal nomor SK selalu berisi angka "
            "(misalnya 188.45/412/405.08/2026). Salin nomor lengkapnya dari SK pengangkatan.",
        ),
        "TEKS_TERLALU_PANJANG": ProblemKind(
            ERROR,
            "Isi sel terlalu panjang ({length} karakter, paling banyak {max_length}). Periksa "
            "apakah ada teks lain yang ikut tertempel ke sel ini.",
        ),
        "SEL_BERISI_TANGGAL": ProblemKind(
            ERROR,
            "Excel mengubah isi sel ini menjadi tanggal ({value}). Format sel sebagai Teks lalu "
            "ketik ulang nomornya.",
        ),
        "NAMA_TIDAK_WAJAR": ProblemKind(
            ERROR, "Nama '{value}' tidak memuat huruf. Tulis nama lengkap pejabat."
        ),
        "KARAKTER_TAK_TERLIHAT": ProblemKind(
            WARNING,
            "Sel ini berisi karakter tak terlihat {found} (biasanya ikut tersalin dari web, PDF atau "
            "WhatsApp). Karakter itu sudah dihapus, jadi yang dibaca '{cleaned}'. Periksa nilainya; agar "
            "tidak terulang, ketik ulang isi sel itu.",
        ),
        "ANGKA_EXCEL_RUSAK": ProblemKind(
            ERROR,
            "Nomor ini tersimpan sebagai angka dan Excel sudah membuang digit terakhirnya "
            "(Excel hanya menyimpan 15 digit). Format sel sebagai Teks lalu ketik ulang nomornya.",
        ),
    }
)

EMPTY_MARKERS = {
    "", "-", "--", "---", "—", "–", "0", "n/a", "na", "n.a.", "n.a", "nihil", "tidak ada",
    "belum ada", "kosong", "none", "null", ".", "?", "#n/a",
}
EMPTY_CODES = {
    "nama": "NAMA_KOSONG",
    "alamat_instansi": "ALAMAT_KOSONG",
    "jabatan": "JABATAN_KOSONG",
    "no_sertifikat_pbj": "SERTIFIKAT_KOSONG",
    "no_sk_pokja": "SK_KOSONG",
}
NUMBER_FIELDS = {"no_sertifikat_pbj", "no_sk_pokja"}
NO_DIGIT_CODES = {"no_sertifikat_pbj": "SERTIFIKAT_TANPA_ANGKA", "no_sk_pokja": "SK_TANPA_ANGKA"}
# What clerks write in the certificate and SK columns while the document does not exist yet. A cell
# that starts with one of these is a note, not a number, even when a year follows ("menyusul 2026").
PENDING_WORDS = (
    "belum", "blm", "menyusul", "nyusul", "masih", "sedang", "dalam proses", "proses", "diproses",
    "on process", "tidak ada", "tidak punya", "tidak memiliki", "tdk ada", "tdk punya", "kosong",
    "nihil", "tba", "tbd",
)
_PENDING = re.compile("(?:" + "|".join(map(re.escape, PENDING_WORDS)) + ")(?![a-z])")
_FILLER_ONLY = re.compile(r"[\W_x]*")  # "?", "...", "(-)", "xxx", "XX/XX"
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")  # pasted from other programs
MAX_SIGNIFICANT_DIGITS = 15  # what Excel keeps of a number
# Characters that take no room on screen: format characters (Unicode category Cf: zero-width space
# and joiners, word joiner, soft hyphen, BOM, direction marks, tags), controls other than tab and
# new line, and the blank 'letters' that pass for nothing (combining grapheme joiner, Hangul
# fillers, braille blank, variation selectors).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
MAX_NAMED_INVISIBLE = 5


def clean_text(value: Any) -> str:
    """The cell as text: numbers without '.0', no-break spaces as spaces, whitespace collapsed."""
    if type(value) is str and value.isprintable() and "  " not in value and value[:1] != " " != value[-1:]:
        return value  # most cells: printable text has no whitespace but the space, and none to collapse
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    text = _CONTROL.sub("", str(value).replace("\u00a0", " "))
    return _SPACES.sub(" ", text).strip()


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0
    return clean_text(value).lower() in EMPTY_MARKERS


def significant_digits(value: float) -> int:
    return len(f"{abs(value):.0f}".lstrip("0")) if value else 0


def parse_required_text(value: Any, field: str, *, max_length: int = 300) -> RuleResult:
    if type(value) is str and len(value) <= max_length:
        return _parse_text(value, field, max_length)
    return _parse_required(value, field, max_length)


@lru_cache(maxsize=4096)  # a sheet repeats its office's address, jabatan and SK number row after row
def _parse_text(value: str, field: str, max_length: int) -> RuleResult:
    return _parse_required(value, field, max_length)


def _parse_required(value: Any, field: str, max_length: int) -> RuleResult:
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if is_empty(value):
        return fail(EMPTY_CODES[field])
    if isinstance(value, str) and len(value) > max_length * 4:  # skip the clean-up of huge cells
        return fail("TEKS_TERLALU_PANJANG", length=len(value), max_length=max_length)
    if field in NUMBER_FIELDS:
        if isinstance(value, (datetime, date, time)):
            return fail("SEL_BERISI_TANGGAL")
        if isinstance(value, float) and significant_digits(value) > MAX_SIGNIFICANT_DIGITS:
            return fail("ANGKA_EXCEL_RUSAK")
    text = clean_text(value)
    if len(text) > max_length:
        return fail("TEKS_TERLALU_PANJANG", length=len(text), max_length=max_length)
    if field == "nama" and not any(ch.isalpha() for ch in text):
        return fail("NAMA_TIDAK_WAJAR")
    if field in NUMBER_FIELDS:
        if is_pending_note(text):
            return fail(EMPTY_CODES[field])
        if not any(ch.isdigit() for ch in text):  # every certificate and SK number has digits
            return fail(NO_DIGIT_CODES[field])
    return ok(text)


def is_pending_note(text: str) -> bool:
    """'Menyusul', '(kosong)', 'Belum bersertifikat', 'xxx', '?': the number is not there yet."""
    lower = text.lower()
    if _FILLER_ONLY.fullmatch(lower):
        return True
    words = lower.strip(" ()[]{}<>\"'*.,:;!?-_")
    return words in EMPTY_MARKERS or _PENDING.match(words) is not None


def is_invisible(ch: str) -> bool:
    return _INVISIBLE.match(ch) is not None


def visible(text: str) -> str:
    """The text with each invisible character written out, e.g. '1975<U+200C>0315'."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def strip_invisible(value: Any) -> tuple[Any, Finding | None]:
    """An ID cell without its invisible characters, and a warning naming each one and where it was
    (a NIP pasted from a web page may carry a zero-width non-joiner that no eye can see)."""
    if not isinstance(value, str) or isinstance(value, FormulaError) or not _INVISIBLE.search(value):
        return value, None
    found = [(m.start() + 1, m.group()) for m in _INVISIBLE.finditer(value)]
    cleaned = _INVISIBLE.sub("", value)
    named = [f"U+{ord(ch):04X} ({unicodedata.name(ch, 'tanpa nama').lower()}) pada posisi {i}"
             for i, ch in found[:MAX_NAMED_INVISIBLE]]
    if len(found) > MAX_NAMED_INVISIBLE:
        named.append(f"{len(found) - MAX_NAMED_INVISIBLE} lainnya")
    listed = ", ".join(named[:-1]) + (" dan " if len(named) > 1 else "") + named[-1]
    return cleaned, Finding("KARAKTER_TAK_TERLIHAT", {"found": listed, "cleaned": cleaned.strip()})
