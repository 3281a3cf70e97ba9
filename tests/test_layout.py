"""Page layout as the reader of a printed letter sees it: a signature block never stands alone.

Tata Naskah Dinas: the signature shares its page with at least the last line of the letter's content,
and a signature block is never cut between two pages. The PDF tests print real letters through
LibreOffice and read the pages back; the others check the Word properties that make Word do the same.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sopgen.config import load_config
from sopgen.pdf import convert_to_pdf
from tests.configs import CONFIRMED
from tests.members import member, write_members
from tests.test_archive import needs_libreoffice
from tests.test_cli import DATE, run

REPO = Path(__file__).resolve().parents[1]
CONFIG = load_config(CONFIRMED)
KEPALA_UKPBJ = CONFIG.penandatangan["kepala_ukpbj"]
KEPALA_LPSE = CONFIG.penandatangan["kepala_lpse"]
ADMIN_AGENCY = CONFIG.penandatangan["admin_agency"]
LAST_UNTUK = "Melaksanakan perintah ini dengan penuh tanggung jawab."

# A realistic member: a page of three of these listed directly left the signer's name on page 2.
REALISTIC = {
    "nama": "Dr. Hj. Retno Wulandari Setyaningsih, S.E., M.M.",
    "alamat_instansi": "Jl. Aloon-aloon Utara No. 9, Kelurahan Mangkujayan, Kecamatan Ponorogo, "
                       "Kabupaten Ponorogo 63413",
    "jabatan": "Analis Pengadaan Barang/Jasa Ahli Muda pada Bagian Pengadaan Barang dan Jasa "
               "Sekretariat Daerah",
}
# The longest data a clerk is likely to type: its handover note needs two pages.
LONGEST = {
    "nama": "Prof. Dr. Ir. Raden Mas Bagus Sasongko Adiwijaya Kusumaningrat Hadiningrat "
            "Suryaningprang Wicaksono, S.T., M.T., M.Eng., Ph.D.",
    "alamat_instansi": "Jl. Panjang Sekali Nomor 123456 RT 001 RW 002 Kelurahan Mangkujayan Kecamatan "
                       "Ponorogo Panjang Sekali Nomor 123456 RT 001 RW 002 Kelurahan Mangkujayan "
                       "Kecamatan Ponorogo",
    "jabatan": "Analis Pengadaan Barang/Jasa Ahli Madya pada Bagian Pengadaan Barang dan Jasa "
               "Sekretariat Daerah Kabupaten Ponorogo merangkap Koordinator Kelompok Kerja Pemilihan "
               "Penyedia Jasa Konstruksi",
}
BATCHES: dict[str, list[dict[str, Any]]] = {
    "satu": [member(1)],
    "tiga_panjang": [member(i, **REALISTIC) for i in (610, 611, 612)],
    "terpanjang": [member(201, **LONGEST)],
    "lampiran_25": [member(i) for i in range(1, 26)],
    "lampiran_27": [member(i) for i in range(1, 28)],
}


Printed = dict[str, dict[str, list[str]]]  # batch -> kind -> text of each page


def nip(m: dict[str, Any]) -> str:
    return str(m["nip"])


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """Each batch issued with `sopgen letters`; its Surat Perintah and first handover note printed
    to PDF (one LibreOffice run for all), as the text of each page with its whitespace collapsed."""
    root = tmp_path_factory.mktemp("layout")
    to_print = root / "cetak"
    to_print.mkdir()
    for name, members in BATCHES.items():
        sheet = write_members(root / name / "usulan.xlsx", members)
        code, out = run("letters", str(sheet), "--output", str(root / name / "out"), "--date", DATE,
                        "--no-attachments")
        assert code == 0, out
        [folder] = (root / name / "out" / "2026").iterdir()
        shutil.copyfile(next(folder.glob("01_*.docx")), to_print / f"{name}.surat_perintah.docx")
        first_note = sorted((folder / "serah_terima").glob("*.docx"))[0]
        shutil.copyfile(first_note, to_print / f"{name}.serah_terima.docx")
    printed: Printed = {}
    for pdf in convert_to_pdf(sorted(to_print.glob("*.docx"))):
        batch, kind = pdf.stem.split(".")
        pages = [" ".join(page.extract_text().split()) for page in PdfReader(str(pdf)).pages]
        printed.setdefault(batch, {})[kind] = pages
    return printed


def pages_with(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in page]


@needs_libreoffice
def test_three_long_members_keep_the_last_untuk_item_with_the_whole_signature(printed: Printed) -> None:
    pages = printed["tiga_panjang"]["surat_perintah"]
    [i] = pages_with(pages, f"NIP. {KEPALA_UKPBJ.nip_display}")
    signature_page = pages[i]
    for text in ("Dikeluarkan di", "Pada tanggal", "Kepala Bagian Pengadaan Barang dan Jasa",
                 KEPALA_UKPBJ.nama, KEPALA_UKPBJ.pangkat, "Tembusan"):
        assert text in signature_page, f"{text!r} is not on the page of the signer's NIP"
    assert LAST_UNTUK in signature_page, "the signature stands alone, without the last Untuk item"


@needs_libreoffice
@pytest.mark.parametrize("count", [25, 27])
def test_lampiran_signature_shares_its_page_with_the_last_member_row(printed: Printed, count: int) -> None:
    pages = printed[f"lampiran_{count}"]["surat_perintah"]
    last_member = BATCHES[f"lampiran_{count}"][-1]
    assert pages_with(pages, f"NIP. {KEPALA_UKPBJ.nip_display}") == [0, len(pages) - 1]
    assert pages_with(pages, KEPALA_UKPBJ.nama) == [0, len(pages) - 1]
    last_page = pages[-1]
    assert last_member["nama"] in last_page and nip(last_member) in last_page, (
        "the Lampiran's signature stands alone, without the last member's row"
    )
    assert "Kepala Bagian Pengadaan Barang dan Jasa" in last_page and KEPALA_UKPBJ.pangkat in last_page
    assert LAST_UNTUK in pages[0] and "Tembusan" in pages[0]


@needs_libreoffice
def test_longest_handover_note_keeps_the_three_signatures_and_the_closing_line_together(printed: Printed) -> None:
    pages = printed["terpanjang"]["serah_terima"]
    [anggota] = BATCHES["terpanjang"]
    assert len(pages) == 2
    [i] = pages_with(pages, "Yang menerima,")
    for text in ("Demikian berita acara ini dibuat", "PIHAK KEDUA,", f"NIP. {nip(anggota)}",
                 "PIHAK PERTAMA,", f"NIP. {ADMIN_AGENCY.nip_display}", "Mengetahui,",
                 f"NIP. {KEPALA_LPSE.nip_display}"):
        assert pages_with(pages, text) == [i], f"{text!r} is not (only) on the page of PIHAK KEDUA's signature"
    for text in (ADMIN_AGENCY.nama, KEPALA_LPSE.jabatan, KEPALA_LPSE.nama):
        assert text in pages[i]


@needs_libreoffice
def test_usual_letters_and_notes_still_fit_one_page(printed: Printed) -> None:
    assert len(printed["satu"]["surat_perintah"]) == 1
    assert len(printed["satu"]["serah_terima"]) == 1
    assert len(printed["tiga_panjang"]["serah_terima"]) == 1
    assert len(printed["lampiran_25"]["serah_terima"]) == 1


# --- the Word properties behind it (Word honours the same keeps LibreOffice does) ---------------

def _builder() -> Any:
    path = REPO / "tests" / "tools" / "make_templates.py"
    spec = importlib.util.spec_from_file_location("make_templates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _body(data: bytes) -> bytes:
    """The part the builder writes (the rest is python-docx's default package, free to change)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


@pytest.mark.parametrize("kind", ["surat_perintah", "lembar_disposisi", "serah_terima"])
def test_shipped_templates_are_what_the_builder_makes(kind: str) -> None:
    built = io.BytesIO()
    getattr(_builder(), kind)().save(built)
    shipped = (REPO / "templates" / f"{kind}.docx").read_bytes()
    assert _body(built.getvalue()) == _body(shipped), (
        f"templates/{kind}.docx differs from tests/tools/make_templates.py: change the builder and run "
        ".venv/bin/python tests/tools/make_templates.py"
    )


def _rendered(kind: str, members: list[dict[str, Any]], tmp_path: Path) -> Any:
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
                    "--no-attachments")
    assert code == 0, out
    [folder] = (tmp_path / "out" / "2026").iterdir()
    if kind == "surat_perintah":
        return Document(str(next(folder.glob("01_*.docx"))))
    return Document(str(sorted((folder / "serah_terima").glob("*.docx"))[0]))


