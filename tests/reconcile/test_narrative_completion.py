"""reconcile.narrative_completion: final accounts'
"年初预算为 A，（全年预算为 F，）支出决算为 B，完成（年初/全年）预算的 P%"
sentences, recomputed against the budget they name."""
import functools

import pytest

from audithelpers.reconcile import reconcile

from helpers import ROOT, ingest_lines, line_index

PLANNING = ROOT / "data" / "finals" / "shanghai-putuo-planning-2024-dept-final.pdf"


@functools.lru_cache(maxsize=1)
def _published() -> tuple[str, ...]:
    from audithelpers.read.text import read_source

    return read_source(PLANNING).lines


def _findings(sentence: str):
    """The findings on the published final account's completion sentence, replaced by ``sentence``."""
    lines = list(_published())
    i = line_index(lines, "一般公共预算财政拨款支出年初预算为 10210.34")
    lines[i] = sentence
    return [f for f in reconcile(ingest_lines(lines), rules=["narrative.completion"]) if i + 1 in f.lines]


@pytest.mark.parametrize("sentence", [
    "年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 90.00%。决算数小于预算数的主要原因：项目延后。",
    "全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 98.69%。决算数小于全年预算数的主要原因：人员变动。",
    "年初预算为 0 万元，全年预算为 40.00 万元，支出决算为 40.00 万元，完成全年预算的 100.00%。",
    "“三公”经费财政拨款支出年初预算为 2.85 万元，支出决算为 0.39万元，完成预算的 13.68%，其中：公务接待费支出决算为 "
    "0.39万元，完成预算的 13.68%。决算数小于预算数的主要原因：控制支出。",
])
def test_a_consistent_sentence_raises_nothing(sentence):
    assert _findings(sentence) == []


def test_a_rate_of_the_other_budget_given_is_one_wording_warning():
    """As published (上海普陀 社会工作部 2024): 年初预算 0, and 95.89% is 307.82 ÷ 全年预算 321.02."""
    found = _findings("一般公共预算财政拨款支出年初预算为 0 万元，全年预算为321.02 万元，支出决算为 307.82 万元，"
                      "完成年初预算的 95.89%。决算数小于预算数的主要原因：人员经费支出数小于预算数。")
    assert [(f.severity, f.expected) for f in found] == [("warning", "完成全年预算的 95.89%")]


@pytest.mark.parametrize("sentence, severity, expected", [
    ("全年预算为 52.00 万元，支出决算为 51.32 万元，完成全年预算数的 89.69%。决算数小于预算数的主要原因：变动。",
     "error", "98.69%"),
    ("年初预算为 10210.34 万元，支出决算为 9746.50 万元，完成预算的 95.45%。决算数小于预算数的主要原因：延后。",
     "warning", "95.46%"),   # the last digit: rounding
    ("年初预算为 0 万元，支出决算为 12.00 万元，完成年初预算的 100.00%。决算数大于预算数的主要原因：追加。",
     "warning", "不可比"),
])
def test_a_rate_no_budget_explains_is_found(sentence, severity, expected):
    assert [(f.severity, f.expected) for f in _findings(sentence)] == [(severity, expected)]


def test_the_word_is_read_against_the_budget_it_names():
    found = _findings("年初预算为 30.00 万元，全年预算为 52.00 万元，支出决算为 52.00 万元，完成全年预算的 100.00%。"
                      "决算数小于全年预算数。")
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warning", "持平", "小于")]
