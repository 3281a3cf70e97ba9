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


@needs_libreoffice
def test_pdf_semua_covers_every_batch_without_pdfs_once(tmp_path: Path) -> None:
    from tests.members import member, write_members
    from tests.test_cli import DATE, run

    out = tmp_path / "out"
    for name, numbers in (("a.xlsx", (1,)), ("b.xlsx", (2,))):
        sheet = write_members(tmp_path / name, [member(i) for i in numbers])
        assert run("letters", str(sheet), "--output", str(out), "--date", DATE, "--no-attachments")[0] == 0
    code, text = run_plain("pdf", "--semua", "--output", str(out))
    assert code == 0, text
    assert sorted(p.parent.name for p in out.rglob("cetak_semua.pdf")) == ["001_a", "002_b"]
    code, text = run_plain("pdf", "--semua", "--output", str(out))
    assert code == 0 and "sudah mempunyai PDF" in text


def test_an_archive_without_pdfs_says_so(tmp_path: Path) -> None:
    issue_batch(tmp_path, 1)
    code, out = run_plain("archive", "--output", str(tmp_path / "out"))
    assert code == 0
    assert "PDF batch ini belum lengkap" in " ".join(out.split())
