"""arithmetic: economic classes against their items, where the codes are printed in the labels.

An economic table prints its classes (301 工资福利支出) above their items (30101 基本工资 …); each class is the sum of
its items, and the total the sum of the classes. A table with a code column is summed by ``arithmetic.column_total``;
many print the code in the label instead ("[30101]基本工资", "30101-基本工资"): those are summed here. A table
printing one class twice (blocks per unit or per function item) is not summed: which rows are whose is not known.
"""
from __future__ import annotations

from typing import Iterator

from ..model import Table
from .arithmetic import column_check
from .cells import row_code
from .context import Context
from .registry import Issue, rule

ECONOMIC_KINDS = ("basic_expenditure", "projects", "economic_summary", "fiscal_basic")


def _coded_rows(ctx: Context, table: Table) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]] | None:
    """(class rows, item rows) by code; None for a table with a code column (summed elsewhere) or a class printed
    twice."""
    if "部门经济分类编码" in table.columns:
        return None
    classes = [(c, r) for r in ctx.rows(table) for c in [row_code(r, table, 3)] if c]
    items = [(c, r) for r in ctx.rows(table) for c in [row_code(r, table, 5)] if c]
    if not classes or len({c for c, _ in classes}) != len(classes):
        return None
    return classes, items


@rule("arithmetic.economic_hierarchy", "error", "经济科目层级不平：类≠Σ款，或合计≠Σ类（编码印在名称中的经济分类表）",
      "economic classes do not add up (class ≠ Σ items, or total ≠ Σ classes) in a table printing codes in its labels",
      example=("[302]商品和服务支出\t12.55（其下各款之和 11.55）", "[302]商品和服务支出\t11.55"))
def economic_hierarchy(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if table.kind not in ECONOMIC_KINDS or table.empty:
            continue
        found = _coded_rows(ctx, table)
        if found is None:
            continue
        classes, items = found
        for code, row in classes:
            mine = [r for c, r in items if c.startswith(code)]
            if mine:
                yield from column_check(ctx, table, row, mine, "所属款级经济科目", "arithmetic.economic_hierarchy")
        total = ctx.total_row(table)
        if total is not None and all(r is not total for _, r in classes):
            yield from column_check(ctx, table, total, [r for _, r in classes], "各类级经济科目",
                                     "arithmetic.economic_hierarchy")
