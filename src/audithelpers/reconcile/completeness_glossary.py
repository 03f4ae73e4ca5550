"""completeness: the glossary (名词解释) against the document it explains.

- A term the glossary defines that the document never uses (用事业基金弥补收支差额 in a budget with no such row):
  a template's entry left in.
- A figure the document reports whose term the glossary, though it has one, does not define (机关运行经费).
A glossary entry is a paragraph of the 名词解释 section, "一、财政拨款收入：指…" (numbered or not); an entry naming a
function item by its 类/款/项 path explains the tables' rows, and the tables use them in other words: not read.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..model import Paragraph
from .context import Context
from .registry import Issue, rule

ENTRY = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])?\s*"
                   r"(?P<term>[^：:，,。]{2,30}?)\s*[：:]\s*(?:是)?指")
GLOSSARY = re.compile(r"名词解释|名词说明")
#: Figures a reader needs defined, with the names the glossary may define them by.
NEEDED = {"机关运行经费": ("机关运行经费", "行政经费"), "“三公”经费": ("三公经费", "三公")}


def _entries(ctx: Context) -> list[tuple[Paragraph, str]]:
    """(paragraph, term) of each glossary entry."""
    out = []
    for para in ctx.disclosure.paragraphs:
        match = ENTRY.match(para.text) if GLOSSARY.search(para.section or "") else None
        if match:
            out.append((para, re.sub(r"[\"“”\s]", "", match.group("term"))))
    return out


def _heading_line(ctx: Context, entry: int) -> int:
    """The line of the glossary's heading (名词解释) before its first entry, else the entry's."""
    return next((h.line for h in reversed(ctx.disclosure.headings) if h.line < entry and GLOSSARY.search(h.text)),
                entry)


def _forms(term: str) -> set[str]:
    """The names a term is used by: itself and its bracketed alias, each without its trailing 财政拨款/预算数/收入/支出/
    资金/经费 … one by one."""
    names = [re.sub(r"[(（].*?[)）]", "", term), *re.findall(r"[(（](.*?)[)）]", term)]
    out = set()
    for name in names:
        while len(name) >= 2 and name not in out:   # 三公经费财政拨款预算数 → 三公经费财政拨款 → 三公经费 → 三公
            out.add(name)
            name = re.sub(r"(?:财政拨款|预算数|决算数|预算|决算|收入|支出|资金|经费)$", "", name)
    return out


def _elsewhere(ctx: Context, entries: list[tuple[Paragraph, str]]) -> str:
    inside = {n for para, _ in entries for n in para.lines}
    return re.sub(r"[\"“”\s]", "", "\n".join(t for n, t in enumerate(ctx.disclosure.source.norm, 1) if n not in inside))


@rule("completeness.glossary_unused", "info", "名词解释中解释了全文未使用的名词（多半是模板遗留）",
      "the glossary defines a term the document never uses (a template's entry left in)",
      example=("五、用事业基金弥补收支差额：指事业单位用事业基金弥补当年收支缺口的资金。", "（删去未使用的名词）"))
def glossary_unused(ctx: Context) -> Iterator[Issue]:
    entries = [(p, t) for p, t in _entries(ctx) if not re.search(r"[(（][类款项][)）]", t)]
    if len(entries) < 3:
        return
    text = _elsewhere(ctx, entries)
    unused = [(p, t) for p, t in entries if not any(f in text for f in _forms(t))]
    ctx.tick()
    if unused:
        yield Issue(f"名词解释中的「{'」「'.join(t for _, t in unused)}」在正文和表格中均未出现：多半是模板遗留的名词",
                    [p.lines[0] for p, _ in unused], expected="只解释文中使用的名词",
                    actual="、".join(t for _, t in unused))


@rule("completeness.glossary_missing", "info", "文中报告了机关运行经费或“三公”经费，名词解释却未解释该名词",
      "the document reports 机关运行经费 (or 三公经费) but its glossary does not define it",
      example=("（名词解释只解释基本支出、项目支出；文中报告机关运行经费 9.52 万元）",
               "六、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。"))
def glossary_missing(ctx: Context) -> Iterator[Issue]:
    entries = _entries(ctx)
    if len(entries) < 3:
        return
    defined = re.sub(r"[\"“”\s]", "", "".join(p.text for p in ctx.disclosure.paragraphs
                                                if GLOSSARY.search(p.section or "")))
    for subject, names in NEEDED.items():
        facts = [f for f in ctx.facts_where(kind="amount") if f.subject == subject or
                 subject == "“三公”经费" and f.subject == "三公经费"]
        ctx.tick()
        if facts and not any(n in defined for n in names):
            first = _heading_line(ctx, entries[0][0].lines[0])
            yield Issue(f"文中报告了{subject}（第 {facts[0].line} 行），名词解释（第 {first} 行起）却未解释{subject}",
                        [first, facts[0].line], expected=f"解释{subject}", actual="未解释")
