"""Show the problems of a sheet: a terminal table, JSON, and an annotated copy of the sheet."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from .errors import AmbiguousSheet, OutputError, SopgenError, os_reason
from .filenames import printable
from .model import ERROR, FIELD_LABELS, Problem, Validation
from .spreadsheet import LINE_HEIGHT, set_print_layout, wrapped_lines

STATUS_HEADER = "Status sopgen"
REPORT_SHEET = "Laporan sopgen"
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
OK_FILL = "C6EFCE"
REPORT_FOLDER = "laporan"
COPY_SUFFIX = "-periksa"
# The report sheet's columns and their widths (characters), chosen so it prints on landscape A4.
REPORT_HEADERS = ["Sel", "Baris", "Kolom", "Judul kolom", "Data", "Jenis", "Kode", "Isi sel", "Masalah"]
REPORT_WIDTHS = [7, 6, 6, 20, 18, 11, 22, 22, 60]
STYLED_COPY_MAX_ROWS = 5000  # beyond this, openpyxl's styled copy takes minutes: stream the values
STREAMED_MAX_WIDTH = 40  # characters: a long address is cut on screen rather than widening the page
STATUS_MAX_WIDTH = 60
MAX_STEM_BYTES = 200  # + "-xlsx-periksa-99.xlsx" and the marker's "." and ".sha256" < 255
MAX_CELL_CHARS = 32_767  # what one Excel cell holds
EXCEL_COLUMNS = 16_384
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0
SHEET_CHOICE_SUMMARY = (
    "Berkas ini memuat tabel anggota di lebih dari satu lembar, jadi datanya belum diperiksa. Pilih lembarnya "
    "dengan --sheet lalu jalankan lagi."
)
UNREADABLE_SUMMARY = (
    "Berkas ini tidak dapat dibaca, jadi datanya belum diperiksa. Perbaiki berkasnya lalu jalankan lagi."
)


def summary_line(v: Validation) -> str:
    errors, warnings = len(v.errors), len(v.warnings)
    bad_rows = len({p.row for p in v.errors if p.row is not None and p.row != v.header_row})
    text = (
        f"{v.rows} baris data dibaca: {len(v.valid_rows)} lengkap dan benar, {bad_rows} bermasalah; "
        f"{errors} kesalahan, {warnings} peringatan."
    )
    if errors:
        text += " Surat belum dapat dibuat: perbaiki semua kesalahan lalu jalankan lagi."
    else:
        text += " Data siap dibuatkan surat."
    return text


def to_json(v: Validation, **extra: Any) -> str:
    data = v.to_dict()
    data["file"] = printable(data["file"])  # stays valid UTF-8 JSON for a name that is not UTF-8
    data.update(errors=len(v.errors), warnings=len(v.warnings), summary=summary_line(v))
    data.update(extra)
    return json.dumps(data, ensure_ascii=False, indent=2)


def unreadable_to_json(path: Path, error: SopgenError) -> str:
    """The same report for a file that could not be read: its one problem is the reason."""
    problem = Problem(severity=ERROR, code=error.code, message=error.message)
    v = Validation(file=path, sheet="", rows=0, problems=[problem], members=[])
    summary = SHEET_CHOICE_SUMMARY if isinstance(error, AmbiguousSheet) else UNREADABLE_SUMMARY
    return to_json(v, annotated=None, summary=summary)


def sheet_read(v: Validation) -> str:
    """The file and the sheet that was read in it: 'input/usulan.xlsx, lembar 'Usulan 2026''."""
    return printable(str(v.file)) + (f", lembar '{v.sheet}'" if v.sheet else "")


def location(p: Problem) -> str:
    if p.row is None:
        return "seluruh lembar"
    if p.column:
        return f"{p.column}{p.row}"
    return f"baris {p.row}"


def print_report(v: Validation, console: Any = None, annotated: Path | None = None) -> None:
    """A table a clerk can read: where, which column, what is wrong and how to fix it."""
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    console.print(f"[bold]Pemeriksaan {escape(sheet_read(v))}[/bold]")
    if v.problems:
        from rich.table import Table

        table = Table(show_lines=True, expand=True)
        table.add_column("Sel", no_wrap=True, min_width=5)
        table.add_column("Masalah dan cara memperbaiki", ratio=1)
        for p in v.problems:
            kind = "[red]KESALAHAN[/red]" if p.severity == ERROR else "[yellow]peringatan[/yellow]"
            header = p.header or FIELD_LABELS.get(p.field or "", "")
            lines = [f"{kind} {p.code}" + (f" · kolom '{escape(header)}'" if header else "")]
            if p.value not in (None, ""):
                lines.append(f"Isi sel: {escape(_short(p.value))}")
            lines.append(escape(p.message))
            table.add_row(location(p), "\n".join(lines))
        console.print(table)
    style = "red" if v.errors else "green"
    console.print(f"[{style}]{summary_line(v)}[/{style}]")
    if annotated is not None:
        console.print(f"Salinan lembar dengan tanda pada sel bermasalah: {escape(str(annotated))}", highlight=False)


def _short(value: Any, limit: int = 60) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_text(cells: Any) -> None:
    """Cells we write hold text, never a formula: openpyxl would store '=...' as one."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def annotated_copy_path(output_dir: Path, source: Path) -> Path:
    """The name the annotated copy of `source` gets when no other copy holds it."""
    return output_dir / REPORT_FOLDER / f"{_stem(source)}{COPY_SUFFIX}.xlsx"


