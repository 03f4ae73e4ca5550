"""A finding: one disagreement, with the evidence lines an auditor needs."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
FAMILIES = ("completeness", "arithmetic", "crosstable", "narrative", "identity", "classification", "format",
            "history")
#: The Chinese words for severities and families, wherever findings are shown to people (check, the report, the
#: catalogue, exports, notebooks): the one vocabulary, every other list of family names is built from it.
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
FAMILY_LABEL = {"completeness": "完整性", "arithmetic": "表内运算", "crosstable": "表间勾稽",
                "narrative": "文表一致", "identity": "主体一致", "classification": "科目分类", "format": "格式规范",
                "history": "历年对比"}
#: What each family checks, in English (docs/rules.md).
FAMILY_ENGLISH = {"completeness": "what must be there is there",
                  "arithmetic": "totals and subtotals within a table or a paragraph",
                  "crosstable": "the same quantity in different tables",
                  "narrative": "the figures of the text against the tables and themselves",
                  "identity": "department, year, unit and budget type throughout",
                  "classification": "function and economic codes against the classifications",
                  "format": "printing and text hygiene",
                  "history": "statements about last year against last year's published document"}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    lines: tuple[int, ...] = ()
    expected: str | None = None
    actual: str | None = None
    pages: tuple[int, ...] = field(default=())
    seq: int = 0          # 2, 3 … for a further finding of one rule at the same lines (see ``id``)

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    @property
    def id(self) -> str:
        """A stable id from the rule and where it points ("narrative.amount@94-124"): the same
        finding of the same document has the same id in every run, report, JSON and export."""
        place = f"{self.rule}@{'-'.join(map(str, self.lines)) or '0'}"
        return f"{place}#{self.seq}" if self.seq else place

    def sort_key(self) -> tuple:
        return (self.lines[0] if self.lines else 0, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "rule": self.rule, "severity": self.severity, "message": self.message,
                               "lines": list(self.lines), "expected": self.expected, "actual": self.actual}
        if self.pages:
            out["pages"] = list(self.pages)
        return out


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Deterministic order: by first line, then rule, then message; duplicates removed."""
    unique = {(f.rule, f.message, f.lines): f for f in findings}
    ordered = sorted(unique.values(), key=Finding.sort_key)
    seen: dict[str, int] = {}
    out = []
    for finding in ordered:   # ids unique within the document, in a deterministic order
        n = seen[finding.id] = seen.get(finding.id, 0) + 1
        out.append(finding if n == 1 else dataclasses.replace(finding, seq=n))
    return out
