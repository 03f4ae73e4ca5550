"""format: words an editor would change: commonly confused words (a lexicon, ``data/confusables.csv``), another
level's template (省对下 in a city's budget), stale boilerplate (epidemic control in a 2026 budget) and relative
years (明年 in a budget: the reader cannot tell which year)."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from .context import Context
from .registry import Issue, rule


@dataclass(frozen=True)
class Confusable:
    pattern: re.Pattern[str]
    correct: str
    severity: str
    why: str


@lru_cache(maxsize=1)
def confusables() -> tuple[Confusable, ...]:
    text = resources.files("audithelpers.data").joinpath("confusables.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(Confusable(re.compile(r["pattern"]), r["correct"], r["severity"], r["why"]) for r in rows)


def _around(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", " ", text[max(0, start - 10):end + 10]).strip()


@rule("format.confusable", "warning", "常见的错别字或误用词（如“已达到”误作“以达到”、“提前下单”误作“提前下达”）",
      "a commonly confused or miswritten word (已达到 for 以达到, 提前下单 for 提前下达)",
      example=("通过开展安全检查工作，已达到确保口岸通关安全顺畅的目的。",
               "通过开展安全检查工作，以达到确保口岸通关安全顺畅的目的。"))
def confusable(ctx: Context) -> Iterator[Issue]:
    """Each line with a word of the lexicon, once per word; its severity is the lexicon's."""
    for number, text in ctx.lines():
        for entry in confusables():
            match = entry.pattern.search(text)
            if match:
                yield Issue(f"第 {number} 行「{_around(text, match.start(), match.end())}」：「{match.group(0)}」"
                            f"应为「{entry.correct}」（{entry.why}）", [number], expected=entry.correct,
                            actual=match.group(0), severity=entry.severity)


#: A department of one level whose text keeps another level's template: 省对下 (the province's transfers to the
#: levels below it) in a city's, district's or county's budget.
OTHER_LEVEL = re.compile(r"省对下(?:专项)?转移支付")


@rule("format.other_level", "warning", "市、区、县部门的预算中保留了省级模板的用语（如“省对下转移支付”）",
      "a city's or county's budget keeping the province's template wording (省对下转移支付)",
      example=("五、省对下专项转移支付情况",
               "五、对下专项转移支付情况"))
def other_level(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one template), citing every line; not told of a province's own department."""
    department = ctx.disclosure.department or ctx.expected_department or ""
    if not department or "省" in department or not re.search(r"[市区县州旗盟]", department):
        return
    lines = [n for n, text in enumerate(ctx.disclosure.source.norm, 1) if OTHER_LEVEL.search(text)]
    ctx.tick()
    if lines:
        yield Issue(f"{department}的预算在第 {'、'.join(map(str, lines))} 行使用了省级模板的“省对下转移支付”，"
                    f"本级应为“对下转移支付”（或“市对下”）", lines, expected="对下转移支付", actual="省对下转移支付")


#: Boilerplate of the epidemic years (2020-2022); in a later budget of a department outside health it is a template
#: left over. Disease control by a health department (传染病疫情, 重大疫情, 疫情监测) is its work, not boilerplate.
STALE = re.compile(r"新冠|新型冠状病毒|核酸检测|常态化疫情防控|疫情防控")
HEALTH = re.compile(r"卫生|健康|疾病|疾控|医|防疫|海关|动物|农业农村")
STALE_FROM = 2024


@rule("format.stale_boilerplate", "info", "过时的模板文字（如 2024 年以后的预算仍写“疫情防控”）",
      "stale boilerplate (epidemic control in a budget of 2024 or later)",
      example=("通过开展运营管理，预计达到口岸疫情防控工作到位的目的。",
               "通过开展运营管理，预计达到口岸运行状态良好的目的。"))
