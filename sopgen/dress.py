"""Dress a Word template in the office's page, once when it is prepared: paper, margins, body font and
size, the Indonesian language tag, page numbers and the lambang daerah on the kop.

`dress` is a pure function of the template's bytes, the page setup and the lambang's bytes, so every
document rendered from a dressed template (by docxtpl or by the fast path) is deterministic, and the
image is placed once per template, not once per letter.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .docxzip import FIXED_ZIP_TIME
from .lambang import LambangImage, read_lambang
from .letterhead import PageSetup

if TYPE_CHECKING:
    from .config import Config

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
SETTINGS = "word/settings.xml"
CONTENT_TYPES = "[Content_Types].xml"
LANGUAGE = "id-ID"
KOP_STYLE = "KopSurat"  # the kop's text paragraphs: indented right of the lambang when there is one
LAMBANG_GAP_CM = 0.4
LAMBANG_REL_ID = "rIdSopgenLambang"
LAMBANG_DOCPR_ID = "90001"
FULL_WIDTH = 0.97  # a table this close to the text width is a full-width table: it follows the margins
TWIPS_PER_CM = 1440 / 2.54
EMU_PER_CM = 360000

# Element order Word insists on (ECMA-376), for the children this module adds.
SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
                "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")


@dataclass(frozen=True)
class Dressing:
    page: PageSetup
    lambang: LambangImage | None = None


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def twips(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


# --- dressing a template -----------------------------------------------------------------------

def dress(data: bytes, dressing: Dressing) -> bytes:
    """The template with the office's page, font, language, page numbers and lambang."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        order = z.namelist()
        parts = {name: z.read(name) for name in order}
    xml = {name: etree.fromstring(parts[name]) for name in (DOCUMENT, STYLES, SETTINGS) if name in parts}
    page = dressing.page
    first = _dress_sections(xml[DOCUMENT], page)
    _dress_fonts(xml[STYLES], page)
    if SETTINGS in xml:
        for lang in xml[SETTINGS].iter(w("themeFontLang")):
            lang.set(w("val"), LANGUAGE)
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    headers = {kind: _part_of(first, "headerReference", kind, rels) for kind in ("first", "default")}
    footer = _part_of(first, "footerReference", "default", rels)
    for name in filter(None, [*headers.values(), footer]):
        xml[name] = etree.fromstring(parts[name])
    if headers["default"]:
        _place_page_numbers(xml[headers["default"]], xml.get(footer) if footer else None, page.page_numbers)
    added: dict[str, bytes] = {}
    if dressing.lambang is not None and headers["first"]:
        added = _place_lambang(xml, parts, headers["first"], dressing.lambang, page)
    for name, root in xml.items():
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts.update(added)
    return _zip(parts, [*order, *sorted(n for n in added if n not in order)])


