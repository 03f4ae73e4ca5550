"""A table whose own note states its scope ("备注：本表仅含当年财政拨款安排的支出") while its figures are those
of a wider one.

The fiscal summary says what each scope holds: this year's 一般公共预算拨款, of which 财政拨款 (a
"其中：财政拨款" row, where a region prints one), and last year's 一般公共预算 carried over. A general-budget
table that says it holds only this year's 财政拨款 but totals the whole appropriation (财政拨款 and the other
money of the general budget), or this year's and last year's together, prints figures of a scope its note
excludes: one warning, naming the three figures. Where the fiscal summary gives no such split, nothing is
checked.
"""
from __future__ import annotations

from typing import Iterator
import re
from decimal import Decimal

from .context import Context, Fig, show_in
from .cells import find_row
from .quantities import fund_carried_over
from .registry import Issue, rule

#: A note stating that a table holds only part of what its title names: 仅含 / 仅包括 / 仅反映 ….
SCOPE_NOTE = re.compile(r"(?:本表)?仅(?:含|包含|包括|反映)(?P<what>[^。；;]*)")


def _fiscal(ctx: Context, *patterns: str, exclude: tuple[str, ...] = ("其中",)) -> Fig | None:
    fiscal = ctx.table("fiscal_summary")
    if fiscal is None:
        return None
    return ctx.fig(fiscal, find_row(ctx, fiscal, "收入项目", *patterns, exclude=exclude), "收入金额")


def _wider(ctx: Context, what: str, total: Fig) -> tuple[str, str, Fig, Decimal, list[int]] | None:
    """(the wider scope the total is of, the note's scope, its figure, the wider figure in yuan and the lines it
    stands on) when the total is of the wider scope and not of the note's."""
    year = _fiscal(ctx, "一般公共预算")   # this year's: the first such row, before 上年结转's
    if year is None:
        return None
    if "财政拨款" in what:
        appropriated = _fiscal(ctx, r"^其中[:：]?财政拨款", exclude=())
        if appropriated is not None and appropriated.yuan < year.yuan and ctx.close(total, year) \
                and not ctx.close(total, appropriated):
            return "本年一般公共预算拨款", "财政拨款", appropriated, year.yuan, [year.line]
    carried = fund_carried_over(ctx, "一般公共预算", blank_zero=False)   # its row under 上年结转
    if re.search(r"当年|本年", what) and carried is not None and carried.yuan > 0:
        both = year.yuan + carried.yuan
        if ctx.close(total, both, [year, carried]) and not ctx.close(total, year):
            return "本年一般公共预算拨款与上年结转之和", "本年拨款", year, both, [year.line, carried.line]
    return None


@rule("crosstable.scope_note", "warning", "表注所称口径（如“本表仅含当年财政拨款”）与表中数字的口径不符",
      "a table's note states its scope (本表仅含当年财政拨款…) but its figures are those of a wider scope",
      example=("备注：本表仅含当年财政拨款安排的支出。（合计含财政拨款以外的一般公共预算）",
               "备注：本表含当年一般公共预算安排的全部支出。"))
def scope_note(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("general_budget"):
        total = ctx.fig(table, ctx.total_row(table), "合计") if "合计" in table.columns else None
        for line, text in table.notes:
            match = SCOPE_NOTE.search(re.sub(r"\s", "", text))
            if match is None or total is None:
                continue
            ctx.tick()
            wider = _wider(ctx, match.group("what"), total)
            if wider is None:
                continue
            whole_label, scope_label, scoped, whole, lines = wider
            extra = show_in(total.yuan - scoped.yuan, scoped.unit)
            yield Issue(f"表注称「{match.group(0)}」，但「{table.title}」合计 {total.show()} 是{whole_label}"
                        f"（{show_in(whole, scoped.unit)}），其中{scope_label}为 {scoped.show()}：表中多出 {extra} "
                        f"不在表注所称口径内",
                        [line, total.line, scoped.line, *lines], expected=scoped.show(), actual=total.show())


#: A figure the text calls this year's appropriation ("一般公共预算当年拨款", "本年财政拨款").
CURRENT_YEAR = re.compile(r"(?:当年|本年)(?:一般公共预算)?(?:财政)?拨款")


@rule("crosstable.current_year_scope", "warning", "说明称“当年拨款”的数额包含了上年结转结余（口径不符）",
      "a figure called this year's appropriation (当年拨款) that includes last year's carry-over",
      example=("2023 年一般公共预算当年拨款 240.35 万元。（本年 235.35 万元，另有上年结转 5.00 万元）",
               "2023 年一般公共预算当年拨款 235.35 万元。"))
def current_year_scope(ctx: Context) -> Iterator[Issue]:
    from .quantities import fiscal_figure

    current = next(iter(fiscal_figure(ctx, "一般公共预算") or []), None)
    carried = fund_carried_over(ctx, "一般公共预算", blank_zero=False)
    if current is None or carried is None or not carried.value:
        return
    for fact in ctx.facts_where(kind="amount", subject="一般公共预算"):
        if fact.value is None or fact.unit is None or not CURRENT_YEAR.search(str(fact.raw_subject or "")):
            continue
        stated = Fig(fact.value, fact.unit, fact.line)
        ctx.tick()
        both = current.yuan + carried.yuan
        if not ctx.close(stated, current) and ctx.close(stated.yuan, both, [stated, current, carried]):
            yield Issue(f"说明称「{fact.raw_subject}」{stated.show()}，但财政拨款收支总表的本年一般公共预算为 "
                        f"{current.show()}，{stated.show()} 是其与上年结转结余 {carried.show()} 之和：口径不符"
                        f"（以此计算的增减和占比也随之有误）", [fact.line, current.line, carried.line],
                        expected=current.show(), actual=stated.show())
