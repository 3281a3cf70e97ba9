"""Page layout as the reader of a printed letter sees it, printed through LibreOffice (as CI does).

Every document of batches of 1, 3, 30 and 300 members with the longest realistic data (and, on F4,
the same), under a config with a lambang and long official names: the Berita Acara, the Lembar
Disposisi and the Slip Kata Sandi are one page each; the Surat Perintah's signature block never
stands alone on a page (the letter's shares its page with the last Untuk item, the Lampiran's with the
last member's row); the Lampiran lists every member once, in order, under a header row on every
page, on landscape pages; page numbers run from page 2. The Word properties behind it are checked
without LibreOffice at the end.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from sopgen.cli import cli
from sopgen.pdf import convert_to_pdf
from tests.configs import SHIPPED, write_confirmed_config
from tests.images import write_lambang
from tests.members import member, write_members
from tests.test_archive import needs_libreoffice
from tests.test_cli import DATE, run

REPO = Path(__file__).resolve().parents[1]
LAST_UNTUK = "melaksanakan perintah ini dengan penuh tanggung jawab."
# Officials with long names, as a real office may have them.
OFFICIALS = {"CONTOH Drs. Nama Kepala UKPBJ, M.Si.": "CONTOH Dr. Ir. Bambang Setyo Wicaksono Adiputra, S.T., M.M.",
             "CONTOH Nama Kepala LPSE, S.Kom.": "CONTOH Raden Mas Sigit Purnomo Hadiningrat, S.Kom., M.Kom.",
             "CONTOH Nama Admin Agency, A.Md.": "CONTOH Sri Rahayu Kusumaningtyas Wulandari, A.Md.Kom."}
# The longest data a clerk is likely to type for a member.
LONGEST_REALISTIC = {
    "nama": "Dr. Hj. Raden Roro Sri Wahyuningsih Kusumawardhani, S.T., M.T., M.Eng.",
    "alamat_instansi": "Jalan Aloon-Aloon Utara Nomor 9, Kelurahan Mangkujayan, Kecamatan Ponorogo, "
                       "Kabupaten Ponorogo 63413",
    "email": "sri.wahyuningsih.kusumawardhani@ponorogo.go.id",
    "jabatan": "Analis Pengadaan Barang/Jasa Ahli Madya pada Bagian Pengadaan Barang dan Jasa Sekretariat "
               "Daerah Kabupaten Ponorogo",
}
# Longer than any clerk would type: the Berita Acara may take two pages, its signatures still together.
EXTREME = {
    "nama": "Prof. Dr. Ir. Raden Mas Bagus Sasongko Adiwijaya Kusumaningrat Hadiningrat "
            "Suryaningprang Wicaksono, S.T., M.T., M.Eng., Ph.D.",
    "jabatan": "Analis Pengadaan Barang/Jasa Ahli Madya pada Bagian Pengadaan Barang dan Jasa "
               "Sekretariat Daerah Kabupaten Ponorogo merangkap Koordinator Kelompok Kerja Pemilihan "
               "Penyedia Jasa Konstruksi",
}


def long_members(count: int, start: int = 1) -> list[dict[str, Any]]:
    """Every other member with the longest realistic data, the rest ordinary."""
    return [member(i, **LONGEST_REALISTIC) if i % 2 else member(i) for i in range(start, start + count)]


BATCHES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "satu": ("A4", [member(1, **LONGEST_REALISTIC)]),
    "tiga": ("A4", long_members(3)),
    "tiga_puluh": ("A4", long_members(30)),
    "tiga_ratus": ("A4", long_members(300)),
    "tiga_puluh_f4": ("F4", long_members(30)),
    "ekstrem": ("A4", [member(1, **EXTREME)]),
}
KINDS = ("surat_perintah", "lembar_disposisi", "serah_terima", "slip_kata_sandi")
Printed = dict[str, dict[str, list[str]]]  # batch -> kind -> text of each page
Sizes = dict[str, dict[str, list[tuple[float, float]]]]  # batch -> kind -> (width, height) mm of each page


def layout_config(folder: Path, paper: str) -> Path:
    """The shipped config as an office fills it in, with its lambang and long names, on `paper`."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in {**OFFICIALS, 'lambang = "lambang_daerah.png"': f"lambang = '{write_lambang(folder / 'l.png')}'",
                     'kertas = "A4"': f'kertas = "{paper}"'}.items():
        assert old in text, old
        text = text.replace(old, new)
    return write_confirmed_config(folder / "config.toml", text)


