import pytest

from audithelpers.reconcile.format_headings import cn_number


@pytest.mark.parametrize("text, number", [("一、", 1), ("（三）", 3), ("十、", 10), ("十二、", 12), ("二十", 20),
                                          ("二十三", 23), ("第四部分", 4), ("12.", 12), ("附件", None)])
def test_heading_numbers_read_as_integers(text, number):
    assert cn_number(text) == number
