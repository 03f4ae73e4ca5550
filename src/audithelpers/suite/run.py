"""``budget-audit run``: the notebook suite for one department, through papermill's Python API.

All four notebooks run in one kernel (suite.session: started for the run, or a batch worker's
warm kernel; its namespace emptied before each notebook); the last one renders report.html
(suite.stages.write_report). The run is written to a temporary folder that replaces
``reports/<slug>/<year>/`` only when every stage succeeded. A failing cell leaves
``reports/<slug>/<year>.FAILED/`` with the executed notebooks and FAILED.html.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, NoReturn

from ..errors import ParamsError, RunError
from .params import Params
from .session import KernelSession

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
            with suppress(OSError):   # the department's folder, made for this run and left empty: gone too
                tmp.parent.rmdir()


def _execute(params: Params, stem: str, values: dict, session: KernelSession, tmp: Path, final: Path,
             done: list[tuple[str, Path]]) -> Path:
    """Run one notebook into ``tmp``; a failing cell (or a kernel that died) moves the staging folder to
    ``<year>.FAILED`` with a failure page and raises RunError."""
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    output = tmp / f"{stem}.ipynb"
    try:
        session.run_notebook(notebook_dir() / f"{stem}.ipynb", output, values, cwd=tmp)
    except PapermillExecutionError as exc:
        cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
        _fail(params, tmp, final, output, done, f"notebook {stem}.ipynb, cell {cell}: {exc.ename}: {exc.evalue}",
              "\n".join(exc.traceback), stem=stem, cell=cell)
    except DeadKernelError as exc:
        _fail(params, tmp, final, output, done, f"notebook {stem}.ipynb: the kernel died ({exc})", "", stem=stem)
    return output


def _fail(params: Params, tmp: Path, final: Path, output: Path, done: list[tuple[str, Path]], message: str,
          traceback: str, stem: str, cell: int | None = None) -> NoReturn:
    from ..ingest.export import move_into_place
    from ..report.render import failed_html

    failed = final.parent / f"{params.year}.FAILED"
    (tmp / "error.txt").write_text(message + "\n\n" + traceback, encoding="utf-8")
    (tmp / "FAILED.html").write_text(failed_html(params.title, output, message, done), encoding="utf-8")
    move_into_place(tmp, failed)
    raise RunError(failed, message, notebook=stem, cell=cell)


def _import_runner() -> None:
    """Import papermill and the report renderer (nbconvert) here while the kernel imports the package."""
    for module in ("papermill", "papermill.exceptions", "nbclient.exceptions", "audithelpers.report.render",
                   "audithelpers.suite.stages"):
        importlib.import_module(module)


def _confirm_document(params: Params, tmp: Path) -> None:
    """Read the document before any notebook: a file that is no budget disclosure (InputError) or
    one of another department or year than the params file states (ParamsError) stops the run with
    one line and exit 2, and leaves no FAILED folder (that is for a notebook failing on good input).
    The extract is left in the staging folder, so that 01_ingest does not read a PDF again."""
    from ..ingest import ingest
    from ..ingest.export import write_into
    from .params import confirm_document

    disclosure = ingest(params.files)
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
              progress: Callable[[str], None] | None = lambda s: print(s, file=sys.stderr, flush=True),
              session: KernelSession | None = None) -> RunResult:
    """Execute the notebooks for one params file and render its report: in ``session``'s kernel when one
    is given (a batch worker's warm kernel), else in a kernel started for this run and shut down after."""
    notebooks = notebook_dir()
    check_notebook_parameters(params, notebooks)
    if session is None:
        _check_kernel(kernel)
    final = Path(out).resolve() / params.slug / str(params.year)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{params.year}.tmp-{os.getpid()}"
    values = {**params.notebook_parameters(), "run_dir": str(tmp)}
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # a session of its own is launched on entering and imports the package on the other core meanwhile
    with _staging(tmp), nullcontext(session) if session is not None else KernelSession(kernel) as warm:
        _confirm_document(params, tmp)   # a wrong document stops here, before any notebook
        timings["read_document"] = time.perf_counter() - t0
        _import_runner()
        warm.connect()
        timings["kernel_start_and_imports"] = time.perf_counter() - t0 - timings["read_document"]
        _notebooks(params, values, warm, tmp, final, timings, progress)
    from ..ingest.export import move_into_place

    findings = _written(tmp)   # report.html was rendered by the last notebook (its time is in 04_narrative's)
    move_into_place(tmp, final)
    shutil.rmtree(final.parent / f"{params.year}.FAILED", ignore_errors=True)   # an older failure is past
    timings["total"] = time.perf_counter() - t0
    return RunResult(run_dir=final, report=final / "report.html", findings=findings, timings=timings)


def _notebooks(params: Params, values: dict, session: KernelSession, tmp: Path, final: Path,
               timings: dict[str, float], progress: Callable[[str], None] | None) -> None:
    done: list[tuple[str, Path]] = []
    for n, (stem, label) in enumerate(NOTEBOOKS, 1):
        _say(progress, f"[{n}/{len(NOTEBOOKS)}] {params.slug} {params.year}: {stem}")
        t = time.perf_counter()
        done.append((label, _execute(params, stem, values, session, tmp, final, done)))
        timings[stem] = time.perf_counter() - t
