"""The corpus harness: extract + check over a folder of real documents, one row per disclosure.

``make corpus`` prints the table and writes it as JSON; with a baseline (the last accepted
run) it also prints what changed: documents newly read or lost, findings added or gone.
Files named ``…-part1-….pdf`` / ``…-part2-….pdf`` are read together as one disclosure.
"""
from __future__ import annotations

import csv
import re
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import AuditError

#: The standard tables of a department budget (docs/design.md: table kinds).
STANDARD = ("summary", "revenue", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
            "three_public", "fund_budget", "state_capital")
#: The nine tables of final accounts (部门决算).
FINAL_STANDARD = ("final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary", "final_general",
                  "final_basic", "final_three_public", "final_fund", "final_state_capital")
_PART = re.compile(r"^(?P<stem>.+)-part\d+-[a-z]+$")
SUFFIXES = {".pdf", ".html", ".htm", ".txt"}


def group_documents(folder: Path) -> list[list[Path]]:
    """The disclosures of a folder: single files, and the parts of one disclosure together."""
    groups: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith(("README", "MANIFEST")):
            continue
        match = _PART.match(path.stem)
        groups.setdefault(match.group("stem") if match else path.stem, []).append(path)
    return [sorted(g) for _, g in sorted(groups.items())]


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / "MANIFEST.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _label(row: dict[str, Any], column: str) -> str:
    return re.sub(r"\s", "", str(row.get(column) or ""))


def side_total(disclosure: Any, side: str) -> Decimal | None:
    """The summary table's grand total of one side (收入 or 支出): its 总计 row, else its 合计 row."""
    from ..reconcile.cells import summary_amount

    table = disclosure.table("summary") or disclosure.table("final_summary")
    if table is None:
        return None
    for wanted in ("总计", "合计"):
        rows = [r for r in table.records if _label(r, f"{side}项目").endswith(wanted)
                and "本年" not in _label(r, f"{side}项目")]
        values = [r.get(summary_amount(table, side)) for r in rows]
        values = [v for v in values if isinstance(v, Decimal)]
        if values:
            return values[-1]
    return None


def _stated_total_agrees(disclosure: Any, income: Decimal) -> bool | None:
    """Whether the text's 收入总计 is the summary's (None when the text states none, or the table no unit)."""
    from ..amounts import UNIT_FACTORS, decimals

    table = disclosure.table("summary") or disclosure.table("final_summary")
    if table is None or table.unit not in UNIT_FACTORS:
        return None
    total = income * UNIT_FACTORS[table.unit]
    stated = [f for f in disclosure.fact_records if f.kind == "amount" and f.subject == "收入总计"
              and f.value is not None and f.unit in UNIT_FACTORS]
    if not stated:
        return None
    return any(abs(f.value * UNIT_FACTORS[f.unit] - total)
               <= (Decimal(5) * Decimal(10) ** (-decimals(f.value) - 1) + Decimal("0.005")) * UNIT_FACTORS[f.unit]
               for f in stated if f.value is not None)


def self_consistency(disclosure: Any, standard: tuple[str, ...]) -> dict[str, Any]:
    """Whether a document with no hand-read total is read right, by its own figures: the summary's grand total
    found and equal on both sides, the text's stated total equal to it where the text states one, the document
    type's standard tables found, year and department read from the cover. ``self_problems`` says what is not."""
    income, spending = side_total(disclosure, "收入"), side_total(disclosure, "支出")
    problems = []
    if income is None or spending is None:
        problems.append("summary total not found")
    elif abs(income - spending) > Decimal("0.005"):
        problems.append(f"summary sides differ ({income} vs {spending})")
    if income is not None and _stated_total_agrees(disclosure, income) is False:
        problems.append(f"the text's 收入总计 is not the summary's {income}")
    kinds = set(disclosure.kinds)
    missing = [k for k in standard if k not in kinds]
    if len(missing) > 2:   # a department may have no fund or state-capital table; more missing is a misreading
        problems.append("standard tables not found: " + ", ".join(missing))
    absent = [name for name, value in (("department", disclosure.department), ("year", disclosure.year))
              if value is None]
    if absent:
        problems.append("cover: no " + " and no ".join(absent))
    return {"self_consistent": not problems, "self_problems": problems}


