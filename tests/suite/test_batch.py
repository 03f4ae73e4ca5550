"""budget-audit batch: many departments at once, on a local pool or a real Dask cluster; one department's
failure (bad params, a runaway run, memory) never stops the others; --resume runs only what changed."""
import csv
import json
import re

import pytest

from audithelpers.cli import main
from audithelpers.generate import generate, write_generated
from audithelpers.suite.batch import Batch, Task, _current, run_batch, tasks

from helpers import hostile_pdf

EVIL = "<script>alert('x')</script>[点我](http://evil.example/)"
TRICKY_TITLE = 'A "quoted" title \\ with backslash\'s; import os'


def _district(tmp_path, count=2):
    paths = write_generated(count, tmp_path / "gen", unit="万元")
    (tmp_path / "gen" / "params" / "zz-bad.yaml").write_text("document: nothing.txt\ndepartment: x\nyear: 2023\n",
                                                            encoding="utf-8")
    return paths


def _untrusted(tmp_path) -> str:
    """A department whose text holds markup, a script and a link, with a title full of quotes and code, and a
    bad params file beside it; returns the project name the tables carry in <b> tags."""
    doc = generate(4, "万元")
    # a placeholder makes a finding that quotes the line; a project name reaches tables and charts
    text = doc.text.replace("主要原因是业务工作量变化。", f"主要原因是XX{EVIL}。", 1)
    project = next(line.split("\t")[1] for line in text.split("\n")
                   if line.startswith(("其他运转类\t", "特定目标类\t")))
    (tmp_path / "gen" / "params").mkdir(parents=True)
    (tmp_path / "gen" / "evil.txt").write_text(text.replace(project, f"<b>{project}</b>"), encoding="utf-8")
    (tmp_path / "gen" / "params" / "evil-2023.yaml").write_text(
        f"document: ../evil.txt\ndepartment: {doc.department}\nyear: {doc.year}\ntitle: {json.dumps(TRICKY_TITLE)}\n",
        encoding="utf-8")
    (tmp_path / "gen" / "params" / "zz-bad.yaml").write_text("document: nothing.txt\ndepartment: x\nyear: 2023\n",
                                                            encoding="utf-8")
    return project


