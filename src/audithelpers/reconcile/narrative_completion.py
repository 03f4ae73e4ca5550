"""Final accounts' completion sentences: "年初预算为 A 万元，（全年预算为 F 万元，）支出决算为 B 万元，完成年初预算的
P%。决算数小于预算数的主要原因：…", for the whole general budget, each item and the 三公 funds.

The rate is recomputed against the budget it names (年初 or 全年/调整后; a rate that names none is of the
全年 budget when one is given, else of the 年初). A rate that is off only because it names the wrong one of
two budgets given (完成年初预算的 95.89% when 年初预算 is 0 and 307.82 ÷ 全年预算 321.02 = 95.89%) is a
wording slip, a warning; a rate no budget given explains is an error (a last-digit slip a warning).
"""
from __future__ import annotations

from typing import Iterator
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..amounts import UNIT_FACTORS, decimals
from .context import Context, round_pct
from .context import half_unit, pct_range
from .registry import Issue, rule

_AMOUNT = r"-?\d[\d,]*(?:\.\d+)?"
_UNIT = r"亿元|万元|元"
COMPLETION = re.compile(
    rf"(?:年初预算(?:数)?为?\s*(?P<initial>{_AMOUNT})\s*(?P<initial_unit>{_UNIT})\s*[,，]?\s*)?"
    rf"(?:(?:全年|调整后?的?)预算(?:数)?为?\s*(?P<full>{_AMOUNT})\s*(?P<full_unit>{_UNIT})\s*[,，]?\s*)?"
    rf"(?:支出)?决算(?:数)?为?\s*(?P<actual>{_AMOUNT})\s*(?P<actual_unit>{_UNIT})"
    r"\s*[,，。]?\s*"
    r"(?:(?:完成|占)(?P<base>年初|全年|调整后?的?)?预算(?:数)?的|(?:预算)?完成率为?)\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
    r"(?:[^。]*。\s*决算数(?P<word>大于|小于|同|等于|与)(?P<word_base>年初|全年|调整后?的?)?[^。，,]{0,4}?预算数"
    r"(?P<flat>持平|相等|一致)?)?")


@dataclass(frozen=True)
class Completion:
    """One completion sentence: the budgets given (in their own units), the actual in the budget's unit,
    the rate stated and which budget it names."""

    budget: Decimal              # the budget the rate is of
    unit: str                    # its printed unit (the actual is given in it too)
    actual: Decimal
    actual_printed: str          # as the text prints it, with its unit
    actual_half: Decimal         # half a unit of the actual's last printed digit, in ``unit``
    pct: Decimal
    named: str                   # 年初 or 全年
    other: Decimal | None        # the other budget given, in ``unit``

    def label(self, which: str | None = None) -> str:
        return f"{which or self.named}预算"


def _amount(match: re.Match[str], name: str) -> tuple[Decimal, str] | None:
    if match.group(name) is None:
        return None
    return Decimal(match.group(name).replace(",", "")), match.group(f"{name}_unit")


def parse(match: re.Match[str]) -> Completion | None:
    """The sentence's figures, or None when it gives no budget."""
    initial, full = _amount(match, "initial"), _amount(match, "full")
    base = (match.group("base") or "")[:2]
    named = "年初" if base == "年初" or not base and full is None else "全年"
    chosen, other = (initial, full) if named == "年初" else (full, initial)
    if chosen is None:
        chosen, other, named = other, None, "全年" if named == "年初" else "年初"
    if chosen is None:
        return None
    budget, unit = chosen
    scale = UNIT_FACTORS[match.group("actual_unit")] / UNIT_FACTORS[unit]
    actual = Decimal(match.group("actual").replace(",", ""))
    in_unit = other[0] * UNIT_FACTORS[other[1]] / UNIT_FACTORS[unit] if other else None
    return Completion(budget=budget, unit=unit, actual=actual * scale,
                      actual_printed=match.group("actual") + match.group("actual_unit"),
                      actual_half=half_unit(actual) * scale, pct=Decimal(match.group("pct")), named=named,
                      other=in_unit)


def _fits(c: Completion, budget: Decimal) -> bool:
    places = decimals(c.pct)
    bounds = pct_range(c.actual, budget, c.actual_half, half_unit(budget))
    return bounds is not None and round_pct(bounds[0], places) <= c.pct <= round_pct(bounds[1], places)


