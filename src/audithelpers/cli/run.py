"""``budget-audit run PARAMS [--out DIR]``: the whole notebook suite for one department."""
from __future__ import annotations


def add_parser(sub) -> None:
    parser = sub.add_parser("run", help="run the notebook suite for one params file and render its report")
    parser.add_argument("params", help="params file (params/<department>-<year>.yaml)")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports/)")
    parser.add_argument("--kernel", default=None, help="Jupyter kernel name (default: budget-audit)")
    parser.add_argument("--warehouse", default="",
                        help="a batch's warehouse.duckdb: statements about last year are checked against the "
                             "department's disclosure of last year kept there (budget-audit batch passes its own)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..suite.params import load_params
    from ..suite.run import KERNEL, run_suite

    from dataclasses import replace
    from pathlib import Path

    params = load_params(args.params)
    if args.warehouse:
        params = replace(params, warehouse=str(Path(args.warehouse).resolve()))
    result = run_suite(params, args.out, kernel=args.kernel or KERNEL)
    counts = {s: sum(1 for f in result.findings if f["severity"] == s) for s in ("error", "warning", "info")}
    print(f"{params.department} {params.year}: {counts['error']} errors, {counts['warning']} warnings, "
          f"{counts['info']} info ({result.timings['total']:.1f} s)")
    print(f"report: {result.report}")
    return 0