def headline(disclosure: Any) -> tuple[Decimal | None, str | None]:
    """The grand total of the summary table (收入总计, else 收入合计, else 支出总计) and its unit."""
    from ..reconcile.cells import summary_amount

    table = disclosure.table("summary") or disclosure.table("final_summary")
    if table is None and not disclosure.tables:   # narrative only: the total the text states
        facts = disclosure.facts
        stated = facts[(facts["kind"] == "amount") & facts["subject"].isin(["收入总计", "收入合计"])]
        return (stated.iloc[0]["value"], stated.iloc[0]["unit"]) if len(stated) else (None, None)
    if table is None:
        return None, None
    for side, wanted in (("收入", "总计"), ("收入", "合计"), ("支出", "总计"), ("支出", "合计")):
        label_col, amount_col = f"{side}项目", summary_amount(table, side)
        rows = [r for r in table.records if _label(r, label_col).endswith(wanted)
                and "本年" not in _label(r, label_col)]
        values = [r.get(amount_col) for r in rows if isinstance(r.get(amount_col), Decimal)]
        if values:
            return values[-1], table.unit
    return None, table.unit


def linked_share(findings_context: Any) -> tuple[int, int]:
    """(narrative amounts linked to a table cell of the same quantity, narrative amounts)."""
    from ..reconcile.quantities import linked as is_linked

    linked = total = 0
    for fact in findings_context.facts:
        if fact.kind != "amount" or fact.unit not in ("元", "万元", "亿元"):
            continue
        total += 1
        linked += is_linked(findings_context, fact)
    return linked, total


def _expected_total(manifest: dict[str, dict[str, str]], paths: list[Path]) -> tuple[Decimal | None, str | None]:
    rows = [manifest[p.name] for p in paths if p.name in manifest]
    tables = [r for r in rows if "tables" in r["file"]] or rows
    if not tables or not tables[0].get("headline_total"):
        return None, None
    return Decimal(tables[0]["headline_total"]), tables[0].get("headline_unit")


def corpus_row(paths: list[Path], manifest: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Read and check one disclosure; what ``make corpus`` prints about it."""
    from ..ingest import ingest
    from ..reconcile import reconcile
    from ..reconcile.context import Context

    name = paths[0].name if len(paths) == 1 else _PART.match(paths[0].stem).group("stem")  # type: ignore[union-attr]
    row: dict[str, Any] = {"document": name, "files": [p.name for p in paths]}
    started = time.perf_counter()
    try:
        disclosure = ingest(paths)
        findings = reconcile(disclosure)
    except AuditError as error:
        row.update(status="refused", reason=error.problem, seconds=round(time.perf_counter() - started, 2))
        return row
    seconds = time.perf_counter() - started
    total, unit = headline(disclosure)
    expected, expected_unit = _expected_total(manifest, paths)
    linked, amounts = linked_share(Context(disclosure))
    kinds = sorted(set(disclosure.kinds))
    standard = FINAL_STANDARD if disclosure.document_kind == "final" else STANDARD
    severities = Counter(f.severity for f in findings)
    row.update(
        status="read", pages=disclosure.source.pages[-1] if disclosure.source.pages else 1,
        department=disclosure.department, year=disclosure.year,
        kinds=kinds, standard_found=[k for k in standard if k in kinds],
        other_kinds=[k for k in kinds if k not in standard],
        headline=None if total is None else format(total, "f"), headline_unit=unit,
        expected=None if expected is None else format(expected, "f"), expected_unit=expected_unit,
        headline_ok=expected is not None and total is not None and abs(total - expected) <= Decimal("0.005"),
        narrative_amounts=amounts, narrative_linked=linked,
        errors=severities["error"], warnings=severities["warning"], infos=severities["info"],
        **self_consistency(disclosure, standard),
        findings=sorted(f"{f.severity} {f.rule} {f.lines[:1]}" for f in findings),
        seconds=round(seconds, 2))
    return row
