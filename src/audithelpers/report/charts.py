"""Charts of the budget's structure and of the findings (matplotlib, Chinese labels).

The CJK font comes from the pip-installed ``mplfonts`` package (Noto Sans CJK SC), so
nothing depends on system fonts or the network. PNGs are written without timestamps or
software metadata, so the same data gives the same bytes.
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ..amounts import UNIT_FACTORS  # noqa: E402
from .webfont import cjk_font_path  # noqa: E402
from ..model import Disclosure  # noqa: E402
from ..reconcile.finding import FAMILIES, FAMILY_LABEL, SEVERITIES, SEVERITY_LABEL, Finding  # noqa: E402

SEVERITY_COLOR = {"error": "#c0392b", "warning": "#e67e22", "info": "#7f8c8d"}
PALETTE = ["#2e86c1", "#28b463", "#f39c12", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400"]
_font_name: str | None = None


def setup_fonts() -> str:
    """Register the packaged CJK font with matplotlib once; returns its family name."""
    global _font_name
    if _font_name is None:
        path = cjk_font_path()
        font_manager.fontManager.addfont(str(path))
        _font_name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [_font_name]
    matplotlib.rcParams["font.sans-serif"] = [_font_name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "budget-audit"
    matplotlib.rcParams["font.size"] = 12       # legible when a phone shows the chart at half its width
    return _font_name


def _new(width: float = 5.2, height: float = 4.2) -> tuple[Figure, Axes]:
    """A figure laid out by matplotlib's constrained layout (legends outside the axes get room)."""
    setup_fonts()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot(111)
    return fig, ax


def _to(value: Decimal, unit: str, target: str) -> float:
    return float(value * UNIT_FACTORS[unit] / UNIT_FACTORS[target])


def _bar(items: list[tuple[str, float]], title: str, unit: str) -> Figure | None:
    """Horizontal bars with their values written beside them; None for fewer than two categories
    (one bar compares nothing: the figure is in the overview table)."""
    if len(items) < 2:
        return None
    fig, ax = _new(5.2, max(2.8, 0.45 * len(items) + 1.5))
    labels = [label if len(label) <= 14 else label[:13] + "…" for label, _ in items]
    values = [v for _, v in items]
    bars = ax.barh(range(len(items)), values, color=PALETTE[0])
    ax.set_yticks(range(len(items)), labels)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.bar_label(bars, labels=[f"{v:,.2f}" for v in values], padding=3, fontsize=10)
    ax.margins(x=0.22)
    ax.set_title(title)
    return fig


def _ranked_bar(items: list[tuple[str, float]], title: str, unit: str) -> Figure | None:
    """Largest first (ties by label, so the order is stable); None when there is nothing to compare."""
    return _bar(sorted(items, key=lambda x: (-x[1], x[0])), title, unit)


def _pie(items: list[tuple[str, float]], title: str, unit: str) -> Figure | None:
    """Shares inside the wedges, names and amounts in a legend below the pie (labels around a pie
    run into its title); None for fewer than two positive parts."""
    items = [(k, v) for k, v in items if v > 0]
    if len(items) < 2:
        return None
    fig, ax = _new(5.2, 4.4)
    wedges, _, _ = ax.pie([v for _, v in items], autopct="%1.2f%%", pctdistance=0.68, startangle=90,
                          counterclock=False, colors=PALETTE[:len(items)],
                          textprops={"fontsize": 11, "color": "white"})
    ax.legend(wedges, [f"{k}  {v:,.2f}{unit}" for k, v in items], loc="upper center", bbox_to_anchor=(0.5, 0.0),
              ncol=2, frameon=False)
    ax.set_title(title)
    ax.axis("equal")
    return fig


def table_total(d: Disclosure, kind: str, column: str) -> tuple[Decimal, str] | None:
    """A table's grand total of one column, with the table's unit."""
    table = d.table(kind)
    value = table.total(column) if table is not None else None
    if table is None or value is None:
        return None
    return value, table.unit or "元"


