"""Builders for the spreadsheets the tests feed to sopgen, in every format a clerk may have."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest


def write_grid(path: Path, rows: list[list[Any]], *, sheet: str = "Sheet1", delimiter: str = ",",
               encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write rows (from A1) as .xlsx, .xls, .ods or .csv, chosen by the file's suffix."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8-sig" if bom else encoding) as fh:
            csv.writer(fh, delimiter=delimiter).writerows(
                [["" if v is None else v for v in row] for row in rows])
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        wb.save(path)
    elif suffix == ".xls":
        import xlwt

        wb = xlwt.Workbook()
        ws = wb.add_sheet(sheet)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write(r, c, value)
        wb.save(str(path))
    elif suffix == ".ods":
        import pandas as pd

        width = max((len(r) for r in rows), default=0)
        frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows])
        frame.to_excel(path, engine="odf", header=False, index=False, sheet_name=sheet)
    else:
        raise ValueError(suffix)
    return path


def replace_cells(path: Path, cells: dict[str, str]) -> Path:
    """Swap cells of an .xlsx's first sheet for raw XML (error values, formulas without a cached value)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, replacement in cells.items():
        xml = re.sub(rf'<c r="{ref}"[^>]*>.*?</c>', replacement, xml, count=1)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def grid_writer():
    return write_grid


def pytest_configure(config: pytest.Config) -> None:
    import os
    import tempfile

    from tests.configs import write_confirmed_config

    write_confirmed_config()
    # What sopgen keeps between runs (prepared templates, phone and email verdicts) goes to a folder
    # of this test run, never the user's own cache; every sopgen the tests start inherits it.
    os.environ["SOPGEN_CACHE"] = tempfile.mkdtemp(prefix="sopgen-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    import os
    import shutil

    folder = os.environ.pop("SOPGEN_CACHE", None)
    if folder and os.path.basename(folder).startswith("sopgen-test-cache-"):
        shutil.rmtree(folder, ignore_errors=True)
