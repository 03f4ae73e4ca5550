"""PDF disclosures to the line-numbered text form the parser reads (pdfplumber).

Each page becomes: narrative paragraphs (wrapped lines joined, one paragraph a line),
tables as tab-separated rows with every cell kept in its column (a merged cell's text in
its top-left cell, the cells it covers empty), and a form feed before every page after
the first so that every line keeps its page number. A table that continues on the next
page is joined to its first part and its repeated header rows are dropped.
``extract`` writes the text as ``source.txt``: findings cite its lines and pages.

pdfplumber (pdfminer.six underneath) was chosen by measured accuracy on the corpus of
real disclosures (``bench/pdf_libraries.md``): it finds tables ruled by lines, by
rectangles and by curves, and it groups characters that a producer positions one by
one (iText) into words. Tables laid out without rules are read from the gaps between
words: a line with two or more figures becomes a row, its cells split at wide gaps.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

#: A text line ending this close to the right margin (points) was wrapped, not ended.
WRAP_SLACK = 24.0
#: A gap between words wider than this many character heights separates two cells.
CELL_GAP = 1.6
#: Pages at most this many: a longer PDF is refused before it is read.
MAX_PAGES = 2000

_FIGURE = re.compile(r"^[(（]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[)）]?%?$")
_FIGURE_CELL = re.compile(r"\d[\d,]*\.\d|\d{1,3},\d{3}")
_MARKER = re.compile(r"^\s*(?:附件|附表|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+、"
                     r"|[（(][一二三四五六七八九十\d]+[)）]"
                     r"|第[一二三四五六七八九十]+部分)")
_LEADERS = re.compile(r"(?:[.…·・\-—_]\s*){4,}\s*\d*\s*$")
_META = re.compile(r"^\s*(?:部门名称|单位名称|编制单位|编制部门|预算单位|部门|单位)\s*[:：]")
_META_INSIDE = re.compile(r"(?<=表)\s*(?=(?:编制单位|编制部门|部门名称|单位名称|预算单位)\s*[:：])")
_PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$|^\s*第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?\s*$")


@dataclass
class Line:
    """A visual line of text outside tables."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    cells: list[str]     # the line split at wide gaps (one cell for ordinary text)


@dataclass
class Item:
    top: float
    kind: str                      # "text" | "table"
    lines: list[Line] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _cell(text: str | None) -> str:
    """A cell's text: wrapped lines joined (no space between CJK pieces), tabs removed."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for part in parts:
        if out and (out[-1].isascii() and out[-1].isalpha()) and (part[0].isascii() and part[0].isalpha()):
            out += " "   # words of a wrapped phrase; wrapped figures and codes join up
        out += part
    return out.replace("\t", " ")


def _words_to_cells(words: list[dict[str, Any]]) -> list[str]:
    """Split a line's words into cells at gaps wider than CELL_GAP character heights."""
    cells: list[str] = []
    prev = None
    for word in words:
        height = max(word["bottom"] - word["top"], 1.0)
        if prev is not None and word["x0"] - prev["x1"] <= CELL_GAP * height:
            gap = word["x0"] - prev["x1"]
            cells[-1] += (" " if gap > 0.25 * height else "") + word["text"]
        else:
            cells.append(word["text"])
        prev = word
    return cells


def _text_lines(page: Any) -> list[Line]:
    """Visual lines of the words outside tables, top to bottom."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5, y_tolerance=3)
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows:
            last = rows[-1]
            height = max(last[0]["bottom"] - last[0]["top"], 1.0)
            mid = (word["top"] + word["bottom"]) / 2
            ref = (last[0]["top"] + last[0]["bottom"]) / 2
            if abs(mid - ref) <= height * 0.5:
                last.append(word)
                continue
        rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        cells = _words_to_cells(row)
        lines.append(Line(text=" ".join(cells) if len(cells) > 1 else cells[0], x0=row[0]["x0"], x1=row[-1]["x1"],
                          top=min(w["top"] for w in row), bottom=max(w["bottom"] for w in row), cells=cells))
    return lines


def _is_row_line(line: Line) -> bool:
    """A line of an unruled table: two or more cells, at least one of them a figure."""
    return len(line.cells) >= 2 and sum(1 for c in line.cells if _FIGURE.match(c.replace(" ", ""))) >= 1 \
        and not line.text.rstrip().endswith(("。", "；"))


def _table_rows(extracted: list[list[str | None]]) -> tuple[list[str], list[list[str]]]:
    """Rows of a ruled table; leading rows of one cell merged across the table (title, unit) come back as text."""
    raw = [r for r in extracted if any(c and c.strip() for c in r)]
    lead: list[str] = []
    while len(raw) > 1 and _is_banner(raw[0]):
        lead.append("  ".join(_cell(c) for c in raw[0] if c and c.strip()))
        raw.pop(0)
    return lead, [[_cell(c) for c in row] for row in raw]


def _is_banner(row: list[str | None]) -> bool:
    """A row drawn as one merged cell (a title), or a department-and-unit line, inside a table's frame."""
    filled = [c for c in row if c and c.strip()]
    if any(_FIGURE_CELL.search(c) for c in filled):
        return False
    others = [c for c in row if not (c and c.strip())]
    merged = len(filled) == 1 and sum(1 for c in others if c is None) * 2 >= len(others)
    meta = len(filled) <= 2 and re.search(r"单位\s*[:：]", "".join(filled)) is not None
    return bool(merged or meta)


