"""Build the four Word templates in templates/ with python-docx (a dev tool; clerks edit the .docx).

Layout follows Tata Naskah Dinas (Permendagri 1/2023 and the Perbup built on it): the kop (lambang,
government, unit as the largest line, address with kode pos, telephone, faksimile, laman, pos-el, a
double line under it) in the first page's header; page numbers "- 2 -" centred at the top from page 2
on; centred title and number; label/colon/value blocks; the signature block on the right with at
least 2.5 cm for the wet signature. The page itself (paper, margins, body font and size, language)
and the lambang are the office's config: sopgen dresses every template with them when it prepares
it (sopgen/dress.py), so these templates carry A4 and Arial 12 only as the defaults.

Pagination (Word and LibreOffice alike): a signature block never stands alone on a page. Its table rows
cannot split, its paragraphs keep with the next, and the last line of content before it (last Untuk
item, last member row, the closing "Demikian ..." line) keeps with it, so a page break moves that line
over with the signature instead of leaving the signature alone.

Run: .venv/bin/python tests/tools/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
KINDS = ("surat_perintah", "lembar_disposisi", "serah_terima", "slip_kata_sandi")
FONT = "Arial"
SIZE = 12
PAGE = (21.0, 29.7)  # A4; sopgen sets the office's paper and margins when it prepares a template
MARGINS = {"top": 2.0, "right": 2.0, "bottom": 2.5, "left": 3.0}
WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]  # 16 cm of text
LANDSCAPE_WIDTH = PAGE[1] - MARGINS["left"] - MARGINS["right"]
CELL_MARGINS = 0.38  # Word's default left + right cell margins
SIGNATURE_SPACE = 2.5  # cm left empty for each wet signature
CENTER, RIGHT, LEFT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
KOP_STYLE, LINE_STYLE = "Kop Surat", "Garis Kop"
ZWSP = "\u200b"


# --- the document, its kop and its page numbers -------------------------------------------------

def new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
    section.top_margin, section.bottom_margin = Cm(MARGINS["top"]), Cm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS["left"]), Cm(MARGINS["right"])
    section.header_distance, section.footer_distance = Cm(0.8), Cm(1.2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(SIZE)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
    kop_style = doc.styles.add_style(KOP_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    kop_style.base_style = style
    kop_style.paragraph_format.alignment = CENTER
    line_style = doc.styles.add_style(LINE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    line_style.base_style = style
    line_style.font.size = Pt(2)
    line_style.paragraph_format.space_after = Pt(5)
    bottom_border(line_style.element.get_or_add_pPr(), size=18, style="thickThinSmallGap")
    props = doc.core_properties
    props.title, props.author, props.comments = title, "sopgen", "Templat sopgen; boleh diubah di Word."
    props.keywords = "sopgen"
    kop(section)
    page_numbers(section)
    return doc


def kop(section) -> None:
    """The kop on the first page's header; the lambang is placed left of it when sopgen dresses the
    template (the Kop Surat style then indents the text right of the image)."""
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    first = header.paragraphs[0]
    lines = [("{{ kantor.pemerintah }}", 13, True), ("{%p for u in kantor.unit %}", None, False),
             ("{{ u }}", 15, True), ("{%p endfor %}", None, False),
             ("{{ kantor.alamat_lengkap }}", 9.5, False), ("{%p for baris in kantor.kontak %}", None, False),
             ("{{ baris }}", 9.5, False), ("{%p endfor %}", None, False)]
    for i, (text, size, bold) in enumerate(lines):
        p = first if i == 0 else header.add_paragraph()
        p.style = KOP_STYLE
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    header.add_paragraph(style=LINE_STYLE)


def page_numbers(section) -> None:
    """'- 2 -' centred at the top from page 2 on (the first page has the kop); an empty footer where
    the config may move it (nomor_halaman = "bawah")."""
    section.header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    p.add_run("- ")
    field(p, "PAGE", "2")
    p.add_run(" -")
    section.footer.is_linked_to_previous = False
    section.footer.paragraphs[0].alignment = CENTER


def field(p, instruction: str, shown: str) -> None:
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", shown),
                       ("end", None)):
        run = p.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        elif kind == "text":
            run.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


# --- building blocks ---------------------------------------------------------------------------

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


# Child order Word insists on (ECMA-376) for the properties this builder adds.
SEQUENCES = {
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
}


def add_property(parent, element) -> None:
    """Insert a property element where the schema orders it among its siblings."""
    sequence = SEQUENCES[parent.tag.split("}")[1]]
    name = element.tag.split("}")[1]
    later = sequence[sequence.index(name) + 1:]
    for i, child in enumerate(parent):
        if child.tag.split("}")[1] in later:
            parent.insert(i, element)
            return
    parent.append(element)


def bottom_border(ppr, size: int = 18, style: str = "thickThinSmallGap") -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", style), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    add_property(ppr, border)


def table(container, cols: list[float], *, grid: bool = False):
    t = container.add_table(rows=0, cols=len(cols))
    t.autofit = False
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    if grid:
        t.style = "Table Grid"
    t._widths = cols  # remembered for add_row
    for gridcol, width in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), cols, strict=True):
        gridcol.set(qn("w:w"), str(int(width * 567)))  # twips: LibreOffice sizes columns by the grid
    return t  # autofit off: python-docx has written the fixed layout


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
    add_property(r._tr.get_or_add_trPr(), OxmlElement("w:cantSplit"))


def repeat_header(r) -> None:
    """The row repeats at the top of every page the table runs onto."""
    add_property(r._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"))


def keep_with_next(r, *, but_last: bool = False) -> None:
    """Every paragraph of the row keeps with the next (the row travels with the next row or paragraph).

    `but_last` leaves each cell's last paragraph free: for a table's last row, whose keep would bind
    the whole table to whatever follows it.
    """
    for cell in r.cells:
        paragraphs = cell.paragraphs[:-1] if but_last else cell.paragraphs
        for p in paragraphs:
            p.paragraph_format.keep_with_next = True


def cell_borders(cell, **sides: str) -> None:
    """Borders on one cell only (a box for a paraf); sides not named have none."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), sides.get(side, "nil"))
        if sides.get(side, "nil") != "nil":
            element.set(qn("w:sz"), "6")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    add_property(tcpr, borders)


