"""Show the problems of a sheet: a terminal table, JSON, and an annotated copy of the sheet."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import OutputError
from .model import ERROR, FIELD_LABELS, Problem, Validation

STATUS_HEADER = "Status sopgen"
REPORT_SHEET = "Laporan sopgen"
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
OK_FILL = "C6EFCE"


def summary_line(v: Validation) -> str:
    errors, warnings = len(v.errors), len(v.warnings)
    bad_rows = len({p.row for p in v.errors if p.row is not None})
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
    data.update(
        errors=len(v.errors), warnings=len(v.warnings), summary=summary_line(v), **extra
    )
    return json.dumps(data, ensure_ascii=False, indent=2)


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
    from rich.table import Table

    console = console or Console()
    where = f"{v.file}" + (f", lembar '{v.sheet}'" if v.sheet else "")
    console.print(f"[bold]Pemeriksaan {where}[/bold]")
    if v.problems:
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
        console.print(f"Salinan lembar dengan tanda pada sel bermasalah: {annotated}")


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
    return output_dir / "laporan" / f"{source.stem}-periksa.xlsx"


def write_annotated_copy(v: Validation, output_dir: Path, sheet_name: str | None = None) -> Path:
    """The clerk's sheet with bad cells coloured and commented, and a status column per row.

    The input file is only read. An earlier copy is replaced only if it is still exactly as sopgen
    wrote it; a copy the clerk has edited is kept and the new one gets a free name beside it.
    """
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    workbook, worksheet, header_row = _open_as_workbook(v, sheet_name)
    fills = {ERROR: PatternFill("solid", fgColor=ERROR_FILL),
             "warning": PatternFill("solid", fgColor=WARNING_FILL)}
    by_cell: dict[tuple[int, str], list[Problem]] = {}
    for p in v.problems:
        if p.row is not None and p.column:
            by_cell.setdefault((p.row, p.column), []).append(p)
    for (row, column), problems in by_cell.items():
        cell = worksheet[f"{column}{row}"]
        worst = ERROR if any(p.severity == ERROR for p in problems) else "warning"
        cell.fill = fills[worst]
        text = "\n".join(f"[{p.code}] {p.message}" for p in problems)
        cell.comment = Comment(text, "sopgen", width=320, height=120)
    if header_row:  # without a header row there are no data rows to give a status
        _add_status_column(worksheet, header_row, v, fills)
    _add_report_sheet(workbook, v)
    return _save_unless_edited(workbook, annotated_copy_path(output_dir, v.file))


def _add_status_column(worksheet: Any, header_row: int, v: Validation, fills: dict[str, Any]) -> None:
    from openpyxl.styles import PatternFill

    status_col = _status_column(worksheet, header_row)
    worksheet.cell(header_row, status_col, STATUS_HEADER)
    valid = set(v.valid_rows)
    rows_with_problems: dict[int, list[Problem]] = {}
    for p in v.problems:
        if p.row is not None:
            rows_with_problems.setdefault(p.row, []).append(p)
    data_rows = sorted(valid | set(rows_with_problems))
    for row in data_rows:
        problems = rows_with_problems.get(row, [])
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            status = f"{len(errors)} kesalahan: " + "; ".join(sorted({p.code for p in errors}))
            fill = fills[ERROR]
        elif problems:
            status = "OK (ada peringatan)"
            fill = fills["warning"]
        else:
            status, fill = "OK", PatternFill("solid", fgColor=OK_FILL)
        cell = worksheet.cell(row, status_col, status)
        cell.fill = fill


def _open_as_workbook(v: Validation, sheet_name: str | None) -> tuple[Any, Any, int]:
    from openpyxl import Workbook, load_workbook

    from .sheets import read_grid, read_sheet

    header_row = read_sheet(v.file, sheet_name).header_row
    if v.file.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            workbook = load_workbook(v.file)
            worksheet = workbook[v.sheet] if v.sheet in workbook.sheetnames else workbook.active
            if REPORT_SHEET in workbook.sheetnames:
                del workbook[REPORT_SHEET]
            return workbook, worksheet, header_row
        except Exception:  # noqa: BLE001 - fall back to a plain copy of the values
            pass
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = (v.sheet or v.file.stem)[:31] or "Data"
    for r, values in enumerate(read_grid(v.file, sheet_name), start=1):
        for c, value in enumerate(values, start=1):
            if value is not None and value != "":
                as_text([worksheet.cell(r, c, _plain(value))])
    return workbook, worksheet, header_row


def _plain(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool)) or value is None else str(value)


def _status_column(worksheet: Any, header_row: int) -> int:
    for cell in worksheet[header_row]:
        if cell.value == STATUS_HEADER:
            return int(cell.column)
    return int(worksheet.max_column) + 1


def _add_report_sheet(workbook: Any, v: Validation) -> None:
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(REPORT_SHEET)
    headers = ["Sel", "Baris", "Kolom", "Judul kolom", "Data", "Jenis", "Kode", "Isi sel", "Masalah"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in v.problems:
        sheet.append([
            location(p), p.row, p.column, p.header or "",
            FIELD_LABELS.get(p.field or "", ""), "kesalahan" if p.severity == ERROR else "peringatan",
            p.code, _short(_plain(p.value), 200), p.message,
        ])
        as_text(sheet[sheet.max_row])
    sheet.append([])
    sheet.append([summary_line(v)])
    for letter, width in zip("ABCDEFGHI", (8, 7, 7, 22, 20, 11, 24, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.auto_filter.ref = f"A1:I{len(v.problems) + 1}"


def _save_unless_edited(workbook: Any, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = target.parent / f".{target.name}.sha256"
    if target.exists():
        expected = marker.read_text().strip() if marker.exists() else None
        if expected != _sha256(target):
            target = _free_name(target)
            marker = target.parent / f".{target.name}.sha256"
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(
            f"Salinan laporan {target} tidak dapat disimpan: {exc.strerror}. "
            "Tutup berkas itu bila sedang dibuka di Excel, lalu coba lagi."
        ) from None
    marker.write_text(_sha256(target))
    return target


def _free_name(target: Path) -> Path:
    n = 2
    while True:
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
