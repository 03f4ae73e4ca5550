import hashlib
import warnings

from audithelpers.report.charts import draw_all, findings_overview, save_png, setup_fonts, spending_composition
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


def test_findings_chart_accepts_contract_dicts(tmp_path, seed_disclosure):
    findings = [f.to_dict() for f in reconcile(seed_disclosure)]
    path = save_png(findings_overview(findings), tmp_path / "f.png")
    assert path.stat().st_size > 5000
