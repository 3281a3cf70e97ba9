"""The letters as a careful secretariat signs and files them (Tata Naskah Dinas), read from the DOCX a
run of `sopgen letters` makes: the page and its margins in twips, the language, the kop with its
lambang in the first page's header, page numbers, and what each document says and leaves out."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from sopgen.cli import cli
from tests.configs import SHIPPED, write_confirmed_config
from tests.images import png, write_lambang
from tests.members import member, write_members
from tests.test_cli import docx_text

DATE = "2026-11-24"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
TWIPS = {"A4": (11906, 16838), "F4": (12189, 18709)}  # 210 x 297 mm, 215 x 330 mm


def config_with(tmp_path: Path, **changes: str) -> Path:
    """The shipped config as an office fills it in, each `old=new` text replaced (keys as written)."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in changes.items():
        old = old.replace("__", " ")
        assert old in text, old
        text = text.replace(old, new, 1)
    return write_confirmed_config(tmp_path / "config.toml", text)


def with_lambang(tmp_path: Path, data: bytes | None = None) -> dict[str, str]:
    path = write_lambang(tmp_path / "lambang.png", data)
    return {'lambang = "lambang_daerah.png"': f"lambang = '{path}'"}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def issue(tmp_path: Path, members: list[dict[str, Any]], config: Path) -> Path:
    sheet = write_members(tmp_path / "usulan.xlsx", members)
    code, out = invoke("letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE,
                       "--no-attachments", "--config", str(config))
    assert code == 0, out
    [folder] = (tmp_path / "out" / "2026").iterdir()
    return folder


def documents(folder: Path) -> dict[str, Path]:
    """The first document of each kind in a batch folder."""
    return {"surat_perintah": next(folder.glob("01_*.docx")), "lembar_disposisi": next(folder.glob("02_*.docx")),
            "serah_terima": sorted((folder / "serah_terima").glob("*.docx"))[0],
            "slip_kata_sandi": sorted((folder / "slip_kata_sandi").glob("*.docx"))[0]}


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def sections(path: Path) -> list[Any]:
    return list(part(path, "word/document.xml").iter(f"{W}sectPr"))


def header_or_footer(path: Path, reference: str, kind: str) -> tuple[Any, str] | None:
    """The first section's header (or footer) of that kind, parsed, and its part name."""
    [first, *_] = sections(path)
    with zipfile.ZipFile(path) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        for ref in first.findall(f"{W}{reference}"):
            if ref.get(f"{W}type") == kind:
                target = next(r.get("Target") for r in rels if r.get("Id") == ref.get(R_ID))
                name = f"word/{target}"
                return etree.fromstring(z.read(name)), name
    return None


def text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


# --- the page --------------------------------------------------------------------------------

def test_every_document_has_the_configured_paper_and_margins_in_twips(tmp_path: Path) -> None:
    folder = issue(tmp_path / "a4", [member(1), member(2)], config_with(tmp_path / "a4"))
    for kind, path in documents(folder).items():
        for sect in sections(path):
            size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
            width, height = TWIPS["A4"]
            if size.get(f"{W}orient") == "landscape":
                width, height = height, width
            assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (width, height), kind
            assert [int(margins.get(f"{W}{side}")) for side in ("left", "right", "top", "bottom")] == [
                1701, 1134, 1134, 1417], kind  # 3, 2, 2 and 2.5 cm
    folder = issue(tmp_path / "f4", [member(1)], config_with(
        tmp_path / "f4", **{'kertas = "A4"': 'kertas = "F4"', "margin_kiri = 3.0": "margin_kiri = 2.5",
                            "margin_bawah = 2.5": "margin_bawah = 2"}))
    path = documents(folder)["surat_perintah"]
    letter, lampiran = sections(path)
    assert (letter.find(f"{W}pgSz").get(f"{W}w"), letter.find(f"{W}pgSz").get(f"{W}h")) == ("12189", "18709")
    assert lampiran.find(f"{W}pgSz").get(f"{W}orient") == "landscape"
    assert (lampiran.find(f"{W}pgSz").get(f"{W}w"), lampiran.find(f"{W}pgSz").get(f"{W}h")) == ("18709", "12189")
    assert letter.find(f"{W}pgMar").get(f"{W}left") == "1417" and letter.find(f"{W}pgMar").get(f"{W}bottom") == "1134"
    # A full-width table follows the new text width (21.5 cm - 2.5 - 2 = 17 cm = 9638 twips).
    body = part(path, "word/document.xml").find(f"{W}body")
    dasar = body.find(f"{W}tbl")
    assert abs(sum(int(c.get(f"{W}w")) for c in dasar.iter(f"{W}gridCol")) - (12189 - 1417 - 1134)) < 10