def meant(c: Completion) -> Completion:
    """The budget the sentence means: the other one given when the rate is of it and not of the one it names
    (what its 大于/小于 and its reason then speak of too: one finding for the slip, not three)."""
    if c.other is None or _fits(c, c.budget) or not _fits(c, c.other):
        return c
    return replace(c, budget=c.other, other=c.budget, named="全年" if c.named == "年初" else "年初")


def _rate_issue(c: Completion, line: int) -> Issue | None:
    """The stated rate outside what the printed (rounded) figures allow: of the other budget given (a wording
    slip, warning), of none (error; one unit of its last digit off, a rounding warning)."""
    if _fits(c, c.budget):
        return None
    other = "全年" if c.named == "年初" else "年初"
    if c.other is not None and _fits(c, c.other):
        return Issue(f"文中说完成{c.label()}的 {c.pct}%，但{c.label()}为 {c.budget}{c.unit}；{c.pct}% 是决算数 "
                     f"{c.actual_printed}占{c.label(other)} {c.other}{c.unit}的比例，应写“完成{c.label(other)}的”",
                     [line], expected=f"完成{c.label(other)}的 {c.pct}%", actual=f"完成{c.label()}的 {c.pct}%",
                     severity="warning")
    if c.budget <= 0:
        return Issue(f"{c.label()}为 {c.budget}{c.unit}，完成比例无从计算，文中却写 {c.pct}%", [line],
                     expected="不可比", actual=f"{c.pct}%", severity="warning")
    places = decimals(c.pct)
    exact = round_pct(c.actual / c.budget * 100, places)
    slip = abs(c.pct - exact) <= Decimal(1).scaleb(-places)
    return Issue(f"完成{c.label()}的比例应为 {exact}%（{c.actual_printed}÷{c.budget}{c.unit}），文中为 {c.pct}%"
                 + ("（末位舍入差）" if slip else ""), [line], expected=f"{exact}%", actual=f"{c.pct}%",
                 severity="warning" if slip else None)


def _word_issue(match: re.Match[str], c: Completion, line: int) -> Issue | None:
    """决算数大于/小于/同（全年）预算数 against the two figures it compares."""
    word = match.group("word")
    if word is None:
        return None
    named = (match.group("word_base") or "")[:2]
    budget = c.other if named and named != c.named and c.other is not None else c.budget
    said = "持平" if match.group("flat") or word in ("同", "等于") else word
    truth = "大于" if c.actual > budget else "小于" if c.actual < budget else "持平"
    if said == truth:
        return None
    return Issue(f"决算数 {c.actual_printed}、预算 {budget}{c.unit}，文中却说决算数"
                 f"{'同预算数持平' if said == '持平' else said + '预算数'}", [line], expected=truth, actual=said,
                 severity="warning")


def _reason_issue(match: re.Match[str], c: Completion, after: str, line: int) -> Issue | None:
    """决算数 differing from the budget with no reason given after it (决算数大于/小于预算数的主要原因：…)."""
    if c.budget == c.actual or "原因" in match.group(0) or "原因" in after:
        return None
    return Issue(f"决算数 {c.actual_printed} 与{c.label()} {c.budget}{c.unit} 不同，未说明原因", [line],
                 expected="决算数大于（小于）预算数的主要原因", actual="未说明", severity="warning")


#: The start of the next item explanation in a paragraph ("2、社会保障和就业支出（类）…").
_NEXT_ITEM = re.compile(r"(?:^|(?<=[。；;]))\s*(?:\d+\s*[.、]|\([一二三四五六七八九十\d]+\))")


@rule("narrative.completion", "error",
      "决算说明中“完成（年初/全年）预算的 x%”与所列预算数、决算数不符，或大于/小于的说法与两数相反",
      "final accounts: the stated completion rate does not follow from the budget and actual figures given, "
      "or 大于/小于 contradicts them",
      example=("年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 80.00%。",
               "年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 90.00%。"))
def completion(ctx: Context) -> Iterator[Issue]:
    for para in ctx.disclosure.paragraphs:
        found = [(m, c) for m in COMPLETION.finditer(para.text) for c in [parse(m)] if c is not None]
        matches = [m for m, _ in found]
        for n, (match, c) in enumerate(found):
            ctx.tick()
            line = para.line_at(match.start("actual"))
            # what the text says of this figure: up to the next item or completion sentence
            later = [m.start() for m in matches[n + 1:]]
            end = min(later + [m.start() for m in _NEXT_ITEM.finditer(para.text, match.end())] + [len(para.text)])
            for issue in (_rate_issue(c, line), _word_issue(match, meant(c), line),
                          _reason_issue(match, meant(c), para.text[match.end():end], line)):
                if issue is not None:
                    yield issue
