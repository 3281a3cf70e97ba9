"""Reading: every format, title rows, the clerk's own header words, Excel's row numbers."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sopgen.errors import AmbiguousSheet, UnreadableInput
from sopgen.model import FIELDS, FormulaError
from sopgen.sheets import find_input_files, match_header, read_sheet
from tests.conftest import replace_cells, write_grid
from tests.members import HEADERS, member, rows_of, write_members

TITLE = [["DAFTAR USULAN POKJA PEMILIHAN"], [], ]


def problem_codes(sheet) -> set[tuple[str, str | None]]:
    return {(p.code, p.field) for p in sheet.problems}


def test_title_rows_above_the_header_keep_excel_row_numbers(tmp_path: Path) -> None:
    sheet = read_sheet(write_members(tmp_path / "a.xlsx", [member(1), member(2)]))
    assert sheet.header_row == 4
    assert [r.row for r in sheet.rows] == [5, 6]
    assert set(sheet.columns) == set(FIELDS)
    assert sheet.columns["nip"].letter == "C" and sheet.columns["nip"].header == "NIP"
    assert sheet.problems == []


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".csv"])
def test_every_format_gives_the_same_fields_and_rows(tmp_path: Path, suffix: str) -> None:
    rows = [*TITLE, HEADERS, *rows_of([member(1), member(2)]), [], rows_of([member(3)])[0]]
    sheet = read_sheet(write_grid(tmp_path / f"usulan{suffix}", rows))
    assert sheet.header_row == 3
    assert [r.row for r in sheet.rows] == [4, 5, 7]  # the blank row 6 is skipped, not renumbered
    nip = sheet.rows[0].cells["nip"]
    assert (nip.column, nip.value) == ("C", "19800101 200501 1 001")
    assert sheet.rows[2].cells["nama"].value == "Pegawai Contoh 3"


def test_data_starting_at_column_c_row_4(tmp_path: Path) -> None:
    rows = [[], [], [], [None, None, *HEADERS], [None, None, *rows_of([member(1)])[0]]]
    sheet = read_sheet(write_grid(tmp_path / "a.xlsx", rows))
    assert sheet.header_row == 4
    assert sheet.columns["nama"].letter == "D"
    assert sheet.rows[0].row == 5


@pytest.mark.parametrize(("label", "field"), [
    ("Nama Pejabat", "nama"), ("Nama Lengkap dan Gelar", "nama"), ("NIP Pejabat", "nip"),
    ("NIP/NI PPPK", "nip"), ("Alamat Kantor", "alamat_instansi"), ("Telp/HP", "telepon"),
    ("Nomor HP/WA", "telepon"), ("No. HP", "telepon"), ("E-mail", "email"), ("Alamat Email", "email"),
    ("Pangkat/Gol", "pangkat_golongan"), ("Gol. Ruang", "pangkat_golongan"), ("Jabatan", "jabatan"),
    ("No. Sertifikat", "no_sertifikat_pbj"), ("Nomor Sertifikat Kompetensi PBJ", "no_sertifikat_pbj"),
    ("SK Pengangkatan", "no_sk_pokja"), ("No. SK", "no_sk_pokja"), ("Nama Pejabt", "nama"),
    ("Emial", "email"), ("Jabtan", "jabatan"), ("NAMA\nLENGKAP", "nama"),
    ("No", None), ("No.", None), ("No Urut", None), ("Keterangan", None), ("Nama Instansi", None),
])
def test_header_labels_in_the_clerks_own_words(label: str, field: str | None) -> None:
    assert match_header(label) == field


@pytest.mark.parametrize("label", [
    "Nama Unit Kerja", "Nama Kantor", "Nama Bidang", "Jabatan dalam Pokja", "Jabatan Pokja",
    "Telepon Kantor", "Tanggal SK", "Tgl. SK", "Jenis Pegawai", "NIP Lama", "TMT Pangkat",
    "Masa Berlaku Sertifikat", "Alamat Rumah", "Golongan Darah", "Scan SK", "Upload Sertifikat",
    "Nomor KTP", "Keterangan Jabatan",
])
def test_labels_about_something_else_name_no_field(label: str) -> None:
    assert match_header(label) is None


@pytest.mark.parametrize(("label", "field"), [
    ("Nomor dan Tanggal SK", "no_sk_pokja"), ("No. Sertifikat / Masa Berlaku", "no_sertifikat_pbj"),
    ("No. Telp Kantor/HP", "telepon"), ("Almat Kantor", "alamat_instansi"),
    ("Alamat Unit Kerja", "alamat_instansi"), ("Alamat Email Kantor", "email"),
])
def test_a_qualifier_word_is_cancelled_by_the_words_that_name_the_field(label: str, field: str) -> None:
    assert match_header(label) == field


def test_missing_column_is_one_clear_error_naming_the_headers_found(tmp_path: Path) -> None:
    headers = [h for h in HEADERS if h != "Email"]
    rows = [headers, [v for h, v in zip(HEADERS, rows_of([member(1)])[0], strict=True) if h != "Email"]]
    sheet = read_sheet(write_grid(tmp_path / "a.xlsx", rows))
    missing = [p for p in sheet.problems if p.code == "KOLOM_TIDAK_ADA"]
    assert len(missing) == 1 and missing[0].field == "email"
    assert "'Nama Pejabat'" in missing[0].message


def test_extra_columns_and_a_duplicate_column(tmp_path: Path) -> None:
    rows = [[*HEADERS, "Keterangan", "E-mail"], [*rows_of([member(1)])[0], "catatan", "lain@x.id"]]
    sheet = read_sheet(write_grid(tmp_path / "a.xlsx", rows))
    assert sheet.columns["email"].letter == "F"
    assert ("KOLOM_GANDA", "email") in problem_codes(sheet)


def test_the_sheet_with_the_header_is_chosen_and_sheet_name_selects(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Isi data pada lembar berikut"
    for name, who in (("Data", 1), ("Cadangan", 2)):
        ws = wb.create_sheet(name)
        ws.append(HEADERS)
        ws.append(rows_of([member(who)])[0])
    wb["Cadangan"].sheet_state = "hidden"  # a hidden sheet is never taken without --sheet
    path = tmp_path / "a.xlsx"
    wb.save(path)
    assert read_sheet(path).sheet == "Data"
    chosen = read_sheet(path, "Cadangan")
    assert chosen.rows[0].cells["nama"].value == "Pegawai Contoh 2"
    with pytest.raises(UnreadableInput, match="'Data'"):
        read_sheet(path, "Tidak Ada")


def test_two_visible_sheets_with_a_member_table_are_never_chosen_between(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Usulan 2025"
    wb.active.append(HEADERS)
    wb.active.append(rows_of([member(1)])[0])
    this_year = wb.create_sheet("Usulan 2026")
    this_year.append(HEADERS)
    this_year.append(rows_of([member(2)])[0])
    wb.create_sheet("Catatan")["A1"] = "lihat lembar usulan"
    path = tmp_path / "a.xlsx"
    wb.save(path)
    with pytest.raises(AmbiguousSheet) as refused:
        read_sheet(path)
    assert refused.value.code == "LEMBAR_GANDA" and refused.value.exit_code == 1
    assert "'Usulan 2025' dan 'Usulan 2026'" in refused.value.message and "--sheet" in refused.value.message
    assert read_sheet(path, "Usulan 2026").rows[0].cells["nama"].value == "Pegawai Contoh 2"


def test_numbers_are_handed_on_as_typed(tmp_path: Path) -> None:
    rows = [HEADERS, rows_of([member(1, nip=197503152005011002, telepon=81234567801)])[0]]
    sheet = read_sheet(write_grid(tmp_path / "a.xlsx", rows))
    cells = sheet.rows[0].cells
    assert isinstance(cells["nip"].value, float)  # already corrupted by Excel: the rule says so
    assert cells["telepon"].value == 81234567801


def test_error_cells_and_uncomputed_formulas_are_marked(tmp_path: Path) -> None:
    path = write_grid(tmp_path / "a.xlsx", [HEADERS, rows_of([member(1)])[0]])
    # A number formula with an empty cached value is how openpyxl saves a formula it never ran.
    replace_cells(path, {"F2": '<c r="F2" t="e"><f>VLOOKUP(A2,X!A:B,2,0)</f><v>#N/A</v></c>',
                         "G2": '<c r="G2" s="0"/>', "H2": '<c r="H2"><f>Data!A1</f><v></v></c>'})
    cells = read_sheet(path).rows[0].cells
    assert cells["email"].value == FormulaError("#N/A")
    assert cells["pangkat_golongan"].value is None, "an empty cell is not the formula after it"
    assert cells["jabatan"].value == FormulaError("belum dihitung")


def test_csv_with_semicolons_bom_and_cp1252(tmp_path: Path) -> None:
    rows = [HEADERS, rows_of([member(1, nama="Sri Ñuñez")])[0]]
    semi = read_sheet(write_grid(tmp_path / "a.csv", rows, delimiter=";", bom=True))
    assert semi.rows[0].cells["nama"].value == "Sri Ñuñez" and semi.problems == []
    legacy = read_sheet(write_grid(tmp_path / "b.csv", rows, encoding="cp1252"))
    assert legacy.rows[0].cells["nama"].value == "Sri Ñuñez"
    assert ("CSV_BUKAN_UTF8", None) in problem_codes(legacy)


def test_csv_renamed_xlsx_is_read_with_a_warning(tmp_path: Path) -> None:
    csv_file = write_grid(tmp_path / "a.csv", [HEADERS, rows_of([member(1)])[0]])
    renamed = tmp_path / "a.xlsx"
    csv_file.rename(renamed)
    sheet = read_sheet(renamed)
    assert len(sheet.rows) == 1
    assert ("EKSTENSI_TIDAK_SESUAI", None) in problem_codes(sheet)


def test_corrupt_and_truncated_workbooks_are_unreadable_with_a_clear_message(tmp_path: Path) -> None:
    good = write_members(tmp_path / "good.xlsx", [member(1)]).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(UnreadableInput, match="truncated.xlsx"):
        read_sheet(truncated)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"\x00\x01binary garbage" * 10)
    with pytest.raises(UnreadableInput, match="garbage.xlsx"):
        read_sheet(garbage)


def test_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(UnreadableInput, match="kata sandi"):
        read_sheet(path)


def test_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 << 20))
    data = bytearray(buf.getvalue())
    # Declare 4 GB uncompressed in the central directory entry of the sheet, as a bomb would.
    at = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, 0xFFFF0000)
    path = tmp_path / "bom.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableInput, match="terlalu besar"):
        read_sheet(path)


def test_empty_workbook_header_only_and_no_header(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.xlsx"
    Workbook().save(empty)
    assert ("LEMBAR_KOSONG", None) in problem_codes(read_sheet(empty))
    header_only = read_sheet(write_grid(tmp_path / "judul.xlsx", [HEADERS]))
    assert ("TIDAK_ADA_DATA", None) in problem_codes(header_only)
    no_header = read_sheet(write_grid(tmp_path / "acak.xlsx", [["a", "b"], [1, 2]]))
    assert ("HEADER_TIDAK_DITEMUKAN", None) in problem_codes(no_header)


def test_find_input_files_skips_lock_and_hidden_files(tmp_path: Path) -> None:
    for name in ("b.xlsx", "a.csv", "~$b.xlsx", ".hidden.xlsx", "catatan.txt", "c.ods", "d.xls"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "lampiran").mkdir()
    assert [p.name for p in find_input_files(tmp_path)] == ["a.csv", "b.xlsx", "c.ods", "d.xls"]


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=60), st.sampled_from(HEADERS), st.integers(), st.none()))
def test_header_matching_never_crashes_and_ignores_case_spacing_and_punctuation(label: object) -> None:
    from sopgen.sheets import normalise_label

    field = match_header(label)
    assert field is None or field in FIELDS
    norm = normalise_label(label)
    assert normalise_label(norm) == norm
    if isinstance(label, str):
        assert match_header(f"  {label.upper()}  ") == match_header(label.lower()) == field
