"""format: the document's own outline — heading numbers in order, contents titles as in the body.

Reviewers read the outline before the figures: a heading numbered 三、 twice, or 一、二、 and then
二、 again under the same part, and a contents entry whose title the body words differently are
drafting slips that a reader of the published document sees at once.

Only what the text shows for certain is reported. Numbering skips are not (a heading the reader
did not take for one — a numbered line run into its paragraph — would look like a gap), and a
heading repeated word for word is the body repeating the contents, not a clash.
"""
from __future__ import annotations

from typing import Iterator
import dataclasses
import re

from ..model import Heading
from .context import Context
from .registry import Issue, rule

_CN = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
_NUMBER = re.compile(r"[零一二三四五六七八九十百]+|\d+")


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 3 → 3; None when ``text`` holds no number."""
    found = _NUMBER.search(text)
    if not found:
        return None
    word = found.group(0)
    if word.isdigit():
        return int(word)
    if "百" in word:
        return None
    tens, _, units = word.partition("十")
    if "十" not in word:
        return _CN.get(word) if len(word) == 1 else None
    return (_CN.get(tens, 0) if tens else 1) * 10 + (_CN.get(units, 0) if units else 0)


def heading_words(heading: Heading) -> str:
    """The heading's words without its number, spaces or punctuation variants."""
    text = heading.text[len(heading.marker):] if heading.text.startswith(heading.marker) else heading.text
    return title_key(text)


def title_key(text: str) -> str:
    return re.sub(r"[\s()（）“”\"'、:：.．]", "", text)


def _in_tables(ctx: Context, line: int) -> bool:
    return any(t.first_line <= line <= t.last_line for t in ctx.disclosure.tables)


#: The disclosure's own two halves, whatever their numbers' style ("一、文字部分 … 二、表格部分"): a list of their own,
#: above the parts (第一部分 …) they hold.
_HALVES = re.compile(r"(?:文字|表格|报表|附表|说明)部分$|^(?:部门|单位)?预算(?:情况说明|报表|公开表)$")


def _numbered(ctx: Context) -> list[tuple[Heading, int]]:
    """Body headings with a number in their marker (not inside a table), with that number; the disclosure's
    halves at a level above every other (-1)."""
    out = []
    for heading in ctx.disclosure.headings:
        number = cn_number(heading.marker) if heading.marker else None
        if number is not None and not _in_tables(ctx, heading.line):
            if _HALVES.search(heading_words(heading)):
                heading = dataclasses.replace(heading, level=-1)
            out.append((heading, number))
    return out


#: A line opening with a heading number, by level (segment's levels: 0 第一部分, 1 一、, 2 （一）, 3 1.).
_MARKERS = (re.compile(r"^\s*第[一二三四五六七八九十]+部分"), re.compile(r"^\s*[一二三四五六七八九十]+、"),
            re.compile(r"^\s*[(（][一二三四五六七八九十]+[)）]"), re.compile(r"^\s*\d+[.、．](?!\d)"))


def _parent_between(ctx: Context, first: int, last: int, level: int) -> bool:
    """Whether a line between two headings opens with a number of a higher level (a heading not read as one)."""
    norm = ctx.disclosure.source.norm
    return any(pattern.match(norm[n - 1]) for n in range(first + 1, last) for pattern in _MARKERS[:max(level, 0)])


def _slip(ctx: Context, before: tuple[Heading, int], heading: Heading, number: int) -> str | None:
    """重复 or 倒退 when ``heading`` cannot follow ``before`` in one list; None when it can.

    A list starting again at 1 is a new list under a heading the reader may not have taken for
    one (the same marker style nested in Shanghai's and Kunming's templates): not reported.
    """
    if number > before[1] or number == 1 or _parent_between(ctx, before[0].line, heading.line, heading.level):
        return None
    return "重复" if number == before[1] else "倒退"


@rule("format.heading_numbering", "warning", "标题序号重复或倒退（同一层级下两个“二、”，或“三、”之后又出现“二、”）",
      "a heading number repeats or runs backwards among the headings of one part")
def heading_numbering(ctx: Context) -> Iterator[Issue]:
    last: dict[int, tuple[Heading, int]] = {}   # the latest heading at each level under the current parents
    outer: dict[int, list[tuple[Heading, int]]] = {}   # lists a list restarting at 1 interrupted, by level
    seen: set[tuple[str, str]] = set()
    for heading, number in _numbered(ctx):
        ctx.tick()
        key = (heading.marker, heading_words(heading))
        if key in seen:          # the body repeating the contents: start afresh
            last, seen, outer = {}, set(), {}
        seen.add(key)
        before = last.get(heading.level)
        if before is not None and number == 1:   # a list of the same marker style nested in the one before
            outer.setdefault(heading.level, []).append(before)
        word = _slip(ctx, before, heading, number) if before is not None else None
        if word is not None and any(number == o[1] + 1 for o in outer.get(heading.level, [])):
            word = None   # the interrupted list goes on ("一、情况说明 一、… 十五、… 二、表格部分")
            outer[heading.level] = [o for o in outer[heading.level] if o[1] + 1 < number]
        if before is not None and word is not None:
            yield Issue(f"第 {heading.line} 行标题「{heading.text[:30]}」的序号{word}：同一层级上一个标题是"
                        f"第 {before[0].line} 行「{before[0].text[:30]}」", [before[0].line, heading.line],
                        expected=f"序号大于「{before[0].marker}」", actual=heading.marker)
        last = {level: v for level, v in last.items() if level < heading.level}
        last[heading.level] = (heading, number)