def _stem(source: Path) -> str:
    """The sheet's name without its suffix, short enough that the copy's name and its marker's stay
    within the 255 bytes a file system allows."""
    stem = source.stem
    if len(stem.encode("utf-8", "surrogateescape")) <= MAX_STEM_BYTES:
        return stem
    return stem.encode("utf-8", "surrogateescape")[:MAX_STEM_BYTES].decode("utf-8", "ignore")


def _other_names(output_dir: Path, source: Path, *, namesake: bool) -> Iterator[Path]:
    """Names for the copy when its own is held: by the copy of a `namesake` (a sheet of the same
    name in another format or folder), first the name with its format; then numbered names."""
    folder = output_dir / REPORT_FOLDER
    if namesake and source.suffix:
        yield folder / f"{_stem(source)}-{source.suffix.lower().lstrip('.')}{COPY_SUFFIX}.xlsx"
    for n in count(2):
        yield folder / f"{_stem(source)}{COPY_SUFFIX}-{n}.xlsx"


@dataclass(frozen=True)
class _Copy:
    """An annotated copy sopgen wrote, as its marker file beside it records."""

    path: Path
    source: str | None  # the sheet it reports on; None in a marker written before that was recorded
    edited: bool  # changed since sopgen wrote it: the clerk's, never overwritten nor removed


def _marker(path: Path) -> Path:
    return path.parent / f".{path.name}.sha256"


def _source_key(source: Path) -> str:
    return str(source.resolve())


def _copies_of(output_dir: Path, source: Path) -> list[_Copy]:
    """Every copy sopgen wrote of `source`, found through the markers in the report folder (only
    those are hashed: a folder of many sheets' copies stays quick)."""
    folder = output_dir / REPORT_FOLDER
    if not folder.is_dir():
        return []
    key = _source_key(source)
    # A marker from before sources were recorded belongs to the sheet whose name the copy has.
    legacy = re.compile(re.escape(_stem(source) + COPY_SUFFIX) + r"(-\d+)?\.xlsx")
    found = []
    for marker in sorted(folder.glob(".*.xlsx.sha256")):
        path = folder / marker.name[1:-len(".sha256")]
        if not path.is_file():
            continue
        sha, _, recorded = marker.read_text(encoding="utf-8").partition("\n")
        owner = recorded.strip() or None
        if owner == key or owner is None and legacy.fullmatch(path.name):
            found.append(_Copy(path, owner, sha.strip() != _sha256(path)))
    return found


def _target(output_dir: Path, source: Path, mine: list[_Copy]) -> Path:
    """Where the new copy goes: over this sheet's own unedited copy, else the first free name (a
    copy of another sheet, the clerk's edited copy or any other file there is never overwritten)."""
    unedited = [c.path for c in mine if not c.edited]
    if unedited:
        return unedited[0]
    own = annotated_copy_path(output_dir, source)
    if not own.exists():
        return own
    namesake = own not in {c.path for c in mine}  # held by another sheet's copy, not the clerk's edit
    return next(name for name in _other_names(output_dir, source, namesake=namesake) if not name.exists())


@contextlib.contextmanager
def _output_errors(path: Path, doing: str = "disimpan") -> Iterator[None]:
    """An OSError in the report folder becomes the project's OutputError, in plain Indonesian."""
    try:
        yield
    except OSError as exc:
        raise OutputError(
            f"Salinan laporan {path} tidak dapat {doing}: {os_reason(exc)}. Periksa bahwa "
            f"folder {path.parent} dapat ditulis (atau pilih folder lain dengan --output); bila berkas itu "
            "sedang dibuka di Excel, tutup dulu, lalu coba lagi."
        ) from None


