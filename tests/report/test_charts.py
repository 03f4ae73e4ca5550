import hashlib
import warnings

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
    assert sum(map(sum, expected.values())) == len(findings) == 16
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
    """Bounding boxes (display pixels) of the title, the legend and every text and bar/wedge after drawing."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend()
    ticks = []
    for axis in (ax.xaxis, ax.yaxis):     # the tick labels drawn: those of ticks inside the view
        lo, hi = sorted(axis.get_view_interval())
        labels = zip(axis.get_majorticklabels(), axis.get_majorticklocs(), strict=True)
        ticks += [t for t, at in labels if lo <= at <= hi]
    texts = [t for t in [*ax.texts, *ticks, ax.xaxis.label, ax.yaxis.label] if t.get_text() and t.get_visible()]
    return (ax.title.get_window_extent(renderer), legend.get_window_extent(renderer) if legend else None,
            [t.get_window_extent(renderer) for t in texts],
            [p.get_window_extent(renderer) for p in ax.patches
             if not hasattr(p, "get_width") or p.get_width() != 0])          # a zero-width bar takes no room


def test_rendered_layout_title_legend_and_labels_do_not_collide(seed_disclosure):
    """Measured, not eyed: no text runs into the title, no legend covers a bar or wedge, nothing is cut off."""
    import audithelpers.report.charts as charts

    figures = {}
    for stem, (_, make) in charts.CHARTS.items():
        fig = make(seed_disclosure, reconcile(seed_disclosure), "万元")
        if fig is not None:
            figures[stem] = fig
    assert {"spending_composition", "personnel_public", "findings"} <= set(figures)
    for stem, fig in figures.items():
        title, legend, texts, shapes = _boxes(fig)
        page = fig.bbox
        assert not any(title.overlaps(t) for t in texts), stem
        if legend is not None:
            assert not title.overlaps(legend), stem
            assert not any(legend.overlaps(s) for s in shapes), stem
        for box in [title, *texts, *([legend] if legend else [])]:
            assert page.x0 <= box.x0 and box.x1 <= page.x1 + 0.5 and page.y0 <= box.y0 and box.y1 <= page.y1 + 0.5, \
                stem
