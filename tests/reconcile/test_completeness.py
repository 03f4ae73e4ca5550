"""Completeness of a disclosure: what its contents list and what it holds."""
from audithelpers.ingest import ingest
from audithelpers.reconcile import reconcile

from helpers import ROOT

CORPUS = ROOT / "data" / "corpus"


def test_a_narrative_published_apart_from_its_tables_is_no_table_missing():
    """Beijing publishes the narrative and the tables as two files. The narrative alone lists the tables in
    its contents; that they are not in this file is said once (not checked), never an error per table."""
    narrative = CORPUS / "beijing-capital-greening-office-2026-dept-budget-part1-narrative.pdf"
    findings = reconcile(ingest(narrative), rules=["completeness.contents_missing", "completeness.required_table"])
    assert [(f.rule, f.severity) for f in findings] == [("completeness.required_table", "info")]
    both = sorted(CORPUS.glob("beijing-capital-greening-office-2026-dept-budget-part*.pdf"))
    assert not reconcile(ingest(both), rules=["completeness.contents_missing"])   # read together: all there
