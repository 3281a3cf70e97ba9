from __future__ import annotations

from datetime import date

import pytest

from sopgen.idtext import (
    add_working_days,
    hari,
    is_working_day,
    tanggal,
    tanggal_terbilang,
    terbilang,
    working_days_between,
)


def test_indonesian_dates() -> None:
    d = date(2026, 11, 24)
    assert tanggal(d) == "24 November 2026"
    assert hari(d) == "Selasa"
    assert tanggal_terbilang(d) == (
        "Selasa tanggal dua puluh empat bulan November tahun dua ribu dua puluh enam")


@pytest.mark.parametrize(("n", "words"), [(1, "satu"), (11, "sebelas"), (24, "dua puluh empat"),
                                          (100, "seratus"), (1000, "seribu"),
                                          (2026, "dua ribu dua puluh enam")])
def test_terbilang(n: int, words: str) -> None:
    assert terbilang(n) == words


def test_terbilang_writes_every_number_below_a_million_as_num2words_does() -> None:
    from num2words import num2words

    numbers = [*range(20_000), *range(20_000, 1_000_000, 97), 999_999]
    assert [n for n in numbers if terbilang(n) != num2words(n, lang="id")] == []


@pytest.mark.parametrize(("n", "words"), [
    (1_000_000, "satu juta"), (1_001_000, "satu juta seribu"), (12_000_000_000, "dua belas miliar"),
    (3_000_000_000_000, "tiga triliun")])
def test_terbilang_of_large_numbers_says_seribu_after_juta(n: int, words: str) -> None:
    # num2words writes 'satu juta satu ribu'; Indonesian (and the Perbup's letters) say 'seribu'
    assert terbilang(n) == words


def test_working_days_skip_weekends_public_holidays_and_cuti_bersama() -> None:
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)  # Friday -> Monday
    assert not is_working_day(date(2026, 12, 25))  # Christmas
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    cuti = {date(2026, 12, 28)}
    assert add_working_days(date(2026, 12, 24), 1, cuti) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 29), cuti) == 2


def test_shipped_config_closes_the_office_through_lebaran_2026() -> None:
    from pathlib import Path

    from sopgen.config import load_config

    config = load_config(Path(__file__).resolve().parents[1] / "templates" / "config.toml")
    # SKB 3 Menteri 2025: Nyepi 19 March (national), cuti bersama 18, 20, 23 and 24 March,
    # Idul Fitri 21-22 March: the first working day after Tuesday 17 March is Wednesday 25 March.
    assert add_working_days(date(2026, 3, 17), 1, config.extra_days_off) == date(2026, 3, 25)