def test_documents_are_in_indonesian_and_the_configured_font(tmp_path: Path) -> None:
    folder = issue(tmp_path, [member(1)], config_with(
        tmp_path, **{'huruf = "Arial"': 'huruf = "Bookman Old Style"', "ukuran_huruf = 12": "ukuran_huruf = 11"}))
    for kind, path in documents(folder).items():
        styles = part(path, "word/styles.xml")
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        assert defaults.find(f"{W}lang").get(f"{W}val") == "id-ID", kind
        fonts = defaults.find(f"{W}rFonts")
        assert fonts.get(f"{W}ascii") == fonts.get(f"{W}hAnsi") == "Bookman Old Style", kind
        assert fonts.get(f"{W}asciiTheme") is None, "a theme font would win over the configured one"
        assert defaults.find(f"{W}sz").get(f"{W}val") == "22"
        assert part(path, "word/settings.xml").find(f"{W}themeFontLang").get(f"{W}val") == "id-ID"
        assert "en-US" not in etree.tostring(styles).decode()


# --- the kop, the lambang, the page numbers --------------------------------------------------

def test_the_lambang_is_in_the_first_page_header_of_every_document_left_of_the_kop(tmp_path: Path) -> None:
    lambang = png(60, 80, lambda x, y: (20, 110 + x, 60 + y))
    folder = issue(tmp_path, [member(1), member(2)], config_with(tmp_path, **with_lambang(tmp_path, lambang)))
    for kind, path in documents(folder).items():
        [first, *rest] = sections(path)
        assert first.find(f"{W}titlePg") is not None, "page 1 has the kop, the others the page number"
        found = header_or_footer(path, "headerReference", "first")
        assert found is not None, kind
        header, name = found
        [blip] = header.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
        with zipfile.ZipFile(path) as z:
            rels = etree.fromstring(z.read(name.replace("word/", "word/_rels/") + ".rels"))
            target = next(r.get("Target") for r in rels if r.get("Id") == blip.get(R_EMBED))
            assert z.read(f"word/{target}") == lambang, f"{kind}: the office's image, byte for byte"
            assert "image/png" in z.read("[Content_Types].xml").decode()
        extent = next(header.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"))
        assert int(extent.get("cy")) == 900000 and int(extent.get("cx")) == 675000, "2.5 cm tall, its own width"
        assert "PEMERINTAH KABUPATEN PONOROGO" in text_of(header)
        assert "BAGIAN PENGADAAN BARANG DAN JASA" in text_of(header)
        styles = part(path, "word/styles.xml")
        kop = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "KopSurat")
        assert int(kop.find(f"{W}pPr/{W}ind").get(f"{W}left")) > 675000 / 360000 * 567, "text right of the lambang"


def test_without_the_lambang_file_the_kop_is_text_and_each_run_warns_once(tmp_path: Path) -> None:
    config = config_with(tmp_path)  # the lambang named in the config is not there
    sheets = [write_members(tmp_path / name, [member(i)]) for i, name in ((1, "a.xlsx"), (2, "b.xlsx"))]
    code, out = invoke("letters", *map(str, sheets), "--output", str(tmp_path / "out"), "--date", DATE,
                       "--no-attachments", "--config", str(config))
    assert code == 0, out
    text = " ".join(out.split())
    assert text.count("LAMBANG_TIDAK_ADA") == 1 and "[kantor] lambang" in text
    assert str(tmp_path / "lambang_daerah.png") in text.replace(" ", "") or "lambang_daerah.png" in text
    for path in documents(next((tmp_path / "out" / "2026").iterdir())).values():
        header, _ = header_or_footer(path, "headerReference", "first") or (None, "")
        assert header is not None and "PEMERINTAH KABUPATEN PONOROGO" in text_of(header)
        assert not list(header.iter(f"{W}drawing"))
        with zipfile.ZipFile(path) as z:
            assert not [n for n in z.namelist() if n.startswith("word/media/")]
    code, out = invoke("check-templates", "--config", str(config))
    assert code == 0 and out.count("LAMBANG_TIDAK_ADA") == 1
    code, out = invoke("config", "--config", str(config), "--output", str(tmp_path / "out"))
    assert "Peringatan [LAMBANG_TIDAK_ADA]" in out and "TIDAK ADA (kop dicetak tanpa lambang)" in out
    chosen = config_with(tmp_path / "teks", **{'lambang = "lambang_daerah.png"': 'lambang = ""'})
    code, out = invoke("check-templates", "--config", str(chosen))
    assert code == 0 and "LAMBANG_TIDAK_ADA" not in out, "a text kop chosen on purpose is no warning"


