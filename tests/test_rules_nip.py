from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.rules.nip import format_nip, parse_nip

TODAY = date(2026, 11, 24)


def codes(value: object, golongan: str | None = None) -> list[str]:
    return [f.code for f in parse_nip(value, today=TODAY, golongan=golongan).findings]


@pytest.mark.parametrize("typed", [
    "19750315 200501 1 002", "197503152005011002", "19750315.200501.1.002", "'197503152005011002",
    " 19750315-200501-1-002 ", "19750315\u00a0200501 1 002",
    "NIP. 19750315 200501 1 002", "NIP 19750315 200501 1 002", "nip:197503152005011002",
    "NIP/NI PPPK: 19750315 200501 1 002", "No. NIP 19750315 200501 1 002",
    "Nomor Induk Pegawai 19750315 200501 1 002",
])
def test_valid_nip_in_the_ways_clerks_type_it(typed: str) -> None:
    result = parse_nip(typed, today=TODAY)
    assert result.findings == ()
    assert result.value == "197503152005011002"


def test_nip_is_shown_grouped_in_letters() -> None:
    assert format_nip("197503152005011002") == "19750315 200501 1 002"


@pytest.mark.parametrize(("value", "code"), [
    (None, "NIP_KOSONG"),
    ("-", "NIP_KOSONG"),
    (197503152005011002, "NIP_ANGKA_EXCEL"),
    (1.97503152005011e17, "NIP_ANGKA_EXCEL"),
    ("1.97503E+17", "NIP_ANGKA_EXCEL"),
    (1975031520, "NIP_PANJANG"),
    (date(1975, 3, 15), "NIP_TANGGAL_EXCEL"),
    ("19750315 200501 1 0O2", "NIP_BUKAN_ANGKA"),
    ("19750315 200501 1 00", "NIP_PANJANG"),
    ("19750315 200501 1 0022", "NIP_PANJANG"),
    ("19751315 200501 1 002", "NIP_TANGGAL_LAHIR"),
    ("19750230 200501 1 002", "NIP_TANGGAL_LAHIR"),
    ("18990315 200501 1 002", "NIP_TANGGAL_LAHIR"),
    ("19750315 200513 1 002", "NIP_TMT"),
    ("19750315 202701 1 002", "NIP_TMT_MASA_DEPAN"),
    ("19750315 198901 1 002", "NIP_TMT_USIA"),
    ("19750315 200501 3 002", "NIP_JENIS_KELAMIN"),
    ("19750315 200501 1 000", "NIP_URUT"),
])
def test_each_broken_nip_gets_one_clear_code(value: object, code: str) -> None:
    assert codes(value) == [code]


def test_ni_pppk_label_is_dropped_too() -> None:
    result = parse_nip("NI PPPK 199001152021161001", today=TODAY, golongan="IX")
    assert (result.value, result.findings) == ("199001152021161001", ())


@pytest.mark.parametrize("typed", ["NIP", "NIP.", "NIP:"])
def test_a_label_alone_is_an_empty_nip(typed: str) -> None:
    assert codes(typed) == ["NIP_KOSONG"]


def test_a_word_that_only_starts_like_the_label_is_not_dropped() -> None:
    assert codes("NIPS 19750315 200501 1 002") == ["NIP_BUKAN_ANGKA"]


def test_nip_rounded_by_excel_then_written_as_text_is_explained_as_excel_damage() -> None:
    assert codes("198001012003122000") == ["NIP_ANGKA_EXCEL"]  # from a CSV Excel had saved
    assert codes("NIP 198001012003122000") == ["NIP_ANGKA_EXCEL"]
    assert codes("19800101 200312 2 000") == ["NIP_URUT"]  # grouped by hand: a typing slip


def test_excel_message_says_the_last_digits_became_zero_and_to_retype_as_text() -> None:
    from sopgen.problems import make_problem

    message = make_problem(parse_nip("198001012003122000", today=TODAY).findings[0]).message
    assert "15 digit" in message and "menjadi 0" in message and "Teks" in message


