"""A finding: one disagreement, with the evidence lines an auditor needs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
FAMILIES = ("completeness", "arithmetic", "crosstable", "narrative", "identity", "classification", "format")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    lines: tuple[int, ...] = ()
    expected: str | None = None
    actual: str | None = None
    pages: tuple[int, ...] = field(default=())

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    def sort_key(self) -> tuple:
        return (self.lines[0] if self.lines else 0, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message,
                               "lines": list(self.lines), "expected": self.expected, "actual": self.actual}
        if self.pages:
            out["pages"] = list(self.pages)
        return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order: by first line, then rule, then message; duplicates removed."""
    unique = {(f.rule, f.message, f.lines): f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)
