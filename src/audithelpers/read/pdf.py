"""PDF disclosures to the line-numbered text form the parser reads (PDFium via pypdfium2).

Each page becomes: narrative paragraphs (wrapped lines joined, one paragraph a line),
ruled tables as tab-separated rows with every cell kept in its column (a merged cell's
text in its top-left cell, the cells it covers empty), and a form feed before every page
after the first so that every line keeps its page number. A table that continues on the
next page is joined to its first part and its repeated header rows are dropped.
``extract`` writes the text as ``source.txt``: findings cite its lines and pages.

Tables are read from the ruling lines the PDF draws (thin filled rectangles or stroked
paths): rows and columns come from the lines, merged cells from the borders that are
missing. PDFium reads a 30-page disclosure in a fraction of a second; pdfplumber, which
finds the same cells, is used by the tests as an independent check.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

#: A text line ending this close to the right margin (points) was wrapped, not ended.
WRAP_SLACK = 24.0
#: Ruling lines are at most this thick (points); coordinates closer than SNAP are one line.
THIN = 2.5
SNAP = 2.0


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Grid:
    """A ruled table: row and column boundaries and the borders that are drawn."""

    xs: list[float]
    ys: list[float]
    hsegs: list[tuple[float, float, float]]   # (y, x0, x1)
    vsegs: list[tuple[float, float, float]]   # (x, top, bottom)
    cells: dict[tuple[int, int], list[Char]] = field(default_factory=dict)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, ch: Char) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 - 1 <= ch.cx <= x1 + 1 and top - 1 <= ch.cy <= bottom + 1


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _has_v(grid: Grid, x: float, top: float, bottom: float) -> bool:
    mid = (top + bottom) / 2
    return any(abs(vx - x) <= SNAP and vt - SNAP <= mid <= vb + SNAP for vx, vt, vb in grid.vsegs)


def _has_h(grid: Grid, y: float, x0: float, x1: float) -> bool:
    mid = (x0 + x1) / 2
    return any(abs(hy - y) <= SNAP and hx0 - SNAP <= mid <= hx1 + SNAP for hy, hx0, hx1 in grid.hsegs)


def _grids(hsegs: list[tuple[float, float, float]], vsegs: list[tuple[float, float, float]]) -> list[Grid]:
    """Group ruling lines that touch into tables."""
    segs = [("h", s) for s in hsegs] + [("v", s) for s in vsegs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, a) in enumerate(segs):
        if ki != "h":
            continue
        y, x0, x1 = a
        for j, (kj, b) in enumerate(segs):
            if kj != "v":
                continue
            x, top, bottom = b
            if x0 - SNAP <= x <= x1 + SNAP and top - SNAP <= y <= bottom + SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(i)
    grids = []
    for members in groups.values():
        hs = [segs[i][1] for i in members if segs[i][0] == "h"]
        vs = [segs[i][1] for i in members if segs[i][0] == "v"]
        if len(hs) < 2 or len(vs) < 2:
            continue
        grids.append(Grid(xs=_snap([v[0] for v in vs]), ys=_snap([h[0] for h in hs]), hsegs=hs, vsegs=vs))
    return grids


def _rows(grid: Grid) -> list[list[str]]:
    """Cell texts by grid position; a merged cell's text sits in its top-left position."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    if nrows < 1 or ncols < 1:
        return []
    parent = {(i, j): (i, j) for i in range(nrows) for j in range(ncols)}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i in range(nrows):
        top, bottom = grid.ys[i], grid.ys[i + 1]
        for j in range(ncols - 1):
            if not _has_v(grid, grid.xs[j + 1], top, bottom):
                union((i, j), (i, j + 1))
    for i in range(1, nrows):
        for j in range(ncols):
            if not _has_h(grid, grid.ys[i], grid.xs[j], grid.xs[j + 1]):
                union((i - 1, j), (i, j))
    texts: dict[tuple[int, int], list[Char]] = {}
    for (i, j), chars in grid.cells.items():
        texts.setdefault(find((i, j)), []).extend(chars)
    out = [["" for _ in range(ncols)] for _ in range(nrows)]
    for anchor, chars in texts.items():
        out[anchor[0]][anchor[1]] = _cell_text(chars)
    return out


