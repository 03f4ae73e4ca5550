"""``budget-audit extract DOC --out DIR``."""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    parser = sub.add_parser("extract", help="write a disclosure's tables and narrative facts as CSV")
    parser.add_argument("document", nargs="+",
                        help="the disclosure: a text, PDF or HTML file, or several files published as one disclosure")
    parser.add_argument("--out", required=True, help="output folder (replaced when the extract succeeds)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..ingest.export import write_extract
    from ..ingest.build import ingest

    disclosure = ingest(args.document)
    out = write_extract(disclosure, args.out)
    kinds = ", ".join(t.kind for t in disclosure.tables)
    print(f"{' + '.join(args.document)}: {len(disclosure.tables)} tables ({kinds}), "
          f"{len(disclosure.facts)} facts -> {out}", file=sys.stderr)
    return 0