@pytest.mark.parametrize("content", [b"GIF89a not a png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
                                     png(20, 20, lambda x, y: (0, 0, 0))[:-30]])
def test_a_lambang_that_is_no_readable_image_stops_letters_and_check_templates_naming_it(
        tmp_path: Path, content: bytes) -> None:
    config = config_with(tmp_path, **with_lambang(tmp_path, content))
    sheet = write_members(tmp_path / "usulan.xlsx", [member(1)])
    for args in (["letters", str(sheet), "--output", str(tmp_path / "out"), "--date", DATE, "--no-attachments"],
                 ["check-templates"]):
        code, out = invoke(*args, "--config", str(config))
        assert code == 2, out
        text = " ".join(out.split())
        assert "LAMBANG_RUSAK" in text and "lambang.png" in text and "PNG atau JPG" in text
    assert not (tmp_path / "out" / "register.sqlite").exists(), "no number is taken"


def test_a_jpg_lambang_is_read_with_its_size(tmp_path: Path) -> None:
    from sopgen.lambang import read_lambang

    # The markers Word and LibreOffice read a JPEG's size from: start, a frame header, the scan, the end.
    frame = b"\xff\xc0\x00\x11\x08\x00\x50\x00\x40\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + frame + \
        b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" * 10 + b"\xff\xd9"
    image = read_lambang(write_lambang(tmp_path / "lambang.jpg", jpeg))
    assert (image.extension, image.width_px, image.height_px) == ("jpeg", 64, 80)


@pytest.mark.parametrize(("where", "expected"), [("atas", "header"), ("bawah", "footer"), ("tidak", None)])
def test_page_numbers_are_a_page_field_from_page_two_where_the_config_puts_them(tmp_path: Path, where: str,
                                                                                expected: str | None) -> None:
    folder = issue(tmp_path, [member(1)], config_with(tmp_path, **{'nomor_halaman = "atas"':
                                                                   f'nomor_halaman = "{where}"'}))
    path = documents(folder)["surat_perintah"]
    assert sections(path)[0].find(f"{W}titlePg") is not None
    found = {}
    for name, reference in (("header", "headerReference"), ("footer", "footerReference")):
        element, _ = header_or_footer(path, reference, "default") or (None, "")
        assert element is not None
        found[name] = any("PAGE" in (t.text or "") for t in element.iter(f"{W}instrText"))
        assert not found[name] or [c.get(f"{W}fldCharType") for c in element.iter(f"{W}fldChar")] == [
            "begin", "separate", "end"]
    assert found == {"header": expected == "header", "footer": expected == "footer"}


def test_the_kop_names_the_unit_largest_and_the_address_in_full_without_empty_lines(tmp_path: Path) -> None:
    folder = issue(tmp_path / "penuh", [member(1)], config_with(tmp_path / "penuh"))
    header, _ = header_or_footer(documents(folder)["lembar_disposisi"], "headerReference", "first") or (None, "")
    lines = [(text_of(p), max((int(s.get(f"{W}val")) for s in p.iter(f"{W}sz")), default=0))
             for p in header.iter(f"{W}p") if text_of(p)]
    texts = [t for t, _ in lines]
    assert texts == ["PEMERINTAH KABUPATEN PONOROGO", "SEKRETARIAT DAERAH", "BAGIAN PENGADAAN BARANG DAN JASA",
                     "Jalan Aloon-Aloon Utara Nomor 9, Ponorogo 63419",
                     "Telepon (0352) 3574203, (0352) 481737 ext. 429, Faksimile (0352) 3574203",
                     "Laman www.ponorogo.go.id, Pos-el ukpbj@ponorogo.go.id"]
    sizes = dict(lines)
    assert sizes["BAGIAN PENGADAAN BARANG DAN JASA"] == max(sizes.values()) > sizes["PEMERINTAH KABUPATEN PONOROGO"]
    folder = issue(tmp_path / "tanpa", [member(1)], config_with(
        tmp_path / "tanpa", **{'laman = "CONTOH www.ponorogo.go.id"': 'laman = ""',
                               'pos_el = "CONTOH ukpbj@ponorogo.go.id"': 'pos_el = ""',
                               'faks = "(0352) 3574203"': 'faks = ""'}))
    header, _ = header_or_footer(documents(folder)["lembar_disposisi"], "headerReference", "first") or (None, "")
    paragraphs = list(header.iter(f"{W}p"))
    assert [text_of(p) for p in paragraphs][-2:] == ["Telepon (0352) 3574203, (0352) 481737 ext. 429", ""]
    assert sum(1 for p in paragraphs if not text_of(p)) == 1, "only the kop's line is a paragraph without text"