def signature_space(cell, keep: bool = True):
    """An empty line exactly 2.5 cm tall: room for a wet signature and the stamp."""
    p = cell.add_paragraph()
    p.paragraph_format.line_spacing = Cm(SIGNATURE_SPACE)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    p.paragraph_format.keep_with_next = keep
    return p


def dots_to_the_end(p, width_cm: float) -> None:
    """A tab whose dots run to the end of the line. The zero-width space after it: LibreOffice draws a
    table cell's trailing tab leader only when something follows the tab."""
    p.add_run().add_tab()
    p.add_run(ZWSP)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(width_cm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def ruled_line(container, width_cm: float, text: str = "", *, height_cm: float = 0.75):
    """A line for handwriting: the text (if any), then dots to the end of the line."""
    p = container.add_paragraph()
    if text:
        p.add_run(text)
    dots_to_the_end(p, width_cm)
    p.paragraph_format.line_spacing = Cm(height_cm)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    return p


def signature(container, *, jabatan: str, who: str, width: float, place_date: bool = False):
    """The signer's block in the right half: (place and date,) jabatan and comma, 2.5 cm, full name as
    the config writes it, pangkat, NIP."""
    right = 8.5
    t = table(container, [width - right, right])
    r = t.add_row()
    r.cells[0].width, r.cells[1].width = Cm(width - right), Cm(right)
    cell = r.cells[1]
    p = cell.paragraphs[0]
    if place_date:
        for i, line in enumerate(("Dikeluarkan di\t: {{ kantor.kota }}", "pada tanggal\t: {{ tanggal }}")):
            p = p if i == 0 else cell.add_paragraph()
            p.add_run(line)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(3.2))
        bottom_border(p._p.get_or_add_pPr(), size=6, style="single")
        p = cell.add_paragraph()
        p.paragraph_format.space_before = Pt(4)
    p.add_run(jabatan + ",").bold = True
    signature_space(cell)
    name = cell.add_paragraph().add_run("{{ %s.nama }}" % who)
    name.bold, name.underline = True, True
    cell.add_paragraph("{{ %s.pangkat }}" % who)
    cell.add_paragraph("NIP. {{ %s.nip_display }}" % who)
    cant_split(r)
    keep_with_next(r, but_last=True)
    return t


