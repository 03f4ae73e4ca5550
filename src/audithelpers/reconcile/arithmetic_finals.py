"""arithmetic: the identities of final accounts (部门决算) that budgets do not have.

Within a table: the basic-spending table's economic classes add up to their items and to its
人员经费合计 / 公用经费合计; each fund carries over (年初结转和结余 + 本年收入 − 本年支出 =
年末结转和结余). Across the nine tables: the same quantity agrees wherever it is printed
(本年收入合计 of the summary and the 收入决算表's 合计, the general budget's spending in the
fiscal summary and in its own table, 基本支出 and the basic table's two totals, the 三公 items
paid from basic spending within the 三公 table's 决算数). Row and column sums the budget tables
share (合计 = Σ columns, 类 = Σ款) are the arithmetic rules' and are not repeated here.
"""
from __future__ import annotations

from typing import Iterator
import re
from decimal import Decimal

from ..model import Row, Table
from .cells import find_row
from .context import UNSTATED, Context, Fig, show_in
from .registry import Issue, rule

#: 人员经费 is the economic classes 301 and 303; 公用经费 every other class of basic spending.
STAFF = ("301", "303")
_CODE, _NAME, AMOUNT = "部门经济分类编码", "部门经济分类名称", "决算数"


def basic_rows(ctx: Context, table: Table) -> list[tuple[str, str, Fig | None, dict]]:
    return [(str(r.get(_CODE) or ""), re.sub(r"\s", "", str(r.get(_NAME) or "")), ctx.fig(table, r, AMOUNT), r)
            for r in ctx.rows(table)]


def _sum_check(ctx: Context, table: Table, what: str, total: Fig | None, parts: list[Fig], line: int
               ) -> Iterator[Issue]:
    if total is None and not any(p.value for p in parts):
        return
    base = total or Fig(Decimal(0), table.unit or UNSTATED, line)
    ctx.count(table, ctx.rule)
    if not ctx.close(base, ctx.sum_figs(parts), parts):
        shown = total.show() if total else "（空）"
        yield Issue(f"{table.title}「{what}」应为 {show_in(ctx.sum_figs(parts), base.unit)}，表中为 {shown}",
                    [line, *(p.line for p in parts)], expected=show_in(ctx.sum_figs(parts), base.unit), actual=shown)


@rule("arithmetic.final_basic", "error",
      "决算基本支出表：经济分类的类不等于所属款之和，或人员经费合计、公用经费合计不等于所属各类之和",
      "final accounts' basic-spending table: a class is not the sum of its items, or 人员经费合计 / 公用经费合计 "
      "not the sum of their classes")
def final_basic(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("final_basic"):
        if AMOUNT not in table.columns:
            continue
        rows = basic_rows(ctx, table)
        classes = [(code, name, fig, row) for code, name, fig, row in rows if re.fullmatch(r"\d{3}", code)]
        for code, name, fig, row in classes:
            items = [f for c, _, f, _ in rows if len(c) == 5 and c.startswith(code) and f is not None]
            if items:
                yield from _sum_check(ctx, table, f"{code} {name}", fig, items, int(row["line"]))
        for label, staff in (("人员经费合计", True), ("公用经费合计", False)):
            total = next(((fig, row) for _, name, fig, row in rows if name.startswith(label)), None)
            if total is None:
                continue
            parts = [f for c, _, f, _ in classes if f is not None and (c in STAFF) == staff]
            yield from _sum_check(ctx, table, label, total[0], parts, int(total[1]["line"]))


def _fund_rows(ctx: Context, table: Table
               ) -> Iterator[tuple[str, Fig | None, Fig | None, Fig | None, Fig | None, Row]]:
    """(label, 年初, 本年收入, 支出合计, 年末, row) of a fund table's rows that print any of them."""
    for row in ctx.rows(table):
        opening, income, spent, closing = (ctx.fig(table, row, c) for c in ("年初结转和结余", "本年收入", "支出合计",
                                                                             "年末结转和结余"))
        if any(f is not None for f in (opening, income, spent, closing)):
            yield str(row.get("科目名称") or row.get("科目编码") or ""), opening, income, spent, closing, row


@rule("arithmetic.carryover", "error", "决算结转结余不衔接：年初结转和结余 + 本年收入 − 本年支出 ≠ 年末结转和结余",
      "final accounts' carry-over does not follow: opening balance + income − spending ≠ closing balance",
      example=("212\t城乡社区支出\t10.00\t50.00\t40.00\t0.00\t40.00\t25.00",
               "212\t城乡社区支出\t10.00\t50.00\t40.00\t0.00\t40.00\t20.00"))
def carryover(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("final_fund", "final_state_capital"):
        for label, opening, income, spent, closing, row in _fund_rows(ctx, table):
            yield from _carried(ctx, table, re.sub(r"\s", "", label), opening, income, spent, closing, int(row["line"]))
    yield from _fiscal_summary_funds(ctx)


def _carried(ctx: Context, table: Table, what: str, opening: Fig | None, income: Fig | None, spent: Fig | None,
             closing: Fig | None, line: int) -> Iterator[Issue]:
    unit = table.unit or UNSTATED
    zero = Fig(Decimal(0), unit, line)
    opening, income, spent = opening or zero, income or zero, spent or zero
    expected = opening.yuan + income.yuan - spent.yuan
    ctx.count(table, "arithmetic.carryover")
    figs = [f for f in (opening, income, spent, closing) if f is not None]
    if ctx.close(closing or zero, expected, figs):
        return
    shown = closing.show() if closing else "（空）"
    yield Issue(f"{table.title}「{what}」年末结转和结余应为 {opening.value} + {income.value} − {spent.value} = "
                f"{show_in(expected, unit)}，表中为 {shown}", sorted({f.line for f in figs}),
                expected=show_in(expected, unit), actual=shown)


#: The fiscal summary's funds: (the income row's words, the spending column).
_FUNDS = (("一般公共预算", "一般公共预算"), ("政府性基金", "政府性基金"), ("国有资本经营", "国有资本经营预算"))


def _fiscal_summary_funds(ctx: Context) -> Iterator[Issue]:
    """Per fund in the fiscal summary: 年初 (income side, by fund) + 本年收入 − 本年支出 = 年末 (spending side)."""
    for table in ctx.tables("final_fiscal_summary"):
        cols = table.columns
        if not {"收入项目", "收入金额", "支出项目"} <= set(cols):
            continue
        opening_at = find_row(ctx, table, "收入项目", "年初.*结转")
        closing = find_row(ctx, table, "支出项目", "年末.*结转")
        spent = find_row(ctx, table, "支出项目", "本年支出合计")
        if opening_at is None or closing is None or spent is None:
            continue
        rows = ctx.rows(table)
        after = rows[rows.index(opening_at) + 1:]
        for words, column in _FUNDS:
            if column not in cols:
                continue
            income = find_row(ctx, table, "收入项目", f"^[一二三四五六七八九十]+、{words}")
            opening = next((r for r in after if words in re.sub(r"\s", "", str(r["收入项目"] or ""))), None)
            yield from _carried(ctx, table, f"{words}财政拨款", ctx.fig(table, opening, "收入金额"),
                                ctx.fig(table, income, "收入金额"), ctx.fig(table, spent, column),
                                ctx.fig(table, closing, column), int(closing["line"]))
