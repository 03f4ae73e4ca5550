"""``budget-audit batch``: every department of a folder of params files, in parallel.

Each department is one ``budget-audit run`` in a process of its own, so a document that
stalls, loops or eats memory is stopped by its own time and memory limits (``--timeout``,
``--memory``) and reported, while the others go on. By default a local pool runs as many
departments at once as there are cores; with ``--scheduler ADDRESS`` the same tasks go to an
existing Dask distributed cluster (each worker starts the department's process). Kernels
talk over IPC sockets in a folder of their own (``suite.run``), so parallel runs cannot race
for ports.

The batch folder gets one ``<slug>/<year>/`` per department (as ``run`` writes it),
``summary.csv``, ``index.html`` and ``warehouse.duckdb``; ``batch.json`` records each
department's inputs (sha256 of params file and documents) and outcome, so ``--resume`` runs
again only what is missing, failed or changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ParamsError

from .limits import MEMORY_MB, TIMEOUT


@dataclass(frozen=True)
class Task:
    """One department of the batch: its params file, what it names, and the sha256 of its inputs."""

    params: str
    slug: str
    year: int
    department: str
    key: str
    problem: str = ""     # a params file that cannot be used: the department fails with this reason


def _sha256(*paths: str) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path and Path(path).is_file():
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def params_files(paths: Iterable[str | Path]) -> list[Path]:
    """The params files named, folders expanded to their *.yaml / *.yml files (sorted); none is an error."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise ParamsError(path, "no such params file or folder")
    if not found:
        raise ParamsError(", ".join(map(str, paths)), "holds no params files (*.yaml)")
    return found


def tasks(paths: Iterable[str | Path]) -> list[Task]:
    """A task per params file; one that does not validate, or repeats a department and year, fails alone."""
    from ..errors import AuditError
    from .params import load_params

    out: list[Task] = []
    seen: dict[tuple[str, int], str] = {}
    for path in params_files(paths):
        try:
            p = load_params(path)
        except AuditError as error:
            out.append(Task(str(path), path.stem, 0, "", "", problem=error.problem))
            continue
        key = _sha256(str(path), p.document, p.budget)
        clash = seen.get((p.slug, p.year))
        seen.setdefault((p.slug, p.year), str(path))
        problem = f"same slug and year as {clash}: both would write {p.slug}/{p.year}" if clash else ""
        out.append(Task(str(path), p.slug, p.year, p.department, key, problem))
    return out


#: The department's process: its address space limited first (the kernel it starts inherits the limit), then
#: ``budget-audit run``. Set in the child itself, not by a preexec function (unsafe beside threads).
_CHILD = ("import resource, sys; size = int(sys.argv[1]) * 1024 * 1024; "
          "resource.setrlimit(resource.RLIMIT_AS, (size, size)); "
          "from audithelpers.cli import main; sys.exit(main(sys.argv[2:]))")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run_task(task: Task, out: str, timeout: float = TIMEOUT, memory_mb: int = MEMORY_MB) -> dict[str, Any]:
    """Run one department (``budget-audit run`` in a process of its own) and say how it went."""
    started = time.perf_counter()
    result: dict[str, Any] = {**asdict(task), "status": "failed", "exit": None, "reason": task.problem}
    if task.problem:
        return {**result, "seconds": 0.0}
    command = [sys.executable, "-c", _CHILD, str(memory_mb),
               "run", task.params, "--out", out, "--warehouse", str(Path(out) / "warehouse.duckdb")]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)   # the kernel too: it is in the department's process group
        proc.communicate()
        return {**result, "status": "timeout", "reason": f"stopped after {timeout:g} s (--timeout)",
                "seconds": round(time.perf_counter() - started, 2)}
    reason = _last_line(stderr) if proc.returncode else ""
    if proc.returncode < 0:
        reason = f"killed by signal {-proc.returncode} (out of memory under --memory {memory_mb} MiB, or stopped)"
    elif proc.returncode and ("MemoryError" in stderr or "Kernel died" in stderr):
        reason = f"out of memory, most likely (--memory {memory_mb} MiB): {reason}"
    return {**result, "status": "ok" if proc.returncode == 0 else "failed", "exit": proc.returncode,
            "reason": reason, "report": _last_line(stdout).removeprefix("report: ") if proc.returncode == 0 else "",
            "seconds": round(time.perf_counter() - started, 2)}


