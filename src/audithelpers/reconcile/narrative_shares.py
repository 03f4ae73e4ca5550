"""narrative: shares rounded to force a sum of 100%.

A sentence that splits a whole into parts, each with its amount and share ("人员支出 58,486.35 万元，占 59.0%；日常
公用支出 12,237.94 万元，占 12.3%；项目支出 28,506.17 万元，占 28.7%"), without naming the whole, says by its
shares adding to 100% that the parts are the whole. Each share is then recomputed on the parts' sum: one that does not
round to its printed value was adjusted so that the printed shares reach 100%.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..amounts import decimals
from ..model import Fact
from .context import Context, half_unit, pct_range, round_pct
from .registry import Issue, rule


def _sentences(ctx: Context) -> list[list[Fact]]:
    """Facts of one sentence with an amount and a share of no named whole, two or more, in one unit."""
    groups: dict[tuple[int, str], list[Fact]] = {}
    for fact in ctx.facts:
        if fact.share_pct is not None and fact.share_of is None and fact.value is not None and not fact.derived:
            groups.setdefault((fact.line, fact.sentence or ""), []).append(fact)
    return [g for g in groups.values() if len(g) >= 2 and len({f.unit for f in g}) == 1]


@rule("narrative.forced_share", "warning", "各部分占比凑成 100%：按各部分之和重算，某项占比与其金额不符",
      "shares rounded to force a sum of 100%: recomputed on the parts' sum, a share does not follow from its amount",
      example=("包括人员支出 58,486.35 万元，占 59.0%；日常公用支出 12,237.94 万元，占 12.3%；"
               "项目支出 28,506.17 万元，占 28.7%。",
               "包括人员支出 58,486.35 万元，占 58.9%；日常公用支出 12,237.94 万元，占 12.3%；"
               "项目支出 28,506.17 万元，占 28.7%。"))
def forced_share(ctx: Context) -> Iterator[Issue]:
    for group in _sentences(ctx):
        shares = sum((f.share_pct for f in group if f.share_pct is not None), Decimal(0))
        places = max(decimals(f.share_pct) for f in group if f.share_pct is not None)
        if abs(shares - 100) > Decimal(1).scaleb(-places) / 2:
            continue   # the shares do not claim the parts are the whole
        whole = sum((f.value for f in group if f.value is not None), Decimal(0))
        slack = sum((half_unit(f.value) for f in group if f.value is not None), Decimal(0))
        ctx.tick()
        off = []
        for fact in group:
            assert fact.value is not None and fact.share_pct is not None
            bounds = pct_range(fact.value, whole, half_unit(fact.value), slack)
            if bounds is None:
                continue
            lo, hi = (round_pct(b, places) for b in bounds)
            if not lo <= fact.share_pct <= hi:
                off.append((fact, round_pct(fact.value / whole * 100, places)))
        if off:
            told = "；".join(f"{f.raw_subject or f.subject} {f.value}÷{whole} 应占 {exact}%，文中为 {f.share_pct}%"
                            for f, exact in off)
            yield Issue(f"各部分占比之和为 100%，即以各部分之和 {whole}{group[0].unit} 为总数，但{told}"
                        f"（多半是为凑足 100% 而调整了占比）", [n for f, _ in off for n in f.lines],
                        expected="、".join(f"{e}%" for _, e in off),
                        actual="、".join(f"{f.share_pct}%" for f, _ in off))