def numbered_list(doc, label: str, items: str, *, then=None) -> None:
    """'Label : 1. item' rows, one per item of the context list, label and colon on the first only.

    `then(cell)` fills what must follow the last item on its page (the signature): the last item and it
    become one row that cannot split (see `last_row_carrying`).
    """
    widths = [2.3, 0.5, 0.9, WIDTH - 3.7]
    t = table(doc, widths)

    def item_row(target):
        r = row(target, "{{ '%s' if loop.first else '' }}" % label, "{{ ':' if loop.first else '' }}",
                "{{ loop.index }}.", "{{ item }}")
        cant_split(r)
        r.cells[3].paragraphs[0].paragraph_format.space_after = Pt(2)
        r.cells[3].paragraphs[0].alignment = JUSTIFY

    tag_row(t, "{%%tr for item in %s %%}" % items)
    if then is None:
        item_row(t)
    else:
        tag_row(t, "{%tr if not loop.last %}")
        item_row(t)
        tag_row(t, "{%tr else %}")
        last_row_carrying(t, widths, item_row, then)
        tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")


def last_row_carrying(t, widths: list[float], fill, then, *, grid: bool = False) -> None:
    """The table's last item and what must follow it (a signature) as one row that cannot split, so
    the signature never stands alone on a page, in Word or in LibreOffice (which honours no
    keep-with-next out of a table that runs over pages). Inside the row, the item is a table of the
    same columns (`fill` writes its row), then `then(cell)` writes the rest."""
    last = t.add_row()
    cell = last.cells[0].merge(last.cells[-1])
    cell_borders(cell, top="single" if grid else "nil")
    cell_margins(cell, 0)
    nested = table(cell, widths, grid=grid)
    cell._tc.remove(cell.paragraphs[0]._p)  # the merged cell's empty first line: the row starts with the table
    fill(nested)
    if grid:
        table_borders(nested, top="nil")
    cell.paragraphs[0].paragraph_format.space_after = Pt(8)  # python-docx's line after a nested table
    then(cell)
    cant_split(last)


def identity_lines(cell, who: str, *, indent: float = 3.6) -> None:
    """Nama, NIP, Pangkat/Gol. and Jabatan of one person, label and colon aligned by a tab."""
    fields = (("Nama", f"{{{{ {who}.nama }}}}"), (f"{{{{ {who}.nip_label }}}}", f"{{{{ {who}.nip_display }}}}"),
              ("Pangkat/Gol.", f"{{{{ {who}.pangkat_golongan }}}}"), ("Jabatan", f"{{{{ {who}.jabatan }}}}"))
    for i, (label, value) in enumerate(fields):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Cm(indent - 0.3))
        p.paragraph_format.left_indent = Cm(indent)
        p.paragraph_format.first_line_indent = Cm(-indent)
        runs(p, (f"{label}\t: ", {}), (value, {"bold": label == "Nama"}))


# --- Surat Perintah ----------------------------------------------------------------------------