def _lines_of(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines (top to bottom, left to right)."""
    lines: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: (c.cy, c.x0)):
        if lines:
            last = lines[-1]
            height = max(c.bottom - c.top for c in last) or 1.0
            if abs(ch.cy - sum(c.cy for c in last) / len(last)) <= height * 0.5:
                last.append(ch)
                continue
        lines.append([ch])
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _line_text(line: list[Char]) -> str:
    out, prev = [], None
    for ch in line:
        if prev is not None:
            gap = ch.x0 - prev.x1
            size = max(prev.bottom - prev.top, 1.0)
            if gap > size * 0.6:
                out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out).strip()


def _cell_text(chars: list[Char]) -> str:
    return "".join(_line_text(line) for line in _lines_of(chars)).replace("\t", " ").strip()


def _paragraphs(lines: list[list[Char]], right: float) -> list[str]:
    """Join wrapped lines into paragraphs; a line that ends short of the margin ends one."""
    out: list[str] = []
    current = ""
    for line in lines:
        text = _line_text(line)
        if not text:
            continue
        if current and current.endswith(("。", "：", ":", "；")) and _MARKER.match(text):
            out.append(current)   # a list item or heading starts after a full line
            current = ""
        current += text
        if line[-1].x1 < right - WRAP_SLACK:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _page(page, raw) -> tuple[list[tuple[float, str, object]], int]:
    """Text blocks and tables of one page in reading order, and its character count."""
    width, height = page.get_size()
    hsegs, vsegs = [], []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        y_top, y_bottom = height - top, height - bottom
        if h <= THIN and w > 3 * THIN:
            hsegs.append(((y_top + y_bottom) / 2, left, right))
        elif w <= THIN and h > 3 * THIN:
            vsegs.append(((left + right) / 2, y_top, y_bottom))
        elif w > 3 * THIN and h > 3 * THIN:
            # a rectangle drawn as one path: its four sides are ruling lines
            hsegs += [(y_top, left, right), (y_bottom, left, right)]
            vsegs += [(left, y_top, y_bottom), (right, y_top, y_bottom)]
    grids = _grids(hsegs, vsegs)
    textpage = page.get_textpage()
    chars: list[Char] = []
    count = textpage.count_chars()
    for i in range(count):
        text = textpage.get_text_range(i, 1)
        if not text or text.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append(Char(text, left, right, height - top, height - bottom))
    textpage.close()
    free: list[Char] = []
    for ch in chars:
        grid = next((g for g in grids if g.contains(ch)), None)
        if grid is None:
            free.append(ch)
            continue
        i = max(0, min(len(grid.ys) - 2, next((k for k in range(len(grid.ys) - 1) if ch.cy < grid.ys[k + 1]),
                                              len(grid.ys) - 2)))
        j = max(0, min(len(grid.xs) - 2, next((k for k in range(len(grid.xs) - 1) if ch.cx < grid.xs[k + 1]),
                                              len(grid.xs) - 2)))
        grid.cells.setdefault((i, j), []).append(ch)
    items: list[tuple[float, str, object]] = []
    lines = _lines_of(free)
    block: list[list[Char]] = []
    for line in lines:
        if block:
            prev = block[-1]
            line_height = max(c.bottom - c.top for c in prev)
            gap = min(c.top for c in line) - max(c.bottom for c in prev)
            crosses = any(max(c.bottom for c in prev) <= g.ys[0] <= min(c.top for c in line) for g in grids)
            if gap > 1.2 * line_height + 2 or crosses:
                items.append((min(c.top for c in block[0]), "text", block))
                block = []
        block.append(line)
    if block:
        items.append((min(c.top for c in block[0]), "text", block))
    for grid in grids:
        rows = [r for r in _rows(grid) if any(r)]
        if rows:
            items.append((grid.ys[0], "table", rows))
    items.sort(key=lambda item: item[0])
    return items, len(chars)


def _row_key(row: list[str]) -> str:
    return "|".join(re.sub(r"\s", "", c) for c in row)


_MARKER = re.compile(r"^\s*(?:附件|附表|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+部分)")
_FIGURE_CELL = re.compile(r"\d[\d,]*\.\d|\d{1,3},\d{3}")


def pdf_to_text(path: str | Path, data: bytes | None = None) -> bytes:
    """The text form of a PDF disclosure, UTF-8 encoded."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    path = Path(path)
    try:
        pdf = pdfium.PdfDocument(data if data is not None else str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise InputError(path, "the PDF is encrypted (password protected); provide an unlocked copy") from None
        raise InputError(path, f"is not a readable PDF ({message.strip() or 'PDFium error'})") from None
    out: list[str] = []
    chars = 0
    previous_table: list[list[str]] | None = None
    header_keys: set[str] = set()
    pages = []
    try:
        if len(pdf) == 0:
            raise InputError(path, "the PDF has no pages")
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                items, count = _page(page, raw)
            except pdfium.PdfiumError as exc:
                raise InputError(path, f"page {number + 1} cannot be read ({exc})") from None
            finally:
                page.close()
            chars += count
            pages.append(items)
    finally:
        pdf.close()
    # the text block's right margin, from the whole document: a line ending short of it ends a paragraph
    ends = sorted(line[-1].x1 for items in pages for _, kind, block in items if kind == "text" for line in block)
    right = ends[int(len(ends) * 0.9)] if ends else 0.0
    for number, items in enumerate(pages):
        page_lines: list[str] = []
        for index, (_, kind, payload) in enumerate(items):
            if kind == "text":
                for paragraph in _paragraphs(payload, right):
                    page_lines += [paragraph, ""]
                previous_table = None
                continue
            rows = payload
            width = len(previous_table[0]) if previous_table else 0
            if index == 0 and previous_table is not None and len(rows[0]) <= width:
                # the table goes on from the previous page: drop its repeated header rows and
                # keep a narrower row's figures under their columns (right-aligned)
                rows = [r for r in rows if _row_key(r) not in header_keys]
                rows = [[r[0]] + [""] * (width - len(r)) + r[1:] if len(r) < width else r for r in rows]
                if page_lines and page_lines[-1] == "":
                    page_lines.pop()
            else:
                header_keys = {_row_key(r) for r in rows[:4] if not any(_FIGURE_CELL.search(c) for c in r)}
            page_lines += ["\t".join(r) for r in rows] + [""]
            previous_table = rows or previous_table
        if number > 0:
            page_lines.insert(0, "\f")
        out += page_lines
    if chars == 0:
        raise InputError(path, "the PDF holds no text (a scanned image?); it needs OCR, which this suite does not do")
    text = "\n".join(out)
    text = re.sub(r"\n\f\n", "\n\f", text)
    return text.encode("utf-8")
