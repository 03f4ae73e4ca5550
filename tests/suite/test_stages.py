"""The notebook stages: each reads what the one before wrote, and reads a document once."""
import shutil

from audithelpers.ingest import ingest
from audithelpers.ingest.export import write_into
from audithelpers.suite.stages import ingest_stage

from helpers import ROOT, SEED

PDF = ROOT / "data" / "corpus" / "shanghai-welfare-lottery-issuance-center-2026-unit-budget.pdf"


def test_the_ingest_stage_uses_the_extract_already_in_the_run_folder(tmp_path):
    """`run` reads the document once to confirm it; 01_ingest then uses that extract, not the PDF."""
    (tmp_path / "tables").mkdir()
    write_into(tmp_path / "tables", ingest(PDF))
    converted = tmp_path / "tables" / "source.txt"
    text = converted.read_text(encoding="utf-8")
    department = ingest(PDF).department
    converted.write_text(text.replace(department, "读过一次的部门"), encoding="utf-8")   # a marker
    assert ingest_stage(PDF, tmp_path).department == "读过一次的部门"


def test_an_extract_of_another_document_is_not_used(tmp_path):
    (tmp_path / "tables").mkdir()
    write_into(tmp_path / "tables", ingest(SEED))
    copy = tmp_path / "doc.pdf"
    shutil.copy(PDF, copy)
    assert ingest_stage(copy, tmp_path).department == ingest(PDF).department
