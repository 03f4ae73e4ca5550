"""End-to-end runs of the notebook suite (slow: each run starts a kernel)."""
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from audithelpers.cli import main

from helpers import ROOT

pytestmark = pytest.mark.slow
DEFAULT = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


@pytest.fixture(scope="module")
def default_run(seed_run):
    """The default department's run of this test session (shared with tests/report/test_browser.py)."""
    return seed_run


def _digests(run_dir: Path) -> dict[str, str]:
    files = [run_dir / "findings.json", run_dir / "findings.xlsx", *sorted((run_dir / "tables").glob("*.csv")),
             *sorted((run_dir / "charts").glob("*.png"))]
    return {str(p.relative_to(run_dir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_default_department_report(default_run):
    run_dir = default_run
    assert run_dir.name == "2022" and run_dir.parent.name == "xinxiang-hongqi-zwfw-bureau"
    for name in ("report.html", "findings.json", "findings.xlsx", "provenance.json", "narrative.md", "01_ingest.ipynb",
                 "02_reconcile.ipynb", "03_charts.ipynb", "04_narrative.ipynb", "tables/summary.csv",
                 "tables/facts.csv", "tables/document.json", "charts/findings.png"):
        assert (run_dir / name).exists(), name
    html = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "新乡市红旗区政务服务和大数据管理局" in html
    assert "43.13%" in html and "新海市红旗区政务服务和大数据管理局" in html      # findings
    assert html.count("data:image/png;base64,") >= 7                               # embedded charts
    assert "f76f7d90fa02f04d2e20768591ee42c545733de2ffb752b6fd1b2b9c7fad1960" in html  # provenance
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", html)              # nothing external
    assert "<script" not in html and "<link" not in html
    assert html.index("一、审核对象与范围") < html.index("01 读取与结构化")          # narrative first
    assert "injected-parameters" not in html and "run_dir =" not in html
    body = html.split('id="appendix-1"')[0]            # the informative charts in the body, with Chinese alt text
    assert 'alt="经济分类明细"' in body and 'alt="项目支出"' in body and "No description" not in html
    assert "运行日期" in body and "错误 <strong>3</strong> 条" in body and '<nav class="toc"' in body
    findings = json.loads((run_dir / "findings.json").read_text(encoding="utf-8"))
    assert findings["document"]["department"] == "新乡市红旗区政务服务和大数据管理局"
    prov = json.loads((run_dir / "provenance.json").read_text(encoding="utf-8"))
    assert prov["input"]["sha256"].startswith("f76f7d90")
    assert {"pandas", "papermill", "nbconvert", "matplotlib"} <= set(prov["versions"])
    assert prov["code"]["package_sha256"]
    assert not list(run_dir.parent.glob(".*"))          # no temporary folders left behind


def test_executed_notebooks_keep_their_outputs(default_run):
    nb = json.loads((default_run / "02_reconcile.ipynb").read_text(encoding="utf-8"))
    assert any(c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])


def test_failing_notebook_exits_1_and_keeps_a_failed_run_then_a_good_run_is_byte_identical(
        tmp_path, monkeypatch, capsys, default_run):
    """A failing cell leaves <year>.FAILED; the next good run clears it and gives the same bytes
    (findings, xlsx, tables, charts) as the first good run of the module."""
    books = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", books)
    path = books / "02_reconcile.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].insert(5, {"cell_type": "code", "execution_count": None, "id": "boom", "metadata": {},
                           "outputs": [], "source": "raise ValueError('故意失败')"})
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("BUDGET_AUDIT_NOTEBOOKS", str(books))
    out = tmp_path / "reports"
    assert main(["run", str(DEFAULT), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "02_reconcile.ipynb" in err and "cell" in err and "ValueError: 故意失败" in err
    failed = out / "xinxiang-hongqi-zwfw-bureau" / "2022.FAILED"
    assert (failed / "FAILED.html").exists() and (failed / "02_reconcile.ipynb").exists()
    assert not (failed / "report.html").exists()
    assert not (out / "xinxiang-hongqi-zwfw-bureau" / "2022").exists()
    assert "故意失败" in (failed / "FAILED.html").read_text(encoding="utf-8")
    monkeypatch.delenv("BUDGET_AUDIT_NOTEBOOKS")   # fixed: the next good run clears the old failure
    assert main(["run", str(DEFAULT), "--out", str(out)]) == 0
    assert (out / "xinxiang-hongqi-zwfw-bureau" / "2022" / "report.html").exists() and not failed.exists()
    assert _digests(out / "xinxiang-hongqi-zwfw-bureau" / "2022") == _digests(default_run)


@pytest.mark.parametrize("case", ["another department", "another year", "not a budget"])
def test_a_wrong_document_stops_the_run_with_one_line_and_no_failed_folder(tmp_path, capsys, case):
    """The auditor's mistakes (a params file naming another department or year than its document,
    a file that is no budget) are exit 2 with one line; FAILED folders are for notebooks failing."""
    doc = tmp_path / "doc.txt"
    if case == "not a budget":
        doc.write_text("会议通知\n\n请各单位于下周一参加会议。\n", encoding="utf-8")
    else:
        shutil.copy(ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt", doc)
    department = "另一个局" if case == "another department" else "新乡市红旗区政务服务和大数据管理局"
    year = 2023 if case == "another year" else 2022
    params = tmp_path / "p.yaml"
    params.write_text(f"document: doc.txt\ndepartment: {department}\nyear: {year}\n", encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["run", str(params), "--out", str(out)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("budget-audit: ")
    if case != "not a budget":
        assert str(params) in line and ("另一个局" in line or "2023" in line)
    assert not list(out.rglob("*"))   # nothing written, not even an empty folder for the department


def test_params_errors_stop_before_any_kernel(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: x.txt\ndepartmnet: 局\nyear: 2022\n", encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"budget-audit: {bad}: unknown key 'departmnet' (did you mean 'department'?)"
    assert not (tmp_path / "r").exists()


def test_a_document_published_as_two_files_runs_as_one(tmp_path, capsys):
    """A params file listing a narrative and its tables (as Beijing publishes them) runs as one department:
    the findings are those ``check`` gives for the two files, cited in their own files; the provenance
    records each file's sha256 and the report's cover names both."""
    lines = (ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt").read_text(encoding="utf-8").splitlines()
    split = lines.index("2022 年部门预算表")
    (tmp_path / "part1.txt").write_text("\n".join(lines[:split]) + "\n", encoding="utf-8")
    (tmp_path / "part2.txt").write_text("\n".join(lines[split:]) + "\n", encoding="utf-8")
    params = tmp_path / "p.yaml"
    params.write_text("document: [part1.txt, part2.txt]\ndepartment: 新乡市红旗区政务服务和大数据管理局\n"
                      "year: 2022\n", encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["run", str(params), "--out", str(out)]) == 0
    run_dir = out / "p" / "2022"
    capsys.readouterr()
    main(["check", str(tmp_path / "part1.txt"), str(tmp_path / "part2.txt"), "--params", str(params),
          "--format", "json"])
    checked = json.loads(capsys.readouterr().out)["findings"]
    found = json.loads((run_dir / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert found == checked and any(f["severity"] == "error" for f in found)
    assert any(max(f["lines"]) > split for f in found)   # the tables' findings, on the second file's lines
    inputs = json.loads((run_dir / "provenance.json").read_text(encoding="utf-8"))["input"]
    assert [Path(f["document"]).name for f in inputs["files"]] == ["part1.txt", "part2.txt"]
    assert inputs["files"][1]["sha256"] == hashlib.sha256((tmp_path / "part2.txt").read_bytes()).hexdigest()
    assert "part1.txt + part2.txt" in (run_dir / "report.html").read_text(encoding="utf-8")
