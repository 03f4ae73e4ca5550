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
