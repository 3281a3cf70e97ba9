"""PDF copies as the clerk prints and files them: whole sheets per document, never an edited letter."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from tests.test_archive import issue_batch, needs_libreoffice, pages
from tests.test_cli import run_plain


@needs_libreoffice
def test_print_file_starts_every_document_on_a_fresh_sheet(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 5, "--pdf")  # Surat Perintah with lampiran: 2 pages
    singles = [next(folder.glob("01_*.pdf")), next(folder.glob("02_*.pdf")),
               *sorted((folder / "serah_terima").glob("*.pdf"))]
    printed = PdfReader(str(folder / "cetak_semua.pdf"))
    first_page = 0
    for single in singles:
        count = pages(single)
        expected = PdfReader(str(single)).pages[0].extract_text()
        assert first_page % 2 == 0, f"{single.name} would print on the back of the previous document"
        assert printed.pages[first_page].extract_text() == expected
        first_page += count + count % 2
    assert len(printed.pages) == first_page
    assert (folder / "cetak_semua.pdf").stat().st_mode & 0o777 == 0o600


def test_no_pdf_is_made_of_a_letter_edited_after_issue(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 1)
    ld = next(folder.glob("02_*.docx"))
    ld.write_bytes(ld.read_bytes() + b"x")
    code, out = run_plain("pdf", "--output", str(tmp_path / "out"))
    assert code == 2
    assert ld.name in out and "berbeda" in out
    assert [p for p in folder.rglob("*.pdf") if p.parent.name != "lampiran"] == []
