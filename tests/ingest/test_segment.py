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
