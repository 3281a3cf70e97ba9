"""Build the three Word templates in templates/ with python-docx (a dev tool; clerks edit the .docx).

Layout follows Tata Naskah Dinas (Permendagri 1/2023): kop with a line under it, centred title and
number, label/colon/value blocks, signature block on the right. Run: .venv/bin/python tests/tools/make_templates.py

Pagination (Word and LibreOffice alike): a signature block never stands alone on a page. Its table rows
cannot split, its paragraphs keep with the next, and the last line of content before it (last Untuk
item, last member row, the closing "Demikian ..." line) keeps with it, so a page break moves that line
over with the signature instead of leaving the signature alone.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FONT = "Arial"
SIZE = 11
CENTER, RIGHT, LEFT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)


def new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(1.25), Cm(1.25)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(SIZE)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    props = doc.core_properties
    props.title, props.author, props.comments = title, "sopgen", "Templat sopgen; boleh diubah di Word."
    props.keywords = "sopgen"
    return doc


def para(container, text: str = "", *, bold: bool = False, align=None, size: float | None = None,
         after: float = 0, before: float = 0, underline: bool = False, font: str | None = None,
         indent_cm: float | None = None, hanging_cm: float | None = None, italic: bool = False):
    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.underline, run.italic = bold, underline, italic
        if size:
            run.font.size = Pt(size)
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(before)
    if indent_cm is not None:
        p.paragraph_format.left_indent = Cm(indent_cm)
    if hanging_cm is not None:
        p.paragraph_format.first_line_indent = Cm(-hanging_cm)
    return p


def runs(p, *parts: tuple[str, dict]):
    """Append runs with their own formatting to a paragraph."""
    for text, style in parts:
        run = p.add_run(text)
        run.bold = style.get("bold", False)
        run.underline = style.get("underline", False)
        if "font" in style:
            run.font.name = style["font"]
            run._element.rPr.rFonts.set(qn("w:eastAsia"), style["font"])
        if "size" in style:
            run.font.size = Pt(style["size"])
    return p


def bottom_border(p, size: int = 18, style: str = "thickThinSmallGap") -> None:
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", style), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)


def kop(doc) -> None:
    para(doc, "{{ kantor.pemerintah }}", bold=True, align=CENTER, size=14)
    para(doc, "{%p for u in kantor.unit %}")
    para(doc, "{{ u }}", bold=True, align=CENTER, size=13)
    para(doc, "{%p endfor %}")
    para(doc, "{{ kantor.alamat }}", align=CENTER, size=9)
    last = para(doc, "{{ kantor.telepon }}  {{ kantor.faks }}", align=CENTER, size=9)
    bottom_border(last)
    para(doc, "", size=6)


def table(container, cols: list[float], *, grid: bool = False):
    t = container.add_table(rows=0, cols=len(cols))
    t.autofit = False
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    if grid:
        t.style = "Table Grid"
    t._widths = cols  # remembered for add_row
    for gridcol, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), cols, strict=True):
        gridcol.set(qn("w:w"), str(int(width * 567)))  # twips: LibreOffice sizes columns by the grid
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    return t


def row(t, *texts: str, bold: bool = False, align=None, size: float | None = None):
    r = t.add_row()
    for cell, width, text in zip(r.cells, t._widths, texts, strict=True):
        cell.width = Cm(width)
        p = cell.paragraphs[0]
        if text:
            run = p.add_run(text)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
    return r


def tag_row(t, tag: str):
    """A table row holding only a docxtpl {%tr %} tag (the whole row is replaced by the tag)."""
    return row(t, tag, *[""] * (len(t._widths) - 1))


def cant_split(r) -> None:
    """The row never breaks across two pages."""
    r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_with_next(r, *, but_last: bool = False) -> None:
    """Every paragraph of the row keeps with the next (the row travels with the next row or paragraph).

    `but_last` leaves each cell's last paragraph free: for a table's last row, whose keep would bind
    the whole table to whatever follows it.
    """
    for cell in r.cells:
        paragraphs = cell.paragraphs[:-1] if but_last else cell.paragraphs
        for p in paragraphs:
            p.paragraph_format.keep_with_next = True


def signature(container, *, place_date: bool, jabatan: str, who: str, width_left: float = 8.0,
              tembusan: bool = False):
    t = table(container, [width_left, 8.5])
    lines = []
    if place_date:
        lines += ["Dikeluarkan di\t: {{ kantor.kota }}", "Pada tanggal\t: {{ tanggal }}"]
    r = t.add_row()
    r.cells[0].width, r.cells[1].width = Cm(width_left), Cm(8.5)
    cell = r.cells[1]
    first = True
    for line in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.add_run(line)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(3.2))
    if lines:
        bottom_border(p, size=6, style="single")
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.add_run(jabatan).bold = True
    p.paragraph_format.space_before = Pt(4)
    for _ in range(3):
        cell.add_paragraph()
    p = cell.add_paragraph()
    name = p.add_run("{{ %s.nama }}" % who)
    name.bold, name.underline = True, True
    cell.add_paragraph("{{ %s.pangkat }}" % who)
    cell.add_paragraph("NIP. {{ %s.nip_display }}" % who)
    if tembusan:  # at the foot of the left column, beside the signature: saves the page
        left = r.cells[0]
        left.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        left.paragraphs[0].text = "{%p if tembusan %}"
        p = left.add_paragraph()
        run = p.add_run("Tembusan :")
        run.underline, run.font.size = True, Pt(10)
        left.add_paragraph("{%p for t in tembusan %}")
        p = left.add_paragraph()
        p.add_run("{{ loop.index }}. {{ t }}").font.size = Pt(10)
        left.add_paragraph("{%p endfor %}")
        left.add_paragraph("{%p endif %}")
    cant_split(r)
    keep_with_next(r, but_last=True)
    return t


def numbered_list(doc, label: str, items: str, *, last_keeps_with_next: bool = False) -> None:
    """'Label : 1. item' rows, one per item of the context list, label and colon on the first only.

    `last_keeps_with_next`: the last item travels with what follows (the signature), so the same row
    is written twice, the last item's copy with keep-with-next.
    """
    t = table(doc, [2.3, 0.5, 0.9, 12.8])
    tag_row(t, "{%%tr for item in %s %%}" % items)
    copies = (True, False) if last_keeps_with_next else (False,)
    for keep in copies:
        if last_keeps_with_next:
            tag_row(t, "{%tr if loop.last %}" if keep else "{%tr else %}")
        r = row(t, "{{ '%s' if loop.first else '' }}" % label, "{{ ':' if loop.first else '' }}",
                "{{ loop.index }}.", "{{ item }}")
        cant_split(r)
        if keep:
            keep_with_next(r)
    if last_keeps_with_next:
        tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    for cell in t.columns[3].cells:
        cell.paragraphs[0].alignment = JUSTIFY


def surat_perintah() -> Document:
    doc = new_document("Surat Perintah Penambahan Akun SPSE Pokja Pemilihan")
    kop(doc)
    para(doc, "SURAT PERINTAH", bold=True, align=CENTER, size=12, underline=True)
    para(doc, "NOMOR : {{ nomor }}", align=CENTER, after=8)

    numbered_list(doc, "Dasar", "dasar")

    para(doc, "MEMERINTAHKAN :", bold=True, align=CENTER, before=6, after=6)

    t = table(doc, [2.3, 0.5, 0.9, 12.8])
    tag_row(t, "{%tr if daftar_langsung %}")
    tag_row(t, "{%tr for a in anggota %}")
    r = row(t, "{{ 'Kepada' if loop.first else '' }}", "{{ ':' if loop.first else '' }}",
            "{{ loop.index }}.", "")
    cell = r.cells[3]
    for i, (label, value) in enumerate((("Nama", "{{ a.nama }}"), ("{{ a.nip_label }}", "{{ a.nip_display }}"),
                                        ("Pangkat/Gol.", "{{ a.pangkat_golongan }}"),
                                        ("Jabatan", "{{ a.jabatan }}"))):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(2.8))
        p.paragraph_format.left_indent = Cm(3.1)
        p.paragraph_format.first_line_indent = Cm(-3.1)
        runs(p, (f"{label}\t: ", {}), (value, {"bold": label == "Nama"}))
    cell.paragraphs[-1].paragraph_format.space_after = Pt(2)
    cant_split(r)  # a member's four lines stay together
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr else %}")
    row(t, "Kepada", ":", "",
        "Nama-nama sebagaimana tercantum dalam Lampiran Surat Perintah ini ({{ jumlah }} orang).")
    tag_row(t, "{%tr endif %}")

    numbered_list(doc, "Untuk", "untuk", last_keeps_with_next=True)
    para(doc, "", after=2).paragraph_format.keep_with_next = True

    signature(doc, place_date=True, jabatan="{{ penandatangan.jabatan }}", who="penandatangan",
              tembusan=True)

    para(doc, "{%p if not daftar_langsung %}")
    p = para(doc)
    p.add_run().add_break(WD_BREAK.PAGE)
    t = table(doc, [8.0, 3.0, 0.4, 5.5])
    row(t, "", "LAMPIRAN", ":", "SURAT PERINTAH", size=10)
    row(t, "", "NOMOR", ":", "{{ nomor }}", size=10)
    row(t, "", "TANGGAL", ":", "{{ tanggal }}", size=10)
    para(doc, "DAFTAR ANGGOTA POKJA PEMILIHAN", bold=True, align=CENTER, before=12)
    para(doc, "YANG DIDAFTARKAN SEBAGAI PENGGUNA {{ kantor.aplikasi|upper }}", bold=True,
         align=CENTER, after=8)
    widths = [1.0, 4.2, 4.2, 3.0, 4.1]
    t = table(doc, widths, grid=True)
    header = row(t, "No.", "Nama", "NIP", "Pangkat/Gol.", "Jabatan", bold=True, align=CENTER, size=9.5)
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page of a long list
    header._tr.get_or_add_trPr().append(repeat)
    tag_row(t, "{%tr for a in anggota %}")
    for keep in (True, False):  # the last member's row travels with the signature below the table
        tag_row(t, "{%tr if loop.last %}" if keep else "{%tr else %}")
        member = row(t, "{{ a.no }}", "{{ a.nama }}", "{{ a.nip_display }}",
                     "{{ a.pangkat_golongan }}", "{{ a.jabatan }}", size=9.5)
        cant_split(member)  # a member never spans two pages
        if keep:
            keep_with_next(member)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")
    para(doc, "", after=8).paragraph_format.keep_with_next = True
    signature(doc, place_date=False, jabatan="{{ penandatangan.jabatan }}", who="penandatangan")
    para(doc, "{%p endif %}")
    return doc


def lembar_disposisi() -> Document:
    doc = new_document("Lembar Disposisi Penambahan Akun SPSE")
    kop(doc)
    para(doc, "LEMBAR DISPOSISI", bold=True, align=CENTER, size=13, after=8)
    t = table(doc, [3.6, 0.4, 4.4, 3.4, 0.4, 4.3], grid=True)
    row(t, "Surat dari", ":", "{{ surat.dari }}", "Diterima tanggal", ":", "{{ diterima_tanggal }}")
    row(t, "Nomor surat", ":", "{{ surat.nomor }}", "Nomor agenda", ":", "{{ nomor_agenda }}")
    r = row(t, "Tanggal surat", ":", "{{ surat.tanggal }}", "Sifat", ":", "")
    cell = r.cells[5]
    para_in = cell.paragraphs[0]
    para_in.add_run("{% for s in sifat_pilihan %}{{ '☑' if s.dipilih else '☐' }} {{ s.teks }}"
                    "{% if not loop.last %}\n{% endif %}{% endfor %}")
    r = row(t, "Perihal", ":", "{{ perihal }}", "", "", "")
    merged = r.cells[2].merge(r.cells[5])
    merged.paragraphs[0].text = "{{ perihal }}"
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for tr in t.rows:
        for cell in tr.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_before = Pt(3)
                p.paragraph_format.space_after = Pt(3)

    para(doc, "", after=4)
    t = table(doc, [8.2, 8.3], grid=True)
    r = t.add_row()
    left, right = r.cells
    left.width, right.width = Cm(8.2), Cm(8.3)
    left.paragraphs[0].add_run("Diteruskan kepada Sdr.:").bold = True
    p = left.add_paragraph("{{ diteruskan_kepada }}")
    p.paragraph_format.space_before = Pt(6)
    right.paragraphs[0].add_run("Dengan hormat harap:").bold = True
    right.add_paragraph("{%p for i in instruksi %}")
    p = right.add_paragraph("{{ '☑' if i.dipilih else '☐' }} {{ i.teks }}")
    p.paragraph_format.space_before = Pt(3)
    right.add_paragraph("{%p endfor %}")
    r = t.add_row()
    cell = r.cells[0].merge(r.cells[1])
    cell.paragraphs[0].add_run("Catatan:").bold = True
    p = cell.add_paragraph("{{ catatan }}")
    p.alignment = JUSTIFY
    p.paragraph_format.space_before = Pt(4)
    for _ in range(3):
        cell.add_paragraph()
    para(doc, "", after=8).paragraph_format.keep_with_next = True
    t = table(doc, [8.0, 8.5])
    r = t.add_row()
    cell = r.cells[1]
    cell.paragraphs[0].add_run("{{ tempat_tanggal }}")
    cell.add_paragraph().add_run("{{ penandatangan.jabatan }}").bold = True
    for _ in range(3):
        cell.add_paragraph()
    name = cell.add_paragraph().add_run("{{ penandatangan.nama }}")
    name.bold, name.underline = True, True
    cell.add_paragraph("{{ penandatangan.pangkat }}")
    cell.add_paragraph("NIP. {{ penandatangan.nip_display }}")
    r.cells[0].paragraphs[0].add_run("Paraf penerima disposisi:")
    cant_split(r)
    keep_with_next(r, but_last=True)
    return doc


def serah_terima() -> Document:
    doc = new_document("Berita Acara Serah Terima Akun SPSE")
    kop(doc)
    para(doc, "BERITA ACARA SERAH TERIMA", bold=True, align=CENTER, size=12)
    para(doc, "AKUN {{ kantor.aplikasi|upper }}", bold=True, align=CENTER, size=11)
    para(doc, "NOMOR : {{ nomor }}", align=CENTER, after=6)
    para(doc, "Pada hari ini {{ tanggal_terbilang }}, yang bertanda tangan di bawah ini:",
         align=JUSTIFY, after=4)
    for n, who in enumerate(("pihak_pertama", "anggota"), start=1):
        t = table(doc, [0.8, 3.2, 0.4, 12.1])
        row(t, f"{n}.", "Nama", ":", "{{ %s.nama }}" % who)
        row(t, "", "{{ %s.nip_label }}" % who, ":", "{{ %s.nip_display }}" % who)
        row(t, "", "Jabatan", ":", "{{ %s.jabatan }}" % who)
        if who == "anggota":
            para(doc, "selaku anggota Pokja Pemilihan, selanjutnya disebut PIHAK KEDUA.", after=3,
                 indent_cm=0.8)
        else:
            para(doc, "selaku Admin Agency {{ kantor.nama_lpse }}, selanjutnya disebut PIHAK PERTAMA.",
                 after=3, indent_cm=0.8)
    para(doc,
         "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA akun {{ kantor.aplikasi }} yang dibuat "
         "berdasarkan Surat Perintah Nomor {{ surat_perintah.nomor }} tanggal "
         "{{ surat_perintah.tanggal }}, dengan data pengguna sebagai berikut (mohon diperiksa):",
         align=JUSTIFY, after=4)
    t = table(doc, [0.8, 5.0, 10.7], grid=True)
    fields = [("Nama", "anggota.nama"), ("{{ anggota.nip_label }}", "anggota.nip_display"),
              ("Alamat Instansi", "anggota.alamat_instansi"), ("No. Telepon", "anggota.telepon"),
              ("Email", "anggota.email"), ("Pangkat/Golongan", "anggota.pangkat_golongan"),
              ("Jabatan", "anggota.jabatan"), ("Nomor Sertifikat PBJ", "anggota.no_sertifikat_pbj"),
              ("Nomor SK Pokja", "anggota.no_sk_pokja")]
    for i, (label, var) in enumerate(fields, start=1):
        row(t, f"{i}.", label, "{{ %s }}" % var, size=10)
    para(doc, "Kode akses untuk masuk ke aplikasi:", before=4, after=2)
    t = table(doc, [5.8, 10.7], grid=True)
    r = row(t, "User ID", "", size=10.5)
    runs(r.cells[1].paragraphs[0], ("{{ user_id }}", {"font": "Courier New", "bold": True, "size": 11}))
    r = row(t, "Kata sandi sementara", "", size=10.5)
    runs(r.cells[1].paragraphs[0],
         ("{% if kata_sandi %}{{ kata_sandi }}{% else %}........................{% endif %}",
          {"font": "Courier New", "bold": True, "size": 12}))
    row(t, "Alamat aplikasi", "{{ alamat_spse }}", size=10.5)
    row(t, "Dikirim ke nomor", "{{ anggota.telepon }}", size=10.5)
    para(doc, "", after=2)
    para(doc,
         "Kata sandi di atas hanya sementara. PIHAK KEDUA wajib menggantinya pada saat masuk "
         "pertama kali, tidak memberitahukannya kepada siapa pun, dan bertanggung jawab atas "
         "penggunaan akun tersebut.", align=JUSTIFY, after=4, size=10.5, italic=True)
    closing = para(doc, "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.",
                   align=JUSTIFY, after=4)
    closing.paragraph_format.keep_with_next = True
    # Both parties' signatures and the Mengetahui block are two unsplittable rows of one table, the
    # first keeping with the second: the three signatures and the closing line share a page.
    t = table(doc, [8.2, 8.3])
    r = t.add_row()
    for cell, (title, who) in zip(r.cells, (("PIHAK KEDUA,", "anggota"),
                                            ("PIHAK PERTAMA,", "pihak_pertama")), strict=True):
        cell.width = Cm(8.2)
        p = cell.paragraphs[0]
        p.alignment = CENTER
        p.add_run("Yang menerima," if who == "anggota" else "Yang menyerahkan,")
        p = cell.add_paragraph(title)
        p.alignment = CENTER
        for _ in range(2):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = CENTER
        name = p.add_run("{{ %s.nama }}" % who)
        name.bold, name.underline = True, True
        p = cell.add_paragraph("{{ %s.nip_label }}. {{ %s.nip_display }}" % (who, who))
        p.alignment = CENTER
    cant_split(r)
    keep_with_next(r)
    r = t.add_row()
    cell = r.cells[0].merge(r.cells[1])
    p = cell.paragraphs[0]
    p.add_run("Mengetahui,")
    p.paragraph_format.space_before = Pt(2)
    cell.add_paragraph().add_run("{{ mengetahui.jabatan }}").bold = True
    for _ in range(2):
        cell.add_paragraph()
    name = cell.add_paragraph().add_run("{{ mengetahui.nama }}")
    name.bold, name.underline = True, True
    cell.add_paragraph("NIP. {{ mengetahui.nip_display }}")
    for p in cell.paragraphs:
        p.alignment = CENTER
    cant_split(r)
    keep_with_next(r, but_last=True)
    return doc


if __name__ == "__main__":
    for name, build in (("surat_perintah", surat_perintah), ("lembar_disposisi", lembar_disposisi),
                        ("serah_terima", serah_terima)):
        build().save(TEMPLATES / f"{name}.docx")
        print(f"wrote templates/{name}.docx")
