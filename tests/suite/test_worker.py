"""The batch's warm worker: one kernel for department after department, each run exactly as a single
``budget-audit run`` of it; a department that kills its kernel fails alone and the next gets a new one."""
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from audithelpers.generate.files import write_generated
from audithelpers.suite.limits import MEMORY_MB
from audithelpers.suite.worker import Worker

from helpers import ROOT

pytestmark = pytest.mark.slow
SEED_PARAMS = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


def _files(run_dir: Path) -> dict[str, str]:
    """Digests of what a run writes that must not depend on the kernel it ran in."""
    files = [run_dir / "findings.json", run_dir / "findings.xlsx", run_dir / "narrative.md",
             *sorted((run_dir / "tables").glob("*.csv")), *sorted((run_dir / "charts").glob("*.png"))]
    return {str(p.relative_to(run_dir)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _streams_merged(outputs: list[dict]) -> list[dict]:
    """Outputs with consecutive chunks of one stream joined: how a kernel splits a print into messages ("共 25 条发现"
    then "\\n", or both at once) depends on timing, not on what was printed."""
    merged: list[dict] = []
    for out in outputs:
        if merged and out.get("output_type") == "stream" == merged[-1].get("output_type") \
                and out.get("name") == merged[-1].get("name"):
            merged[-1] = {**merged[-1], "text": ["".join(merged[-1]["text"]) + "".join(out["text"])]}
        else:
            merged.append({**out, "text": ["".join(out["text"])]} if out.get("output_type") == "stream" else out)
    return merged


def _cells(path: Path, run_dir: Path) -> list[tuple]:
    """A notebook's code cells as executed: source, execution count and outputs (run folder paths, the injected
    cell's random id and the chunking of printed streams aside; papermill's timings are metadata and not
    compared)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    staging = re.compile(re.escape(str(run_dir.parent)) + r"/\.?\d{4}(\.tmp-\d+)?")
    return [(staging.sub("RUN", "".join(c["source"])), c["execution_count"],
             staging.sub("RUN", json.dumps(_streams_merged(c["outputs"]), ensure_ascii=False)))
            for c in nb["cells"] if c["cell_type"] == "code" and c.get("id") != "kill"]


def _killer_notebooks(tmp_path: Path, department: str) -> Path:
    """The notebooks, 02_reconcile killing its own kernel for ``department`` (a crash no cell can catch) in a
    last cell of its own."""
    books = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", books)
    path = books / "02_reconcile.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "kill", "metadata": {}, "outputs": [],
                           "source": f"if department == {department!r}:\n    import os, signal\n"
                                     "    os.kill(os.getpid(), signal.SIGKILL)"})
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return books


def test_a_warm_worker_runs_each_department_as_a_single_run_and_survives_a_dead_kernel(
        tmp_path, monkeypatch, seed_run):
    [generated] = write_generated(1, tmp_path / "gen", unit="万元")
    victim = yaml.safe_load(generated.read_text(encoding="utf-8"))["department"]
    monkeypatch.setenv("BUDGET_AUDIT_NOTEBOOKS", str(_killer_notebooks(tmp_path, victim)))
    worker = Worker("budget-audit", MEMORY_MB)   # started now: it reads the notebooks above
    try:
        first = worker.run({"params": str(SEED_PARAMS), "out": str(tmp_path / "a")}, timeout=300)
        dead = worker.run({"params": str(generated), "out": str(tmp_path / "b")}, timeout=300)
        again = worker.run({"params": str(SEED_PARAMS), "out": str(tmp_path / "c")}, timeout=300)
    finally:
        worker.close()
    assert first["exit"] == 0 and again["exit"] == 0, (first, again)
    assert dead["exit"] == 1 and "kernel died" in dead["reason"] and "02_reconcile" in dead["reason"]
    for answer in (first, again):   # the seed, run after another department or after a dead kernel
        run_dir = Path(answer["report"]).parent
        assert _files(run_dir) == _files(seed_run)
        for stem in ("01_ingest", "02_reconcile", "03_charts", "04_narrative"):
            warm, single = _cells(run_dir / f"{stem}.ipynb", run_dir), _cells(seed_run / f"{stem}.ipynb", seed_run)
            assert warm == single, stem
            assert warm[0][1] == 1   # each notebook counts its cells from 1, as in a kernel of its own


def test_a_worker_that_cannot_start_a_thread_under_its_memory_limit_is_said_out_of_memory(tmp_path):
    """Under an address-space limit the first allocation to fail may be a thread's stack, not a MemoryError."""
    import subprocess
    import sys

    from audithelpers.suite.worker import Worker

    worker = Worker.__new__(Worker)
    worker.memory_mb, worker.log = 200, tmp_path / "worker.log"
    worker.log.write_text('File "threading.py", line 964, in start\nRuntimeError: can\'t start new thread\n',
                          encoding="utf-8")
    worker.kill = lambda: None
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    died = worker._died(proc)
    assert died["exit"] == 1 and "out of memory" in died["reason"] and "200 MiB" in died["reason"]
