from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopgen.rules.email import parse_email
from sopgen.rules.phone import parse_telepon
from sopgen.rules.text import parse_required_text


@pytest.mark.parametrize("typed", ["0812-3456-7801", "0812 3456 7801", "+62 812-3456-7801",
                                   "6281234567801", "081234567801", 6281234567801])
def test_mobile_numbers_are_normalised(typed: object) -> None:
    result = parse_telepon(typed)
    assert result.findings == ()
    assert (result.value.display, result.value.e164, result.value.mobile) == (
        "0812-3456-7801", "+6281234567801", True)


@pytest.mark.parametrize("typed", ["0352-481737", "(0352) 481737", "0352/481737"])
def test_fixed_line_with_area_code_is_valid(typed: str) -> None:
    result = parse_telepon(typed)
    assert result.value.display == "(0352) 481737" and not result.value.mobile


def test_phone_that_lost_its_leading_zero_is_restored_with_a_warning() -> None:
    result = parse_telepon(81234567801)
    assert result.value.display == "0812-3456-7801"
    assert [f.code for f in result.findings] == ["TELEPON_NOL_HILANG"]


@pytest.mark.parametrize(("typed", "code"), [
    ("", "TELEPON_KOSONG"), ("0812-34", "TELEPON_TERLALU_PENDEK"), ("abc", "TELEPON_FORMAT"),
    ("+1 202 555 0100", "TELEPON_FORMAT"), ("481737", "TELEPON_TANPA_KODE_AREA"),
    (datetime(2020, 1, 1), "TELEPON_FORMAT"),
])
def test_bad_phone_numbers(typed: object, code: str) -> None:
    assert [f.code for f in parse_telepon(typed).findings] == [code]


@pytest.mark.parametrize("typed", [
    "0812 3456 7801 / 0813 1234 5678", "0812-3456-7801, 0813-1234-5678", "0812-3456-7801; 0813 1234 5678",
    "0812-3456-7801 atau 0813-1234-5678", "0812-3456-7801\n0813-1234-5678", "0812-3456-7801/081312345678",
    "(0352) 481737 / 0812-3456-7801", "HP: 0812-3456-7801 / Kantor: (0352) 481737",
])
def test_cell_with_several_numbers_uses_the_first_mobile_and_says_so(typed: str) -> None:
    from sopgen.problems import make_problem

    result = parse_telepon(typed)
    assert result.value.display == "0812-3456-7801"
    assert [f.code for f in result.findings] == ["TELEPON_LEBIH_DARI_SATU"]
    message = make_problem(result.findings[0], value=typed).message
    assert "2 nomor" in message and "yang dipakai 0812-3456-7801" in message


def test_several_office_lines_use_the_first() -> None:
    result = parse_telepon("(0352) 481737 / (0352) 3574203")
    assert result.value.display == "(0352) 481737" and not result.value.mobile
    assert [f.code for f in result.findings] == ["TELEPON_LEBIH_DARI_SATU"]


@pytest.mark.parametrize("typed", ["0812-3456-7801,", "0812-3456-7801 / 0812 3456 7801"])
def test_a_stray_separator_or_the_same_number_twice_is_no_list(typed: str) -> None:
    result = parse_telepon(typed)
    assert (result.value.display, result.findings) == ("0812-3456-7801", ())


@pytest.mark.parametrize("typed", [
    "0812-3456-7802 (WA)", "WA 0812-3456-7802", "HP: 0812-3456-7802", "No. HP/WA: 0812 3456 7802",
    "Hp.0812-3456-7802", "0812-3456-7802 (HP/WA)", "Whatsapp: +62 812-3456-7802",
])
def test_labels_around_a_number_are_dropped_silently(typed: str) -> None:
    result = parse_telepon(typed)
    assert (result.value.display, result.findings) == ("0812-3456-7802", ())


@pytest.mark.parametrize("typed", ["(0352) 481737 ext. 429", "(0352) 481737 psw. 429", "0352-481737 Pes 429",
                                   "Telp. (0352) 481737 ext 429", "(0352) 481737 Ext.429"])
def test_office_line_keeps_its_extension_as_the_office_writes_it(typed: str) -> None:
    result = parse_telepon(typed)
    assert result.findings == ()
    telepon = result.value
    assert (telepon.display, telepon.e164, telepon.mobile, telepon.extension) == (
        "(0352) 481737 ext. 429", "+62352481737", False, "429")


