"""Images the tests make themselves (sopgen ships no lambang): PNGs written with zlib and struct."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

Pixel = tuple[int, int, int]


def png(width: int, height: int, colour: Callable[[int, int], Pixel]) -> bytes:
    """An RGB PNG whose pixel (x, y) has colour(x, y)."""
    raw = b"".join(b"\x00" + b"".join(bytes(colour(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def shield(width: int = 170, height: int = 200) -> bytes:
    """A plain placeholder emblem: a green shield with a gold rim and a gold star, on white."""
    cx = width / 2

    def inside(x: float, y: float, margin: float) -> bool:
        top, bottom = margin, height - margin
        if not top <= y <= bottom:
            return False
        half = cx - margin
        if y > height * 0.55:  # the lower half narrows to a point
            half *= max(0.0, (bottom - y) / (bottom - height * 0.55))
        return abs(x - cx) <= half

    def star(x: float, y: float) -> bool:
        import math

        dx, dy = x - cx, y - height * 0.42
        r, angle = math.hypot(dx, dy), math.atan2(dy, dx) + math.pi / 2
        spike = 0.5 + 0.5 * math.cos(5 * angle)
        return r < width * (0.12 + 0.16 * spike ** 3)

    def colour(x: int, y: int) -> Pixel:
        if not inside(x, y, 2):
            return (255, 255, 255)
        if not inside(x, y, 9) or star(x, y):
            return (212, 170, 40)
        return (20, 110, 60)

    return png(width, height, colour)


def write_lambang(path: Path, data: bytes | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(shield() if data is None else data)
    return path
