"""Temporary SPSE passwords: random per office, reproducible per (batch, NIP), never stored.

A 32-byte key is made once with `secrets` and kept beside the register (0600). Each password is an
HMAC of the batch key and the NIP under that key, mapped onto the configured alphabet, so a rerun
reproduces the same handover note while no password is ever written to the register or a log.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from .errors import OutputError

KEY_FILE_NAME = ".kunci-kata-sandi"
KEY_BYTES = 32


class KeyMissing(OutputError):
    """The password key is gone while the register already holds letters made with it (exit 2)."""

    code = "KUNCI_HILANG"


def load_or_create_key(folder: Path, *, may_create: bool = True) -> bytes:
    """The office's password key in `folder`, created (0600) on first use when `may_create`."""
    path = folder / KEY_FILE_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as exc:
        raise OutputError(f"Kunci kata sandi {path} tidak dapat dibaca: {exc.strerror}.") from None
    if len(data) == KEY_BYTES:
        return data
    if data:
        raise OutputError(
            f"Kunci kata sandi {path} rusak (ukurannya tidak {KEY_BYTES} byte). Kembalikan berkas "
            "itu dari cadangan; tanpa kunci yang sama, kata sandi pada surat lama tidak dapat dibuat ulang."
        )
    if not may_create:
        raise KeyMissing(
            f"Kunci kata sandi {path} hilang, padahal register sudah mencatat berita acara yang kata "
            f"sandinya dibuat dengan kunci itu. Pulihkan {KEY_FILE_NAME} dari cadangan (bersama "
            "register.sqlite) lalu jalankan lagi. Bila kunci itu memang hilang untuk selamanya, "
            "jalankan 'sopgen letters --kunci-baru' untuk membuat kunci baru: berita acara lama "
            "tidak dapat dibuat ulang lagi."
        )
    return _create_key(path)


def _create_key(path: Path) -> bytes:
    """Write a new key beside `path` and link it into place, so the key file is never seen half
    written: an empty one (a crash between create and write) is replaced, a full one is kept."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{path.name}.tmp-*"):
            stale.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        _link_into_place(tmp, path)
    except OSError as exc:
        raise OutputError(
            f"Kunci kata sandi tidak dapat dibuat di {path.parent}: {exc.strerror}. "
            "Pastikan folder output dapat ditulisi."
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return load_or_create_key(path.parent)


def _link_into_place(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        if path.stat().st_size == 0:
            os.replace(tmp, path)
    except OSError:  # a file system without hard links; key creation runs under the register lock
        if not path.exists() or path.stat().st_size == 0:
            os.replace(tmp, path)


def derive_password(key: bytes, batch_key: str, nip: str, alphabet: str, length: int) -> str:
    """Uniform characters from the alphabet by rejection sampling over an HMAC stream."""
    chars: list[str] = []
    limit = 256 - (256 % len(alphabet))
    counter = 0
    while len(chars) < length:
        block = hmac.new(key, f"{batch_key}|{nip}|{counter}".encode(), hashlib.sha256).digest()
        chars.extend(alphabet[b % len(alphabet)] for b in block if b < limit)
        counter += 1
    return "".join(chars[:length])