def surat_perintah() -> Document:
    doc = new_document("Surat Perintah Penambahan Akun SPSE Pokja Pemilihan")
    para(doc, "SURAT PERINTAH", bold=True, align=CENTER, size=14)
    para(doc, "NOMOR : {{ nomor }}", align=CENTER, after=12)

    numbered_list(doc, "Dasar", "dasar")

    para(doc, "MEMERINTAHKAN :", bold=True, align=CENTER, before=10, after=10)

    t = table(doc, [2.3, 0.5, WIDTH - 2.8])
    r = row(t, "Kepada", ":", "")
    identity_lines(r.cells[2], "kepada", indent=3.3)
    r.cells[2].paragraphs[-1].paragraph_format.space_after = Pt(8)
    cant_split(r)

    def signature_and_tembusan(cell) -> None:
        signature(cell, place_date=True, jabatan="{{ penandatangan.jabatan }}", who="penandatangan",
                  width=WIDTH)
        # Tembusan below the signature, at the left margin (Tata Naskah Dinas).
        cell.add_paragraph("{%p if tembusan %}")
        p = cell.add_paragraph()
        p.add_run("Tembusan :").underline = True
        p.paragraph_format.space_before = Pt(6)
        cell.add_paragraph("{%p for t in tembusan %}")
        p = cell.add_paragraph("{{ loop.index }}. {{ t }}")
        p.paragraph_format.left_indent, p.paragraph_format.first_line_indent = Cm(0.5), Cm(-0.5)
        cell.add_paragraph("{%p endfor %}")
        cell.add_paragraph("{%p endif %}")

    numbered_list(doc, "Untuk", "untuk", then=signature_and_tembusan)
    lampiran(doc)
    return doc


def lampiran(doc) -> None:
    """The members in a landscape section of their own: columns sized to their content, the header
    row on every page, each member's row whole, the last one travelling with the signature."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    end_of_letter = doc.element.body.findall(qn("w:p"))[-1]  # holds the letter's section: keep it tiny
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    rpr.append(size)
    add_property(end_of_letter.get_or_add_pPr(), rpr)
    section = doc.sections[-1]
    section.different_first_page_header_footer = False
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE[1]), Cm(PAGE[0])
    width = LANDSCAPE_WIDTH
    t = table(doc, [width - 9.8, 2.8, 0.4, 6.6])
    row(t, "", "LAMPIRAN", ":", "SURAT PERINTAH")
    row(t, "", "NOMOR", ":", "{{ nomor }}")
    row(t, "", "TANGGAL", ":", "{{ tanggal }}")
    para(doc, "DAFTAR ANGGOTA POKJA PEMILIHAN YANG DITAMBAHKAN", bold=True, align=CENTER, before=12)
    para(doc, "SEBAGAI PENGGUNA {{ kantor.aplikasi|upper }}", bold=True, align=CENTER, after=8)
    widths = [1.3, 7.3, 4.8, 4.8, width - 18.2]
    t = table(doc, widths, grid=True)
    header = row(t, "No.", "Nama", "NIP / NI PPPK", "Pangkat/Golongan", "Jabatan", bold=True, align=CENTER,
                 size=11)
    repeat_header(header)
    cant_split(header)
    tag_row(t, "{%tr for a in anggota %}")
    tag_row(t, "{%tr if not loop.last %}")
    member_row(t)
    tag_row(t, "{%tr else %}")

    def lampiran_signature(cell) -> None:
        signature(cell, jabatan="{{ penandatangan.jabatan }}", who="penandatangan", width=width)

    last_row_carrying(t, widths, member_row, lampiran_signature, grid=True)
    tag_row(t, "{%tr endif %}")
    tag_row(t, "{%tr endfor %}")


def member_row(t):
    r = row(t, "{{ a.no }}.", "{{ a.nama }}", "{{ a.nip_display }}", "{{ a.pangkat_golongan }}", "{{ a.jabatan }}",
            size=11)
    r.cells[0].paragraphs[0].alignment = CENTER
    cant_split(r)  # a member never spans two pages
    return r


def cell_margins(cell, cm: float) -> None:
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(cm * 567)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    add_property(cell._tc.get_or_add_tcPr(), margins)


def table_borders(t, **sides: str) -> None:
    """Override some of a table's style borders ('nil' removes one)."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        value = sides.get(side, "single")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "auto")
        borders.append(element)
    add_property(t._tbl.tblPr, borders)


# --- Lembar Disposisi --------------------------------------------------------------------------

