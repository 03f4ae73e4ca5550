"""Render a generated (or any seed-layout) text disclosure as a PDF with reportlab:
a CJK TrueType font from the pip-installed mplfonts package, paragraphs that wrap,
and tables drawn with real ruling lines that split across pages with repeated headers.
Used by the tests to prove the PDF path end to end on a document known to be consistent.
"""
from __future__ import annotations

import io
from pathlib import Path

FONT = "ReportCJK"


def _register_font() -> None:
    import mplfonts
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(Path(mplfonts.__file__).parent / "fonts" / "SimHei.ttf")))


def _blocks(text: str) -> list[tuple[str, str | list[list[str]]]]:
    """("text", line) and ("table", rows) blocks of a seed-layout text document."""
    blocks: list[tuple[str, str | list[list[str]]]] = []
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            blocks.append(("table", rows))
            rows = []
        if line.strip():
            blocks.append(("text", line.strip()))
    if rows:
        blocks.append(("table", rows))
    return blocks


def _header_rows(rows: list[list[str]]) -> int:
    """How many leading rows are headers (no figure in them), to repeat on every page."""
    import re

    count = 0
    for row in rows:
        if any(re.fullmatch(r"-?[\d,]+\.\d+", c.strip()) for c in row):
            break
        count += 1
    return min(count, max(0, len(rows) - 1))


def render_pdf(text: str) -> bytes:
    """A PDF of the document: landscape A4, paragraphs and ruled tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from xml.sax.saxutils import escape

    _register_font()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=6.5, leading=8, wordWrap="CJK")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title="generated disclosure",
                            invariant=1)
    flow: list[Flowable] = []
    for _, payload in _blocks(text):
        if isinstance(payload, str):   # a "text" block
            flow.append(Paragraph(escape(payload), body))
            flow.append(Spacer(1, 4))
            continue
        rows = payload
        width = max(len(r) for r in rows)
        data = [[Paragraph(escape(c), cell) for c in r + [""] * (width - len(r))] for r in rows]
        table = LongTable(data, colWidths=[(doc.width / width)] * width, repeatRows=_header_rows(rows))
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        flow.append(table)
        flow.append(Spacer(1, 6))
    doc.build(flow)
    return buffer.getvalue()