def issue(root: Path, name: str) -> Path:
    paper, members = BATCHES[name]
    config = layout_config(root / name, paper)
    sheet = write_members(root / name / "usulan.xlsx", members)
    result = CliRunner().invoke(cli, ["letters", str(sheet), "--output", str(root / name / "out"), "--date", DATE,
                                      "--no-attachments", "--config", str(config)])
    assert result.exit_code == 0, result.output
    [folder] = (root / name / "out" / "2026").iterdir()
    return folder


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Printed, Sizes]:
    """Each batch issued with `sopgen letters`; its four kinds of document (the first member's note and
    slip) printed to PDF in one LibreOffice run, as the text of each page, whitespace collapsed."""
    root = tmp_path_factory.mktemp("layout")
    to_print = root / "cetak"
    to_print.mkdir()
    for name in BATCHES:
        folder = issue(root, name)
        firsts = {"surat_perintah": next(folder.glob("01_*.docx")), "lembar_disposisi": next(folder.glob("02_*.docx")),
                  "serah_terima": sorted((folder / "serah_terima").glob("*.docx"))[0],
                  "slip_kata_sandi": sorted((folder / "slip_kata_sandi").glob("*.docx"))[0]}
        for kind, path in firsts.items():
            shutil.copyfile(path, to_print / f"{name}.{kind}.docx")
    texts: Printed = {}
    sizes: Sizes = {}
    for pdf in convert_to_pdf(sorted(to_print.glob("*.docx"))):
        batch, kind = pdf.stem.split(".")
        pages = PdfReader(str(pdf)).pages
        texts.setdefault(batch, {})[kind] = [" ".join(page.extract_text().split()) for page in pages]
        sizes.setdefault(batch, {})[kind] = [(round(float(p.mediabox.width) / 72 * 25.4),
                                              round(float(p.mediabox.height) / 72 * 25.4)) for p in pages]
    return texts, sizes


def pages_with(pages: list[str], text: str) -> list[int]:
    return [i for i, page in enumerate(pages) if text in page]


def signer(name: str) -> str:
    return OFFICIALS[f"CONTOH {name}"].removeprefix("CONTOH ")


KEPALA_UKPBJ, KEPALA_LPSE, ADMIN = (signer("Drs. Nama Kepala UKPBJ, M.Si."), signer("Nama Kepala LPSE, S.Kom."),
                                    signer("Nama Admin Agency, A.Md."))
REALISTIC = [name for name in BATCHES if name != "ekstrem"]


@needs_libreoffice
@pytest.mark.parametrize("batch", REALISTIC)
def test_the_berita_acara_the_disposisi_and_the_slip_are_one_page_each(printed: tuple[Printed, Sizes],
                                                                        batch: str) -> None:
    texts, _ = printed
    for kind in ("serah_terima", "lembar_disposisi", "slip_kata_sandi"):
        assert len(texts[batch][kind]) == 1, f"{kind} of {batch} takes {len(texts[batch][kind])} pages"
    [note] = texts[batch]["serah_terima"]
    for text in ("Demikian berita acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua)", "PIHAK KEDUA,",
                 "PIHAK PERTAMA,", "Mengetahui,", ADMIN, KEPALA_LPSE, "NIP. 19800101 200501 1 001"):
        assert text in note, text


