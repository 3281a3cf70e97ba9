"""Email addresses: syntax (email-validator, no DNS), lower-cased; a misspelled common domain is flagged."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .. import verdicts
from ..model import ERROR, WARNING, Finding, FormulaError
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
        "EMAIL_DOMAIN_MIRIP": ProblemKind(
            WARNING,
            "Nama domain '{domain}' mirip {suggestion}: mungkin maksudnya {address}? Periksa kembali; "
            "user ID dan kata sandi SPSE dikirim ke alamat email ini, dan email ke domain yang salah "
            "ketik tidak akan sampai.",
        ),
    }
)

# Domains most members use. A domain one or two typing slips away from one of these (gmial.com,
# yaho.co.id, gmail.con) is almost surely a mistake: the letter would go nowhere.
COMMON_DOMAINS: tuple[str, ...] = (
    "gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com", "outlook.com",
    "outlook.co.id", "live.com", "icloud.com", "googlemail.com", "rocketmail.com",
)
# A provider's name under the wrong ending (gmail.co.id, hotmail.id) reaches no mailbox either.
PROVIDER_NAMES: frozenset[str] = frozenset({
    "gmail", "yahoo", "ymail", "hotmail", "outlook", "icloud", "googlemail", "rocketmail",
})
# Real domains that sit close to a common one; never flagged, never suggested.
OTHER_REAL_DOMAINS: frozenset[str] = frozenset({
    "mail.com", "email.com", "gmx.com", "aol.com", "me.com", "mac.com", "yahoo.co.uk", "yahoo.co.jp",
    "yahoo.co.in", "yahoo.com.sg", "yahoo.com.my", "hotmail.co.uk", "live.co.uk",
})
# Indonesian second-level suffixes (PANDI). The part before them is the institution's own name
# (ponorogo.go.id, pu.go.id), which cannot be guessed, so only the suffix is compared, one slip away.
INDONESIAN_SUFFIXES: tuple[str, ...] = (
    "go.id", "co.id", "ac.id", "sch.id", "or.id", "desa.id", "mil.id", "web.id", "my.id", "net.id",
    "biz.id", "ponpes.id",
)
# Slips allowed: two for a long domain, one for a short one (aol.com is two slips from many things).
MAX_SLIPS_LONG, LONG_DOMAIN, MAX_SLIPS_SUFFIX = 2, 9, 1

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
    local, at, domain = text.rpartition("@")
    if at and _SIMPLE_LOCAL.fullmatch(local) and _domain_is_valid(domain.lower()):
        # The common case (ASCII local part, a domain seen before): the library's verdict on the
        # domain is cached, and an ASCII dot-atom local part is valid when no dot leads, trails or doubles.
        address, ascii_domain = f"{local}@{domain}".lower(), domain.lower()
    else:
        from email_validator import EmailNotValidError, validate_email

        try:
            result = validate_email(text, check_deliverability=False)
        except EmailNotValidError as exc:
            return fail("EMAIL_FORMAT", reason=_reason(str(exc)))
        address, ascii_domain = result.normalized.lower(), result.ascii_domain.lower()
    tld = ascii_domain.rpartition(".")[2]
    if not _is_top_level_domain(tld):  # "budi@gmail.c": email-validator takes any label
        return fail("EMAIL_FORMAT", reason=SHORT_TLD_REASON.format(tld=tld))
    suggestion = likely_domain(ascii_domain)
    if suggestion is not None:
        local_part, _, domain = address.rpartition("@")
        return ok(address, Finding("EMAIL_DOMAIN_MIRIP", {
            "domain": domain, "suggestion": suggestion, "address": f"{local_part}@{suggestion}"}))
    return ok(address)


@lru_cache(maxsize=1024)
def likely_domain(domain: str) -> str | None:
    """The common domain `domain` is probably a misspelling of, or None when it is one or is unrelated."""
    if domain in COMMON_DOMAINS or domain in OTHER_REAL_DOMAINS:
        return None
    best: tuple[int, str] | None = None
    for common in COMMON_DOMAINS:
        allowed = MAX_SLIPS_LONG if len(common) >= LONG_DOMAIN else 1
        slips = typing_slips(domain, common, allowed)
        if slips <= allowed and (best is None or slips < best[0]):
            best = (slips, common)
    if best is not None:
        return best[1]
    labels = domain.split(".")
    if labels[0] in PROVIDER_NAMES and len(labels) <= 3:
        same_name = [c for c in COMMON_DOMAINS if c.split(".")[0] == labels[0]]
        return min(same_name, key=lambda c: typing_slips(domain, c, len(domain) + len(c)))
    if len(labels) >= 3:
        owner, suffix = ".".join(labels[:-2]), ".".join(labels[-2:])
        if suffix not in INDONESIAN_SUFFIXES:
            for known in INDONESIAN_SUFFIXES:
                if typing_slips(suffix, known, MAX_SLIPS_SUFFIX) <= MAX_SLIPS_SUFFIX:
                    return f"{owner}.{known}"
    return None


def typing_slips(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b; limit + 1 once beyond limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def _is_top_level_domain(label: str) -> bool:
    """Real top-level domains are two letters or more, or an internationalised one (xn--...)."""
    return label.startswith("xn--") or (len(label) >= 2 and label.isascii() and label.isalpha())


_SIMPLE_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


@lru_cache(maxsize=1024)
def _domain_is_valid(domain: str) -> bool:
    """A plain ASCII domain that email-validator accepts as it is (no IDNA rewriting needed); its
    verdict is remembered between runs."""
    if not domain.isascii() or len(domain) > 200:
        return False
    known = verdicts.domain_verdict(domain)
    if known is not None:
        return known
    from email_validator import EmailNotValidError, validate_email

    try:
        valid = validate_email(f"a@{domain}", check_deliverability=False).domain == domain
    except EmailNotValidError:
        valid = False
    verdicts.remember_domain(domain, valid)
    return valid


def _reason(message: str) -> str:
    lower = message.lower()
    for key, reason in REASONS:
        if key in lower:
            return reason
    return "susunannya tidak benar"