def _is_real_table(rows: list[list[str | None]]) -> bool:
    """A ruled box around a paragraph or a single column of text is no table."""
    width = max((len(r) for r in rows), default=0)
    filled = [r for r in rows if sum(1 for c in r if c and c.strip()) >= 2]
    return width >= 2 and len(filled) >= 1


def _page_items(page: Any) -> tuple[list[Item], int]:
    """Text lines and tables of one page in reading order, and its character count."""
    if _fast():
        from ._content import layout
        from ._plumber import extract, objects

        layout(page)    # pdfplumber's page.layout and page.objects, computed faster
        objects(page)
    else:
        def extract(table: Any) -> list[list[str | None]]:
            return table.extract()
    tables = [(t, rows) for t in page.find_tables() for rows in [extract(t)] if _is_real_table(rows)]
    boxes = [t.bbox for t, _ in tables]

    def outside(obj: dict[str, Any]) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

    free = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    items: list[Item] = []
    for table, extracted in tables:
        lead, rows = _table_rows(extracted)
        top = table.bbox[1]
        for n, text in enumerate(lead):
            items.append(Item(top=top - 1 + n * 0.001, kind="text",
                              lines=[Line(text, table.bbox[0], table.bbox[0], top, top, [text])]))
        if rows:
            items.append(Item(top=top, kind="table", rows=rows))
    for line in _text_lines(free):
        items.append(Item(top=line.top, kind="text", lines=[line]))
    items.sort(key=lambda item: item.top)
    return _group(items), len(page.chars)


def _group(items: list[Item]) -> list[Item]:
    """Consecutive text lines become one text item; runs of row-like lines become an unruled table."""
    out: list[Item] = []
    for item in items:
        if item.kind == "table":
            out.append(item)
            continue
        line = item.lines[0]
        if _PAGE_NUMBER.match(line.text):
            continue
        if _is_row_line(line):
            if out and out[-1].kind == "rows":
                out[-1].rows.append(line.cells)
            else:
                out.append(Item(top=line.top, kind="rows", rows=[line.cells]))
            continue
        if out and out[-1].kind == "text":
            out[-1].lines.append(line)
        else:
            out.append(Item(top=line.top, kind="text", lines=[line]))
    # a single row-like line among text is text (a sentence with a figure and a gap)
    for item in out:
        if item.kind == "rows":
            if len(item.rows) >= 2:
                item.kind = "table"
            else:
                item.kind = "text"
                item.lines = [Line(" ".join(item.rows[0]), 0, 0, item.top, item.top, item.rows[0])]
    merged: list[Item] = []
    for item in out:
        if merged and item.kind == "text" and merged[-1].kind == "text":
            merged[-1].lines += item.lines
        else:
            merged.append(item)
    return merged


