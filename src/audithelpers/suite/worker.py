"""A batch's department runner: a process of its own that keeps one warm kernel for department after
department.

A cold ``budget-audit run`` spends about 5 of its 8 seconds starting Python, importing papermill,
starting a kernel and importing pandas and matplotlib in it; a warm worker pays that once. The worker
reads one task a line (JSON) on its standard input and answers one line on its standard output; its
kernel's namespace is emptied before every notebook (``suite.session``), so each department is run
exactly as a single ``run`` of it would be.

The limits stay per department: the worker's address space is limited (``--memory``; its kernel
inherits the limit), and a department that outlasts ``--timeout`` has its worker killed, process
group and kernel with it; the next department gets a new worker. A worker that dies (out of memory,
say) fails its department only.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The worker process: address space limited first (its kernel inherits the limit), then ``serve``.
_CHILD = ("import resource, sys; size = int(sys.argv[1]) * 1024 * 1024; "
          "resource.setrlimit(resource.RLIMIT_AS, (size, size)); "
          "from audithelpers.suite.worker import serve; sys.exit(serve(sys.argv[2]))")


def one_line(error: BaseException) -> str:
    """``Type: first line of the message`` (at most 200 characters): an error said in one line."""
    lines = str(error).splitlines()
    return f"{type(error).__name__}: {lines[0][:200] if lines else ''}"


def _tail(path: Path, lines: int = 1) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    found = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(found[-lines:])[:300]


#: What a process running out of address space prints (whichever allocation fails first).
_OUT_OF_MEMORY = ("MemoryError", "Kernel died", "can't start new thread", "Cannot allocate memory", "[Errno 12]",
                  "std::bad_alloc")


class Worker:
    """The parent's handle on one worker process, started when first needed and again after it died."""

    def __init__(self, kernel: str, memory_mb: int) -> None:
        self.kernel, self.memory_mb = kernel, memory_mb
        self.proc: subprocess.Popen[bytes] | None = None
        handle, name = tempfile.mkstemp(prefix="ba-worker-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        self._buffer = b""

    def _start(self) -> subprocess.Popen[bytes]:
        with self.log.open("wb") as log:   # the worker's stderr (progress, tracebacks): read when it dies
            self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(self.memory_mb), self.kernel],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                         start_new_session=True)
        self._buffer = b""
        return self.proc

    def run(self, task: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Run one department: ``{"exit", "reason", "report"}``, or ``{"timeout": True}`` when it was stopped."""
        proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
        assert proc.stdin is not None
        try:
            proc.stdin.write(json.dumps(task, ensure_ascii=False).encode() + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass   # it died at start: said below
        line = self._answer(proc, time.monotonic() + timeout)
        if line == b"":
            return self._died(proc)
        if line is None:
            self.kill()
            return {"timeout": True}
        return json.loads(line)

    def _answer(self, proc: subprocess.Popen[bytes], deadline: float) -> bytes | None:
        """The worker's next line; b"" when its output ended (it died), None when the deadline passed first."""
        assert proc.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    return None
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    return b""
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def _died(self, proc: subprocess.Popen[bytes]) -> dict[str, Any]:
        """Why the worker ended: under an address-space limit, running out of memory shows as a MemoryError, a
        dead kernel, a thread that cannot start (its stack cannot be mapped) or ENOMEM, whichever comes first."""
        code = proc.wait()
        self.kill()
        log = _tail(self.log, 3)
        if code < 0:
            reason = f"killed by signal {-code} (out of memory under --memory {self.memory_mb} MiB, or stopped)"
        elif any(sign in log for sign in _OUT_OF_MEMORY):
            reason = f"out of memory, most likely (--memory {self.memory_mb} MiB): {log}"
        else:
            reason = f"the worker process ended (exit {code}): {log}"
        return {"exit": code, "reason": reason, "report": ""}

    def kill(self) -> None:
        """Stop the worker, its kernel with it (they share a process group)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()
        self.proc = None

    def close(self) -> None:
        """End the worker: its input closed, it shuts its kernel down; killed if it does not within 10 s."""
        if self.proc is not None and self.proc.poll() is None and self.proc.stdin is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        self.log.unlink(missing_ok=True)


# -- the worker process ------------------------------------------------------------------------------
def _notebook(session: Any, task: dict[str, Any]) -> dict[str, Any]:
    """A notebook of its own in the warm kernel (a batch's 05_portfolio)."""
    try:
        session.run_notebook(Path(task["notebook"]), Path(task["output"]), task["parameters"], cwd=Path(task["cwd"]))
    except Exception as error:   # noqa: BLE001 - said to the batch, which goes on without it
        return {"exit": 1, "reason": one_line(error), "report": ""}
    return {"exit": 0, "reason": "", "report": task["output"]}


def _one(session: Any, task: dict[str, Any]) -> dict[str, Any]:
    """One department in the warm kernel, as ``budget-audit run`` would: its exit status and one-line reason."""
    from dataclasses import replace

    from ..errors import AuditError
    from .params import load_params
    from .run import run_suite

    try:
        params = load_params(task["params"])
        if task.get("warehouse"):
            params = replace(params, warehouse=str(Path(task["warehouse"]).resolve()))
        result = run_suite(params, task["out"], kernel=session.kernel, session=session)
    except AuditError as error:
        return {"exit": error.exit_status, "reason": f"budget-audit: {error}", "report": ""}
    except Exception as error:   # noqa: BLE001 - one department's unexpected failure; a fresh kernel for the next
        session.stop()
        session.start()
        return {"exit": 3, "reason": f"budget-audit: internal error: {type(error).__name__}: {error}", "report": ""}
    return {"exit": 0, "reason": "", "report": str(result.report)}


def serve(kernel: str) -> int:
    """The worker's loop: a task a line in, an answer a line out, until its input ends."""
    from .session import KernelSession

    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)   # anything else printed goes to the log, never into the answers
    with KernelSession(kernel) as session:
        for line in sys.stdin:
            task = json.loads(line)
            answer = _notebook(session, task) if "notebook" in task else _one(session, task)
            answers.write(json.dumps(answer, ensure_ascii=False) + "\n")
            answers.flush()
    return 0
