"""The narrative amounts ``make corpus`` counts as unlinked, one line each, and a count by what they state.

    .venv/bin/python bench/unlinked.py [FOLDER] [--list]

An amount is linked when a table cell of the same quantity is compared with it (``reconcile.quantities.linked``);
the groups below say why the rest are not, so that what no table of its document holds (政府采购 without a
procurement table, 机关运行经费 without a table stating it, assets, a unit's own staff costs) is told apart from
what a table holds but the linker misses.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.ingest import ingest  # noqa: E402
from audithelpers.reconcile.context import Context  # noqa: E402
from audithelpers.reconcile.quantities import linked  # noqa: E402
from audithelpers.suite.corpus import group_documents  # noqa: E402

#: (group, pattern on the subject or sentence), first match wins.
GROUPS = (("no tables in the document", None),
          ("政府采购", r"采购|(?:货物|工程|服务)类项目"), ("机关运行经费", r"机关运行经费"),
          ("assets, vehicles, equipment", r"固定资产|车辆|设备|房屋"),
          ("performance management totals", r"涉及.*资金|绩效"),
          ("last year's figures", r"上年|年初预算数|比.*预算数"),
          ("委托业务费", r"委托业务费"),
          ("a unit's staff, office or 增人增资 costs", r"人员经费|公用经费|增人增资|^支出$"))


def group(ctx: Context, fact: dict) -> str:
    if not ctx.disclosure.tables:
        return GROUPS[0][0]
    text = f"{fact.subject} {fact.raw_subject or ''}"
    return next((name for name, pattern in GROUPS[1:] if re.search(pattern, text)), "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default=str(ROOT / "data" / "corpus"))
    parser.add_argument("--list", action="store_true", help="print every unlinked amount")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    total = 0
    for paths in group_documents(Path(args.folder)):
        ctx = Context(ingest(paths))
        for fact in ctx.facts:
            if fact.kind != "amount" or fact.unit not in ("元", "万元", "亿元"):
                continue
            total += 1
            if linked(ctx, fact):
                continue
            counts[group(ctx, fact)] += 1
            if args.list:
                print(f"{paths[0].name[:44]:44s} {fact.line:>5} {fact.subject[:30]:30s} {fact.value}")
    unlinked = sum(counts.values())
    print(f"\n{total - unlinked}/{total} linked; {unlinked} unlinked:")
    for name, n in counts.most_common():
        print(f"  {n:4d}  {name}")


if __name__ == "__main__":
    main()
