"""wording: what the words of a sentence say against the figure they are about.

A 0 whose sentence goes on to say what the money is used for ("公务接待费 0 万元，主要用于按规定开支的
各类公务接待") keeps a template's description of a spending that does not exist: the reader is told
both that nothing is budgeted and what it pays for.
"""
from __future__ import annotations

from decimal import Decimal
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
    found = [(para.line_at(m.start()), para.text[max(0, m.start() - 5):m.end()].lstrip("，,；;。 "))
             for para in ctx.disclosure.paragraphs for m in ZERO_CHANGE.finditer(para.text)]
    ctx.tick()
    if found:
        lines = list(dict.fromkeys(n for n, _ in found))
        shown = "」「".join(dict.fromkeys(w for _, w in found))
        yield Issue(f"第 {'、'.join(map(str, lines))} 行把没有变动写成「{shown}」：方向词与 0 变动矛盾，"
                    f"应写“与上年持平”", lines, expected="与上年持平", actual=shown)


#: A sentence's stated reason, up to the end of its clause ("…减少 7 万元，主要原因是会议费支出下降。").
REASON = re.compile(r"(?:主要)?(?:变动|增减|变化)?原因(?:是|为|在于|主要是)?\s*[:：]?\s*"
                    r"(?P<why>[^。；;]{4,30}?)(?=[。；;]|$)")
#: The first amount of a sentence: what comes before it names what the sentence is about.
FIRST_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|元|亿元)")
#: What a reason needs no more than to restate its change.
RESTATING = re.compile(r"支出|经费|费用|费|预算|资金|有所|相应|的|主要|是|为|较上年|比上年|上年|同比|"
                       r"增加|增长|上升|提高|减少|下降|降低|压减|减|增|[“”\"，,。、；;：:\s]")


def _covered(reason: str, before: str) -> set[int]:
    """Positions of ``reason`` inside a run of two or more of its characters that also stands in ``before``."""
    covered: set[int] = set()
    for start in range(len(reason)):
        for end in range(len(reason), start + 1, -1):
            if reason[start:end] in before:
                covered |= set(range(start, end))
                break
    return covered


def _sentence_start(text: str, end: int) -> int:
    return max(text.rfind("。", 0, end), text.rfind("；", 0, end)) + 1


def _before(text: str, at: int) -> str:
    """The sentence before a reason at ``at``; the sentence before it when the reason opens its own ("…减少 3.61
    万元，减少 0.9%。主要原因是机关运行经费有所下降")."""
    start = _sentence_start(text, at)
    if text[start:at].strip() in ("", "主要", "变动", "增减"):
        start = _sentence_start(text, max(start - 1, 0))
    return text[start:at]


def restated_in_text(ctx: Context) -> Iterator[tuple[str, str, str, tuple[int, ...]]]:
    """(what, direction, reason, lines) of each sentence whose reason only names what changed and how
    ("…会议费预算支出 10 万元，比上年预算减少 7 万元，主要原因是会议费支出下降"), read from the text."""
    for para in ctx.disclosure.paragraphs:
        for match in REASON.finditer(para.text):
            why = match.group("why")
            before = _before(para.text, match.start())
            amount = FIRST_AMOUNT.search(before)
            direction = next((w for w in ("增加", "减少", "下降", "增长") if w in before), None)
            if direction is None or amount is None or "原因" in before:
                continue
            ctx.tick()
            covered = _covered(why, before[:amount.start()])   # what the sentence is about, before its amount
            rest = "".join(c for i, c in enumerate(why) if i not in covered)
            if covered and not RESTATING.sub("", rest):
                yield before[:amount.start()].strip()[-12:], direction, why, (para.line_at(match.start()),)


#: An increase told with a rate of 100% ("增加 40 万元，增幅 100.0%").
DOUBLED_FROM = re.compile(r"增加\s*(?P<d>\d[\d,]*(?:\.\d+)?)\s*(?P<u>万元|元)\s*[,，]?\s*"
                          r"(?:增幅|增长|增长率|增长幅度)\s*(?:为)?\s*(?P<p>100(?:\.0+)?)\s*[%％]")


def growth_from_nothing(ctx: Context) -> Iterator[tuple[str, int]]:
    """(the sentence, its line) where the amount just before an increase of 100% equals the increase: the new amount
    is all increase, so last year's was 0 and no rate follows ("…专项经费 40.00 万元…较 2025 年年初预算增加 40 万元，
    增幅 100.0%": 40 on a base of 0, where 100% would mean 40 on 40)."""
    for para in ctx.disclosure.paragraphs:
        for match in DOUBLED_FROM.finditer(para.text):
            ctx.tick()
            delta = Decimal(match.group("d").replace(",", ""))
            start = max(0, para.text.rfind("。", 0, max(0, para.text.rfind("。", 0, match.start()))) + 1)
            earlier = [Decimal(m.group(1).replace(",", "")) for m in
                       re.finditer(rf"(\d[\d,]*(?:\.\d+)?)\s*{match.group('u')}", para.text[start:match.start()])]
            if earlier and earlier[0] == delta:
                yield para.text[start:match.end()], para.line_at(match.start("p"))