def _paragraphs(lines: list[Line], right: float, state: dict[str, Any] | None = None) -> list[str]:
    """Join wrapped lines into paragraphs; a line that ends short of the margin ends one.

    ``state["open"]`` is set when the last paragraph runs on to the margin without a full stop
    (it goes on at the top of the next page).
    """
    out: list[str] = []
    current = ""
    for n, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        if current and (current.endswith(("。", "：", ":", "；")) or _LEADERS.search(current)) and _MARKER.match(text):
            out.append(current)   # a list item or heading starts after a full line
            current = ""
        if current and current.endswith(("。", "；")) and len(text) <= 40 and text.endswith("表"):
            out.append(current)   # a table title after a note
            current = ""
        if current and n and line.top - lines[n - 1].bottom > 1.2 * (line.bottom - line.top) + 2:
            out.append(current)   # a blank gap ends a paragraph
            current = ""
        if current and current[-1].isascii() and current[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            current += " "
        current += text
        following = lines[n + 1].text.strip() if n + 1 < len(lines) else ""
        if line.x1 < right - WRAP_SLACK or line.x0 == line.x1 or _LEADERS.search(text) or _META.match(following):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    if state is not None:
        state["open"] = bool(current) and not current.endswith(("。", "；", "：", ":", "！", "？"))
    return out


def _row_key(row: list[str]) -> str:
    return "|".join(re.sub(r"\s", "", c) for c in row)


def _open(path: Path, data: bytes | None) -> Any:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data) if data is not None else str(path))
        count = len(pdf.pages)
    except PDFPasswordIncorrect:
        raise InputError(path, "the PDF is encrypted (password protected); provide an unlocked copy") from None
    except (PDFSyntaxError, Exception) as exc:   # pdfminer raises many types on broken files
        while exc.args and isinstance(exc.args[0], Exception):
            exc = exc.args[0]   # pdfplumber wraps pdfminer's error
        if isinstance(exc, PDFPasswordIncorrect):
            raise InputError(path, "the PDF is encrypted (password protected); provide an unlocked copy") from None
        name = type(exc).__name__
        if "password" in str(exc).lower() or "Encrypt" in name:
            raise InputError(path, "the PDF is encrypted (password protected); provide an unlocked copy") from None
        raise InputError(path, f"is not a readable PDF ({name}: {str(exc).strip()[:80] or 'no detail'})") from None
    if count == 0:
        pdf.close()
        raise InputError(path, "the PDF has no pages")
    if count > MAX_PAGES:
        pdf.close()
        raise InputError(path, f"the PDF has {count} pages; more than {MAX_PAGES} is not a disclosure")
    return pdf


#: A PDF with at least this many pages is read by two processes (see read_pages).
PARALLEL_PAGES = 40
#: Pages a process reads at a time: a small batch, so that the two finish at about the same time.
BATCH_PAGES = 4


def _read_range(path: Path, data: bytes | None, first: int, last: int) -> tuple[list[list[Item]], int]:
    """Items of pages ``first``..``last`` (0-based, end excluded) and their character count."""
    pdf = _open(path, data)
    try:
        return _read_pages(pdf, path, first, last)
    finally:
        pdf.close()


def _read_pages(pdf: Any, path: Path, first: int, last: int) -> tuple[list[list[Item]], int]:
    pages: list[list[Item]] = []
    chars = 0
    for number in range(first, min(last, len(pdf.pages))):
        page = pdf.pages[number]
        try:
            items, count = _page_items(page)
        except InputError:
            raise
        except Exception as exc:  # a broken page stream: say which page
            raise InputError(path, f"page {number + 1} cannot be read ({type(exc).__name__}: {exc})") from None
        finally:
            page.close()
        chars += count
        pages.append(items)
    return pages, chars


#: The PDF a worker process has open (it reads batch after batch of the same file).
_worker_pdf: tuple[Path, Any] | None = None


def _worker_start(path: Path, data: bytes | None) -> None:
    global _worker_pdf
    _worker_pdf = (path, _open(path, data))


def _worker_read(first: int, last: int) -> tuple[list[list[Item]], int]:
    assert _worker_pdf is not None
    path, pdf = _worker_pdf
    return _read_pages(pdf, path, first, last)


def _fast() -> bool:
    """The fast path (``_content``, ``_plumber``), unless BUDGET_AUDIT_PDF_FAST=0 asks for the
    libraries alone: the same text, slower; a way to rule the fast path out when in doubt."""
    import os

    return os.environ.get("BUDGET_AUDIT_PDF_FAST", "1") != "0"


def _workers() -> int:
    """Processes for one long PDF: BUDGET_AUDIT_PDF_WORKERS, else 2 where there are 2 cores."""
    import os

    setting = os.environ.get("BUDGET_AUDIT_PDF_WORKERS", "")
    return max(1, int(setting)) if setting.isdigit() else min(2, os.cpu_count() or 1)


def read_pages(path: Path, data: bytes | None = None) -> tuple[list[list[Item]], int]:
    """Every page's items, and the number of characters in the PDF.

    pdfminer, under pdfplumber, interprets page streams in Python: a long PDF is read by two
    processes, each opening the file once and taking the next batch of BATCH_PAGES pages
    whenever it has finished one (dense table pages take longer than text pages, so a fixed
    half each would leave one process waiting); the pages keep their order.
    """
    pdf = _open(path, data)
    count = len(pdf.pages)
    pdf.close()
    workers = _workers()
    if count < PARALLEL_PAGES or workers < 2:
        return _read_range(path, data, 0, count)
    import concurrent.futures
    import multiprocessing

    firsts = list(range(0, count, BATCH_PAGES))
    lasts = [first + BATCH_PAGES for first in firsts]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                                                initargs=(path, data)) as pool:
        parts = list(pool.map(_worker_read, firsts, lasts))
    return [items for part, _ in parts for items in part], sum(chars for _, chars in parts)


