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
    assert set(paths) == {"spending_composition", "personnel_public", "economic_items", "projects",
                          "revenue_sources", "year_on_year", "findings"}


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
