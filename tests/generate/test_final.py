"""Generated final accounts: consistent ones raise nothing; each defect injected is found at its line."""
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


def test_defects_in_the_tables_are_found_where_they_were_made():
    lines = _lines()
    i = _index(lines, r"^本年收入合计\t")                      # the summary: 本年支出合计 ≠ its classes
    lines[i] = _bump(lines[i], 3)
    assert _at(lines, i, "arithmetic.balance")
    lines = _lines()
    start = _index(lines, r"^一般公共预算财政拨款基本支出决算表$", 40)
    i = _index(lines, r"^301\d\d\t", start)      # an item of the basic table: its class no longer adds up
    lines[i] = _bump(lines[i], 2)
    assert _at(lines, i, "arithmetic.final_basic")
    lines = _lines()
    i = _index(lines, r"^年初财政拨款结转和结余\t")             # 年末 no longer follows from 年初 + 收入 − 支出
    lines[i] = _bump(lines[i], 4)
    assert _at(lines, i, "arithmetic.carryover")


def test_defects_in_the_narrative_are_found_where_they_were_made():
    lines = _lines()
    i = _index(lines, r"^1、.*（项）。")                      # the first item's 决算数 against its function row
    lines[i] = re.sub(r"支出决算为 (\d+\.\d\d)", lambda m: f"支出决算为 {float(m.group(1)) + 1:.2f}", lines[i])
    assert [f.severity for f in _at(lines, i, "narrative.item_amount")] == ["error"]
    lines = _lines()
    i = _index(lines, r"^一般公共预算财政拨款支出年初预算为")   # the completion rate of the whole
    lines[i] = re.sub(r"完成年初预算的 (\d+\.\d\d)%", lambda m: f"完成年初预算的 {float(m.group(1)) - 3:.2f}%",
                      lines[i])
    assert [f.severity for f in _at(lines, i, "narrative.completion")] == ["error"]


def _with_budget(lines, seed=5):
    from audithelpers.reconcile import audit

    budget = ingest_lines(generate(seed, "万元").text.split("\n"))
    return audit(ingest_lines(lines), budget=budget)


def test_the_final_account_s_budget_figures_are_the_published_budget_s():
    findings, checks = _with_budget(_lines())
    assert findings == [] and checks["crosstable"]["checks"] >= 12
    lines = _lines()
    i = _index(lines, r"^2、.*（项）。")                      # an item's 年初预算 is not what the budget printed
    lines[i] = re.sub(r"年初预算为 (\d+\.\d\d)", lambda m: f"年初预算为 {float(m.group(1)) + 2:.2f}", lines[i])
    lines[i] = re.sub(r"完成年初预算的 [\d.]+%", "完成年初预算的 {}%", lines[i])   # keep the rate out of it
    hits = [f for f in _with_budget(lines)[0] if f.rule == "crosstable.budget_execution"]
    assert [(f.lines, f.severity) for f in hits] == [((i + 1,), "error")] and "预算文件第" in hits[0].message


def test_the_three_public_budget_column_against_the_budget_s_three_public_table():
    seed = next(s for s in range(1, 30) if generate(s, "万元").figures["three_public"] > 0)
    lines = _lines(seed)
    i = _index(lines, r"^预算数\t决算数\t") + 1   # the 三公 row: 公务接待费 预算数 and its 合计, still adding up
    lines[i] = _bump(_bump(lines[i], 0), 10)
    findings = _with_budget(lines, seed)[0]
    assert [(f.rule, f.lines) for f in findings] == [("crosstable.budget_execution", (i + 1,))]   # one root cause
    assert "公务接待费" in findings[0].message or "合计" in findings[0].message


def test_a_difference_from_the_budget_without_its_reason():
    lines = _lines()
    i = next(n for n, t in enumerate(lines) if re.match(r"^\d+、", t) and "决算数小于预算数的主要原因" in t)
    lines[i] = lines[i].split("决算数小于预算数的主要原因")[0]
    hits = _at(lines, i, "narrative.completion")
    assert [(f.severity, f.actual) for f in hits] == [("warning", "未说明")]

