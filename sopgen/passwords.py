"""Temporary SPSE passwords: random per office, reproducible per (batch, NIP), never stored.

A 32-byte key is made once with `secrets` and kept beside the register (0600). Each password is an
HMAC of the batch key and the NIP under that key, mapped onto the configured alphabet, so a rerun
reproduces the same Slip Kata Sandi while no password is ever written to the register or a log. The
register keeps only the key's fingerprint (an HMAC of a fixed label, which no password input can
equal), so another key is recognised as such.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from .errors import OutputError

KEY_FILE_NAME = ".kunci-kata-sandi"
KEY_BYTES = 32
FINGERPRINT_LABEL = b"sopgen sidik kunci kata sandi 1"  # passwords' inputs always hold '|': never this
PRIVATE = 0o600


class KeyMissing(OutputError):
    """The password key is gone while the register already holds letters made with it (exit 2)."""

    code = "KUNCI_HILANG"


class KeyMismatch(OutputError):
    """The password key beside the register is not the one its password slips were made with (exit 2)."""

    code = "KUNCI_BERBEDA"


def key_fingerprint(key: bytes) -> str:
    """What the register keeps of the key: enough to tell two keys apart, nothing to derive from."""
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]


def different_key(folder: Path, since: str) -> KeyMismatch:
    path = folder / KEY_FILE_NAME
    return KeyMismatch(
        f"Kunci kata sandi {path} bukan kunci yang dipakai untuk slip kata sandi di register ini (sejak batch "
        f"{since}), misalnya kunci dari kantor atau cadangan lain. Kembalikan {KEY_FILE_NAME} yang benar dari "
        "cadangan (bersama register.sqlite) lalu jalankan lagi. Bila kunci itu memang hilang untuk selamanya, "
        "jalankan 'sopgen letters --kunci-baru': kunci yang ada sekarang dipakai untuk surat baru, dan slip "
        "kata sandi lama tidak dapat dibuat ulang lagi."
    )


def secure_key_file(folder: Path) -> str | None:
    """A key other users can read is set back to 0600 (POSIX; elsewhere the folder's access rules
    hold); returns the warning for the clerk, or None when it was private."""
    path = folder / KEY_FILE_NAME
    if os.name != "posix":
        return None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None  # missing: load_or_create_key tells what to do
    if not mode & 0o077:
        return None
    try:
        os.chmod(path, PRIVATE)
    except OSError as exc:
        return (f"Kunci kata sandi {path} dapat dibaca pengguna lain (izin {mode:04o}) dan izinnya tidak dapat "
                f"diubah ({exc.strerror}). Ubah izinnya menjadi 0600 (hanya pemilik): dengan kunci itu "
                "siapa pun dapat menghitung kata sandi sementara di slip kata sandi.")
    return (f"Kunci kata sandi {path} tadinya dapat dibaca pengguna lain (izin {mode:04o}); izinnya sudah "
            "dikembalikan menjadi 0600 (hanya pemilik). Bila ada orang lain yang sempat menyalinnya, buat akun "
            "dengan kata sandi baru.")


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
            f"Kunci kata sandi {path} hilang, padahal register sudah mencatat surat yang kata "
            f"sandinya dibuat dengan kunci itu. Pulihkan {KEY_FILE_NAME} dari cadangan (bersama "
            "register.sqlite) lalu jalankan lagi. Bila kunci itu memang hilang untuk selamanya, "
            "jalankan 'sopgen letters --kunci-baru' untuk membuat kunci baru: slip kata sandi lama "
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
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
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
