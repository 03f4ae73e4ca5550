"""PDF disclosures to the line-numbered text form the parser reads (pdfplumber).

Each page becomes: narrative paragraphs (wrapped lines joined, one paragraph a line),
tables as tab-separated rows with empty cells kept in their column, and a form feed
before every page after the first (so every line keeps its page number). A table that
continues on the next page is joined to its first part and its repeated header rows
are dropped. ``extract`` writes this text as ``source.txt``: findings cite its lines.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from .errors import InputError

#: A text line ending this close to the right margin (points) was wrapped, not ended.
WRAP_SLACK = 24.0


def _clean_cell(cell: str | None) -> str:
    if cell is None:
        return ""
    return re.sub(r"\s*\n\s*", "", str(cell)).replace("\t", " ").strip()


def _row_key(row: list[str]) -> str:
    return "|".join(re.sub(r"\s", "", c) for c in row)


def _paragraphs(lines: list[dict], right: float) -> list[str]:
    """Join wrapped lines into paragraphs; a line that ends short of the margin ends one."""
    out: list[str] = []
    current = ""
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        current += text
        if line["x1"] < right - WRAP_SLACK:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


def _page_items(page) -> list[tuple[float, str, object]]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

    text_page = page.filter(lambda obj: obj.get("object_type") != "char" or outside(obj))
    lines = text_page.extract_text_lines(layout=False, strip=True, return_chars=False)
    items: list[tuple[float, str, object]] = []
    right = max([l["x1"] for l in lines] + [0.0])
    block: list[dict] = []
    for line in lines:
        # lines far apart vertically or separated by a table belong to different blocks
        if block and line["top"] - block[-1]["bottom"] > 1.2 * (block[-1]["bottom"] - block[-1]["top"]) + 2:
            items.append((block[0]["top"], "text", _paragraphs(block, right)))
            block = []
        block.append(line)
    if block:
        items.append((block[0]["top"], "text", _paragraphs(block, right)))
    for table in tables:
        rows = [[_clean_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            items.append((table.bbox[1], "table", rows))
    # split text blocks around tables so that a table sits between the text above and below it
    items.sort(key=lambda item: item[0])
    return items


def pdf_to_text(path: str | Path, data: bytes | None = None) -> bytes:
    """The text form of a PDF disclosure, UTF-8 encoded."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    path = Path(path)
    source = io.BytesIO(data) if data is not None else str(path)
    try:
        pdf = pdfplumber.open(source)
    except PDFPasswordIncorrect:
        raise InputError(path, "the PDF is encrypted (password protected); provide an unlocked copy") from None
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises several types for broken files
        raise InputError(path, f"is not a readable PDF ({type(exc).__name__})") from None
    out: list[str] = []
    chars = 0
    previous_table: list[list[str]] | None = None
    header_keys: set[str] = set()
    try:
        with pdf:
            if not pdf.pages:
                raise InputError(path, "the PDF has no pages")
            for number, page in enumerate(pdf.pages, 1):
                try:
                    items = _page_items(page)
                except Exception as exc:  # a damaged page content stream
                    raise InputError(path, f"page {number} cannot be read ({type(exc).__name__})") from None
                chars += len(page.chars)
                page_lines: list[str] = []
                for index, (_, kind, payload) in enumerate(items):
                    if kind == "text":
                        for paragraph in payload:
                            page_lines += [paragraph, ""]
                        previous_table = None
                        continue
                    rows = payload
                    width = len(previous_table[0]) if previous_table else 0
                    continuation = index == 0 and previous_table is not None and len(rows[0]) <= width
                    if continuation:
                        rows = [r for r in rows if _row_key(r) not in header_keys]
                        # a narrower continuation (a total row whose label spans the code columns):
                        # keep the label first and the figures under their columns, right-aligned
                        rows = [[r[0]] + [""] * (width - len(r)) + r[1:] if len(r) < width else r for r in rows]
                        if page_lines and page_lines[-1] == "":
                            page_lines.pop()
                    else:
                        header_keys = {_row_key(r) for r in rows[:4] if not any(re.search(r"\d[\d,]*\.\d|\d{1,3},\d{3}", c) for c in r)}
                    page_lines += ["\t".join(r) for r in rows] + [""]
                    previous_table = rows if rows else previous_table
                if number > 1:
                    page_lines[0:0] = ["\f"] if page_lines else ["\f"]
                out += page_lines
    except InputError:
        raise
    except Exception as exc:
        raise InputError(path, f"is not a readable PDF ({type(exc).__name__})") from None
    if chars == 0:
        raise InputError(path, "the PDF holds no text (a scanned image?); it needs OCR, which this suite does not do")
    text = "\n".join(out)
    text = re.sub(r"\n\f\n", "\n\f", text)
    return text.encode("utf-8")
