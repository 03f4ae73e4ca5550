"""``budget-audit new-params DOC``: a params file for a document, printed."""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    parser = sub.add_parser("new-params", help="print a params file for a document (department and year read from it)")
    parser.add_argument("document", help="the disclosure")
    parser.add_argument("--params-dir", default="params", help="where the file will live (for the relative path)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..suite.params import scaffold

    name, text = scaffold(args.document, args.params_dir)
    print(f"# save as {args.params_dir}/{name}", file=sys.stderr)
    sys.stdout.write(text)
    return 0