def stale_boilerplate(ctx: Context) -> Iterator[Issue]:
    department = ctx.disclosure.department or ""
    year = ctx.disclosure.year or ctx.expected_year
    if year is None or year < STALE_FROM or HEALTH.search(department):
        return
    found = [(n, m.group(0), _around(t, m.start(), m.end())) for n, t in enumerate(ctx.disclosure.source.norm, 1)
             for m in [STALE.search(t)] if m]
    ctx.tick()
    if found:
        shown = "；".join(f"第 {n} 行「{s}」" for n, _, s in found[:8])
        words = "、".join(dict.fromkeys(w for _, w, _ in found))
        yield Issue(f"{year} 年预算仍有疫情时期的文字（多半是旧模板未更新，请核实）：{shown}",
                    [n for n, _, _ in found], expected="当年的目标", actual=words)


#: A year named relative to when the text was written: in a budget it reads as the year after the budget year.
RELATIVE = re.compile(r"明年|(?<![以之此然今往])后年(?!度)")


@rule("format.relative_year", "info", "预算文字用“明年”等相对年份，读者无从判断指哪一年",
      "a relative year (明年) in a budget's text: which year it means cannot be told",
      example=("将明年要开展的审计工作融入规划。",
               "将 2026 年要开展的审计工作融入规划。"))
def relative_year(ctx: Context) -> Iterator[Issue]:
    if ctx.disclosure.document_kind == "final":
        return
    for number, text in ctx.lines():
        match = RELATIVE.search(text)
        if match:
            shown = _around(text, match.start(), match.end())
            yield Issue(f"第 {number} 行「{shown}」：预算文字中的「{match.group(0)}」指哪一年不明"
                        f"（{ctx.disclosure.year or '预算'}年的预算中读作下一年）", [number],
                        expected="写明年份", actual=match.group(0))


#: A word written twice in a row ("价格价格", "高度：高度：", "主要用于主要用于"): a candidate is two to ten Chinese
#: characters then the same again (after a colon at most); it is told only when the repetition is one of whole words,
#: as the segmenter (rjieba: jieba's dictionary and algorithm, in Rust) cuts the sentence. Characters that repeat
#: across words are no repetition: 低空/航空航天 ("空航空航"), 首都师范大学/大学生, 专网/分网/分域, 停车/停车费.
CANDIDATE = re.compile(r"([\u4e00-\u9fff]{2,10})([：:]?)\1")
#: Repetitions found in one document shown in its finding.
SHOWN_REPEATS = 20


def _repeated_words(text: str) -> list[str]:
    """The repetitions of whole words in ``text`` ("价格价格", "主要用于主要用于", "高度：高度：")."""
    import rjieba

    words = [w for w in rjieba.cut(text) if w.strip()]
    found = []
    for size in (1, 2, 3, 4):
        for i in range(len(words) - 2 * size + 1):
            once = words[i:i + size]
            if once == words[i + size:i + 2 * size] and len(re.findall(r"[\u4e00-\u9fff]", "".join(once))) >= 2:
                found.append("".join(once) * 2)
    return list(dict.fromkeys(found))


@rule("format.repeated_word", "info", "词语重复（如“价格价格”“高度：高度：”“主要用于主要用于”）",
      "a word written twice in a row (价格价格, 高度：高度：)",
      example=("为政府制定、调整价格价格，提供依据。", "为政府制定、调整价格，提供依据。"))
def repeated_word(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (copy-editing left undone), citing every line and showing each repetition.
    Lines the curated ``format.doubled_word`` reports are left to it."""
    from .format import DOUBLED_WORDS_PATTERN

    found = []
    for number, text in ctx.lines():
        if not CANDIDATE.search(text) or DOUBLED_WORDS_PATTERN.search(text):
            continue
        for twice in _repeated_words(text):
            at = text.find(twice)
            found.append((number, _around(text, at, at + len(twice)) if at >= 0 else twice))
    if found:
        shown = "；".join(f"第 {n} 行「{s}」" for n, s in found[:SHOWN_REPEATS])
        more = f"等（共 {len(found)} 处）" if len(found) > SHOWN_REPEATS else ""
        yield Issue(f"词语重复 {len(found)} 处（多半是录入或复制时多打了一遍，请核对）：{shown}{more}",
                    sorted({n for n, _ in found}), expected="删去重复的词", actual=f"{len(found)} 处")
