"""execution: a final account's 年初预算 against what the same department's budget published.

When the params file names the year's budget (``budget: path``), every 年初预算 the final
account states — of the whole general budget, of each function item it explains, of each 三公
item in its 三公 table — must be what the budget printed. A difference is a finding on the
final account's line that cites the budget's line and page in its message. Items the budget
does not show are listed as not checked (info), never guessed.
"""
from __future__ import annotations

from typing import Iterator
import re
from dataclasses import dataclass
from decimal import Decimal

from ..amounts import NUM_UNIT
from ..ingest.facts import FINAL_ITEM, ITEM_SPLIT
from ..model import Disclosure
from .context import Context, Fig, show_in

from .registry import Issue, rule

#: "…支出年初预算为 A 万元" (of the whole, or of an item once its names are read).
BUDGETED = re.compile(rf"年初预算(?:数)?为?\s*{NUM_UNIT}")
_WHOLE = re.compile(r"一般公共预算财政拨款支出\s*$")


@dataclass(frozen=True)
class Planned:
    """A 年初预算 the final account states: what (an item path, or "" for the whole) and the figure as printed."""

    item: str
    fig: Fig


def planned_figures(d: Disclosure) -> list[Planned]:
    """Every 年初预算 stated in the final account's text: of the whole general budget and of each item."""
    out = []
    for para in d.paragraphs:
        items = {m.start(): m for m in FINAL_ITEM.finditer(para.text)}
        for match in BUDGETED.finditer(para.text):
            head = next((m for start, m in sorted(items.items(), reverse=True)
                         if start <= match.start() < m.end()), None)
            if head is not None:
                names = [n for n in (x.strip() for x in ITEM_SPLIT.split(head.group("inner"))) if n]
                item = "/".join(names)
            elif _WHOLE.search(para.text[max(0, match.start() - 16):match.start()]):
                item = ""
            else:
                continue
            value = Decimal(match.group(1).replace(",", ""))
            out.append(Planned(item, Fig(value, match.group(2), para.line_at(match.start(1)))))
    return out


def _where(budget: Disclosure, line: int) -> str:
    page = budget.source.pages[line - 1] if budget.source.origin == "pdf" and budget.source.pages else None
    return f"预算文件第 {line} 行" + (f"（第 {page} 页）" if page else "")


def _budget_fig(budget_ctx: Context, item: str) -> Fig | None:
    """The budget's general-budget figure of the whole ("") or of an item path."""
    from .items import item_rows

    if not item:
        table = budget_ctx.counterpart("general_budget")
        return budget_ctx.fig(table, budget_ctx.total_row(table), "合计") if table is not None else None
    rows = [(t, r) for t, r in item_rows(budget_ctx, item) if t.kind == "general_budget"]
    return budget_ctx.fig(rows[0][0], rows[0][1], "合计") if rows else None


#: 三公 items: the final account's 预算数 column and the budget table's column.
THREE_PUBLIC = (("合计", "合计"), ("因公出国(境)费", "因公出国(境)费"), ("公务用车购置费", "公务用车购置费"),
                ("公务用车运行维护费", "公务用车运行维护费"), ("公务接待费", "公务接待费"))


def _differs(ctx: Context, stated: Fig, printed: Fig) -> bool:
    ctx.tick()
    return not ctx.close(stated, printed)


def _three_public(ctx: Context, budget_ctx: Context) -> Iterator[Issue]:
    final, planned = ctx.table("final_three_public"), budget_ctx.table("three_public")
    if final is None or planned is None or not ctx.rows(final):
        return
    row, total = ctx.total_row(final), budget_ctx.total_row(planned)
    for item, column in THREE_PUBLIC:
        stated, printed = ctx.fig(final, row, f"{item}/预算数"), budget_ctx.fig(planned, total, column)
        if stated is None or printed is None or not _differs(ctx, stated, printed):
            continue
        yield Issue(f"“三公”经费支出决算表「{item}」预算数 {stated.show()}，而当年部门预算公开的是 "
                    f"{printed.show()}（{_where(budget_ctx.disclosure, printed.line)}）", [stated.line],
                    expected=show_in(printed.yuan, stated.unit), actual=stated.show())


@rule("crosstable.budget_execution", "error", "决算中的年初预算数与当年公开的部门预算不一致",
      "a 年初预算 the final accounts state differs from what the year's published budget printed")
def budget_execution(ctx: Context) -> Iterator[Issue]:
    if ctx.budget is None or ctx.disclosure.document_kind != "final":
        ctx.checks[ctx.rule] = 0   # no budget named: nothing was checked
        return
    budget_ctx = Context(ctx.budget, region=ctx.region)
    unmatched = []
    for planned in planned_figures(ctx.disclosure):
        printed = _budget_fig(budget_ctx, planned.item)
        if printed is None:
            unmatched.append(planned)
            continue
        if _differs(ctx, planned.fig, printed):
            what = f"「{planned.item.replace('/', '-')}」" if planned.item else "一般公共预算财政拨款支出"
            yield Issue(f"决算说明中{what}的年初预算为 {planned.fig.show()}，而当年部门预算公开的是 {printed.show()}"
                        f"（{_where(ctx.budget, printed.line)}）", [planned.fig.line],
                        expected=show_in(printed.yuan, planned.fig.unit), actual=planned.fig.show())
    yield from _three_public(ctx, budget_ctx)
    if unmatched:
        yield Issue(f"{len(unmatched)} 项年初预算在当年部门预算的一般公共预算支出表中找不到对应科目，未核对："
                    + "、".join(f"「{p.item.replace('/', '-')}」" for p in unmatched[:5])
                    + ("等" if len(unmatched) > 5 else ""), [p.fig.line for p in unmatched], severity="info")

