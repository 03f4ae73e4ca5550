"""Recall against independent hand reviews: what a reviewer found that the suite finds, misses, or wrongly flags.

A review lists problems (document, PDF page, category, severity, what is wrong, an exact quote) and traps (spots
that look wrong but are consistent). A problem is *found* when a finding of its document cites a line holding its
quote — or, when the quote is not in the text as read, a line of its page — and speaks of the same figures or words
(a number of the quote or of the reviewer's note appears in the finding, or four characters running of the
quote's words do). A trap is *hit*
when an error or warning does the same for it. ``make review`` prints the table and what was missed; its baseline
(bench/recall-baseline.json) shows what a change gained and lost.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"\s+")
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORDS = re.compile(r"[\u4e00-\u9fff]{4,}")


def _plain(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _figures(text: str) -> set[str]:
    """The figures of a text as digits ("1,234.50" → "1234.50"); bare years and small counts are no evidence."""
    found = {m.replace(",", "") for m in _FIGURE.findall(unicodedata.normalize("NFKC", text))}
    return {f for f in found if len(f.replace(".", "")) >= 3 and not re.fullmatch(r"(?:19|20)\d{2}", f)}


@dataclass(frozen=True)
class Item:
    """One problem (or trap) of a review, as the harness reads it."""

    review: str
    doc: str
    page: int | None
    category: str
    severity: str
    what: str
    quote: str


@dataclass
class Outcome:
    item: Item
    lines: tuple[int, ...]          # the lines that hold its quote (or its page's lines)
    by: str                         # "quote", "page" or "" (not located)
    matched: list[str] = field(default_factory=list)   # the ids of the findings that speak of it


def load_reviews(folder: Path) -> tuple[list[Item], list[Item]]:
    """(problems, traps) of every review_*.json in ``folder``."""
    problems: list[Item] = []
    traps: list[Item] = []
    for path in sorted(folder.glob("review_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, out in (("problems", problems), ("consistent", traps)):
            out += [Item(path.stem, p["doc"], p.get("page"), p.get("category", "trap"), p.get("severity", ""),
                         p.get("what", ""), p.get("quote", "")) for p in data.get(key, [])]
    return problems, traps


def _file_lines(source: Any, doc: str) -> list[tuple[int, int | None]]:
    """(line of the joined text, page in its own file) of every line of file ``doc`` of the source."""
    out = []
    for number in range(1, len(source.norm) + 1):
        file, _, page = source.where(number)
        if Path(file).name == doc:
            out.append((number, page))
    return out


def locate(source: Any, item: Item, on_page: bool = False) -> tuple[tuple[int, ...], str]:
    """The lines holding the item's quote (a quote may run over up to three lines), else its page's lines. With
    ``on_page`` (a trap: one spot the reviewer checked) a quote printed on several pages is located on the page the
    reviewer names."""
    lines = _file_lines(source, item.doc)
    quote = _plain(item.quote)
    if quote:
        texts = {n: _plain(source.norm[n - 1]) for n, _ in lines}
        hit = tuple(n for n, _ in lines if quote in texts[n])
        if not hit:
            hit = tuple(n for n, _ in lines if quote in "".join(texts.get(k, "") for k in (n, n + 1, n + 2))
                        and quote not in "".join(texts.get(k, "") for k in (n + 1, n + 2)))
        if hit and on_page and item.page and len({page for n, page in lines if n in hit}) > 1:
            hit = tuple(n for n, page in lines if n in hit and page == item.page) or hit   # the page it names
        if hit:
            return hit, "quote"
    if item.page:
        return tuple(n for n, page in lines if page == item.page), "page"
    return (), ""


def speaks_of(finding: dict[str, Any], item: Item) -> bool:
    """The finding names a figure of the quote or of the reviewer's note, four characters running of the quote's
    words, or the whole quote."""
    said = " ".join(str(finding.get(k) or "") for k in ("message", "expected", "actual"))
    if _figures(item.quote + " " + item.what) & _figures(said):
        return True
    plain = _plain(said)   # or a run of four characters of the quote's words (the finding quotes a piece of it)
    quote = _plain(item.quote)
    if len(quote) >= 3 and quote in plain:   # or the whole quote, however short ("见下表:", "其中：2026 应急")
        return True
    return any(run[k:k + 4] in plain for run in _WORDS.findall(quote) for k in range(len(run) - 3))


def score(items: list[Item], source: Any, findings: list[dict[str, Any]], serious_only: bool = False) -> list[Outcome]:
    """Each item located in the source and matched with the findings that cite its lines and speak of it."""
    out = []
    for item in items:
        lines, by = locate(source, item, on_page=serious_only)
        cited = [f for f in findings if set(f["lines"]) & set(lines)
                 and (not serious_only or f["severity"] in ("error", "warning")) and speaks_of(f, item)]
        out.append(Outcome(item, lines, by, [f["id"] for f in cited]))
    return out


def tally(outcomes: list[Outcome], traps: list[Outcome]) -> dict[str, Any]:
    """Found / missed per document and per category, and the traps hit."""
    def count(key: str) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = {}
        for o in outcomes:
            row = table.setdefault(getattr(o.item, key), Counter())
            row["problems"] += 1
            row["found"] += bool(o.matched)
            row["not in text"] += o.by != "quote"   # located by its page only, or not at all
        for t in traps:
            name = getattr(t.item, key) if key == "doc" else "trap"
            table.setdefault(name, Counter())["traps hit"] += bool(t.matched)
        return {k: dict(v) for k, v in sorted(table.items())}
    return {"by_document": count("doc"), "by_category": count("category"),
            "found": sum(bool(o.matched) for o in outcomes), "problems": len(outcomes),
            "traps": len(traps), "traps_hit": sum(bool(t.matched) for t in traps)}
