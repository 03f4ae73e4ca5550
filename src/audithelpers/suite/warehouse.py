"""The warehouse: one DuckDB file that every batch appends to, across departments and years.

Tables (docs/warehouse.md): ``documents`` (one row per department run), ``findings``,
``facts`` (the narrative's figures), ``table_cells`` (every cell of every table, long
format) and ``figures`` (the key figures compared across departments, in yuan), all keyed by
``run_id`` (slug/year/first 12 hex of the inputs' sha256), department and year. A department
run again with the same inputs replaces its rows, so appending is idempotent; one writer at a
time holds an exclusive lock on ``<file>.lock``, so parallel batches cannot corrupt the file.
"""
from __future__ import annotations

import csv
import fcntl
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

SCHEMA = {
    "documents": "run_id VARCHAR, slug VARCHAR, department VARCHAR, year INTEGER, kind VARCHAR, file VARCHAR, "
                 "sha256 VARCHAR, status VARCHAR, errors INTEGER, warnings INTEGER, infos INTEGER, seconds DOUBLE",
    "findings": "run_id VARCHAR, department VARCHAR, year INTEGER, rule VARCHAR, family VARCHAR, severity VARCHAR, "
                "message VARCHAR, lines VARCHAR, pages VARCHAR",
    "facts": "run_id VARCHAR, department VARCHAR, year INTEGER, line INTEGER, kind VARCHAR, subject VARCHAR, "
             "value VARCHAR, unit VARCHAR",
    "table_cells": "run_id VARCHAR, department VARCHAR, year INTEGER, kind VARCHAR, line INTEGER, col VARCHAR, "
                   "value VARCHAR",
    "figures": "run_id VARCHAR, department VARCHAR, year INTEGER, item VARCHAR, yuan DECIMAL(20, 6)",
}


def columns(table: str) -> list[str]:
    """The column names of a warehouse table, in order."""
    return [c.split()[0] for c in re.split(r",\s*(?![^()]*\))", SCHEMA[table])]


@contextmanager
def connection(path: str | Path) -> Iterator[Any]:
    """The warehouse opened for writing by this process alone (an exclusive lock beside the file)."""
    import duckdb

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        con = duckdb.connect(str(path))
        try:
            for table, columns in SCHEMA.items():
                con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
            yield con
        finally:
            con.close()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cells(run: Path, key: tuple[str, str, int]) -> list[tuple]:
    """Every cell of the run's tables/<kind>.csv files, one row each (line, column, value as printed)."""
    out = []
    for path in sorted((run / "tables").glob("*.csv")):
        if path.stem in ("facts", "source"):
            continue
        for row in _csv_rows(path):
            line = int(row.get("line") or 0)
            out += [(*key, path.stem, line, col, value) for col, value in row.items()
                    if col != "line" and value not in ("", None)]
    return out


def _facts(run: Path, key: tuple[str, str, int]) -> list[tuple]:
    path = run / "tables" / "facts.csv"
    rows = _csv_rows(path) if path.is_file() else []
    return [(*key, int(r.get("line") or 0), r.get("kind"), r.get("subject"), r.get("value"), r.get("unit"))
            for r in rows]


def _figures(run: Path, key: tuple[str, str, int]) -> list[tuple]:
    path = run / "tables" / "figures.json"
    figures = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return [(*key, item, value) for item, value in figures.items()]


def record(path: str | Path, result: dict[str, Any]) -> int:
    """Append one department's run (a batch result whose run folder is written); returns the rows added. A rule
    renamed since the run keeps its history: its findings are stored under the id it has now (``@rule aliases``)."""
    from ..reconcile.registry import current_id
    from .. import reconcile  # noqa: F401  (registers the rules and their former ids)

    run = Path(result["report"]).parent if result.get("report") else None
    if run is None or not (run / "findings.json").is_file():
        return 0
    doc = json.loads((run / "findings.json").read_text(encoding="utf-8"))
    run_id = f"{result['slug']}/{result['year']}/{result['key'][:12]}"
    key = (run_id, result["department"], int(result["year"]))
    counts = {s: sum(1 for f in doc["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
    info = doc.get("document", {})
    rows: dict[str, list[tuple]] = {
        "documents": [(run_id, result["slug"], result["department"], int(result["year"]), info.get("kind"),
                       info.get("source"), info.get("sha256"), result["status"], counts["error"], counts["warning"],
                       counts["info"], float(result.get("seconds") or 0))],
        "findings": [(*key, current_id(f["rule"]), current_id(f["rule"]).split(".")[0], f["severity"], f["message"],
                      json.dumps(f.get("lines", [])), json.dumps(f.get("pages", []))) for f in doc["findings"]],
        "facts": _facts(run, key),
        "table_cells": _cells(run, key),
        "figures": _figures(run, key),
    }
    import pandas as pd

    with connection(path) as con:
        for table, values in rows.items():
            con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            if values:
                names = columns(table)
                con.register("incoming", pd.DataFrame(values, columns=names))
                con.execute(f"INSERT INTO {table} SELECT * FROM incoming")
                con.unregister("incoming")
    return sum(len(v) for v in rows.values())


def last_year(path: str | Path, department: str, year: int) -> dict[str, Any] | None:
    """The key figures the warehouse holds of ``department``'s disclosure of ``year - 1`` (its latest run),
    with ``source`` naming that run; None when the warehouse does not hold it."""
    import duckdb

    if not Path(path).is_file():
        return None
    with open(f"{path}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)   # readers together, never beside the writer
        con = duckdb.connect(str(path), read_only=True)
        try:
            row = con.execute("SELECT run_id, file FROM documents WHERE department = ? AND year = ? AND status = 'ok' "
                              "ORDER BY run_id DESC LIMIT 1", [department, year - 1]).fetchone()
            figures = con.execute("SELECT item, yuan FROM figures WHERE run_id = ?", [row[0]]).fetchall() if row else []
        finally:
            con.close()
            fcntl.flock(lock, fcntl.LOCK_UN)
    if row is None:
        return None
    return {**{item: str(yuan) for item, yuan in figures}, "source": Path(str(row[1] or row[0])).name}
