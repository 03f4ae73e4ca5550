"""``budget-audit run``: the notebook suite for one department, through papermill's Python API.

All four notebooks run in one kernel (started once, namespace reset between notebooks); the
last one renders report.html (suite.stages.write_report). The run is written to a temporary folder
that replaces ``reports/<slug>/<year>/`` only when every stage succeeded. A failing cell
leaves ``reports/<slug>/<year>.FAILED/`` with the executed notebooks and FAILED.html.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import ParamsError, RunError
from ..ingest.export import move_into_place
from .params import Params

KERNEL = "budget-audit"
NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("01_ingest", "01 读取与结构化"), ("02_reconcile", "02 核对"),
    ("03_charts", "03 图表"), ("04_narrative", "04 审核报告"))


def notebook_dir() -> Path:
    """The notebooks/ folder of the project (override with BUDGET_AUDIT_NOTEBOOKS)."""
    env = os.environ.get("BUDGET_AUDIT_NOTEBOOKS")
    path = Path(env) if env else Path(__file__).resolve().parents[3] / "notebooks"
    if not (path / f"{NOTEBOOKS[0][0]}.ipynb").exists():
        raise RunError(path, "the notebooks folder was not found (set BUDGET_AUDIT_NOTEBOOKS)")
    return path


@dataclass
class RunResult:
    run_dir: Path
    report: Path
    findings: list[dict]
    timings: dict[str, float] = field(default_factory=dict)


def declared_parameters(path: Path) -> set[str]:
    """Names assigned in a notebook's cell tagged ``parameters`` (what papermill would replace)."""
    import ast

    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            tree = ast.parse("".join(cell["source"]))
            return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(t, ast.Name)}
    return set()


def check_notebook_parameters(params: Params, notebooks: Path) -> None:
    """Every value we pass must be a declared parameter of every notebook (papermill only warns)."""
    wanted = set(params.notebook_parameters()) | {"run_dir"}
    for stem, _ in NOTEBOOKS:
        declared = declared_parameters(notebooks / f"{stem}.ipynb")
        missing = sorted(wanted - declared)
        if missing:
            raise ParamsError(params.path, f"key '{missing[0]}' is not a parameter of notebook {stem}.ipynb",
                              key=missing[0])


def _check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        raise RunError(kernel, f"Jupyter kernel '{kernel}' is not installed (run `make setup`)") from None


def _reset(client) -> None:
    """A clean namespace for the next notebook (modules stay imported, so this is cheap)."""
    client.wait_for_ready(timeout=60)
    client.execute_interactive("get_ipython().run_line_magic('reset', '-f')", timeout=60,
                               output_hook=lambda _msg: None)


def _say(progress: Callable[[str], None] | None, text: str) -> None:
    if progress:
        progress(text)


@contextmanager
def _staging(tmp: Path) -> Iterator[Path]:
    """A fresh staging folder, removed on the way out unless it holds a result or a failure report."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    finally:
        if tmp.exists() and not (tmp / "FAILED.html").exists() and not (tmp / "findings.json").exists():
            shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _kernel(kernel: str, cwd: Path) -> Iterator[tuple[Any, Any]]:
    """A kernel started in ``cwd`` that has imported the package, and a client of it (kernel manager,
    client); on the way out the kernel is shut down and its sockets removed."""
    from jupyter_client.manager import KernelManager

    sockets = Path(tempfile.mkdtemp(prefix="ba-k"))   # short path: IPC socket names are limited
    km = KernelManager(kernel_name=kernel, transport="ipc", ip=str(sockets / "k"))
    control = None
    try:
        km.start_kernel(cwd=str(cwd))
        control = km.blocking_client()
        control.start_channels()
        # the kernel imports the package while this process imports papermill and nbconvert
        control.execute("import audithelpers.suite.stages, audithelpers.report.charts, audithelpers.report.narrate",
                        silent=True)
        yield km, control
    finally:
        if control is not None:
            control.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        km.cleanup_resources()
        shutil.rmtree(sockets, ignore_errors=True)


def _execute(params: Params, stem: str, values: dict, kernel: str, km: Any, tmp: Path, final: Path,
             done: list[tuple[str, Path]]) -> Path:
    """Run one notebook into ``tmp``; a failing cell moves the staging folder to ``<year>.FAILED``
    with a failure page and raises RunError."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from ..report.render import failed_html

    output = tmp / f"{stem}.ipynb"
    try:
        pm.execute_notebook(str(notebook_dir() / f"{stem}.ipynb"), str(output), parameters=values,
                            kernel_name=kernel, km=km, progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False)
    except PapermillExecutionError as exc:
        cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
        message = f"notebook {stem}.ipynb, cell {cell}: {exc.ename}: {exc.evalue}"
        failed = final.parent / f"{params.year}.FAILED"
        (tmp / "error.txt").write_text(message + "\n\n" + "\n".join(exc.traceback), encoding="utf-8")
        (tmp / "FAILED.html").write_text(failed_html(params.title, output, message, done), encoding="utf-8")
        move_into_place(tmp, failed)
        raise RunError(failed, message, notebook=stem, cell=cell) from None
    return output