@dataclass
class Annotated:
    """What checking one sheet did to its annotated copies in the report folder."""

    path: Path | None = None  # the copy written now; None when the sheet has no problem
    removed: list[Path] = field(default_factory=list)  # sopgen's own earlier copies, now out of date
    kept: list[Path] = field(default_factory=list)  # earlier copies the clerk edited: left alone

    def notes(self) -> list[str]:
        """What the clerk should know about the copies beside the report itself."""
        lines = [f"Salinan bertanda lama {p} dihapus: masalah di dalamnya sudah tidak ada." for p in self.removed]
        for p in self.kept:
            if self.path is None:
                lines.append(f"Catatan: salinan bertanda lama {p} sudah diubah di luar sopgen, jadi tidak dihapus; "
                             "tanda di dalamnya sudah tidak berlaku karena lembar ini tidak bermasalah lagi. "
                             "Hapus sendiri bila tidak diperlukan.")
            else:
                lines.append(f"Catatan: salinan bertanda lama {p} sudah diubah di luar sopgen, jadi tidak ditimpa; "
                             f"salinan yang baru: {self.path}.")
        return lines


def update_annotated_copy(v: Validation, output_dir: Path, sheet_name: str | None = None) -> Annotated:
    """Keep the report folder true to this check: a sheet with problems gets its annotated copy; a
    sheet without any loses the copies sopgen wrote earlier (an edited one is kept, and said so),
    so no copy shows problems that no longer exist. Raises OutputError when the folder is unusable."""
    if v.problems:
        path = write_annotated_copy(v, output_dir, sheet_name)
        with _output_errors(path):
            kept = [c.path for c in _copies_of(output_dir, v.file) if c.edited]
        return Annotated(path, kept=kept)
    with _output_errors(annotated_copy_path(output_dir, v.file), "diperiksa"):
        mine = _copies_of(output_dir, v.file)
    done = Annotated(kept=[c.path for c in mine if c.edited])
    for c in mine:
        if not c.edited:
            with _output_errors(c.path, "dihapus"):
                c.path.unlink()
                _marker(c.path).unlink(missing_ok=True)
            done.removed.append(c.path)
    return done


def write_annotated_copy(v: Validation, output_dir: Path, sheet_name: str | None = None) -> Path:
    """The clerk's sheet with bad cells coloured and commented, and a status column per row.

    The input file is only read. An .xlsx keeps its formatting; other formats (and very large
    sheets) are copied value by value. An earlier copy of the same sheet is replaced only if it is
    still exactly as sopgen wrote it; a copy the clerk has edited, or the copy of another sheet with
    the same name, is kept and the new one gets a free name beside it. Prints on landscape A4, one
    page wide, with the header row on every page. Raises OutputError when it cannot be saved.
    """
    # Where the copy goes is settled first: a folder that cannot be written fails before the copy
    # is built (a write-only workbook never saved complains on its way out).
    with _output_errors(annotated_copy_path(output_dir, v.file)):
        (output_dir / REPORT_FOLDER).mkdir(parents=True, exist_ok=True)
        mine = _copies_of(output_dir, v.file)
        target = _target(output_dir, v.file, mine)
    marks = _Marks(v)
    workbook = None
    if v.file.suffix.lower() in (".xlsx", ".xlsm") and v.rows <= STYLED_COPY_MAX_ROWS:
        workbook = _styled_copy(v, marks)
    if workbook is None:
        workbook = _streamed_copy(v, marks)
    _add_report_sheet(workbook, v)
    with _output_errors(target):
        _save_copy(workbook, target, v.file)
        for c in mine:  # an older sopgen left more than one unedited copy of this sheet
            if not c.edited and c.path != target:
                c.path.unlink(missing_ok=True)
                _marker(c.path).unlink(missing_ok=True)
    return target


