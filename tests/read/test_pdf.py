"""PDF disclosures: the two real Shanghai PDFs, a generated consistent PDF, and bad PDFs."""
import io
import re
from decimal import Decimal

import pytest

from audithelpers.ingest import ingest
from audithelpers.cli import main
from audithelpers.errors import InputError
from audithelpers.generate.text import generate
from audithelpers.generate.pdf import render_pdf
from audithelpers.read.text import read_source
from audithelpers.reconcile import reconcile

from helpers import ROOT, hostile_pdf

OFFICE = ROOT / "data" / "shanghai-putuo-gov-office-2025-budget.pdf"
WANLI = ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf"
SHANGHAI_KINDS = ["summary", "revenue", "expenditure", "fiscal_summary", "general_budget", "fund_budget",
                  "state_capital", "basic_expenditure", "three_public"]


@pytest.fixture(scope="module")
def office():
    return ingest(OFFICE)


@pytest.fixture(scope="module")
def wanli():
    return ingest(WANLI)


def test_every_table_kind_found(office, wanli):
    assert office.kinds == SHANGHAI_KINDS and wanli.kinds == SHANGHAI_KINDS
    assert (office.department, office.year) == ("上海市普陀区人民政府办公室", 2025)
    assert (wanli.department, wanli.year) == ("上海市普陀区人民政府万里街道办事处", 2024)
    for d in (office, wanli):
        units = {t.kind: t.unit for t in d.tables}
        assert units.pop("three_public") == "万元" and set(units.values()) == {"元"}


def test_totals_read_right(office, wanli):
    assert office.table("expenditure").total("合计") == Decimal("91016775.35")
    assert office.table("expenditure").total("基本支出") == Decimal("24606775.35")
    assert office.table("basic_expenditure").total("人员经费") == Decimal("22473997.81")
    assert office.table("three_public").total("合计") == Decimal("867.50")
    # wanli's revenue total sits alone on the next page, in a narrower table: aligned to its columns
    assert wanli.table("revenue").total("合计") == Decimal("156211123")
    assert wanli.table("expenditure").total("项目支出") == Decimal("56505103")
    assert wanli.table("three_public").total("机关运行经费") == Decimal("443.18")


def test_tables_continued_across_pages_are_joined_without_repeated_headers(office):
    table = office.table("general_budget")
    codes = [r["code"] for r in table.records if r["code"]]
    assert codes[0] == "201" and codes[-1] == "2210203" and len(codes) == len(set(codes)) == 20
    pages = {office.source.pages[r["line"] - 1] for r in table.records}
    assert pages == {14, 15}
    assert sum(1 for r in table.records if r["level"] == "合计") == 1


def test_codes_split_over_columns_and_thousand_separators(wanli):
    basic = wanli.table("basic_expenditure")
    row = next(r for r in basic.records if r["部门经济分类名称"] == "津贴补贴")
    assert row["部门经济分类编码"] == "30102" and row["合计"] == Decimal("16623810")


def _figures(text: str) -> list[str]:
    return re.findall(r"\d[\d,]*\.\d+|\d{1,3}(?:,\d{3})+", text)


@pytest.mark.parametrize("path", [OFFICE, WANLI,
                                  ROOT / "data" / "corpus" / "jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf"])
def test_every_figure_of_an_independent_reader_is_kept_on_its_page(path):
    """PDFium's own text layer (an independent reader) against ours: the same figures, page by page."""
    import pypdfium2 as pdfium

    source = read_source(path)
    ours: dict[int, list[str]] = {}
    for line, page in zip(source.norm, source.pages, strict=True):
        ours.setdefault(page, []).extend(_figures(line))
    pdf = pdfium.PdfDocument(str(path))
    before: list[str] = []   # a sentence broken by a page is one paragraph, cited on its first page
    try:
        for number in range(len(pdf)):
            textpage = pdf[number].get_textpage()
            theirs = _figures(textpage.get_text_bounded())
            textpage.close()
            mine = list(ours.get(number + 1, []))
            missing = [f for f in theirs if f not in mine or mine.remove(f)]
            missing = [f for f in missing if f not in before or before.remove(f)]
            assert not missing, f"page {number + 1}: figures lost {missing[:5]}"
            before = mine
    finally:
        pdf.close()
    assert sum(len(v) for v in ours.values()) > 100


def test_narrative_items_become_facts(wanli):
    facts = wanli.facts
    items = facts[(facts["subject"] == "功能科目") & (facts["kind"] == "amount")]
    assert len(items) >= 31
    law = facts[facts["item"] == "公共安全支出/司法/公共法律服务"]
    assert set(law["kind"]) == {"amount", "prior", "change"}
    change = law[law["kind"] == "change"].iloc[0]
    assert (change["direction"], change["change_pct"], change["reason"]) == (
        "增加", Decimal("100.00"), "公共法律服务经费增加")


