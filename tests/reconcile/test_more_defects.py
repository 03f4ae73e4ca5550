"""Defects whose finding says more than "rule R fires at line L" (those are cases of
data/rule_cases.yaml, run by test_cases.py): nothing else is reported, or a rule's own arithmetic."""
import re

from audithelpers.generate.text import generate
from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes
from audithelpers.reconcile import reconcile


def _doc(seed=5, unit="万元"):
    return generate(seed, unit).text.split("\n")


def _findings(lines):
    return reconcile(ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "defect.txt")))


def _line(lines, predicate, last=False):
    hits = [i for i, text in enumerate(lines) if predicate(text)]
    return hits[-1] if last else hits[0]


def _bump_first_amount(line: str, by: float) -> str:
    cells = line.split("\t")
    k = next(n for n, c in enumerate(cells) if re.fullmatch(r"\d+\.\d\d", c))
    cells[k] = format(float(cells[k]) + by, ".2f")
    return "\t".join(cells)


def test_arithmetic_hierarchy_class_not_the_sum_of_its_items():
    """On a real table with 类/款/项 rows (the generated ones hold 项 rows only)."""
    from helpers import ROOT
    from audithelpers.read.text import read_source

    lines = list(read_source(ROOT / "data" / "corpus" / "jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf").lines)
    i = _line(lines, lambda t: t.startswith("20108\t审计事务\t2,906.63"))
    lines[i] = lines[i].replace("2,906.63", "2,916.63", 1)
    d = ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "suzhou.txt"))
    found = [f for f in reconcile(d, rules=["arithmetic.hierarchy"]) if i + 1 in f.lines]
    assert found and all(f.severity == "error" for f in found)
    assert not [f for f in reconcile(d) if f.severity == "error" and i + 1 not in f.lines]


def test_completeness_table_not_understood_when_its_header_is_lost():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith("类型\t项目名称\t"))
    for n in (i, i + 1):   # both header rows of the project table
        lines[n] = "\t".join(f"栏{k}" for k in range(len(lines[n].split("\t"))))
    found = [f for f in _findings(lines) if f.rule == "completeness.table_not_understood"]
    assert len(found) == 1 and found[0].severity == "info"
    assert not [f for f in _findings(lines) if f.severity == "error"]   # nothing is drawn from a positional guess


def test_arithmetic_not_understood_when_most_row_sums_fail():
    lines = _doc()
    rows = [n for n, t in enumerate(lines) if t.startswith("30") and re.match(r"^30\d{3}\t", t)]
    for n in rows:   # every row's 合计 off: a misread column, not a document error
        lines[n] = _bump_first_amount(lines[n], 1)
    found = _findings(lines)
    assert [f for f in found if f.rule == "arithmetic.not_understood" and f.severity == "info"]
    assert not [f for f in found
                if f.severity == "error" and f.family == "arithmetic" and set(f.lines) & {n + 1 for n in rows}]


def test_arithmetic_balance_counts_carry_over_by_fund_once():
    """A summary table that breaks 上年结转结余 down by fund (一、一般公共预算拨款 …) under it."""
    from audithelpers.model import Table
    from audithelpers.reconcile.context import Context
    from audithelpers.reconcile.arithmetic import balance
    from decimal import Decimal as D

    labels = [("一、一般公共预算资金", "100.00"), ("本年收入合计", "100.00"), ("上年结转结余", "2.00"),
              ("一、一般公共预算拨款", "2.00"), ("收入总计", "102.00")]
    records = [{"line": 10 + n, "收入项目": label, "收入金额": D(v), "支出项目": None, "支出金额": None}
               for n, (label, v) in enumerate(labels)]
    table = Table(kind="fiscal_summary", title="财政拨款收支总表", title_line=9, first_line=9, last_line=20,
                  unit="万元", unit_line=None, department=None, department_line=None, header=[],
                  columns=["line", "收入项目", "收入金额", "支出项目", "支出金额"], records=records, notes=[],
                  layout="header", amount_columns=["收入金额", "支出金额"])
    d = ingest_source(read_bytes("\n".join(_doc()).encode("utf-8"), "defect.txt"))
    d.tables[:] = [table]
    assert not list(balance(Context(d)))
    records[4]["收入金额"] = D("104.00")   # counting the fund row again would make this agree
    assert [i.lines[0] for i in balance(Context(d))] == [14]
