"""crosstable: figures held against what bounds them, and the same thing stated in two places.

- 机关运行经费 is basic 公用经费 of the administrative units: it cannot exceed the department's basic spending.
- A 政府性基金 table printed empty (or all 0) while the project table spends 政府性基金 money.
- No vehicles ("共有车辆 0 辆") but a vehicle running budget (公务用车运行维护费 above 0).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .cells import cell, total_fig
from .context import Context, Fig
from .quantities import THREE_ROWS, fiscal_figure, grand_total, summary_cell
from .registry import Issue, rule


def _basic_total(ctx: Context) -> Fig | None:
    """The department's basic spending: the 基本支出 total of the expenditure table, else the basic table's 合计."""
    return (total_fig(ctx, "expenditure", "基本支出", counterpart=True)
            or total_fig(ctx, "basic_expenditure", "合计", counterpart=True))


@rule("crosstable.operating_cost_bound", "warning",
      "机关运行经费超过基本支出总额（机关运行经费是基本支出中的公用经费）",
      "机关运行经费 above the whole basic spending (it is part of basic spending's 公用经费)",
      example=("本部门机关运行经费安排 100.52 万元。（基本支出合计 94.54 万元）",
               "本部门机关运行经费安排 9.52 万元。"))
def operating_cost_bound(ctx: Context) -> Iterator[Issue]:
    basic = _basic_total(ctx)
    if basic is None or not ctx.comparable(basic):
        return
    for fact in ctx.facts_where(kind="amount", subject="机关运行经费"):
        if fact.value is None or fact.unit is None or fact.derived:
            continue
        stated = Fig(fact.value, fact.unit, fact.line)
        ctx.tick()
        if stated.yuan > basic.yuan and not ctx.close(stated, basic):
            yield Issue(f"机关运行经费 {stated.show()} 超过基本支出总额 {basic.show()}："
                        f"机关运行经费是基本支出中的公用经费，不会多于基本支出（多半把项目支出或其他口径计入了机关运行经费）",
                        [fact.line, basic.line],
                        expected=f"≤{basic.show()}", actual=stated.show())


def _fund_spent_by_projects(ctx: Context) -> Fig | None:
    """The 政府性基金 column's total in a project table, when above 0."""
    for table in ctx.tables("projects"):
        column = next((c for c in table.amount_columns if c.split("/")[-1].startswith("政府性基金")), None)
        fig = ctx.fig(table, ctx.total_row(table), column) if column else None
        if fig is not None and fig.value > 0:
            return fig
    return None


@rule("crosstable.fund_table_empty", "warning",
      "政府性基金预算支出表为空（或全为 0），项目支出表却列有政府性基金预算",
      "the 政府性基金 spending table is empty or all 0, yet the project table spends 政府性基金 money",
      example=("项目支出预算表中政府性基金预算 97.80 万元，政府性基金支出预算表为空表",
               "项目支出预算表中政府性基金预算为 0，政府性基金支出预算表为空表"))
def fund_table_empty(ctx: Context) -> Iterator[Issue]:
    table = ctx.table("fund_budget")
    if table is None:
        return
    held = [ctx.fig(table, row, c) for row in ctx.rows(table) for c in table.amount_columns]
    ctx.tick()
    if not table.empty and (not any(f is not None for f in held) or any(f is not None and f.value for f in held)):
        return   # figures in it (or none read): not an empty table
    spent = _fund_spent_by_projects(ctx)
    if spent is not None:   # the fund table is cited (its title and note); the project table's row is named
        norm = ctx.disclosure.source.norm
        notes = [n for n in range(table.first_line, min(table.last_line + 4, len(norm)) + 1)
                 if norm[n - 1].lstrip().startswith(("注", "备注", "说明"))]
        yield Issue(f"「{table.title}」{'为空表' if table.empty else '合计为 0'}，而项目支出表（第 {spent.line} 行）"
                    f"列有政府性基金预算 {spent.show()}：两表不一致", [table.title_line, *notes],
                    expected=f"政府性基金支出 {spent.show()}", actual="0" if not table.empty else "空表")


#: The text's count of the department's vehicles at 0 ("共有车辆0辆", "实有公务用车 0 辆").
NO_VEHICLES = re.compile(r"(?:共有|实有|现有|占有|保有)(?:公务用)?车辆\s*(?:共)?\s*0\s*辆")


