"""Reconciliation: pure rule functions of a Disclosure (+ reference data) -> sorted findings."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from decimal import Decimal
from typing import Any, Iterable

from ..amounts import UNIT_FACTORS
from ..model import Disclosure
# the rule modules, each named after the family it registers (``<family>`` or ``<family>_<topic>``): importing them
# registers their rules
from . import (arithmetic, arithmetic_economic, arithmetic_finals, arithmetic_rounding, classification,  # noqa: F401
               classification_pairs, completeness, completeness_contents, completeness_glossary, crosstable,
               crosstable_bounds, crosstable_execution, crosstable_finals, crosstable_projects, crosstable_scope,
               format, format_headings, format_punctuation, format_wording, identity, narrative,
               narrative_completion, narrative_items, narrative_shares, narrative_targets, narrative_wording)
from . import history as _history_rules  # noqa: F401  (registers history.prior_year; ``history`` is audit's argument)
from .context import Context
from .finding import FAMILIES, FAMILY_ENGLISH, FAMILY_LABEL, SEVERITIES, Finding, sort_findings
from .registry import RULES, Rule, run_rules

def reconcile_params(disclosure: Disclosure, params: Any, budget: Disclosure | None = None,
                     strict: bool | None = None) -> list[Finding]:
    """Reconcile with the region, tolerance and expectations of a validated params file (and, for final
    accounts, the year's budget it names, read by the caller)."""
    return audit(disclosure, region=params.region, tolerance_factor=params.tolerance,
                 expected_department=params.department, expected_year=params.year, budget=budget,
                 strict=strict)[0]


__all__ = ["reconcile_params", "reconcile", "audit", "checked", "catalogue_markdown", "findings_document", "Finding",
           "RULES", "Rule", "Context", "rule_catalogue"]


def reconcile(disclosure: Disclosure, region: str = "default", tolerance_factor: Decimal | float = 1,
              rules: list[str] | None = None, expected_department: str | None = None,
              expected_year: int | None = None, strict: bool | None = None) -> list[Finding]:
    """Run every registered rule (or those named) and return the findings, sorted."""
    return audit(disclosure, region, tolerance_factor, rules, expected_department, expected_year,
                 strict=strict)[0]


def audit(disclosure: Disclosure, region: str = "default", tolerance_factor: Decimal | float = 1,
          rules: list[str] | None = None, expected_department: str | None = None,
          expected_year: int | None = None, budget: Disclosure | None = None, history: dict | None = None,
          strict: bool | None = None) -> tuple[list[Finding], dict[str, dict[str, int]]]:
    """The findings, and per family what was checked: checks made, findings, consistent. ``budget`` is the
    year's budget of the same department, against which a final account's 年初预算 is checked; ``history``
    last year's published figures (``suite.warehouse.last_year``), against which 比上年 statements are.
    ``strict`` re-raises a rule's exception instead of making it an ``info`` finding (``run_rules``)."""
    ctx = Context(disclosure, region=region, tolerance_factor=Decimal(str(tolerance_factor)),
                  expected_department=expected_department, expected_year=expected_year, budget=budget,
                  history=history)
    selected = [RULES[r] for r in rules] if rules else None
    found = not_understood(ctx, list(run_rules(ctx, selected, strict)))
    if not rules or "arithmetic.rounding" in rules:
        found = arithmetic_rounding.tail_differences(ctx, found, _pages)
    found = arithmetic_rounding.warned_slips(ctx, found)
    findings = sort_findings(one_per_root_cause(ctx, found))
    return findings, checked(ctx, findings)


def checked(ctx: Context, findings: list[Finding]) -> dict[str, dict[str, int]]:
    """Say what holds: per family, the comparisons made, the findings, and how many were consistent."""
    out = {}
    for family in FAMILIES:
        made = sum(n for rule, n in ctx.checks.items() if rule.split(".", 1)[0] == family)
        found = sum(1 for f in findings if f.family == family and f.severity in ("error", "warning"))
        out[family] = {"checks": made, "findings": found, "consistent": max(made - found, 0),
                       "not_run": sum(1 for rule in ctx.failed if rule.split(".", 1)[0] == family),
                       "not_checked": sum(n for rule, n in ctx.not_checked.items() if rule.split(".", 1)[0] == family)}
    return out


#: A table is taken as misread when at least this many of one kind of its sums fail, and this share of them.
MISREAD_FAILURES = 3
MISREAD_SHARE = Decimal("0.5")


_MONEY = re.compile(r"^≤?(-?\d+(?:\.\d+)?)(亿元|万元|元)$")


def _difference(f: Finding) -> Decimal | None:
    """|expected − actual| in yuan, when both are amounts."""
    e, a = _MONEY.match(f.expected or ""), _MONEY.match(f.actual or "")
    if not e or not a:
        return None
    return abs(Decimal(e.group(1)) * UNIT_FACTORS[e.group(2)] - Decimal(a.group(1)) * UNIT_FACTORS[a.group(2)])


def _pages(ctx: Context, lines: Iterable[int]) -> tuple[int, ...]:
    """The pages of these lines, in order (none for a document without pages)."""
    if not ctx.paged:
        return ()
    return tuple(sorted({p for p in (ctx.page(n) for n in lines) if p is not None}))


def _error_difference(f: Finding) -> Decimal:
    """The difference of an error known to have one (see ``_difference``)."""
    return _difference(f) or Decimal(0)


def one_per_root_cause(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """One finding for one wrong figure: errors off by the same amount in one table (or citing one line) merge.

    A wrong cell makes its row, its column, its parents and every table or sentence that
    restates it disagree by the same difference; the deepest row of the table keeps the finding.
    """
    errors = [f for f in findings if f.severity == "error" and _difference(f)]
    spans = [(t.first_line, t.last_line) for t in ctx.disclosure.tables]

    def table_of(line: int) -> int | None:
        return next((i for i, (a, b) in enumerate(spans) if a <= line <= b), None)

    groups: list[list[Finding]] = []
    for f in errors:
        d, tables = _error_difference(f), {table_of(n) for n in f.lines} - {None}
        home = next((g for g in groups if abs(_error_difference(g[0]) - d) <= max(d, Decimal(1)) * Decimal("0.0005")
                     and any(set(f.lines) & set(o.lines) or tables & ({table_of(n) for n in o.lines} - {None})
                             for o in g)), None)
        if home is None:
            groups.append([f])
        else:
            home.append(f)
    out = [f for f in findings if not any(f in g for g in groups if len(g) > 1)]
    for group in (g for g in groups if len(g) > 1):
        sums = [f for f in group if f.family == "arithmetic"] or group
        # the most specific sum names the wrong cell: fewest lines, a row before a column, the deepest row
        keep = min(sums, key=lambda f: (len(f.lines), f.rule != "arithmetic.row_total", -f.lines[-1]))
        others = sorted({n for f in group if f is not keep for n in f.lines} - set(keep.lines))
        note = (f"；同一差额也使其他 {len(group) - 1} 处核对不符（第 {'、'.join(map(str, others))} 行），"
                f"系同一处错误所致" if others else f"；同一差额另见 {len(group) - 1} 处核对")
        lines = tuple(sorted({n for f in group for n in f.lines}))
        pages = _pages(ctx, lines)
        out.append(Finding(rule=keep.rule, severity="error", message=keep.message + note, lines=lines,
                           expected=keep.expected, actual=keep.actual, pages=pages))
    # a share computed from a figure already reported wrong is that figure's consequence
    wrong = {n for f in out if f.severity == "error" and f.rule != "narrative.share" and _difference(f)
             for n in f.lines}
    return [f for f in out if not (f.rule == "narrative.share" and f.lines and f.lines[0] in wrong)]


def not_understood(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """One warning for a table most of whose sums fail, instead of an error for each (and for what it feeds).

    Real tables add up; when many of one table's sums fail at once, the columns were read
    wrongly (or the table is laid out in a way not understood), and its figures prove nothing.
    """
    out = list(findings)
    for table in ctx.understood:
        inside = [f for f in out if f.family == "arithmetic" and f.severity == "error" and f.lines
                  and table.first_line <= f.lines[0] <= table.last_line]
        by_rule = {r: sum(1 for f in inside if f.rule == r) for r in {f.rule for f in inside}}
        if not any(n >= MISREAD_FAILURES and n >= MISREAD_SHARE * ctx.tally.get((table.first_line, r), 0)
                   for r, n in by_rule.items()):
            continue
        checks = sum(n for (line, _), n in ctx.tally.items() if line == table.first_line)
        span = set(range(table.first_line, table.last_line + 1))
        out = [f for f in out if not (f.severity == "error" and span & set(f.lines))]
        pages = _pages(ctx, [table.title_line])
        out.append(Finding(rule="arithmetic.not_understood", severity="info",
                           message=f"「{table.title}」的 {checks} 项加总核对中有 {len(inside)} 项不符，"
                                   f"多半是栏目未能正确读出，此表的金额未据以报告错误，请人工核对",
                           lines=(table.title_line,), expected=f"{checks} 项相符", actual=f"{len(inside)} 项不符",
                           pages=pages))
    return out


#: The version of the findings document's layout (``findings.json``, ``check --format json``): 2 added ``schema``,
#: ``tool``, the files of the document and each finding's ``positions``.
SCHEMA = "budget-audit/findings/2"


def findings_document(disclosure: Disclosure, findings: list[Finding], source: str | None = None,
                      checks: dict[str, dict[str, int]] | None = None) -> dict[str, Any]:
    """The findings contract (docs/design.md), with what was checked per family when given. Every cited line is
    also given as a position a program can use: the file it is in, its line in that file and its page there."""
    from .. import __version__

    src = disclosure.source
    files = [{"file": Path(p.path).name, "sha256": p.sha256} for p in src.parts] or \
        [{"file": Path(src.path).name, "sha256": src.sha256}]
    out: dict[str, Any] = {
        "schema": SCHEMA, "tool": {"name": "budget-audit", "version": __version__},
        "document": {"source": source or src.path, "sha256": src.sha256, "files": files,
                     "department": disclosure.department, "year": disclosure.year,
                     "kind": disclosure.document_kind},
        "findings": [{**f.to_dict(), "positions": _positions(disclosure, f.lines)} for f in findings],
    }
    if checks is not None:
        out["checks"] = checks
    return out


def _positions(disclosure: Disclosure, lines: Iterable[int]) -> list[dict[str, Any]]:
    """(file, line in that file, and for a PDF the page in that file) of each line of the joined text."""
    out = []
    for number in lines:
        file, line, page = disclosure.source.where(number)
        paged = page is not None and Path(file).suffix.lower() == ".pdf"
        out.append({"file": Path(file).name, "line": line, **({"page": page} if paged else {})})
    return out


def counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def rule_catalogue() -> list[dict[str, str]]:
    return [{"rule": r.id, "family": r.family, "severity": r.severity, "description": r.description,
             "english": r.english, "example_fires": r.example.fires if r.example else "",
             "example_fixed": r.example.fixed if r.example else "", "aliases": ", ".join(r.aliases)}
            for r in sorted(RULES.values(), key=lambda r: (FAMILIES.index(r.family), r.id))]


#: Per family: (its Chinese name, what it checks in English), built from the one vocabulary of ``finding``.
FAMILY_TITLES = {family: (FAMILY_LABEL[family], FAMILY_ENGLISH[family]) for family in FAMILIES}


def catalogue_markdown() -> str:
    """docs/rules.md: the rule catalogue, written from the code (``budget-audit rules --markdown``)."""
    out = ["# Rule catalogue / 规则目录", "",
           "Written from the code by `budget-audit rules --markdown > docs/rules.md`; a test keeps it current.",
           "Severity is the rule's default: `error` only for figures that cannot all be right; a rule may lower",
           "it for one finding (a rounding slip in the last digit, a blank total) and says so in the message.", ""]
    for family in FAMILIES:
        zh, en = FAMILY_TITLES[family]
        out += [f"## {family} — {zh} ({en})", "",
                "| rule | severity | 检查内容 | what it checks |", "|---|---|---|---|"]
        out += [f"| `{r['rule']}` | {r['severity']} | {r['description']} | {r['english']} |"
                for r in rule_catalogue() if r["family"] == family]
        out.append("")
        out += _examples(family)
    return "\n".join(out)


def _examples(family: str) -> list[str]:
    """The family's rules that show what fires and its corrected form (``@rule(example=…)``)."""
    shown = [(r, r.example) for r in sorted(RULES.values(), key=lambda r: r.id) if r.family == family and r.example]
    if not shown:
        return []
    out = ["| rule | 触发（what fires） | 改正后（corrected） | former ids |", "|---|---|---|---|"]
    out += [f"| `{r.id}` | " + " | ".join(c.replace("|", "\\|") for c in (example.fires, example.fixed))
            + f" | {', '.join(r.aliases)} |" for r, example in shown]
    return out + [""]
