import pytest

from audithelpers.reconcile.format_headings import cn_number


@pytest.mark.parametrize("text, number", [("一、", 1), ("（三）", 3), ("十、", 10), ("十二、", 12), ("二十", 20),
                                          ("二十三", 23), ("第四部分", 4), ("12.", 12), ("附件", None)])
def test_heading_numbers_read_as_integers(text, number):
    assert cn_number(text) == number


def _numbering(lines: list[str]):
    from audithelpers.reconcile import reconcile

    from helpers import ingest_lines

    return reconcile(ingest_lines(lines), rules=["format.heading_numbering"], strict=True)


_HALVES = ["某市某局", "2026 年部门预算", "", "一、文字部分", "第一部分 部门概况", "一、部门职责", "二、机构编制",
           "第二部分 收支情况", "一、收入预算", "收入预算 10.00 万元。", "二、支出预算", "三、其他"]


def test_the_disclosure_s_two_halves_are_a_list_of_their_own():
    """Shenzhen: "一、文字部分" holds the parts (第一部分 … with their own 一、二、), then "二、表格部分": no slip."""
    assert not _numbering([*_HALVES, "二、表格部分"])
    found = _numbering([*_HALVES, "二、政府采购"])   # the same number for an ordinary heading: a slip after 三、
    assert len(found) == 1 and "倒退" in found[0].message


def test_a_figure_wrapped_onto_the_next_line_of_its_cell_is_one_figure():
    from decimal import Decimal

    from audithelpers.reconcile.format import _wrapped_cells

    cells = [(328, "事业收入", Decimal("12437.3")), (329, "事业收入", Decimal("6")), (330, "事业收入", Decimal("5.5")),
             (327, "合计", Decimal("1.00"))]
    assert _wrapped_cells(cells, 2) == {(328, "事业收入"), (329, "事业收入")}   # 12,437.36 printed over two lines
    assert _wrapped_cells([(1, "合计", Decimal("5.5")), (3, "合计", Decimal("6"))], 2) == set()
