"""What the register tells the clerk when it cannot be used: every SQLite error in Indonesian, with the
way out (restore a backup, free the disk, wait for the other run), and why a file is no register."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import registerfile
from ..errors import RegisterError


def absent(path: Path, kind: str) -> RegisterError:
    """An empty (0 byte) or missing register, for a command that cannot rebuild it."""
    if kind == registerfile.EMPTY:
        return RegisterError(
            f"Register {path} kosong (0 byte): isinya hilang, misalnya salinan yang gagal. Pulihkan "
            "register dari cadangan; bila tidak ada cadangan, 'sopgen letters' membangunnya kembali dari "
            "folder batch (catatan langkah SOP 2-4 tidak dapat dipulihkan dari folder).",
            code="REGISTER_KOSONG")
    return RegisterError(f"Register {path} belum ada.", code="REGISTER_TIDAK_ADA")


def unknown_schema(path: Path, why: str) -> RegisterError:
    """A file marked as sopgen's register whose tables sopgen does not know: never half-read."""
    return RegisterError(
        f"Register {path} bertanda register sopgen tetapi susunannya tidak dikenal ({why}). "
        "Register itu tidak diubah; pulihkan register dari cadangan atau pilih register lain dengan "
        "--register.", code="REGISTER_SKEMA_TIDAK_DIKENAL")


def translated(path: Path, exc: Exception) -> RegisterError:
    """An SQLite error, as the clerk can act on it."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return RegisterError(
            f"Berkas {path} bukan register sopgen atau rusak. Pulihkan register dari cadangan "
            "(hapus dulu register.sqlite-wal dan register.sqlite-shm di sampingnya bila ada), atau "
            "pilih berkas lain dengan --register."
        )
    if "locked" in text or "busy" in text:
        return RegisterError(
            f"Register {path} sedang dipakai proses lain terlalu lama. Tunggu proses itu "
            "selesai, lalu jalankan lagi."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return RegisterError(
            f"Register {path} tidak dapat ditulisi (folder hanya-baca atau tanpa izin). "
            "Pilih folder yang dapat ditulisi dengan --output atau --register."
        )
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF  # the primary result code
    if code == sqlite3.SQLITE_IOERR or "disk i/o" in text:
        return RegisterError(
            f"Kesalahan baca/tulis disk pada register {path}. Periksa disk, flashdisk atau folder "
            "jaringan tempat register itu, lalu jalankan lagi; tidak ada nomor surat yang terpakai."
        )
    if code == sqlite3.SQLITE_FULL or "full" in text:
        return RegisterError(
            f"Disk penuh saat menulis register {path}. Kosongkan ruang disk lalu jalankan "
            "lagi; tidak ada nomor surat yang terpakai."
        )
    return RegisterError(
        f"Register {path} tidak dapat dipakai. Tidak ada yang dicatat; pulihkan register dari "
        f"cadangan atau hubungi pengelola sopgen. (Keterangan teknis: {exc}.)"
    )
