"""docxtpl's rendering, prepared once per template: the cost of a letter close to copying a file.

docxtpl reloads and re-patches the template for every document, then python-docx re-serializes
and recompresses every part. Here the template is patched by docxtpl itself once (`prepare`, whose
result is plain text and bytes that sopgen/templatecache.py keeps between runs), its jinja2 body
compiled once per run, and each document is the rendered XML parts plus the template's other zip
members copied as their compressed bytes. Rendering needs neither docxtpl nor python-docx: docxtpl
is imported only to prepare a template, or for a document that needs one of its fix-ups. The
output's XML is docxtpl's (the tests compare both on every project template and on docxtpl's own
test templates); anything this path does not cover (images passed in the context, subdocuments,
tags in footnotes or document properties, non-plain values) is left to docxtpl.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .docxzip import CORE_XML, RawMember, core_properties, deflated, read_raw_members, write_zip

DOCUMENT = "word/document.xml"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PLAIN = (str, int, float, bool, type(None), date)
PART_MEMO = 64  # rendered headers and footers kept per template (a kop is the same on every letter)
FIRST_DOCPR_ID = 1001  # docxtpl renumbers every drawing's wp:docPr from its docx_ids_index (1000) on

_TAG_IN_ATTRIBUTE = re.compile(r"<[^<>]*(?:\{\{|\{%)[^<>]*>")
_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_CELL = re.compile(r"<w:tc[ >].*?</w:tc>", re.S)
_STATEMENT = re.compile(r"\{%-?\s*(\w+)")
_OPENERS = {"for", "if", "with", "filter", "macro", "call", "block", "raw"}
# An element left empty by rendering: with attributes its start tag ends in '"'; without, it is bare.
_EMPTY_WITH_ATTRIBUTES = re.compile(r'"></[\w.:-]+>')
_EMPTY_BARE = re.compile(r"<([\w.:-]+)></\1>")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
# Characters XML 1.0 forbids, including docxtpl's \a (new paragraph) and \f (page break) before it
# turns them into markup: their documents go through docxtpl's recovering parser, as in docxtpl.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DOCPR_START = re.compile(r"<wp:docPr\b[^>]*>")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")[^"]*(")')


class NotCovered(Exception):
    """The template or the context needs a docxtpl feature this path does not reproduce."""


@dataclass(frozen=True)
class Prepared:
    """A template as docxtpl patches it, in plain text and bytes (kept in the cache between runs).

    `body` and `parts` (headers and footers holding tags) are the jinja2 sources; `prefix` and `suffix`
    the document part around its body as lxml writes it; `needs_tree`: each body is parsed and
    written by lxml (tags inside attributes, tables whose shape a statement may change); `part_names`:
    the context's names each header or footer reads (all its output can depend on)."""

    body: str
    parts: dict[str, str]
    prefix: bytes
    suffix: bytes
    needs_tree: bool
    part_names: dict[str, list[str]]


def prepare(data: bytes) -> Prepared:
    """docxtpl's own clean-up of the template's tags, once. Raises NotCovered for what needs docxtpl."""
    from docxtpl import DocxTemplate
    from lxml import etree

    template = DocxTemplate(io.BytesIO(data))
    template.render_init()
    docx = template.docx
    _check_supported(docx)
    body = template.patch_xml(template.get_xml())
    root = docx._element
    whole = etree.tostring(root, encoding="UTF-8", standalone=True)
    start, end = whole.index(b"<w:body"), whole.rindex(b"</w:body>") + len(b"</w:body>")
    needs_tree = (_TAG_IN_ATTRIBUTE.search(body) is not None or not _docpr_renumbered_as_text(body, root)
                  or not _table_shapes_are_fixed(body) or not _tables_are_stable(body))
    parts = {}
    for rel in docx.part.rels.values():
        if rel.reltype in (HEADER_URI, FOOTER_URI) and not rel.is_external:
            xml = template.get_part_xml(rel.target_part)
            if "{" in xml:
                parts[str(rel.target_part.partname).lstrip("/")] = _with_paragraph_marks(template.patch_xml(xml))
    names = {name: _names_used(source) for name, source in parts.items()}
    return Prepared(_with_paragraph_marks(body), parts, whole[:start], whole[end:], needs_tree, names)


