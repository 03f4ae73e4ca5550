"""``budget-audit`` command line: one module per command, errors as one line."""
from __future__ import annotations

import argparse
import os
import sys

from ..errors import AuditError, InputError, ParamsError
from . import batch, check, extract, generate, new_params, rules, run

COMMANDS = {"extract": extract, "check": check, "run": run, "new-params": new_params, "generate": generate,
            "rules": rules, "batch": batch}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budget-audit",
        description="Audit Chinese government department budget disclosures (部门预算公开).")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except AuditError as error:
        print(f"budget-audit: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("budget-audit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:   # the reader went away (budget-audit rules | head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # an unexpected failure still gets one line
        if args.debug or os.environ.get("BUDGET_AUDIT_DEBUG"):
            raise
        print(f"budget-audit: internal error: {type(error).__name__}: {error} "
              "(run with --debug for the traceback)", file=sys.stderr)
        return 3


__all__ = ["main", "InputError", "ParamsError"]