def _zip(parts: dict[str, bytes], order: list[str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, parts[name], compresslevel=6)
    return out.getvalue()


def _insert(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """Put `child` where the schema wants it among `parent`'s children (replacing one of its name)."""
    name = child.tag.split("}")[1]
    for old in parent.findall(w(name)):
        parent.remove(old)
    rank = order.index(name)
    for i, existing in enumerate(parent):
        other = existing.tag.split("}")[1] if isinstance(existing.tag, str) else ""
        if other in order and order.index(other) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _element(name: str, **attributes: str) -> Any:
    from lxml import etree

    element = etree.Element(w(name))
    for key, value in attributes.items():
        element.set(w(key), value)
    return element


def _sections(document: Any) -> list[tuple[Any, list[Any]]]:
    """Each section's sectPr with the body tables in it, in order."""
    body = document.find(w("body"))
    found, tables = [], []
    for child in body:
        if child.tag == w("tbl"):
            tables.append(child)
        elif child.tag == w("p"):
            sect = child.find(f"{w('pPr')}/{w('sectPr')}")
            if sect is not None:
                found.append((sect, tables))
                tables = []
        elif child.tag == w("sectPr"):
            found.append((child, tables))
    return found


def _dress_sections(document: Any, page: PageSetup) -> Any:
    """Paper and margins on every section (each keeps its orientation); full-width tables follow the
    new text width; page numbers start on page 2 (the first page carries the kop). Returns the first
    section's sectPr."""
    sections = _sections(document)
    short, long = (twips(mm / 10) for mm in page.size_mm)
    for sect, tables in sections:
        size = sect.find(w("pgSz"))
        margins = sect.find(w("pgMar"))
        landscape = size is not None and size.get(w("orient")) == "landscape"
        old_width = _text_width(size, margins)
        new_size = _element("pgSz", w=str(long if landscape else short), h=str(short if landscape else long))
        if landscape:
            new_size.set(w("orient"), "landscape")
        _insert(sect, new_size, SECTPR_ORDER)
        new_margins = _element("pgMar", top=str(twips(page.top_cm)), right=str(twips(page.right_cm)),
                               bottom=str(twips(page.bottom_cm)), left=str(twips(page.left_cm)))
        for keep in ("header", "footer", "gutter"):
            new_margins.set(w(keep), margins.get(w(keep), "0") if margins is not None else "0")
        _insert(sect, new_margins, SECTPR_ORDER)
        new_width = int(new_size.get(w("w"))) - twips(page.left_cm) - twips(page.right_cm)
        if old_width:
            for table in tables:
                _fit_table(table, old_width, new_width)
    first = sections[0][0]
    if first.find(w("titlePg")) is None:
        _insert(first, _element("titlePg"), SECTPR_ORDER)
    return first


def _text_width(size: Any, margins: Any) -> int:
    try:
        return int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return 0


def _fit_table(table: Any, old_width: int, new_width: int) -> None:
    widths = [int(col.get(w("w"), "0")) for col in table.findall(f"{w('tblGrid')}/{w('gridCol')}")]
    if not widths or sum(widths) < FULL_WIDTH * old_width or sum(widths) > old_width * 1.01:
        return
    ratio = new_width / old_width
    for col in table.iter(w("gridCol")):  # nested tables too: they are laid on the same columns
        col.set(w("w"), str(round(int(col.get(w("w"), "0")) * ratio)))
    for cell_width in table.iter(w("tcW"), w("tblW")):
        if cell_width.get(w("type")) in (None, "dxa"):
            cell_width.set(w("w"), str(round(int(cell_width.get(w("w"), "0")) * ratio)))
    for stop in table.iter(w("tab")):  # tab stops in the cells (a dotted line to the cell's end) follow
        if stop.get(w("pos")) is not None:
            stop.set(w("pos"), str(round(int(stop.get(w("pos"))) * ratio)))


def _dress_fonts(styles: Any, page: PageSetup) -> None:
    """The body font and size, explicit (a theme font would win over it), and the language tag."""
    size = str(round(page.font_size * 2))
    targets = [styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")]
    targets += [s.find(w("rPr")) for s in styles.findall(w("style"))
                if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"]
    for rpr in targets:
        if rpr is None:
            continue
        fonts = _element("rFonts", ascii=page.font, hAnsi=page.font, cs=page.font, eastAsia=page.font)
        _insert(rpr, fonts, RPR_ORDER)
        _insert(rpr, _element("sz", val=size), RPR_ORDER)
        _insert(rpr, _element("szCs", val=size), RPR_ORDER)
    defaults = targets[0]
    if defaults is not None and defaults.find(w("lang")) is None:
        _insert(defaults, _element("lang"), RPR_ORDER)
    for lang in styles.iter(w("lang")):  # a style that names its own language names Indonesian too
        lang.set(w("val"), LANGUAGE)
        if lang.get(w("eastAsia")):
            lang.set(w("eastAsia"), LANGUAGE)


def _part_of(sect: Any, reference: str, kind: str, rels: Any) -> str | None:
    """The part name (word/header2.xml) the section's header or footer of that kind points to."""
    for ref in sect.findall(w(reference)):
        if ref.get(w("type")) == kind:
            rid = ref.get(f"{{{R}}}id")
            for rel in rels:
                if rel.get("Id") == rid:
                    return "word/" + rel.get("Target").lstrip("/").removeprefix("word/")
    return None


def _is_page_number(paragraph: Any) -> bool:
    instructions = [t.text or "" for t in paragraph.iter(w("instrText"))]
    instructions += [f.get(w("instr"), "") for f in paragraph.iter(w("fldSimple"))]
    return any(text.split()[:1] == ["PAGE"] for text in instructions)


def _place_page_numbers(header: Any, footer: Any, where: str) -> None:
    """The template's page number sits in its default header; it moves to the footer or goes."""
    numbers = [p for p in header.iter(w("p")) if _is_page_number(p)]
    if where == "atas" or not numbers or (where == "bawah" and footer is None):
        return
    for paragraph in numbers:
        header.remove(paragraph)
        if where == "bawah":
            footer.insert(0, paragraph)
    if header.find(w("p")) is None:
        header.append(_element("p"))


def _place_lambang(xml: dict[str, Any], parts: dict[str, bytes], header: str, lambang: LambangImage,
                   page: PageSetup) -> dict[str, bytes]:
    """The image anchored at the left of the kop's first line; the kop's text moves right of it."""
    from lxml import etree

    height = round(page.lambang_height_cm * EMU_PER_CM)
    width = round(height * lambang.width_px / lambang.height_px)
    root = xml[header]
    paragraphs = list(root.iter(w("p")))
    target = next((p for p in paragraphs if _style_of(p) == KOP_STYLE), paragraphs[0] if paragraphs else None)
    if target is None:
        return {}
    media = f"media/lambang_daerah.{lambang.extension}"
    rels_name = header.replace("word/", "word/_rels/") + ".rels"
    rels = etree.fromstring(parts[rels_name]) if rels_name in parts else etree.Element(
        f"{{{PKG}}}Relationships", nsmap={None: PKG})
    rel = etree.SubElement(rels, f"{{{PKG}}}Relationship")
    rel.set("Id", LAMBANG_REL_ID)
    rel.set("Type", IMAGE_REL)
    rel.set("Target", media)
    types = etree.fromstring(parts[CONTENT_TYPES])
    if not any(d.get("Extension", "").lower() == lambang.extension for d in types.iter(f"{{{CT}}}Default")):
        default = etree.Element(f"{{{CT}}}Default")
        default.set("Extension", lambang.extension)
        default.set("ContentType", f"image/{lambang.extension}")
        types.insert(0, default)
    xml[CONTENT_TYPES] = types
    run = etree.fromstring(ANCHOR.format(w=W, wp=WP, a=A, pic=PIC, r=R, cx=width, cy=height,
                                         rid=LAMBANG_REL_ID, id=LAMBANG_DOCPR_ID, name=media.split("/")[1]))
    ppr = target.find(w("pPr"))
    target.insert(0 if ppr is None else 1, run)
    _indent_kop(xml[STYLES], width / EMU_PER_CM + LAMBANG_GAP_CM)
    return {rels_name: etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
            f"word/{media}": lambang.data}


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val")) if style is not None else None


def _indent_kop(styles: Any, indent_cm: float) -> None:
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) == KOP_STYLE:
            ppr = style.find(w("pPr"))
            if ppr is None:
                ppr = _element("pPr")
                style.append(ppr)
            _insert(ppr, _element("ind", left=str(twips(indent_cm))), PPR_ORDER)


ANCHOR = (
    '<w:r xmlns:w="{w}"><w:drawing><wp:anchor xmlns:wp="{wp}" distT="0" distB="0" distL="0" distR="0" '
    'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset>'
    '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="Lambang Daerah" descr="Lambang daerah"/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}"><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip xmlns:r="{r}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
    '<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
)


# --- from the config ---------------------------------------------------------------------------

LAMBANG_MISSING = "LAMBANG_TIDAK_ADA"


def dressing_for(config: Config) -> Dressing:
    """The office's page setup and its lambang (None when it has none yet or chose a text kop); a file
    that is there but is no readable PNG/JPG is a config error naming it."""
    path = config.lambang_path
    lambang = read_lambang(path) if path is not None and path.exists() else None
    return Dressing(config.page, lambang)


def lambang_warning(config: Config) -> str | None:
    """The one warning a run gives while the lambang daerah's file is missing: which file, which key."""
    path = config.lambang_path
    if path is None or path.exists():
        return None
    return (f"Lambang daerah {path} tidak ada, jadi kop surat dicetak tanpa lambang. Simpan gambar lambang "
            f"kabupaten/kota Anda (PNG atau JPG) dengan nama itu, atau tulis nama berkasnya di [kantor] lambang "
            f"pada {config.path} (lambang = \"\" memilih kop tanpa lambang dan menghentikan peringatan ini).")
