"""Sheets as offices really fill them: merged cells, formulas, numbering and signature rows, extra columns."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from sopgen.cli import cli
from sopgen.sheets import read_sheet
from sopgen.validate import validate_file
from tests.configs import CONFIRMED
from tests.conftest import replace_cells

REPO = Path(__file__).resolve().parents[1]
CONFIG = CONFIRMED
DATE = "2026-11-24"

HEADER = ["No", "Nama", "NIP", "Alamat Instansi", "No. HP", "Email", "Pangkat/Gol", "Jabatan",
          "No. Sertifikat PBJ", "No. SK Pokja"]
ALAMAT = "Jl. Aloon-aloon Utara No. 9, Ponorogo"
SK = "000.3/015/405.08/2026"


def person(i: int, **changes: Any) -> list[Any]:
    """One valid member row in HEADER's order; `changes` replace cells by header."""
    row = {
        "No": i, "Nama": f"Pegawai Contoh {i}", "NIP": f"19800101 200501 1 {i:03d}",
        "Alamat Instansi": ALAMAT, "No. HP": f"0812-3456-{i:04d}", "Email": f"pegawai{i}@ponorogo.go.id",
        "Pangkat/Gol": "Penata, III/c", "Jabatan": "Analis Pengadaan Barang/Jasa",
        "No. Sertifikat PBJ": f"L2.{i:06d}.2021", "No. SK Pokja": SK,
    }
    row.update(changes)
    return [row[h] for h in HEADER]


def workbook(rows: list[list[Any]]) -> tuple[Workbook, Any]:
    wb = Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)
    return wb, ws


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--config", str(CONFIG)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def validate(path: Path, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    code, out = run("validate", str(path), "--json", "--no-attachments", "--date", DATE,
                    "--output", str(tmp_path / "out"))
    return code, json.loads(out)


def found(report: dict[str, Any]) -> set[tuple[int | None, str | None, str]]:
    return {(p["row"], p["field"], p["code"]) for p in report["problems"]}


# --- cells merged down the rows -----------------------------------------------------------------

def test_a_value_merged_down_the_rows_belongs_to_every_row(tmp_path: Path) -> None:
    wb, ws = workbook([HEADER, person(1), person(2, **{"Alamat Instansi": None, "No. SK Pokja": None}),
                       person(3, **{"Alamat Instansi": None, "No. SK Pokja": None})])
    ws.merge_cells("D2:D4")
    ws.merge_cells("J2:J4")
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    sheet = read_sheet(path)
    assert [r.cells["alamat_instansi"].value for r in sheet.rows] == [ALAMAT] * 3
    assert [r.cells["no_sk_pokja"].value for r in sheet.rows] == [SK] * 3
    code, report = validate(path, tmp_path)
    assert (code, report["valid_rows"], report["problems"]) == (0, [2, 3, 4], [])


def test_a_problem_in_a_merged_cell_is_marked_on_its_top_left_cell(tmp_path: Path) -> None:
    wb, ws = workbook([HEADER, person(1, **{"Alamat Instansi": "-"}),
                       person(2, **{"Alamat Instansi": None}), person(3, **{"Alamat Instansi": None})])
    ws.merge_cells("D2:D4")
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert code == 1
    assert found(report) == {(row, "alamat_instansi", "ALAMAT_KOSONG") for row in (2, 3, 4)}
    copy = load_workbook(report["annotated"]).active
    assert copy["D2"].comment.text.count("ALAMAT_KOSONG") == 1
    assert [copy[f"K{row}"].value for row in (2, 3, 4)] == ["1 kesalahan: ALAMAT_KOSONG"] * 3
    code, out = run("letters", str(path), "--output", str(tmp_path / "out"), "--date", DATE,
                    "--no-attachments")
    assert code == 1 and "ALAMAT_KOSONG" in out


# --- formulas -------------------------------------------------------------------------------------

def test_template_rows_whose_formulas_give_an_empty_text_are_blank(tmp_path: Path) -> None:
    wb, _ = workbook([HEADER, person(1), person(2), *([None, None, None, "x"] for _ in range(3))])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    # As Excel saves =IF(K4="","",...) on a row nobody has filled in yet: a cached empty string.
    replace_cells(path, {f"D{r}": f'<c r="D{r}" t="str"><f>IF(K{r}="","","{ALAMAT}")</f><v></v></c>'
                         for r in (4, 5)} | {"D6": '<c r="D6" t="str"><f>IF(K6="","","x")</f><v/></c>'})
    code, report = validate(path, tmp_path)
    assert (code, report["rows"], report["valid_rows"], report["problems"]) == (0, 2, [2, 3], [])


def test_a_formula_never_calculated_is_named_as_such(tmp_path: Path) -> None:
    wb, _ = workbook([HEADER, person(1), person(2)])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    replace_cells(path, {"H3": '<c r="H3"><f>VLOOKUP(C3,Jabatan!A:B,2,0)</f></c>'})
    code, report = validate(path, tmp_path)
    assert code == 1
    assert found(report) == {(3, "jabatan", "SEL_ERROR_RUMUS")}
    message = report["problems"][0]["message"]
    assert "belum dihitung" in message and "rumus rumus" not in message