@pytest.mark.parametrize(("typed", "code"), [
    ("HP:", "TELEPON_KOSONG"), ("0812-3456-7801 / Pak Budi", "TELEPON_FORMAT"),
    ("0812-3456-7801 (Pak Budi)", "TELEPON_FORMAT"), ("0812-34 / 0813-56", "TELEPON_FORMAT"),
    ("0352 / 481737", "TELEPON_FORMAT"),
    ("0812-3456-7801 / " * 20, "TELEPON_FORMAT"),
])
def test_what_is_not_a_list_of_numbers_is_still_refused(typed: str, code: str) -> None:
    assert [f.code for f in parse_telepon(typed).findings] == [code]


phone_cells = st.lists(
    st.sampled_from(["0812-3456-7801", "+62 813 1234 5678", "(0352) 481737", "81234567801", "ext. 429",
                     "psw 7", "HP:", "(WA)", "WA", "/", ",", ";", " atau ", "\n", "0812-34", "Pak", " "]),
    max_size=6,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(), phone_cells))
def test_phone_parser_never_crashes_and_is_idempotent(value: object) -> None:
    result = parse_telepon(value)
    if result.value is not None:
        again = parse_telepon(result.value.display)
        assert (again.value, again.findings) == (result.value, ())


def test_email_is_lower_cased() -> None:
    assert parse_email(" Dwi.Retno@Ponorogo.go.id ").value == "dwi.retno@ponorogo.go.id"


@pytest.mark.parametrize(("typed", "code"), [
    ("", "EMAIL_KOSONG"), ("n/a", "EMAIL_KOSONG"), ("bukan email", "EMAIL_FORMAT"),
    ("nama@ponorogo,go.id", "EMAIL_FORMAT"), ("a@@b.id", "EMAIL_FORMAT"), ("a@x.id.", "EMAIL_FORMAT"),
    ("nama@localhost", "EMAIL_FORMAT"), ("nama@contoh.test", "EMAIL_FORMAT"),
])
def test_bad_emails(typed: str, code: str) -> None:
    assert [f.code for f in parse_email(typed).findings] == [code]


@pytest.mark.parametrize("typed", ["budi@gmail.c", "budi@ponorogo.go.i", "Budi@Mail.C"])
def test_email_with_a_one_letter_top_level_domain_is_refused(typed: str) -> None:
    from sopgen.problems import make_problem

    findings = parse_email(typed).findings
    assert [f.code for f in findings] == ["EMAIL_FORMAT"]
    assert "paling sedikit dua huruf" in make_problem(findings[0], value=typed).message


@pytest.mark.parametrize(("typed", "normalised"), [
    ("budi@gmail.co", "budi@gmail.co"), ("a@x.xn--p1ai", "a@x.рф"), ("a@münchen.de", "a@münchen.de"),
])
def test_two_letter_and_internationalised_top_level_domains_are_kept(typed: str, normalised: str) -> None:
    assert parse_email(typed).value == normalised


@settings(max_examples=200)
@given(st.one_of(st.none(), st.text(max_size=40), st.emails(),
                 st.from_regex(r"[a-z]{1,6}@[a-z]{1,6}\.[a-z0-9]{1,3}", fullmatch=True)))
def test_email_parser_never_crashes_and_is_idempotent(value: object) -> None:
    result = parse_email(value)
    if result.value is not None:
        assert parse_email(result.value).value == result.value
        assert len(result.value.rpartition(".")[2]) >= 2


@pytest.mark.parametrize(("field", "code"), [
    ("nama", "NAMA_KOSONG"), ("alamat_instansi", "ALAMAT_KOSONG"), ("jabatan", "JABATAN_KOSONG"),
    ("no_sertifikat_pbj", "SERTIFIKAT_KOSONG"), ("no_sk_pokja", "SK_KOSONG"),
])
@pytest.mark.parametrize("empty", [None, "", "  ", "-", "0", "n/a", "Tidak Ada", "—"])
def test_placeholders_count_as_empty(field: str, code: str, empty: object) -> None:
    assert [f.code for f in parse_required_text(empty, field).findings] == [code]


