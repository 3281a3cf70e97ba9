"""docxtpl's rendering, prepared once per template: the cost of a letter close to copying a file.

docxtpl reloads and re-patches the template for every document, then python-docx re-serializes
and recompresses every part. Here the template is patched by docxtpl itself once, its jinja2 body
compiled once, and each document is the rendered XML parts plus the template's other zip members
copied as their compressed bytes. The output's XML is docxtpl's (the tests compare both on every
project template and on docxtpl's own test templates); anything this path does not cover (images,
subdocuments, tags in footnotes or document properties, non-plain values) is left to docxtpl.
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
XML_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1  # 1980-01-01
DOS_TIME_0 = 0
COMPRESS_LEVEL = 6
HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
PLAIN = (str, int, float, bool, type(None), date)

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


class NotCovered(Exception):
    """The template or the context needs a docxtpl feature this path does not reproduce."""


@dataclass(frozen=True)
class _RawMember:
    name: str
    method: int
    crc: int
    compressed: bytes
    size: int
    flags: int


def read_raw_members(data: bytes) -> list[_RawMember]:
    """The zip's members in order, each with its compressed bytes as stored."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            offset = info.header_offset
            name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
            start = offset + 30 + name_len + extra_len
            members.append(_RawMember(info.filename, info.compress_type, info.CRC,
                                      data[start:start + info.compress_size], info.file_size,
                                      info.flag_bits & 0x800))
    return members


def write_zip(members: list[_RawMember]) -> bytes:
    """A zip with fixed timestamps; each member's compressed bytes written as given."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, m.flags, m.method, DOS_TIME_0,
                              DOS_DATE_1980, m.crc, len(m.compressed), m.size, len(name), 0))
        out.write(name)
        out.write(m.compressed)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, m.flags, m.method,
                                   DOS_TIME_0, DOS_DATE_1980, m.crc, len(m.compressed), m.size,
                                   len(name), 0, 0, 0, 0, 0o644 << 16, offset) + name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), size, start, 0))
    return out.getvalue()


def deflated(name: str, content: bytes) -> _RawMember:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return _RawMember(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), data, len(content), 0)


def as_lxml_writes(xml: str) -> str:
    """Rendered text in the form lxml serializes it, as python-docx does when docxtpl saves."""
    if "&#39;" in xml or "&#34;" in xml:
        xml = xml.replace("&#39;", "'").replace("&#34;", '"')
    if "\r" in xml:
        xml = xml.replace("\r", "&#13;")
    if '"></' in xml:
        xml = _EMPTY_WITH_ATTRIBUTES.sub('"/>', xml)
    return _EMPTY_BARE.sub(r"<\1/>", xml)


def _check_plain(value: Any) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _check_plain(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_plain(v)
    elif not isinstance(value, PLAIN):
        raise NotCovered(f"value of type {type(value).__name__}")


class PreparedTemplate:
    """One template, patched and compiled once; `render` gives the bytes of a whole .docx."""

    def __init__(self, data: bytes, env: Any) -> None:
        from docxtpl import DocxTemplate
        from lxml import etree

        self._env = env
        self._template = DocxTemplate(io.BytesIO(data))
        self._template.render_init()
        docx = self._template.docx
        self._check_supported(docx)
        body = self._template.patch_xml(self._template.get_xml())
        if _TAG_IN_ATTRIBUTE.search(body) or "wp:docPr" in body:
            self.needs_tree = True
        else:
            self.needs_tree = not _table_shapes_are_fixed(body) or not _tables_are_stable(body)
        self._body = env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", body))
        self._root = docx._element
        whole = etree.tostring(self._root, encoding="UTF-8", standalone=True)
        start, end = whole.index(b"<w:body"), whole.rindex(b"</w:body>") + len(b"</w:body>")
        self._prefix, self._suffix = whole[:start], whole[end:]
        self._parts = self._header_footer_templates(docx)
        self._members = read_raw_members(data)
        self._cores: dict[date, _RawMember] = {}

    def _check_supported(self, docx: Any) -> None:
        core = docx.core_properties
        for prop in ("author", "comments", "identifier", "language", "subject", "title"):
            if "{" in (getattr(core, prop) or ""):
                raise NotCovered(f"template tag in the document property {prop}")
        for part in docx.part.package.parts:
            if part.content_type.endswith("footnotes+xml") and b"{" in part.blob:
                raise NotCovered("template tags in footnotes")

    def _header_footer_templates(self, docx: Any) -> dict[str, Any]:
        parts = {}
        for rel in docx.part.rels.values():
            if rel.reltype in (HEADER_URI, FOOTER_URI) and not rel.is_external:
                part = rel.target_part
                xml = self._template.get_part_xml(part)
                if "{" in xml:
                    name = str(part.partname).lstrip("/")
                    patched = self._template.patch_xml(xml)
                    parts[name] = self._env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", patched))
        return parts

    def _render_xml(self, template: Any, context: dict[str, Any]) -> tuple[str, bool]:
        """The rendered part, and whether it held characters only a parse can settle."""
        xml = template.render(context)
        unsafe = _NOT_XML.search(xml) is not None
        xml = xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")  # docxtpl's own undo
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(ch in xml for ch in "\t\a\n\f"):
            xml = self._template.resolve_listing(xml)
        return xml, unsafe

    def render(self, context: dict[str, Any], when: date) -> bytes:
        _check_plain(context)
        body, unsafe = self._render_xml(self._body, context)
        if self.needs_tree or unsafe:
            document = self._document_via_tree(body)
        else:
            # lxml drops the body's own namespace declarations once it sits in the document again
            body = "<w:body>" + body[body.index(">") + 1:] if body.startswith("<w:body ") else body
            document = self._prefix + as_lxml_writes(body).encode("utf-8") + self._suffix
        rendered = {DOCUMENT: document}
        for name, template in self._parts.items():
            xml, unsafe = self._render_xml(template, context)
            if unsafe:
                raise NotCovered(f"characters XML forbids in {name}")
            rendered[name] = XML_DECLARATION + as_lxml_writes(xml).encode("utf-8")
        members = []
        for m in self._members:
            if m.name in rendered:
                members.append(deflated(m.name, rendered[m.name]))
            elif m.name == CORE:
                members.append(self._core(m, when))
            else:
                members.append(m)
        return write_zip(members)

    def _core(self, member: _RawMember, when: date) -> _RawMember:
        """Document properties dated `when` (the same for every letter of a batch: made once)."""
        from .render import _core_properties

        if when not in self._cores:
            content = zlib.decompress(member.compressed, -15) if member.method else member.compressed
            self._cores[when] = deflated(member.name, _core_properties(content, when))
        return self._cores[when]

    def _document_via_tree(self, body: str) -> bytes:
        """docxtpl's own table and drawing fixes on a parsed tree, for templates that need them."""
        from lxml import etree

        tree = self._template.fix_tables(body)
        for n, element in enumerate(tree.xpath("//wp:docPr", namespaces=_NSMAP), start=1001):
            element.attrib["id"] = str(n)
        root = copy.deepcopy(self._root)
        root.replace(root.body, tree)
        return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


_NSMAP = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


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
    from docxtpl import DocxTemplate
    from lxml import etree

    if "<w:tbl>" not in body:
        return True
    before = etree.tostring(etree.fromstring(body, etree.XMLParser(recover=True)))
    after = etree.tostring(DocxTemplate.fix_tables(None, body))  # type: ignore[arg-type]
    return before == after
