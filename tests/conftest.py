"""Shared fixtures: the seed disclosure and files written into temporary folders."""
from __future__ import annotations

import pytest

from helpers import SEED


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
