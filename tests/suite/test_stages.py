"""The notebook stages: each reads what the one before wrote, and reads a document once."""
import shutil

from audithelpers.ingest import ingest
from audithelpers.ingest.export import write_into
from audithelpers.suite.stages import ingest_stage, load_checked

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


def test_a_document_of_two_files_read_back_keeps_where_each_file_starts(tmp_path):
    """Later stages read the converted text back; a document of two PDFs must still cite each line and page
    in its own file (the evidence images are cut from that file's page)."""
    files = [tmp_path / "narrative.pdf", tmp_path / "tables.pdf"]
    for path in files:
        shutil.copy(PDF, path)
    run_dir = tmp_path / "run"
    read = ingest_stage(files, run_dir)
    assert (run_dir / "tables" / "source.txt").exists() and len(read.source.parts) == 2
    again = load_checked(files, run_dir)
    assert again.source.parts == read.source.parts and again.source.lines == read.source.lines
    assert again.source.parts[1].path == str(files[1]) and again.source.parts[1].first_page > 1
