"""The lambang daerah the office names in its config ([kantor] lambang): read once and checked whole,
a PNG or JPG that Word and LibreOffice can show, with its size in pixels."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class LambangImage:
    """The lambang daerah as read from the office's file."""

    path: Path
    data: bytes
    extension: str  # "png" or "jpeg": the part's name and content type
    width_px: int
    height_px: int


def read_lambang(path: Path, key: str = "[kantor] lambang") -> LambangImage:
    """The office's image, checked whole: a PNG or JPG that Word and LibreOffice can show."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise _not_an_image(path, key, "itu sebuah folder, bukan berkas gambar") from None
    except OSError as exc:
        raise _not_an_image(path, key, f"berkas itu tidak dapat dibaca ({exc.strerror})") from None
    return lambang_of(path, data, key)


def lambang_of(path: Path, data: bytes, key: str = "[kantor] lambang") -> LambangImage:
    """The image from its bytes (the office's file, or a batch's copy of it), checked whole."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = _png_size(path, key, data)
        return LambangImage(path, data, "png", width, height)
    if data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg_size(path, key, data)
        return LambangImage(path, data, "jpeg", width, height)
    raise _not_an_image(path, key, "isinya bukan gambar PNG atau JPG (simpan ulang gambar itu sebagai .png)")


def _not_an_image(path: Path, key: str, why: str) -> ConfigError:
    return ConfigError(
        f"Lambang daerah {path} tidak dapat dipakai: {why}. Simpan lambang sebagai berkas PNG atau JPG di "
        f"tempat itu, atau tulis nama berkas yang benar di {key} (kosongkan, lambang = \"\", untuk kop tanpa "
        "lambang).", code="LAMBANG_RUSAK")


def _png_size(path: Path, key: str, data: bytes) -> tuple[int, int]:
    """Every chunk read with its CRC, the image data inflated: a truncated download is refused here,
    not printed as a grey box on every letter."""
    pos, size, image, ended = 8, (0, 0), zlib.decompressobj(), False
    try:
        while pos < len(data) and not ended:
            length, kind = struct.unpack_from(">I4s", data, pos)
            body = data[pos + 8:pos + 8 + length]
            (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
            if len(body) != length or zlib.crc32(kind + body) != crc:
                raise ValueError("chunk")
            if kind == b"IHDR":
                size = struct.unpack_from(">II", body)
            elif kind == b"IDAT":
                image.decompress(body)
            ended = kind == b"IEND"
            pos += 12 + length
    except (struct.error, ValueError, zlib.error):
        ended = False
    if not ended or not image.eof or min(size) <= 0:
        raise _not_an_image(path, key, "berkas PNG itu terpotong atau rusak")
    return int(size[0]), int(size[1])


def _jpeg_size(path: Path, key: str, data: bytes) -> tuple[int, int]:
    pos = 2
    try:
        while pos < len(data):
            if data[pos] != 0xFF:
                raise ValueError("marker")
            marker = data[pos + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                pos += 2
                continue
            (length,) = struct.unpack_from(">H", data, pos + 2)
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                height, width = struct.unpack_from(">HH", data, pos + 5)
                if width and height and b"\xff\xd9" in data[-64:]:
                    return int(width), int(height)
                break
            pos += 2 + length
    except (struct.error, IndexError, ValueError):
        pass
    raise _not_an_image(path, key, "berkas JPG itu terpotong atau rusak")
