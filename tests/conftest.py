"""Shared fixtures: the seed disclosure, files written into temporary folders, and one reading of
each PDF per test session."""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

import pytest

from helpers import SEED

# Every rule run by the tests is strict: a rule that raises fails the test instead of becoming an info finding.
# Set in the environment, so the processes the tests start (CLI runs, notebook kernels, batch workers) are too.
os.environ["BUDGET_AUDIT_STRICT_RULES"] = "1"


@pytest.fixture(scope="session")
def seed_disclosure():
    from audithelpers.ingest import ingest

    return ingest(SEED)


@pytest.fixture
def write(tmp_path):
    """Write text or bytes to a file in tmp_path and return its path."""
    def _write(content, name="doc.txt"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path
    return _write


def _session_folder(tmp_path_factory) -> Path:
    """A folder of this test session that both xdist processes share (their base folders' parent); in a
    session without xdist, its own base folder (whose parent is shared by every session: never reuse it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _read_code() -> str:
    """A digest of the reading code: a cached extract is only reused by the code that made it."""
    folder = Path(__file__).resolve().parents[1] / "src" / "audithelpers" / "read"
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.py")))).hexdigest()[:16]


@pytest.fixture(autouse=True, scope="session")
def _one_reading_per_pdf(tmp_path_factory):
    """Outside tests/read (which test reading itself), a PDF already read in this session, by either
    test process, is not read again: its Source is kept in the session's temporary folder (the two
    xdist processes share its parent), keyed by the file's bytes and the reading code. Reading is
    deterministic, so this only saves time (the corpus PDFs are read by several test files)."""
    from audithelpers.read import text

    folder = _session_folder(tmp_path_factory) / f"extracts-{_read_code()}"
    folder.mkdir(exist_ok=True)
    original = text.read_source

    def read_source(path):
        p = Path(path)
        reading_test = os.environ.get("PYTEST_CURRENT_TEST", "").startswith("tests/read/")
        if p.suffix.lower() != ".pdf" or not p.is_file() or reading_test:
            return original(path)
        named = hashlib.sha256(str(p).encode()).hexdigest()[:8]
        key = folder / f"{hashlib.sha256(p.read_bytes()).hexdigest()}-{named}.pkl"
        if key.exists():
            return pickle.loads(key.read_bytes())
        source = original(path)
        partial = key.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(source))
        os.replace(partial, key)   # atomic: the other process sees the whole file or none
        return source

    text.read_source = read_source
    yield
    text.read_source = original


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """The default department's run, made once per test session by whichever test process asks first
    (the other waits for it under a lock and reuses it): a run folder to read, never to change."""
    import fcntl

    from audithelpers.suite.params import load_params
    from audithelpers.suite.run import run_suite

    shared = _session_folder(tmp_path_factory) / "seed-run"
    shared.mkdir(exist_ok=True)
    with open(shared / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "run-dir.txt"
        if not done.exists():
            root = Path(__file__).resolve().parents[1]
            params = load_params(root / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml")
            result = run_suite(params, shared / "reports", progress=None)
            done.write_text(str(result.run_dir), encoding="utf-8")
        fcntl.flock(lock, fcntl.LOCK_UN)
    return Path(done.read_text(encoding="utf-8"))
