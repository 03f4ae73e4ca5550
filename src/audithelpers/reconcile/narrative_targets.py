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
#: A count (次, 起, 个, 件) set as ≤ 0 or < 0: named as one, or measured in 次/起/件 (the name in another cell).
COUNT_BELOW_NONE = re.compile(r"([\u4e00-\u9fff]{2,24}?(?:次数|数量|起数|件数))[^≥>=＝\d]{0,12}?(?:≤|<=|＜|<)\s*0\s*"
                              r"(?:次|起|个|件|项)|()(?:≤|<=|＜|<)\s*0(?![.\d])\s*(?:次|起|件)(?![\u4e00-\u9fff])")


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
            found += [(number, m.group(1) or "", re.sub(r"\s+", "", m.group(0)[len(m.group(1) or ""):]))
                      for m in pattern.finditer(text)]
    if found:
        shown = "、".join(f"「{name}{target}」" for _, name, target in found[:4]) + ("等" if len(found) > 4 else "")
        yield Issue(f"{len(found)} 项绩效目标的比较符无法达成，如{shown}：比率不超过 100%，次数不少于 0，"
                    f"应写作“=100%”“=0”或可达成的下限", sorted({n for n, _, _ in found}),
                    expected="可达成的目标值", actual=f"{len(found)} 项")


#: A range of one measure ("高度：4.5-4.49m"): its lower bound first.
RANGE = re.compile(r"(?<![\d.\-])(\d+(?:\.\d+)?)\s*(?:cm|m|米|厘米)?\s*[-~～至]\s*(\d+(?:\.\d+)?)\s*"
                   r"(cm|m|mm|米|厘米|公分|%|株|个|人|次|天|kg|公斤|吨|平方米|万元|元)(?![A-Za-z])")


@rule("narrative.target_range", "warning", "绩效指标的区间下限大于上限（如“4.5-4.49m”）",
      "a target range whose lower bound exceeds its upper bound (4.5-4.49m)",
      example=("产出指标\t数量指标\t秋紫白蜡高度：4.5-4.49m\t＝\t20\t株",
               "产出指标\t数量指标\t秋紫白蜡高度：4.5-4.99m\t＝\t20\t株"))
def target_range(ctx: Context) -> Iterator[Issue]:
    for number, text in enumerate(ctx.disclosure.source.norm, 1):
        ctx.tick()
        for match in RANGE.finditer(text):
            low, high = match.group(1), match.group(2)
            if float(low) > float(high):
                shown = re.sub(r"\s+", " ", text[max(0, match.start() - 8):match.end()]).strip()
                yield Issue(f"第 {number} 行「{shown}」：区间下限 {low} 大于上限 {high}{match.group(3)}", [number],
                            expected="下限不大于上限", actual=match.group(0))


#: A deadline ("2027 年 12 月 31 日前") of a year after the budget's.
DEADLINE = re.compile(r"(20\d{2})\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?\s*(?:底|末)?\s*(?:前|之前|以前)")


@rule("narrative.target_after_year", "info",
      "预算年度的绩效目标期限落在以后年度（如 2026 年预算写“2027 年 12 月 31 日前”）",
      "a performance deadline after the budget year (a 2026 budget's target due 2027)",
      example=("法律援助\t317.82\t2024 年 12 月 31 日前，完成法律援助案件指派。",
               "法律援助\t317.82\t2023 年 12 月 31 日前，完成法律援助案件指派。"))
def target_after_year(ctx: Context) -> Iterator[Issue]:
    """Told as something to check: a project running over several years may set a later deadline."""
    year = ctx.disclosure.year or ctx.expected_year
    if year is None or ctx.disclosure.document_kind == "final":
        return
    for number, text in enumerate(ctx.disclosure.source.norm, 1):
        ctx.tick()
        match = next((m for m in DEADLINE.finditer(text) if int(m.group(1)) > year), None)
        if match:
            shown = re.sub(r"\s+", " ", text[max(0, match.start() - 12):match.end() + 12]).strip()
            yield Issue(f"第 {number} 行「{shown}」：{year} 年预算的目标期限是 {match.group(1)} 年，"
                        f"年份有误或目标不在预算年度内（跨年度项目应写明项目期），请核实", [number],
                        expected=f"{year} 年内的期限", actual=match.group(0))
