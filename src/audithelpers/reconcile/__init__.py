"""Reconciliation: pure rule functions of a Disclosure (+ reference data) -> sorted findings."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from ..model import Disclosure
from . import arithmetic, classification, completeness, crosstable, format, identity, narrative  # noqa: F401  (register rules)
from .context import Context
from .finding import FAMILIES, SEVERITIES, Finding, sort_findings
from .registry import RULES, Rule, run_rules

def reconcile_params(disclosure: Disclosure, params) -> list[Finding]:
    """Reconcile with the region, tolerance and expectations of a validated params file."""
    return reconcile(disclosure, region=params.region, tolerance_factor=params.tolerance,
                     expected_department=params.department, expected_year=params.year)


__all__ = ["reconcile_params", "reconcile", "findings_document", "Finding", "RULES", "Rule", "Context", "rule_catalogue"]


def reconcile(disclosure: Disclosure, region: str = "default", tolerance_factor: Decimal | float = 1,
              rules: list[str] | None = None, expected_department: str | None = None,
              expected_year: int | None = None) -> list[Finding]:
    """Run every registered rule (or those named) and return the findings, sorted."""
    ctx = Context(disclosure, region=region, tolerance_factor=Decimal(str(tolerance_factor)),
                  expected_department=expected_department, expected_year=expected_year)
    selected = [RULES[r] for r in rules] if rules else None
    return sort_findings(list(run_rules(ctx, selected)))


def findings_document(disclosure: Disclosure, findings: list[Finding], source: str | None = None) -> dict[str, Any]:
    """The findings contract of DESIGN.md."""
    return {
        "document": {"source": source or disclosure.source.path, "sha256": disclosure.source.sha256,
                     "department": disclosure.department, "year": disclosure.year},
        "findings": [f.to_dict() for f in findings],
    }


def counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def rule_catalogue() -> list[dict[str, str]]:
    return [{"rule": r.id, "family": r.family, "severity": r.severity, "description": r.description}
            for r in sorted(RULES.values(), key=lambda r: (FAMILIES.index(r.family), r.id))]
