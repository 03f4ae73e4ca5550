"""wording: what the words of a sentence say against the figure they are about.

A 0 whose sentence goes on to say what the money is used for ("公务接待费 0 万元，主要用于按规定开支的
各类公务接待") keeps a template's description of a spending that does not exist: the reader is told
both that nothing is budgeted and what it pays for.
"""
from __future__ import annotations

from typing import Iterator
import re

from .context import Context
from .registry import Issue, rule

ZERO_USE = re.compile(r"(?P<what>[\u4e00-\u9fff（）()]{2,20}?)\s*(?:支出|预算数|预算)?\s*(?:为|是)?\s*"
                      r"(?P<zero>0(?:\.0+)?)\s*(?:万元|元)\s*(?:[（(][^）)]{0,20}[）)])?\s*[，,]\s*(?:主要)?用于"
                      r"(?P<use>[^。；;]{4,})")
#: A use that itself says nothing is spent ("经批准购置的 0 辆公务用车", "无", "未安排").
_NONE = re.compile(r"(?<![\d.])0(?:\.0+)?\s*(?:辆|台|套|个|项|万元|元)|无|未|不")


@rule("narrative.zero_use", "warning", "金额为 0 却写明其用途（多半是模板文字未删）",
      "an amount of 0 whose sentence says what it is used for (a template's description left in)",
      example=("公务接待费 0 万元，主要用于按规定开支的各类公务接待支出。",
               "公务接待费 0 万元。"))
def zero_use(ctx: Context) -> Iterator[Issue]:
    for para in ctx.disclosure.paragraphs:
        for match in ZERO_USE.finditer(para.text):
            ctx.tick()
            if _NONE.search(match.group("use")):
                continue
            what = re.sub(r"^[(（][一二三四五六七八九十]+[)）]", "", match.group("what"))
            yield Issue(f"「{what}」为 0，却写明“用于{match.group('use')[:24]}…”：没有安排的支出不应再写用途",
                        [para.line_at(match.start("zero"))], expected="写明未安排（或删去用途）",
                        actual=f"0，用于{match.group('use')[:24]}")


#: A change of nothing told with a direction ("比上年增加 0.00 万元，增长 0.00%"): the direction word says more or
#: less where there is neither (the template's wording kept for an unchanged item).
ZERO_CHANGE = re.compile(r"(?:增加|减少|增长|下降|上升|降低)\s*(?<![\d.])0(?:\.0+)?\s*(?:万元|元|%|％)")


@rule("narrative.zero_change_direction", "info", "变动为 0 却写“增加 0 万元”“增长 0%”（应写“与上年持平”）",
      "a change of nothing told with a direction (增加 0.00 万元, 增长 0%) instead of 持平",
      example=("因公出国（境）费 0.00 万元，比上年增加 0.00 万元，增长 0.00%。",
               "因公出国（境）费 0.00 万元，与上年持平。"))
def zero_change_direction(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one template habit), citing every sentence that does it."""
    found = [(para.line_at(m.start()), m.group(0)) for para in ctx.disclosure.paragraphs
             for m in ZERO_CHANGE.finditer(para.text)]
    ctx.tick()
    if found:
        lines = list(dict.fromkeys(n for n, _ in found))
        shown = "」「".join(dict.fromkeys(w for _, w in found))
        yield Issue(f"第 {'、'.join(map(str, lines))} 行把没有变动写成「{shown}」：方向词与 0 变动矛盾，"
                    f"应写“与上年持平”", lines, expected="与上年持平", actual=shown)