def _text(row: Any) -> str:
    return "".join(t.text or "" for t in row.iter(qn("w:t")))


def _cant_split(row: Any) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def _keeps_with_next(row: Any) -> bool:
    paragraphs = list(row.iter(qn("w:p")))
    return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs)


def _rows_before_signature(doc: Any, signer_nip: str) -> list[tuple[list[Any], list[Any]]]:
    """(rows of the table before, rows of the signature table) for each signature of the signer."""
    tables = doc.element.body.findall(qn("w:tbl"))
    found = []
    for before, table in zip(tables, tables[1:], strict=False):
        rows = table.findall(qn("w:tr"))
        if any(signer_nip in _text(r) for r in rows):
            found.append((before.findall(qn("w:tr")), rows))
    return found


@pytest.mark.parametrize(("count", "signatures"), [(3, 1), (25, 2)])
def test_surat_perintah_signature_rows_cannot_split_and_the_last_row_before_keeps_with_them(
        tmp_path: Path, count: int, signatures: int) -> None:
    doc = _rendered("surat_perintah", [member(i) for i in range(1, count + 1)], tmp_path)
    found = _rows_before_signature(doc, KEPALA_UKPBJ.nip_display)
    assert len(found) == signatures
    for before, signature in found:
        assert all(_cant_split(r) for r in signature)
        assert _keeps_with_next(before[-1]), "the last Untuk item or member row keeps with the signature"
        assert not any(_keeps_with_next(r) for r in before[:-1])


def test_handover_note_signatures_and_mengetahui_are_one_unsplittable_block(tmp_path: Path) -> None:
    doc = _rendered("serah_terima", [member(1)], tmp_path)
    [table] = [t for t in doc.tables if "Mengetahui," in t._tbl.xml]
    first, second = table._tbl.findall(qn("w:tr"))
    assert _cant_split(first) and _cant_split(second)
    assert _keeps_with_next(first) and "Yang menerima," in _text(first)
    assert "Mengetahui," in _text(second) and f"NIP. {KEPALA_LPSE.nip_display}" in _text(second)
    [closing] = [p for p in doc.paragraphs if p.text.startswith("Demikian")]
    assert closing.paragraph_format.keep_with_next
