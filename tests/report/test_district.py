"""The district view: its charts drawn from warehouse frames, each only when it has data."""
from decimal import Decimal

import pandas as pd

from audithelpers.report import district


def _view(years=(2024,)):
    docs = pd.DataFrame([{"run_id": f"{d}/{y}", "department": d, "year": y, "kind": "budget", "status": "ok",
                          "errors": e, "warnings": w, "infos": 0} for d, e, w in (("甲局", 1, 2), ("乙局", 0, 0))
                         for y in years])
    findings = pd.DataFrame([{"run_id": f"甲局/{y}", "rule": r, "severity": "warning"} for y in years
                             for r in ("format.template", "narrative.share")])
    figures = pd.DataFrame([{"run_id": f"{d}/{y}", "department": d, "year": y, "item": item,
                             "yuan": Decimal(v) * (1 + y - years[0])}
                            for d in ("甲局", "乙局") for y in years
                            for item, v in (("支出合计", 3000000), ("基本支出", 2000000), ("项目支出", 1000000),
                                            ("三公经费", 12000))])
    return district.District(docs, findings, figures)


def test_every_chart_is_drawn_from_the_frames(tmp_path):
    drawn = district.draw(_view(years=(2023, 2024)), tmp_path)
    assert set(drawn) == {"findings_by_rule", "departments_ranked", "spending_structure", "three_public",
                          "year_on_year"}
    assert all(p.stat().st_size > 1000 for p in drawn.values())
    html = district.charts_html(drawn)
    assert html.count("data:image/png;base64,") == 5


def test_one_year_and_no_findings_draw_no_empty_chart(tmp_path):
    view = _view()
    view.findings = view.findings.iloc[0:0]
    view.documents["errors"] = view.documents["warnings"] = 0
    assert set(district.draw(view, tmp_path)) == {"spending_structure", "three_public"}


def test_no_warehouse_is_one_clear_error(tmp_path):
    import pytest

    from audithelpers.errors import InputError

    with pytest.raises(InputError, match="run budget-audit batch first"):
        district.read(tmp_path / "warehouse.duckdb")