def lembar_disposisi() -> Document:
    """A form the Kepala LPSE fills in by hand; sopgen prints only the incoming letter's data (or,
    with [surat] disposisi_terisi = true, the whole disposition as the office usually gives it)."""
    doc = new_document("Lembar Disposisi Penambahan Akun SPSE")
    para(doc, "LEMBAR DISPOSISI", bold=True, align=CENTER, size=14, after=10)
    label = 4.0
    t = table(doc, [label, WIDTH - label], grid=True)
    for name, value in (("Surat dari", "{{ surat.dari }}"), ("Nomor surat", "{{ surat.nomor }}"),
                        ("Tanggal surat", "{{ surat.tanggal }}"), ("Perihal", "{{ perihal }}"),
                        ("Nomor agenda", "{{ nomor_agenda }}")):
        row(t, name, value)
    r = row(t, "Diterima tanggal", "")
    hand_or_text(r.cells[1].paragraphs[0], "diterima_tanggal", WIDTH - label - CELL_MARGINS - 0.1)
    r = row(t, "Sifat", "")
    r.cells[1].paragraphs[0].add_run("{% for s in sifat_pilihan %}{{ '☑' if s.dipilih else '☐' }} {{ s.teks }}"
                                     "{% if not loop.last %}      {% endif %}{% endfor %}")
    for tr in t.rows:
        for cell in tr.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_before = Pt(3)
                p.paragraph_format.space_after = Pt(3)

    para(doc, "", after=6)
    half = WIDTH / 2
    t = table(doc, [half, half], grid=True)
    r = t.add_row()
    left, right = r.cells
    left.width, right.width = Cm(half), Cm(half)
    left.paragraphs[0].add_run("Diteruskan kepada Sdr.:").bold = True
    left.add_paragraph("{%p for baris in diteruskan_kepada %}")
    ruled_line(left, half - CELL_MARGINS - 0.1, "{{ loop.index }}. {{ baris }}")
    left.add_paragraph("{%p endfor %}")
    right.paragraphs[0].add_run("Dengan hormat harap:").bold = True
    right.add_paragraph("{%p for i in instruksi %}")
    p = right.add_paragraph("{{ '☑' if i.dipilih else '☐' }} {{ i.teks }}")
    p.paragraph_format.space_before = Pt(3)
    right.add_paragraph("{%p endfor %}")
    p = ruled_line(right, half - CELL_MARGINS - 0.1, "☐ ")
    r = t.add_row()
    cell = r.cells[0].merge(r.cells[1])
    cell.paragraphs[0].add_run("Catatan:").bold = True
    cell.add_paragraph("{%p for baris in catatan %}")
    p = ruled_line(cell, WIDTH - CELL_MARGINS - 0.1, "{{ baris }}")
    p.alignment = JUSTIFY
    cell.add_paragraph("{%p endfor %}")
    cell.add_paragraph().paragraph_format.space_after = Pt(2)

    para(doc, "", after=6).paragraph_format.keep_with_next = True
    box, block = 3.2, 10.5
    t = table(doc, [WIDTH - block, block - box, box])
    r = t.add_row()
    for c, width in zip(r.cells, t._widths, strict=True):
        c.width = Cm(width)
    cell = r.cells[1]
    p = cell.paragraphs[0]
    p.add_run("Tanggal : ")
    hand_or_text(p, "tanggal_disposisi", block - box - CELL_MARGINS - 0.3)
    cell.add_paragraph().add_run("{{ penandatangan.jabatan }},").bold = True
    signature_space(cell)
    name = cell.add_paragraph().add_run("{{ penandatangan.nama }}")
    name.bold, name.underline = True, True
    cell.add_paragraph("NIP. {{ penandatangan.nip_display }}")
    paraf = r.cells[2]
    paraf.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    paraf.paragraphs[0].add_run("Paraf").font.size = Pt(9)
    paraf.paragraphs[0].alignment = CENTER
    cell_borders(paraf, top="single", left="single", bottom="single", right="single")
    r.height, r.height_rule = Cm(2.4), WD_ROW_HEIGHT_RULE.AT_LEAST
    cant_split(r)
    keep_with_next(r, but_last=True)
    return doc


def hand_or_text(p, name: str, width_cm: float) -> None:
    """The value when sopgen fills it in; otherwise dots to the end of the line, for the hand."""
    p.add_run("{%% if %s %%}{{ %s }}{%% else %%}" % (name, name))
    dots_to_the_end(p, width_cm)
    p.add_run("{% endif %}")