@needs_libreoffice
@pytest.mark.parametrize("batch", REALISTIC)
def test_the_letters_signature_shares_its_page_with_the_last_untuk_item(printed: tuple[Printed, Sizes],
                                                                        batch: str) -> None:
    pages = printed[0][batch]["surat_perintah"]
    letter_signature = pages_with(pages, "Dikeluarkan di")
    assert len(letter_signature) == 1
    page = pages[letter_signature[0]]
    for text in (LAST_UNTUK, "pada tanggal : 24 November 2026", "Kepala UKPBJ,", KEPALA_UKPBJ,
                 "NIP. 19700101 199503 1 001", "Tembusan"):
        assert text in page, f"{text!r} is not on the page of the letter's signature"


@needs_libreoffice
@pytest.mark.parametrize("batch", REALISTIC)
def test_the_lampiran_lists_every_member_once_in_order_under_a_header_and_ends_with_its_signature(
        printed: tuple[Printed, Sizes], batch: str) -> None:
    texts, sizes = printed
    pages, page_sizes = texts[batch]["surat_perintah"], sizes[batch]["surat_perintah"]
    members = BATCHES[batch][1]
    first = pages_with(pages, "DAFTAR ANGGOTA POKJA PEMILIHAN")[0]
    lampiran = pages[first:]
    letter = pages[:first]
    assert len(letter) <= 2, "the letter takes at most two pages (its Dasar is long)"
    rows_per_page = []
    for page in lampiran:
        assert "No. Nama NIP / NI PPPK Pangkat/Golongan Jabatan" in page, "the header row repeats on every page"
        rows_per_page.append(len(re.findall(r"\b19800101 20050\d 1 \d{3}\b", page)))
    assert all(rows_per_page), f"a Lampiran page without a member: {rows_per_page}"
    assert sum(rows_per_page) == len(members)
    numbers = [int(n) for page in lampiran for n in re.findall(r"(?:^|\s)(\d{1,3})\. (?=\S)", page.split(
        "Jabatan", 1)[1])]
    assert numbers[:len(members)] == list(range(1, len(members) + 1))
    [signed] = pages_with(lampiran, "NIP. 19700101 199503 1 001")
    assert signed == len(lampiran) - 1 and members[-1]["nip"] in lampiran[-1]
    portrait, landscape = page_sizes[0], page_sizes[first]
    assert landscape == (portrait[1], portrait[0]), "the Lampiran's pages are landscape"
    assert all(size == landscape for size in page_sizes[first:])
    assert all(size == portrait for size in page_sizes[:first])


@needs_libreoffice
def test_page_counts_follow_the_members_and_the_paper(printed: tuple[Printed, Sizes]) -> None:
    texts, sizes = printed
    counts = {name: len(texts[name]["surat_perintah"]) for name in REALISTIC}
    assert counts["satu"] == counts["tiga"] == 3, "letter on two pages, the Lampiran on one"
    assert counts["satu"] < counts["tiga_puluh"] < counts["tiga_ratus"]
    assert counts["tiga_puluh_f4"] <= counts["tiga_puluh"], "F4 is taller: never more pages"
    lampiran_30 = counts["tiga_puluh"] - 2
    assert counts["tiga_ratus"] - 2 <= 10 * lampiran_30 + 1, "the Lampiran grows with the members, no more"
    assert sizes["satu"]["serah_terima"] == [(210, 297)] and sizes["tiga_puluh_f4"]["serah_terima"] == [(215, 330)]


@needs_libreoffice
def test_page_numbers_start_on_page_two_and_the_kop_is_on_the_first_page_only(printed: tuple[Printed, Sizes]) -> None:
    pages = printed[0]["tiga_puluh"]["surat_perintah"]
    assert "- 1 -" not in pages[0] and "PEMERINTAH KABUPATEN PONOROGO" in pages[0]
    for n, page in enumerate(pages[1:], start=2):
        assert page.startswith(f"- {n} -"), page[:40]
        assert "PEMERINTAH KABUPATEN PONOROGO" not in page
    [note] = printed[0]["tiga"]["serah_terima"]
    assert "- 1 -" not in note


@needs_libreoffice
def test_the_letter_number_never_breaks_across_lines_on_the_disposisi(tmp_path: Path) -> None:
    folder = issue(tmp_path, "tiga")
    [pdf] = convert_to_pdf([next(folder.glob("02_*.docx"))])
    lines = PdfReader(str(pdf)).pages[0].extract_text().splitlines()
    for number in ("000.3.5/001/405.08/2026", "000.3.5/001/DISP/405.08/2026"):
        assert any(number in line for line in lines), f"{number} is cut over two lines"


