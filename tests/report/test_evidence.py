"""The evidence as an image: a finding's page region rendered from the PDF, its figure outlined in red."""
import base64
import dataclasses
import re
from decimal import Decimal

import pdfplumber
import pytest
from PIL import Image

from audithelpers.generate.pdf import render_pdf
from audithelpers.generate.text import generate
from audithelpers.ingest import ingest
from audithelpers.reconcile import reconcile
from audithelpers.reconcile.finding import Finding
from audithelpers.report.narrate import evidence_lines
from audithelpers.report.render import with_evidence
from audithelpers.report.evidence import (RED, SCALE, _PageText, as_finding, evidence_images,
                                          load_evidence, locate_row, _occurrences)

from helpers import ROOT

WANLI = ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf"


def _bumped_pdf(tmp_path):
    """A generated PDF whose 行政运行 row has its 基本支出 cell raised by 1.00: a row total error."""
    lines = generate(5, "万元").text.split("\n")
    i = max(i for i, t in enumerate(lines) if "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    cells[6] = format(Decimal(cells[6]) + Decimal("1.00"), "f")
    lines[i] = "\t".join(cells)
    path = tmp_path / "bumped.pdf"
    path.write_bytes(render_pdf("\n".join(lines)))
    return path, cells[6]


@pytest.fixture(scope="module")
def bumped(tmp_path_factory):
    path, figure = _bumped_pdf(tmp_path_factory.mktemp("evidence"))
    d = ingest(path)
    finding = next(f for f in reconcile(d) if f.rule == "arithmetic.row_total")
    return path, d, finding, figure


def _red(image: Image.Image) -> set[tuple[int, int]]:
    rgb = image.convert("RGB")
    return {(x, y) for y in range(rgb.height) for x in range(rgb.width) if rgb.getpixel((x, y)) == RED}


def _outlined(image, band, page, text, near=6.0):
    """Each place ``text`` is printed on the page within the band: red on all four sides of it
    (within ``near`` points), none on the figure itself."""
    red = _red(image)
    found = [w for w in page.search(text, regex=False)
             if band.top <= w["top"] * SCALE and w["bottom"] * SCALE <= band.bottom]
    assert found, text
    for word in found:
        x0, x1 = word["x0"] * SCALE, word["x1"] * SCALE
        y0, y1 = (word["top"] * SCALE - band.top + band.y), (word["bottom"] * SCALE - band.top + band.y)
        pad = near * SCALE
        box = [(x, y) for x, y in red if x0 - pad <= x <= x1 + pad and y0 - pad <= y <= y1 + pad]
        beside = [x for x, y in box if y0 <= y <= y1]     # the rectangle's sides, level with the figure
        over = [y for x, y in box if x0 <= x <= x1]        # its top and bottom, over the figure
        assert any(y < y0 for y in over) and any(y > y1 for y in over), (text, "above/below")
        assert any(x < x0 for x in beside) and any(x > x1 for x in beside), (text, "left/right")
        assert not [p for p in box if x0 + 1 < p[0] < x1 - 1 and y0 + 1 < p[1] < y1 - 1], (text, "red on the figure")
    return found


def test_the_changed_figure_is_outlined_on_its_page(bumped, tmp_path):
    path, d, finding, figure = bumped
    evidence = evidence_images(path, d, [finding], tmp_path)
    assert list(evidence.images) == [finding.id] and evidence.not_located == []
    changed = next(n for n in finding.lines if figure in d.source.line(n).split("\t"))
    bands = evidence.bands[finding.id]
    assert [b.page for b in bands] == list(finding.pages)
    band = next(b for b in bands if b.page == d.source.pages[changed - 1])
    image = Image.open(evidence.images[finding.id])
    assert image.width == pytest.approx(842 * SCALE, abs=2) and band.bottom - band.top <= 320 * SCALE
    with pdfplumber.open(path) as pdf:
        assert len(_outlined(image, band, pdf.pages[band.page - 1], figure)) == 1


def test_the_same_inputs_give_the_same_bytes(bumped, tmp_path):
    path, d, finding, _ = bumped
    one = evidence_images(path, d, [finding], tmp_path / "one")
    two = evidence_images(path, d, [finding], tmp_path / "two")
    assert one.images[finding.id].read_bytes() == two.images[finding.id].read_bytes()
    assert one.images[finding.id].name == two.images[finding.id].name


def test_a_line_not_on_its_page_gives_no_image(bumped, tmp_path):
    """A cited line whose text the page does not hold: listed as not located, no file written."""
    path, d, finding, _ = bumped
    lines = list(d.source.lines)
    for n in finding.lines:
        lines[n - 1] = "\t".join("987654.32" if re.search(r"\d", c) else c for c in lines[n - 1].split("\t"))
    other = dataclasses.replace(d, source=dataclasses.replace(d.source, lines=tuple(lines)))
    evidence = evidence_images(path, other, [finding], tmp_path / "out")
    assert evidence.images == {} and evidence.not_located == [finding.id]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert "未能在 PDF 页面上定位" in "".join(evidence_lines(finding.to_dict(), evidence))


def test_max_images_bounds_the_findings_tried(bumped, tmp_path):
    path, d, finding, _ = bumped
    again = dataclasses.replace(finding, seq=2)
    evidence = evidence_images(path, d, [finding, again], tmp_path, max_images=1)
    assert list(evidence.images) == [finding.id] and evidence.over_limit == [again.id]


def test_the_narrative_links_the_png_and_the_report_holds_it(bumped, tmp_path):
    path, d, finding, _ = bumped
    evidence = evidence_images(path, d, [finding], tmp_path / "evidence")
    text = "\n".join(evidence_lines(finding.to_dict(), evidence))
    pages = "、".join(f"第{p}页" for p in finding.pages)
    assert f"原文截图（{pages}" in text and f"](evidence/{evidence.images[finding.id].name})" in text
    data = re.search(r"\]\(data:image/png;base64,([^)]+)\)", with_evidence(text, tmp_path)).group(1)
    assert base64.b64decode(data) == evidence.images[finding.id].read_bytes()   # inlined in the report
    assert evidence_lines(Finding("format.x", "info", "无页", lines=(1,)).to_dict(), evidence) == []


def test_findings_json_dicts_and_the_saved_record_give_the_same_snippet(bumped, tmp_path):
    """The suite's stages pass findings.json dicts and later notebooks read the record back."""
    path, d, finding, _ = bumped
    again = dataclasses.replace(finding, seq=2)
    assert as_finding(again.to_dict()) == again and as_finding(finding.to_dict()).id == finding.id
    evidence = evidence_images(path, d, [finding.to_dict()], tmp_path)
    assert list(evidence.images) == [finding.id]
    loaded = load_evidence(evidence.save(tmp_path / "evidence.json"))
    assert loaded == evidence
    assert evidence_lines(finding.to_dict(), loaded) == evidence_lines(finding.to_dict(), evidence) != []


def test_a_doubled_word_inside_a_table_cell_is_outlined_alone(tmp_path):
    """珠海市商务局 2026: 「人员人员」 in a wrapped cell of a project table: the word, not the row or the quote."""
    path = ROOT / "data" / "corpus" / "guangdong-zhuhai-commerce-bureau-2026-dept-budget.pdf"
    d = ingest(path)
    finding = next(f for f in reconcile(d) if f.rule == "format.doubled_word" and f.actual == "人员人员")
    evidence = evidence_images(path, d, [finding], tmp_path)
    band, = evidence.bands[finding.id]
    image = Image.open(evidence.images[finding.id])
    with pdfplumber.open(path) as pdf:
        word, = _outlined(image, band, pdf.pages[band.page - 1], "人员人员")
    left, right = word["x0"] * SCALE, word["x1"] * SCALE
    assert all(left - 12 <= x <= right + 12 for x, _ in _red(image))   # no other outline


def _page(*rows):
    """A page of text rows (a list of cells each), 20 points apart, cells 60 points apart."""
    chars, boxes, gaps = [], [], []
    for r, cells in enumerate(rows):
        for c, cell in enumerate(cells):
            for k, char in enumerate(cell):
                chars.append(char)
                boxes.append((60.0 * c + 5 * k, 700.0 - 20 * r, 60.0 * c + 5 * k + 5, 708.0 - 20 * r))
                gaps.append(k == 0)
    return _PageText("".join(chars), boxes, gaps)


def test_a_row_is_the_band_holding_most_of_its_cells():
    page = _page(["行政运行", "100.00", "50.00"], ["一般行政管理事务", "100.00", "50.00"],
                 ["合计", "1,100.00", "50.00"])
    row = locate_row(page, ["一般行政管理事务", "100.00", "50.00"])
    assert row is not None and {page.boxes[start][1] for start, _ in row.values()} == {680.0}
    assert locate_row(page, ["", "100.00", "50.00"]) is None           # two rows hold it: ambiguous
    assert locate_row(page, ["机关服务", "300.00", "60.00"]) is None     # nowhere
    assert len(_occurrences(page, "100.00")) == 2                        # not inside 1,100.00


def test_a_real_pdf_the_narrative_figure_and_the_table_cell_it_disagrees_with(tmp_path):
    """万里街道 2024: the narrative's 住房公积金 352.67万元 against the table's 3,503,499 元; every finding located."""
    d = ingest(WANLI)
    findings = reconcile(d)
    evidence = evidence_images(WANLI, d, findings, tmp_path)
    assert len(evidence.images) == len(findings) == 9 and evidence.not_located == []
    finding = next(f for f in findings if f.rule == "narrative.item_amount")
    assert (finding.actual, finding.expected, finding.pages) == ("352.67万元", "350.35万元", (9, 26))
    image = Image.open(evidence.images[finding.id])
    narrative, table = evidence.bands[finding.id]
    with pdfplumber.open(WANLI) as pdf:
        _outlined(image, narrative, pdf.pages[8], "352.67")
        assert len(_outlined(image, table, pdf.pages[25], "3,503,499")) == 2   # 合计 and 基本支出 columns
