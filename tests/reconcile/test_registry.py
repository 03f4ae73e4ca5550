"""Rules run in isolation, and what was checked is counted."""
from audithelpers.generate.text import generate
from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes
from audithelpers.reconcile import RULES, Rule, audit, reconcile


def _doc(text: str):
    return ingest_source(read_bytes(text.encode("utf-8"), "gen.txt"))


def test_a_rule_that_raises_is_one_finding_and_the_others_still_run(monkeypatch):
    def broken(_ctx):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(RULES, "arithmetic.row_total", Rule("arithmetic.row_total", "error", "x", broken))
    d = _doc(generate(3, "万元").text)
    findings, checks = audit(d, strict=False)   # what users get: isolation
    failed = [f for f in findings if f.rule == "arithmetic.row_total"]
    assert len(failed) == 1 and "未能运行" in failed[0].message and "ZeroDivisionError" in failed[0].message
    assert checks["arithmetic"]["not_run"] == 1 and checks["arithmetic"]["checks"] > 10   # the other sums ran


def test_strict_mode_raises_what_a_rule_raised(monkeypatch):
    import pytest

    from audithelpers.reconcile.registry import STRICT_ENV

    def broken(_ctx):
        raise KeyError("subjekt")

    monkeypatch.setitem(RULES, "narrative.amount", Rule("narrative.amount", "error", "x", broken))
    d = _doc(generate(3, "万元").text)
    with pytest.raises(KeyError) as raised:
        audit(d, strict=True)
    assert "narrative.amount" in "".join(raised.value.__notes__)
    monkeypatch.setenv(STRICT_ENV, "1")   # the tests' default, for every process they start
    with pytest.raises(KeyError):
        reconcile(d)
    monkeypatch.setenv(STRICT_ENV, "0")
    assert any(f.rule == "narrative.amount" and "KeyError" in f.message for f in reconcile(d))


def test_a_consistent_document_is_consistent_in_every_family():
    findings, checks = audit(_doc(generate(4, "元").text))
    assert not [f for f in findings if f.severity in ("error", "warning")]
    assert checks["arithmetic"]["checks"] > 20 and checks["crosstable"]["checks"] > 3
    assert all(c["consistent"] == c["checks"] for c in checks.values())


def test_a_defect_is_counted_as_a_check_that_failed():
    text = generate(4, "元").text
    lines = text.split("\n")
    i = next(n for n, t in enumerate(lines) if "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    cells[5] = format(float(cells[5]) + 1, ".2f")
    lines[i] = "\t".join(cells)
    findings, checks = audit(_doc("\n".join(lines)))
    assert checks["arithmetic"]["findings"] >= 1
    assert checks["arithmetic"]["consistent"] == checks["arithmetic"]["checks"] - checks["arithmetic"]["findings"]
    assert reconcile(_doc("\n".join(lines))) == findings


def test_a_finding_has_a_stable_id_from_its_rule_and_lines_in_every_form():
    from audithelpers.reconcile.finding import Finding

    finding = Finding(rule="narrative.amount", severity="error", message="m", lines=(94, 124))
    assert finding.id == "narrative.amount@94-124" == finding.to_dict()["id"]
    assert Finding(rule="format.brackets", severity="warning", message="m").id == "format.brackets@0"


def test_two_findings_of_one_rule_at_the_same_lines_get_distinct_ids():
    from audithelpers.reconcile.finding import Finding, sort_findings

    a = Finding(rule="format.brackets", severity="warning", message="「《》」不成对", lines=(5,))
    b = Finding(rule="format.brackets", severity="warning", message="「“”」不成对", lines=(5,))
    assert [f.id for f in sort_findings([b, a])] == ["format.brackets@5", "format.brackets@5#2"]