# --- Surat Perintah ---------------------------------------------------------------------------

def test_the_surat_perintah_orders_the_kepala_lpse_and_lists_the_members_in_its_lampiran(tmp_path: Path) -> None:
    members = [member(1), member(2), member(3, no_sk_pokja="188.45/500/405.08/2026")]
    config = config_with(tmp_path, **{'tembusan = ["Arsip"]': 'tembusan = ["Kepala LPSE Kabupaten Ponorogo", "Arsip"]'})
    path = documents(issue(tmp_path, members, config))["surat_perintah"]
    text = docx_text(path)
    kepada = text[text.index("Kepada"):text.index("Untuk")]
    assert "Nama Kepala LPSE, S.Kom." in kepada and "Kepala LPSE Kabupaten Ponorogo" in kepada
    assert "Pegawai Contoh" not in kepada, "the members are in the Lampiran"
    assert ("menambahkan akun SPSE bagi 3 (tiga) orang anggota Pokja Pemilihan sebagaimana tercantum dalam "
            "Lampiran Surat Perintah ini, sesuai Surat Keputusan pengangkatannya;") in text
    assert text.count("Nomor 188.45/412/405.08/2026") == 1 and text.count("Nomor 188.45/500/405.08/2026") == 1
    assert "Keputusan Kepala UKPBJ Kabupaten Ponorogo Nomor 188.45/412/405.08/2026" in text
    assert "Kepala Bagian Pengadaan Barang dan Jasa selaku Kepala UKPBJ," in text, "the jabatan ends with a comma"
    assert "pada tanggal\t: 24 November 2026" in text and "Pada tanggal" not in text
    assert "Drs. Nama Kepala UKPBJ, M.Si." in text and "DRS. NAMA" not in text, "the name as the config writes it"
    tembusan = text[text.index("Tembusan"):]
    assert "Arsip" in tembusan and "Kepala LPSE" not in tembusan, "the addressee is sent no copy"
    document = part(path, "word/document.xml")
    [signature] = [t for t in document.iter(f"{W}tbl") if "Dikeluarkan di" in text_of(t)
                   and not any("Dikeluarkan di" in text_of(inner) for inner in t.iter(f"{W}tbl") if inner is not t)]
    assert "Tembusan" not in text_of(signature), "Tembusan is never beside the signature"
    assert any("Tembusan" in text_of(after) for after in signature.itersiblings()), "it comes below it"


def test_the_lampiran_keeps_names_with_their_degrees_and_pangkat_with_golongan(tmp_path: Path) -> None:
    members = [member(1, nama="Ahmad Zainuddin Abdurrahman Wicaksono, S.T., M.T."), member(2)]
    path = documents(issue(tmp_path, members, config_with(tmp_path)))["surat_perintah"]
    xml = etree.tostring(part(path, "word/document.xml"), encoding="unicode")
    assert "Wicaksono,\u00a0S.T.,\u00a0M.T." in xml, "the degrees never wrap away from the name"
    assert "Penata Muda Tingkat\u00a0I,\u00a0III/b" in xml
    assert "Ahmad Zainuddin Abdurrahman" in xml, "the name itself still wraps between its words"


# --- Lembar Disposisi -------------------------------------------------------------------------

