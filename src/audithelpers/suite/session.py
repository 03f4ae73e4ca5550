"""A Jupyter kernel kept warm across notebooks, and across departments in a batch.

papermill's nbclient engine connects a new kernel client for every notebook and waits until the
kernel answers on it, which costs about half a second a notebook here (the IO channel's first
messages are lost while it connects, and the wait retries). ``KernelSession`` connects one client
once and hands it to every notebook through papermill's engine interface (``suite.engine.WarmEngine``,
registered as ``budget-audit-warm``). Before each notebook the kernel's namespace is emptied
(``%reset -f``), its working folder set and its execution counter set back to 1, so a notebook
executes exactly as in a kernel of its own: same outputs, same execution counts. Modules stay
imported, which is what makes the second notebook (and the second department) cheap.

A kernel that died (killed for memory, say) is started again before the next notebook.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import RunError

#: What a new kernel imports as it starts (IPython's exec_lines), while the process that drives it reads the
#: document and imports papermill and nbconvert on the other core. The objects the imports made are then
#: frozen (``gc.freeze``): they live as long as the kernel, and ``%reset``'s two full collections before
#: every notebook would otherwise walk them all (0.1 s a notebook, 0.001 s frozen).
WARM_IMPORTS = ("import audithelpers.suite.stages, audithelpers.report.charts, audithelpers.report.narrate; "
                "import gc; gc.freeze()")
ENGINE = "budget-audit-warm"   # suite.engine registers it with papermill


class KernelSession:
    """One kernel and one client of it, for as many notebooks as are run through it (a context manager).

    ``run_notebook`` resets the kernel first, so each notebook starts from an empty namespace."""

    def __init__(self, kernel: str) -> None:
        self.kernel = kernel
        self.km: Any = None
        self.client: Any = None
        self._sockets: Path | None = None

    def __enter__(self) -> KernelSession:
        self.launch()   # connected when first used: whoever holds it can read its first document meanwhile
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the kernel and wait until it is ready (its package imported)."""
        self.launch()
        self.connect()

    def launch(self) -> None:
        """Start the kernel process (IPC sockets in a folder of its own: no ports to race for), importing the
        package as it starts; returns at once, so that the caller can work meanwhile (``connect`` waits)."""
        from jupyter_client.manager import KernelManager

        self._sockets = Path(tempfile.mkdtemp(prefix="ba-k"))   # short path: IPC socket names are limited
        # an asynchronous client: nbclient awaits its messages, so its check that the kernel is alive runs
        # meanwhile (a blocking client would block that check, and a dead kernel would hang the run)
        self.km = KernelManager(kernel_name=self.kernel, transport="ipc", ip=str(self._sockets / "k"),
                                client_class="jupyter_client.asynchronous.AsyncKernelClient")
        # no SQLite history: nothing to look back on in a batch, and parallel kernels would share its file
        self.km.start_kernel(cwd=str(self._sockets), extra_arguments=[
            "--HistoryManager.enabled=False", f"--InteractiveShellApp.exec_lines={WARM_IMPORTS}"])

    def connect(self) -> None:
        """Connect the client and wait until the kernel answers (once a kernel: its IO channel is connected
        from here on)."""
        from jupyter_core.utils import run_sync

        if self.client is not None:
            return
        self.client = self.km.client()
        self.client.start_channels()
        run_sync(self.client.wait_for_ready)(timeout=60)

    def stop(self) -> None:
        """Shut the kernel down and remove its sockets (safe to call twice)."""
        if self.client is not None:
            self.client.stop_channels()
            self.client = None
        if self.km is not None:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
            self.km.cleanup_resources()
            self.km = None
        if self._sockets is not None:
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None

    def alive(self) -> bool:
        return self.km is not None and bool(self.km.is_alive())

    def reset(self, cwd: Path) -> None:
        """An empty namespace, ``cwd`` as working folder and the execution counter at 1; a dead kernel is
        started again first."""
        if not self.alive():
            self.stop()
            self.start()
        self.connect()
        from jupyter_core.utils import run_sync

        code = ("get_ipython().run_line_magic('reset', '-f'); import os as _os; "
                f"_os.chdir({str(cwd)!r}); del _os; get_ipython().execution_count = 1")
        reply = run_sync(self.client.execute_interactive)(code, silent=True, store_history=False, timeout=120,
                                                output_hook=lambda _msg: None)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise RunError(cwd, f"the kernel could not be reset: {content.get('ename')}: {content.get('evalue')}")

    def run_notebook(self, source: Path, output: Path, parameters: dict, cwd: Path) -> None:
        """Execute one notebook into ``output`` (papermill: parameters injected, outputs kept)."""
        import papermill as pm

        from . import engine  # noqa: F401 - registers ENGINE with papermill

        self.reset(cwd)
        pm.execute_notebook(str(source), str(output), parameters=parameters, kernel_name=self.kernel,
                            engine_name=ENGINE, km=self.km, kc=self.client, progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False)
