"""Completeness of a disclosure: what its contents list and what it holds."""
from audithelpers.ingest import ingest
from audithelpers.reconcile import reconcile

from helpers import ROOT

CORPUS = ROOT / "data" / "corpus"


def test_a_narrative_published_apart_from_its_tables_is_no_table_missing():
    """Beijing publishes the narrative and the tables as two files. The narrative alone lists the tables in
    its contents; that they are not in this file is said once (not checked), never an error per table."""
    narrative = CORPUS / "beijing-capital-greening-office-2026-dept-budget-part1-narrative.pdf"
    findings = reconcile(ingest(narrative), rules=["completeness.contents_missing", "completeness.required_table"])
    assert [(f.rule, f.severity) for f in findings] == [("completeness.required_table", "info")]
    both = sorted(CORPUS.glob("beijing-capital-greening-office-2026-dept-budget-part*.pdf"))
    assert not reconcile(ingest(both), rules=["completeness.contents_missing"])   # read together: all there



def test_a_table_whose_figures_sit_outside_its_read_columns_is_not_empty():
    """A transfer payment's targets table holds its 年度金额 in a cell no amount column was read from (so
    ``Table.empty`` says empty): it is no empty table wanting a note. A code such as 2296002 is no figure."""
    from audithelpers.reconcile.completeness import _holds_figures
    from audithelpers.reconcile.context import Context

    from helpers import ingest_lines

    lines = ["北京市测试局2026年部门预算", "", "一、部门职责", "", "本部门负责测试工作。", "",
             "社会保障和就业共同事权转移支付绩效目标表", "", "(2026年度)", "",
             "转移支付名称\t养老服务补助\t市级主管部门\t北京市测试局\t",
             "资金情况(万元)\t年度金额:\t62400.000000\t\t",
             "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
             "\t产出指标\t数量指标\t补贴发放人数\t≥16万人"]
    disclosure = ingest_lines(lines)
    assert _holds_figures(Context(disclosure), disclosure.tables[0])
    lines[11] = "资金情况(万元)\t年度金额:\t2296002\t0.000000\t"
    disclosure = ingest_lines(lines)
    assert not _holds_figures(Context(disclosure), disclosure.tables[0])
