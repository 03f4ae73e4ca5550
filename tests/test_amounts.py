"""amounts: figures as printed, parsed to Decimal; absent cells are None, text is Unparsed."""
from decimal import Decimal

import pytest

from audithelpers.amounts import Unparsed, parse_amount


@pytest.mark.parametrize("cell, value", [
    ("1,234,567.89", Decimal("1234567.89")),
    ("120258,600", Decimal("120258600")),   # grouped only in its last thousands
    ("(12.50)", Decimal("-12.50")), ("0.00", Decimal("0.00")), ("295.42", Decimal("295.42")),
])
def test_figures_as_producers_print_them(cell, value):
    assert parse_amount(cell) == value


@pytest.mark.parametrize("cell", ["2021,2022", "1,23", "12,34.5", "约 5 万"])
def test_what_is_not_a_figure_is_kept_as_text(cell):
    assert isinstance(parse_amount(cell), Unparsed)


def test_absent_cells_are_none_not_zero():
    assert parse_amount("—") is None and parse_amount("") is None and parse_amount(None) is None