def test_the_disposisi_leaves_the_disposition_to_the_kepala_lpses_hand(tmp_path: Path) -> None:
    path = documents(issue(tmp_path, [member(1), member(2)], config_with(tmp_path)))["lembar_disposisi"]
    text = docx_text(path)
    for printed in ("Kepala Bagian Pengadaan Barang dan Jasa selaku Kepala UKPBJ", "000.3.5/001/405.08/2026",
                    "24 November 2026", "Penambahan Akun SPSE bagi 2 (dua) orang anggota Pokja Pemilihan",
                    "000.3.5/001/DISP/405.08/2026", "☑ Segera"):
        assert printed in text, printed
    assert "☑" not in text.replace("☑ Segera", ""), "no instruction is ticked for the Kepala LPSE"
    assert "Admin Agency" not in text and "Mohon segera" not in text
    assert text.count("24 November 2026") == 1, "the received and disposition dates are left blank"
    doc = Document(str(path))
    dotted = [p for p in doc.element.body.iter(qn("w:p"))
              if any(t.get(qn("w:leader")) == "dot" for t in p.iter(qn("w:tab")))]
    assert len(dotted) >= 3 + 4 + 2, "ruled lines: diteruskan, catatan, received date, disposition date"
    paraf = next(tc for tc in doc.element.body.iter(qn("w:tc")) if "Paraf" == "".join(
        t.text or "" for t in tc.iter(qn("w:t"))))
    borders = paraf.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}")
    sides = ("top", "left", "bottom", "right")
    assert all(borders.find(qn(f"w:{side}")).get(qn("w:val")) == "single" for side in sides), "a box for the paraf"


def test_an_office_may_keep_the_disposisi_pre_filled(tmp_path: Path) -> None:
    config = config_with(tmp_path, **{"disposisi_terisi = false": "disposisi_terisi = true"})
    text = docx_text(documents(issue(tmp_path, [member(1)], config))["lembar_disposisi"])
    assert "☑ Proses lebih lanjut" in text and "Admin Agency LPSE Kabupaten Ponorogo" in text
    assert "Mohon segera ditambahkan akun SPSE bagi 1 (satu) orang" in text and text.count("24 November 2026") >= 3


# --- Berita Acara and Slip Kata Sandi ----------------------------------------------------------

