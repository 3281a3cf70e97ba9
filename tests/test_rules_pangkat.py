from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.rules.pangkat import PANGKAT_CHOICES, parse_pangkat_golongan


@pytest.mark.parametrize("typed", [
    "III/b", "III.b", "III b", "IIIb", "3b", "3/b", "iii/B", "Penata Muda Tk. I", "Penata Muda Tk.I",
    "PENATA MUDA TK I", "Penata Muda Tingkat 1", "Penata Muda Tingkat I, III/b",
    "Penata Muda Tingkat I (III/b)", "Penata Muda Tingkat I - III/b", "Penata Muda Tingkat I / III/b",
    "Gol. III/b", "  penata  muda tingkat i,   iii / b ",
])
def test_every_way_of_writing_iii_b_is_normalised(typed: str) -> None:
    result = parse_pangkat_golongan(typed)
    assert result.findings == ()
    assert result.value.canonical == "Penata Muda Tingkat I, III/b"


@pytest.mark.parametrize(("typed", "canonical"), [
    ("Penata", "Penata, III/c"), ("Juru", "Juru, I/c"), ("IV/e", "Pembina Utama, IV/e"),
    ("Pembina Utama Muda IV/c", "Pembina Utama Muda, IV/c"), ("4a", "Pembina, IV/a"),
    ("PPPK IX", "PPPK IX"), ("IX", "PPPK IX"), ("Golongan XI", "PPPK XI"), ("PPPK IV", "PPPK IV"),
])
def test_pangkat_alone_golongan_alone_and_pppk(typed: str, canonical: str) -> None:
    assert parse_pangkat_golongan(typed).value.canonical == canonical


@pytest.mark.parametrize("typed", [
    "PPPK - IX", "PPPK/IX", "IX (PPPK)", "Gol IX/PPPK", "Gol. IX", "golongan IX PPPK", "P3K IX",
    "PPPK Gol. IX", "pppk 9", "  ix  ",
])
def test_every_way_of_writing_pppk_golongan_ix_is_understood(typed: str) -> None:
    result = parse_pangkat_golongan(typed)
    assert result.findings == ()
    assert (result.value.pangkat, result.value.golongan) == ("", "IX")


def test_pppk_golongan_i_to_iv_needs_the_word_pppk_to_tell_it_from_pns() -> None:
    assert parse_pangkat_golongan("III (PPPK)").value.golongan == "III"
    assert [f.code for f in parse_pangkat_golongan("Gol. III").findings] == ["GOLONGAN_RUANG_KURANG"]


@pytest.mark.parametrize("typed", [
    "PPPK", "PPPK 18", "XVIII", "IX IX", "IX/a", "PPPK III/b", "Penata IX", "Golongan", "9",
    "PPPK Paruh Waktu", "IX é", "PPPK \u0669",
])
def test_nonsense_beside_pppk_words_is_still_refused(typed: str) -> None:
    assert [f.code for f in parse_pangkat_golongan(typed).findings] == ["PANGKAT_TIDAK_DIKENAL"]


@pytest.mark.parametrize(("typed", "code"), [
    ("", "PANGKAT_KOSONG"), ("-", "PANGKAT_KOSONG"),
    ("Pembina, III/b", "PANGKAT_GOLONGAN_TIDAK_COCOK"), ("Penata III/d", "PANGKAT_GOLONGAN_TIDAK_COCOK"),
    ("Kapten", "PANGKAT_TIDAK_DIKENAL"), ("III/f", "GOLONGAN_RUANG_TIDAK_ADA"),
    ("IV", "GOLONGAN_RUANG_KURANG"), ("3", "GOLONGAN_RUANG_KURANG"),
])
def test_wrong_pangkat_is_an_error(typed: str, code: str) -> None:
    assert [f.code for f in parse_pangkat_golongan(typed).findings] == [code]


def test_contradiction_message_names_the_right_pangkat() -> None:
    from sopgen.problems import make_problem

    finding = parse_pangkat_golongan("Pembina, III/b").findings[0]
    message = make_problem(finding).message
    assert "Penata Muda Tingkat I" in message and "IV/a" in message


@settings(max_examples=200)
@given(st.sampled_from(PANGKAT_CHOICES))
def test_canonical_form_is_a_fixed_point(choice: str) -> None:
    assert parse_pangkat_golongan(choice).value.canonical == choice


pppk_words = st.lists(
    st.sampled_from(["PPPK", "pppk", "P3K", "Gol.", "golongan", "IX", "XVII", "iii", "9", "III/b",
                     "Penata", "(", ")", "/", "-", " "]),
    max_size=6,
).map(" ".join)


@settings(max_examples=300)
@given(st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(), pppk_words))
def test_parser_never_crashes_and_is_idempotent(value: object) -> None:
    result = parse_pangkat_golongan(value)
    if result.value is not None:
        again = parse_pangkat_golongan(result.value.canonical)
        assert again.value == result.value


@pytest.mark.parametrize(("typed", "says"), [
    ("III/e", "Golongan 'III/e' tidak ada: golongan III berakhir di III/d (ruang a sampai d); hanya golongan IV "
              "yang sampai ruang e."),
    ("Penata, III/e", "Golongan 'III/e' tidak ada: golongan III berakhir di III/d"),
    ("I/e", "Golongan 'I/e' tidak ada: golongan I berakhir di I/d (ruang a sampai d)"),
    ("II/e", "Golongan 'II/e' tidak ada: golongan II berakhir di II/d (ruang a sampai d)"),
    ("IV/f", "Golongan 'IV/f' tidak ada: golongan IV berakhir di IV/e (ruang a sampai e). Periksa"),
    ("III/g", "golongan III berakhir di III/d"),
])
def test_a_ruang_past_the_last_one_says_where_the_golongan_ends(typed: str, says: str) -> None:
    from sopgen.problems import make_problem

    (finding,) = parse_pangkat_golongan(typed).findings
    assert finding.code == "GOLONGAN_RUANG_TIDAK_ADA"
    assert says in make_problem(finding).message
