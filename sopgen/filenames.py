"""File names a clerk can read, built from letter numbers, NIPs and names, that stay in their folder."""

from __future__ import annotations

import re
import unicodedata

WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
MAX_BYTES = 120  # well under the 255-byte limit of common file systems, leaving room for suffixes


def safe_name(text: str, *, max_bytes: int = MAX_BYTES, fallback: str = "berkas") -> str:
    """One path component: no separators, no control or reserved characters, never '.' or '..'."""
    text = unicodedata.normalize("NFC", str(text))
    text = UNSAFE.sub("-", text)
    text = re.sub(r"\s+", "_", text.strip())
    text = re.sub(r"[-_]{2,}", lambda m: m.group(0)[0], text)
    text = text.strip(" ._-")
    if not text:
        text = fallback
    if text.split(".")[0].upper() in WINDOWS_RESERVED:
        text = "_" + text
    return _truncate_utf8(text, max_bytes).rstrip(" ._-") or fallback


def _truncate_utf8(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def printable(text: str) -> str:
    """A name that can be shown and written as UTF-8: each byte of a name that was not UTF-8 (a zip
    made on Windows; the system keeps such bytes as surrogate escapes) becomes '\ufffd'."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def is_printable(text: str) -> bool:
    return printable(text) == text
