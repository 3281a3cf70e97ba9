"""PDF copies, the batch archive and its verification, as the LPSE archive needs them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.members import member, write_copies, write_members
from tests.test_cli import DATE, run, run_plain

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed here (.ci/run installs it)"
)


def issue_batch(tmp_path: Path, count: int, *extra: str) -> Path:
    members = [member(i) for i in range(1, count + 1)]
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    lampiran = write_copies(tmp_path / "lampiran", members)
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
                    "--attachments", str(lampiran), *extra)
    assert code == 0, out
    [folder] = (tmp_path / "out" / "2026").iterdir()
    return folder


def pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


@needs_libreoffice
def test_letters_pdf_makes_a_pdf_per_document_and_one_print_file(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 2, "--pdf")
    sp = next(folder.glob("01_*.pdf"))
    ld = next(folder.glob("02_*.pdf"))
    notes = sorted((folder / "serah_terima").glob("*.pdf"))
    slips = sorted((folder / "slip_kata_sandi").glob("*.pdf"))
    assert pages(sp) == 3 and pages(ld) == 1  # the letter (its Dasar runs to a second page) and its Lampiran
    assert [pages(n) for n in notes] == [1, 1] and [pages(s) for s in slips] == [1, 1]
    assert pages(folder / "cetak_semua.pdf") == 4 + 2 + 2 + 2  # every document padded to whole sheets (duplex)
    assert pages(folder / "cetak_slip.pdf") == 4, "the slips print apart, each on a sheet of its own"
    text = " ".join(page.extract_text() for page in PdfReader(str(sp)).pages)
    assert "SURAT PERINTAH" in text and "Pegawai Contoh 2" in text and "24 November 2026" in text
    note_text = PdfReader(str(notes[0])).pages[0].extract_text()
    assert "19800101 200501 1 001" in note_text
    assert (slips[0].stat().st_mode & 0o777) == 0o600, "a slip carries a password"
    assert (folder / "cetak_slip.pdf").stat().st_mode & 0o777 == 0o600
    code, out = run_plain("verify", "--output", str(tmp_path / "out"))
    assert code == 0 and "utuh" in out


@needs_libreoffice
def test_the_members_are_listed_in_a_landscape_lampiran(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 6)
    code, out = run_plain("pdf", "--output", str(tmp_path / "out"))
    assert code == 0, out
    sp = PdfReader(str(next(folder.glob("01_*.pdf"))))
    assert len(sp.pages) == 3
    lampiran = sp.pages[2]
    assert "LAMPIRAN" in lampiran.extract_text() and "Pegawai Contoh 6" in lampiran.extract_text()
    assert lampiran.mediabox.width > lampiran.mediabox.height, "the Lampiran's page is landscape"
    assert sp.pages[0].mediabox.width < sp.pages[0].mediabox.height


def test_archive_zip_holds_documents_input_copies_and_manifest(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 2)
    code, out = run_plain("archive", "--output", str(tmp_path / "out"))
    assert code == 0, out
    with zipfile.ZipFile(folder.with_suffix(".zip")) as z:
        names = z.namelist()
    base = folder.name
    assert f"{base}/manifest.json" in names
    assert f"{base}/masukan/usulan.xlsx" in names
    assert f"{base}/lampiran/198001012005011001_sertifikat.pdf" in names
    assert sum(n.startswith(f"{base}/serah_terima/") for n in names) == 2
    assert not [n for n in names if "slip" in n], "the password slips never go into the archive"
    assert len(list((folder / "slip_kata_sandi").glob("*.docx"))) == 2


def test_verify_names_a_changed_byte_and_a_missing_file(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 2)
    sp = next(folder.glob("01_*.docx"))
    data = bytearray(sp.read_bytes())
    data[-10] ^= 1
    sp.write_bytes(bytes(data))
    note = next((folder / "serah_terima").glob("*.docx"))
    note.unlink()
    code, out = run_plain("verify", folder.name, "--output", str(tmp_path / "out"))
    assert code == 1
    assert f"BERUBAH  2026/{folder.name}/{sp.name}" in out
    assert f"HILANG   2026/{folder.name}/serah_terima/{note.name}" in out
    code, out = run_plain("archive", "--output", str(tmp_path / "out"))
    assert code == 2 and "tidak utuh" in out


def test_batch_by_surat_perintah_number_and_unknown_batch(tmp_path: Path) -> None:
    issue_batch(tmp_path, 1)
    code, out = run_plain("verify", "000.3.5/001/405.08/2026", "--output", str(tmp_path / "out"))
    assert code == 0, out
    code, out = run_plain("verify", "999/999", "--output", str(tmp_path / "out"))
    assert code == 2 and "BATCH_TIDAK_ADA" in out


def test_verify_knows_the_slips_and_names_one_missing_or_changed(tmp_path: Path) -> None:
    folder = issue_batch(tmp_path, 2)
    first, second = sorted((folder / "slip_kata_sandi").glob("*.docx"))
    first.unlink()
    second.write_bytes(second.read_bytes() + b"x")
    code, out = run_plain("verify", "--output", str(tmp_path / "out"))
    assert code == 1
    assert f"HILANG   2026/{folder.name}/slip_kata_sandi/{first.name}" in out
    assert f"BERUBAH  2026/{folder.name}/slip_kata_sandi/{second.name}" in out
    assert "TAMBAHAN" not in out
