"""End-to-end runs for other departments and other ways of running (PDF departments; the notebooks
run by papermill's CLI and as JupyterLab runs them). Apart from test_run.py so that the two halves
of the slow runs go to the two test processes (pytest-xdist, one process per file)."""
import json
import shutil

import pytest

from audithelpers.generate.files import write_generated
from audithelpers.suite.params import load_params
from audithelpers.suite.run import run_suite

from helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name, errors", [("shanghai-putuo-wanli-street-2024", 1)])
def test_pdf_departments_get_their_reports(tmp_path, name, errors):
    """A PDF department's report, with its pages and evidence images (the other PDF of data/, 0 errors, is
    checked by tests/suite/test_corpus.py; a second notebook run here would add time, not coverage)."""
    result = run_suite(load_params(ROOT / "params" / f"{name}.yaml"), tmp_path, progress=None)
    assert sum(1 for f in result.findings if f["severity"] == "error") == errors
    html = result.report.read_text(encoding="utf-8")
    assert load_params(ROOT / "params" / f"{name}.yaml").department in html
    assert (result.run_dir / "tables" / "source.txt").exists()
    if errors:
        assert "（第 31 页）" in html
        # each finding's page image, embedded (the narrative links evidence/<file>; the report holds the bytes)
        record = json.loads((result.run_dir / "evidence" / "evidence.json").read_text(encoding="utf-8"))
        assert record["images"] and html.count("原文截图") == len(record["images"])
        assert "](evidence/" in (result.run_dir / "narrative.md").read_text(encoding="utf-8")
        assert 'src="evidence/' not in html   # inlined: the report stays one self-contained file


def test_notebooks_run_top_to_bottom_with_their_defaults(tmp_path):
    """As in JupyterLab: no parameters injected, working directory notebooks/."""
    import papermill as pm
    from jupyter_client.manager import KernelManager

    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt", tmp_path / "data")   # the default
    km = KernelManager(kernel_name="budget-audit")
    km.start_kernel(cwd=str(tmp_path / "notebooks"))
    try:
        for path in sorted((tmp_path / "notebooks").glob("0[1-4]_*.ipynb")):   # the four stages (05 is a batch's)
            pm.execute_notebook(str(path), str(tmp_path / f"out-{path.name}"), kernel_name="budget-audit",
                                km=km, progress_bar=False)
    finally:
        km.shutdown_kernel(now=True)
    [session] = (tmp_path / "reports").glob("*/2022")   # reports/<slug>/<year>, beside notebooks/
    assert (session / "findings.json").exists() and (session / "narrative.md").exists()
    assert (session / "report.html").exists()   # JupyterLab's way writes the report too
    # the seed has one income source and repeated year-on-year pairs: those two charts are not drawn
    assert sorted(p.stem for p in (session / "charts").glob("*.png")) == [
        "economic_items", "findings", "personnel_public", "projects", "spending_composition"]


def test_notebooks_run_by_papermill_from_the_project_root_for_another_department(tmp_path):
    """As papermill's CLI does it: kernel in the project root, values of a params file injected
    (its document path relative to the params file), or the params file named; each department's
    title comes from its own values, never the defaults."""
    import papermill as pm
    import yaml
    from jupyter_client.manager import KernelManager

    params = write_generated(1, tmp_path / "gen", start=30)[0]
    other = load_params(params)
    km = KernelManager(kernel_name="budget-audit")
    km.start_kernel(cwd=str(ROOT))
    try:
        injected = {"params": str(params), "run_dir": str(tmp_path / "by-file")}
        for stem in ("01_ingest", "02_reconcile", "03_charts", "04_narrative"):
            pm.execute_notebook(str(ROOT / "notebooks" / f"{stem}.ipynb"), str(tmp_path / f"{stem}.ipynb"),
                                parameters=injected, kernel_name="budget-audit", km=km, progress_bar=False)
        seed = {**yaml.safe_load((ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml").read_text("utf-8")),
                "run_dir": str(tmp_path / "by-values")}   # -f params/X.yaml: document relative to params/
        pm.execute_notebook(str(ROOT / "notebooks" / "01_ingest.ipynb"), str(tmp_path / "seed.ipynb"),
                            parameters=seed, kernel_name="budget-audit", km=km, progress_bar=False)
    finally:
        km.shutdown_kernel(now=True)
    narrative = (tmp_path / "by-file" / "narrative.md").read_text(encoding="utf-8")
    assert narrative.splitlines()[0] == f"# {other.title}" and "新乡市" not in narrative
    report = (tmp_path / "by-file" / "report.html").read_text(encoding="utf-8")   # the last notebook writes it
    assert f"<h1>{other.title}</h1>" in report and "三、审核发现" in report and "data:image/png" in report
    info = json.loads((tmp_path / "by-values" / "tables" / "document.json").read_text(encoding="utf-8"))
    assert info["department"] == "新乡市红旗区政务服务和大数据管理局"