# --- Berita Acara Serah Terima -----------------------------------------------------------------

def serah_terima() -> Document:
    """The paper both parties sign and the LPSE archives: the account (user ID) handed over, never the
    password, which goes on the member's Slip Kata Sandi. One page with its three signatures."""
    doc = new_document("Berita Acara Serah Terima Akun SPSE")
    para(doc, "BERITA ACARA SERAH TERIMA AKUN {{ kantor.aplikasi_singkat|upper }}", bold=True, align=CENTER)
    para(doc, "NOMOR : {{ nomor }}", align=CENTER, after=5)
    para(doc, "Pada hari ini {{ tanggal_terbilang }}, bertempat di {{ tempat }}, yang bertanda tangan di "
              "bawah ini:", align=JUSTIFY, after=4)
    for n, (who, role) in enumerate((("pihak_pertama", "selanjutnya disebut PIHAK PERTAMA;"),
                                     ("anggota", "selaku anggota Pokja Pemilihan, selanjutnya disebut "
                                                 "PIHAK KEDUA.")), start=1):
        t = table(doc, [0.9, WIDTH - 0.9])
        r = row(t, f"{n}.", "")
        identity_lines(r.cells[1], who)
        p = r.cells[1].add_paragraph(role)
        p.paragraph_format.space_after = Pt(4)
    p = para(doc, "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA akun {{ kantor.aplikasi_singkat }} dengan User ID ",
             align=JUSTIFY, after=6)
    runs(p, ("{{ user_id }}", {"font": "Courier New", "bold": True}),
         (" sesuai Surat Perintah Nomor {{ surat_perintah.nomor }} tanggal {{ surat_perintah.tanggal }}; PIHAK "
          "KEDUA menerimanya dan bertanggung jawab atas penggunaannya. Kata sandi sementara diserahkan "
          "terpisah dalam Slip Kata Sandi tertutup hanya kepada PIHAK KEDUA dan wajib diganti saat masuk pertama kali.",
          {}))
    # A reissued note (sopgen letters --reissue-nip) names the note it replaces; a first note has no trace
    # of this paragraph ({%p %} removes its own paragraphs).
    para(doc, "{%p if menggantikan %}")
    para(doc, "Berita acara ini menggantikan Berita Acara Serah Terima Nomor {{ menggantikan.nomor }} tanggal "
              "{{ menggantikan.tanggal }}, yang dengan ini dinyatakan tidak berlaku lagi.", align=JUSTIFY, after=6)
    para(doc, "{%p endif %}")
    closing = para(doc, "Demikian berita acara ini dibuat dengan sebenarnya dalam rangkap 2 (dua) untuk "
                        "dipergunakan sebagaimana mestinya.", align=JUSTIFY, after=4)
    closing.paragraph_format.keep_with_next = True
    # Both parties' signatures and the Mengetahui block are two unsplittable rows of one table, the
    # first keeping with the second: the three signatures and the closing line share a page.
    half = WIDTH / 2
    t = table(doc, [half, half])
    r = t.add_row()
    for cell, (title, who) in zip(r.cells, (("PIHAK KEDUA,", "anggota"), ("PIHAK PERTAMA,", "pihak_pertama")),
                                  strict=True):
        cell.width = Cm(half)
        cell.paragraphs[0].add_run(title).bold = True
        signature_space(cell)
        name = cell.add_paragraph().add_run("{{ %s.nama }}" % who)
        name.bold, name.underline = True, True
        cell.add_paragraph("{{ %s.nip_label }}. {{ %s.nip_display }}" % (who, who))
        for p in cell.paragraphs:
            p.alignment = CENTER
    cant_split(r)
    keep_with_next(r)
    r = t.add_row()
    cell = r.cells[0].merge(r.cells[1])
    p = cell.paragraphs[0]
    p.add_run("Mengetahui, ")
    p.add_run("{{ mengetahui.jabatan }},").bold = True
    p.paragraph_format.space_before = Pt(3)
    signature_space(cell)
    name = cell.add_paragraph().add_run("{{ mengetahui.nama }}")
    name.bold, name.underline = True, True
    cell.add_paragraph("NIP. {{ mengetahui.nip_display }}")
    for p in cell.paragraphs:
        p.alignment = CENTER
    cant_split(r)
    keep_with_next(r, but_last=True)
    return doc


