"""Workbooks read by python-calamine: .xlsx/.xlsm and .ods, each sheet scanned before it is built."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ..errors import UnreadableInput
from ..model import FormulaError
from .grid import MAX_AREA, Grid, RawSheet, cell_name, fill_merged_down, refuse_absurd, thousands
from .xmlscan import SheetScan, scan_ods, scan_xlsx_sheet, xml_error

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200


class CalamineBook:
    """An .xlsx or .ods workbook: its sheets' names, which are visible worksheets, and each sheet."""

    def __init__(self, path: Path, kind: str) -> None:
        import python_calamine as pc

        self.path, self.kind = path, kind
        refuse_zip_bomb(path)
        self._ods: dict[str, SheetScan] | None = None
        if kind == "ods":  # calamine reads every table of an .ods at once: all are checked first
            self._ods = _guarded(path, lambda: scan_ods(path))
            for name, scan in self._ods.items():
                refuse_absurd(scan.extent, path.name, name)
            _refuse_wide_together(path, self._ods)
        self._workbook = _guarded(path, lambda: pc.CalamineWorkbook.from_path(str(path)))
        metas = self._workbook.sheets_metadata
        self.names = [m.name for m in metas]
        self.visible = [m.name for m in metas if str(m.visible).endswith("Visible")
                        and str(m.typ).endswith("WorkSheet")]

    def read(self, name: str) -> RawSheet:
        scan = self._scan(name)
        refuse_absurd(scan.extent, self.path.name, name)
        sheet = _guarded(self.path, lambda: self._workbook.get_sheet_by_name(name))
        grid = _guarded(self.path, lambda: _grid(sheet))
        for (row, column), text in scan.marks.items():
            if grid.value(row, column) is None:
                grid.put(row, column, FormulaError(text))
        fill_merged_down(grid, getattr(sheet, "merged_cell_ranges", None) or ())
        return RawSheet(name, grid, scan.hidden_rows, scan.hidden_columns)

    def _scan(self, name: str) -> SheetScan:
        if self._ods is not None:
            return self._ods.get(name, SheetScan())
        part = _guarded(self.path, lambda: _sheet_part(self.path, name))
        if part is None:
            return SheetScan()
        return _guarded(self.path, lambda: scan_xlsx_sheet(self.path, part))


def _refuse_wide_together(path: Path, tables: dict[str, SheetScan]) -> None:
    """An .ods whose tables are each within bounds but together are not (calamine holds them all)."""
    if sum(scan.extent.area for scan in tables.values()) <= MAX_AREA:
        return
    name, widest = max(tables.items(), key=lambda item: item[1].extent.area)
    raise UnreadableInput(
        f"Berkas {path.name} berisi {len(tables)} lembar yang bersama-sama membentang lebih dari "
        f"{thousands(MAX_AREA)} sel (yang terluas: lembar '{name}', sampai sel "
        f"{cell_name(widest.extent.last_row, widest.extent.last_column)}). Simpan tabel anggota di berkas "
        "tersendiri, atau hapus isi yang jauh di luar tabel di lembar-lembar itu, lalu jalankan lagi.",
        code="LEMBAR_TERLALU_LUAS",
    )


def _guarded(path: Path, action: Any) -> Any:
    """Run `action`, telling calamine's, zip's and the XML parser's failures in Indonesian."""
    from lxml import etree

    try:
        return action()
    except UnreadableInput:
        raise
    except etree.XMLSyntaxError as exc:
        raise xml_error(path, exc) from None
    except Exception as exc:  # calamine raises its own, zip and XML errors: translate them all
        if type(exc).__name__ == "PasswordError":
            raise UnreadableInput(
                f"Berkas {path.name} dilindungi kata sandi. Buka di Excel, hapus kata sandinya, "
                "simpan lagi, lalu jalankan ulang."
            ) from None
        raise UnreadableInput(
            f"Berkas {path.name} tidak dapat dibaca ({type(exc).__name__}). Berkasnya mungkin rusak: "
            "buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx."
        ) from None


def refuse_zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    total = sum(i.file_size for i in infos)
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos if i.file_size > 10 << 20),
                default=0)
    if total > MAX_UNCOMPRESSED or worst > MAX_RATIO:
        raise UnreadableInput(
            f"Berkas {path.name} terlalu besar bila dibuka ({total // (1 << 20)} MB). Lembar data "
            "anggota Pokja tidak sebesar ini: periksa berkasnya, atau simpan hanya lembar datanya."
        )


def _grid(sheet: Any) -> Grid:
    grid = Grid()
    # The rectangle from A1 is bounded: `refuse_absurd` has measured it before.
    for r, row in enumerate(sheet.to_python(skip_empty_area=False)):
        grid.put_row(r, {c: typed(value) for c, value in enumerate(row) if value != "" and value is not None})
    return grid


def typed(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, (str, int, float, bool, datetime, date, time, timedelta)):
        return value
    return str(value)


def _sheet_part(path: Path, sheet_name: str) -> str | None:
    """The zip member holding an .xlsx sheet, through workbook.xml and its relationships (either
    namespace: transitional or strict OOXML)."""
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as z:
        workbook = ET.fromstring(z.read("xl/workbook.xml"))
        rid = None
        for sheet in workbook.iter():
            if _local(sheet.tag) == "sheet" and sheet.get("name") == sheet_name:
                rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if rid is None:
            return None
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        names = set(z.namelist())
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return part if part in names else None
    return None


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1:]
