"""The clerk's header labels and the field each stands for ('No. HP' is telepon, 'Nama Instansi' none)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import lru_cache
from typing import Any

FUZZY_CUTOFF = 0.78

# Header labels clerks use, per field (compared after `normalise_label`).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nama": (
        "nama", "nama pejabat", "nama lengkap", "nama lengkap dan gelar", "nama dan gelar",
        "nama pegawai", "nama anggota", "nama anggota pokja", "nama personil", "nama pokja",
        "nama asn", "nama lengkap pejabat",
    ),
    "nip": (
        "nip", "nip pejabat", "nip nipppk", "nip ni pppk", "nip nik", "nomor induk pegawai",
        "nip pegawai", "no nip", "nomor nip", "nip baru", "ni pppk", "nip nip pppk",
    ),
    "alamat_instansi": (
        "alamat instansi", "alamat kantor", "alamat dinas", "instansi alamat", "alamat opd",
        "alamat unit kerja", "alamat satuan kerja", "alamat satker", "alamat", "alamat kantor instansi",
    ),
    "telepon": (
        "no telepon", "no telp", "no hp", "telp hp", "nomor hp wa", "nomor hp", "nomor telepon",
        "no telepon hp", "telepon", "telp", "hp", "no hp wa", "whatsapp", "no wa", "nomor wa",
        "handphone", "no handphone", "telepon hp", "no tlp", "kontak", "no kontak", "nomor ponsel",
    ),
    "email": ("email", "e mail", "alamat email", "alamat e mail", "surel", "alamat surel", "surat elektronik"),
    "pangkat_golongan": (
        "pangkat golongan", "pangkat gol", "pangkat gol ruang", "gol ruang", "golongan",
        "pangkat golongan ruang", "pangkat", "golongan ruang", "gol", "pangkat dan golongan",
        "pangkat gol ruang pppk",
    ),
    "jabatan": (
        "jabatan", "jabatan struktural fungsional", "nama jabatan", "jabatan fungsional",
        "jabatan struktural", "jabatan dinas", "jabatan saat ini",
    ),
    "no_sertifikat_pbj": (
        "nomor sertifikat pbj", "no sertifikat", "sertifikat pbj", "nomor sertifikat kompetensi pbj",
        "no sertifikat pbj", "nomor sertifikat", "no sertifikat kompetensi", "sertifikat",
        "nomor sertifikat pengadaan barang jasa", "no sertifikat pengadaan", "sertifikat kompetensi pbj",
        "no sertifikat keahlian pbj", "sertifikat keahlian pbj",
    ),
    "no_sk_pokja": (
        "sk pengangkatan", "nomor sk", "no sk pokja", "sk pokja pemilihan", "no sk", "sk pokja",
        "nomor sk pokja", "sk", "nomor sk pengangkatan", "sk pengangkatan pokja",
        "sk pengangkatan sebagai pokja pemilihan", "nomor sk pokja pemilihan", "no sk pengangkatan",
    ),
}
PHONE_WORDS = {"telepon", "telp", "telpon", "telfon", "tlpn", "tlp", "hp", "wa", "whatsapp", "handphone", "ponsel"}
MOBILE_WORDS = frozenset({"hp", "wa", "whatsapp", "handphone", "ponsel", "seluler"})
NUMBER_WORDS = frozenset({"no", "nomor", "nomer", "nmr"})
ROW_NUMBER_LABELS = {"no", "no urut", "nomor", "nomor urut", "nmr", "urut", "#"}
# Columns clerks often add that must never be taken for one of the nine fields.
IGNORED_LABELS = {
    "nama instansi", "instansi", "unit kerja", "opd", "nama opd", "satuan kerja", "satker",
    "keterangan", "ket", "tempat tanggal lahir", "tempat lahir", "tanggal lahir", "ttd",
    "tanda tangan", "paraf", "status", "status sopgen", "catatan", "nik", "npwp", "agama",
}
# Words that make a label name something else than the field its other words point to: 'Tanggal
# SK' is a date, 'Jabatan dalam Pokja' the role in the Pokja, 'Telepon Kantor' no member's HP,
# 'Nama Bidang' no person. Rows: (the field, or None for every field; the words; the words
# that cancel them, as in 'Nomor dan Tanggal SK' or 'No. Telp Kantor/HP').
QUALIFIERS: tuple[tuple[str | None, frozenset[str], frozenset[str]], ...] = (
    (None, frozenset({"tanggal", "tgl", "tmt", "masa", "berlaku", "kadaluarsa", "kedaluwarsa",
                      "scan", "pindaian", "file", "berkas", "upload", "unggah", "lampiran", "foto"}),
     NUMBER_WORDS),
    (None, frozenset({"jenis", "dalam", "rumah", "darah", "lama", "keterangan"}), frozenset()),
    ("telepon", frozenset({"kantor", "fax", "faks", "faksimile"}), MOBILE_WORDS),
    ("jabatan", frozenset({"pokja", "kepanitiaan"}), frozenset()),
    ("nama", frozenset({"instansi", "kantor", "dinas", "opd", "unit", "jabatan", "satker", "satuan",
                        "bidang", "bagian", "sekolah", "perangkat", "badan", "kegiatan", "paket",
                        "pekerjaan", "perusahaan", "bank", "ibu", "suami", "istri"}), frozenset()),
)
# How a label was matched, best first: when two columns claim a field, the better match wins.
EXACT, KEYWORD, FUZZY = 0, 1, 2
FUZZY_WORD_CUTOFF = 0.75  # a typo changes letters of a word, not the word: 'Nomor KTP' is no 'Nomor SK'
_LABEL_TO_FIELD = {label: field for field, labels in SYNONYMS.items() for label in labels}
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
EXAMPLES = {
    "nama": "'Nama Lengkap' atau 'Nama Pejabat'", "nip": "'NIP Pejabat'",
    "alamat_instansi": "'Alamat Kantor'", "telepon": "'No. HP' atau 'Telp/HP'", "email": "'E-mail'",
    "pangkat_golongan": "'Pangkat/Gol' atau 'Gol. Ruang'", "jabatan": "'Nama Jabatan'",
    "no_sertifikat_pbj": "'No. Sertifikat PBJ'", "no_sk_pokja": "'Nomor SK' atau 'SK Pengangkatan'",
}


def normalise_label(label: Any) -> str:
    text = "" if label is None else str(label).lower().replace("e-mail", "email")
    return _PUNCTUATION.sub(" ", text).strip()


def match_header(label: Any) -> str | None:
    """The field a clerk's header label stands for, or None (row numbers, unknown columns)."""
    return match_label(normalise_label(label))[0]