# --- rows that are not members --------------------------------------------------------------------

def test_a_row_numbering_the_columns_under_the_header_is_no_member(tmp_path: Path) -> None:
    for numbers in (list(range(1, 11)), [f"({i})" for i in range(1, 11)]):
        wb, _ = workbook([HEADER, numbers, person(1), person(2)])
        path = tmp_path / "usulan.xlsx"
        wb.save(path)
        code, report = validate(path, tmp_path)
        assert (code, report["rows"], report["valid_rows"], report["problems"]) == (0, 2, [3, 4], [])


def test_a_second_header_row_of_sub_labels_is_no_member(tmp_path: Path) -> None:
    top = [*HEADER[:4], "Kontak", None, *HEADER[6:]]
    sub = [None] * 4 + ["No. HP", "Email"] + [None] * 4
    for merged in (True, False):
        wb, ws = workbook([top, sub, person(1)])
        if merged:
            ws.merge_cells("E1:F1")
            for column in "ABCDGHIJ":
                ws.merge_cells(f"{column}1:{column}2")
        path = tmp_path / "usulan.xlsx"
        wb.save(path)
        code, report = validate(path, tmp_path)
        assert (code, report["rows"], report["valid_rows"], report["problems"]) == (0, 1, [3], [])
        assert [read_sheet(path).columns[f].header for f in ("telepon", "email")] == ["No. HP", "Email"]


def test_a_signature_block_under_the_table_is_one_warning_not_errors(tmp_path: Path) -> None:
    signature = [["Ponorogo, 24 November 2026"], ["Kepala Bagian Pengadaan Barang dan Jasa"], [], [],
                 ["Drs. SUPRIYANTO, M.Si"], ["NIP. 19700101 199503 1 001"]]
    wb, _ = workbook([HEADER, person(1), person(2), [], *([None] * 7 + line for line in signature)])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert (code, report["rows"], report["valid_rows"]) == (0, 2, [2, 3])
    assert found(report) == {(None, None, "BARIS_BUKAN_DATA")}
    assert "Baris 5-6 dan 9-10" in report["problems"][0]["message"]


def test_an_incomplete_member_is_still_reported_above_or_below_the_full_rows(tmp_path: Path) -> None:
    only_name_and_nip = [None, "Pegawai Tanpa Data", "19800101 200501 1 009"] + [None] * 7
    three_fields = [None, "Pegawai Separuh", "19800101 200501 1 010", ALAMAT] + [None] * 6
    wb, _ = workbook([HEADER, person(1), only_name_and_nip, person(2), three_fields])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert code == 1
    missing = {"telepon": "TELEPON_KOSONG", "email": "EMAIL_KOSONG", "pangkat_golongan": "PANGKAT_KOSONG",
               "jabatan": "JABATAN_KOSONG", "no_sertifikat_pbj": "SERTIFIKAT_KOSONG",
               "no_sk_pokja": "SK_KOSONG"}
    assert found(report) == ({(3, "alamat_instansi", "ALAMAT_KOSONG")}
                             | {(row, field, code) for row in (3, 5) for field, code in missing.items()})


def test_a_member_half_typed_below_the_table_blocks_the_letters(tmp_path: Path) -> None:
    half = [None, "Pegawai Baru", "19800101 200501 1 011"] + [None] * 7
    signature = [None] * 7 + ["Drs. SUPRIYANTO, M.Si"]
    wb, _ = workbook([HEADER, person(1), person(2), half, [], signature])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert code == 1, "a name and a NIP are a member, not a signature line"
    assert (4, "alamat_instansi", "ALAMAT_KOSONG") in found(report)
    assert (None, None, "BARIS_BUKAN_DATA") in found(report)
    assert "Baris 6 " in next(p["message"] for p in report["problems"] if p["code"] == "BARIS_BUKAN_DATA")


# --- which column is which ------------------------------------------------------------------------

def test_columns_next_to_the_real_ones_are_not_taken_for_them(tmp_path: Path) -> None:
    decoys = {"Nama Unit Kerja": "Dinas Pekerjaan Umum", "Jabatan dalam Pokja": "Ketua",
              "Telepon Kantor": "(0352) 481737", "Tanggal SK": "5 Januari 2026", "Jenis Pegawai": "PNS",
              "NIP Lama": "010203040", "Golongan Darah": "O", "Alamat Rumah": "-", "Scan SK": "ada"}
    wb, ws = workbook([[*decoys, *HEADER], *([*decoys.values(), *person(i)] for i in (1, 2))])
    ws.column_dimensions["F"].hidden = True  # 'NIP Lama'
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert (code, report["valid_rows"], report["problems"]) == (0, [2, 3], [])
    columns = read_sheet(path).columns
    assert {f: c.header for f, c in columns.items()} == {
        "nama": "Nama", "nip": "NIP", "alamat_instansi": "Alamat Instansi", "telepon": "No. HP",
        "email": "Email", "pangkat_golongan": "Pangkat/Gol", "jabatan": "Jabatan",
        "no_sertifikat_pbj": "No. Sertifikat PBJ", "no_sk_pokja": "No. SK Pokja"}


