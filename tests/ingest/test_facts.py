"""Narrative figures and what they are figures of."""
from decimal import Decimal

from audithelpers.ingest.facts import paragraph_facts
from audithelpers.model import Paragraph


def _facts(text: str):
    return paragraph_facts(Paragraph(text=text, starts=[(0, 10)], section="六、“三公”经费"), None, 2026)


def test_a_bare_budget_figure_is_of_the_paragraphs_own_heading():
    [fact] = [f for f in _facts("(二)公务接待费。2026 年预算数 0.00 万元。") if f.kind == "amount"]
    assert (fact.subject, fact.value, fact.line) == ("公务接待费", Decimal("0.00"), 10)
    [other] = [f for f in _facts("2026 年预算数 5.00 万元。") if f.kind == "amount"]
    assert other.subject != "公务接待费"   # no heading: not guessed


def test_an_item_named_by_its_code():
    [fact] = [f for f in _facts("(一)2010301-行政运行3452.35万元。") if f.kind == "amount"]
    assert (fact.subject, fact.item, fact.value) == ("功能科目", "2010301 行政运行", Decimal("3452.35"))


def test_a_class_after_包括_keeps_its_whole_name():
    facts = [f for f in _facts("按支出功能分类，包括一般公共服务支出 12,868.19 万元、公共安全支出 76,468.81 万元。")
             if f.kind == "amount"]
    assert [f.subject for f in facts] == ["一般公共服务支出(类)", "公共安全支出(类)"]
