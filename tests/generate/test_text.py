"""The generator makes consistent disclosures: the reconciler raises no error on them."""
import pytest

from audithelpers.generate import generate, write_generated
from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes
from audithelpers.reconcile import reconcile

ALL_KINDS = ["summary", "revenue", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
             "three_public", "fund_budget", "projects", "project_performance"]


def test_same_seed_same_text():
    assert generate(7, "万元").text == generate(7, "万元").text
    assert generate(7, "万元").text != generate(8, "万元").text


@pytest.mark.parametrize("seed", range(1, 31))
def test_generated_disclosures_have_no_error(seed):
    doc = generate(seed)
    d = ingest_source(read_bytes(doc.text.encode("utf-8"), f"gen{seed}.txt"))
    assert d.kinds == ALL_KINDS
    assert d.department == doc.department and d.year == doc.year
    assert {t.unit for t in d.tables} == {doc.unit}
    findings = reconcile(d)
    assert [f for f in findings if f.severity == "error"] == []
    assert [f for f in findings if f.severity == "warning"] == []


def test_generated_figures_are_read_back():
    doc = generate(11, "元")
    d = ingest_source(read_bytes(doc.text.encode("utf-8")))
    total = d.table("expenditure").data.iloc[0]
    assert total["合计"] == doc.figures["total"] and total["基本支出"] == doc.figures["basic"]
    facts = d.facts[d.facts["subject"] == "人员经费"].iloc[0]
    assert facts["value"] == doc.figures["personnel"] and facts["unit"] == "元"


def test_write_generated(tmp_path):
    params = write_generated(3, tmp_path)
    assert len(params) == 3 and all(p.exists() for p in params)
    assert len(list((tmp_path / "data").iterdir())) == 3
