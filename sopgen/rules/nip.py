"""NIP (Nomor Induk Pegawai) and NI PPPK: 18 digits, YYYYMMDD YYYYMM G NNN."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from ..model import ERROR, FormulaError
from ..problems import ProblemKind, define_kinds
from . import RuleResult, fail, ok
from .text import clean_text, is_empty, visible

KINDS = define_kinds(
    {
        "NIP_KOSONG": ProblemKind(ERROR, "NIP belum diisi. Tulis 18 angka NIP pejabat."),
        "NIP_ANGKA_EXCEL": ProblemKind(
            ERROR,
            "NIP {where} sebagai angka, sehingga Excel sudah membuang digit terakhirnya: Excel hanya "
            "menyimpan 15 digit dan sisanya menjadi 0. NIP ini tidak dapat dipulihkan. Ketik ulang NIP sebagai teks: "
            "format kolom NIP sebagai Teks, atau awali dengan tanda petik ('), misalnya "
            "'19750315 200501 1 002.",
        ),
        "NIP_TANGGAL_EXCEL": ProblemKind(
            ERROR,
            "Excel mengubah isi sel NIP menjadi tanggal ({value}). Format kolom NIP sebagai Teks "
            "lalu ketik ulang 18 angka NIP.",
        ),
        "NIP_BUKAN_ANGKA": ProblemKind(
            ERROR,
            "NIP hanya boleh berisi angka (boleh dipisah spasi), tetapi berisi '{bad}'. "
            "Contoh penulisan: 19750315 200501 1 002.",
        ),
        "NIP_PANJANG": ProblemKind(
            ERROR,
            "NIP harus 18 angka, tetapi tertulis {digits} angka. Periksa kembali NIP pada SK "
            "atau kartu pegawai.",
        ),
        "NIP_TANGGAL_LAHIR": ProblemKind(
            ERROR,
            "8 angka pertama NIP ({part}) harus tanggal lahir yang benar (TTTTBBHH). Periksa "
            "kembali NIP-nya.",
        ),
        "NIP_TMT": ProblemKind(
            ERROR,
            "Angka ke-9 sampai ke-14 NIP ({part}) harus tahun dan bulan TMT CPNS (TTTTBB, bulan "
            "01-12). Periksa kembali NIP-nya; bila pegawai ini PPPK, tulis golongan PPPK-nya "
            "(misalnya IX) di kolom Pangkat/Golongan.",
        ),
        "NIP_TMT_MASA_DEPAN": ProblemKind(
            ERROR,
            "Tahun/bulan pengangkatan dalam NIP ({part}) belum terjadi. Periksa kembali NIP-nya.",
        ),
        "NIP_TMT_USIA": ProblemKind(
            ERROR,
            "Menurut NIP ini pegawai diangkat ({tmt}) sebelum berusia 18 tahun (lahir {lahir}). "
            "Periksa kembali NIP-nya.",
        ),
        "NIP_JENIS_KELAMIN": ProblemKind(
            ERROR,
            "Angka ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), tetapi tertulis {digit}. "
            "Periksa kembali NIP-nya.",
        ),
        "NIP_URUT": ProblemKind(
            ERROR, "Tiga angka terakhir NIP (nomor urut) tidak boleh 000. Periksa kembali NIP-nya."
        ),
    }
)

SEPARATORS = re.compile(r"[\s.\-_/'’`]+")
# A label typed before the number: "NIP. 19750315 ...", "NI PPPK: 1990...", "NIP/NI PPPK 1990...".
_LABEL_WORD = r"(?:no(?:mor)?\.?\s*)?(?:nip|ni\s*pppk|nomor\s+induk\s+(?:pegawai|pppk))"
LABEL = re.compile(rf"^{_LABEL_WORD}(?:\s*/\s*{_LABEL_WORD})*(?![a-z])\s*[.:]?\s*", re.IGNORECASE)
EXCEL_EXPONENT = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
MIN_BIRTH_YEAR = 1940
MIN_AGE_AT_APPOINTMENT = 18
EXCEL_LOST_DIGITS = "000"  # an 18-digit number kept to 15 significant digits ends in these
STORED_AS_NUMBER = "tersimpan"
ONCE_A_NUMBER = "pernah tersimpan (sebelum lembar ini disimpan sebagai CSV atau disalin)"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII")
PPPK_GOLONGAN = frozenset(ROMAN)


def format_nip(nip: str) -> str:
    """19750315200501 1002 -> '19750315 200501 1 002' (unchanged if not 18 digits)."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def parse_nip(
    value: Any, *, today: date, golongan: str | None = None, golongan_unknown: bool = False
) -> RuleResult:
    """The NIP as 18 digits. `golongan` tells an NI PPPK from a PNS NIP; `golongan_unknown` says the
    pangkat cell has its own error, so a number that could be an NI PPPK is not blamed here."""
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if isinstance(value, (datetime, date, time)):
        return fail("NIP_TANGGAL_EXCEL")
    if isinstance(value, bool) or is_empty(value):
        return fail("NIP_KOSONG")
    if isinstance(value, (int, float)):
        digits = f"{value:.0f}" if isinstance(value, float) else str(value)
        if len(digits.lstrip("-")) >= 16:
            return fail("NIP_ANGKA_EXCEL", where=STORED_AS_NUMBER)
        return fail("NIP_PANJANG", digits=len(digits.lstrip("-")))
    text = clean_text(value)
    if not text[:1].isdigit():  # a label can only lead the text
        text = LABEL.sub("", text)
    if not text:
        return fail("NIP_KOSONG")
    if EXCEL_EXPONENT.match(text.replace(" ", "")):
        return fail("NIP_ANGKA_EXCEL", where=STORED_AS_NUMBER)
    compact = SEPARATORS.sub("", text)
    bad = "" if compact.isascii() and compact.isdigit() else "".join(
        dict.fromkeys(ch for ch in compact if not ch.isdigit() or not ch.isascii()))
    if bad:
        return fail("NIP_BUKAN_ANGKA", bad=visible(bad[:10]))
    if len(compact) != 18:
        return fail("NIP_PANJANG", digits=len(compact))
    if text == compact and compact.endswith(EXCEL_LOST_DIGITS):
        # Typed in one run and ending in 000: a number Excel had rounded, then written out as text
        # (CSV, copy and paste). A grouped "... 1 000" is a typing slip, left to the NIP_URUT check.
        return fail("NIP_ANGKA_EXCEL", where=ONCE_A_NUMBER)
    return _check_structure(compact, today, golongan, golongan_unknown)


