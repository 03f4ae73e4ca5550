"""Valid PDFs with random content, so that the fuzz gets past opening the file into the page,
line and table code: budget-shaped documents rendered with ruled tables (random titles, cells
and figures), and pages of text and rules drawn at random places. Whatever they hold, reading
them gives a well-formed disclosure or an InputError refusing the content (never "page N cannot
be read", which is how the reader reports its own exceptions). A generated consistent document
keeps every one of its figures, row by row, through its PDF."""
from __future__ import annotations

import io
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings, strategies as st

from audithelpers.errors import InputError
from audithelpers.generate.pdf import FONT, _register_font, render_pdf
from audithelpers.generate.text import generate
from audithelpers.ingest import ingest
from audithelpers.read.text import read_source

from fuzzdocs import NAMES, amount, budget_document, cell
from helpers import check_well_formed

FIGURE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d+(?![\d.])|(?<![\d.,])\d+\.\d+(?![\d.])")
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


#: What a valid PDF may be refused for: its content. (The reader turns any exception of the page
#: code into "page N cannot be read", so on a PDF known to be valid that is a bug, not a clean error.)
CONTENT_REFUSALS = ("no budget table and no budget figures were recognised", "the PDF holds no text")


def _ingest_or_clean_error(path):
    try:
        d = ingest(path)
    except InputError as err:
        assert err.path == str(path) and str(err) == f"{path}: {err.problem}"
        assert err.problem.strip() and "\n" not in err.problem
        assert err.problem.startswith(CONTENT_REFUSALS), err.problem
        return None
    assert d.source.origin == "pdf" and d.source.pages[-1] >= 1
    check_well_formed(d)
    return d


def _cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in line.replace("\f", "").split("\t"))


@FUZZ
@given(budget_document())
def test_rendered_budget_shaped_pdfs_give_a_clean_error_or_a_well_formed_disclosure(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pdf") / "doc.pdf"
    path.write_bytes(render_pdf(text))
    d = _ingest_or_clean_error(path)
    ruled = any(sum(1 for c in line.split("\t") if c.strip()) >= 2 for line in text.split("\n"))
    if d is not None and ruled:
        # the page and table code ran: the PDF's ruled tables came back as rows of cells
        assert any("\t" in line for line in d.source.norm)


@st.composite
def drawn_pages(draw) -> bytes:
    """1-3 pages of strings (Chinese, figures, table-like runs) and ruling lines at random places,
    and maybe a ruled grid of random cells under a table title."""
    from reportlab.pdfgen import canvas

    _register_font()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, invariant=1)
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            rows, cols = draw(st.integers(1, 12)), draw(st.integers(2, 7))
            x0, top = draw(st.integers(20, 120)), draw(st.integers(300, 760))
            width, height = draw(st.integers(50, 90)), draw(st.integers(12, 24))
            c.setFont(FONT, 12)
            c.drawString(x0, top + 20, draw(st.sampled_from(["2023年部门收支预算总表", "部门支出预算表",
                                                             "一般公共预算基本支出表", "情况统计表"])))
            c.setFont(FONT, 7)
            for r in range(rows + 1):
                c.line(x0, top - r * height, x0 + cols * width, top - r * height)
            for k in range(cols + 1):
                c.line(x0 + k * width, top, x0 + k * width, top - rows * height)
            for r in range(rows):
                for k in range(cols):
                    c.drawString(x0 + k * width + 2, top - (r + 1) * height + 4, draw(cell()))
        for _ in range(draw(st.integers(0, 25))):
            c.setFont(FONT, draw(st.sampled_from([6, 9, 12, 18])))
            text = draw(st.one_of(cell(), amount(), st.sampled_from(NAMES),
                                  st.text(alphabet="部门预算收支总表合计单位：万元一、（）0123456789. ", min_size=1,
                                          max_size=30)))
            c.drawString(draw(st.integers(0, 560)), draw(st.integers(0, 820)), text)
        for _ in range(draw(st.integers(0, 12))):
            x, y = draw(st.integers(20, 560)), draw(st.integers(20, 820))
            if draw(st.booleans()):
                c.line(20, y, 20 + draw(st.integers(1, 540)), y)
            else:
                c.line(x, 20, x, 20 + draw(st.integers(1, 800)))
        c.showPage()
    c.save()
    return buffer.getvalue()


@FUZZ
@given(drawn_pages())
def test_pdfs_drawn_at_random_give_a_clean_error_or_a_well_formed_disclosure(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("pdf") / "drawn.pdf"
    path.write_bytes(data)
    _ingest_or_clean_error(path)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 10_000), st.sampled_from(["万元", "元"]))
def test_a_generated_pdf_keeps_every_figure_row_by_row(tmp_path_factory, seed, unit):
    doc = generate(seed, unit)
    path = tmp_path_factory.mktemp("gen") / "gen.pdf"
    path.write_bytes(render_pdf(doc.text))
    source = read_source(path)
    text = "\n".join(source.lines)
    # every figure of the document, as often as the document prints it
    assert Counter(FIGURE.findall(text)) == Counter(FIGURE.findall(doc.text))
    # every table row holding a figure comes back as one row with the same cells
    rows = {_cells(line) for line in source.lines if "\t" in line}
    for line in doc.text.split("\n"):
        if "\t" in line and FIGURE.search(line):
            assert _cells(line) in rows, line
    for name, value in doc.figures.items():
        if name != "prior":                           # the prior year's total is not printed, only its change
            assert format(value, "f") in text, name
