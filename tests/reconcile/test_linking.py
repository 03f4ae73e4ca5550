"""Narrative figures found in the table that states the same quantity, in the layouts real documents use."""
from decimal import Decimal

from helpers import ROOT

from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes, read_source
from audithelpers.reconcile import reconcile
from audithelpers.reconcile.context import Context
from audithelpers.reconcile.narrative import alternatives, item_hits

CORPUS = ROOT / "data" / "corpus"


def _lines(name: str) -> list[str]:
    return list(read_source(CORPUS / name).lines)


def _ingest(lines: list[str]):
    return ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "doc.txt"))


def _at(lines: list[str], needle: str) -> int:
    return next(i for i, text in enumerate(lines) if needle in text)


def _item_findings(lines: list[str], i: int):
    return [f for f in reconcile(_ingest(lines), rules=["narrative.item_amount"]) if i + 1 in f.lines]


def test_an_item_named_by_its_code_is_compared_with_that_code_row():
    lines = _lines("fujian-quanzhou-gov-office-2026-dept-budget.pdf")
    i = _at(lines, "2010301-行政运行3452.35")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f["line"] == i + 1 and f["subject"] == "功能科目")
    assert fact["item"] == "2010301 行政运行" and fact["value"] == Decimal("3452.35")
    [(table, row)] = [(t, r) for t, r in item_hits(ctx, fact) if t.kind == "general_budget"]
    assert row["code"] == "2010301"
    assert not [f for f in _item_findings(lines, i) if f.severity != "info"]
    lines[i] = lines[i].replace("3452.35", "3462.35")
    assert [f.severity for f in _item_findings(lines, i)] == ["error"]


def test_an_item_of_a_table_that_prints_names_only_is_found_through_its_outline():
    lines = _lines("zhejiang-hangzhou-justice-bureau-2026-dept-budget.pdf")
    i = _at(lines, "司法（款）行政运行（项）8,553.80")
    assert not [f for f in _item_findings(lines, i) if f.severity != "info"]
    lines[i] = lines[i].replace("8,553.80", "8,563.80")
    found = _item_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and "8553.80" in found[0].expected


def test_a_class_named_in_the_text_is_found_in_a_names_only_table():
    ctx = Context(_ingest(_lines("zhejiang-hangzhou-justice-bureau-2026-dept-budget.pdf")))
    fact = next(f for f in ctx.facts if f["subject"] == "卫生健康支出(类)")
    assert any(fig.value == Decimal("2434.95") for figs in alternatives(ctx, fact) for fig in figs)
