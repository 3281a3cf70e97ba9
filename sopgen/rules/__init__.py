"""Pure parse/validate rules, one module per hard field: raw cell value in, `RuleResult` out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Finding


@dataclass(frozen=True)
class RuleResult:
    value: Any  # the normalised value, or None when the cell has an error
    findings: tuple[Finding, ...] = ()


def ok(value: Any, *warnings: Finding) -> RuleResult:
    return RuleResult(value, tuple(warnings))


def fail(code: str, **params: Any) -> RuleResult:
    return RuleResult(None, (Finding(code, params),))
