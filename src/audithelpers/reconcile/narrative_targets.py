"""narrative: performance targets that cannot be met as written.

A rate bounded by 100% (a utilisation, pass, coverage, satisfaction or completion rate) set as "≥100%" or
">100%" can only be met by exactly 100% or not at all; the target meant is "=100%" (or a lower floor). A count set
as "≤0" can only be 0. Reviewers flag both; the indicator's name says what kind of figure it is, whatever the table
or sentence it stands in, so the lines of the whole document are read.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Table
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
      "绩效目标的比较符写法有误（比率“≥100%”只在恰为 100% 时成立，次数“≤0”只能为 0），应写作“=100%”“=0”",
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
        yield Issue(f"{len(found)} 项绩效目标的比较符写法有误，如{shown}：比率不超过 100%，次数不少于 0，"
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
    for number, text in ctx.lines():
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
    for number, text in ctx.lines():
        match = next((m for m in DEADLINE.finditer(text) if int(m.group(1)) > year), None)
        if match:
            shown = re.sub(r"\s+", " ", text[max(0, match.start() - 12):match.end() + 12]).strip()
            yield Issue(f"第 {number} 行「{shown}」：{year} 年预算的目标期限是 {match.group(1)} 年，"
                        f"年份有误或目标不在预算年度内（跨年度项目应写明项目期），请核实", [number],
                        expected=f"{year} 年内的期限", actual=match.group(0))


#: An indicator typed 定性 (qualitative) whose value is a number with its unit ("服务接待率\t定性\t100%\t%").
QUALITATIVE_NUMBER = re.compile(r"([^\t]{2,30})\t定性\t\s*(\d+(?:\.\d+)?\s*%?)\s*(?:\t([^\t]{0,6}))?(?:\t|$)")


@rule("narrative.qualitative_with_number", "info",
      "绩效指标标为“定性”却给出数值（如“服务接待率 定性 100%”），性质与指标值矛盾",
      "an indicator typed qualitative (定性) whose value is a number (服务接待率 定性 100%)",
      example=("产出指标\t质量指标\t市级检查合格率\t定性\t98\t%", "产出指标\t质量指标\t市级检查合格率\t≥\t98\t%"))
def qualitative_with_number(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one way of filling in the table), citing every such indicator."""
    found = []
    for number, text in ctx.lines():
        found += [(number, m.group(1).strip(), f"{m.group(2)}{m.group(3) or ''}".strip())
                  for m in QUALITATIVE_NUMBER.finditer(text)]
    if found:
        shown = "；".join(f"第 {n} 行「{name} 定性 {value}」" for n, name, value in found[:10])
        yield Issue(f"{len(found)} 项绩效指标标为“定性”却给出数值：{shown}{'等' if len(found) > 10 else ''}"
                    f"（定量指标应写明比较符“=”“≥”“≤”）", [n for n, _, _ in found], expected="定量指标及比较符",
                    actual=f"{len(found)} 项")


#: The first-level indicators (一级指标) a project's targets are set under.
LEVELS = ("产出指标", "成本指标", "效益指标", "满意度指标")


def _project_levels(table: Table) -> dict[str, list[str]]:
    """Project name → the 一级指标 of each of its rows (a row without a name continues the project above it)."""
    levels: dict[str, list[str]] = {}
    project = None
    for row in table.records:
        name = str(row.get("项目名称") or "").strip()
        if name:
            project = name if "名称" not in name and not re.search(r"\d\.\d", name) else None   # not a misread
        level = str(row.get("一级指标") or "").strip()
        if project and level in LEVELS:
            levels.setdefault(project, []).append(level)
    return levels


#: Indicator rows a project needs before its missing level is told (fewer: a block cut by a page, or misread).
WHOLE_BLOCK = 4


@rule("narrative.missing_indicator_level", "info",
      "项目绩效目标缺少同表其他项目都设置的一级指标（如成本指标）",
      "a project's targets lack a first-level indicator (成本指标) every other project of the table sets",
      example=("（15 个项目中 14 个设有成本指标，项目“市民参与花园城市建设”没有）", "（各项目均设成本指标）"))
def missing_indicator_level(ctx: Context) -> Iterator[Issue]:
    """Told where the table's own pattern is clear: five or more projects, all but one in five setting the level."""
    for table in ctx.tables("project_performance"):
        if "项目名称" not in table.columns or "一级指标" not in table.columns or "表" not in table.title:
            continue   # a table read whole, under its own title (not a piece cut off by a page)
        levels = _project_levels(table)
        ctx.tick()
        if len(levels) < 5:
            continue
        for level in LEVELS:
            lacking = [p for p, have in levels.items() if level not in have and len(have) >= WHOLE_BLOCK]
            if lacking and len(lacking) <= max(1, len(levels) // 5):
                lines = [int(r["line"]) for r in table.records if str(r.get("项目名称") or "").strip() in lacking]
                yield Issue(f"{table.title}中 {len(levels) - len(lacking)} 个项目设有{level}，"
                            f"「{'」「'.join(lacking)}」没有", lines or [table.title_line],
                            expected=f"设置{level}", actual="未设置")