@needs_libreoffice
def test_data_longer_than_any_clerk_types_keeps_the_berita_acaras_closing_and_signatures_together(
        printed: tuple[Printed, Sizes]) -> None:
    pages = printed[0]["ekstrem"]["serah_terima"]
    [i] = pages_with(pages, "PIHAK KEDUA,")
    for text in ("Demikian berita acara ini dibuat", "PIHAK PERTAMA,", "Mengetahui,", "NIP. 19800202 200501 1 002"):
        assert pages_with(pages, text) == [i], f"{text!r} is not (only) on the page of the signatures"
    assert KEPALA_LPSE in pages[i] and ADMIN in pages[i]


# --- the Word properties behind it (Word honours what LibreOffice does) ------------------------

def _builder() -> Any:
    path = REPO / "tests" / "tools" / "make_templates.py"
    spec = importlib.util.spec_from_file_location("make_templates", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parts(data: bytes) -> dict[str, bytes]:
    """The parts the builder writes (the rest is python-docx's default package, free to change)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()
                if n in ("word/document.xml", "word/styles.xml") or n.startswith(("word/header", "word/footer"))}


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_templates_are_what_the_builder_makes_byte_for_byte(kind: str) -> None:
    builder = _builder()
    shipped = (REPO / "templates" / f"{kind}.docx").read_bytes()
    assert _parts(builder.build(kind)) == _parts(shipped), (
        f"templates/{kind}.docx differs from tests/tools/make_templates.py: change the builder and run "
        ".venv/bin/python tests/tools/make_templates.py"
    )
    assert builder.build(kind) == builder.build(kind), "the builder makes the same bytes every time"


def _rendered(kind: str, count: int, tmp_path: Path) -> Any:
    sheet = write_members(tmp_path / "usulan.xlsx", [member(i) for i in range(1, count + 1)])
    code, out = run("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE, "--no-attachments")
    assert code == 0, out
    [folder] = (tmp_path / "out" / "2026").iterdir()
    if kind == "surat_perintah":
        return Document(str(next(folder.glob("01_*.docx"))))
    return Document(str(sorted((folder / "serah_terima").glob("*.docx"))[0]))


def _cant_split(row: Any) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


@pytest.mark.parametrize("count", [1, 3, 30])
def test_the_last_item_and_its_signature_are_one_row_that_cannot_split(tmp_path: Path, count: int) -> None:
    doc = _rendered("surat_perintah", count, tmp_path)
    body = doc.element.body
    rows_with_signature = [r for t in body.findall(qn("w:tbl")) for r in t.findall(qn("w:tr"))
                           if "NIP. 19700101 199503 1 001" in _text(r)]
    assert len(rows_with_signature) == 2  # the letter's and the Lampiran's
    untuk, lampiran = rows_with_signature
    assert _cant_split(untuk) and _cant_split(lampiran)
    assert LAST_UNTUK in _text(untuk) and "Tembusan" in _text(untuk)
    assert f"19800101 200501 1 {count:03d}" in _text(lampiran), "the last member's row is inside"
    header = body.findall(qn("w:tbl"))[-1].findall(qn("w:tr"))[0]
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None, "the header row repeats"


def test_the_berita_acaras_signatures_are_kept_together_with_the_closing_line(tmp_path: Path) -> None:
    doc = _rendered("serah_terima", 1, tmp_path)
    [table] = [t for t in doc.tables if "Mengetahui," in t._tbl.xml]
    first, second = table._tbl.findall(qn("w:tr"))
    assert _cant_split(first) and _cant_split(second)
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in first.iter(qn("w:p")))
    assert "PIHAK KEDUA," in _text(first) and "Mengetahui," in _text(second)
    [closing] = [p for p in doc.paragraphs if p.text.startswith("Demikian")]
    assert closing.paragraph_format.keep_with_next