def _right_margin(items: list[Item], default: float) -> float:
    """The right edge of a page's text block (the document's when the page has little text)."""
    ends = sorted(line.x1 for item in items if item.kind == "text" for line in item.lines or [] if line.x1 > line.x0)
    if len(ends) < 8:
        return default
    return ends[int(len(ends) * 0.9)]


def _drop_running_lines(pages: list[list[Item]]) -> None:
    """Remove running headers and footers: a short line repeated at the top or foot of many pages."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s", "", line.text))

    edges: dict[str, int] = {}
    for items in pages:
        lines = [line for item in items if item.kind == "text" for line in item.lines or []]
        for line in {key(x): x for x in lines[:2] + lines[-2:]}.values():
            edges[key(line)] = edges.get(key(line), 0) + 1
    threshold = max(3, len(pages) // 4)
    running = {k for k, n in edges.items() if n >= threshold and len(k) <= 60
               and not re.search(r"单位[:：]|表$|^#$", k) and not _META.match(k)}
    for number, items in enumerate(pages):
        for item in items:
            if item.kind == "text" and item.lines:
                item.lines = [x for x in item.lines if key(x) not in running or number == 0]
        items[:] = [i for i in items if i.kind != "text" or i.lines]


def _continue_rows(rows: list[list[str]], previous: list[list[str]], header_keys: set[str]) -> list[list[str]]:
    """Rows of a table going on from the previous page: repeated headers dropped, columns aligned."""
    width = len(previous[0])
    rows = [r for r in rows if _row_key(r) not in header_keys]
    return [[r[0]] + [""] * (width - len(r)) + r[1:] if len(r) < width else r for r in rows]


def _page_text(items: list[Item], right: float, state: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for index, item in enumerate(items):
        if item.kind == "text":
            for paragraph in _paragraphs(item.lines or [], right, state):
                # a title printed on one line with its "编制单位：… 单位：元" line
                for piece in _META_INSIDE.split(paragraph):
                    if piece.strip():
                        lines += [piece.strip(), ""]
            state["previous"] = None
            continue
        state["open"] = False
        rows = item.rows or []
        previous = state.get("previous")
        if index == 0 and previous is not None and len(rows[0]) <= len(previous[0]):
            rows = _continue_rows(rows, previous, state["header_keys"])
            if not rows:
                continue
        else:
            state["header_keys"] = {_row_key(r) for r in rows[:4] if not any(_FIGURE_CELL.search(c) for c in r)}
        lines += ["\t".join(r) for r in rows] + [""]
        state["previous"] = rows or previous
    return lines


_NO_TEXT = "the PDF holds no text (a scanned image?); it needs OCR, which this suite does not do"


def pdf_to_text(path: str | Path, data: bytes | None = None) -> bytes:
    """The text form of a PDF disclosure, UTF-8 encoded."""
    path = Path(path)
    pages, chars = read_pages(path, data)
    if chars == 0:
        raise InputError(path, _NO_TEXT)
    _drop_running_lines(pages)
    ends = sorted(line.x1 for items in pages for item in items if item.kind == "text"
                  for line in item.lines or [] if line.x1 > line.x0)
    default = ends[int(len(ends) * 0.9)] if ends else 0.0
    out: list[str] = []
    state: dict[str, Any] = {"previous": None, "header_keys": set()}
    for number, items in enumerate(pages):
        runs_on = state.get("open") and bool(items) and items[0].kind == "text"
        page_lines = _page_text(items, _right_margin(items, default), state)
        if number > 0:
            if out and out[-1] == "":
                out.pop()
            if runs_on and out and page_lines and page_lines[0]:
                out[-1] += page_lines.pop(0)   # a sentence broken by the page: one paragraph, cited on its first page
            page_lines.insert(0, "\f")
        out += page_lines
    text = "\n".join(out)
    if not text.replace("\f", "").strip():   # characters, but only page numbers and running lines
        raise InputError(path, _NO_TEXT)
    text = re.sub(r"\n\f\n", "\n\f", text)
    return text.encode("utf-8")
