"""HTML disclosures (a portal's web page) to the line-numbered text form the parser reads.

The page is parsed with BeautifulSoup (html.parser); the article is the element whose own
paragraphs, headings and tables hold the most text, so the portal's navigation, search
box and footer are left out. Every paragraph, heading or list item becomes one line;
every table row becomes a tab-separated line with each cell in its column (a cell
spanning several columns or rows keeps its text in its first position, the positions it
covers stay empty), as in the PDF text form.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "pre")
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "button", "select", "input")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _text(element: Any) -> str:
    text = element.get_text(" ", strip=True)
    return re.sub(r"\s+", " ", text).replace("\t", " ").strip()


def _article(soup: Any) -> Any:
    """The element whose direct blocks hold the most Chinese text."""
    best, score = soup, -1
    for element in soup.find_all(["div", "article", "section", "td", "main", "body"]):
        blocks = element.find_all(_BLOCKS, recursive=False)
        weight = sum(len(_CJK.findall(b.get_text())) for b in blocks)
        if weight > score:
            best, score = element, weight
    return best


def _span(cell: Any, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 200))
    except ValueError:
        return 1


def table_rows(table: Any) -> list[list[str]]:
    """A table's rows with colspan and rowspan laid out on a grid."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.find_all("tr")):
        row: list[str] = []
        col = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            row.append(_text(cell))
            for _ in range(1, _span(cell, "colspan")):
                row.append("")
            for down in range(1, _span(cell, "rowspan")):
                for across in range(_span(cell, "colspan")):
                    pending[(r + down, col + across)] = ""
            col += _span(cell, "colspan")
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        if any(row):
            grid.append(row)
    return grid


def _lines(article: Any) -> list[str]:
    lines: list[str] = []
    for block in article.find_all(_BLOCKS):
        if block.find_parent("table") is not None and block.name != "table":
            continue
        if block.name == "table":
            if block.find_parent("table") is not None:
                continue
            lines += ["\t".join(row) for row in table_rows(block)] + [""]
            continue
        if block.name in ("p", "li") and block.find_parent(["li"]) is not None and block.name == "p":
            continue
        text = _text(block)
        if text:
            lines += [text, ""]
    return lines


def html_to_text(path: str, data: bytes) -> bytes:
    """The text form of an HTML disclosure, UTF-8 encoded."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "html.parser")
    except Exception as exc:  # html.parser is lenient; this is a last resort
        raise InputError(path, f"is not a readable HTML page ({type(exc).__name__})") from None
    for element in soup(list(_DROP)):
        element.decompose()
    title = soup.find("meta", attrs={"name": "ArticleTitle"})
    lines = _lines(_article(soup))
    if title is not None and title.get("content"):
        lines = [str(title["content"]).strip(), ""] + lines
    text = "\n".join(lines).strip()
    if not _CJK.search(text):
        raise InputError(path, "the HTML page holds no Chinese text (is it a disclosure?)")
    return (text + "\n").encode("utf-8")


def looks_like_html(data: bytes, suffix: str) -> bool:
    head = data[:2048].lstrip().lower()
    return suffix in {".html", ".htm", ".shtml", ".xhtml"} or head.startswith((b"<!doctype html", b"<html"))
