"""``budget-audit check DOC [--format text|json] [--fail-on error|warning] [--params FILE] [--budget FILE]``."""
from __future__ import annotations

import json
import sys
from typing import Any


def add_parser(sub) -> None:
    parser = sub.add_parser("check", help="reconcile a disclosure and print its findings")
    parser.add_argument("document", nargs="+",
                        help="the disclosure: a text, PDF or HTML file, or several files published as one "
                             "disclosure (narrative and tables), in reading order")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--fail-on", choices=("error", "warning"), default=None,
                        help="exit 1 when a finding of this severity (or worse) is raised")
    parser.add_argument("--params", help="params file whose region and tolerance apply")
    parser.add_argument("--region", default=None, help="required-content set (default: 'default')")
    parser.add_argument("--budget", default=None,
                        help="final accounts: the same department's budget of that year, whose figures the final "
                             "accounts' 年初预算 must equal (default: the params file's 'budget')")
    parser.add_argument("--warehouse", default=None,
                        help="a batch's warehouse.duckdb: statements about last year are checked against the "
                             "department's disclosure of last year kept there")
    parser.set_defaults(handler=run)


def _cite(src, number: int) -> str:
    """A line number, with its own file and page when the disclosure is several files."""
    if not src.parts:
        return str(number)
    path, line, page = src.where(number)
    return f"{path.split('/')[-1]}:{line}" + (f"（第 {page} 页）" if page else "")


def render_text(disclosure, findings, checks=None) -> str:
    from ..reconcile import FAMILY_TITLES, counts
    from ..reconcile.finding import SEVERITY_LABEL

    src = disclosure.source
    out = [f"{src.path}: {disclosure.department or '（未识别部门）'} {disclosure.year or ''} 年  "
           + "  ".join(f"{SEVERITY_LABEL[s]} {n}" for s, n in counts(findings).items())]
    if checks:
        out.append("已核对：" + "；".join(f"{FAMILY_TITLES[f][0]} {c['checks']} 项，{c['consistent']} 项相符"
                                       for f, c in checks.items() if c["checks"]))
    for severity in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        out.append("")
        out.append(f"== {SEVERITY_LABEL[severity]} ({severity}) {len(group)} ==")
        for f in group:
            where = ", ".join(_cite(src, n) for n in f.lines) or "—"
            pages = f"，第 {', '.join(map(str, f.pages))} 页" if f.pages and not src.parts else ""
            out.append(f"[{f.rule}] {f.message}  (行 {where}{pages})")
            for n in f.lines[:4]:
                out.append(f"    {n:>5} | {_clip(src.line(n).strip())}")
            if len(f.lines) > 4:
                out.append(f"          … 另 {len(f.lines) - 4} 行")
    return "\n".join(out) + "\n"


def _clip(text: str, width: int = 120) -> str:
    """A quoted line cut to ``width`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _history(warehouse: str | None, disclosure) -> dict | None:
    """Last year's published figures of the department, from a warehouse of earlier batches."""
    if not warehouse:
        return None
    from pathlib import Path

    from ..errors import ParamsError
    from ..suite.warehouse import last_year

    if not Path(warehouse).is_file():
        raise ParamsError("--warehouse", f"no such warehouse {warehouse}")
    if not disclosure.department or not disclosure.year:
        return None
    return last_year(warehouse, disclosure.department, disclosure.year)


def run(args) -> int:
    from ..ingest.build import ingest
    from ..reconcile import audit, findings_document

    options: dict[str, Any] = {"region": args.region or "default"}
    if args.params:
        from ..suite.params import load_params

        params = load_params(args.params)
        options = {"region": args.region or params.region, "tolerance_factor": params.tolerance,
                   "expected_department": params.department, "expected_year": params.year}
    from ..reference import regions

    if options["region"] not in regions():
        from ..errors import ParamsError

        raise ParamsError("--region", f"unknown region '{options['region']}'")
    disclosure = ingest(args.document)
    if args.params:
        from ..suite.params import confirm_document

        confirm_document(params, disclosure.department, disclosure.year, disclosure.document_kind)
    budget = args.budget or (params.budget if args.params else "")
    from ..suite.budget import load_budget

    findings, checks = audit(disclosure, **options, budget=load_budget(budget, disclosure) if budget else None,
                             history=_history(args.warehouse, disclosure))
    if args.format == "json":
        sys.stdout.write(json.dumps(findings_document(disclosure, findings, " + ".join(args.document), checks),
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(disclosure, findings, checks))
    if args.fail_on:
        worst = {"error": {"error"}, "warning": {"error", "warning"}}[args.fail_on]
        if any(f.severity in worst for f in findings):
            return 1
    return 0
