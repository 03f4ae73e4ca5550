"""crosstable: a project's amount where the performance targets state it, against the project table.

A table of key projects' targets (重点项目绩效目标, 项目支出绩效目标表) names each project with its amount; the project
table budgets the same project. A project named alike in both (its name, spaces and brackets aside) whose
performance amount is none of the amounts of its project row (合计, 财政拨款, 一般公共预算 …) is stated twice with two
values. Projects named differently, or named more than once in the project table, are not compared.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Iterator

from .. import reference
from .context import Context, Fig
from .registry import Issue, rule

_AMOUNT = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")


#: A name that ends as an institution's does ("…管理中心", "…局", "…(本级)"): a unit's subtotal row, not a project.
UNIT_NAME = re.compile(r"(?:局|中心|站|馆|处|所|院|室|委员会|队|学校|厂|场|社|团|部|办|本级)(?:[(（][^()（）]*[)）])?$")


def _name_amount(ctx: Context, line: int) -> tuple[str, Decimal] | None:
    """The first text cell and the number after it on a line of a performance table."""
    cells = [c.strip() for c in ctx.disclosure.source.norm[line - 1].split("\t")]
    for i, cell in enumerate(cells):
        if len(re.findall(r"[\u4e00-\u9fff]", cell)) >= 4:
            after = next((c for c in cells[i + 1:i + 3] if c), "")
            if _AMOUNT.match(after):
                try:
                    return cell, Decimal(after.replace(",", ""))
                except InvalidOperation:
                    return None
            return None
    return None


def _project_rows(ctx: Context) -> dict[str, list[tuple[int, list[Fig]]]]:
    """Name key → (line, amounts) of every row of the project tables."""
    out: dict[str, list[tuple[int, list[Fig]]]] = {}
    for table in ctx.tables("projects"):
        labels = [c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")]
        for row in ctx.rows(table):
            figs = [f for c in table.amount_columns for f in [ctx.fig(table, row, c)] if f is not None]
            for label in labels:
                name = reference.name_key(str(row.get(label) or ""))
                if len(name) >= 4 and figs:
                    out.setdefault(name, []).append((int(row["line"]), figs))
    return out


@rule("crosstable.project_amount", "warning", "绩效目标表（重点项目）所列项目金额与项目支出表中同名项目的金额不符",
      "a project's amount in the performance targets differs from its row of the project table",
      example=("辅助人员补助经费\t7672.25\t保障口岸查验工作（项目支出表为 7,672.50）",
               "辅助人员补助经费\t7672.50\t保障口岸查验工作"))
def project_amount(ctx: Context) -> Iterator[Issue]:
    projects = _project_rows(ctx)
    if not projects:
        return
    for table in ctx.tables("project_performance"):
        unit = table.unit or next((t.unit for t in ctx.tables("projects") if t.unit), None)
        for line in range(table.first_line, table.last_line + 1):
            found = _name_amount(ctx, line)
            rows = projects.get(reference.name_key(found[0])) if found else None
            if found is None or rows is None or len(rows) != 1 or unit is None or UNIT_NAME.search(found[0]):
                continue
            (row_line, figs), stated = rows[0], Fig(found[1], unit, line)
            ctx.tick()
            if not any(ctx.comparable(f) and ctx.close(stated, f) for f in figs) and all(f.unit == unit for f in figs):
                yield Issue(f"「{found[0]}」在{table.title}中为 {stated.show()}，项目支出表（第 {row_line} 行）为 "
                            f"{figs[0].show()}：同一项目两处金额不一致", [line, row_line],
                            expected=figs[0].show(), actual=stated.show())