# --- Slip Kata Sandi ---------------------------------------------------------------------------

def slip_kata_sandi() -> Document:
    """The member's own temporary password, on paper that never goes into the archive."""
    doc = new_document("Slip Kata Sandi Akun SPSE")
    para(doc, "SLIP KATA SANDI", bold=True, align=CENTER, size=14)
    para(doc, "AKUN {{ kantor.aplikasi|upper }}", bold=True, align=CENTER)
    para(doc, "RAHASIA: hanya untuk anggota Pokja Pemilihan yang namanya tertulis di bawah ini", bold=True,
         align=CENTER, before=6, after=10)
    t = table(doc, [5.0, WIDTH - 5.0], grid=True)
    row(t, "Nama", "{{ anggota.nama }}")
    row(t, "{{ anggota.nip_label }}", "{{ anggota.nip_display }}")
    r = row(t, "User ID", "")
    runs(r.cells[1].paragraphs[0], ("{{ user_id }}", {"font": "Courier New", "bold": True, "size": 14}))
    r = row(t, "Kata sandi sementara", "")
    p = r.cells[1].paragraphs[0]
    runs(p, ("{% if kata_sandi %}{{ kata_sandi }}{% else %}", {"font": "Courier New", "bold": True, "size": 18}))
    dots_to_the_end(p, WIDTH - 5.0 - CELL_MARGINS - 0.1)
    p.add_run("{% endif %}")
    r.height, r.height_rule = Cm(1.4), WD_ROW_HEIGHT_RULE.AT_LEAST
    r.cells[1].vertical_alignment = r.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    row(t, "Alamat aplikasi", "{{ kantor.alamat_spse }}")
    row(t, "Berita acara", "Nomor {{ serah_terima.nomor }}")
    for tr in t.rows:
        for cell in tr.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(3)
            cell.paragraphs[0].paragraph_format.space_after = Pt(3)
    para(doc, "{%p if menggantikan %}")
    para(doc, "Slip ini menggantikan slip Berita Acara Nomor {{ menggantikan.nomor }} tanggal "
              "{{ menggantikan.tanggal }}: kata sandi sementara pada slip lama tidak berlaku lagi.", bold=True,
         align=JUSTIFY, before=8)
    para(doc, "{%p endif %}")
    para(doc, "Petunjuk:", bold=True, before=12, after=2)
    for n, text in enumerate((
        "Buka {{ kantor.alamat_spse }}, lalu masuk dengan User ID dan kata sandi sementara di atas.",
        "Saat Anda masuk pertama kali, {{ kantor.aplikasi_singkat }} meminta kata sandi baru: gantilah dengan "
        "kata sandi yang hanya Anda ketahui.",
        "Jangan memberitahukan kata sandi kepada siapa pun, termasuk petugas {{ kantor.nama_lpse }}.",
        "Hancurkan slip ini setelah kata sandi diganti.",
    ), start=1):
        p = para(doc, f"{n}.\t{text}", align=JUSTIFY, indent_cm=0.7, hanging_cm=0.7, after=3)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(0.7))
    para(doc, "{{ tempat_tanggal }}", align=RIGHT, before=12)
    return doc


def build(kind: str) -> bytes:
    """The template's bytes, the same on every run (fixed zip times and document properties)."""
    import io
    import sys
    from datetime import date

    sys.path.insert(0, str(TEMPLATES.parent))
    from sopgen.docxzip import deterministic_docx

    out = io.BytesIO()
    globals()[kind]().save(out)
    return deterministic_docx(out.getvalue(), date(2026, 1, 1))


if __name__ == "__main__":
    for kind in KINDS:
        (TEMPLATES / f"{kind}.docx").write_bytes(build(kind))
        print(f"wrote templates/{kind}.docx")