def spending_composition(d: Disclosure, unit: str = "万元") -> Figure | None:
    """基本支出 / 项目支出 of the expenditure table (or the general-budget table)."""
    for kind in ("expenditure", "general_budget"):
        basic, project = table_total(d, kind, "基本支出"), table_total(d, kind, "项目支出")
        if basic or project:
            items = [("基本支出", _to(basic[0], basic[1], unit) if basic else 0.0),
                     ("项目支出", _to(project[0], project[1], unit) if project else 0.0)]
            return _pie(items, "支出构成：基本支出与项目支出", unit)
    return None


def personnel_public(d: Disclosure, unit: str = "万元") -> Figure | None:
    personnel, public = table_total(d, "basic_expenditure", "人员经费"), table_total(d, "basic_expenditure", "公用经费")
    if not (personnel or public):
        return None
    items = [("人员经费", _to(personnel[0], personnel[1], unit) if personnel else 0.0),
             ("公用经费", _to(public[0], public[1], unit) if public else 0.0)]
    return _pie(items, "基本支出构成：人员经费与公用经费", unit)


def economic_items(d: Disclosure, unit: str = "万元") -> Figure | None:
    table = d.table("basic_expenditure")
    if table is None or "部门经济分类编码" not in table.columns:
        return None
    items = []
    for row in table.records:
        code, value = str(row.get("部门经济分类编码", "")), row.get("合计")
        if len(code) == 5 and code.isdigit() and isinstance(value, Decimal):
            items.append((f"{code} {row.get('部门经济分类名称', '')}", _to(value, table.unit or "元", unit)))
    return _ranked_bar(items, "基本支出经济分类明细", unit)


def projects(d: Disclosure, unit: str = "万元") -> Figure | None:
    table = d.table("projects")
    if table is None or "项目名称" not in table.columns:
        return None
    items = [(str(r["项目名称"]), _to(r["合计"], table.unit or "元", unit)) for r in table.records
             if r.get("类型") and isinstance(r.get("合计"), Decimal)]
    return _ranked_bar(items, "项目支出明细", unit)


def revenue_sources(d: Disclosure, unit: str = "万元") -> Figure | None:
    table = d.table("summary")
    if table is None or "收入项目" not in table.columns:
        return None
    items = []
    top_level = re.compile(r"^\s*[一二三四五六七八九十]+\s*、")
    rows = [r for r in table.records if str(r.get("收入项目") or "").strip()]
    numbered = any(top_level.match(str(r["收入项目"])) for r in rows)
    for row in rows:
        label, value = str(row.get("收入项目") or "").strip(), row.get("收入金额")
        if label.startswith("其中") or "合计" in label or "总计" in label:
            continue
        if numbered and not top_level.match(label):
            continue   # a sub-item of a numbered income source
        if isinstance(value, Decimal) and value:
            items.append((top_level.sub("", label), _to(value, table.unit or "元", unit)))
    if not items:
        return None
    return _bar(items, "收入来源", unit)


def _stated_pairs(d: Disclosure, unit: str) -> list[tuple[str, float, float]]:
    """(subject, prior year, this year) for each change the narrative states with its amount."""
    facts = d.facts
    if not len(facts):
        return []
    pairs = []
    seen = set()
    for change in facts[facts["kind"] == "change"].to_dict("records"):
        if change["direction"] not in ("增加", "减少") or not isinstance(change["value"], Decimal):
            continue
        same = facts[(facts["kind"] == "amount") & (facts["subject"] == change["subject"])
                     & (facts["section"] == change["section"]) & (facts["unit"] == change["unit"])]
        if not len(same) or change["subject"] in seen:
            continue
        seen.add(change["subject"])
        now = same.iloc[0]["value"]
        prior = now - change["value"] if change["direction"] == "增加" else now + change["value"]
        pairs.append((change["subject"], _to(prior, change["unit"], unit), _to(now, change["unit"], unit)))
    return pairs