def _running_cost(ctx: Context) -> Fig | None:
    """公务用车运行维护费 of the 三公 table (its column of the total row, or its row's 合计), else of the text."""
    table = ctx.counterpart("three_public")
    column, label = THREE_ROWS["公务用车运行维护费"]
    if table is not None:
        if column in table.columns:
            fig = cell(ctx, table, ctx.total_row(table), column)
        else:
            row = next((r for r in ctx.rows(table) if any(re.search(label, str(v)) for k, v in r.items()
                                                           if k not in table.amount_columns and k != "line")), None)
            fig = ctx.fig(table, row, "合计") if "合计" in table.columns else None
        if fig is not None:
            return fig
    fact = next((f for f in ctx.facts_where(kind="amount", subject="公务用车运行维护费") if f.value is not None
                 and f.unit), None)
    return Fig(fact.value, fact.unit, fact.line) if fact is not None and fact.value is not None and fact.unit else None


@rule("crosstable.vehicles_none", "warning", "说明称单位没有车辆，却安排了公务用车运行维护费",
      "the text says the unit has no vehicles, yet it budgets vehicle running costs",
      example=("截至 2022 年 8 月 31 日，本单位共有车辆 0 辆。（公务用车运行维护费 1.43 万元）",
               "截至 2022 年 8 月 31 日，本单位共有车辆 2 辆。"))
def vehicles_none(ctx: Context) -> Iterator[Issue]:
    said = next((n for n, text in enumerate(ctx.disclosure.source.norm, 1) if NO_VEHICLES.search(text)), None)
    if said is None:
        return
    running = _running_cost(ctx)
    ctx.tick()
    if running is not None and running.value > 0:
        yield Issue(f"第 {said} 行称共有车辆 0 辆，却安排公务用车运行维护费 {running.show()}（第 {running.line} 行），"
                    f"未说明为哪些车辆", [said], expected="车辆数与运行费相符", actual=running.show())


#: The funds block of a department's overall performance table ("资金总额 8200.95", "基本支出 5915.38", …).
DEPT_FUNDS = re.compile(r"(?:^|\t)(资金总额|年度资金总额|部门预算总额|项目支出|基本支出|其他资金)\s*(?:\(万元\))?\t"
                        r"(-?\d[\d,]*(?:\.\d+)?)(?:\t|$)")


def _department_figures(ctx: Context) -> dict[str, list[Fig]]:
    """The department's total, basic and project spending, each in all funds and in 财政拨款 where the tables give
    it (any of which the performance table may state)."""
    total = [f for f in (grand_total(ctx, "支出") or []) + (fiscal_figure(ctx, "财政拨款支出") or [])]
    basic = [f for f in (_basic_total(ctx), total_fig(ctx, "general_budget", "基本支出", counterpart=True)) if f]
    project = [f for f in (total_fig(ctx, "expenditure", "项目支出", counterpart=True),
                           total_fig(ctx, "general_budget", "项目支出", counterpart=True)) if f]
    other = summary_cell(ctx, "收入", "其他收入") or []
    return {"资金总额": total, "年度资金总额": total, "部门预算总额": total, "基本支出": basic, "项目支出": project,
            "其他资金": other}


@rule("crosstable.dept_performance_funds", "warning",
      "部门整体支出绩效目标表的资金总额（或基本、项目支出）与预算表的部门预算不符",
      "the department's overall performance table states funds the budget tables do not (总额, basic or project)",
      example=("年度预算安排(万元)\t资金总额\t8200.95（收支总表支出总计 15184.81）",
               "年度预算安排(万元)\t资金总额\t15184.81"))
def dept_performance_funds(ctx: Context) -> Iterator[Issue]:
    """One finding per table, naming each stated figure that matches none of the department's figures of its name
    (all funds or 财政拨款)."""
    norm = ctx.disclosure.source.norm
    known = _department_figures(ctx)
    for table in ctx.tables("dept_performance"):
        unit = table.unit or "万元"
        wrong = []
        for number in range(table.first_line, table.last_line + 1):
            match = DEPT_FUNDS.search(norm[number - 1])
            figures = known.get(match.group(1), []) if match else []
            if not figures or not all(ctx.comparable(f) for f in figures):
                continue
            stated = Fig(Decimal(match.group(2).replace(",", "")), unit, number)  # type: ignore[union-attr]
            ctx.tick()
            if not any(ctx.close(stated, f) for f in figures):
                wrong.append((match.group(1), stated, figures))  # type: ignore[union-attr]
        if wrong:
            told = "；".join(f"{name} {s.show()}，预算表为 {'或'.join(f.show() for f in figs)}"
                            for name, s, figs in wrong)
            yield Issue(f"{table.title}的年度预算安排与预算表不符：{told}", [s.line for _, s, _ in wrong],
                        expected="与预算表一致", actual="、".join(s.show() for _, s, _ in wrong))
