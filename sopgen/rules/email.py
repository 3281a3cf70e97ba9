"""Email addresses: syntax only (email-validator, no DNS), lower-cased."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model import ERROR, FormulaError
from ..problems import ProblemKind, define_kinds
from . import RuleResult, fail, ok
from .text import clean_text, is_empty

KINDS = define_kinds(
    {
        "EMAIL_KOSONG": ProblemKind(
            ERROR, "Email belum diisi. Tulis alamat email aktif anggota, misalnya nama@ponorogo.go.id."
        ),
        "EMAIL_FORMAT": ProblemKind(
            ERROR,
            "'{value}' bukan alamat email yang benar ({reason}). Tulis seperti "
            "nama@ponorogo.go.id: tanpa spasi, dengan satu @ dan titik (bukan koma) di nama domain.",
        ),
    }
)

# email-validator's English reasons -> plain Indonesian, first match wins.
REASONS: tuple[tuple[str, str], ...] = (
    ("must have an @-sign", "tidak ada tanda @"),
    ("invalid characters: '@'", "tanda @ lebih dari satu"),
    ("invalid character", "ada karakter yang tidak boleh"),
    ("should have a period", "nama domain sesudah @ tidak memuat titik"),
    ("special-use or reserved", "nama domain khusus yang tidak dapat dipakai untuk email"),
    ("period", "ada titik di tempat yang salah"),
    ("hyphen", "ada tanda hubung di tempat yang salah"),
    ("too long", "terlalu panjang"),
)
SHORT_TLD_REASON = (
    "akhiran nama domain '.{tld}' tidak lengkap: akhiran domain paling sedikit dua huruf, misalnya "
    ".com atau .id"
)


def parse_email(value: Any) -> RuleResult:
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if is_empty(value):
        return fail("EMAIL_KOSONG")
    text = clean_text(value)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if " " in text or "," in text or len(text) > 254:
        return fail("EMAIL_FORMAT", reason="ada spasi atau koma" if len(text) <= 254 else "terlalu panjang")
    from email_validator import EmailNotValidError, validate_email

    local, at, domain = text.rpartition("@")
    if at and _SIMPLE_LOCAL.fullmatch(local) and _domain_is_valid(domain.lower()):
        # The common case (ASCII local part, a domain seen before): the library's verdict on the
        # domain is cached, and an ASCII dot-atom local part is valid when no dot leads, trails or doubles.
        address, ascii_domain = f"{local}@{domain}".lower(), domain.lower()
    else:
        try:
            result = validate_email(text, check_deliverability=False)
        except EmailNotValidError as exc:
            return fail("EMAIL_FORMAT", reason=_reason(str(exc)))
        address, ascii_domain = result.normalized.lower(), result.ascii_domain.lower()
    tld = ascii_domain.rpartition(".")[2]
    if not _is_top_level_domain(tld):  # "budi@gmail.c": email-validator takes any label
        return fail("EMAIL_FORMAT", reason=SHORT_TLD_REASON.format(tld=tld))
    return ok(address)


def _is_top_level_domain(label: str) -> bool:
    """Real top-level domains are two letters or more, or an internationalised one (xn--...)."""
    return label.startswith("xn--") or (len(label) >= 2 and label.isascii() and label.isalpha())


_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@lru_cache(maxsize=1024)
def _domain_is_valid(domain: str) -> bool:
    """A plain ASCII domain that email-validator accepts as it is (no IDNA rewriting needed)."""
    from email_validator import EmailNotValidError, validate_email

    if not domain.isascii() or len(domain) > 200:
        return False
    try:
        return validate_email(f"a@{domain}", check_deliverability=False).domain == domain
    except EmailNotValidError:
        return False


def _reason(message: str) -> str:
    lower = message.lower()
    for key, reason in REASONS:
        if key in lower:
            return reason
    return "susunannya tidak benar"
