"""What phonenumbers and email-validator said about a number or a domain, remembered between runs.

A clerk checks the same sheet again and again while fixing it; the verdicts kept here let a rerun
skip loading both libraries. Only verdicts are kept: whether a national number is a valid
Indonesian number, mobile or not, and the shape its display takes (its digits as '#'), by a hash
of the number, never the number itself; and whether an email domain is valid as written. The file
is keyed by the versions of sopgen and of both libraries, written atomically, and read only when
its every entry has the expected form: anything else is ignored and rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .usercache import cache_folder, installed, read_entry, write_entry

FORMAT = 1
FILE_NAME = "verdicts.json"
MAGIC = b"sopgen verdicts 1"
LIBRARIES = ("phonenumbers", "email_validator")
MAX_PHONES, MAX_DOMAINS = 100_000, 10_000  # past these, the verdicts read first are forgotten
MAX_DOMAIN_CHARS = 253
SHAPE_CHARACTERS = frozenset("#()- ext.")
HASH_PERSON = b"sopgen-telepon"

# A phone verdict: None for no valid Indonesian number, else (mobile, the display's shape).
PhoneVerdict = tuple[bool, str] | None


@dataclass
class Verdicts:
    phones: dict[str, PhoneVerdict] = field(default_factory=dict)  # by phone_key()
    domains: dict[str, bool] = field(default_factory=dict)
    changed: bool = False
    loaded_from: Path | None = None


_MEMORY = Verdicts()
UNKNOWN = object()  # no verdict remembered


def phone_key(national: str) -> str:
    """The key of a national number (without its 0 or +62): a hash, so the file holds no number."""
    return _blake2b()(national.encode("ascii"), digest_size=12, person=HASH_PERSON).hexdigest()


@lru_cache(maxsize=1)
def _blake2b() -> Any:
    try:  # the same function hashlib hands out, without loading OpenSSL for it (~3 ms)
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b
    return blake2b


def phone_verdict(national: str) -> Any:
    """The remembered verdict on a national number, or UNKNOWN."""
    return _MEMORY.phones.get(phone_key(national), UNKNOWN)


def remember_phone(national: str, verdict: PhoneVerdict) -> None:
    _MEMORY.phones[phone_key(national)] = verdict
    _MEMORY.changed = True


def domain_verdict(domain: str) -> bool | None:
    """Whether email-validator accepted `domain` as written, or None when not remembered."""
    return _MEMORY.domains.get(domain)


def remember_domain(domain: str, valid: bool) -> None:
    if domain.isascii() and len(domain) <= MAX_DOMAIN_CHARS:
        _MEMORY.domains[domain] = valid
        _MEMORY.changed = True


def shape_of(display: str, digits: str) -> str | None:
    """'(0352) 481737' with digits '0352481737' -> '(####) ######'; None when the display does not
    show exactly those digits in order (then the verdict is not kept)."""
    if "".join(ch for ch in display if ch.isdigit()) != digits:
        return None
    shape = "".join("#" if ch.isdigit() else ch for ch in display)
    return shape if set(shape) <= SHAPE_CHARACTERS else None


def fill_shape(shape: str, digits: str) -> str | None:
    """The display from its shape and the number's digits; None when they do not fit."""
    if shape.count("#") != len(digits):
        return None
    return shape.replace("#", "%s") % tuple(digits)  # a shape holds no '%' (SHAPE_CHARACTERS)


# --- the file ------------------------------------------------------------------------------------

def versions() -> dict[str, str]:
    """What the verdicts depend on: sopgen's version and each library's installed version."""
    return {"sopgen": __version__, **{name: installed(name) for name in LIBRARIES}}


def load(folder: Path | None = None) -> None:
    """Read the remembered verdicts once per process; a file that is missing, damaged, of another
    version or of an unexpected form is ignored (and replaced on the next save)."""
    folder = folder if folder is not None else cache_folder()
    if folder is None or _MEMORY.loaded_from == folder:
        return
    _MEMORY.loaded_from = folder
    parsed = _read(folder / FILE_NAME)
    if parsed is None:
        _MEMORY.changed = True  # rewrite what is there
        return
    phones, domains = parsed
    _MEMORY.phones = {**phones, **_MEMORY.phones}
    _MEMORY.domains = {**domains, **_MEMORY.domains}


def _read(path: Path) -> tuple[dict[str, PhoneVerdict], dict[str, bool]] | None:
    payload = read_entry(path, MAGIC)
    if payload is None:
        return None
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or set(data) != {"format", "versions", "shapes", "phones", "domains"}:
        return None
    if data["format"] != FORMAT or data["versions"] != versions():
        return None
    shapes, phones, domains = data["shapes"], data["phones"], data["domains"]
    if not (isinstance(shapes, list) and isinstance(phones, dict) and isinstance(domains, dict)):
        return None
    if not all(isinstance(s, str) and 0 < len(s) <= 40 and set(s) <= SHAPE_CHARACTERS for s in shapes):
        return None
    codes = range(2 * len(shapes) + 1)
    if not all(type(code) is int and code in codes and _is_phone_key(key) for key, code in phones.items()):
        return None
    if not all(type(valid) is bool and domain.isascii() and len(domain) <= MAX_DOMAIN_CHARS
               for domain, valid in domains.items()):
        return None
    read_phones = {key: _decoded(code, shapes) for key, code in phones.items()}
    return read_phones, dict(domains)


# A phone verdict in the file: 0 for no valid number, else 1 + 2 * (its shape's index) + (1 if mobile).
def _encoded(verdict: PhoneVerdict, shapes: dict[str, int]) -> int:
    if verdict is None:
        return 0
    mobile, shape = verdict
    return 1 + 2 * shapes.setdefault(shape, len(shapes)) + mobile


def _decoded(code: int, shapes: list[str]) -> PhoneVerdict:
    return None if code == 0 else ((code - 1) % 2 == 1, shapes[(code - 1) // 2])


def _is_phone_key(key: str) -> bool:
    return len(key) == 24 and key.isascii() and not key.strip("0123456789abcdef")


def save() -> None:
    """Write the verdicts if any are new; a cache that cannot be written is simply not kept."""
    folder = _MEMORY.loaded_from
    if folder is None or not _MEMORY.changed:
        return
    phones = dict(list(_MEMORY.phones.items())[-MAX_PHONES:])
    domains = dict(list(_MEMORY.domains.items())[-MAX_DOMAINS:])
    shapes: dict[str, int] = {}
    encoded = {key: _encoded(verdict, shapes) for key, verdict in phones.items()}
    data = {"format": FORMAT, "versions": versions(), "shapes": list(shapes), "phones": encoded, "domains": domains}
    write_entry(folder / FILE_NAME, MAGIC, json.dumps(data, separators=(",", ":")).encode("ascii"))
    _MEMORY.changed = False


def forget() -> None:
    """Start over with nothing remembered (tests; a new cache folder)."""
    global _MEMORY
    _MEMORY = Verdicts()
