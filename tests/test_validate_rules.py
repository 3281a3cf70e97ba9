"""How the field rules meet in one row: the NIP read against the pangkat cell, the phone warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sopgen.model import FIELDS, Cell, RawRow, Sheet
from sopgen.validate import Options, validate_sheet
from tests.members import member

TODAY = date(2026, 11, 24)
COLUMNS = dict(zip(FIELDS, "BCDEFGHIJ", strict=True))


def problems(**changes: Any) -> list[tuple[str | None, str]]:
    """(field, code) of every problem of one member row, sorted."""
    data = member(1, **changes)
    cells = {f: Cell(5, COLUMNS[f], f, data[f]) for f in FIELDS}
    sheet = Sheet(file=Path("usulan.xlsx"), sheet="Usulan", header_row=4, columns={},
                  rows=[RawRow(5, cells)])
    result = validate_sheet(sheet, Options(today=TODAY))
    return sorted((p.field, p.code) for p in result.problems)


def test_a_valid_row_has_no_problem() -> None:
    assert problems() == []


def test_ni_pppk_with_an_unreadable_pangkat_gets_one_error_on_the_pangkat_cell() -> None:
    found = problems(nip="19900115 2021 16 1 001", pangkat_golongan="PPPK golongan sembilan")
    assert found == [("pangkat_golongan", "PANGKAT_TIDAK_DIKENAL")]


def test_ni_pppk_with_an_empty_pangkat_gets_one_error_on_the_pangkat_cell() -> None:
    found = problems(nip="199001152021161001", pangkat_golongan="")
    assert found == [("pangkat_golongan", "PANGKAT_KOSONG")]


def test_nip_errors_that_do_not_depend_on_the_golongan_stay_beside_a_pangkat_error() -> None:
    found = problems(nip="19901315 202116 1 001", pangkat_golongan="Kapten")
    assert found == [("nip", "NIP_TANGGAL_LAHIR"), ("pangkat_golongan", "PANGKAT_TIDAK_DIKENAL")]


def test_ni_pppk_beside_a_pns_golongan_is_still_questioned() -> None:
    found = problems(nip="199001152021161001", pangkat_golongan="III/b")
    assert found == [("nip", "NIP_TMT")]


def test_ni_pppk_beside_a_pppk_golongan_written_loosely_is_valid() -> None:
    assert problems(nip="199001152021161001", pangkat_golongan="IX (PPPK)") == []


def test_several_phone_numbers_are_a_warning_and_the_member_stays_valid() -> None:
    assert problems(telepon="0812-3456-7801 / 0813-1234-5678") == [("telepon", "TELEPON_LEBIH_DARI_SATU")]


def test_office_line_with_extension_is_valid_with_the_office_line_warning() -> None:
    assert problems(telepon="(0352) 481737 psw. 429") == [("telepon", "TELEPON_BUKAN_SELULER")]