# -- engines -----------------------------------------------------------------------------------------
def _local(todo: list[Task], out: str, workers: int, timeout: float, memory_mb: int) -> Iterator[dict[str, Any]]:
    """The departments on a pool of this machine (threads, each waiting for its department's process)."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_task, task, out, timeout, memory_mb) for task in todo]
        for future in as_completed(futures):
            yield future.result()


def _dask(todo: list[Task], out: str, scheduler: str, timeout: float, memory_mb: int) -> Iterator[dict[str, Any]]:
    """The same tasks on an existing Dask distributed cluster (``--scheduler tcp://host:8786``)."""
    from distributed import Client, as_completed as completed

    with Client(scheduler, timeout=30) as client:
        futures = client.map(run_task, todo, out=out, timeout=timeout, memory_mb=memory_mb, pure=False)
        for future in completed(futures):
            try:
                yield future.result()
            except Exception as error:   # noqa: BLE001 - a lost worker fails its department, not the batch
                task = todo[futures.index(future)]
                yield {**asdict(task), "status": "failed", "exit": None, "seconds": 0.0,
                       "reason": f"the Dask worker failed: {type(error).__name__}: {error}"}


class Progress:
    """One line per finished department on stderr: done, failed, left, and the time left at this pace."""

    def __init__(self, total: int, stream=None) -> None:
        self.total, self.stream, self.started = total, stream or sys.stderr, time.perf_counter()
        self.done = self.failed = 0

    def update(self, result: dict[str, Any]) -> None:
        self.done += 1
        self.failed += result["status"] != "ok"
        elapsed = time.perf_counter() - self.started
        left = self.total - self.done
        eta = f"，约剩 {elapsed / self.done * left:.0f} s" if left else ""
        what = "完成" if result["status"] == "ok" else f"失败（{result['reason'] or result['status']}）"
        print(f"[{self.done}/{self.total}] {result['slug']} {result['year'] or ''} {what} {result['seconds']:.1f} s "
              f"— 完成 {self.done - self.failed}，失败 {self.failed}，剩余 {left}{eta}", file=self.stream, flush=True)


# -- the batch -----------------------------------------------------------------------------------------
def _previous(out: Path) -> dict[str, dict[str, Any]]:
    path = out / "batch.json"
    return {r["params"]: r for r in json.loads(path.read_text(encoding="utf-8"))} if path.is_file() else {}


def _current(task: Task, before: dict[str, Any] | None) -> bool:
    """A department whose last run succeeded on the same inputs, its report still there: nothing to do."""
    return bool(before and before["status"] == "ok" and before.get("key") == task.key and before.get("report")
                and Path(before["report"]).is_file())


@dataclass
class Batch:
    out: Path
    workers: int = os.cpu_count() or 1
    scheduler: str = ""
    timeout: float = TIMEOUT
    memory_mb: int = MEMORY_MB
    resume: bool = False


def run_batch(paths: Iterable[str | Path], batch: Batch, stream=None) -> list[dict[str, Any]]:
    """Every department of the params files and folders named; returns one result per department, in the
    params files' order. summary.csv, index.html, batch.json and warehouse.duckdb are written into ``out``."""
    from ..report.portfolio import index_html, summary_row, write_index, write_summary

    out = batch.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    stream = stream or sys.stderr
    every = tasks(paths)
    before = _previous(out) if batch.resume else {}
    kept = {t.params: before[t.params] for t in every if _current(t, before.get(t.params))}
    todo = [t for t in every if t.params not in kept]
    progress = Progress(len(todo), stream)
    if kept:
        print(f"--resume：{len(kept)} 个部门的输入未变且已完成，跳过；运行 {len(todo)} 个", file=stream, flush=True)
    results = dict(kept)
    for result in _waves(todo, out, batch):
        progress.update(result)
        if result["status"] == "ok":
            _record(out / "warehouse.duckdb", result, stream)   # one writer: this process, a department at a time
        results[result["params"]] = result
    ordered = [results[t.params] for t in every]
    (out / "batch.json").write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = [summary_row(r) for r in ordered]
    write_summary(rows, out / "summary.csv")
    (out / "index.html").write_text(index_html(rows, out), encoding="utf-8")   # replaced by the district view
    run_ids = [f"{r['slug']}/{r['year']}/{r['key'][:12]}" for r in ordered if r["status"] == "ok"]
    fresh = any(r["status"] == "ok" for p, r in results.items() if p not in kept)
    if run_ids and (fresh or not (out / "05_portfolio.ipynb").is_file()):
        _portfolio(out, run_ids, stream)
    elif run_ids:   # no department ran again: the same view, drawn here without starting a kernel
        write_index(out, warehouse=out / "warehouse.duckdb", run_ids=run_ids)
    return ordered


def _waves(todo: list[Task], out: Path, batch: Batch) -> Iterator[dict[str, Any]]:
    """The departments year by year, earliest first, each year's in parallel: a department's earlier year is
    in the warehouse before its later year runs (the history rules read it)."""
    for year in sorted({t.year for t in todo}):
        wave = [t for t in todo if t.year == year]
        yield from (_dask(wave, str(out), batch.scheduler, batch.timeout, batch.memory_mb) if batch.scheduler
                    else _local(wave, str(out), max(1, batch.workers), batch.timeout, batch.memory_mb))


def _record(warehouse: Path, result: dict[str, Any], stream) -> None:
    """Append a department to the warehouse; a failure to do so is said, and the batch goes on."""
    from .warehouse import record

    try:
        record(warehouse, result)
    except Exception as error:   # noqa: BLE001 - the department's report stands without its warehouse rows
        print(f"仓库未能写入 {result['slug']} {result['year']}：{type(error).__name__}: {error}", file=stream,
              flush=True)


def _portfolio(out: Path, run_ids: list[str], stream) -> None:
    """The 05_portfolio notebook (papermill) over this batch's runs: the district charts and index.html;
    the executed notebook stays in the batch folder. If it fails, the plain index stays and one line says so."""
    import papermill as pm

    from .run import KERNEL, _kernel, notebook_dir

    parameters = {"out_dir": str(out), "warehouse": str(out / "warehouse.duckdb"), "run_ids": ",".join(run_ids)}
    try:
        with _kernel(KERNEL, out) as (km, _):   # IPC sockets in a folder of its own: no ports to race for
            pm.execute_notebook(str(notebook_dir() / "05_portfolio.ipynb"), str(out / "05_portfolio.ipynb"),
                                parameters=parameters, kernel_name=KERNEL, km=km, progress_bar=False,
                                log_output=False)
    except Exception as error:   # noqa: BLE001 - the departments' reports stand; the overview is extra
        print(f"全区概览（05_portfolio）未能生成：{type(error).__name__}: {str(error).splitlines()[0][:200]}",
              file=stream, flush=True)
