"""The corpus of real documents: each disclosure is read, with its table kinds and the manifest's total.

``tests/corpus/expected.yaml`` states per disclosure the standard table kinds it holds (as
found and checked against the document's contents page), whether the summary table's grand
total equals the hand-read total of ``data/corpus/MANIFEST.csv``, and the most errors it may
raise (a ratchet: a change that adds errors on real documents fails here).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from audithelpers.ingest import ingest
from audithelpers.reconcile import reconcile
from audithelpers.suite.corpus import group_documents, headline, read_manifest

from helpers import ROOT

CORPUS = ROOT / "data" / "corpus"
EXPECTED = yaml.safe_load((ROOT / "tests" / "corpus" / "expected.yaml").read_text(encoding="utf-8"))
MANIFEST = read_manifest(CORPUS)


def test_every_corpus_disclosure_has_expectations():
    names = {(paths[0].name if len(paths) == 1 else paths[0].name.split("-part")[0]) for paths in group_documents(CORPUS)}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_disclosure_read_right(name):
    case = EXPECTED[name]
    disclosure = ingest([CORPUS / f for f in case["files"]])
    assert disclosure.year == 2026
    assert set(case["kinds"]) <= set(disclosure.kinds)
    if case["total_checked"]:
        row = next(MANIFEST[f] for f in reversed(case["files"]))
        total, unit = headline(disclosure)
        assert total is not None and abs(total - Decimal(row["headline_total"])) <= Decimal("0.005")
        assert unit == row["headline_unit"]
    errors = [f for f in reconcile(disclosure) if f.severity == "error"]
    assert len(errors) <= case["max_errors"], [f.message for f in errors]
