"""Real documents, labelled by hand: each is read right and its findings are exactly the verified ones.

Every ``tests/corpus/<document>.yaml`` names the files of one disclosure (the corpus of
``data/corpus``, the documents of ``data/``, the final accounts of ``data/finals``), the table
kinds it holds, whether its summary table's total equals the hand-read total of the folder's
``MANIFEST.csv``, and every
error and warning ``check`` gives on it, each verified by hand with the reason it is true.
A finding not recorded there, or a recorded one no longer found, fails.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from audithelpers.ingest import ingest
from audithelpers.reconcile import audit
from audithelpers.suite.corpus import group_documents, headline, read_manifest

from helpers import ROOT

CORPUS = ROOT / "data" / "corpus"
LABELS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
          for p in sorted((ROOT / "tests" / "corpus").glob("*.yaml"))}
MANIFEST = read_manifest(CORPUS) | read_manifest(ROOT / "data" / "finals")


def test_every_corpus_disclosure_is_labelled():
    labelled = {Path(f).name for case in LABELS.values() for f in case["files"]}
    assert {p.name for paths in group_documents(CORPUS) for p in paths} <= labelled
    assert all(f["why"] and f["why"] != "TODO" for case in LABELS.values() for f in case["findings"])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(LABELS))
def test_document_read_right_with_exactly_its_verified_findings(name):
    case = LABELS[name]
    disclosure = ingest([ROOT / f for f in case["files"]])
    assert set(case["kinds"]) <= set(disclosure.kinds)
    if case["total_checked"]:
        row = MANIFEST[Path(case["files"][-1]).name]
        total, unit = headline(disclosure)
        assert total is not None and abs(total - Decimal(row["headline_total"])) <= Decimal("0.005")
        assert unit == row["headline_unit"]
    if "self_consistent" in case:   # a document with no hand-read total: read right by its own figures
        from audithelpers.suite.corpus import FINAL_STANDARD, STANDARD, self_consistency

        standard = FINAL_STANDARD if disclosure.document_kind == "final" else STANDARD
        assert self_consistency(disclosure, standard)["self_consistent"] == case["self_consistent"]
    findings, checks = audit(disclosure, region=case.get("region", "default"), strict=True)
    assert not any(c["not_run"] for c in checks.values())
    got = sorted((f.rule, f.severity, list(f.lines)) for f in findings if f.severity in ("error", "warning"))
    expected = sorted((f["rule"], f["severity"], f["lines"]) for f in case["findings"])
    assert got == expected


def test_a_document_without_a_hand_read_total_is_read_right_by_its_own_figures(seed_disclosure):
    from audithelpers.suite.corpus import STANDARD, self_consistency

    from helpers import ingest_lines, seed_lines

    assert self_consistency(seed_disclosure, STANDARD) == {"self_consistent": True, "self_problems": []}
    lines = seed_lines()
    i = next(n for n, t in enumerate(lines) if t.startswith("收入总计"))   # the summary's income total, misprinted
    lines[i] = lines[i].replace("295.42", "259.42", 1)
    problems = self_consistency(ingest_lines(lines), STANDARD)["self_problems"]
    assert problems and "sides differ" in problems[0]
