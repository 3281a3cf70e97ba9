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


def load_or_create_key(folder: Path) -> bytes:
    """The office's password key in `folder`, created (0600) on first use."""
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
    return _create_key(path)


def _create_key(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return load_or_create_key(path.parent)
    except OSError as exc:
        raise OutputError(
            f"Kunci kata sandi tidak dapat dibuat di {path.parent}: {exc.strerror}. "
            "Pastikan folder output dapat ditulisi."
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    return key


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