class _Marks:
    """What to paint where: per cell its problems, per data row its status text and fill colour."""

    def __init__(self, v: Validation) -> None:
        self.header_row = v.header_row
        self.cells: dict[tuple[int, str], list[Problem]] = {}
        by_row: dict[int, list[Problem]] = {}
        for p in v.problems:
            if p.row is not None and p.column:
                self.cells.setdefault((p.row, p.column), []).append(p)
            if p.row is not None and p.row != v.header_row:
                by_row.setdefault(p.row, []).append(p)
        self._columns_by_row: dict[int, set[str]] = {}
        for row, column in self.cells:
            self._columns_by_row.setdefault(row, set()).add(column)
        self.rows: dict[int, tuple[str, str]] = {row: ("OK", OK_FILL) for row in v.valid_rows}
        for row, problems in by_row.items():
            errors = sorted({p.code for p in problems if p.severity == ERROR})
            if errors:
                self.rows[row] = (f"{len([p for p in problems if p.severity == ERROR])} kesalahan: "
                                  + "; ".join(errors), ERROR_FILL)
            else:
                self.rows[row] = ("OK (ada peringatan)", WARNING_FILL)

    def status_width(self) -> int:
        """Characters for the status column, so its longest text shows (and prints) whole."""
        return min(max((len(text) for text, _ in self.rows.values()), default=0) + 2, STATUS_MAX_WIDTH)

    def columns_of(self, row: int) -> set[str]:
        return self._columns_by_row.get(row, set())

    def paint(self, cell: Any, problems: list[Problem]) -> None:
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        if not problems:
            return
        worst = ERROR_FILL if any(p.severity == ERROR for p in problems) else WARNING_FILL
        cell.fill = PatternFill("solid", fgColor=worst)
        # Rows sharing one merged cell often repeat the same problem: say it once.
        text = "\n".join(dict.fromkeys(f"[{p.code}] {p.message}" for p in problems))
        cell.comment = Comment(text, "sopgen", width=320, height=120)

    def status(self, cell: Any, row: int) -> None:
        from openpyxl.styles import PatternFill

        text, colour = self.rows[row]
        cell.value = text
        cell.fill = PatternFill("solid", fgColor=colour)


def _styled_copy(v: Validation, marks: _Marks) -> Any:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils import get_column_letter

    try:
        workbook = load_workbook(v.file)
    except Exception:  # noqa: BLE001 - openpyxl cannot keep this file's formatting: stream it
        return None
    worksheet = workbook[v.sheet] if v.sheet in workbook.sheetnames else workbook.active
    if REPORT_SHEET in workbook.sheetnames:
        del workbook[REPORT_SHEET]
    set_print_layout(worksheet, header_row=marks.header_row)
    # A cell inside a merged range cannot hold a comment: its marks go to the range's top-left cell.
    painted: dict[str, tuple[Any, list[Problem]]] = {}
    for (row, column), problems in marks.cells.items():
        cell = _merge_anchor(worksheet, worksheet[f"{column}{row}"])
        painted.setdefault(cell.coordinate, (cell, []))[1].extend(problems)
    for cell, problems in painted.values():
        marks.paint(cell, problems)
    status_col = _status_column(worksheet, marks.header_row) if marks.header_row else EXCEL_COLUMNS + 1
    if status_col <= EXCEL_COLUMNS:  # a sheet filled to its last column has no room: the report sheet says it
        worksheet.cell(marks.header_row, status_col, STATUS_HEADER)
        worksheet.column_dimensions[get_column_letter(status_col)].width = marks.status_width()
        for row in marks.rows:
            cell = worksheet.cell(row, status_col)
            if not isinstance(cell, MergedCell):  # a status belongs to its own row or nowhere
                marks.status(cell, row)
    return workbook


def _merge_anchor(worksheet: Any, cell: Any) -> Any:
    """The cell itself, or the top-left cell of the merged range it lies in."""
    from openpyxl.cell.cell import MergedCell

    if not isinstance(cell, MergedCell):
        return cell
    for merged in worksheet.merged_cells.ranges:
        if cell.coordinate in merged:
            return worksheet.cell(merged.min_row, merged.min_col)
    return cell


def _streamed_copy(v: Validation, marks: _Marks) -> Any:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from .sheets import column_letter, read_grid

    grid = read_grid(v.file, v.sheet or None)
    width = grid.width
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_title(v))
    # A write-only sheet takes its page setup and column widths before its first row.
    set_print_layout(worksheet, header_row=marks.header_row)
    for c, chars in enumerate(_column_widths(grid, width, from_row=max(marks.header_row - 1, 0))):
        worksheet.column_dimensions[column_letter(c)].width = chars
    if width < EXCEL_COLUMNS:
        worksheet.column_dimensions[column_letter(width)].width = marks.status_width()
    # A huge sheet keeps only its title rows, header and problem rows, each at its own row number.
    only_problems = v.rows > STYLED_COPY_MAX_ROWS
    for r, values in enumerate(grid, start=1):
        if only_problems and r > marks.header_row and not marks.columns_of(r) and \
                marks.rows.get(r, ("OK",))[0].startswith("OK"):
            worksheet.append([])
            continue
        cells: list[Any] = []
        marked = marks.columns_of(r)
        for c, value in enumerate(values):
            value = _plain(value)
            letter = column_letter(c) if marked else ""
            if letter not in marked and not (isinstance(value, str) and value.startswith("=")):
                cells.append(value)  # a plain value: no cell object needed
                continue
            cell = WriteOnlyCell(worksheet, value=value)
            as_text([cell])
            marks.paint(cell, marks.cells.get((r, letter), []))
            cells.append(cell)
        if (r == marks.header_row or r in marks.rows) and width < EXCEL_COLUMNS:
            cells += [None] * (width - len(cells))
            status = WriteOnlyCell(worksheet, value=STATUS_HEADER)
            if r != marks.header_row:
                marks.status(status, r)
            cells.append(status)
        worksheet.append(cells)
    return workbook


