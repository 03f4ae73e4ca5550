"""The rule cases of data/rule_cases.yaml: each defect is found by its rule at the line it names, the document
without it (and its corrected form) is not; every rule has a case; consistent documents raise nothing."""
from __future__ import annotations

import functools

import pytest

from audithelpers.generate.cases import Case, NoMatch, apply, case_from, document_lines, generated_text, load_cases
from audithelpers.reconcile import RULES, audit

from helpers import ingest_lines

CASES = load_cases()

#: Rules no generated or small text document can make fire, and why.
CANNOT_FIRE: dict[str, str] = {}


@functools.lru_cache(maxsize=None)
def _budget(seed: int, unit: str):
    return ingest_lines(generated_text({"seed": seed, "unit": unit}).split("\n"))


def _audit(case: Case, lines: list[str]):
    options = dict(case.audit)
    if "budget" in options:
        options["budget"] = _budget(int(options["budget"]["seed"]), options["budget"].get("unit", "万元"))
    findings, checks = audit(ingest_lines(lines), strict=True, **options)
    assert not any(c["not_run"] for c in checks.values())
    return findings


def _matches(case: Case, finding, cited: tuple[int, ...]) -> bool:
    """A finding of the case's rule citing its lines (or none, for ``at: none``), with what the case says."""
    wanted = {"severity": case.severity, "expected": case.expected, "actual": case.actual}
    return (finding.rule == case.rule and set(cited) <= set(finding.lines) and (bool(cited) or not finding.lines)
            and all(getattr(finding, k) == v for k, v in wanted.items() if v is not None)
            and (case.message_contains is None or case.message_contains in finding.message))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_defect_is_found_at_its_line(case):
    lines, cited = apply(case, document_lines(case))
    findings = _audit(case, lines)
    assert any(_matches(case, f, cited) for f in findings), (
        f"{case.name} ({case.why}): no {case.rule} finding citing {cited}; found "
        + "; ".join(f"{f.rule} {f.severity} {f.lines} {f.message[:60]}" for f in findings))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_document_without_the_defect_does_not_fire_the_rule(case):
    """The defect is what fires the rule: neither the unedited document nor its corrected form does."""
    variants = [document_lines(case)] + ([apply(case, document_lines(case), fixed=True)[0]] if case.fixed else [])
    for lines in variants:
        assert [(f.rule, f.lines) for f in _audit(case, lines) if f.rule == case.rule] == []


def test_every_rule_has_a_firing_case():
    covered = {c.rule for c in CASES}
    assert not set(CANNOT_FIRE) & covered, "a rule said unable to fire has a case"
    assert sorted(set(RULES) - covered - set(CANNOT_FIRE)) == []
    assert set(CANNOT_FIRE) <= set(RULES) and len(CANNOT_FIRE) <= 3


CONSISTENT = [{"seed": s, "unit": u} for s in (1, 2, 3, 4, 5, 6) for u in ("万元", "元")] + \
    [{"seed": s, "kind": "final"} for s in (1, 2, 3, 4, 5, 6)]


def _name(spec: dict) -> str:
    return f"{spec.get('kind', 'budget')}-{spec['seed']}-{spec.get('unit', '万元')}"


@pytest.mark.parametrize("spec", CONSISTENT, ids=_name)
def test_a_consistent_document_raises_nothing_and_every_rule_runs(spec):
    findings, checks = audit(ingest_lines(generated_text(spec).split("\n")), strict=True)
    assert [(f.rule, f.lines) for f in findings if f.severity in ("error", "warning")] == []
    assert all(c["not_run"] == 0 for c in checks.values())


def test_the_district_defects_are_cases_of_the_table():
    from audithelpers.generate.cases import district_cases

    assert set(district_cases()) == {"table_cell", "department_name", "placeholder"}
    assert {c.rule for c in district_cases().values()} == {"arithmetic.row_total", "identity.department_name",
                                                           "format.placeholder"}


@pytest.mark.parametrize("raw, words", [
    ({"name": "x", "rule": "r", "why": "w", "text": "a", "edit": [{"paint": {"line": "a"}}]}, "unknown operation"),
    ({"name": "x", "rule": "r", "why": "w", "text": "a", "edit": [{"replace": {"line": "a", "old": "a"}}]},
     "replace needs new"),
    ({"name": "x", "rule": "r", "why": "w", "text": "a", "edit": [], "colour": 1}, "unknown case key(s) colour"),
    ({"name": "x", "rule": "r", "why": "w", "edit": []}, "either generate: or text:"),
    ({"name": "x", "rule": "r", "why": "w", "text": "a", "edit": [{"add": {"line": "a", "by": 1}}]},
     "exactly one of cell, cells, number"),
    ({"name": "x", "rule": "r", "why": "w", "text": "a", "edit": [], "audit": {"budgte": 1}}, "unknown audit key"),
])
def test_a_case_that_is_not_understood_is_a_clear_error_naming_it(raw, words):
    with pytest.raises(ValueError, match="rule case 'x'") as raised:
        case_from(raw)
    assert words in str(raised.value)


def test_an_edit_that_finds_no_line_or_changes_nothing_says_so():
    base = {"name": "x", "rule": "r", "why": "w", "text": "甲\n乙"}
    with pytest.raises(NoMatch, match="no line matches"):
        apply(case_from({**base, "edit": [{"delete": {"line": "丙"}}]}), ["甲", "乙"])
    with pytest.raises(NoMatch, match="as it was"):
        apply(case_from({**base, "edit": [{"replace": {"line": "甲", "old": "丙", "new": "丁"}}]}), ["甲", "乙"])
    with pytest.raises(ValueError, match="which: 5"):
        apply(case_from({**base, "edit": [{"delete": {"line": "甲", "which": 5}}]}), ["甲", "乙"])


def test_the_operations_and_the_lines_they_cite():
    base = {"name": "x", "rule": "r", "why": "w", "text": ""}
    lines = ["标题", "a\t1.50\t2", "b\t3.00\t", "说明 12.5 万元", "尾"]
    out, cited = apply(case_from({**base, "edit": [{"add": {"line": "\t", "which": "all", "cells": [1, 2],
                                                            "by": "1.25"}}]}), lines)
    assert out[1:3] == ["a\t2.75\t3", "b\t4.25\t1.25"] and cited == (2, 3)
    out, cited = apply(case_from({**base, "edit": [{"add": {"line": "说明", "number": r"([\d.]+) 万元", "by": -2}}],
                                  "at": {"line": "标题"}}), lines)
    assert out[3] == "说明 10.5 万元" and cited == (1,)
    out, cited = apply(case_from({**base, "edit": [{"delete": {"line": "^a", "to": "^说明"}},
                                                   {"insert": {"after": "标题", "lines": ["", "新"]}}]}), lines)
    assert out == ["标题", "", "新", "说明 12.5 万元", "尾"] and cited == (3,)
    out, cited = apply(case_from({**base, "edit": [{"replace": {"line": ".", "which": -1, "old": "尾", "new": "末"}}],
                                  "at": ["edited", {"line": "^b"}]}), lines)
    assert out[-1] == "末" and cited == (3, 5)
