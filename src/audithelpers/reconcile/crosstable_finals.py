"""crosstable: in final accounts (部门决算), the same quantity agrees across the nine tables (本年收入合计 of the
summary and the 收入决算表's 合计, the general budget's spending in the fiscal summary and in its own table,
基本支出 and the basic table's two totals, the 三公 items paid from basic spending within the 三公 table's 决算数)."""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .arithmetic_finals import AMOUNT, basic_rows
from .cells import find_row, total_fig
from .context import Context, Fig
from .crosstable import class_totals, compare
from .registry import Issue, rule


def _side(ctx: Context, kind: str, label_col: str, amount_col: str, *patterns: str) -> Fig | None:
    table = ctx.table(kind)
    if table is None or amount_col not in table.columns:
        return None
    return ctx.fig(table, find_row(ctx, table, label_col, *patterns), amount_col)


def _basic_totals(ctx: Context) -> tuple[Decimal, list[Fig]] | None:
    """The basic table's 人员经费合计 and 公用经费合计: their sum in yuan (for 基本支出), and the two."""
    table = ctx.table("final_basic")
    if table is None or AMOUNT not in table.columns:
        return None
    figs = [fig for _, name, fig, _ in basic_rows(ctx, table)
            if fig is not None and name.startswith(("人员经费合计", "公用经费合计"))]
    if len(figs) != 2:
        return None
    return ctx.sum_figs(figs), figs


#: (what, figure A, what of B, figure B): the same quantity in two final-accounts tables.
def _pairs(ctx: Context) -> Iterator[tuple[str, Fig | None, str, Fig | None]]:
    yield ("收入支出决算总表「本年收入合计」", _side(ctx, "final_summary", "收入项目", "收入金额", "本年收入合计"),
           "收入决算表「合计」", total_fig(ctx, "final_revenue", "合计"))
    yield ("收入支出决算总表「本年支出合计」", _side(ctx, "final_summary", "支出项目", "支出金额", "本年支出合计"),
           "支出决算表「合计」", total_fig(ctx, "final_expenditure", "合计"))
    yield ("财政拨款收入支出决算总表一般公共预算「本年支出合计」",
           _side(ctx, "final_fiscal_summary", "支出项目", "一般公共预算", "本年支出合计"),
           "一般公共预算财政拨款支出决算表「合计」", total_fig(ctx, "final_general", "合计"))
    yield ("财政拨款收入支出决算总表「一般公共预算财政拨款」收入",
           _side(ctx, "final_fiscal_summary", "收入项目", "收入金额", "^[一二三四五六七八九十]*、?一般公共预算"),
           "收入支出决算总表「一般公共预算财政拨款收入」", _side(ctx, "final_summary", "收入项目", "收入金额",
                                                  "^[一二三四五六七八九十]*、?一般公共预算"))


#: 三公 items paid from basic spending (economic code) within the 三公 table's 决算数 of the item.
_THREE_PUBLIC_CODES = (("30212", "因公出国(境)费"), ("30217", "公务接待费"), ("30231", "公务用车运行维护费"),
                       ("31013", "公务用车购置费"))


def _three_public(ctx: Context) -> Iterator[Issue]:
    basic, three = ctx.table("final_basic"), ctx.table("final_three_public")
    if basic is None or three is None or AMOUNT not in basic.columns:
        return
    total = ctx.total_row(three)   # its one row of totals
    by_code = {code: fig for code, _, fig, _ in basic_rows(ctx, basic) if fig is not None}
    for code, item in _THREE_PUBLIC_CODES:
        yield from compare(ctx, by_code.get(code), ctx.fig(three, total, f"{item}/决算数"),
                            f"一般公共预算财政拨款基本支出决算表 {code}", f"“三公”经费支出决算表「{item}」决算数",
                            at_most=True)


@rule("crosstable.final_tables", "error", "同一数字在决算各表之间不一致",
      "the same figure differs between two of the final accounts' tables")
def final_tables(ctx: Context) -> Iterator[Issue]:
    for what_a, a, what_b, b in _pairs(ctx):
        yield from compare(ctx, a, b, what_a, what_b)
    basic = _basic_totals(ctx)
    if basic is not None:
        yield from compare(ctx, total_fig(ctx, "final_general", "基本支出"), None,
                            "一般公共预算财政拨款支出决算表「基本支出」合计",
                            "基本支出决算表人员经费合计与公用经费合计之和",
                            extra=basic[1], b_value=basic[0])
    yield from _three_public(ctx)
    final = ctx.table("final_expenditure")
    if final is not None:   # the summary's spending classes against the 支出决算表's class rows
        yield from class_totals(ctx, "final_summary", "支出项目", "支出金额", final)
