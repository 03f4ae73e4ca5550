"""papermill's nbclient engine, executing through a kernel client that is already connected: what lets
``suite.session.KernelSession`` run notebook after notebook in one kernel. Importing this module registers
it (as ``budget-audit-warm``); ``session`` imports it only when a notebook runs, so that a run can start its
kernel before papermill is imported."""
from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger

from .session import ENGINE


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, executing through a kernel client that is already connected (``kc``)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                 stderr_file=None, start_timeout=60, execution_timeout=None, kc=None, **kwargs):
        for unused in ("input_path", "timeout", "startup_timeout"):
            kwargs.pop(unused, None)
        client = PapermillNotebookClient(nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
                                         kernel_name=kernel_name, log=logger, log_output=log_output,
                                         stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
        if kc is not None:
            kc.allow_stdin = False
            client.kc = kc   # nbclient then neither connects a client of its own nor closes this one
        return client.execute()


papermill_engines.register(ENGINE, WarmEngine)
