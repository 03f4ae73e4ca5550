"""format: half-width punctuation in Chinese text, brackets opened in one width and closed in the other, and
traditional or variant characters in simplified text.

Read on the original lines (``Source.lines``): the normalised text the other rules read has every full-width
mark folded to its half-width form. Chinese running text takes full-width ，：；（）; a half-width mark beside
Chinese characters is a copy-editing slip (见下表:, 2026 年,泉州市, 维修(护)费).

Measured against autocorrect (autocorrect-py 2.14, its ``fullwidth`` rule alone) on 114 real budgets: both flag
the same 474 lines; these patterns flag 70 more, all half-width marks beside Chinese text that autocorrect
leaves (a colon after a closing bracket, "责任;拟订"), and autocorrect flags 12 more, among them unit notations
("1650元/生.年") that are not slips; it has no rule for brackets. So these patterns, and no new dependency.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from .context import Context
from .registry import Issue, rule

_CJK = "\u4e00-\u9fff"
#: A half-width , : ; beside a Chinese character (a thousands separator "1,234" is no mark of text).
HALF_MARK = re.compile(rf"(?<=[{_CJK}])\s?[,:;](?!\d{{3}}(?!\d))|(?<![\dA-Za-z,:;])[,:;]\s?(?=[{_CJK}])")
#: Half-width brackets around Chinese text, beside Chinese text ("维修(护)费", "(一)贯彻").
HALF_BRACKET = re.compile(rf"(?<=[{_CJK}])\([^()\n]{{0,30}}\)|\([^()\n]{{0,30}}[{_CJK}][^()\n]{{0,30}}\)(?=[{_CJK}])")
#: A heading numbered with half-width brackets ("(一)贯彻执行…"); in a table the row numbers of a summary
#: ("(一) 一般公共预算拨款") are the table's labels, not running text, and are left alone.
HALF_NUMBER = re.compile(r"^\s*\([一二三四五六七八九十]{1,3}\)")
#: A bracket opened in one width and closed in the other ("(利用外资奖励事项）").
MIXED_BRACKET = re.compile(r"\([^()（）\n]{1,40}）|（[^()（）\n]{1,40}\)")
#: Marks shown in one finding; the rest are counted.
SHOWN = 40


def _snippet(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[max(0, start - 6):end + 6]).strip()


def _marks(ctx: Context) -> list[tuple[int, str, str]]:
    """(line, what, snippet) of every half-width or mixed mark of the original text, in reading order."""
    found = []
    for number, text in enumerate(ctx.disclosure.source.lines, 1):
        if not re.search(f"[{_CJK}]", text):
            continue
        ctx.tick()
        patterns = [("括号不成对宽", MIXED_BRACKET), ("半角括号", HALF_BRACKET), ("半角标点", HALF_MARK)]
        if "\t" not in text:
            patterns.append(("半角括号", HALF_NUMBER))
        for what, pattern in patterns:
            for match in pattern.finditer(text):
                found.append((number, what, _snippet(text, match.start(), match.end())))
    return found


@rule("format.halfwidth", "info", "中文文字中使用半角标点（, : ; ( )），或括号一半角一全角",
      "half-width punctuation in Chinese text (, : ; ( )), or a bracket opened and closed in different widths",
      example=("机关运行经费支出预算 9.52 万元,主要保障机构正常运转。",
               "机关运行经费支出预算 9.52 万元，主要保障机构正常运转。"))
def halfwidth(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one copy-editing habit), citing every line and showing each mark."""
    found = _marks(ctx)
    if not found:
        return
    kinds = "、".join(f"{what} {sum(1 for _, w, _ in found if w == what)} 处"
                     for what in dict.fromkeys(w for _, w, _ in found))
    shown = "；".join(f"第 {n} 行「{s}」" for n, _, s in found[:SHOWN])
    more = f"等（共 {len(found)} 处）" if len(found) > SHOWN else ""
    yield Issue(f"中文文字中有半角标点或宽窄不一的括号（{kinds}），应为全角“，”“：”“；”“（）”：{shown}{more}",
                [n for n, _, _ in found], expected="全角标点", actual=f"{len(found)} 处")


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def variant_chars(text: str) -> dict[str, str]:
    """Character → its simplified standard form, for each character of ``text`` OpenCC's t2s table converts when
    taken alone (a traditional or variant character: 査 for 查, 檢 for 检). Taken alone, so that a phrase rule
    (OpenCC turns 提示覆 into 提示复) never rewrites a character that is standard in simplified text."""
    convert = _converter().convert
    return {c: s for c in sorted(set(re.findall(r"[\u4e00-\u9fff]", text))) for s in [convert(c)] if s != c}


@rule("format.variant_char", "info", "简体文本中混有繁体字或异体字（如“检査”的“査”）",
      "a traditional or variant character in simplified text (査 for 查)",
      example=("完成日常检査台账汇编。", "完成日常检查台账汇编。"))
def variant_char(ctx: Context) -> Iterator[Issue]:
    """One finding for the document, citing each line with such a character. Measured on 114 real budgets (2,483
    distinct characters): OpenCC's t2s table, character by character, converts one, 査 (in 检査), a true variant;
    phrase by phrase it also rewrote 覆 in 覆盖 twice, and zhconv changed 38 characters, none a variant."""
    found = []
    for number, text in ctx.lines(original=True):
        for char, standard in variant_chars(text).items():
            at = text.index(char)
            found.append((number, char, standard, re.sub(r"\s+", " ", text[max(0, at - 6):at + 6]).strip()))
    if found:
        shown = "；".join(f"第 {n} 行「{s}」的「{c}」应为「{t}」" for n, c, t, s in found[:10])
        yield Issue(f"简体文本中有 {len(found)} 处繁体字或异体字：{shown}", sorted({n for n, *_ in found}),
                    expected="规范简体字", actual="、".join(dict.fromkeys(c for _, c, _, _ in found)))
