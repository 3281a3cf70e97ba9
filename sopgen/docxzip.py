"""A .docx as a zip, byte for byte: fixed timestamps and member order, document properties dated by the
batch, and members copied as their compressed bytes. Both render paths (sopgen/render.py through docxtpl,
sopgen/fastdocx.py prepared) finish here, so the same content and date always give the same file."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1  # 1980-01-01
DOS_TIME_0 = 0
COMPRESS_LEVEL = 6
CORE_XML = "docProps/core.xml"
CORE_TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:creator>sopgen</dc:creator>"
    "<cp:lastModifiedBy>sopgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)
_TITLE = re.compile(rb"<dc:title>(.*?)</dc:title>", re.S)


def core_properties(content: bytes, when: date) -> bytes:
    """The document's properties: its title kept, sopgen as author, created and modified on `when`."""
    found = _TITLE.search(content)
    title = found.group(1).decode("utf-8") if found else ""
    return CORE_TEMPLATE.format(title=title, when=when.isoformat()).encode("utf-8")


def deterministic_docx(data: bytes, when: date) -> bytes:
    """Fixed zip timestamps and order, and document properties dated `when`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == CORE_XML:
                content = core_properties(content, when)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, content, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


@dataclass(frozen=True)
class RawMember:
    name: str
    method: int
    crc: int
    compressed: bytes
    size: int
    flags: int

    def content(self) -> bytes:
        return zlib.decompress(self.compressed, -15) if self.method else self.compressed


def read_raw_members(data: bytes) -> list[RawMember]:
    """The zip's members in order, each with its compressed bytes as stored."""
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            offset = info.header_offset
            name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
            start = offset + 30 + name_len + extra_len
            members.append(RawMember(info.filename, info.compress_type, info.CRC,
                                     data[start:start + info.compress_size], info.file_size,
                                     info.flag_bits & 0x800))
    return members


def write_zip(members: list[RawMember]) -> bytes:
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


def deflated(name: str, content: bytes) -> RawMember:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return RawMember(name, zipfile.ZIP_DEFLATED, zlib.crc32(content), data, len(content), 0)
