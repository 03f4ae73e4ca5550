"""Table regions to rows: cells realigned across pages."""
from __future__ import annotations

from audithelpers.ingest.tables import _realigned

# A margin column on the first page only: there every row starts with an empty cell.
FIRST = [(10, ["", "", "", "小计", "人员经费"]),
         (11, ["", "2050101", "行政运行", "9,754.12", "8,823.90"])]
PAGES = (1,) * 11 + (2,) * 3


def test_a_later_page_one_column_to_the_left_moves_right():
    later = [(12, ["2050205", "高等教育", "61,474.85", "47,322.61", ""])]
    rows = _realigned(FIRST + later, PAGES)
    assert rows[-1] == (12, ["", "2050205", "高等教育", "61,474.85", "47,322.61"])
    assert rows[:2] == FIRST


def test_a_code_printed_in_the_margin_moves_into_the_code_column():
    later = [(12, ["2050205", "", "高等教育", "61,474.85", "47,322.61"])]
    assert _realigned(FIRST + later, PAGES)[-1] == (12, ["", "2050205", "高等教育", "61,474.85", "47,322.61"])


def test_a_total_label_in_the_margin_with_its_amounts_in_place_stays():
    later = [(12, ["合 计", "", "", "70,000.00", "56,000.00"])]
    rows = _realigned(FIRST + later, PAGES)
    assert rows[-1] == (12, ["", "合 计", "", "70,000.00", "56,000.00"])   # its label moves, amounts stay


def test_rows_are_left_alone_when_the_first_page_has_no_margin_column():
    first = [(10, ["2050101", "行政运行", "9,754.12", "8,823.90", ""])]
    later = [(12, ["2050205", "高等教育", "61,474.85", "47,322.61", ""])]
    assert _realigned(first + later, (1,) * 11 + (2,) * 3) == first + later


PERFORMANCE = """2026年北京市测试局部门预算

预算12表 项目支出绩效目标表

金额单位:万元

项目名称\t项目总额\t其中:\t\t绩效目标\t一级指标\t二级指标\t三级指标\t绩效指标性质\t本年绩效指标值\t绩效度量单位
\t\t财政资金\t其他资金\t\t\t\t\t\t\t
\t\t\t\t保障系统运行。\t效益指标\t社会效益指标\t系统服务保障率\t≥\t98\t%
\t\t\t\t\t成本指标\t经济成本指标\t运维成本控制\t≤\t970\t万元
11000026Y000003732199-信息化基础设施项目\t253.200000\t253.200000\t\t\t满意度指标\t服务对象满意度指标\t使用人员满意度\t≥\t90\t%
\t\t\t\t\t产出指标\t定性指标\t采购质量\t定性\t优良\t
"""


def test_a_performance_tables_targets_are_never_amounts_nor_header_labels():
    """An indicator's row (its nature ≥, ≤, 定性 beside its target) is data, not more header; the columns under
    绩效目标 and the indicators hold targets (98 %, 970 万元 of cost control), never amounts to add up."""
    from helpers import ingest_lines

    [table] = ingest_lines(PERFORMANCE.splitlines()).tables
    assert [n for n, _ in table.header] == [7, 8]
    assert table.amount_columns == ["项目总额", "财政资金", "其他资金"]
    assert table.sums == []
    assert [r["本年绩效指标值"] for r in table.records] == ["98", "970", "90", "优良"]
