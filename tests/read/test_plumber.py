"""read._content.layout, read._plumber.objects and .extract give what pdfplumber gives."""
from __future__ import annotations

import pdfplumber
import pytest

from audithelpers.read._content import layout
from audithelpers.read._plumber import extract, objects

from helpers import ROOT


@pytest.mark.parametrize("name", [
    "corpus/beijing-education-commission-2026-dept-budget-part2-tables.pdf",   # rectangles, CID fonts
    "corpus/guangdong-shenzhen-port-office-2026-dept-budget.pdf",
    "corpus/zhejiang-hangzhou-transport-bureau-2026-dept-budget.pdf",
    "shanghai-putuo-wanli-street-2024-budget.pdf",
])
def test_objects_and_table_cells_are_pdfplumbers(name):
    with pdfplumber.open(ROOT / "data" / name) as pdf:
        for page in pdf.pages[:10]:
            want = page.objects
            want_tables = [t.extract() for t in page.find_tables()]
            page.close()                       # pdfplumber's caches dropped: read again, our way
            layout(page)
            got = objects(page)
            assert list(got) == list(want)
            for kind in want:
                assert [list(o.items()) for o in got[kind]] == [list(o.items()) for o in want[kind]], kind
            assert [extract(t) for t in page.find_tables()] == want_tables
            page.close()
