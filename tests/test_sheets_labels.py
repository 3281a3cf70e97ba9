"""Header labels: the quick turn-away of cells that cannot be a misspelt label changes no match."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.sheets import labels
from sopgen.sheets.labels import FUZZY_CUTOFF, FUZZY_WORD_CUTOFF, normalise_label

KNOWN = list(labels._LABEL_TO_FIELD)


def fuzzy_the_long_way(norm: str) -> str | None:
    """`_match_fuzzy` as it was before cells were turned away early: difflib on every label."""
    words = norm.split()
    for close in difflib.get_close_matches(norm, KNOWN, n=3, cutoff=FUZZY_CUTOFF):
        known = close.split()
        if len(norm) <= 3 or len(known) != len(words):
            continue
        if all(difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_WORD_CUTOFF
               for a, b in zip(words, known, strict=True)):
            return labels._LABEL_TO_FIELD[close]
    return None


@st.composite
def misspelt_labels(draw: st.DrawFn) -> str:
    """A known label after a few typing slips: letters dropped, doubled, swapped or replaced."""
    text = list(draw(st.sampled_from(KNOWN)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        slip = draw(st.sampled_from(["drop", "double", "swap", "replace", "space"]))
        letter = draw(st.sampled_from("abcdeghiklmnoprstuw 0123"))
        if not text:
            text = [letter]
        elif slip == "drop":
            del text[at]
        elif slip == "double":
            text.insert(at, text[at])
        elif slip == "swap" and at + 1 < len(text):
            text[at], text[at + 1] = text[at + 1], text[at]
        elif slip == "replace":
            text[at] = letter
        else:
            text.insert(at, " ")
    return "".join(text)


CELLS = st.one_of(
    misspelt_labels(),
    st.text(alphabet="abcdeghiklmnoprstuwy 0123456789", max_size=40),
    st.sampled_from(["Dian Susanti, S.T.", "197503131996021001", "081200000000", "pegawai0@ponorogo.go.id",
                     "Pembina, IV/a", "Nama Pejabt", "Emial", "Jabtan", "Almat Kantor", "Nomor Sertifkat PBJ"]),
)


@settings(max_examples=1500, deadline=None)
@given(CELLS)
def test_a_cell_turned_away_early_is_one_the_full_comparison_rejects_too(cell: str) -> None:
    norm = normalise_label(cell)
    if norm:
        assert labels._match_fuzzy(norm) == fuzzy_the_long_way(norm)


def test_misspelt_labels_still_reach_the_full_comparison() -> None:
    for typo, field in [("nama pejabt", "nama"), ("emial", "email"), ("jabtan", "jabatan"),
                        ("almat kantor", "alamat_instansi"), ("nomor sertifkat pbj", "no_sertifikat_pbj")]:
        assert labels._match_fuzzy(typo) == field
