"""reconcile.arithmetic_rounding: a last-digit slip the document warns of is an info (the tails: rule_cases.yaml)."""
from audithelpers.reconcile import reconcile

from helpers import SEED, ingest_lines


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def test_a_slip_is_a_warning_unless_the_document_warns_of_last_digit_differences():
    lines = _seed_lines()
    share = [f for f in reconcile(ingest_lines(lines)) if f.rule == "narrative.share" and f.lines == (103,)]
    assert [f.severity for f in share] == ["warning"] and "末位舍入差" in share[0].message
    warned = lines + ["", "注：本表数据因四舍五入可能存在尾数误差。"]
    share = [f for f in reconcile(ingest_lines(warned)) if f.rule == "narrative.share" and f.lines == (103,)]
    assert [f.severity for f in share] == ["info"] and "文件已注明尾数误差" in share[0].message