@pytest.mark.parametrize(("field", "code"), [
    ("no_sertifikat_pbj", "SERTIFIKAT_KOSONG"), ("no_sk_pokja", "SK_KOSONG"),
])
@pytest.mark.parametrize("note", [
    "Menyusul", "Dalam proses", "Belum bersertifikat", "belum", "Tidak punya", "(kosong)", "TBA",
    "xxx", "?", "tidak ada", "Masih diproses", "menyusul (2026)", "XX/XX", "...", "[belum ada]",
])
def test_a_note_that_the_number_will_follow_counts_as_empty(field: str, code: str, note: str) -> None:
    assert [f.code for f in parse_required_text(note, field).findings] == [code]


@pytest.mark.parametrize(("field", "code"), [
    ("no_sertifikat_pbj", "SERTIFIKAT_TANPA_ANGKA"), ("no_sk_pokja", "SK_TANPA_ANGKA"),
])
@pytest.mark.parametrize("typed", ["SK Bupati", "Sertifikat Tingkat Dasar", "Ada", "L-II"])
def test_certificate_and_sk_numbers_without_a_digit_are_refused(field: str, code: str, typed: str) -> None:
    from sopgen.problems import make_problem

    result = parse_required_text(typed, field)
    assert [f.code for f in result.findings] == [code]
    assert f"'{typed}' tidak memuat angka" in make_problem(result.findings[0], value=typed).message


@pytest.mark.parametrize("typed", ["188.45/412/405.08/2026", "L2.000123.2021", "SK-PBJ.123/LKPP/2019",
                                   "x1", 12345])
def test_real_certificate_and_sk_numbers_are_kept_as_written(typed: object) -> None:
    for field in ("no_sertifikat_pbj", "no_sk_pokja"):
        assert parse_required_text(typed, field).value == str(typed)


def test_wordy_jabatan_and_alamat_need_no_digit() -> None:
    assert parse_required_text("Kepala Bagian PBJ", "jabatan").findings == ()
    assert parse_required_text("Kantor Bupati", "alamat_instansi").findings == ()


@settings(max_examples=300)
@given(st.sampled_from(["no_sertifikat_pbj", "no_sk_pokja"]),
       st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats()))
def test_accepted_certificate_and_sk_numbers_have_a_digit_and_are_stable(field: str, value: object) -> None:
    result = parse_required_text(value, field)
    assert (result.value is None) == bool(result.findings)
    if result.value is not None:
        assert any(ch.isdigit() for ch in result.value)
        assert parse_required_text(result.value, field).value == result.value


def test_text_is_trimmed_and_numbers_keep_their_digits() -> None:
    assert parse_required_text("  Kepala  Seksi\u00a0Jalan ", "jabatan").value == "Kepala Seksi Jalan"
    assert parse_required_text(12345.0, "no_sk_pokja").value == "12345"
    assert parse_required_text(1.2345678901234567e17, "no_sertifikat_pbj").findings[0].code == (
        "ANGKA_EXCEL_RUSAK")
    assert parse_required_text(datetime(2026, 1, 2), "no_sk_pokja").findings[0].code == (
        "SEL_BERISI_TANGGAL")
    assert parse_required_text("12345", "nama").findings[0].code == "NAMA_TIDAK_WAJAR"


def test_a_huge_cell_is_refused_quickly() -> None:
    result = parse_required_text("x" * 100_000, "nama")
    assert [f.code for f in result.findings] == ["TEKS_TERLALU_PANJANG"]


@settings(max_examples=300)
@given(st.sampled_from(["0", "+62", "62"]), st.from_regex(r"[1-9][0-9]{6,12}", fullmatch=True))
def test_phone_shortcut_agrees_with_the_phonenumbers_parser(prefix: str, rest: str) -> None:
    import phonenumbers

    result = parse_telepon(prefix + rest)
    try:
        number = phonenumbers.parse("+62" + rest, "ID")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    # sopgen is stricter than the library in one way only: a number shorter than any Indonesian
    # number of its kind ('(0352) 12345') is refused, and said to be too short.
    if valid and result.value is None:
        assert [f.code for f in result.findings] == ["TELEPON_TERLALU_PENDEK"]
        return
    assert (result.value is not None) == valid
    if valid:
        assert result.value.e164 == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=300)
@given(st.one_of(st.emails(), st.from_regex(r"[a-z0-9.._+-]{1,12}@[a-z0-9.-]{1,15}\.(id|com|go\.id|co)",
                                             fullmatch=True)))
