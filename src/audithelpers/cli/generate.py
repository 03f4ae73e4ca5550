"""``budget-audit generate --count N --out DIR [--kind final]``: consistent generated disclosures and their params."""
from __future__ import annotations


def add_parser(sub) -> None:
    parser = sub.add_parser("generate", help="write consistent generated disclosures with params files")
    parser.add_argument("--count", type=int, default=5, help="how many (default 5)")
    parser.add_argument("--out", required=True, help="folder for data/ and params/")
    parser.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--unit", choices=("元", "万元"), default=None, help="unit of every document (default: mixed)")
    parser.add_argument("--kind", choices=("budget", "final"), default="budget",
                        help="budgets (部门预算, default) or final accounts (部门决算, in 万元)")
    parser.add_argument("--years", type=int, default=1,
                        help="budgets of consecutive years per department (default 1), each stating the change "
                             "on the year before as that year published it")
    parser.add_argument("--defects", type=float, default=0.0,
                        help="share of documents given one injected defect, listed in DIR/defects.csv (default 0)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..errors import ParamsError
    from ..generate.files import write_generated

    from ..generate.district import write_district

    if args.count < 1:
        raise ParamsError("--count", "must be at least 1")
    if args.years < 1 or not 0 <= args.defects <= 1:
        raise ParamsError("--years/--defects", "years must be at least 1 and the defect share between 0 and 1")
    if args.kind == "final" and (args.years > 1 or args.defects):
        raise ParamsError("--kind final", "--years and --defects are for budgets")
    if args.kind == "final":
        written = write_generated(args.count, args.out, start=args.seed, unit=args.unit, kind=args.kind)
    else:
        written = write_district(args.count, args.out, start=args.seed, unit=args.unit, years=args.years,
                                 defect_rate=args.defects)
    for path in written:
        print(path)
    return 0
