"""history: this year's statements about last year against last year's published figures."""
from audithelpers.generate.district import department_years
from audithelpers.reconcile import audit
from audithelpers.report.portfolio import key_amounts

from helpers import ingest_lines


def _two_years():
    (_, first), (_, second) = department_years(7, 2, "万元")
    return ingest_lines(first.split("\n")), ingest_lines(second.split("\n"))


def test_the_change_on_last_year_agrees_with_last_year_s_document():
    last, this = _two_years()
    history = {**key_amounts(last), "source": "last.txt"}
    findings, checks = audit(this, history=history, rules=["history.prior_year"])
    assert findings == [] and checks["history"]["checks"] >= 1


def test_a_last_year_figure_other_than_published_is_a_warning_at_the_statement():
    last, this = _two_years()
    history = {**key_amounts(last), "source": "last.txt"}
    history["收入总计"] = str(float(history["收入总计"]) + 50000)   # last year published 5 万元 more
    findings, _ = audit(this, history=history, rules=["history.prior_year"])
    change = next(f for f in this.fact_records if f.kind == "change" and f.subject == "收入总计")
    assert [(f.severity, change.line in f.lines) for f in findings] == [("warning", True)]
    assert "last.txt" in findings[0].message


def test_without_last_year_nothing_is_compared():
    _, this = _two_years()
    findings, checks = audit(this, rules=["history.prior_year"])   # no warehouse: nothing to compare
    assert findings == [] and checks["history"]["checks"] == 0
