"""A final account's report speaks of 决算 and shows its own tables' figures and charts."""
import functools

from audithelpers.ingest import ingest
from audithelpers.report import charts
from audithelpers.report.narrate import key_figures
from audithelpers.report.render import cover

from helpers import ROOT

PLANNING = ROOT / "data" / "finals" / "shanghai-putuo-planning-2024-dept-final.pdf"


@functools.lru_cache(maxsize=1)
def _planning():
    return ingest([PLANNING])


def test_the_overview_takes_the_final_accounts_figures():
    figures = {label: (value, where) for label, value, where in key_figures(_planning(), "万元")}
    assert figures["收入总计"][0] == figures["支出总计"][0] == "9,859.38 万元"
    assert figures["一般公共预算支出"] == ("9,746.50 万元", "一般公共预算财政拨款支出决算表")
    assert figures["人员经费"] == ("4,884.09 万元", "一般公共预算财政拨款基本支出决算表")
    assert figures["“三公”经费决算数"][0] == "0.39 万元"


def test_the_charts_are_drawn_from_the_final_accounts_tables():
    d = _planning()
    table = charts.function_table(d)
    assert table is not None and table.kind == "final_general"
    assert {name for _, name, _ in charts.function_classes(table)} == {
        "社会保障和就业支出", "卫生健康支出", "城乡社区支出", "自然资源海洋气象等支出", "住房保障支出"}
    assert charts.personnel_public(d) is not None and charts.economic_items(d) is not None


def test_the_cover_names_the_year_of_the_final_accounts():
    prov = {"parameters": {"department": "某局", "year": 2024}, "input": {"document": "x.pdf", "sha256": "0"}}
    assert "决算年度" in cover("某局 2024 年度部门决算审核报告", prov)
    assert "预算年度" in cover("某局 2024 年度部门预算审核报告", prov)


def test_the_budget_against_actual_chart_reads_the_completion_sentences():
    d = _planning()
    pairs = charts.execution_pairs(d)
    assert pairs[0] == ("一般公共预算财政拨款支出", 10210.34, 9746.5) and len(pairs) == 15
    assert ("城乡社区规划与管理", 3110.14, 2739.56) in pairs
    assert ("“三公”经费", 2.85, 0.39) in pairs   # "年初预算为 2.85 万元，支出决算为 0.39万元，完成预算的 13.68%"
    assert charts.budget_execution(d) is not None


def test_a_budget_has_no_budget_against_actual_chart():
    from audithelpers.generate.text import generate
    from helpers import ingest_lines

    assert charts.budget_execution(ingest_lines(generate(5, "万元").text.split("\n"))) is None
