"""Read a clerk's spreadsheet: open it, choose the sheet, find the header, map labels to fields.

Values are handed on exactly as typed (numbers stay numbers) with the row and column Excel shows,
so the rules can tell a NIP that Excel already corrupted from one typed as text.

| module | its job |
|---|---|
| `opening` | check the file, tell its real format, choose the sheet, hand on its cells |
| `calamine`, `xmlscan` | .xlsx and .ods by python-calamine, after one streaming pass over their XML |
| `xls` | .xls (Excel 97-2003) by xlrd |
| `csvfile` | .csv |
| `markup` | the HTML tables and Excel 2003 XML that web applications export as .xls |
| `grid` | the cells that exist, and the limits a member table stays within |
| `labels`, `header` | the clerk's header labels; the header row and its columns |
| `rows` | the member rows under the header |
"""

from .grid import Grid, column_letter
from .labels import SYNONYMS, match_header, normalise_label
from .opening import ACCEPTED, find_input_files, read_grid, read_sheet

__all__ = [
    "ACCEPTED", "SYNONYMS", "Grid", "column_letter", "find_input_files", "match_header", "normalise_label",
    "read_grid", "read_sheet",
]