def test_of_two_columns_for_one_field_the_visible_and_exactly_named_one_is_used(tmp_path: Path) -> None:
    header = ["NIP", "Emial", *HEADER]
    wb, ws = workbook([header, *(["010203040", "lama@x", *person(i)] for i in (1, 2))])
    ws.column_dimensions["A"].hidden = True
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert code == 0
    assert found(report) == {(1, "nip", "KOLOM_GANDA"), (1, "email", "KOLOM_GANDA")}
    used = {p["column"]: p["message"] for p in report["problems"]}
    assert "yang dipakai kolom E" in used["A"] and "yang dipakai kolom H" in used["B"]


# --- pangkat and golongan in two columns ----------------------------------------------------------

SPLIT_HEADER = [*HEADER[:6], "Pangkat", "Gol.", *HEADER[7:]]


def split_person(i: int, pangkat: str | None, golongan: str | None) -> list[Any]:
    row = person(i)
    return [*row[:6], pangkat, golongan, *row[7:]]


def test_pangkat_and_golongan_columns_are_checked_together(tmp_path: Path) -> None:
    wb, _ = workbook([SPLIT_HEADER, split_person(1, "Penata", "III/d"), split_person(2, "Penata", "III/c"),
                      split_person(3, None, "III/b"), split_person(4, "Penata", "III/f"),
                      split_person(5, "Penatta", "III/c"), split_person(6, "Penata, III/c", "III/c")])
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert code == 1
    where = {(p["row"], p["code"], p["column"], p["header"]) for p in report["problems"]}
    assert where == {(2, "PANGKAT_GOLONGAN_TIDAK_COCOK", "G", "Pangkat"),
                     (5, "GOLONGAN_RUANG_TIDAK_ADA", "H", "Gol."),
                     (6, "PANGKAT_TIDAK_DIKENAL", "G", "Pangkat")}
    assert report["valid_rows"] == [3, 4, 7]
    members = {m.row: m.pangkat_golongan for m in validate_file(path, today=date(2026, 11, 24)).members}
    assert members == {3: "Penata, III/c", 4: "Penata Muda Tingkat I, III/b", 7: "Penata, III/c"}


def test_pangkat_and_golongan_under_one_merged_label(tmp_path: Path) -> None:
    top = [*HEADER[:6], "Pangkat/Golongan", None, *HEADER[7:]]
    sub = [None] * 6 + ["Pangkat", "Gol/Ruang"] + [None] * 3
    wb, ws = workbook([top, sub, split_person(1, "Penata", "III/c"), split_person(2, "Penata", "III/d")])
    ws.merge_cells("G1:H1")
    for column in "ABCDEFIJK":
        ws.merge_cells(f"{column}1:{column}2")
    path = tmp_path / "usulan.xlsx"
    wb.save(path)
    code, report = validate(path, tmp_path)
    assert (code, report["valid_rows"]) == (1, [3])
    assert found(report) == {(4, "pangkat_golongan", "PANGKAT_GOLONGAN_TIDAK_COCOK")}


# --- several files at once ------------------------------------------------------------------------

def test_an_unreadable_file_is_reported_and_the_next_file_still_checked(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    wb, _ = workbook([HEADER, person(1)])
    good = tmp_path / "usulan.xlsx"
    wb.save(good)
    args = ["validate", str(broken), str(good), "--no-attachments", "--date", DATE,
            "--output", str(tmp_path / "out"), "--config", str(CONFIG)]
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    first, second = json.loads(result.stdout)
    assert (first["file"], first["rows"], first["valid_rows"]) == (str(broken), 0, [])
    assert [(p["row"], p["column"], p["severity"], p["code"]) for p in first["problems"]] == [
        (None, None, "error", "BERKAS_TIDAK_TERBACA")]
    assert "rusak.xlsx" in first["problems"][0]["message"]
    assert (second["file"], second["valid_rows"], second["problems"]) == (str(good), [2], [])
    single = json.loads(CliRunner().invoke(cli, [*args[:2], *args[3:], "--json"]).stdout)
    assert isinstance(single, dict) and single["problems"][0]["code"] == "BERKAS_TIDAK_TERBACA"
    text = CliRunner().invoke(cli, args, env={"COLUMNS": "400"})
    assert text.exit_code == 2 and "Traceback" not in text.output
    assert "rusak.xlsx" in text.stderr and "usulan.xlsx" in text.stdout and "Data siap" in text.stdout
