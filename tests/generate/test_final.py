"""Generated final accounts: consistent ones raise nothing; a defect injected is found at its line (the plain
"rule R fires at line L" defects are cases of data/rule_cases.yaml, run by tests/reconcile/test_cases.py)."""
import re

import pytest

from audithelpers.generate.final import generate_final
from audithelpers.generate.text import generate
from audithelpers.reconcile import reconcile

from helpers import ingest_lines

NINE = {"final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary", "final_general",
        "final_basic", "final_three_public", "final_fund", "final_state_capital"}


def _lines(seed=5):
    return generate_final(seed).text.split("\n")


def _at(lines, i, rule):
    return [f for f in reconcile(ingest_lines(lines), rules=[rule]) if i + 1 in f.lines]


def _bump(line: str, column: int, by: str = "1.00") -> str:
    cells = line.split("\t")
    cells[column] = format(float(cells[column]) + float(by), ".2f")
    return "\t".join(cells)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_a_generated_final_account_is_read_as_one_and_raises_nothing(seed):
    d = ingest_lines(_lines(seed))
    assert d.document_kind == "final" and NINE <= set(d.kinds)
    assert [(f.rule, f.lines) for f in reconcile(d) if f.severity in ("error", "warning")] == []


def test_the_same_seed_gives_the_same_text_and_its_budget_is_the_budget_of_that_seed():
    assert generate_final(3).text == generate_final(3).text
    final, budget = generate_final(3), generate(3, "万元")
    assert final.department == budget.department and final.figures["budget_total"] == budget.figures["total"]
    assert final.figures["spent"] <= budget.figures["total"]


def _index(lines, pattern, after=0):
    return next(i for i, t in enumerate(lines) if i >= after and re.search(pattern, t))


def _with_budget(lines, seed=5):
    from audithelpers.reconcile import audit

    budget = ingest_lines(generate(seed, "万元").text.split("\n"))
    return audit(ingest_lines(lines), budget=budget)


def test_the_final_account_s_budget_figures_are_the_published_budget_s():
    """(An item's 年初预算 other than the budget printed is the case budget_execution_item of rule_cases.yaml.)"""
    findings, checks = _with_budget(_lines())
    assert findings == [] and checks["crosstable"]["checks"] >= 12


def test_the_three_public_budget_column_against_the_budget_s_three_public_table():
    seed = next(s for s in range(1, 30) if generate(s, "万元").figures["three_public"] > 0)
    lines = _lines(seed)
    i = _index(lines, r"^预算数\t决算数\t") + 1   # the 三公 row: 公务接待费 预算数 and its 合计, still adding up
    lines[i] = _bump(_bump(lines[i], 0), 10)
    findings = _with_budget(lines, seed)[0]
    assert [(f.rule, f.lines) for f in findings] == [("crosstable.budget_execution", (i + 1,))]   # one root cause
    assert "公务接待费" in findings[0].message or "合计" in findings[0].message
