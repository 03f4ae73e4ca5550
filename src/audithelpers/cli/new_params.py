"""``budget-audit new-params DOC`` prints a params file for a document; ``new-params DOC_OR_FOLDER...
--out DIR`` writes one for each document (folders: every PDF, text and HTML file in them), ready for
``budget-audit batch DIR``."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

#: The files of a downloads folder that are disclosures.
DOCUMENT_SUFFIXES = (".pdf", ".txt", ".html", ".htm")


def add_parser(sub) -> None:
    parser = sub.add_parser("new-params", help="a params file for each document (department, year and kind "
                                               "read from its cover): printed, or written into --out")
    parser.add_argument("documents", nargs="+", metavar="DOC", help="disclosures, or folders of them")
    parser.add_argument("--out", default="", help="write the params files into this folder (for a batch)")
    parser.add_argument("--params-dir", default="params", help="where the printed file will live (for the "
                                                               "relative path; --out sets it when given)")
    parser.set_defaults(handler=run)


def documents(paths: list[str]) -> list[Path]:
    """The documents named, folders expanded to their disclosure files (sorted); none is an error."""
    from ..errors import ParamsError

    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise ParamsError(path, "no such document or folder")
    if not found:
        raise ParamsError(", ".join(paths), "holds no documents (*.pdf, *.txt, *.html)")
    return found


def run(args) -> int:
    from ..errors import ParamsError
    from ..suite.params import scaffold

    found = documents(args.documents)
    if not args.out:
        if len(found) > 1:
            raise ParamsError(args.documents[0], f"{len(found)} documents: give --out DIR to write a params file "
                                                 "for each")
        made = scaffold(found[0], args.params_dir)
        print(f"# save as {args.params_dir}/{made.name}", file=sys.stderr)
        sys.stdout.write(made.text)
        return 0
    return write_all(found, Path(args.out))


def write_all(found: list[Path], out: Path) -> int:
    """A params file per document in ``out`` (one for a narrative and the tables published apart from it); a
    document that cannot be read, or whose file name is taken, is one line on stderr and the others are still
    written. Exit 2 when any was not."""
    from ..errors import AuditError
    from ..suite.params import scaffold

    out.mkdir(parents=True, exist_ok=True)
    readings = _read_all(found)
    failed = written = 0
    seen: dict[tuple[str, int, str], str] = {}
    for files in disclosures(found, readings):
        named = " + ".join(map(str, files))
        try:
            made = scaffold(files, out, disclosure=_disclosure(files, readings))
            target = out / made.name
            what = (made.department, made.year, made.kind)
            if what in seen:
                raise AuditError(named, f"the same department, year and kind as {seen[what]}: not written")
            if target.exists():
                raise AuditError(named, f"{target} exists already: not overwritten")
            seen[what] = named
        except AuditError as error:
            print(f"budget-audit: {error}", file=sys.stderr)
            failed += 1
            continue
        target.write_text(made.text, encoding="utf-8")
        written += 1
        print(target)
    print(f"{written} params files written into {out}; {failed} documents skipped", file=sys.stderr)
    return 2 if failed else 0


def _read_all(found: list[Path]) -> dict[Path, Any]:
    """Each document read (its Source and Disclosure), or the error that stopped it."""
    from ..errors import AuditError
    from ..ingest.build import ingest_source
    from ..read.text import read_source

    readings: dict[Path, Any] = {}
    for document in found:
        try:
            source = read_source(document)
            readings[document] = (source, ingest_source(source))
        except AuditError as error:
            readings[document] = error
    return readings


def _disclosure(files: list[Path], readings: dict[Path, Any]) -> Any:
    """The disclosure of these files, from what was read of them (a PDF is not read twice)."""
    from ..ingest.build import ingest_source
    from ..read.text import combine_sources

    for file in files:
        if isinstance(readings[file], Exception):
            raise readings[file]
    if len(files) == 1:
        return readings[files[0]][1]
    return ingest_source(combine_sources([readings[f][0] for f in files]))


def disclosures(found: list[Path], readings: dict[Path, Any]) -> list[list[Path]]:
    """The documents as disclosures, in the order found: each file alone, except the tables published apart
    from a narrative (a department, no tables; Beijing's 部门预算 is two such files), which join that
    narrative: tables naming the narrative's department on their cover, of the same year; or tables naming no
    department, of a compatible year, whose file name shares the most with the narrative's (and more than with
    any other narrative's). What could belong to two narratives is left alone."""
    read = {doc: d[1] for doc, d in readings.items() if not isinstance(d, Exception)}
    # a narrative: no tables, and a department or at least a budget year (Beijing's narrative may have no cover: its
    # department is then the one its tables print, once they join it)
    narratives = [doc for doc in found if doc in read and not read[doc].tables
                  and (read[doc].department or read[doc].year)]
    joined: dict[Path, Path] = {}   # narrative -> its tables
    for part in (doc for doc in found if doc in read and read[doc].tables):
        free = [n for n in narratives if n not in joined and n != part]
        owner = _owner(read, part, free)
        if owner is not None:
            joined[owner] = part
    parts = set(joined.values())
    return [[doc, joined[doc]] if doc in joined else [doc] for doc in found if doc not in parts]


def _owner(read: dict[Path, Any], part: Path, narratives: list[Path]) -> Path | None:
    """The one narrative the tables ``part`` belong to, or None."""
    from ..reference import name_key

    tables = read[part]
    if tables.department and tables.department_from == "cover":   # named on their cover: that department's narrative
        same = [n for n in narratives if read[n].department
                and name_key(read[n].department) == name_key(tables.department)
                and read[n].year in (None, tables.year) and tables.year is not None]
        return same[0] if len(same) == 1 else None
    scored = sorted(((len(os.path.commonprefix([n.name, part.name])), n) for n in narratives
                     if tables.year is None or read[n].year in (None, tables.year)), key=lambda pair: -pair[0])
    if scored and scored[0][0] >= 4 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None
