"""arithmetic: tail differences (尾差), sums that hold only within the rounding of their printed figures.

A total printed to the cent whose parts, each rounded to the cent, add up to one or two cents more or less is
no error: the sum rules accept it (``Context.close``) and record it in ``Context.tails``. A reviewer still
lists it, as cosmetic, so it is said here: one ``info`` per table, each total with its parts' sum.
"""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any, Callable, Iterator

from ..amounts import decimals

from ..model import Table
from .context import Context, Fig, show_in
from .finding import Finding
from .registry import Issue, rule

#: The document's own warning that its totals may differ from their parts in the last digit.
WARNED = re.compile(r"尾数误差|尾差|尾数差|四舍五入")
#: Tail differences shown in one finding; the rest are counted.
SHOWN = 12


@rule("arithmetic.rounding", "info", "合计与各项之和相差末位（尾差）：在舍入范围内，不是错误",
      "a total differs from its parts' sum in the last digit only (a rounding tail, not an error)")
def rounding(_ctx: Context) -> Iterator[Issue]:
    """Said by ``tail_differences`` after the sum rules have run (they record what they accepted)."""
    return iter(())


def _table_of(ctx: Context, line: int) -> Table | None:
    return next((t for t in ctx.disclosure.tables if t.first_line <= line <= t.last_line), None)


def _shown(parts_yuan: Decimal, total: Fig) -> str:
    """The parts' sum in the total's unit, to as many places as it takes to differ from the total (at most 6)."""
    places = max(2, decimals(total.value))
    while places < 6 and show_in(parts_yuan, total.unit, places) == show_in(total.yuan, total.unit, places):
        places += 1
    return show_in(parts_yuan, total.unit, places)


def tail_differences(ctx: Context, findings: list[Finding], pages: Callable[[Context, Any], tuple[int, ...]]
                     ) -> list[Finding]:
    """One ``info`` per table (or for the text) listing its totals that hold only within rounding; none for a table
    whose sums were judged misread (``arithmetic.not_understood``)."""
    misread = {f.lines[0] for f in findings if f.rule == "arithmetic.not_understood" and f.lines}
    by_place: dict[str, dict[int, tuple[Fig, Decimal]]] = {}
    for _, total, parts in ctx.tails:
        table = _table_of(ctx, total.line)
        if table is not None and table.title_line in misread:
            continue
        place = table.title if table is not None else "说明"
        by_place.setdefault(place, {}).setdefault(total.line, (total, parts))
    warned = any(WARNED.search(text) for text in ctx.disclosure.source.norm)
    out = list(findings)
    for place, tails in by_place.items():
        items = [f"第 {line} 行 {total.show()}，各项之和 {_shown(parts, total)}"
                 for line, (total, parts) in sorted(tails.items())]
        more = f"等 {len(items)} 处" if len(items) > SHOWN else ""
        note = "文件已注明可能有尾数误差" if warned else "文件未说明尾数误差"
        lines = tuple(sorted(tails))
        out.append(Finding(rule="arithmetic.rounding", severity="info",
                           message=f"「{place}」合计与各项之和相差末位（尾差，舍入所致，不是错误；{note}）："
                                   f"{'；'.join(items[:SHOWN])}{more}",
                           lines=lines, expected="各项之和", actual=f"{len(items)} 处尾差", pages=pages(ctx, lines)))
    return out


#: What a finding of a last-digit slip says of itself (narrative.amount, narrative.share …).
SLIP = "（末位舍入差）"


def warned_slips(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A last-digit rounding slip is a warning, unless the document itself warns that its figures may differ in
    the last digit (尾数误差): then it is what the document announced, an ``info``."""
    if not any(WARNED.search(text) for text in ctx.disclosure.source.norm):
        return findings
    told = "（末位舍入差，文件已注明尾数误差）"
    return [dataclasses.replace(f, severity="info", message=f.message.replace(SLIP, told))
            if f.severity == "warning" and SLIP in f.message else f for f in findings]
