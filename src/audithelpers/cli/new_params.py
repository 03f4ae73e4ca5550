"""``budget-audit new-params DOC`` prints a params file for a document; ``new-params DOC_OR_FOLDER...
--out DIR`` writes one for each document (folders: every PDF, text and HTML file in them), ready for
``budget-audit batch DIR``."""
from __future__ import annotations

import sys
from pathlib import Path

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
        name, text = scaffold(found[0], args.params_dir)
        print(f"# save as {args.params_dir}/{name}", file=sys.stderr)
        sys.stdout.write(text)
        return 0
    return write_all(found, Path(args.out))


def write_all(found: list[Path], out: Path) -> int:
    """A params file per document in ``out``; a document that cannot be read, or whose file name is taken,
    is one line on stderr and the others are still written. Exit 2 when any was not."""
    import yaml

    from ..errors import AuditError
    from ..suite.params import scaffold

    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    seen: dict[tuple[str, int, str], Path] = {}
    for document in found:
        try:
            name, text = scaffold(document, out)
            target = out / name
            values = yaml.safe_load(text)
            what = (values["department"], values["year"], values.get("kind", "budget"))
            if what in seen:
                raise AuditError(document, f"the same department, year and kind as {seen[what]}: not written")
            if target.exists():
                raise AuditError(document, f"{target} exists already: not overwritten")
            seen[what] = document
        except AuditError as error:
            print(f"budget-audit: {error}", file=sys.stderr)
            failed += 1
            continue
        target.write_text(text, encoding="utf-8")
        print(target)
    print(f"{len(found) - failed} params files written into {out}; {failed} documents skipped", file=sys.stderr)
    return 2 if failed else 0