def test_email_shortcut_agrees_with_email_validator(address: str) -> None:
    from email_validator import EmailNotValidError, validate_email

    try:
        expected = validate_email(address, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        expected = None
    if expected is not None and len(expected.rpartition(".")[2]) < 2:
        expected = None  # sopgen also wants a top-level domain of two letters or more
    assert parse_email(address).value == expected


@pytest.mark.parametrize(("typed", "meant"), [
    ("sri.wahyuni@gmial.com", "sri.wahyuni@gmail.com"), ("x@yaho.co.id", "x@yahoo.co.id"),
    ("x@gmail.con", "x@gmail.com"), ("x@ponorogo.go.di", "x@ponorogo.go.id"), ("x@hotmial.com", "x@hotmail.com"),
    ("x@gmai.com", "x@gmail.com"), ("x@outlok.com", "x@outlook.com"), ("x@ponorogo.gov.id", "x@ponorogo.go.id"),
    ("x@gmail.co.id", "x@gmail.com"), ("X@GMial.Com", "x@gmail.com"),
])
def test_email_with_a_misspelled_common_domain_is_kept_with_a_warning(typed: str, meant: str) -> None:
    from sopgen.problems import make_problem

    result = parse_email(typed)
    assert result.value == typed.lower()
    assert [f.code for f in result.findings] == ["EMAIL_DOMAIN_MIRIP"]
    problem = make_problem(result.findings[0], field="email", value=typed)
    assert problem.severity == "warning"
    assert f"mungkin maksudnya {meant}?" in problem.message and "kata sandi" in problem.message


@pytest.mark.parametrize("typed", [
    "x@gmail.com", "x@yahoo.com", "x@yahoo.co.id", "x@ymail.com", "x@hotmail.com", "x@outlook.com",
    "x@icloud.com", "x@ponorogo.go.id", "x@pu.go.id", "x@kemenkeu.go.id", "x@lkpp.go.id", "x@ugm.ac.id",
    "x@smkn1ponorogo.sch.id", "x@mail.com", "x@email.com", "x@yahoo.co.jp", "x@ponorogokab.go.id",
    "x@contoh-cv.co.id", "x@unmuhponorogo.ac.id", "x@bpkp.go.id",
])
def test_common_and_unrelated_domains_raise_no_warning(typed: str) -> None:
    assert parse_email(typed).findings == ()


@pytest.mark.parametrize("typed", ["12345", "(0352) 12345", "0352-12345", 12345, "1234", "0812-345-67", "+62 812 3456",
                                   "(021) 123456", "HP: 12345"])
def test_a_number_too_short_for_any_indonesian_number_is_an_error_that_says_so(typed: object) -> None:
    from sopgen.problems import make_problem

    result = parse_telepon(typed)
    assert result.value is None and [f.code for f in result.findings] == ["TELEPON_TERLALU_PENDEK"]
    message = make_problem(result.findings[0], value=typed).message
    assert message == (
        f"'{typed}' terlalu pendek untuk nomor telepon Indonesia. Nomor HP terdiri atas 10 sampai 13 angka "
        "(misalnya 0812-3456-7801); telepon kantor ditulis dengan kode area dan 6 sampai 8 angka (misalnya "
        "(0352) 481737). Periksa apakah ada angka yang terlewat.")


@pytest.mark.parametrize("typed", ["(0352) 481737", "(0352) 3574203", "(021) 5551234", "0812-3456-780"])
def test_the_shortest_real_numbers_are_still_valid(typed: str) -> None:
    assert parse_telepon(typed).value is not None


def test_a_blank_name_says_nama_anggota() -> None:
    from sopgen.problems import make_problem

    (finding,) = parse_required_text("", "nama").findings
    assert make_problem(finding).message == (
        "Nama anggota belum diisi. Tulis nama lengkap anggota Pokja beserta gelarnya, seperti pada SK.")


def _clean_text_the_long_way(value: object) -> str:
    """clean_text as it was before the shortcut for plain text."""
    import re

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]", "", str(value).replace("\u00a0", " "))
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=1000)
@given(st.one_of(st.text(max_size=30), st.text(alphabet=" \t\n\u00a0\u200b\ufeff\u2003x\x01", max_size=12),
                 st.integers(), st.floats(), st.booleans(), st.none()))
def test_plain_text_taken_as_it_is_reads_as_the_full_clean_up_reads_it(value: object) -> None:
    from sopgen.rules.text import clean_text

    assert clean_text(value) == _clean_text_the_long_way(value)
