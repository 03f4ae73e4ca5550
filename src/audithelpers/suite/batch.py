"""``budget-audit batch``: every department of a folder of params files, in parallel.

Each department is run as ``budget-audit run`` would run it, by a warm worker process
(``suite.worker``: one kernel kept for department after department, its namespace emptied
before every notebook), so Python, papermill and the kernel start once a worker, not once a
department. A document that stalls, loops or eats memory is stopped by its own time and memory
limits (``--timeout`` kills its worker, ``--memory`` limits the worker and its kernel) and
reported, while the others go on. By default a local pool of as many workers as there are cores;
with ``--scheduler ADDRESS`` the same tasks go to an existing Dask distributed cluster (each Dask
worker thread keeps a warm worker of its own). Kernels talk over IPC sockets in a folder of
their own (``suite.session``), so parallel runs cannot race for ports.

The batch folder gets one ``<slug>/<year>/`` per department (as ``run`` writes it),
``summary.csv``, ``index.html`` and ``warehouse.duckdb``; ``batch.json`` records each
department's inputs (sha256 of params file and documents) and outcome, so ``--resume`` runs
again only what is missing, failed or changed.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import queue
import sys
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import ParamsError

from .limits import MEMORY_MB, TIMEOUT
from .run import KERNEL
from .worker import Worker, one_line


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
        key = _sha256(str(path), *p.files, p.budget)
        clash = seen.get((p.slug, p.year))
        seen.setdefault((p.slug, p.year), str(path))
        problem = f"same slug and year as {clash}: both would write {p.slug}/{p.year}" if clash else ""
        out.append(Task(str(path), p.slug, p.year, p.department, key, problem))
    return out


def run_task(task: Task, out: str, timeout: float = TIMEOUT, memory_mb: int = MEMORY_MB,
             worker: Worker | None = None) -> dict[str, Any]:
    """Run one department (as ``budget-audit run`` would) in a warm worker process and say how it went:
    ``worker``, or this thread's own (a Dask worker's, kept for its next department)."""
    started = time.perf_counter()
    result: dict[str, Any] = {**asdict(task), "status": "failed", "exit": None, "reason": task.problem}
    if task.problem:
        return {**result, "seconds": 0.0}
    worker = worker or _thread_worker(memory_mb)
    answer = worker.run({"params": task.params, "out": out, "warehouse": str(Path(out) / "warehouse.duckdb")},
                        timeout)
    seconds = round(time.perf_counter() - started, 2)
    if answer.get("timeout"):
        return {**result, "status": "timeout", "reason": f"stopped after {timeout:g} s (--timeout)", "seconds": seconds}
    return {**result, "status": "ok" if answer["exit"] == 0 else "failed", "exit": answer["exit"],
            "reason": answer["reason"], "report": answer["report"], "seconds": seconds}


_OWN = threading.local()


def _thread_worker(memory_mb: int) -> Worker:
    """This thread's warm worker (on a Dask worker: one a thread, for the life of the Dask worker)."""
    worker = getattr(_OWN, "worker", None)
    if worker is None or worker.memory_mb != memory_mb:
        if worker is not None:
            worker.close()
        worker = _OWN.worker = Worker(KERNEL, memory_mb)
        atexit.register(worker.close)
    return worker


# -- engines -----------------------------------------------------------------------------------------
class LocalPool:
    """``size`` warm workers on this machine; each department takes an idle one (threads wait for them)."""

    def __init__(self, size: int, timeout: float, memory_mb: int) -> None:
        self.timeout = timeout
        self.workers = [Worker(KERNEL, memory_mb) for _ in range(size)]
        self.idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        for worker in self.workers:
            self.idle.put(worker)
        self.threads = ThreadPoolExecutor(max_workers=size)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.threads.shutdown(wait=True)
        for worker in self.workers:
            worker.close()

    def _one(self, task: Task, out: str) -> dict[str, Any]:
        worker = self.idle.get()
        try:
            return run_task(task, out, self.timeout, worker.memory_mb, worker)
        finally:
            self.idle.put(worker)

    def submit(self, task: Task, out: str) -> Any:
        return self.threads.submit(self._one, task, out)


def _local(todo: list[Task], out: str, pool: LocalPool) -> Iterator[dict[str, Any]]:
    """The departments on a pool of warm workers of this machine."""
    from concurrent.futures import FIRST_COMPLETED, wait

    yield from _in_order_of_years(todo, lambda task: pool.submit(task, out),
                                  lambda futures: wait(futures, return_when=FIRST_COMPLETED).done)


def _dask(todo: list[Task], out: str, batch: Batch) -> Iterator[dict[str, Any]]:
    """The same tasks on an existing Dask distributed cluster (``--scheduler tcp://host:8786``)."""
    from distributed import Client, wait

    with Client(batch.scheduler, timeout=30) as client:
        yield from _in_order_of_years(
            todo, lambda task: client.submit(run_task, task, out=out, timeout=batch.timeout,
                                             memory_mb=batch.memory_mb, pure=False),
            lambda futures: wait(futures, return_when="FIRST_COMPLETED").done)


