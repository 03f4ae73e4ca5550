"""Writing an ingested disclosure as files: CSV per table kind, facts.csv, document.json.

Output is deterministic (same input, same bytes) and written to a temporary folder
that replaces the target only when everything was written.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

from ..model import Disclosure, Table


def cell_text(value: Any) -> str:
    """A cell as written to CSV: Decimals as printed, absent as empty."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value)
    return str(value)


def write_rows(columns: list[str], rows: Iterable[Mapping[Any, Any]], path: Path) -> None:
    """CSV with a header row; Decimals exactly as printed, absent cells empty, LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([str(c) for c in columns])
        for row in rows:
            writer.writerow([cell_text(row.get(c)) for c in columns])


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    write_rows(list(frame.columns), frame.to_dict("records"), path)


def table_rows(disclosure: Disclosure) -> dict[str, tuple[list[str], list[dict]]]:
    """Columns and rows per kind; several tables of a kind are stacked with ``table`` and ``title``."""
    by_kind: dict[str, list[Table]] = {}
    for table in disclosure.tables:
        by_kind.setdefault(table.kind, []).append(table)
    out = {}
    for kind, tables in by_kind.items():
        if len(tables) == 1:
            out[kind] = (tables[0].columns, tables[0].records)
            continue
        columns = ["table", "title"]
        rows = []
        for n, table in enumerate(tables, 1):
            columns += [c for c in table.columns if c not in columns]
            rows += [{"table": n, "title": table.title, **r} for r in table.records]
        out[kind] = (columns, rows)
    return out


def table_summary(table: Table) -> dict[str, Any]:
    return {
        "kind": table.kind, "kind_by": table.kind_by, "title": table.title, "title_line": table.title_line,
        "first_line": table.first_line, "last_line": table.last_line,
        "unit": table.unit, "unit_line": table.unit_line,
        "department": table.department, "department_line": table.department_line,
        "layout": table.layout, "rows": len(table.records), "empty": bool(table.empty),
        "header_lines": [line for line, _ in table.header],
        "notes": [{"line": line, "text": text} for line, text in table.notes],
        "unparsed": [{"line": line, "column": c, "text": t} for line, c, t in table.unparsed],
    }


def document_info(disclosure: Disclosure) -> dict[str, Any]:
    src = disclosure.source
    units = sorted({t.unit for t in disclosure.tables if t.unit}
                   | {u for u in disclosure.facts.get("unit", []) if u in {"元", "万元", "亿元"}})
    return {
        "source": src.path, "sha256": src.sha256, "encoding": src.encoding, "lines": len(src),
        "origin": src.origin, "pages": (src.pages[-1] if src.pages else 1),
        "files": [{"path": p.path, "sha256": p.sha256, "first_line": p.first_line, "first_page": p.first_page}
                  for p in src.parts],
        "document_kind": disclosure.document_kind,
        "department": disclosure.department, "department_line": disclosure.department_line,
        "department_from": disclosure.department_from,
        "year": disclosure.year, "year_line": disclosure.year_line, "date": disclosure.date,
        "units": units,
        "contents": [{"line": e.line, "text": e.text, "kind": e.kind} for e in disclosure.contents],
        "tables": [table_summary(t) for t in disclosure.tables],
        "unknown_tables": [table_summary(t) for t in disclosure.tables if t.kind == "unknown"],
        "department_names": disclosure.names,
        "headings": [{"line": h.line, "level": h.level, "text": h.text} for h in disclosure.headings],
        "facts": int(len(disclosure.facts)),
    }


def dump_json(data: Any, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=cell_text) + "\n",
                    encoding="utf-8")


def write_into(directory: Path, disclosure: Disclosure) -> list[Path]:
    """Write the extract files into an existing directory; returns the paths written."""
    written = []
    for kind, (columns, rows) in sorted(table_rows(disclosure).items()):
        path = directory / f"{kind}.csv"
        write_rows(columns, rows, path)
        written.append(path)
    write_csv(disclosure.facts, directory / "facts.csv")
    dump_json(document_info(disclosure), directory / "document.json")
    written += [directory / "facts.csv", directory / "document.json"]
    if disclosure.source.origin != "text":
        # the text the line numbers refer to (a PDF's pages are separated by form feeds)
        source = directory / "source.txt"
        source.write_text(source_text(disclosure), encoding="utf-8")
        written.append(source)
    return written


def source_text(disclosure: Disclosure) -> str:
    """The converted document, one line per source line, a form feed before each new page."""
    src = disclosure.source
    out, page = [], 1
    for line, p in zip(src.lines, src.pages or [1] * len(src.lines), strict=False):
        out.append(("\f" * (p - page)) + line)
        page = p
    return "\n".join(out) + "\n"


def move_into_place(tmp: Path, target: Path) -> None:
    """Rename a finished folder to ``target``, replacing an older one (never a half-written one)."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(target)


def replace_dir(build: Callable[[Path], object], target: Path) -> Path:
    """Run ``build(tmpdir)`` and move the result to ``target`` only when it succeeded."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        build(tmp)
        move_into_place(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def write_extract(disclosure: Disclosure, out: str | Path) -> Path:
    """``budget-audit extract``: write every table, the facts and document.json to ``out``."""
    return replace_dir(lambda tmp: write_into(tmp, disclosure), Path(out))
