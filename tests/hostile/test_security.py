"""Secrets stay in their notes, file names stay in their folder, templates stay in their sandbox."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from sopgen.filenames import safe_name
from tests.configs import CONFIRMED
from tests.members import member, write_members

REPO = Path(__file__).resolve().parents[2]
CONFIG = CONFIRMED
SEND_PAGE_MARK = "Halaman ini memuat kata sandi"  # words only the send page carries


def slip_passwords(slips: list[Path]) -> dict[Path, str]:
    """Each Slip Kata Sandi and the password printed on it."""
    found = {}
    for slip in slips:
        for table in Document(str(slip)).tables:
            for row in table.rows:
                if row.cells[0].text.strip() == "Kata sandi sementara":
                    found[slip] = row.cells[1].text.strip()
    return found


def test_each_password_is_only_on_its_members_slip_and_the_send_page_never_in_the_archive(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.csv", [member(1, nama="<script>x</script>"), member(2), member(3)])
    out = tmp_path / "out"
    runs = []
    for extra in ([], ["--pdf"]) if shutil_which("soffice") else ([],):
        runs.append(subprocess.run(
            [sys.executable, "-m", "sopgen", "letters", str(sheet), "--output", str(out), "--date", "2026-11-24",
             "--no-attachments", "--config", str(CONFIG), *extra], capture_output=True, text=True, cwd=tmp_path))
    # The send page and the PDFs are made before the archive, so a zip that took them in is caught below.
    for extra in (["kirim", "--config", str(CONFIG)], ["status", "--json", "--config", str(CONFIG)],
                  ["agenda", "--xlsx", str(out / "agenda.xlsx"), "--config", str(CONFIG)], ["verify"], ["archive"]):
        runs.append(subprocess.run([sys.executable, "-m", "sopgen", *extra, "--output", str(out)],
                                   capture_output=True, text=True, cwd=tmp_path))
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    [folder] = [p for p in (out / "2026").iterdir() if p.is_dir()]
    slips = sorted((folder / "slip_kata_sandi").glob("*.docx"))
    passwords = slip_passwords(slips)
    assert len(set(passwords.values())) == 3 and all(len(p) == 12 for p in passwords.values())
    printed = "".join(r.stdout + r.stderr for r in runs)
    [page] = [p for p in out.rglob("*") if p.is_file() and SEND_PAGE_MARK.encode() in readable_content(p)]
    assert page == folder / "slip_kata_sandi" / "kirim.html" and page.stat().st_mode & 0o777 == 0o600
    slip_print = folder / "cetak_slip.pdf"
    for slip, password in passwords.items():
        own = {slip, slip.with_suffix(".pdf"), slip_print, page}
        assert password.encode() in readable_content(slip)
        if slip.with_suffix(".pdf").exists():
            assert password.encode() in readable_content(slip.with_suffix(".pdf"))
            assert password.encode() in readable_content(slip_print)
        for path in out.rglob("*"):
            if path.is_file() and path not in own:
                assert password.encode() not in readable_content(path), f"{slip.name}'s password found in {path}"
        assert password not in printed
    assert (folder.parent / f"{folder.name}.zip").exists()
    for private in out.rglob("*.zip"):  # the archive: documents, PDFs, inputs; never a slip or the page
        if private.name == "templat.zip":  # the templates the batch was made with (the slip's has no password)
            continue
        with zipfile.ZipFile(private) as z:
            assert not [n for n in z.namelist() if "kirim" in n or "slip" in n], z.namelist()
        assert SEND_PAGE_MARK.encode() not in readable_content(private)
    for slip in slips:
        for path in (slip, slip.with_suffix(".pdf")):
            if path.exists():
                assert path.stat().st_mode & 0o777 == 0o600, path
    if slip_print.exists():
        assert slip_print.stat().st_mode & 0o777 == 0o600
    assert (out / ".kunci-kata-sandi").stat().st_mode & 0o777 == 0o600
    removed = subprocess.run([sys.executable, "-m", "sopgen", "kirim", "--hapus", "--output", str(out)],
                             capture_output=True, text=True, cwd=tmp_path)
    assert removed.returncode == 0 and not [p for p in out.rglob("*") if "kirim.html" in p.name]


def readable_content(path: Path) -> bytes:
    """What a reader of the file sees: zip members (DOCX, XLSX) unpacked, PDF text extracted."""
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                return b"\n".join(readable_member(z.read(name)) for name in z.namelist())
        except zipfile.BadZipFile:  # the register holds template blobs, whose zip trailer fools is_zipfile
            return path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages).encode()
    return path.read_bytes()


def readable_member(data: bytes) -> bytes:
    """A zip inside a zip (the batch's templat.zip in its archive) unpacked too."""
    import io

    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return b"\n".join(readable_member(z.read(name)) for name in z.namelist())
        except zipfile.BadZipFile:
            return data
    return data


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed here (.ci/run installs it)")
def test_a_slip_pdf_stays_private_even_when_its_docx_was_made_readable(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    out = tmp_path / "out"
    base = [sys.executable, "-m", "sopgen"]
    subprocess.run([*base, "letters", str(sheet), "--output", str(out), "--date", "2026-11-24", "--no-attachments",
                    "--config", str(CONFIG)], check=True, capture_output=True, cwd=tmp_path)
    [slip] = out.rglob("slip_kata_sandi/*.docx")
    slip.chmod(0o644)  # as a copy from a backup or a shared folder leaves it
    subprocess.run([*base, "pdf", "--output", str(out)], check=True, capture_output=True, cwd=tmp_path)
    assert slip.with_suffix(".pdf").stat().st_mode & 0o777 == 0o600


def shutil_which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


@pytest.mark.parametrize(("text", "expected"), [
    ("../../etc/passwd", "etc-passwd"), ("a/b\\c", "a-b-c"), ("nul\x00byte", "nul-byte"), ("CON", "_CON"),
    ("lpt1.txt", "_lpt1.txt"), ("..", "berkas"), ("  ", "berkas"), ("Ma'ruf, S.Kom.", "Ma'ruf,_S.Kom"),
])
def test_file_names_stay_in_their_folder_and_readable(text: str, expected: str) -> None:
    assert safe_name(text) == expected


def test_file_names_fit_the_255_byte_limit() -> None:
    name = safe_name("Đặng " * 200)
    assert len(name.encode("utf-8")) <= 120
    name.encode("utf-8").decode("utf-8")  # never cut inside a character


def test_a_hostile_member_name_cannot_leave_the_batch_folder(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.csv", [member(1, nama="../../../../tmp/CON Ma'ruf"),
                                                     member(2, nama="x/" * 140 + "y")])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sopgen", "letters", str(sheet), "--output", str(out),
                           "--date", "2026-11-24", "--no-attachments", "--config", str(CONFIG)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = sorted((out / "2026").glob("*/serah_terima/*.docx"))
    assert len(notes) == 2
    assert all(n.resolve().is_relative_to(out.resolve()) for n in notes)
    assert all(len(n.name.encode()) <= 255 for n in notes)


def test_cells_are_never_run_as_templates(tmp_path: Path) -> None:
    sheet = write_members(tmp_path / "usulan.csv", [member(1, nama="{{ ''.__class__.__mro__ }}{% raw %}",
                                                               jabatan="{{ 7*7 }}")])
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "sopgen", "letters", str(sheet), "--output", str(out),
                           "--date", "2026-11-24", "--no-attachments", "--config", str(CONFIG)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [note] = (out / "2026").glob("*/serah_terima/*.docx")
    text = "\n".join(c.text for t in Document(str(note)).tables for r in t.rows for c in r.cells)
    assert "{{ 7*7 }}" in text and "49" not in re.sub(r"\d{18}", "", text.replace("0812-3456-0001", ""))
    assert "{{ ''.__class__.__mro__ }}{% raw %}" in text


def test_annotated_copy_writes_formula_like_cells_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = write_members(tmp_path / "usulan.csv", [member(1, email="=HYPERLINK(\"http://x\")", jabatan="-")])
    proc = subprocess.run([sys.executable, "-m", "sopgen", "validate", str(sheet), "--output", str(tmp_path / "out"),
                           "--no-attachments", "--config", str(CONFIG)], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1
    [copy] = (tmp_path / "out" / "laporan").glob("*.xlsx")
    wb = load_workbook(copy)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value.startswith("=HYPERLINK") for c in cells)
    assert all(c.data_type == "s" for c in cells if c.value.startswith(("=", "+", "-", "@")))
