"""Pangkat and golongan/ruang of PNS (and PPPK golongan I-XVII), parsed from how clerks write them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import ERROR, FormulaError
from ..problems import ProblemKind, define_kinds
from . import RuleResult, fail, ok
from .nip import ROMAN
from .text import clean_text, is_empty

KINDS = define_kinds(
    {
        "PANGKAT_KOSONG": ProblemKind(
            ERROR,
            "Pangkat/golongan belum diisi. Tulis misalnya 'Penata Muda Tingkat I, III/b' "
            "(PPPK: golongannya, misalnya 'IX').",
        ),
        "PANGKAT_TIDAK_DIKENAL": ProblemKind(
            ERROR,
            "Pangkat/golongan '{value}' tidak dikenali. Tulis seperti 'Penata Muda Tingkat I, "
            "III/b', 'III/b' saja, atau untuk PPPK 'PPPK IX'.",
        ),
        "PANGKAT_GOLONGAN_TIDAK_COCOK": ProblemKind(
            ERROR,
            "Pangkat '{pangkat}' tidak sesuai dengan golongan {golongan}: golongan {golongan} "
            "berpangkat '{expected}', dan '{pangkat}' bergolongan {expected_golongan}. Perbaiki "
            "salah satunya.",
        ),
        "GOLONGAN_RUANG_TIDAK_ADA": ProblemKind(
            ERROR,
            "Golongan '{golongan}' tidak ada: golongan {group} berakhir di {group}/{last} (ruang a sampai "
            "{last}){note}. Periksa golongan/ruang pada SK kenaikan pangkat terakhir anggota ini.",
        ),
        "GOLONGAN_RUANG_KURANG": ProblemKind(
            ERROR,
            "Golongan '{value}' belum lengkap: tambahkan ruangnya (a sampai e), misalnya "
            "'{example}'. Bila pegawai ini PPPK, tulis 'PPPK {value}'.",
        ),
    }
)

# (golongan/ruang, pangkat), in order of rank.
PNS_TABLE: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)
PANGKAT_OF = dict(PNS_TABLE)
GOLONGAN_OF = {pangkat.lower(): gol for gol, pangkat in PNS_TABLE}
PANGKAT_CHOICES: list[str] = [f"{p}, {g}" for g, p in PNS_TABLE]
ARABIC_TO_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# Words around a PPPK golongan: "PPPK - IX", "IX (PPPK)", "Gol. IX/P3K", "golongan IX PPPK".
PPPK_MARKERS = frozenset({"pppk", "p3k"})
PPPK_FILLER = frozenset({"gol", "golongan"})

_GOLONGAN = re.compile(r"(?<![a-z])(iv|iii|ii|i|[1-4])\s*[/.\- ]?\s*([a-e])(?![a-z])")
# A ruang past the last one ('III/f', 'IV/g'), only with its slash: 'ii x' is no golongan.
_BEYOND_RUANG = re.compile(r"(?<![a-z])(iv|iii|ii|i|[1-4])\s*/\s*([f-z])(?![a-z])")
LAST_RUANG = {"I": "d", "II": "d", "III": "d", "IV": "e"}
_FILLER = re.compile(r"\b(gol|golongan|ruang|pangkat|pns)\b|[^a-z]+")
_TINGKAT = re.compile(r"\b(tingkat|tkt|tk)\s*\.?\s*(i|1)\b")


@dataclass(frozen=True)
class PangkatGolongan:
    pangkat: str  # "" for PPPK
    golongan: str  # "III/b", or the PPPK golongan "IX"

    @property
    def canonical(self) -> str:
        """The normalised text, which parses back to itself ("PPPK IV" is not PNS golongan IV)."""
        return f"{self.pangkat}, {self.golongan}" if self.pangkat else f"PPPK {self.golongan}"


def parse_pangkat_golongan(value: Any) -> RuleResult:
    if isinstance(value, FormulaError):
        return fail("SEL_ERROR_RUMUS")
    if is_empty(value):
        return fail("PANGKAT_KOSONG")
    return _parse_text(clean_text(value).lower())


@lru_cache(maxsize=4096)  # a sheet repeats a handful of pangkat thousands of times
def _parse_text(text: str) -> RuleResult:
    pppk, marked = _pppk_golongan(text)
    if pppk:
        if pppk in ("I", "II", "III", "IV") and not marked:  # a PNS golongan without its ruang?
            return fail("GOLONGAN_RUANG_KURANG", example=f"{pppk}/a")
        return ok(PangkatGolongan("", pppk))
    golongan, rest = _take_golongan(text)
    if golongan is not None and golongan not in PANGKAT_OF:  # e.g. III/e: ruang e is only in IV
        group = golongan.split("/")[0]
        note = "; hanya golongan IV yang sampai ruang e" if group != "IV" else ""
        return fail("GOLONGAN_RUANG_TIDAK_ADA", golongan=golongan, group=group, last=LAST_RUANG[group], note=note)
    pangkat = _find_pangkat(rest)
    if golongan is None and pangkat is None:
        bare = _bare_golongan(rest)
        if bare:
            return fail("GOLONGAN_RUANG_KURANG", example=f"{bare}/a")
        return fail("PANGKAT_TIDAK_DIKENAL")
    if golongan is None:
        assert pangkat is not None
        return ok(PangkatGolongan(pangkat, GOLONGAN_OF[pangkat.lower()]))
    if pangkat is None:
        if _FILLER.sub("", rest):  # words that are no pangkat beside a golongan
            return fail("PANGKAT_TIDAK_DIKENAL")
        return ok(PangkatGolongan(PANGKAT_OF[golongan], golongan))
    if PANGKAT_OF[golongan] != pangkat:
        return fail(
            "PANGKAT_GOLONGAN_TIDAK_COCOK", pangkat=pangkat, golongan=golongan,
            expected=PANGKAT_OF[golongan], expected_golongan=GOLONGAN_OF[pangkat.lower()],
        )
    return ok(PangkatGolongan(pangkat, golongan))


def _pppk_golongan(text: str) -> tuple[str | None, bool]:
    """The PPPK golongan when the text is one roman numeral among PPPK words, and whether 'PPPK'
    itself was written (only then may a golongan be arabic, and I-IV be PPPK rather than PNS)."""
    words = re.findall(r"[^\W_]+", text)
    marked = any(w in PPPK_MARKERS for w in words)
    rest = [w for w in words if w not in PPPK_MARKERS and w not in PPPK_FILLER]
    if len(rest) != 1:
        return None, marked
    word = rest[0]
    if word.isascii() and word.isdigit() and marked and 1 <= int(word) <= len(ROMAN):
        return ROMAN[int(word) - 1], marked
    if word.upper() in ROMAN:
        return word.upper(), marked
    return None, marked


def _take_golongan(text: str) -> tuple[str | None, str]:
    """The golongan/ruang written anywhere in the text, and the text without it."""
    matches = list(_GOLONGAN.finditer(text)) or list(_BEYOND_RUANG.finditer(text))
    if not matches:
        return None, text
    m = matches[-1]
    roman = ARABIC_TO_ROMAN.get(m.group(1), m.group(1).upper())
    return f"{roman}/{m.group(2)}", text[: m.start()] + " " + text[m.end():]


def _find_pangkat(text: str) -> str | None:
    words = _TINGKAT.sub(" tingkat i ", text)
    words = re.sub(r"[^a-z ]+", " ", words)
    words = re.sub(r"\s+", " ", words).strip()
    words = re.sub(r"^(gol(ongan)?|pangkat)\s+", "", words)
    best = None
    for _, pangkat in PNS_TABLE:  # the longest name that the text starts with
        name = pangkat.lower()
        if (words == name or words.startswith(name + " ")) and (best is None or len(name) > len(best)):
            best = pangkat
    if best is None:
        return None
    leftover = words[len(best):].strip()
    return best if leftover in ("", "gol", "golongan", "ruang") else None


def _bare_golongan(text: str) -> str | None:
    word = re.sub(r"^(gol(ongan)?\.?|pangkat)\s*", "", text.strip(" ,.()"))
    word = word.strip()
    if word in ("1", "2", "3", "4"):
        return ARABIC_TO_ROMAN[word]
    return word.upper() if word.upper() in ("I", "II", "III", "IV") else None