def _check_structure(nip: str, today: date, golongan: str | None, golongan_unknown: bool) -> RuleResult:
    birth = _date_or_none(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None or not MIN_BIRTH_YEAR <= birth.year <= today.year or birth > today:
        return fail("NIP_TANGGAL_LAHIR", part=nip[:8])
    year, month = int(nip[8:12]), int(nip[12:14])
    if 1 <= month <= 12:
        earliest = latest = (year, month, 1)  # TMT is the first of the month
    elif golongan_unknown or (golongan is not None and is_pppk(golongan)):
        # NI PPPK: the year of appointment, then a count of work agreements; the month is unknown.
        earliest, latest = (year, 1, 1), (year, 12, 1)
    else:
        return fail("NIP_TMT", part=nip[8:14])
    if earliest[:2] > (today.year, today.month):
        return fail("NIP_TMT_MASA_DEPAN", part=nip[8:14])
    if latest < _birthday(birth, MIN_AGE_AT_APPOINTMENT):
        return fail("NIP_TMT_USIA", tmt=f"{nip[8:12]}-{nip[12:14]}", lahir=birth.isoformat())
    if nip[14] not in "12":
        return fail("NIP_JENIS_KELAMIN", digit=nip[14])
    if nip[15:] == "000":
        return fail("NIP_URUT")
    return ok(nip)


def is_pppk(golongan: str) -> bool:
    """PPPK golongan are bare roman numerals I..XVII (no ruang letter)."""
    return golongan in PPPK_GOLONGAN


def _birthday(birth: date, age: int) -> tuple[int, int, int]:
    """The day a person reaches `age`; born on 29 February, on 1 March in a common year."""
    adult = _date_or_none(birth.year + age, birth.month, birth.day)
    return (adult.year, adult.month, adult.day) if adult else (birth.year + age, 3, 1)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