def test_the_berita_acara_records_the_account_not_its_password(tmp_path: Path) -> None:
    folder = issue(tmp_path, [member(1), member(2)], config_with(tmp_path))
    note, slip = documents(folder)["serah_terima"], documents(folder)["slip_kata_sandi"]
    text = docx_text(note)
    assert "bertempat di Kantor LPSE Kabupaten Ponorogo" in text
    for who in ("Nama Admin Agency, A.Md.", "19900303 201503 2 003", "Admin Agency LPSE Kabupaten Ponorogo",
                "Pegawai Contoh 1", "19800101 200501 1 001", "Analis Pengadaan Barang/Jasa"):
        assert who in text, who
    assert text.count("Pangkat/Gol.\t: ") == 2 and "Penata Muda Tingkat I, III/b" in text
    assert ("Demikian berita acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua) untuk dipergunakan "
            "sebagaimana mestinya.") in text
    assert "User ID 198001012005011001" in text and "Slip Kata Sandi tertutup" in text
    [password] = re.findall(r"Kata sandi sementara\n(\S{12})", docx_text(slip))
    assert password not in text and password not in docx_text(note.with_name(sorted(
        note.parent.glob("*.docx"))[1].name))
    spaces = [p for p in Document(str(note)).element.body.iter(qn("w:p"))
              if (s := p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")) is not None and s.get(qn("w:lineRule")) == "exact"
              and int(s.get(qn("w:line"))) >= 1417]
    assert len(spaces) == 3, "at least 2.5 cm for each of the three wet signatures"
    blanks = [len(b) for b in re.findall("…+", text)]
    assert len(blanks) == 4 and min(blanks) >= 8 and blanks[-1] >= 16, "room for a date written in words"


def test_the_slip_carries_only_its_members_account_and_the_instruction(tmp_path: Path) -> None:
    folder = issue(tmp_path, [member(1), member(2)], config_with(tmp_path))
    first, second = sorted((folder / "slip_kata_sandi").glob("*.docx"))
    text = docx_text(first)
    assert "SLIP KATA SANDI" in text and "Pegawai Contoh 1" in text and "19800101 200501 1 001" in text
    assert "User ID\n198001012005011001" in text and "https://spse.inaproc.id/ponorogokab" in text
    assert "masuk pertama kali" in text and "000.3.5/001/BA/405.08/2026" in text
    assert "Pegawai Contoh 2" not in text and "19800101 200501 1 002" not in text, "nothing of another member"
    [mine] = re.findall(r"Kata sandi sementara\n(\S{12})", text)
    [theirs] = re.findall(r"Kata sandi sementara\n(\S{12})", docx_text(second))
    assert mine != theirs


# --- numbering, retention, the config's checks -----------------------------------------------

def test_the_three_documents_share_000_3_5_and_one_unit_code(tmp_path: Path) -> None:
    folder = issue(tmp_path, [member(1)], config_with(tmp_path))
    numbers = [re.search(r"NOMOR : (\S+)", docx_text(p)) for p in (documents(folder)["surat_perintah"],
                                                                  documents(folder)["serah_terima"])]
    assert [n.group(1) for n in numbers if n] == ["000.3.5/001/405.08/2026", "000.3.5/001/BA/405.08/2026"]
    assert "000.3.5/001/DISP/405.08/2026" in docx_text(documents(folder)["lembar_disposisi"])


@pytest.mark.parametrize(("changes", "expected"), [
    ({'format = "{kode}/{urut:03d}/DISP/{unit}/{tahun}"': 'format = "{kode}/{urut:03d}/{unit}/{tahun}"'},
     "NOMOR_KEMBAR"),
    ({'[klasifikasi."000.3.5"]': '[klasifikasi."000.3.6"]'}, "RETENSI_TIDAK_ADA"),
    ({"disposisi_terisi = false": "disposisi_terisi = false\nbatas_daftar_langsung = 3"}, "tidak dipakai lagi"),
    ({'kertas = "A4"': 'kertas = "A5"'}, "'halaman.kertas' harus \"A4\""),
    ({"margin_kiri = 3.0": "margin_kiri = 30"}, "'halaman.margin_kiri' harus antara 0.5 dan 6 cm, bukan 30"),
    ({"ukuran_huruf = 12": 'ukuran_huruf = "12"'}, "'halaman.ukuran_huruf' harus berupa bilangan"),
    ({'nomor_halaman = "atas"': 'nomor_halaman = "kanan"'}, "'halaman.nomor_halaman' harus"),
])
def test_a_config_that_would_mislead_the_letters_is_refused_with_its_key(tmp_path: Path, changes: dict[str, str],
                                                                         expected: str) -> None:
    code, out = invoke("config", "--config", str(config_with(tmp_path, **changes)), "--output", str(tmp_path / "o"))
    assert code == 2 and expected in " ".join(out.split()), out


def test_sopgen_config_shows_the_kop_the_page_and_the_retention(tmp_path: Path) -> None:
    config = config_with(tmp_path, **with_lambang(tmp_path), **{'kertas = "A4"': 'kertas = "F4"'})
    code, out = invoke("config", "--config", str(config), "--output", str(tmp_path / "out"))
    assert code == 0, out
    for line in ("Jalan Aloon-Aloon Utara Nomor 9, Ponorogo 63419", "Laman www.ponorogo.go.id, Pos-el",
                 "(170 × 200 piksel, tinggi 2.5 cm di kop)", "Kertas F4 (215 × 330 mm)",
                 "Margin: kiri 3 cm, kanan 2 cm, atas 2 cm, bawah 2.5 cm", "Huruf Arial 12 pt, bahasa Indonesia",
                 "000.3.5 Pengolahan Sistem Informasi Pengadaan: aktif 2 tahun setelah data diperbarui, inaktif "
                 "3 tahun, permanen"):
        assert line in out, line
    assert "LAMBANG_TIDAK_ADA" not in out


def test_rendering_is_the_same_with_the_lambang_on_both_render_paths(tmp_path: Path) -> None:
    from sopgen.config import load_config
    from sopgen.documents import sample_contexts
    from sopgen.dress import dressing_for
    from sopgen.render import Renderer

    config = load_config(config_with(tmp_path, **with_lambang(tmp_path)))
    dressing = dressing_for(config)
    assert dressing.lambang is not None
    for kind, context in sample_contexts(config).items():
        fast = Renderer(config.templates_dir, dressing=dressing).render(kind, context, when=config_date())
        plain = Renderer(config.templates_dir, dressing=dressing, fast=False).render(kind, context, when=config_date())
        with zipfile.ZipFile(io.BytesIO(fast)) as a, zipfile.ZipFile(io.BytesIO(plain)) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml"), kind
            assert a.namelist() == b.namelist() or set(a.namelist()) == set(b.namelist())


def config_date() -> Any:
    from datetime import date

    return date(2026, 11, 24)