# Findings on the real PDFs, each verified by reading the document.
WANLI_FINDINGS = {
    ("narrative.item_amount", "error"):
        "item 31 says 住房公积金 350.35万元, then '2024年预算安排352.67万元'; the table has 3,503,499元 and "
        "the stated +0.53% only fits 350.35",
    ("completeness.note_contradicts_table", "warning"):
        "the 三公 table prints 47.91/1.35/46.56/25/21.56/443.18 under a note saying the table is empty "
        "(a template note left in: a wording problem, the figures themselves agree)",
    ("narrative.reason", "warning"):
        "item 4 (宣传事务): 114.00 -> 110.60, '减少2.98%', but the reason says '经费增加'",
    ("format.code_digits", "warning"): "基本支出表 prints 款 '2' and '7' for 30102 津贴补贴 and 30107 绩效工资",
    ("format.precision", "warning"): "the 三公 table prints 公务用车购置费 as '25' among two-decimal figures",
    ("narrative.reason_restated", "warning"):
        "23 item reasons only repeat the change ('群众团体事务一般行政管理事务经费减少'): a reviewer's empty-reason",
    ("format.halfwidth", "info"):
        "half-width colons and brackets in Chinese text: 注:本部门…, 单位:万元, 维修(护)费, 因公出国(境)费",
    ("narrative.zero_base", "warning"):
        "其他教育支出 went from 0.00 (2023 执行数) to 25.00 and the text says '增加100.00%': no rate from a zero base",
}


def test_wanli_findings_are_the_verified_ones(wanli):
    got = reconcile(wanli, region="shanghai")
    assert {(f.rule, f.severity) for f in got} == set(WANLI_FINDINGS)
    digits = [f for f in got if f.rule == "format.code_digits"]
    assert [f.actual for f in digits] == ["2", "7"]
    assert all(f.pages for f in got)                         # findings on PDFs name their pages
    reason = next(f for f in got if f.rule == "narrative.reason")
    assert reason.pages == (6,)


def test_office_is_consistent(office):
    """Consistent figures; only the copy-editing note on its half-width 注:, 单位: and 因公出国(境)费."""
    got = reconcile(office, region="shanghai")
    assert [(f.rule, f.severity) for f in got] == [("format.halfwidth", "info")]
    assert "因公出国(境)费" in got[0].message and len(got[0].lines) == 4


def test_extract_writes_source_text_with_pages(tmp_path, capsys):
    assert main(["extract", str(WANLI), "--out", str(tmp_path / "o")]) == 0
    text = (tmp_path / "o" / "source.txt").read_text(encoding="utf-8")
    assert text.count("\f") == 32
    assert sorted(p.name for p in (tmp_path / "o").iterdir())[-1] == "three_public.csv"
    assert main(["check", str(WANLI), "--format", "text"]) == 0
    assert "第 31 页" in capsys.readouterr().out


@pytest.mark.parametrize("seed, unit", [(2, "元"), (5, "万元"), (9, None)])
def test_generated_pdf_has_no_error(tmp_path, seed, unit):
    doc = generate(seed, unit)
    path = tmp_path / "gen.pdf"
    path.write_bytes(render_pdf(doc.text))
    d = ingest(path)
    assert d.source.pages[-1] >= 5
    assert len(d.kinds) == 10 and (d.department, d.year) == (doc.department, doc.year)
    findings = reconcile(d)
    assert [f for f in findings if f.severity in ("error", "warning")] == []


def _pdf(draw) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=draw.get("encrypt"))
    draw["fn"](c)
    c.showPage()
    c.save()
    return buffer.getvalue()


def _text_page(c):
    from audithelpers.generate.pdf import FONT, _register_font

    _register_font()
    c.setFont(FONT, 12)
    c.drawString(72, 720, "会议纪要：今天讨论了办公室搬迁事宜。")


def _image_page(c):
    from reportlab.lib.utils import ImageReader
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 2))
    fig.add_subplot(111).plot([0, 1], [0, 1])
    png = io.BytesIO()
    fig.savefig(png, format="png")
    png.seek(0)
    c.drawImage(ImageReader(png), 72, 400, 300, 300)


@pytest.mark.parametrize("data, problem", [
    (lambda: _pdf({"fn": _text_page, "encrypt": "secret"}), "encrypted"),
    (lambda: _pdf({"fn": _image_page}), "needs OCR"),
    (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "not a readable PDF"),
    (lambda: _pdf({"fn": _text_page})[:300], "not a readable PDF"),
    (lambda: _pdf({"fn": _text_page}), "no budget table"),
])
def test_bad_pdfs_one_line_exit_2(tmp_path, capsys, data, problem):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data())
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and problem in err and str(path) in err
    with pytest.raises(InputError):
        ingest(path)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_behind_a_pdf_header_are_refused_as_unreadable(tmp_path_factory, data):
    """Bytes that are no PDF behind a PDF header: refused at opening, naming the file and pdfminer's complaint."""
    path = tmp_path_factory.mktemp("fuzz") / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n" + data)
    with pytest.raises(InputError) as info:
        ingest(path)
    err = info.value
    assert str(err) == f"{path}: {err.problem}" and "\n" not in str(err)
    assert re.fullmatch(r"is not a readable PDF \(\w+: .+\)", err.problem), err.problem