def _import_runner() -> None:
    """Import papermill and the report renderer (nbconvert) here while the kernel imports the package."""
    for module in ("papermill", "papermill.exceptions", "audithelpers.report.render", "audithelpers.suite.stages"):
        importlib.import_module(module)


def _confirm_document(params: Params, tmp: Path) -> None:
    """Read the document before any notebook: a file that is no budget disclosure (InputError) or
    one of another department or year than the params file states (ParamsError) stops the run with
    one line and exit 2, and leaves no FAILED folder (that is for a notebook failing on good input).
    The extract is left in the staging folder, so that 01_ingest does not read a PDF again."""
    from ..ingest import ingest
    from ..ingest.export import write_into
    from .params import confirm_document

    disclosure = ingest(params.document)
    confirm_document(params, disclosure.department, disclosure.year, disclosure.document_kind)
    (tmp / "tables").mkdir(exist_ok=True)
    write_into(tmp / "tables", disclosure)


def _written(tmp: Path) -> list[dict]:
    """The findings of a finished run, whose last notebook wrote report.html and provenance.json."""
    for name in ("report.html", "provenance.json"):
        if not (tmp / name).is_file():
            raise RunError(tmp, f"the last notebook did not write {name}")
    return json.loads((tmp / "findings.json").read_text(encoding="utf-8"))["findings"]


def run_suite(params: Params, out: str | Path = "reports", kernel: str = KERNEL,
              progress: Callable[[str], None] | None = lambda s: print(s, file=sys.stderr, flush=True)) -> RunResult:
    """Execute the notebooks for one params file and render its report."""
    notebooks = notebook_dir()
    check_notebook_parameters(params, notebooks)
    _check_kernel(kernel)
    final = Path(out).resolve() / params.slug / str(params.year)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{params.year}.tmp-{os.getpid()}"
    values = {**params.notebook_parameters(), "run_dir": str(tmp)}
    timings: dict[str, float] = {}
    done: list[tuple[str, Path]] = []
    t0 = time.perf_counter()
    with _staging(tmp):
        _confirm_document(params, tmp)   # a wrong document stops here, before any kernel starts
        timings["read_document"] = time.perf_counter() - t0
        with _kernel(kernel, tmp) as (km, control):
            _import_runner()
            timings["kernel_start_and_imports"] = time.perf_counter() - t0 - timings["read_document"]
            for n, (stem, label) in enumerate(NOTEBOOKS, 1):
                _say(progress, f"[{n}/{len(NOTEBOOKS)}] {params.slug} {params.year}: {stem}")
                t = time.perf_counter()
                if n > 1:
                    _reset(control)
                done.append((label, _execute(params, stem, values, kernel, km, tmp, final, done)))
                timings[stem] = time.perf_counter() - t
    findings = _written(tmp)   # report.html was rendered by the last notebook (its time is in 04_narrative's)
    move_into_place(tmp, final)
    shutil.rmtree(final.parent / f"{params.year}.FAILED", ignore_errors=True)   # an older failure is past
    timings["total"] = time.perf_counter() - t0
    return RunResult(run_dir=final, report=final / "report.html", findings=findings, timings=timings)
