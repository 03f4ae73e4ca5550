"""narrative: performance targets that cannot be met as written.

A rate bounded by 100% (a utilisation, pass, coverage, satisfaction or completion rate) set as "≥100%" or
">100%" can only be met by exactly 100% or not at all; the target meant is "=100%" (or a lower floor). A count set
as "≤0" can only be 0. Reviewers flag both; the indicator's name says what kind of figure it is, whatever the table
or sentence it stands in, so the lines of the whole document are read.
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import Context
from .registry import Issue, rule

#: An indicator named as a rate bounded by 100%, then (within a few cells) ≥ or > 100 %.
RATE_ABOVE_ALL = re.compile(r"([\u4e00-\u9fff]{0,24}?(?:利用率|接通率|出租率|执行率|满意度|满意率|覆盖率|合格率|通过率"
                            r"|达标率|完成率|完成度|到位率|及时率|准确率|回访率))[^≤<=＝\d]{0,12}?(?:≥|>=|＞|>)\s*"
                            r"100(?:\.0+)?\s*[%％]")
#: A count (次, 起, 个, 件) set as ≤ 0 or < 0.
COUNT_BELOW_NONE = re.compile(r"([\u4e00-\u9fff]{2,24}?(?:次数|数量|起数|件数))[^≥>=＝\d]{0,12}?(?:≤|<=|＜|<)\s*0\s*"
                              r"(?:次|起|个|件|项)")


@rule("narrative.impossible_target", "warning",
      "绩效目标的比较符无法达成（比率“≥100%”只能恰为 100%，次数“≤0”只能为 0），应写作“=100%”“=0”",
      "a performance target whose comparator cannot be met as written (a rate ≥100%, a count ≤0)",
      example=("产出指标\t质量指标\t固定资产利用率\t≥100%", "产出指标\t质量指标\t固定资产利用率\t=100%"))
def impossible_target(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one drafting habit), citing every such target."""
    found = []
    for number, text in enumerate(ctx.disclosure.source.norm, 1):
        for pattern in (RATE_ABOVE_ALL, COUNT_BELOW_NONE):
            ctx.tick()
            found += [(number, m.group(1), re.sub(r"\s+", "", m.group(0)[len(m.group(1)):])) for m in
                      pattern.finditer(text)]
    if found:
        shown = "、".join(f"「{name}{target}」" for _, name, target in found[:4]) + ("等" if len(found) > 4 else "")
        yield Issue(f"{len(found)} 项绩效目标的比较符无法达成，如{shown}：比率不超过 100%，次数不少于 0，"
                    f"应写作“=100%”“=0”或可达成的下限", sorted({n for n, _, _ in found}),
                    expected="可达成的目标值", actual=f"{len(found)} 项")