@pytest.mark.parametrize(("nip", "code"), [
    ("19750315 199303 1 002", "NIP_TMT_USIA"),  # 17 years 11 months on 1 March 1993
    ("19750301 199303 1 002", None),  # 18 on the day of the TMT
    ("19750315 199304 1 002", None),
    ("19760229 199402 1 002", "NIP_TMT_USIA"),  # born on 29 February
    ("19760229 199403 1 002", None),
    ("19750315 000001 1 002", "NIP_TMT_USIA"),
])
def test_member_must_be_18_on_the_first_day_of_the_tmt_month(nip: str, code: str | None) -> None:
    assert codes(nip) == ([code] if code else [])


def test_pppk_age_is_checked_on_the_year_only() -> None:
    # Born in November 2000, appointed as PPPK some time in 2018: 18 by December, so possible.
    assert codes("200011152018161001", golongan="IX") == []
    assert codes("200011152017161001", golongan="IX") == ["NIP_TMT_USIA"]


def test_without_a_readable_golongan_a_possible_ni_pppk_is_not_blamed() -> None:
    pppk = "199001152021161001"
    assert parse_nip(pppk, today=TODAY, golongan_unknown=True).findings == ()
    # What does not depend on the golongan is still checked.
    assert [f.code for f in parse_nip("199001152027161001", today=TODAY,
                                      golongan_unknown=True).findings] == ["NIP_TMT_MASA_DEPAN"]
    assert [f.code for f in parse_nip("199013152021161001", today=TODAY,
                                      golongan_unknown=True).findings] == ["NIP_TANGGAL_LAHIR"]
    assert [f.code for f in parse_nip("19900115 202101 1 000", today=TODAY,
                                      golongan_unknown=True).findings] == ["NIP_URUT"]


def test_nip_stored_as_number_is_reported_not_repaired() -> None:
    result = parse_nip(1.97503152005011e17, today=TODAY)
    assert result.value is None


def test_pppk_number_is_valid_only_with_a_pppk_golongan() -> None:
    pppk = "199001152021161001"  # 2021, 16 work agreements: not a month
    assert codes(pppk) == ["NIP_TMT"]
    assert codes(pppk, golongan="III/b") == ["NIP_TMT"]
    assert codes(pppk, golongan="IX") == []


nips = st.builds(
    lambda birth, years, month, gender, seq: (
        f"{birth:%Y%m%d}{birth.year + years}{month:02d}{gender}{seq:03d}"
    ),
    st.dates(min_value=date(1960, 1, 1), max_value=date(1990, 12, 31)),
    st.integers(min_value=19, max_value=35),
    st.integers(min_value=1, max_value=12),
    st.sampled_from([1, 2]),
    st.integers(min_value=1, max_value=999),
)


@settings(max_examples=200)
@given(nips)
def test_every_valid_nip_round_trips_through_its_grouped_form(nip: str) -> None:
    result = parse_nip(format_nip(nip), today=TODAY)
    assert result.findings == ()
    assert result.value == nip
    assert parse_nip(result.value, today=TODAY).value == nip


@settings(max_examples=200)
@given(st.sampled_from(["NIP", "NIP.", "nip:", "NI PPPK", "No. NIP", "NIP/NI PPPK"]),
       st.sampled_from(["", " ", ". "]), nips)
def test_a_labelled_nip_reads_as_the_nip_alone(label: str, gap: str, nip: str) -> None:
    assert parse_nip(label + gap + format_nip(nip), today=TODAY).value == nip


@settings(max_examples=300)
@given(st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True),
                 st.booleans(), st.dates(),
                 st.tuples(st.sampled_from(["NIP ", "NI PPPK ", "nip."]),
                           st.from_regex(r"[0-9 .]{0,24}", fullmatch=True)).map("".join)),
       st.sampled_from([None, "IX", "III/b"]), st.booleans())
def test_nip_parser_never_crashes_and_errors_mean_no_value(
    value: object, golongan: str | None, golongan_unknown: bool
) -> None:
    result = parse_nip(value, today=TODAY, golongan=golongan, golongan_unknown=golongan_unknown)
    assert (result.value is None) == bool(result.findings)
    if result.value is not None:
        assert parse_nip(result.value, today=TODAY, golongan=golongan,
                         golongan_unknown=golongan_unknown).value == result.value