_SMALL = []


def _small_pdf() -> bytes:
    """A valid PDF of the first tables and paragraphs of a generated document (made once)."""
    if not _SMALL:
        _SMALL.append(render_pdf("\n".join(generate(3, "万元").text.split("\n")[:60])))
    return _SMALL[0]


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_a_valid_pdf_with_corrupted_bytes_gives_a_clean_error_or_a_well_formed_disclosure(tmp_path_factory, data):
    """A few bytes of a valid PDF overwritten: the file often still opens, so this reaches the page code."""
    from helpers import check_well_formed

    pdf = bytearray(_small_pdf())
    streams = [(m.end(), m.end() + 200) for m in re.finditer(rb"stream\r?\n", pdf)]
    for _ in range(data.draw(st.integers(1, 8))):
        if data.draw(st.booleans()):      # inside a page or font stream: the file opens, a page breaks
            start, end = data.draw(st.sampled_from(streams))
            at = data.draw(st.integers(start, min(end, len(pdf) - 1)))
        else:
            at = data.draw(st.integers(0, len(pdf) - 1))
        pdf[at] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("fuzz") / "corrupt.pdf"
    path.write_bytes(bytes(pdf))
    try:
        d = ingest(path)
    except InputError as err:
        assert str(err) == f"{path}: {err.problem}" and "\n" not in str(err)
        return
    check_well_formed(d)


def test_a_long_pdf_read_by_two_processes_gives_the_same_text(monkeypatch):
    from audithelpers.read.pdf import PARALLEL_PAGES, pdf_to_text

    path = ROOT / "data" / "corpus" / "guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf"
    monkeypatch.setenv("BUDGET_AUDIT_PDF_WORKERS", "2")
    parallel = pdf_to_text(path)
    monkeypatch.setenv("BUDGET_AUDIT_PDF_WORKERS", "1")
    serial = pdf_to_text(path)
    assert parallel == serial and parallel.count(b"\f") + 1 >= PARALLEL_PAGES


def test_batches_of_pages_read_by_two_processes_come_back_in_order(monkeypatch):
    """Batches that do not divide the pages evenly: every page once, in order, as one process reads them."""
    from audithelpers.read import pdf as reader

    path = ROOT / "data" / "corpus" / "shanghai-welfare-lottery-issuance-center-2026-unit-budget.pdf"
    monkeypatch.setenv("BUDGET_AUDIT_PDF_WORKERS", "1")
    serial = reader.pdf_to_text(path)
    monkeypatch.setenv("BUDGET_AUDIT_PDF_WORKERS", "2")
    monkeypatch.setattr(reader, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(reader, "BATCH_PAGES", 5)
    assert serial.count(b"\f") + 1 == 16
    assert reader.pdf_to_text(path) == serial


@pytest.mark.parametrize("name", ["shanghai-welfare-lottery-issuance-center-2026-unit-budget.pdf",
                                  "zhejiang-hangzhou-meteorological-bureau-2026-dept-budget.pdf"])
def test_the_fast_path_and_the_libraries_alone_give_the_same_text(monkeypatch, name):
    from audithelpers.read import _content, pdf as reader

    path = ROOT / "data" / "corpus" / name
    monkeypatch.setenv("BUDGET_AUDIT_PDF_WORKERS", "1")
    calls = []
    real = _content.layout
    monkeypatch.setattr(_content, "layout", lambda page: calls.append(1) or real(page))
    fast = reader.pdf_to_text(path)
    assert calls   # the fast path ran
    monkeypatch.setenv("BUDGET_AUDIT_PDF_FAST", "0")
    calls.clear()
    assert reader.pdf_to_text(path) == fast and not calls


def test_a_pdf_whose_only_text_is_page_numbers_holds_no_text(tmp_path):
    """Found by the PDF fuzz: characters, but none that stay once page numbers are dropped."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "numbers.pdf"
    pdf = canvas.Canvas(str(path))
    for number in (1, 2):
        pdf.drawString(280, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    with pytest.raises(InputError, match="the PDF holds no text"):
        read_source(path)


def test_a_decompression_bomb_is_refused_at_its_page_without_inflating_it(tmp_path, capsys):
    """A page whose 120 KB stream inflates to 100 MB (the largest page of the corpus holds 110 KB) is one
    clear line naming the page, exit 2; the stream is inflated no further than the 64 MB limit."""
    from audithelpers.read import _content

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(hostile_pdf(bytes(100 << 20)))
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(InputError, match=r"page 1 .*64 MB"):
        read_source(bomb)
    assert main(["check", str(bomb)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert str(bomb) in line and "page 1" in line
    small = hostile_pdf(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 10)   # an ordinary stream: inflated whole
    raw = re.search(rb"stream\n(.*)\nendstream", small, re.S).group(1)
    stream = _content.PDFStream({"Filter": _content.LIT("FlateDecode")}, raw)
    assert _content.stream_data([stream]) == [b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 10]
