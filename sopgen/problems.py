"""The catalogue of problem kinds: a stable code, a severity and an Indonesian message template.

Each stage declares its kinds as data at the top of its module with `define_kinds`; a `Finding`
(code + facts) becomes a located `Problem` through `make_problem`. Codes are the contract; the
wording of messages may improve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Cell, Finding, Problem


@dataclass(frozen=True)
class ProblemKind:
    severity: str
    template: str  # str.format template; may use {value}, {header}, {column}, {row} and the finding's params


CATALOGUE: dict[str, ProblemKind] = {}
MAX_VALUE_CHARS = 200


def define_kinds(kinds: dict[str, ProblemKind]) -> dict[str, ProblemKind]:
    """Add a module's problem kinds to the catalogue (codes must be unique across modules)."""
    for code, kind in kinds.items():
        existing = CATALOGUE.get(code)
        if existing is not None and existing != kind:
            raise ValueError(f"problem code {code} defined twice")
        CATALOGUE[code] = kind
    return kinds


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make_problem(
    finding: Finding,
    *,
    field: str | None = None,
    cell: Cell | None = None,
    row: int | None = None,
    column: str | None = None,
    header: str | None = None,
    value: Any = None,
) -> Problem:
    """Place a finding in the sheet and give it its message."""
    kind = CATALOGUE.get(finding.code)
    if kind is None:
        raise KeyError(f"unknown problem code {finding.code}")
    if cell is not None:
        row, column, header = cell.row, cell.column, cell.header
        value = cell.value if value is None else value
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:  # a pasted essay: show its start
        value = value[:MAX_VALUE_CHARS] + "…"
    facts = _Lenient(
        value="" if value is None else value,
        header=header or "",
        column=column or "",
        row=row or "",
        **finding.params,
    )
    return Problem(
        severity=kind.severity,
        code=finding.code,
        message=kind.template.format_map(facts),
        field=field,
        row=row,
        column=column,
        header=header,
        value=value,
    )