def _renders_untrusted_text_as_text(run, project):
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert not re.search(r"(href|src)\s*=\s*[\"']?https?://evil", html)   # the markdown link is no link
    assert "[点我](http" in html                                            # but its text is shown
    assert "&lt;script&gt;" in html or "&amp;lt;script&amp;gt;" in html   # shown, as text
    assert f"<b>{project}</b>" not in html and project in html
    nb = json.loads((run / "04_narrative.ipynb").read_text(encoding="utf-8"))
    injected = next(c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    ns: dict = {}
    exec("".join(injected["source"]), ns)           # the injected cell is literal assignments only
    assert ns["title"] == TRICKY_TITLE


@pytest.mark.slow
def test_a_district_on_a_local_dask_cluster_then_resumed(tmp_path, capsys):
    from distributed import LocalCluster

    project = _untrusted(tmp_path)   # one (untrusted) department and one bad params file, on two workers
    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        results = run_batch([tmp_path / "gen" / "params"], Batch(out, scheduler=cluster.scheduler_address))
    assert [r["status"] for r in results] == ["ok", "failed"]
    assert "nothing.txt" in results[1]["reason"]                      # listed with its reason, the other ran
    run = out / results[0]["slug"] / str(results[0]["year"])
    assert (run / "report.html").is_file() and (run / "01_ingest.ipynb").is_file()
    assert results[0]["report"] == str(run / "report.html")           # as budget-audit run printed it
    page = (run / "report.html").read_text(encoding="utf-8")          # its own report, not the seed's
    assert results[0]["department"] in page and "新乡市" not in page.split('id="provenance"')[0]
    _renders_untrusted_text_as_text(run, project)
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert [(r["status"], r["errors"]) for r in rows] == [("ok", "0"), ("failed", "")]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 3 and 'href="evil/' in index and "<script>alert" not in index
    assert "全区概览" in index and (out / "05_portfolio.ipynb").is_file()   # the district notebook ran
    import duckdb

    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    assert con.execute("select count(*), count(distinct department) from documents").fetchone() == (1, 1)
    assert con.execute("select count(*) from table_cells").fetchone()[0] > 100
    con.close()
    progress = capsys.readouterr().err
    assert "[2/2]" in progress and "失败 1" in progress
    again = run_batch([tmp_path / "gen" / "params"], Batch(out, workers=2, resume=True))
    assert again[0]["seconds"] == results[0]["seconds"]               # kept, not run again
    assert "跳过" in capsys.readouterr().err


def test_resume_runs_a_department_again_when_its_inputs_changed(tmp_path):
    report = tmp_path / "report.html"
    report.write_text("x", encoding="utf-8")
    task = Task("p.yaml", "s", 2023, "d", key="abc")
    before = {"status": "ok", "key": "abc", "report": str(report)}
    assert _current(task, before)
    assert not _current(Task("p.yaml", "s", 2023, "d", key="abd"), before)        # document or params changed
    assert not _current(task, {**before, "status": "failed"})
    report.unlink()
    assert not _current(task, before)                                                # its report is gone


def test_a_department_of_two_files_is_run_again_when_either_changes(tmp_path):
    for name in ("narrative.txt", "tables.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    (tmp_path / "p.yaml").write_text("document: [narrative.txt, tables.txt]\ndepartment: 局\nyear: 2026\n",
                                     encoding="utf-8")
    [before] = tasks([tmp_path / "p.yaml"])
    (tmp_path / "tables.txt").write_text("tables, corrected", encoding="utf-8")
    [after] = tasks([tmp_path / "p.yaml"])
    assert before.key and after.key != before.key


def _hostile(folder, name: str, pdf: bytes) -> None:
    (folder / "params").mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.pdf").write_bytes(pdf)
    (folder / "params" / f"{name}.yaml").write_text(f"document: ../{name}.pdf\ndepartment: {name}局\nyear: 2026\n",
                                                   encoding="utf-8")


def test_runaway_documents_are_stopped_by_the_time_limit_or_refused_and_the_memory_limit_holds(tmp_path):
    """Documents made to stall or flood a run: a page of two million drawing operations (150 KB) is stopped
    by --timeout with its worker and kernel; a decompression bomb and a PDF of 2,001 pages are refused at
    once; a department under too small --memory fails with the reason; none stops the others."""
    hostile, out = tmp_path / "hostile", tmp_path / "out"
    _hostile(hostile, "drawing", hostile_pdf(b"0 0 m 1 1 l S\n" * 2_000_000))
    _hostile(hostile, "bomb", hostile_pdf(bytes(100 << 20)))
    _hostile(hostile, "long", hostile_pdf(b"", pages=2001))
    results = {r["slug"]: r for r in run_batch([hostile / "params"], Batch(out, workers=2, timeout=4))}
    assert results["drawing"]["status"] == "timeout" and "4" in results["drawing"]["reason"]
    assert results["bomb"]["status"] == "failed" and "64 MB" in results["bomb"]["reason"]
    assert results["long"]["status"] == "failed" and "2001 pages" in results["long"]["reason"]
    assert all(r["seconds"] < 60 for r in results.values())
    _district(tmp_path, count=1)
    [result, _] = run_batch([tmp_path / "gen" / "params"], Batch(out, workers=1, memory_mb=200))
    assert result["status"] == "failed" and "memory" in result["reason"].lower()
    [result, _] = run_batch([tmp_path / "gen" / "params"], Batch(out, workers=1, resume=True))   # limits lifted
    assert result["status"] == "ok"                    # the failed department runs again: --resume
    nb = json.loads((out / "05_portfolio.ipynb").read_text(encoding="utf-8"))   # by the batch's warm worker
    assert [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"][0] == 1
    assert "全区概览" in (out / "index.html").read_text(encoding="utf-8")


def test_batch_of_nothing_is_one_clear_line(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "holds no params files" in line
    assert main(["batch", str(tmp_path), "--workers", "0"]) == 2


def test_departments_run_at_once_and_each_departments_years_in_order():
    """The scheduler: every department's earliest year is started at once; a later year only after the
    caller has taken the earlier one (and put it in the warehouse for the history rules)."""
    from concurrent.futures import Future

    from audithelpers.suite.batch import _in_order_of_years

    events: list[str] = []

    def submit(task):
        events.append(f"start {task.slug} {task.year}")
        future: Future = Future()
        future.set_result({"slug": task.slug, "year": task.year})
        return future

    todo = [Task("a22.yaml", "a", 2022, "甲局", "k"), Task("a21.yaml", "a", 2021, "甲局", "k"),
            Task("b21.yaml", "b", 2021, "乙局", "k"), Task("a23.yaml", "a", 2023, "甲局", "k")]
    for result in _in_order_of_years(todo, submit, lambda futures: futures[:1]):
        events.append(f"taken {result['slug']} {result['year']}")
    assert events[:2] == ["start a 2021", "start b 2021"]        # both departments at once, earliest year first
    assert events.index("start a 2022") > events.index("taken a 2021")
    assert events.index("start a 2023") > events.index("taken a 2022")
    assert sorted(e for e in events if e.startswith("taken")) == ["taken a 2021", "taken a 2022", "taken a 2023",
                                                                 "taken b 2021"]


def test_a_district_view_that_cannot_be_drawn_leaves_the_plain_index_never_an_old_one(tmp_path, monkeypatch):
    """index.html is the 05_portfolio notebook's; when it fails, the departments' table is written without
    charts, and an index.html of an earlier batch never stays in its place."""
    import audithelpers.suite.batch as batch

    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("an earlier batch's district view", encoding="utf-8")
    drawn: list[list[str]] = []

    def failing(_out, run_ids, _stream, _worker):
        drawn.append(run_ids)
        return False
    monkeypatch.setattr(batch, "_portfolio", failing)
    ordered = [{"params": "a.yaml", "slug": "a", "year": 2025, "department": "甲局", "status": "ok", "key": "0" * 64},
               {"params": "b.yaml", "slug": "b", "year": 2025, "department": "", "status": "failed", "key": ""}]
    batch._write_overview(out, ordered, True, None, None)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert drawn == [["a/2025/000000000000"]] and "甲局" in index and "earlier batch" not in index
    assert "全区概览" not in index and index.count("<tr>") == 3
