"""Tables found by structure where their titles do not say what they are."""
from audithelpers.ingest.segment import _kind_by_header, _same_shape


def test_a_table_introduced_by_a_sentence_is_known_by_its_header():
    assert _kind_by_header("二级预算单位名称\t一级项目名称\t预算数（万元）\t绩效目标",
                           "2026年，本单位重点项目绩效目标情况如下：") == "project_performance"
    assert _kind_by_header("序号\t单位名称", "列入部门预算编制范围的单位详细情况见下表：") == "units"
    assert _kind_by_header("序号\t单位名称\t预算金额", None) == "unknown"   # figures: not a list of units
    assert _kind_by_header("项目\t金额", "如下表") == "unknown"


def test_a_table_line_after_a_page_break_may_lack_the_empty_cells_on_its_left():
    before = "\t\t\t\t\t\t产出指标\t数量指标\t基金业务核查检查报告\t≥\t1\t份"
    after = "产出指标\t时效指标\t咨询服务按期完成率\t≤\t11\t月"
    assert _same_shape(after, before)
    assert not _same_shape("合计\t5.00", before)
    assert _same_shape("a\tb", "c\td")


def test_a_year_line_printed_2026_年度_in_brackets_belongs_to_the_table_under_its_title():
    """预算13表 部门整体支出绩效目标表 / 2026(年度) / rows: the year line is the table's, not text ending it (its rows
    were read as the previous table's)."""
    from audithelpers.ingest.segment import segment
    from audithelpers.read.text import read_bytes

    text = "\n".join(["预算12表 项目支出绩效目标表", "金额单位:万元", "项目名称\t项目总额\t绩效目标",
                      "", "预算13表 部门整体支出绩效目标表", "", "2026(年度)", "",
                      "部门名称\t\t北京市测试局\t", "总体资金情况(万元)\t\t预算支出总额\t财政拨款"])
    regions = segment(read_bytes(text.encode("utf-8"), "doc.txt")).regions
    assert [(r.kind, r.title_line) for r in regions] == [("project_performance", 1), ("dept_performance", 5)]
    assert regions[1].lines[-1] == 10
