"""Shared cell clean-up and the required free-text fields (nama, alamat, jabatan, nomor sertifikat, SK)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from ..model import ERROR, FormulaError
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


def clean_text(value: Any) -> str:
    """The cell as text: numbers without '.0', no-break spaces as spaces, whitespace collapsed."""
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
