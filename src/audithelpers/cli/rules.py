"""``budget-audit rules [--markdown]``: the rule catalogue (id, family, severity, what it checks)."""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    parser = sub.add_parser("rules", help="list the rules: id, family, severity and what each checks")
    parser.add_argument("--markdown", action="store_true", help="the catalogue as docs/rules.md has it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..reconcile import catalogue_markdown, rule_catalogue

    if args.markdown:
        sys.stdout.write(catalogue_markdown() + "\n")
        return 0
    for r in rule_catalogue():
        sys.stdout.write(f"{r['rule']:38s} {r['severity']:8s} {r['description']}\n{'':47s} {r['english']}\n")
    return 0
