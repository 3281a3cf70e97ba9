"""Indonesian phone numbers (mobile 08.., +62 8..; fixed line with area code), via phonenumbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from .. import verdicts
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
        "TELEPON_TERLALU_PENDEK": ProblemKind(
            ERROR,
            "'{value}' terlalu pendek untuk nomor telepon Indonesia. Nomor HP terdiri atas 10 sampai 13 "
            "angka (misalnya 0812-3456-7801); telepon kantor ditulis dengan kode area dan 6 sampai 8 angka "
            "(misalnya (0352) 481737). Periksa apakah ada angka yang terlewat.",
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
        "TELEPON_LEBIH_DARI_SATU": ProblemKind(
            WARNING,
            "Sel ini berisi {count} nomor telepon; yang dipakai {used} ({which}). User ID dan kata "
            "sandi dikirim ke nomor itu. Bila nomor lain yang benar, tulis hanya satu nomor di sel ini.",
        ),
    }
)

_ALLOWED = re.compile(r"^[+\d\s().\-/]+$")
_MOBILE_WITHOUT_ZERO = re.compile(r"8\d{8,11}")
MAX_CELL_CHARS = 200  # several numbers with their labels; beyond that it is not a phone cell
# Words clerks write around a number, dropped silently: "HP: 0812...", "0812... (WA)", "Telp. (0352) ...".
LABEL_WORDS = ("hp", "wa", "whatsapp", "telp", "tlp", "telpon", "telepon", "tel", "ponsel", "seluler",
               "handphone", "mobile", "kantor")
_WORD = "(?:" + "|".join(LABEL_WORDS) + r")\b\.?"
_LABEL = re.compile(
    rf"\(?\s*\b(?:(?:no|nomor|nmr)\b\.?\s*)?{_WORD}(?:\s*[/&]\s*{_WORD})*\s*\)?\s*:?", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")  # the only characters that case-insensitive words can match
# An office line's extension: "(0352) 481737 ext. 429", "psw. 429"; kept and shown as "ext. 429".
_EXTENSION = re.compile(r"\s*\b(?:ext|ekst|extension|psw|pes|pesawat)\b\.?\s*:?\s*(\d{1,5})\s*$", re.IGNORECASE)
# Between two numbers in one cell: "/", ",", ";", "atau", "dan", "&", a new line. A slash with no
# space beside it may also group digits ("0352/481737"); anything else always separates numbers, so
# "0812-34 / 0813-56" is never read as the one number 0812-3408-1356.
_LIST = re.compile(r"\s*(?:[,;/&|\n\r]|\b(?:atau|dan|or)\b)\s*", re.IGNORECASE)
_SURE_LIST = re.compile(r"[,;&|\n\r]|\s/|/\s|\b(?:atau|dan|or)\b", re.IGNORECASE)
# The shortest numbers Indonesia has: mobile 08xx-xxxx-xx (10 digits with the 0); an office line
# has 7 digits after a two-digit area code (Jakarta 021, Bandung 022, Semarang 024, Surabaya 031,
# Medan 061) and 6 after a three-digit one (Ponorogo 0352).
MIN_MOBILE_DIGITS = 10
TWO_DIGIT_AREAS = frozenset({"21", "22", "24", "31", "61"})
MIN_SUBSCRIBER_DIGITS = {2: 7, 3: 6}
MIN_LOCAL_DIGITS = 6
WHICH = {True: "nomor HP pertama", False: "nomor pertama yang sah; tidak ada nomor HP"}


@dataclass(frozen=True)
class Telepon:
    display: str  # as written in letters: 0812-3456-7801, (0352) 481737, (0352) 481737 ext. 429
    e164: str  # +6281234567801 (E.164 has no extension: it is only in `display`)
    mobile: bool
    extension: str = ""


def parse_telepon(value: Any, *, area_code: str = "0352") -> RuleResult:
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if isinstance(value, (datetime, date, time, bool)):
        return fail("TELEPON_FORMAT")
    if is_empty(value):
        return fail("TELEPON_KOSONG")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return fail("TELEPON_FORMAT")
        text = str(int(value))
        if text.startswith("62"):
            return _parse_one("+" + text, area_code)
        if not text.startswith("0"):
            return _parse_one("0" + text, area_code, restored=True)
        return _parse_one(text, area_code)
    raw = str(value)
    if len(raw) > MAX_CELL_CHARS:
        return fail("TELEPON_FORMAT")
    if _LETTER.search(raw):  # a label is words: none in a cell of digits and separators
        raw = _LABEL.sub(" ", raw)
    text = clean_text(raw)
    if not text:  # only a label, "HP:"
        return fail("TELEPON_KOSONG")
    if not _SURE_LIST.search(raw):
        whole = _parse_one(text, area_code)
        if whole.value is not None or "/" not in raw:
            return whole
    return _first_of_several(raw, area_code) or fail("TELEPON_FORMAT")


def _first_of_several(raw: str, area_code: str) -> RuleResult | None:
    """'0812... / 0813...': the first mobile number, else the first valid one, with a warning."""
    parts = [part for part in (clean_text(p) for p in _LIST.split(raw)) if part]
    read = [(part, _parse_one(part, area_code)) for part in parts]
    valid = [result for _, result in read if result.value is not None]
    if not valid or any(r.value is None and any(ch.isalpha() for ch in part) for part, r in read):
        return None  # no number at all, or a name or remark beside one: not a list of numbers
    chosen = next((r for r in valid if r.value.mobile), valid[0])
    if len({r.value.e164 if r.value else part for part, r in read}) == 1:
        return chosen  # a stray separator ("0812-3456-7801,") or the same number twice
    several = Finding("TELEPON_LEBIH_DARI_SATU",
                      {"count": len(parts), "used": chosen.value.display, "which": WHICH[chosen.value.mobile]})
    return ok(chosen.value, *chosen.findings, several)


def _parse_one(text: str, area_code: str, *, restored: bool = False) -> RuleResult:
    extension = ""
    if match := _EXTENSION.search(text):
        text, extension = text[: match.start()], match.group(1)
    if not restored and _MOBILE_WITHOUT_ZERO.fullmatch(text):  # exported from a number cell, e.g. in a CSV
        text, restored = "0" + text, True
    if len(text) > 40 or not _ALLOWED.match(text):
        return fail("TELEPON_FORMAT")
    digits = _NOT_DIGIT.sub("", text)
    if _too_short(text, digits):
        return fail("TELEPON_TERLALU_PENDEK")
    if not text.startswith(("+", "0", "62", "(")) and len(digits) <= 8:
        return fail("TELEPON_TANPA_KODE_AREA", area_code=area_code)
    telepon = _parse(text)
    if telepon is None:
        return fail("TELEPON_FORMAT")
    if extension:
        telepon = Telepon(f"{telepon.display} ext. {extension}", telepon.e164, telepon.mobile, extension)
    if restored:
        return ok(telepon, Finding("TELEPON_NOL_HILANG", {"normalised": telepon.display}))
    return ok(telepon)


def _too_short(text: str, digits: str) -> bool:
    """Shorter than any Indonesian number of its kind: a mobile number under 10 digits, an office
    line with fewer digits after its area code than any area has, or five digits with no prefix.
    (phonenumbers accepts '(0352) 12345'; no Ponorogo line is that short.)"""
    if text.startswith("+") and not text.startswith("+62"):
        return False  # a foreign number: the parser decides
    national = "0" + digits[2:] if text.lstrip("(+").startswith("62") else digits
    if not national.startswith("0"):
        return len(national) < MIN_LOCAL_DIGITS
    if national.startswith("08"):
        return len(national) < MIN_MOBILE_DIGITS
    area = 2 if national[1:3] in TWO_DIGIT_AREAS else 3
    return len(national) - 1 - area < MIN_SUBSCRIBER_DIGITS[area]


_PLAIN_NATIONAL = re.compile(r"(?:\+?62|0)([1-9]\d{6,12})")
_GROUPING = re.compile(r"[\s.\-/()]")
_NOT_DIGIT = re.compile(r"\D")


def _parse(text: str) -> Telepon | None:
    plain = _PLAIN_NATIONAL.fullmatch(_GROUPING.sub("", text))
    if plain:  # the usual way it is written: skip the general parser, keep the library's verdict
        return _national(plain.group(1))
    import phonenumbers

    try:
        number = phonenumbers.parse("+" + text if text.startswith("62") else text, "ID")
    except phonenumbers.NumberParseException:
        return None
    return _judged(number)


def _national(digits: str) -> Telepon | None:
    """The verdict on a national number (without its 0): remembered from an earlier run, else the
    library's, remembered when its display can be rebuilt from the digits alone."""
    national = "0" + digits
    known = verdicts.phone_verdict(digits)
    if known is not verdicts.UNKNOWN:
        if known is None:
            return None
        mobile, shape = known
        display = verdicts.fill_shape(shape, national)
        if display is not None:
            return Telepon(display, "+62" + digits, mobile)
    from phonenumbers import PhoneNumber

    telepon = _judged(PhoneNumber(country_code=62, national_number=int(digits)))
    if telepon is None:
        verdicts.remember_phone(digits, None)
    elif telepon.e164 == "+62" + digits and (shape := verdicts.shape_of(telepon.display, national)):
        verdicts.remember_phone(digits, (telepon.mobile, shape))
    return telepon


def _judged(number: Any) -> Telepon | None:
    """phonenumbers' verdict on a parsed number: an Indonesian number of a known kind, or None."""
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    if number.country_code != 62:
        return None
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        return None
    # Where +62 is Indonesia's alone, number_type has just answered is_valid_number_for_region(ID):
    # both match the number against the one region's metadata.
    if phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(62) != ("ID",) and not phonenumbers.is_valid_number_for_region(
            number, "ID"):
        return None
    mobile = kind == PhoneNumberType.MOBILE
    national = "0" + str(number.national_number)
    if mobile:
        display = f"{national[:4]}-{national[4:8]}-{national[8:]}"
    else:
        formatted = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        display = formatted  # e.g. "(0352) 481737"
    return Telepon(display, phonenumbers.format_number(number, PhoneNumberFormat.E164), mobile)
