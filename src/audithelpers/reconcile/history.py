"""history: this year's statements about last year against what last year's document published.

When the warehouse holds the department's disclosure of the year before (``suite.warehouse``),
a change the text states on last year ("与 2022 年相比，收入增加 1.60 万元") implies last year's
figure (this year's figure less the change); it must be what last year's document printed. Last
year's figure may have been adjusted during the year (调整预算), so a difference is a warning that
names both documents, never an error.
"""
from __future__ import annotations

from typing import Iterator
from decimal import Decimal

from ..model import Fact
from .quantities import current_amount
from .context import Context, Fig, show_in
from .registry import Issue, rule

#: Subjects of the text whose last-year figure the warehouse keeps (the summary's grand total).
SUBJECTS = {"收入总计": "收入总计", "支出总计": "收入总计", "收入合计": "收入总计", "支出合计": "收入总计"}


def _last_year_of(ctx: Context, change: Fact) -> tuple[Fig, Decimal] | None:
    """(this year's figure, the last-year figure the statement implies, in yuan) of a change on last year."""
    year = ctx.disclosure.year
    if change.value is None or change.direction not in ("增加", "减少") or year is None:
        return None
    if change.compared_year not in (None, year - 1):
        return None
    current = current_amount(ctx, change)
    if current is None or current.value is None:
        return None
    now = Fig(current.value, current.unit, int(current.line))
    moved = Fig(change.value, change.unit, int(change.line)).yuan
    return now, now.yuan - moved if change.direction == "增加" else now.yuan + moved


@rule("history.prior_year", "warning", "说明中“比上年增减”所隐含的上年数与上年公开文件不符",
      "the last-year figure a stated change implies differs from what last year's document published")
def prior_year(ctx: Context) -> Iterator[Issue]:
    if not ctx.history or ctx.disclosure.year is None:
        ctx.checks[ctx.rule] = 0   # no earlier year held: nothing was checked
        return
    for change in ctx.facts_where(kind="change"):
        item = SUBJECTS.get(str(change.subject))
        found = _last_year_of(ctx, change) if item and ctx.history.get(item) is not None else None
        if item is None or found is None:
            continue
        now, implied = found
        published = Decimal(str(ctx.history[item]))
        ctx.tick()
        slack = now.half_unit_yuan * 2 * ctx.tolerance_factor
        if abs(implied - published) <= slack:
            continue
        year = ctx.disclosure.year - 1
        source = ctx.history.get("source", "")
        yield Issue(f"说明称{change.subject}比 {year} 年{change.direction} {change.value}{change.unit}，"
                    f"即 {year} 年为 {show_in(implied, now.unit)}；而 {year} 年公开的文件（{source}）"
                    f"{item}为 {show_in(published, now.unit)}", [change.line, now.line],
                    expected=show_in(published, now.unit), actual=show_in(implied, now.unit))
