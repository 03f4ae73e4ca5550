"""report.html's frame: cover, summary box, contents, tables that scroll, Chinese alt text."""
import base64
import re

import nbformat
import pytest

from audithelpers.report.render import cover, narrative_html, report_html, summary_box

PROV = {"input": {"document": "/somewhere/dept-2022-budget.pdf", "sha256": "ab" * 32},
        "parameters": {"department": "某某局", "year": 2022, "tolerance": 1.0, "unit": "万元"},
        "versions": {"audithelpers": "0.1.0", "python": "3.11"}, "code": {"git": "abc"},
        "generated_at": "2026-11-28T15:46:14+0000"}


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@pytest.fixture
def notebooks(tmp_path):
    """The narrative as HTML (from its markdown and the run's charts) and a stage notebook."""
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "spending_composition.png").write_bytes(base64.b64decode(PNG))
    text = "# 标题\n\n## 一、审核对象与范围\n\n正文\n\n## 二、预算概况\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"
    image = nbformat.v4.new_output("display_data", data={"image/png": PNG})
    stage = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## 识别的预算表"),
                                            nbformat.v4.new_code_cell("", outputs=[image])])
    nbformat.write(stage, str(tmp_path / "stage.ipynb"))
    return narrative_html(text, tmp_path), tmp_path / "stage.ipynb"


def test_the_narrative_reads_as_text_with_its_charts_in_place(notebooks):
    narrative, _ = notebooks
    assert "一、审核对象与范围" in narrative and "&#" not in narrative        # characters, not entities
    assert narrative.index("二、预算概况") < narrative.index('alt="支出构成"')   # the chart under its section


def test_the_report_opens_with_cover_summary_and_contents(notebooks):
    narrative, stage = notebooks
    page = report_html("某某局 2022 年度部门预算审核报告", narrative, [("01 读取与结构化", stage)], PROV,
                       {"error": 3, "warning": 8, "info": 5})
    body = page.split("<body>", 1)[1]
    assert body.count("<h1") == 1 and body.index("<header class=\"cover\">") < body.index("一、审核对象与范围")
    for text in ("某某局", "2022", "dept-2022-budget.pdf", "ab" * 32, "2026-11-28", "budget-audit 0.1.0"):
        assert text in body.split("</header>")[0], text
    summary = re.search(r'<section class="summary".*?</section>', body, re.S).group(0)
    assert [m for m in re.findall(r"(错误|警告|提示) <strong>(\d+)", summary)] == [("错误", "3"), ("警告", "8"),
                                                                                ("提示", "5")]
    toc = re.search(r'<nav class="toc".*?</nav>', body, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert [label for _, label in links] == ["一、审核对象与范围", "二、预算概况", "附录1：01 读取与结构化", "溯源信息"]
    for anchor, _ in links:
        assert f'id="{anchor}"' in body, anchor
    assert '<div class="scroll"><table' in body and body.count("<table") == body.count('<div class="scroll"><table')
    assert "No description" not in body and 'alt="图表"' in body
    assert "<td>参数 year</td><td>2022</td>" in body and '"万元"' not in body     # plain values, not JSON


def test_without_a_recorded_date_the_cover_has_none():
    prov = {k: v for k, v in PROV.items() if k != "generated_at"}
    assert "运行日期" not in cover("T", prov) and "运行日期" in cover("T", PROV)
    assert summary_box({}).count("<strong>0</strong>") == 3
