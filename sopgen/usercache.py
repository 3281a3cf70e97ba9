"""The user's cache folder: what sopgen can rebuild at any time, kept so the next run need not.

Nothing here is ever trusted: each entry carries the sha256 of its contents and is read only whole and
unchanged (anything else is ignored and rebuilt), and nothing in it is needed (a cache that cannot be
written, or is switched off, only makes a run slower). It never holds a clerk's data or a secret.
Where: `SOPGEN_CACHE` if set (empty, "0" or "off": no cache), else the system's place for caches
(%LOCALAPPDATA%\\sopgen\\Cache on Windows, ~/Library/Caches/sopgen on macOS, $XDG_CACHE_HOME/sopgen or
~/.cache/sopgen elsewhere).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

ENV = "SOPGEN_CACHE"
MAX_ENTRY = 64 << 20  # bytes; a bigger file is no entry of ours


def cache_folder() -> Path | None:
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip().lower() not in ("", "0", "off") else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "sopgen" / "Cache" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute() and sys.platform != "darwin":
        return Path(xdg) / "sopgen"
    try:
        home = Path.home()
    except (KeyError, RuntimeError):  # no HOME and no account entry (a service, a bare container)
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "sopgen"
    return home / ".cache" / "sopgen"


def read_entry(path: Path, magic: bytes) -> bytes | None:
    """An entry's contents, or None when it is missing, foreign, cut short or changed."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_ENTRY:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")
    digest, _, payload = rest.partition(b"\n")
    if head != magic or hashlib.sha256(payload).hexdigest().encode("ascii") != digest:
        return None
    return payload


def write_entry(path: Path, magic: bytes, payload: bytes) -> None:
    """Written beside its place and renamed into it, so a reader sees the whole entry or none; a folder
    that cannot be written is left alone (the run only does without the cache)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp.write_bytes(magic + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


@cache
def installed(package: str) -> str:
    """What tells an installed library apart, without importing it: its dist-info folder's name (the
    version) and its __init__'s size and time (importlib.metadata would cost more than a cache saves).
    An entry made by another version of a library it depends on is never read."""
    for entry in sys.path:
        folder = Path(entry or ".") / package
        init = folder / "__init__.py"
        try:
            stat = init.stat()
        except OSError:
            continue
        try:
            dists = sorted(n for n in os.listdir(folder.parent)
                           if n.startswith(f"{package}-") and n.endswith((".dist-info", ".egg-info")))
        except OSError:
            dists = []
        return f"{','.join(dists)}|{stat.st_size}|{stat.st_mtime_ns}"
    return "?"
