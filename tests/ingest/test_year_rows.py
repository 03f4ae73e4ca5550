"""A 三公 table of year rows per budget unit, each item split into fund columns, as Shenzhen prints it."""
from decimal import Decimal

from helpers import ROOT

from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes, read_source

PORT = ROOT / "data" / "corpus" / "guangdong-shenzhen-port-office-2026-dept-budget.pdf"


def test_the_table_is_read_from_its_header_with_the_unit_and_year_as_text():
    lines = list(read_source(PORT).lines)
    table = ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "doc.txt")).table("three_public")
    assert table.layout == "header"
    assert "预算单位" not in table.amount_columns and "年度" not in table.amount_columns
    assert len(table.amount_columns) == 18
    first, budget, change = table.records[:3]
    assert (first["预算单位"], first["年度"]) == ("深圳市人民政府口岸办公室", "2025年")
    assert (budget["预算单位"], budget["年度"], change["年度"]) == ("", "2026年", "增减变化金额")
    assert budget["因公出国(境)费/一般公共预算"] == Decimal("36.14")
    assert budget["公务用车运行维护费/国有资本经营预算"] == Decimal("0.00")
