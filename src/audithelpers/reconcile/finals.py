"""finals: the identities of final accounts (部门决算) that budgets do not have.

Within a table: the basic-spending table's economic classes add up to their items and to its
人员经费合计 / 公用经费合计; each fund carries over (年初结转和结余 + 本年收入 − 本年支出 =
年末结转和结余). Across the nine tables: the same quantity agrees wherever it is printed
(本年收入合计 of the summary and the 收入决算表's 合计, the general budget's spending in the
fiscal summary and in its own table, 基本支出 and the basic table's two totals, the 三公 items
paid from basic spending within the 三公 table's 决算数). Row and column sums the budget tables
share (合计 = Σ columns, 类 = Σ款) are the arithmetic rules' and are not repeated here.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Table
from .context import UNSTATED, Context, Fig, show_in
from .crosstable import _class_totals, _compare, find_row
from .registry import Issue, rule

#: 人员经费 is the economic classes 301 and 303; 公用经费 every other class of basic spending.
STAFF = ("301", "303")
_CODE, _NAME, _AMOUNT = "部门经济分类编码", "部门经济分类名称", "决算数"


def _basic_rows(ctx: Context, table: Table) -> list[tuple[str, str, Fig | None, dict]]:
    return [(str(r.get(_CODE) or ""), re.sub(r"\s", "", str(r.get(_NAME) or "")), ctx.fig(table, r, _AMOUNT), r)
            for r in ctx.rows(table)]


def _sum_check(ctx: Context, table: Table, what: str, total: Fig | None, parts: list[Fig], line: int):
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
def final_basic(ctx: Context):
    for table in ctx.tables("final_basic"):
        if _AMOUNT not in table.columns:
            continue
        rows = _basic_rows(ctx, table)
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


def _fund_rows(ctx: Context, table: Table):
    """(label, 年初, 本年收入, 支出合计, 年末, row) of a fund table's rows that print any of them."""
    for row in ctx.rows(table):
        figs = [ctx.fig(table, row, c) for c in ("年初结转和结余", "本年收入", "支出合计", "年末结转和结余")]
        if any(f is not None for f in figs):
            yield (str(row.get("科目名称") or row.get("科目编码") or ""), *figs, row)


@rule("arithmetic.carryover", "error", "决算结转结余不衔接：年初结转和结余 + 本年收入 − 本年支出 ≠ 年末结转和结余",
      "final accounts' carry-over does not follow: opening balance + income − spending ≠ closing balance")
def carryover(ctx: Context):
    for table in ctx.tables("final_fund", "final_state_capital"):
        for label, opening, income, spent, closing, row in _fund_rows(ctx, table):
            yield from _carried(ctx, table, re.sub(r"\s", "", label), opening, income, spent, closing, int(row["line"]))
    yield from _fiscal_summary_funds(ctx)


def _carried(ctx: Context, table: Table, what: str, opening: Fig | None, income: Fig | None, spent: Fig | None,
             closing: Fig | None, line: int):
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


def _fiscal_summary_funds(ctx: Context):
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


def _side(ctx: Context, kind: str, label_col: str, amount_col: str, *patterns: str) -> Fig | None:
    table = ctx.table(kind)
    if table is None or amount_col not in table.columns:
        return None
    return ctx.fig(table, find_row(ctx, table, label_col, *patterns), amount_col)


def _total(ctx: Context, kind: str, column: str) -> Fig | None:
    table = ctx.table(kind)
    return ctx.fig(table, ctx.total_row(table), column) if table is not None else None


def _basic_totals(ctx: Context) -> tuple[Decimal, list[Fig]] | None:
    """The basic table's 人员经费合计 and 公用经费合计: their sum in yuan (for 基本支出), and the two."""
    table = ctx.table("final_basic")
    if table is None or _AMOUNT not in table.columns:
        return None
    figs = [fig for _, name, fig, _ in _basic_rows(ctx, table)
            if fig is not None and name.startswith(("人员经费合计", "公用经费合计"))]
    if len(figs) != 2:
        return None
    return ctx.sum_figs(figs), figs


#: (what, figure A, what of B, figure B): the same quantity in two final-accounts tables.
def _pairs(ctx: Context):
    yield ("收入支出决算总表「本年收入合计」", _side(ctx, "final_summary", "收入项目", "收入金额", "本年收入合计"),
           "收入决算表「合计」", _total(ctx, "final_revenue", "合计"))
    yield ("收入支出决算总表「本年支出合计」", _side(ctx, "final_summary", "支出项目", "支出金额", "本年支出合计"),
           "支出决算表「合计」", _total(ctx, "final_expenditure", "合计"))
    yield ("财政拨款收入支出决算总表一般公共预算「本年支出合计」",
           _side(ctx, "final_fiscal_summary", "支出项目", "一般公共预算", "本年支出合计"),
           "一般公共预算财政拨款支出决算表「合计」", _total(ctx, "final_general", "合计"))
    yield ("财政拨款收入支出决算总表「一般公共预算财政拨款」收入",
           _side(ctx, "final_fiscal_summary", "收入项目", "收入金额", "^[一二三四五六七八九十]*、?一般公共预算"),
           "收入支出决算总表「一般公共预算财政拨款收入」", _side(ctx, "final_summary", "收入项目", "收入金额",
                                                  "^[一二三四五六七八九十]*、?一般公共预算"))


#: 三公 items paid from basic spending (economic code) within the 三公 table's 决算数 of the item.
_THREE_PUBLIC_CODES = (("30212", "因公出国(境)费"), ("30217", "公务接待费"), ("30231", "公务用车运行维护费"),
                       ("31013", "公务用车购置费"))


def _three_public(ctx: Context):
    basic, three = ctx.table("final_basic"), ctx.table("final_three_public")
    if basic is None or three is None or _AMOUNT not in basic.columns:
        return
    total = ctx.total_row(three)   # its one row of totals
    by_code = {code: fig for code, _, fig, _ in _basic_rows(ctx, basic) if fig is not None}
    for code, item in _THREE_PUBLIC_CODES:
        yield from _compare(ctx, by_code.get(code), ctx.fig(three, total, f"{item}/决算数"),
                            f"一般公共预算财政拨款基本支出决算表 {code}", f"“三公”经费支出决算表「{item}」决算数",
                            at_most=True)


@rule("crosstable.final_tables", "error", "同一数字在决算各表之间不一致",
      "the same figure differs between two of the final accounts' tables")
def final_tables(ctx: Context):
    for what_a, a, what_b, b in _pairs(ctx):
        yield from _compare(ctx, a, b, what_a, what_b)
    basic = _basic_totals(ctx)
    if basic is not None:
        yield from _compare(ctx, _total(ctx, "final_general", "基本支出"), None,
                            "一般公共预算财政拨款支出决算表「基本支出」合计",
                            "基本支出决算表人员经费合计与公用经费合计之和",
                            extra=basic[1], b_value=basic[0])
    yield from _three_public(ctx)
    final = ctx.table("final_expenditure")
    if final is not None:   # the summary's spending classes against the 支出决算表's class rows
        yield from _class_totals(ctx, "final_summary", "支出项目", "支出金额", final)


NUM_UNIT = r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)"   # an amount and its unit, as the text prints them