def _sheet_title(v: Validation) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of []:*?/\\."""
    title = re.sub(r"[\[\]:*?/\\]", "_", printable(v.sheet or v.file.stem))[:31].strip("'")
    return title if title and title != REPORT_SHEET else "Data"


def _column_widths(grid: Any, width: int, *, from_row: int) -> list[int]:
    """Widths that show most values whole (a value-by-value copy has no widths of its own)."""
    longest = [0] * width
    for row in grid.row_numbers(from_row):
        for c, value in grid.row(row).items():
            longest[c] = max(longest[c], min(len(str(value)), STREAMED_MAX_WIDTH))
    return [min(max(n + 2, 6), STREAMED_MAX_WIDTH) for n in longest]


def _plain(value: Any) -> Any:
    """A value a cell can hold: text as text, cut to Excel's 32,767 characters, without the control
    characters XML cannot carry (a CSV may hold both)."""
    if value is None or isinstance(value, (int, float, bool)):
        return value
    text = str(value)
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _status_column(worksheet: Any, header_row: int) -> int:
    for cell in worksheet[header_row]:
        if cell.value == STATUS_HEADER:
            return int(cell.column)
    return int(worksheet.max_column) + 1


def _add_report_sheet(workbook: Any, v: Validation) -> None:
    """One row per problem under a bold header, wrapped to print one landscape page wide; then the
    summary and the file it is about (copies of namesakes are told apart by it)."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(REPORT_SHEET)
    set_print_layout(sheet, header_row=1)
    sheet.print_options.gridLines = True
    for index, width in enumerate(REPORT_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(REPORT_HEADERS))}{len(v.problems) + 1}"
    rows: list[list[Any]] = [
        [location(p), p.row, p.column, p.header or "", FIELD_LABELS.get(p.field or "", ""),
         "kesalahan" if p.severity == ERROR else "peringatan", p.code, _short(_plain(p.value), 200), p.message]
        for p in v.problems]
    for number, values in enumerate([REPORT_HEADERS, *rows], start=1):
        _report_row(sheet, number, values, bold=number == 1)
    sheet.append([])
    sheet.append([summary_line(v)])
    sheet.append([f"Berkas yang diperiksa: {v.file}" + (f", lembar '{v.sheet}'" if v.sheet else "")])
    if v.rows > STYLED_COPY_MAX_ROWS:
        sheet.append([f"Lembar ini besar ({v.rows} baris): salinannya hanya memuat judul dan baris yang "
                      "bermasalah, masing-masing pada nomor baris aslinya."])


def _report_row(sheet: Any, number: int, values: list[Any], *, bold: bool) -> None:
    """Row `number` of the report sheet: wrapped text as text, tall enough for its longest cell
    (LibreOffice does not grow a row for wrapped text itself). On a write-only sheet the height and
    styles must be set before the row is written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    lines = max(wrapped_lines("" if x is None else str(x), w) for x, w in zip(values, REPORT_WIDTHS, strict=True))
    sheet.row_dimensions[number].height = LINE_HEIGHT * lines
    write_only = sheet.parent.write_only
    if write_only:
        cells = [WriteOnlyCell(sheet, value=x) for x in values]
    else:
        sheet.append(values)
        cells = list(sheet[number])
    as_text(cells)
    for cell in cells:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=bold)
    if write_only:
        sheet.append(cells)


def _save_copy(workbook: Any, target: Path, source: Path) -> None:
    """Save whole or not at all; the marker records the file's sha256 (to tell an edited copy) and
    the sheet it reports on (to tell copies of namesakes apart)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            Path(tmp).unlink(missing_ok=True)
    _marker(target).write_text(f"{_sha256(target)}\n{_source_key(source)}\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
