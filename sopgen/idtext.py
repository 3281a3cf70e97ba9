"""Indonesian dates and numbers in words, and working days (Mon-Fri minus holidays and cuti bersama)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def tanggal(d: date) -> str:
    """24 November 2026"""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def hari(d: date) -> str:
    return HARI[d.weekday()]


def tempat_tanggal(kota: str, d: date) -> str:
    return f"{kota}, {tanggal(d)}"


def terbilang(n: int) -> str:
    """24 -> 'dua puluh empat' (num2words, Indonesian)."""
    from num2words import num2words

    return str(num2words(n, lang="id"))


def tanggal_terbilang(d: date) -> str:
    """'Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam'"""
    return f"{hari(d)} tanggal {terbilang(d.day)} bulan {BULAN[d.month - 1]} tahun {terbilang(d.year)}"


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays("ID", years=year))


def is_working_day(d: date, extra_days_off: Iterable[date] = ()) -> bool:
    return d.weekday() < 5 and d not in _public_holidays(d.year) and d not in set(extra_days_off)


def add_working_days(start: date, n: int, extra_days_off: Iterable[date] = ()) -> date:
    """The date `n` working days after `start` (n=1: the next working day)."""
    off = frozenset(extra_days_off)
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d, off):
            n -= 1
    return d


def working_days_between(start: date, end: date, extra_days_off: Iterable[date] = ()) -> int:
    """Working days after `start` up to and including `end` (negative if end is before start)."""
    if end < start:
        return -working_days_between(end, start, extra_days_off)
    off = frozenset(extra_days_off)
    return sum(1 for i in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=i), off))