def comparable_pairs(pairs: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The pairs worth a chart: none with an empty slot (a year at 0 or below), none repeating the
    figures of an earlier pair (收入总计 and 支出总计 are the same numbers); [] unless two remain."""
    kept: list[tuple[str, float, float]] = []
    for subject, prior, now in pairs:
        if prior > 0 and now > 0 and all((prior, now) != (p, n) for _, p, n in kept):
            kept.append((subject, prior, now))
    return kept if len(kept) >= 2 else []


def year_on_year(d: Disclosure, unit: str = "万元") -> Figure | None:
    """This year against the prior year as the narrative states it (amount ± stated change); None when
    fewer than two distinct, complete pairs remain."""
    pairs = comparable_pairs(_stated_pairs(d, unit))
    if not pairs:
        return None
    fig, ax = _new(5.2, 4.0)
    xs = range(len(pairs))
    year = d.year or 0
    before = ax.bar([x - 0.2 for x in xs], [p[1] for p in pairs], width=0.4, label=f"{year - 1} 年（据说明推算）",
                    color=PALETTE[6])
    after = ax.bar([x + 0.2 for x in xs], [p[2] for p in pairs], width=0.4, label=f"{year} 年", color=PALETTE[0])
    for bars in (before, after):
        ax.bar_label(bars, labels=[f"{b.get_height():,.2f}" for b in bars], padding=2, fontsize=9)
    ax.margins(y=0.15)
    ax.set_xticks(list(xs), [p[0] if len(p[0]) <= 8 else p[0][:7] + "…" for p in pairs])
    ax.set_ylabel(unit)
    ax.set_title("本年与上年对比（按说明所述增减推算）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    return fig


def findings_overview(findings: Iterable[Finding | dict]) -> Figure:
    """Findings by family (rows) and severity (stacked)."""
    rows = [(f["rule"], f["severity"]) if isinstance(f, dict) else (f.rule, f.severity) for f in findings]
    counts = Counter((rule.split(".")[0], severity) for rule, severity in rows)
    fig, ax = _new(5.2, 4.4)
    left = [0] * len(FAMILIES)
    for severity in SEVERITIES:
        values = [counts.get((family, severity), 0) for family in FAMILIES]
        bars = ax.barh(range(len(FAMILIES)), values, left=left, color=SEVERITY_COLOR[severity],
                       label=SEVERITY_LABEL[severity])
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", color="white",
                     fontsize=10)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(FAMILIES)), [FAMILY_LABEL[f] for f in FAMILIES])
    ax.invert_yaxis()
    ax.set_xlabel("发现数量")
    locator = ax.xaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)   # an axis's default locator (AutoLocator) is one
    locator.set_params(integer=True)
    ax.set_title(f"审核发现：按类别与严重程度（共 {len(rows)} 条）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)   # below: never over a bar
    return fig


def save_png(fig: Figure, path: str | Path) -> Path:
    """Write a PNG with no timestamp or software metadata (same figure, same bytes)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path


#: The charts of a run: file stem -> (title, function of (disclosure, findings, unit)).
CHARTS = {
    "spending_composition": ("支出构成", lambda d, _f, u: spending_composition(d, u)),
    "personnel_public": ("人员经费与公用经费", lambda d, _f, u: personnel_public(d, u)),
    "economic_items": ("经济分类明细", lambda d, _f, u: economic_items(d, u)),
    "projects": ("项目支出", lambda d, _f, u: projects(d, u)),
    "revenue_sources": ("收入来源", lambda d, _f, u: revenue_sources(d, u)),
    "year_on_year": ("本年与上年", lambda d, _f, u: year_on_year(d, u)),
    "findings": ("审核发现分布", lambda _d, f, _u: findings_overview(f) if list(f) else None),   # none: no chart
}


def draw_all(d: Disclosure, findings, out_dir: str | Path, unit: str = "万元") -> dict[str, Path]:
    """Draw every chart that has data; returns {stem: png path}."""
    out = {}
    for stem, (_, make) in CHARTS.items():
        fig = make(d, findings, unit)
        if fig is not None:
            out[stem] = save_png(fig, Path(out_dir) / f"{stem}.png")
    return out
