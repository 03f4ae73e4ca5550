"""completeness: a contents entry's title as the body words it (the table entries are compared with the tables
by ``completeness.contents_missing``; the outline's own numbering is ``format_headings``'s)."""
from __future__ import annotations

from typing import Iterator
import re
from difflib import SequenceMatcher

from ..model import Heading
from .context import Context
from .format_headings import heading_words, title_key
from .registry import Issue, rule


_ENTRY = re.compile(r"(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def _entries(ctx: Context) -> list[tuple[int, str, str]]:
    """(line, marker, title) of each numbered contents entry; a line holding two entries gives two."""
    out = []
    for entry in ctx.disclosure.contents:
        if entry.kind is not None:
            continue        # a table's entry: its title is compared with the table (completeness.contents_missing)
        pieces = _ENTRY.split(entry.text)
        for marker, title in zip(pieces[1::2], pieces[2::2], strict=True):
            out.append((entry.line, marker.replace("（", "(").replace("）", ")"), title_key(title)))
    return out


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def _differs(title: str, body: list[str]) -> str | None:
    """The body title that is the contents title reworded, or None when one matches or none is near.

    Words only added or left out on one side (the department's name, 的情况) are the same title
    at two lengths, not a different one; titles ending in 表 name tables, compared as tables.
    """
    if not title or title.endswith("表") or any(_subsequence(b, title) or _subsequence(title, b) for b in body if b):
        return None
    near = [(SequenceMatcher(None, title, b).ratio(), b) for b in body if b]
    best = max(near, default=(0.0, ""))
    return best[1] if best[0] >= 0.5 else None


def _name_only(title: str, body: list[tuple[Heading, str]], name: str) -> Heading | None:
    """The body heading that is the contents title with the department's name added or left out (nothing else)."""
    if len(name) < 3 or any(b == title for _, b in body):
        return None
    return next((h for h, b in body if b != title and (name in b) != (name in title)
                 and b.replace(name, "") == title.replace(name, "")), None)


def _plain(ctx: Context, title: str) -> str:
    """A title without the department's name and the words standing for it (部门, 单位, 本)."""
    name = title_key(ctx.disclosure.department or "")
    return re.sub(r"本?(?:部门|单位)", "", title.replace(name, "") if name else title)


@rule("completeness.contents_title", "warning", "目录中的标题与正文标题不一致",
      "a contents entry's title differs from the heading it points to in the body")
def contents_title(ctx: Context) -> Iterator[Issue]:
    last_entry = max((e.line for e in ctx.disclosure.contents), default=0)
    body: dict[str, list[tuple[Heading, str]]] = {}
    for heading in ctx.disclosure.headings:
        if heading.line > last_entry and heading.marker:
            body.setdefault(heading.marker.replace("（", "(").replace("）", ")"), []).append(
                (heading, _plain(ctx, heading_words(heading))))
    name = title_key(ctx.disclosure.department or "")
    for line, marker, title in _entries(ctx):
        candidates = body.get(marker, [])
        if not candidates:
            continue
        ctx.tick()
        named = _name_only(title, [(h, title_key(heading_words(h))) for h, _ in candidates], name)
        if named is not None:
            yield Issue(f"目录第 {line} 行「{marker}{title}」与正文第 {named.line} 行标题「{named.text[:40]}」"
                        f"只差部门名称「{ctx.disclosure.department}」", [line, named.line],
                        expected=named.text[:40], actual=f"{marker}{title}", severity="info")
            continue
        reworded = _differs(_plain(ctx, title), [t for _, t in candidates])
        if reworded is None:
            continue
        heading = next(h for h, t in candidates if t == reworded)
        yield Issue(f"目录第 {line} 行「{marker}{title}」与正文第 {heading.line} 行标题「{heading.text[:40]}」措辞不同",
                    [line, heading.line], expected=heading.text[:40], actual=f"{marker}{title}")
