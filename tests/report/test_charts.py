import hashlib
import warnings
from decimal import Decimal

import pytest

from audithelpers.report.charts import (
    FAMILY_LABEL,
    SEVERITY_LABEL,
    draw_all,
    findings_overview,
    save_png,
    setup_fonts,
    spending_composition,
)
from audithelpers.reconcile import reconcile

from helpers import ROOT, make_fact


def test_chinese_renders_without_missing_glyph_warnings(tmp_path, seed_disclosure):
    setup_fonts()
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # "Glyph ... missing from font" is a UserWarning
        paths = draw_all(seed_disclosure, reconcile(seed_disclosure), tmp_path, "万元")
    # the seed's income is one source, and its stated year-on-year pairs repeat one pair: no chart of either
    assert set(paths) == {"spending_composition", "personnel_public", "economic_items", "projects", "findings"}


def test_missing_glyphs_would_be_caught(tmp_path):
    """The guard above is real: without the CJK font, matplotlib warns about the glyphs."""
    import matplotlib

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        from matplotlib.figure import Figure

        fig = Figure()
        fig.add_subplot(111).set_title("支出构成")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(tmp_path / "x.png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_png_bytes_are_deterministic(tmp_path, seed_disclosure):
    a = save_png(spending_composition(seed_disclosure), tmp_path / "a.png").read_bytes()
    b = save_png(spending_composition(seed_disclosure), tmp_path / "b.png").read_bytes()
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    assert b"Software" not in a and b"Creation" not in a


def _stacks(fig):
    """{severity label: [bar width per family row]} of the findings chart."""
    ax = fig.axes[0]
    return {c.get_label(): [p.get_width() for p in c.patches] for c in ax.containers}


def test_findings_chart_accepts_contract_dicts(tmp_path, seed_disclosure):
    """The chart from contract dicts draws, row by row and severity by severity, the counts of the findings."""
    from collections import Counter

    from audithelpers.reconcile.finding import FAMILIES

    objects = reconcile(seed_disclosure)
    findings = [f.to_dict() for f in objects]
    counts = Counter((f["rule"].split(".")[0], f["severity"]) for f in findings)
    fig = findings_overview(findings)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [FAMILY_LABEL[f] for f in FAMILIES]
    expected = {SEVERITY_LABEL[s]: [counts.get((family, s), 0) for family in FAMILIES]
                for s in ("error", "warning", "info")}
    assert _stacks(fig) == expected
    left = [0] * len(FAMILIES)                                      # stacked: each starts where the last ended
    for container in ax.containers:
        assert [p.get_x() for p in container.patches] == left
        left = [a + p.get_width() for a, p in zip(left, container.patches, strict=True)]
    assert sum(map(sum, expected.values())) == len(findings) == 26
    assert f"共 {len(findings)} 条" in ax.get_title()
    assert _stacks(findings_overview(objects)) == expected          # the same from Finding objects
    path = save_png(fig, tmp_path / "f.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000


def test_a_single_category_or_repeated_or_empty_year_pairs_draw_no_chart(seed_disclosure):
    from audithelpers.report.charts import _bar, _pie, comparable_pairs, revenue_sources, year_on_year

    assert revenue_sources(seed_disclosure) is None and year_on_year(seed_disclosure) is None
    assert _bar([("一般公共预算", 295.42)], "收入来源", "万元") is None
    assert _pie([("基本支出", 1.0), ("项目支出", 0.0)], "支出构成", "万元") is None
    same = [("收入总计", 370.57, 295.42), ("支出总计", 370.57, 295.42), ("政府性基金", 0.0, 0.0)]
    assert comparable_pairs(same) == []
    assert comparable_pairs([*same, ("三公经费", 2.0, 1.5)]) == [("收入总计", 370.57, 295.42), ("三公经费", 2.0, 1.5)]
    assert comparable_pairs([("甲", 1.0, 2.0), ("乙", 0.0, 3.0)]) == []          # an empty slot is left out


def test_no_findings_draw_no_findings_chart(seed_disclosure, tmp_path):
    from audithelpers.report.charts import draw_all

    assert "findings" not in draw_all(seed_disclosure, [], tmp_path)


def _bar_values(ax):
    return [t.get_text() for t in ax.texts]


def test_bars_carry_their_values(seed_disclosure):
    from audithelpers.report.charts import economic_items, projects

    for fig in (economic_items(seed_disclosure), projects(seed_disclosure)):
        ax = fig.axes[0]
        widths = [p.get_width() for p in ax.patches]
        assert _bar_values(ax) == [f"{w:,.2f}" for w in widths] and len(widths) >= 2


def _boxes(fig):
    """Bounding boxes (display pixels) after drawing: the titles (the figure's and each panel's), the legends,
    and every text and bar/wedge of every panel."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    titles, legends, texts, shapes = [], [], [], []
    suptitle = fig._suptitle
    if suptitle is not None and suptitle.get_text():
        titles.append(suptitle.get_window_extent(renderer))
    for ax in fig.axes:
        if ax.title.get_text():
            titles.append(ax.title.get_window_extent(renderer))
        if ax.get_legend():
            legends.append(ax.get_legend().get_window_extent(renderer))
        ticks = []
        for axis in (ax.xaxis, ax.yaxis):     # the tick labels drawn: those of ticks inside the view
            lo, hi = sorted(axis.get_view_interval())
            labels = zip(axis.get_majorticklabels(), axis.get_majorticklocs(), strict=True)
            ticks += [t for t, at in labels if lo <= at <= hi]
        texts += [t.get_window_extent(renderer) for t in [*ax.texts, *ticks, ax.xaxis.label, ax.yaxis.label]
                  if t.get_text() and t.get_visible()]
        shapes += [p.get_window_extent(renderer) for p in ax.patches
                   if not hasattr(p, "get_width") or p.get_width() != 0]          # a zero-width bar takes no room
    return titles, legends, texts, shapes


@pytest.fixture(scope="module")
def wanli():
    """A real PDF department: nine function classes, two year-on-year pairs stated in its narrative."""
    from audithelpers.ingest import ingest

    return ingest(ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf")


@pytest.fixture(scope="module")
def planning():
    """A real final account: its function classes, basic spending and 年初预算 against 决算."""
    from audithelpers.ingest import ingest

    return ingest(ROOT / "data" / "finals" / "shanghai-putuo-planning-2024-dept-final.pdf")


@pytest.mark.parametrize("which, drawn", [
    ("seed", {"spending_composition", "personnel_public", "findings"}),
    ("wanli", {"spending_composition", "function_classes", "year_on_year", "findings"}),
    ("planning", {"spending_composition", "function_classes", "personnel_public", "budget_execution", "findings"})])
def test_rendered_layout_title_legend_and_labels_do_not_collide(seed_disclosure, wanli, planning, which, drawn):
    """Measured, not eyed: no text runs into a title, no legend covers a bar or wedge, nothing is cut off."""
    import audithelpers.report.charts as charts

    d = {"seed": seed_disclosure, "wanli": wanli, "planning": planning}[which]
    figures = {}
    for stem, (_, make) in charts.CHARTS.items():
        fig = make(d, reconcile(d), "万元")
        if fig is not None:
            figures[stem] = fig
    assert drawn <= set(figures)
    for stem, fig in figures.items():
        titles, legends, texts, shapes = _boxes(fig)
        page = fig.bbox
        assert not any(title.overlaps(t) for title in titles for t in texts), stem
        assert not any(a.overlaps(b) for i, a in enumerate(titles) for b in titles[i + 1:]), stem
        for legend in legends:
            assert not any(title.overlaps(legend) for title in titles), stem
            assert not any(legend.overlaps(s) for s in shapes), stem
        for box in [*titles, *texts, *legends]:
            assert page.x0 <= box.x0 and box.x1 <= page.x1 + 0.5 and page.y0 <= box.y0 and box.y1 <= page.y1 + 0.5, \
                stem


# -- spending by function class (类) ------------------------------------------------------------------
def _table(kind, rows, unit="元", columns=("line", "code", "level", "科目名称", "合计")):
    from audithelpers.model import Table

    records = [{"line": i + 1, **dict(zip(("code", "level", "科目名称", "合计"), row, strict=True))}
               for i, row in enumerate(rows)]
    return Table(kind=kind, title=kind, title_line=1, first_line=1, last_line=len(rows), unit=unit, unit_line=None,
                 department=None, department_line=None, header=[], columns=list(columns), records=records,
                 amount_columns=["合计"])


def _with(d, tables=(), facts=()):
    import dataclasses

    return dataclasses.replace(d, tables=list(tables), fact_records=list(facts))


#: A function table in 元: three classes with their 款/项 rows below them and the total above.
FUNCTION_ROWS = [("", "合计", "合计", Decimal("3500000")),
                 ("201", "类", "一般公共服务支出", Decimal("1000000")),
                 ("20103", "款", "政府办公厅(室)及相关机构事务", Decimal("1000000")),
                 ("2010301", "项", "行政运行", Decimal("1000000")),
                 ("208", "类", "社会保障和就业支出", Decimal("2000000")),
                 ("2080505", "项", "机关事业单位基本养老保险缴费支出", Decimal("2000000")),
                 ("221", "类", "住房保障支出", Decimal("500000")),
                 ("2210201", "项", "住房公积金", Decimal("500000"))]


def _bars(fig):
    ax = fig.axes[0]
    return [(t.get_text(), p.get_width()) for t, p in zip(ax.get_yticklabels(), ax.patches, strict=True)]


def test_function_classes_chart_draws_one_ranked_bar_per_class(seed_disclosure):
    """The class (类) rows of the function table, in the report unit, largest first, each with its value;
    the 款/项 rows below them and the total are not bars."""
    from audithelpers.report.charts import functional_classification

    d = _with(seed_disclosure, [_table("general_budget", FUNCTION_ROWS)])
    fig = functional_classification(d, "万元")
    assert _bars(fig) == [("社会保障和就业支出", 200.0), ("一般公共服务支出", 100.0), ("住房保障支出", 50.0)]
    assert _bar_values(fig.axes[0]) == ["200.00", "100.00", "50.00"]
    assert fig.axes[0].get_title() == "一般公共预算支出功能分类（类）" and fig.axes[0].get_xlabel() == "万元"
    # no general-budget table: the expenditure table's classes
    fig = functional_classification(_with(seed_disclosure, [_table("expenditure", FUNCTION_ROWS)]), "元")
    assert _bars(fig)[0] == ("社会保障和就业支出", 2000000.0) and fig.axes[0].get_title() == "支出功能分类（类）"


def test_one_function_class_draws_no_chart(seed_disclosure):
    from audithelpers.report.charts import functional_classification

    assert functional_classification(seed_disclosure) is None          # the seed spends on 201 only
    one = [r for r in FUNCTION_ROWS if r[0][:3] in ("", "201")]
    assert functional_classification(_with(seed_disclosure, [_table("general_budget", one)])) is None
    assert functional_classification(_with(seed_disclosure, [])) is None


def test_function_classes_from_tables_without_class_rows_or_codes():
    """Item (项) rows only: summed into their classes, named from the function codes. A table split by budget
    unit: its class rows summed by code. No codes at all: rows named as a class, when they make the total."""
    from audithelpers.report.charts import function_classes

    items = [r for r in FUNCTION_ROWS if r[1] in ("项", "合计")]
    assert [(c, n, v) for c, n, v in function_classes(_table("general_budget", items))] == [
        ("201", "一般公共服务支出", Decimal("1000000")), ("208", "社会保障和就业支出", Decimal("2000000")),
        ("221", "住房保障支出", Decimal("500000"))]
    split = FUNCTION_ROWS + [r for r in FUNCTION_ROWS[1:] if r[0].startswith("208")]   # a second unit's 208
    assert dict((c, v) for c, _, v in function_classes(_table("general_budget", split)))["208"] == 4000000
    named = [("", level, name, value) for _, level, name, value in FUNCTION_ROWS]
    assert [n for _, n, _ in function_classes(_table("general_budget", named))] == [
        "一般公共服务支出", "社会保障和就业支出", "住房保障支出"]
    unit_208 = [r for r in named[1:] if r[2] in ("社会保障和就业支出", "机关事业单位基本养老保险缴费支出")]
    split = [("", "合计", "合计", Decimal("5500000")), *named[1:], *unit_208]   # a second unit's 208 rows
    assert dict((c, v) for c, _, v in function_classes(_table("general_budget", split)))["208"] == 4000000
    short = [r for r in named if r[2] != "住房保障支出"]                         # no longer makes the total
    assert function_classes(_table("general_budget", short)) == []


# -- year on year from the narrative's change facts ---------------------------------------------------
def _fact(kind, subject, value, sentence, unit="万元", direction=None, canonical=True, section="一、总体情况"):
    return make_fact(kind=kind, subject=subject, value=None if value is None else Decimal(value), unit=unit,
                     direction=direction, canonical=canonical, section=section, sentence=sentence)


CHANGE_FACTS = [
    # "收入预算 100 万元，比上年年初预算数 80 万元增加 20 万元": the change has no subject of its own
    _fact("amount", "收入合计", "100", "s1"), _fact("amount", "比年初预算数", "80", "s1", canonical=False),
    _fact("change", "比上年", "20", "s1", direction="增加", canonical=False),
    # 三公经费 10 万元, 50000 元 less than last year
    _fact("amount", "三公经费", "10", "s2"), _fact("change", "比上年", "50000", "s2", "元", "减少", False),
    _fact("amount", "机关运行经费", "50", "s3"), _fact("change", "机关运行经费", None, "s3", direction="持平"),
    _fact("amount", "一般公共预算", "90", "s4"),                                  # not a headline quantity
    _fact("change", "比上年", "10", "s4", direction="减少", canonical=False),
    # the change named in a later sentence of the same section: 支出合计 100 万元 ... 支出合计增加 20 万元
    _fact("amount", "支出合计", "100", "s5"), _fact("change", "支出合计", "20", "s6", direction="增加"),
]


def test_year_on_year_pairs_from_change_facts_in_both_directions(seed_disclosure):
    """prior = this year − an increase, + a decrease (units converted); only headline quantities; 持平 and
    unnamed subjects left out; a pair repeating another's figures is not drawn twice."""
    from audithelpers.report.charts import _stated_pairs, year_on_year

    d = _with(seed_disclosure, seed_disclosure.tables, CHANGE_FACTS)
    assert _stated_pairs(d, "万元") == [("收入合计", 80.0, 100.0), ("支出合计", 80.0, 100.0), ("三公经费", 15.0, 10.0)]
    fig = year_on_year(d, "万元")
    panels = [(ax.get_title(loc="left"), [p.get_width() for p in ax.patches]) for ax in fig.axes]
    assert panels == [("收入合计（万元）", [80.0, 100.0]), ("三公经费（万元）", [15.0, 10.0])]
    assert [t.get_text() for t in fig.axes[1].texts] == ["15.00", "10.00"]
    assert year_on_year(_with(seed_disclosure, facts=CHANGE_FACTS[:3])) is None        # one pair: no chart


def test_pdf_department_gets_function_and_year_on_year_charts_with_the_documents_figures(wanli, tmp_path):
    """万里街道 2024: nine classes of its 一般公共预算 function table (元 → 万元); year on year from
    "财政拨款收入15621.11万元，比2023年预算减少876.75万元" and "“三公”经费预算数为47.91万元，比2023年预算增加25万元"."""
    from audithelpers.report.charts import draw_all, functional_classification, year_on_year
    from audithelpers.suite.stages import BODY_CHARTS

    bars = _bars(functional_classification(wanli, "万元"))
    assert len(bars) == 9 and bars[0] == ("城乡社区支出", 11938.5303) and bars[-1] == ("科学技术支出", 10.0)
    assert abs(sum(w for _, w in bars) - 15621.1123) < 1e-6
    panels = [(ax.get_title(loc="left"), [round(p.get_width(), 2) for p in ax.patches])
              for ax in year_on_year(wanli, "万元").axes]
    assert panels == [("财政拨款收入（万元）", [16497.86, 15621.11]), ("三公经费（万元）", [22.91, 47.91])]
    drawn = draw_all(wanli, [], tmp_path)
    assert {"function_classes", "year_on_year"} <= set(drawn) and set(drawn) <= set(BODY_CHARTS)   # shown in the body
