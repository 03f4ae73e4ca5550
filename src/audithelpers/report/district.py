"""The district view from the warehouse: findings by rule across departments, departments ranked by
findings, spending structure and 三公 compared, and year on year where the warehouse holds several
years. The ``05_portfolio`` notebook draws it and writes the batch's ``index.html`` with it."""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from .charts import PALETTE, save_png, setup_fonts


@dataclass
class District:
    documents: Any     # pandas DataFrames read from the warehouse
    findings: Any
    figures: Any


def read(warehouse: str | Path, run_ids: list[str] | None = None) -> District:
    """The runs of the warehouse (those of ``run_ids`` when given), read-only."""
    import duckdb

    from ..errors import InputError

    if not Path(warehouse).is_file():
        raise InputError(warehouse, "no warehouse here: run budget-audit batch first (it writes warehouse.duckdb)")

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        where, args = ("WHERE run_id IN (SELECT unnest(?))", [run_ids]) if run_ids else ("", [])
        frames = [con.execute(f"SELECT * FROM {t} {where} ORDER BY ALL", args).df()
                  for t in ("documents", "findings", "figures")]
    finally:
        con.close()
    from .. import reconcile  # noqa: F401  (registers the rules and their former ids)
    from ..reconcile.registry import current_id

    frames[1]["rule"] = frames[1]["rule"].map(current_id)   # findings stored by an earlier version, under a former id
    return District(*frames)


def _short(name: str) -> str:
    return name if len(name) <= 18 else name[:17] + "…"


def _barh(labels: list[str], series: list[tuple[str, list[float]]], title: str) -> Figure | None:
    if not labels:
        return None
    setup_fonts()
    fig = Figure(figsize=(6.4, 0.38 * len(labels) + 1.4), dpi=100, layout="constrained")
    ax = fig.subplots()
    left = [0.0] * len(labels)
    for n, (name, values) in enumerate(series):
        ax.barh(range(len(labels)), values, left=left, color=PALETTE[n % len(PALETTE)], label=name)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(labels)), [_short(x) for x in labels], fontsize=9)
    ax.invert_yaxis()
    if len(series) > 1:
        ax.legend(loc="lower right", fontsize=9, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, loc="left", fontsize=11)
    return fig


def findings_by_rule(d: District) -> Figure | None:
    """How many departments each rule raised an error or warning in (the 15 most frequent rules)."""
    serious = d.findings[d.findings["severity"].isin(["error", "warning"])]
    counts = serious.groupby("rule")["run_id"].nunique().sort_values(ascending=False).head(15)
    return _barh(list(counts.index), [("部门数", [float(v) for v in counts.values])], "各规则发现问题的部门数")


def departments_ranked(d: District) -> Figure | None:
    """Departments by errors, then warnings (the 25 with the most)."""
    docs = d.documents.sort_values(["errors", "warnings", "department"], ascending=[False, False, True]).head(25)
    docs = docs[(docs["errors"] + docs["warnings"]) > 0]
    return _barh(list(docs["department"]), [("错误", [float(v) for v in docs["errors"]]),
                                           ("警告", [float(v) for v in docs["warnings"]])], "发现问题最多的部门")


def _figure(d: District, item: str) -> dict[str, float]:
    rows = d.figures[d.figures["item"] == item]
    return {f"{r.department} {r.year}": float(r.yuan) / 10000 for r in rows.itertuples()}


def spending_structure(d: District) -> Figure | None:
    """基本支出 and 项目支出 of each department (万元)."""
    basic, project = _figure(d, "基本支出"), _figure(d, "项目支出")
    labels = sorted(set(basic) | set(project), key=lambda k: -(basic.get(k, 0) + project.get(k, 0)))[:25]
    return _barh(labels, [("基本支出", [basic.get(k, 0.0) for k in labels]),
                          ("项目支出", [project.get(k, 0.0) for k in labels])], "各部门支出结构（万元）")


def three_public(d: District) -> Figure | None:
    """三公经费 of each department (万元; a final account's 决算数)."""
    found = _figure(d, "三公经费")
    labels = sorted(found, key=lambda k: -found[k])[:25]
    return _barh(labels, [("三公经费", [found[k] for k in labels])], "各部门“三公”经费（万元）")


def year_on_year(d: District) -> Figure | None:
    """支出合计 by year for each department the warehouse holds several years of."""
    rows = d.figures[d.figures["item"] == "支出合计"]
    years = rows.groupby("department")["year"].nunique()
    several = sorted(years[years > 1].index)[:8]
    if not several:
        return None
    setup_fonts()
    fig = Figure(figsize=(6.4, 3.8), dpi=100, layout="constrained")
    ax = fig.subplots()
    for n, department in enumerate(several):
        mine = rows[rows["department"] == department].sort_values("year")
        ax.plot(mine["year"], [float(v) / 10000 for v in mine["yuan"]], marker="o", color=PALETTE[n % 8],
                label=_short(department))
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("支出合计的年度变化（万元）", loc="left", fontsize=11)
    return fig


CHARTS = (("findings_by_rule", findings_by_rule), ("departments_ranked", departments_ranked),
          ("spending_structure", spending_structure), ("three_public", three_public),
          ("year_on_year", year_on_year))


def draw(d: District, out: str | Path) -> dict[str, Path]:
    """Every district chart that has data, as PNG files in ``out``."""
    drawn = {}
    for stem, make in CHARTS:
        fig = make(d)
        if fig is not None:
            drawn[stem] = save_png(fig, Path(out) / f"{stem}.png")
    return drawn


def charts_html(drawn: dict[str, Path]) -> str:
    """The charts as embedded images (the index stays one self-contained file)."""
    return "\n".join(f'<p><img src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode("ascii")}" '
                     f'alt="{html.escape(stem)}"></p>' for stem, p in drawn.items())