def _in_order_of_years(todo: list[Task], submit: Callable[[Task], Any],
                       first_done: Callable[[list[Any]], Iterable[Any]]) -> Iterator[dict[str, Any]]:
    """Every department at once, but a department's years one after the other, earliest first: its
    later year is submitted only once the caller has taken its earlier year's result (and put it in the
    warehouse, where the history rules of the later year read it)."""
    chains: dict[str, deque[Task]] = {}
    for task in sorted(todo, key=lambda t: t.year):
        chains.setdefault(task.department or task.params, deque()).append(task)
    running: dict[Any, tuple[str, Task]] = {}

    def start_next(key: str) -> None:
        if chains[key]:
            task = chains[key].popleft()
            running[submit(task)] = (key, task)

    for key in chains:
        start_next(key)
    while running:
        for future in first_done(list(running)):
            key, task = running.pop(future)
            try:
                yield future.result()
            except Exception as error:   # noqa: BLE001 - a lost worker fails its department, not the batch
                yield {**asdict(task), "status": "failed", "exit": None, "seconds": 0.0,
                       "reason": f"the worker failed: {type(error).__name__}: {error}"}
            start_next(key)


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
    with LocalPool(max(1, min(batch.workers, len(todo) or 1)), batch.timeout, batch.memory_mb) \
            if not batch.scheduler else nullcontext() as pool:
        engine = _dask(todo, str(out), batch) if pool is None else _local(todo, str(out), pool)
        results = _collect(engine, dict(kept), out, progress, stream)
        ordered = [results[t.params] for t in every]
        _write_overview(out, ordered, any(r["status"] == "ok" for p, r in results.items() if p not in kept),
                        stream, pool.workers[0] if pool is not None else None)
    return ordered


def _collect(engine: Iterator[dict[str, Any]], results: dict[str, dict[str, Any]], out: Path, progress: Progress,
             stream) -> dict[str, dict[str, Any]]:
    """Each department's result as it comes, said on the progress line and put in the warehouse."""
    for result in engine:
        progress.update(result)
        if result["status"] == "ok":
            _record(out / "warehouse.duckdb", result, stream)   # one writer: this process, a department at a time
        results[result["params"]] = result
    return results


def _write_overview(out: Path, ordered: list[dict[str, Any]], fresh: bool, stream, worker: Worker | None) -> None:
    """batch.json, summary.csv and index.html: the district view of the 05_portfolio notebook when a
    department ran again (or none was drawn yet), else the same view drawn here without a kernel."""
    from ..report.portfolio import index_html, summary_row, write_index, write_summary

    (out / "batch.json").write_text(json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = [summary_row(r) for r in ordered]
    write_summary(rows, out / "summary.csv")
    run_ids = [f"{r['slug']}/{r['year']}/{r['key'][:12]}" for r in ordered if r["status"] == "ok"]
    if run_ids and (fresh or not (out / "05_portfolio.ipynb").is_file()):
        (out / "index.html").unlink(missing_ok=True)   # an older district view must not outlive a failed one
        if _portfolio(out, run_ids, stream, worker):
            return
    elif run_ids:
        write_index(out, warehouse=out / "warehouse.duckdb", run_ids=run_ids)
        return
    (out / "index.html").write_text(index_html(rows, out), encoding="utf-8")   # the departments, without charts


def _record(warehouse: Path, result: dict[str, Any], stream) -> None:
    """Append a department to the warehouse; a failure to do so is said, and the batch goes on."""
    from .warehouse import record

    try:
        record(warehouse, result)
    except Exception as error:   # noqa: BLE001 - the department's report stands without its warehouse rows
        print(f"仓库未能写入 {result['slug']} {result['year']}：{type(error).__name__}: {error}", file=stream,
              flush=True)


def _portfolio(out: Path, run_ids: list[str], stream, worker: Worker | None = None) -> bool:
    """The 05_portfolio notebook (papermill) over this batch's runs: the district charts and index.html;
    the executed notebook stays in the batch folder. Run by a warm worker of the batch when there is one,
    else in a kernel of its own. If it fails, one line says so and False is returned (the caller then
    writes the plain index)."""
    from .run import notebook_dir
    from .session import KernelSession

    parameters = {"out_dir": str(out), "warehouse": str(out / "warehouse.duckdb"), "run_ids": ",".join(run_ids)}
    source, output = notebook_dir() / "05_portfolio.ipynb", out / "05_portfolio.ipynb"
    try:
        if worker is not None:
            answer = worker.run({"notebook": str(source), "output": str(output), "parameters": parameters,
                                 "cwd": str(out)}, timeout=TIMEOUT)
            if answer.get("timeout") or answer["exit"] != 0:
                raise RuntimeError(answer.get("reason") or f"stopped after {TIMEOUT:g} s")
        else:
            with KernelSession(KERNEL) as session:
                session.run_notebook(source, output, parameters, cwd=out)
    except Exception as error:   # noqa: BLE001 - the departments' reports stand; the overview is extra
        print(f"全区概览（05_portfolio）未能生成：{one_line(error)}",
              file=stream, flush=True)
        return False
    return (out / "index.html").is_file()
