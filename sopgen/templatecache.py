"""Prepared templates kept between runs (sopgen/usercache.py), so a clerk's batch does not pay for
dressing and preparing the same four templates every time.

An entry is keyed by the sha256 of the template's own bytes, of the office's dressing (page setup and
lambang) and of what prepares it (sopgen's version, the installed docxtpl and python-docx): a changed
template, page, lambang or library is prepared again. An entry holds only text and bytes (the dressed
template, the jinja2 sources and the document part around its body), never code: what is read back is
compiled in the same sandbox as on the first run, and an entry whose checksum, form or key does not
hold is ignored and rebuilt.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .fastdocx import Prepared
from .usercache import cache_folder, installed, read_entry, write_entry

if TYPE_CHECKING:
    from .dress import Dressing

MAGIC = b"sopgen templat 2"
FOLDER = "templat"
PREPARING_MODULES = ("fastdocx.py", "dress.py", "letterhead.py", "templatecache.py")


@dataclass(frozen=True)
class Entry:
    dressed: bytes
    prepared: Prepared


def key(source: bytes, dressing: Dressing | None) -> str:
    h = hashlib.sha256()
    for piece in (MAGIC, __version__.encode(), _own_code(), _libraries(), hashlib.sha256(source).digest(),
                  _dressing_fingerprint(dressing)):
        h.update(len(piece).to_bytes(8, "big") + piece)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _own_code() -> bytes:
    """The modules that dress and prepare a template, so a changed sopgen never reads an older entry
    even before its version number moves (read once a run)."""
    h = hashlib.sha256()
    for name in PREPARING_MODULES:
        try:
            h.update(Path(__file__).with_name(name).read_bytes())
        except OSError:  # an install without its sources: the version alone tells
            h.update(name.encode())
    return h.digest()


def _libraries() -> bytes:
    """Which docxtpl and python-docx prepare it."""
    return "|".join(f"{name}:{installed(name)}" for name in ("docxtpl", "docx")).encode("utf-8")


def _dressing_fingerprint(dressing: Dressing | None) -> bytes:
    if dressing is None:
        return b"-"
    lambang = dressing.lambang
    image = "-" if lambang is None else (
        f"{hashlib.sha256(lambang.data).hexdigest()}:{lambang.extension}:{lambang.width_px}x{lambang.height_px}")
    return f"{dressing.page!r}|{image}".encode()


def _path(entry_key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / FOLDER / f"{entry_key}.json"


def load(entry_key: str) -> Entry | None:
    path = _path(entry_key)
    payload = None if path is None else read_entry(path, MAGIC)
    if payload is None:
        return None
    try:
        return _entry(json.loads(payload), entry_key)
    except (ValueError, TypeError, KeyError):
        return None


def _entry(raw: Any, entry_key: str) -> Entry | None:
    if not isinstance(raw, dict) or raw.get("kunci") != entry_key:
        return None
    parts, names = raw["parts"], raw["part_names"]
    if not (isinstance(raw["body"], str) and isinstance(raw["needs_tree"], bool) and _texts(parts)
            and isinstance(names, dict) and names.keys() == parts.keys()
            and all(isinstance(n, list) and all(isinstance(x, str) for x in n) for n in names.values())):
        return None
    prepared = Prepared(raw["body"], dict(parts), _bytes(raw["prefix"]), _bytes(raw["suffix"]), raw["needs_tree"],
                        {k: list(v) for k, v in names.items()})
    return Entry(_bytes(raw["dressed"]), prepared)


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


def _bytes(text: Any) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def store(entry_key: str, dressed: bytes, prepared: Prepared) -> None:
    path = _path(entry_key)
    if path is None:
        return
    raw = {"kunci": entry_key, "dressed": _text(dressed), "body": prepared.body, "parts": prepared.parts,
           "prefix": _text(prepared.prefix), "suffix": _text(prepared.suffix), "needs_tree": prepared.needs_tree,
           "part_names": prepared.part_names}
    try:
        payload = json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
    except ValueError:  # text that cannot be kept as UTF-8: this template is prepared each run
        return
    write_entry(path, MAGIC, payload)


def _text(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