@lru_cache(maxsize=1024)
def match_label(norm: str) -> tuple[str | None, int]:
    """The field of a normalised label and how it was matched (EXACT, KEYWORD or FUZZY)."""
    if not norm or norm in ROW_NUMBER_LABELS or norm in IGNORED_LABELS or len(norm) > 80:
        return None, FUZZY
    if norm in _LABEL_TO_FIELD:
        return _LABEL_TO_FIELD[norm], EXACT
    words = norm.split()
    field, how = _match_keyword(words), KEYWORD
    if field is None:
        field, how = _match_fuzzy(norm), FUZZY
    if field is None or _qualified(field, set(words)):
        return None, FUZZY
    return field, how


def _match_keyword(words: list[str]) -> str | None:
    if "email" in words or "surel" in words or ("e" in words and "mail" in words):
        return "email"
    if "nip" in words:
        return "nip"
    if PHONE_WORDS & set(words):
        return "telepon"
    if "sertifikat" in words:
        return "no_sertifikat_pbj"
    if "sk" in words:
        return "no_sk_pokja"
    if "pangkat" in words or "golongan" in words or "gol" in words:
        return "pangkat_golongan"
    if "jabatan" in words:
        return "jabatan"
    if words[0] == "alamat":
        return "alamat_instansi"
    if words[0] == "nama":
        return "nama"
    return None


def _match_fuzzy(norm: str) -> str | None:
    """A known label with a typo in it: the same words, each spelt nearly the same."""
    words = norm.split()
    if len(norm) <= 3 or not _may_match_fuzzy(norm, words):
        return None  # what the full comparison below would find, at a fraction of its cost
    for close in difflib.get_close_matches(norm, list(_LABEL_TO_FIELD), n=3, cutoff=FUZZY_CUTOFF):
        known = close.split()
        if len(norm) <= 3 or len(known) != len(words):
            continue
        if all(difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_WORD_CUTOFF
               for a, b in zip(words, known, strict=True)):
            return _LABEL_TO_FIELD[close]
    return None


# Each known label as (its length, its letter counts, each word's length and letter counts), by
# its number of words: the cheap upper bounds of difflib's ratio are worked out from these.
_Shape = tuple[int, Counter[str], tuple[tuple[int, Counter[str]], ...]]
_KNOWN_SHAPES: dict[int, list[_Shape]] = {}
for _label in _LABEL_TO_FIELD:
    _KNOWN_SHAPES.setdefault(len(_label.split()), []).append(
        (len(_label), Counter(_label), tuple((len(w), Counter(w)) for w in _label.split()))
    )


def _may_match_fuzzy(norm: str, words: list[str]) -> bool:
    """False only when no known label can pass `_match_fuzzy`'s tests: one with as many words whose
    whole text and each word are within reach of the cut-offs by difflib's own upper bounds of its
    ratio (length alone, then shared letters), compared exactly as difflib computes them. Most cells
    of a member row (names, NIPs, emails) are turned away here without a full comparison."""
    length, counts = len(norm), Counter(norm)
    word_shapes = [(len(w), Counter(w)) for w in words]
    for known_length, known_counts, known_words in _KNOWN_SHAPES.get(len(words), ()):
        total = length + known_length
        if 2.0 * min(length, known_length) / total < FUZZY_CUTOFF:
            continue
        if 2.0 * (counts & known_counts).total() / total < FUZZY_CUTOFF:
            continue
        if all(2.0 * (c & kc).total() / (n + kn) >= FUZZY_WORD_CUTOFF
               for (n, c), (kn, kc) in zip(word_shapes, known_words, strict=True)):
            return True
    return False


def _qualified(field: str, words: set[str]) -> bool:
    """True if a word of the label makes it about something else (see QUALIFIERS)."""
    return any(
        (applies is None or applies == field) and words & qualifiers and not words & cancel
        for applies, qualifiers, cancel in QUALIFIERS
    )


