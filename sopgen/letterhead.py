"""The office's page and letterhead as its config gives them: paper, margins, font, page numbers, the
lambang daerah and the kop's address lines (Tata Naskah Dinas; the regency's Perbup decides)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import _Reader

# Paper (width, height) in millimetres. F4 is the Indonesian folio (215 x 330 mm).
PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "F4": (215.0, 330.0)}
PAPER_ALIASES = {"FOLIO": "F4"}
PAGE_NUMBERS = ("atas", "bawah", "tidak")
DEFAULT_LAMBANG = "lambang_daerah.png"
LIMITS = {  # key -> (lowest, highest, unit); a value outside is a typo (2.5 cm typed as 25)
    "margin_atas": (0.5, 6.0, "cm"), "margin_kanan": (0.5, 6.0, "cm"), "margin_bawah": (0.5, 6.0, "cm"),
    "margin_kiri": (0.5, 6.0, "cm"), "ukuran_huruf": (8.0, 16.0, "pt"), "tinggi_lambang": (1.0, 5.0, "cm"),
}
DEFAULTS = {"margin_atas": 2.0, "margin_kanan": 2.0, "margin_bawah": 2.5, "margin_kiri": 3.0,
            "ukuran_huruf": 12.0, "tinggi_lambang": 2.5}
HALAMAN_KEYS = frozenset({"kertas", "huruf", "nomor_halaman", *DEFAULTS})
# A label a value may already carry from an older config ("Telp. (0352) ..."): the kop writes its own.
_OLD_LABEL = re.compile(r"^\s*(telp\.?|tlp\.?|telepon|fax\.?|faks\.?|faksimile|laman|website|pos-el|e-?mail)\s*:?\s*",
                        re.IGNORECASE)


@dataclass(frozen=True)
class PageSetup:
    """Every document's page: paper, margins (cm), body font and size, where page numbers go, and the
    height of the lambang on the kop."""

    paper: str = "A4"
    top_cm: float = 2.0
    right_cm: float = 2.0
    bottom_cm: float = 2.5
    left_cm: float = 3.0
    font: str = "Arial"
    font_size: float = 12.0
    page_numbers: str = "atas"  # "atas" (centre top, from page 2), "bawah" (centre bottom) or "tidak"
    lambang_height_cm: float = 2.5

    @property
    def size_mm(self) -> tuple[float, float]:
        return PAPERS[self.paper]


def page_setup(r: _Reader, raw: dict[str, Any]) -> PageSetup:
    """[halaman]: every key optional; each value checked for its kind and a sane range."""
    halaman = r.need(raw, "halaman", "", dict, {})
    paper = str(r.need(halaman, "kertas", "halaman", str, "A4")).strip().upper()
    paper = PAPER_ALIASES.get(paper, paper)
    if paper not in PAPERS:
        raise r.wrong("halaman.kertas", f'harus "A4" (210 × 297 mm) atau "F4" (215 × 330 mm), bukan "{paper}".')
    font = str(r.need(halaman, "huruf", "halaman", str, "Arial")).strip()
    if not font:
        raise r.wrong("halaman.huruf", 'masih kosong. Tulis nama huruf, misalnya "Arial" atau "Bookman Old Style".')
    numbers = str(r.need(halaman, "nomor_halaman", "halaman", str, "atas")).strip().lower()
    if numbers not in PAGE_NUMBERS:
        raise r.wrong("halaman.nomor_halaman", 'harus "atas", "bawah" atau "tidak".')
    values = {}
    for key, default in DEFAULTS.items():
        value = float(r.need(halaman, key, "halaman", float, default))
        low, high, unit = LIMITS[key]
        if not low <= value <= high:
            raise r.wrong(f"halaman.{key}", f"harus antara {low:g} dan {high:g} {unit}, bukan {value:g}.")
        values[key] = value
    return PageSetup(paper=paper, top_cm=values["margin_atas"], right_cm=values["margin_kanan"],
                     bottom_cm=values["margin_bawah"], left_cm=values["margin_kiri"], font=font,
                     font_size=values["ukuran_huruf"], page_numbers=numbers,
                     lambang_height_cm=values["tinggi_lambang"])


def lambang_path(config_path: Path, kantor: dict[str, Any]) -> Path | None:
    """Where the lambang daerah is expected (relative to the config's folder), or None when the office
    chose a text kop (`lambang = ""`)."""
    value = str(kantor.get("lambang", DEFAULT_LAMBANG)).strip()
    return config_path.parent / value if value else None


def address_line(kantor: dict[str, Any]) -> str:
    """The kop's address in full: street, town (unless the street already names it) and kode pos."""
    alamat, kota = str(kantor["alamat"]).strip(), str(kantor.get("kota", "")).strip()
    line = alamat if not kota or kota.lower() in alamat.lower() else f"{alamat}, {kota}"
    kode_pos = str(kantor.get("kode_pos", "")).strip()
    return f"{line} {kode_pos}" if kode_pos else line


def contact_lines(kantor: dict[str, Any]) -> list[str]:
    """'Telepon ..., Faksimile ...' and 'Laman ..., Pos-el ...': a key left empty leaves no empty line."""
    def part(label: str, *keys: str) -> str:
        value = next((str(kantor[k]).strip() for k in keys if str(kantor.get(k, "")).strip()), "")
        return f"{label} {_OLD_LABEL.sub('', value)}" if value else ""

    lines = [(part("Telepon", "telepon"), part("Faksimile", "faksimile", "faks")),
             (part("Laman", "laman"), part("Pos-el", "pos_el"))]
    return [", ".join(p for p in pair if p) for pair in lines if any(pair)]
