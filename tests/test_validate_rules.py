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


# --- invisible characters in an ID ---------------------------------------------------------------

INVISIBLE = {"\u200c": "U+200C", "\u2060": "U+2060", "\u200b": "U+200B", "\u00ad": "U+00AD", "\ufeff": "U+FEFF",
             "\u200e": "U+200E", "\u3164": "U+3164"}


def located(**changes: Any) -> list[Any]:
    data = member(1, **changes)
    cells = {f: Cell(5, COLUMNS[f], f, data[f]) for f in FIELDS}
    sheet = Sheet(file=Path("usulan.xlsx"), sheet="Usulan", header_row=4, columns={}, rows=[RawRow(5, cells)])
    return validate_sheet(sheet, Options(today=TODAY)).problems


def test_an_invisible_character_in_a_nip_is_removed_and_named_by_code_point_and_position() -> None:
    (problem,) = located(nip="19800101\u200c200501 1 001")
    assert (problem.field, problem.code, problem.severity, problem.column) == ("nip", "KARAKTER_TAK_TERLIHAT",
                                                                                "warning", "C")
    assert "karakter tak terlihat U+200C (zero width non-joiner) pada posisi 9" in problem.message
    assert "yang dibaca '19800101200501 1 001'" in problem.message
    assert problem.value == "19800101<U+200C>200501 1 001", "the cell is quoted with the character visible"


def test_every_id_field_gets_the_same_treatment() -> None:
    for field in ("nip", "telepon", "email", "no_sertifikat_pbj", "no_sk_pokja"):
        for ch, code_point in INVISIBLE.items():
            value = member(1)[field]
            found = located(**{field: value[:3] + ch + value[3:]})
            assert [(p.field, p.code) for p in found] == [(field, "KARAKTER_TAK_TERLIHAT")], (field, code_point)
            assert f"{code_point} (" in found[0].message and "pada posisi 4" in found[0].message


def test_an_id_of_invisible_characters_only_is_empty_not_an_empty_looking_value() -> None:
    found = {(p.field, p.code) for p in located(nip="\u200b\u200c\u2060")}
    assert found == {("nip", "KARAKTER_TAK_TERLIHAT"), ("nip", "NIP_KOSONG")}


def test_a_nip_with_an_invisible_character_and_a_letter_names_the_letter() -> None:
    found = located(nip="19800101 200501 1 0O1\u00ad")
    assert [p.code for p in found] == ["KARAKTER_TAK_TERLIHAT", "NIP_BUKAN_ANGKA"]
    assert "berisi 'O'" in found[1].message and found[1].value == "19800101 200501 1 0O1"


def test_many_invisible_characters_are_counted_not_all_listed() -> None:
    (problem,) = located(nip="1980010120050110\u200b\u200b\u200b\u200b\u200b\u200b\u200b01")
    assert "dan 2 lainnya" in problem.message


def test_every_unicode_format_character_counts_as_invisible() -> None:
    import sys
    import unicodedata

    from sopgen.rules.text import strip_invisible

    format_characters = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(format_characters) > 150
    for ch in format_characters:
        cleaned, finding = strip_invisible(f"1980{ch}0101")
        assert cleaned == "19800101" and finding is not None, f"U+{ord(ch):04X}"
    assert strip_invisible("0812 3456\u00a07801\t") == ("0812 3456\u00a07801\t", None), "spaces are not hidden"