def _with_paragraph_marks(xml: str) -> str:
    """docxtpl renders with a newline before each paragraph and takes it out again after."""
    return _PARAGRAPH_START.sub(r"\n<w:p\1", xml)


def _check_supported(docx: Any) -> None:
    core = docx.core_properties
    for prop in ("author", "comments", "identifier", "language", "subject", "title"):
        if "{" in (getattr(core, prop) or ""):
            raise NotCovered(f"template tag in the document property {prop}")
    for part in docx.part.package.parts:
        if part.content_type.endswith("footnotes+xml") and b"{" in part.blob:
            raise NotCovered("template tags in footnotes")


def _docpr_renumbered_as_text(body: str, root: Any) -> bool:
    """Drawings (the lambang on the kop) are renumbered in the text when 'wp' is their one prefix and
    each has an id: then the text's order is the tree's, and no parse is needed per document."""
    if "docPr" not in body:
        return True
    if root.nsmap.get("wp") != WP or "xmlns:wp=" in body or body.count("docPr ") != body.count("<wp:docPr "):
        return False
    return all(re.search(r'\sid="', tag) for tag in _DOCPR_START.findall(body))


def as_lxml_writes(xml: str) -> str:
    """Rendered text in the form lxml serializes it, as python-docx does when docxtpl saves."""
    if "&#39;" in xml or "&#34;" in xml:
        xml = xml.replace("&#39;", "'").replace("&#34;", '"')
    if "\r" in xml:
        xml = xml.replace("\r", "&#13;")
    if '"></' in xml:
        xml = _EMPTY_WITH_ATTRIBUTES.sub('"/>', xml)
    return _EMPTY_BARE.sub(r"<\1/>", xml)


def renumber_drawings(xml: str) -> str:
    """docxtpl's fix_docpr_ids on text: every wp:docPr numbered in document order from 1001."""
    counter = iter(range(FIRST_DOCPR_ID, FIRST_DOCPR_ID + xml.count("<wp:docPr ")))
    return _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)


_MISSING = object()


def _names_used(source: str) -> list[str]:
    """The context's names a template reads: all its output can depend on (jinja2 is deterministic)."""
    from jinja2 import Environment, meta

    return sorted(meta.find_undeclared_variables(Environment().parse(source)))


