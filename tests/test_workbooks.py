"""The workbooks sopgen writes, as they print: Buku Agenda, status sheet and annotated copy.

Each prints on landscape A4 with every column on the page and its header row on every page; the
Buku Agenda and the status sheet carry a title line above the header. The PDF tests print them
through LibreOffice and read the pages back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from sopgen.pdf import convert_to_pdf
from tests.members import member, write_members
from tests.test_archive import needs_libreoffice
from tests.test_cli import letters, run

NIP_1 = "198001012005011001"
OFFICE = "UKPBJ Kabupaten Ponorogo"  # kantor.nama_ukpbj in templates/config.toml


def print_setup(ws: Any) -> dict[str, Any]:
    return {"orientation": ws.page_setup.orientation, "paper": str(ws.page_setup.paperSize),
            "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage,
            "pages_wide": ws.page_setup.fitToWidth, "pages_tall": ws.page_setup.fitToHeight,
            "repeated_rows": ws.print_title_rows}


def landscape_a4_one_page_wide(header_row: int) -> dict[str, Any]:
    return {"orientation": "landscape", "paper": "9", "fit_to_page": True, "pages_wide": 1, "pages_tall": 0,
            "repeated_rows": f"${header_row}:${header_row}"}


def issued(tmp_path: Path, count: int) -> Path:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, count + 1)])
    assert letters(tmp_path, sheet)[0] == 0
    return tmp_path / "out"


def agenda(out: Path, target: Path) -> Path:
    code, text = run("agenda", "--tahun", "2026", "--xlsx", str(target), "--output", str(out))
    assert code == 0, text
    return target


def status_sheet(out: Path, target: Path) -> Path:
    code, text = run("status", "--xlsx", str(target), "--output", str(out), "--date", "2026-11-25")
    assert code == 0, text
    return target


def annotated(tmp_path: Path, sheet: Path) -> Path:
    code, text = run("validate", str(sheet), "--json", "--no-attachments", "--output", str(tmp_path / "out"))
    assert code == 1, text
    return Path(json.loads(text)["annotated"])


def broken_members(count: int) -> list[dict[str, Any]]:
    return [member(1, email="salah"), *(member(i) for i in range(2, count + 1))]


# --- page setup, title line and header, as stored in the workbook --------------------------------


def test_buku_agenda_has_its_title_above_the_header_and_prints_landscape_one_page_wide(tmp_path: Path) -> None:
    ws = load_workbook(agenda(issued(tmp_path, 5), tmp_path / "agenda.xlsx")).active
    assert ws["A1"].value == f"BUKU AGENDA 2026 — {OFFICE}"
    assert [c.value for c in ws[2]][:3] == ["No.", "Nomor Surat", "Tanggal"]
    assert print_setup(ws) == landscape_a4_one_page_wide(header_row=2)
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:N9"  # 14 columns, signatories, classification and retention among them


def test_status_sheet_has_its_title_above_the_header_and_prints_landscape_one_page_wide(tmp_path: Path) -> None:
    ws = load_workbook(status_sheet(issued(tmp_path, 2), tmp_path / "status.xlsx")).active
    assert ws["A1"].value == f"STATUS PERMINTAAN AKUN SPSE POKJA PEMILIHAN — {OFFICE} (per 25 November 2026)"
    assert ws["A2"].value == "NIP" and ws["J2"].value == "Langkah selesai (isi 2/3/4)"
    assert ws["A3"].value == NIP_1
    assert print_setup(ws) == landscape_a4_one_page_wide(header_row=2)


def test_a_status_sheet_written_before_it_had_a_title_is_still_read(tmp_path: Path) -> None:
    from sopgen.tracking import STATUS_HEADERS

    out = issued(tmp_path, 2)
    old = tmp_path / "status_lama.xlsx"
    wb = Workbook()
    wb.active.append(STATUS_HEADERS)
    wb.active.append([NIP_1, *([None] * 8), 2, "2026-11-25", "Kepala LPSE"])
    wb.save(old)
    code, text = run("catat", "--dari", str(old), "--output", str(out))
    assert code == 0, text
    assert f"{old}, 1 baris terisi: 1 baru dicatat" in text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_annotated_copy_prints_landscape_one_page_wide_with_the_header_row_on_every_page(
        tmp_path: Path, suffix: str) -> None:
    sheet = write_members(tmp_path / f"usulan{suffix}", broken_members(3))
    wb = load_workbook(annotated(tmp_path, sheet))
    data, report = wb.worksheets[0], wb["Laporan sopgen"]
    assert data["K4"].value == "Status sopgen"  # the clerk's header is on row 4
    assert print_setup(data) == landscape_a4_one_page_wide(header_row=4)
    assert print_setup(report) == landscape_a4_one_page_wide(header_row=1)
    assert report["I2"].alignment.wrap_text, "a long message wraps instead of widening the page"


def test_wrapped_text_gets_a_row_tall_enough_to_show_it(tmp_path: Path) -> None:
    from sopgen.spreadsheet import wrapped_lines

    assert wrapped_lines("Berita Acara Serah Terima Akun SPSE", 20) == 2
    assert wrapped_lines("2026/001_usulan/serah_terima/003_198001012005011003_Pegawai_Contoh_3.docx", 40) == 3
    ws = load_workbook(agenda(issued(tmp_path, 1), tmp_path / "agenda.xlsx")).active
    handover = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 4).value.startswith("Berita Acara"))
    assert ws.row_dimensions[handover].height >= 3 * 15  # its file path takes three lines


# --- printed through LibreOffice -----------------------------------------------------------------


def pages(*xlsx: Path) -> dict[str, list[str]]:
    """By file name, the text of each page of each workbook printed to PDF (one LibreOffice run for
    all of them, so they share a folder), every page checked to be landscape."""
    printed = {}
    for pdf in convert_to_pdf(list(xlsx)):
        reader = PdfReader(pdf)
        assert all(p.mediabox.width > p.mediabox.height for p in reader.pages), f"{pdf.name} is landscape"
        printed[pdf.stem] = [p.extract_text() for p in reader.pages]
    return printed


@needs_libreoffice
def test_buku_agenda_of_seven_letters_prints_on_one_landscape_page_with_its_title(tmp_path: Path) -> None:
    [page] = pages(agenda(issued(tmp_path, 5), tmp_path / "agenda.xlsx"))["agenda"]  # 7 letters
    assert "BUKU AGENDA 2026" in page
    for shown in ("Nomor Surat", "Status", "000.3.5/001/405.08/2026", "000.3.5/005/BA/405.08/2026", "berlaku"):
        assert shown in page, shown


@needs_libreoffice
def test_a_long_buku_agenda_repeats_its_header_and_keeps_every_column_on_each_page(tmp_path: Path) -> None:
    printed = pages(agenda(issued(tmp_path, 40), tmp_path / "agenda.xlsx"))["agenda"]  # 42 letters
    assert len(printed) >= 2
    for page in printed:
        assert "Nomor Surat" in page and "Status" in page and "berlaku" in page
        assert "Halaman" in page
    assert "000.3.5/040/BA/405.08/2026" in printed[-1]


@needs_libreoffice
def test_status_sheet_and_annotated_copy_print_one_page_wide(tmp_path: Path) -> None:
    out = issued(tmp_path, 5)
    folder = tmp_path / "cetak"
    folder.mkdir()
    copy = annotated(tmp_path, write_members(tmp_path / "usulan.csv", broken_members(150)))
    printed_by_name = pages(status_sheet(out, folder / "status.xlsx"), Path(shutil.copy(copy, folder / "salinan.xlsx")))
    [status_page], printed = printed_by_name["status"], printed_by_name["salinan"]
    assert "STATUS PERMINTAAN AKUN SPSE" in status_page and "Oleh" in status_page and NIP_1 in status_page
    data = [p for p in printed if "Status sopgen" in p]
    assert len(data) >= 2, "150 rows take more than one page, each with the header"
    assert all("Nomor SK" in p for p in data), "the last column of the clerk's sheet is on every page"
    assert "EMAIL_FORMAT" in printed[-1] and "Masalah" in printed[-1]
