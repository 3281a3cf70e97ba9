"""Indonesian phone numbers (mobile 08.., +62 8..; fixed line with area code), via phonenumbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ..model import ERROR, WARNING, Finding, FormulaError
from ..problems import ProblemKind, define_kinds
from . import RuleResult, fail, ok
from .text import clean_text, is_empty

KINDS = define_kinds(
    {
        "TELEPON_KOSONG": ProblemKind(
            ERROR,
            "No. telepon belum diisi. Tulis nomor HP aktif anggota (misalnya 0812-3456-7801): "
            "user ID dan kata sandi SPSE dikirim ke nomor ini.",
        ),
        "TELEPON_FORMAT": ProblemKind(
            ERROR,
            "'{value}' bukan nomor telepon Indonesia yang sah. Tulis nomor HP seperti "
            "0812-3456-7801 atau +62 812-3456-7801, atau telepon kantor dengan kode area seperti "
            "(0352) 481737.",
        ),
        "TELEPON_TANPA_KODE_AREA": ProblemKind(
            ERROR,
            "Nomor telepon kantor '{value}' belum memakai kode area. Tambahkan kodenya, misalnya "
            "({area_code}) {value}, atau tulis nomor HP anggota.",
        ),
        "TELEPON_NOL_HILANG": ProblemKind(
            WARNING,
            "Angka 0 di depan nomor hilang karena sel berformat angka; sudah dikembalikan menjadi "
            "{normalised}. Agar tidak terulang, format kolom telepon sebagai Teks.",
        ),
    }
)

_ALLOWED = re.compile(r"^[+\d\s().\-/]+$")
_MOBILE_WITHOUT_ZERO = re.compile(r"8\d{8,11}")


@dataclass(frozen=True)
class Telepon:
    display: str  # as written in letters: 0812-3456-7801, (0352) 481737
    e164: str  # +6281234567801
    mobile: bool


def parse_telepon(value: Any, *, area_code: str = "0352") -> RuleResult:
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if isinstance(value, (datetime, date, time, bool)):
        return fail("TELEPON_FORMAT")
    if is_empty(value):
        return fail("TELEPON_KOSONG")
    restored = False
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return fail("TELEPON_FORMAT")
        text = str(int(value))
        if text.startswith("62"):
            text = "+" + text
        elif not text.startswith("0"):
            text, restored = "0" + text, True
    else:
        text = clean_text(value)
        if _MOBILE_WITHOUT_ZERO.fullmatch(text):  # exported from a number cell, e.g. in a CSV
            text, restored = "0" + text, True
    if len(text) > 40 or not _ALLOWED.match(text):
        return fail("TELEPON_FORMAT")
    digits = re.sub(r"\D", "", text)
    if not text.startswith(("+", "0", "62", "(")) and 5 <= len(digits) <= 8:
        return fail("TELEPON_TANPA_KODE_AREA", area_code=area_code)
    telepon = _parse(text)
    if telepon is None:
        return fail("TELEPON_FORMAT")
    if restored:
        return ok(telepon, Finding("TELEPON_NOL_HILANG", {"normalised": telepon.display}))
    return ok(telepon)


_PLAIN_NATIONAL = re.compile(r"(?:\+?62|0)([1-9]\d{6,12})")


def _parse(text: str) -> Telepon | None:
    import phonenumbers
    from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

    plain = _PLAIN_NATIONAL.fullmatch(re.sub(r"[\s.\-/()]", "", text))
    if plain:  # the usual way it is written: skip the general parser, keep the library's verdict
        number = PhoneNumber(country_code=62, national_number=int(plain.group(1)))
    else:
        try:
            number = phonenumbers.parse("+" + text if text.startswith("62") else text, "ID")
        except phonenumbers.NumberParseException:
            return None
    if number.country_code != 62:
        return None
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN or not phonenumbers.is_valid_number_for_region(number, "ID"):
        return None
    mobile = kind == PhoneNumberType.MOBILE
    national = "0" + str(number.national_number)
    if mobile:
        display = f"{national[:4]}-{national[4:8]}-{national[8:]}"
    else:
        formatted = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        display = formatted  # e.g. "(0352) 481737"
    return Telepon(display, phonenumbers.format_number(number, PhoneNumberFormat.E164), mobile)