def _check_plain(value: Any) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _check_plain(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_plain(v)
    elif not isinstance(value, PLAIN):
        raise NotCovered(f"value of type {type(value).__name__}")


def _docxtpl() -> Any:
    """docxtpl's class, for its listing and table fix-ups: imported only by a document that needs them."""
    from docxtpl import DocxTemplate

    return DocxTemplate


class PreparedTemplate:
    """One prepared template compiled for this run; `render` gives the bytes of a whole .docx."""

    def __init__(self, prepared: Prepared, data: bytes, env: Any) -> None:
        self.prepared = prepared
        self.needs_tree = prepared.needs_tree
        self._body = env.from_string(prepared.body)
        self._parts = {name: env.from_string(source) for name, source in prepared.parts.items()}
        self._rendered_parts: dict[tuple[str, str], RawMember] = {}
        self._members = read_raw_members(data)
        self._cores: dict[date, RawMember] = {}

    def _render_xml(self, template: Any, context: dict[str, Any]) -> tuple[str, bool]:
        """The rendered part, and whether it held characters only a parse can settle."""
        xml = template.render(context)
        unsafe = _NOT_XML.search(xml) is not None
        xml = xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")  # docxtpl's own undo
        if "{_" in xml or "_}" in xml:
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in xml for ch in "\t\a\n\f"):
            xml = _docxtpl().resolve_listing(None, xml)
        return xml, unsafe

    def render(self, context: dict[str, Any], when: date) -> bytes:
        _check_plain(context)
        body, unsafe = self._render_xml(self._body, context)
        if self.needs_tree or unsafe:
            document = self._document_via_tree(body)
        else:
            # lxml drops the body's own namespace declarations once it sits in the document again
            body = "<w:body>" + body[body.index(">") + 1:] if body.startswith("<w:body ") else body
            if "<wp:docPr " in body:
                body = renumber_drawings(body)
            document = self.prepared.prefix + as_lxml_writes(body).encode("utf-8") + self.prepared.suffix
        rendered = {DOCUMENT: deflated(DOCUMENT, document)}
        for name in self._parts:
            rendered[name] = self._part(name, context)
        members = []
        for m in self._members:
            if m.name in rendered:
                members.append(rendered[m.name])
            elif m.name == CORE_XML:
                members.append(self._core(m, when))
            else:
                members.append(m)
        return write_zip(members)

    def _part(self, name: str, context: dict[str, Any]) -> RawMember:
        """A header or footer, rendered once for each set of the values it shows (the kop: once a batch)."""
        memo_key = (name, repr([context.get(n, _MISSING) for n in self.prepared.part_names[name]]))
        member = self._rendered_parts.get(memo_key)
        if member is None:
            xml, unsafe = self._render_xml(self._parts[name], context)
            if unsafe:
                raise NotCovered(f"characters XML forbids in {name}")
            member = deflated(name, XML_DECLARATION + as_lxml_writes(xml).encode("utf-8"))
            if len(self._rendered_parts) < PART_MEMO:
                self._rendered_parts[memo_key] = member
        return member

    def _core(self, member: RawMember, when: date) -> RawMember:
        """Document properties dated `when` (the same for every letter of a batch: made once)."""
        if when not in self._cores:
            self._cores[when] = deflated(member.name, core_properties(member.content(), when))
        return self._cores[when]

    def _document_via_tree(self, body: str) -> bytes:
        """The body parsed and written as docxtpl does, with its table and drawing fixes; docxtpl's
        own table fix only where a table's rows no longer match its grid."""
        from lxml import etree

        tree = etree.fromstring(body, etree.XMLParser(recover=True))
        if not tables_fit_their_grids(tree):
            tree = _docxtpl().fix_tables(None, body)
        for n, element in enumerate(tree.xpath("//wp:docPr", namespaces={"wp": WP}), start=FIRST_DOCPR_ID):
            element.attrib["id"] = str(n)
        root = etree.fromstring(self.prepared.prefix + b"<w:body/>" + self.prepared.suffix)
        root.replace(root.find(f"{{{W}}}body"), tree)
        return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def tables_fit_their_grids(tree: Any) -> bool:
    """docxtpl's fix_tables would change nothing: no row has more cells than its table's grid has
    columns, and the widest row (counting spans) fills the grid. Its own walk (every row below a table,
    nested ones included) so the answer is exact; anything unusual is left to docxtpl itself."""
    if tree.nsmap.get("w") != W:
        return False
    ns = f"{{{W}}}"
    for table in tree.iter(ns + "tbl"):
        grid = table.find(ns + "tblGrid")
        if grid is None:
            return False
        columns = len(grid.findall(ns + "gridCol"))
        widest = 0
        for row in table.iter(ns + "tr"):
            cells = row.findall(ns + "tc")
            if len(cells) > columns:
                return False
            spans = [_span(cell, ns) for cell in cells]
            if None in spans:
                return False
            widest = max(widest, sum(s for s in spans if s is not None))
        if widest < columns:
            return False
    return True


def _span(cell: Any, ns: str) -> int | None:
    properties = cell.find(ns + "tcPr")
    span = None if properties is None else properties.find(ns + "gridSpan")
    if span is None:
        return 1
    value = span.get(ns + "val")
    return int(value) if value is not None and value.isdigit() else None


def _table_shapes_are_fixed(body: str) -> bool:
    """No template statement can add or remove a row or cell: every statement in a table sits
    inside one cell and closes there (an inline {% if %} in a cell is fine; {%tr %} is not)."""
    for match in _TABLE.finditer(body):
        table = match.group(0)
        if table.count("<w:tbl>") > 1:  # nested tables: let docxtpl's own code handle them
            return False
        cells = _CELL.findall(table)
        if "{%" in _CELL.sub("", table):
            return False
        for cell in cells:
            depth = 0
            for word in _STATEMENT.findall(cell):
                if word in _OPENERS:
                    depth += 1
                elif word.startswith("end"):
                    depth -= 1
                    if depth < 0:
                        return False
                elif word == "set" and "endset" in cell:
                    return False
            if depth != 0:
                return False
    return True


def _tables_are_stable(body: str) -> bool:
    """docxtpl's fix_tables changes nothing when every row already matches its table's grid."""
    from lxml import etree

    if "<w:tbl>" not in body:
        return True
    return tables_fit_their_grids(etree.fromstring(body, etree.XMLParser(recover=True)))
