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
from ..model import Disclosure, Fact, Table  # noqa: E402
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
    """A table's grand total of one column, with the table's unit (a final account's table of the same quantities)."""
    table = d.counterpart(kind)
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


def _final_basic_total(d: Disclosure, label: str) -> tuple[Decimal, str] | None:
    """人员经费合计 / 公用经费合计 of a final account's basic-spending table."""
    table = d.table("final_basic")
    rows = [r for r in table.records if str(r.get("部门经济分类名称") or "").startswith(label)] if table else []
    value = rows[0].get("决算数") if rows else None
    return (value, table.unit or "元") if table is not None and isinstance(value, Decimal) else None


def personnel_public(d: Disclosure, unit: str = "万元") -> Figure | None:
    personnel = table_total(d, "basic_expenditure", "人员经费") or _final_basic_total(d, "人员经费合计")
    public = table_total(d, "basic_expenditure", "公用经费") or _final_basic_total(d, "公用经费合计")
    if not (personnel or public):
        return None
    items = [("人员经费", _to(personnel[0], personnel[1], unit) if personnel else 0.0),
             ("公用经费", _to(public[0], public[1], unit) if public else 0.0)]
    return _pie(items, "基本支出构成：人员经费与公用经费", unit)


def economic_items(d: Disclosure, unit: str = "万元") -> Figure | None:
    table = d.table("basic_expenditure") or d.table("final_basic")
    if table is None or "部门经济分类编码" not in table.columns:
        return None
    column = "决算数" if table.kind == "final_basic" else "合计"
    items = []
    for row in table.records:
        code, value = str(row.get("部门经济分类编码", "")), row.get(column)
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
    table = d.counterpart("summary")
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


#: The tables that break spending down by function, in the order they are looked for.
FUNCTION_TABLES = ("general_budget", "expenditure", "fiscal_expenditure")
_TITLE_OF = {"general_budget": "一般公共预算支出", "expenditure": "支出", "fiscal_expenditure": "财政拨款支出",
             "final_general": "一般公共预算决算", "final_expenditure": "决算支出"}   # short: the title fits


def _function_rows(table: Table) -> list[dict]:
    """The rows of a function-classification table with a function code (2xx, 2xxxx, 2xxxxxx) and a 合计."""
    return [r for r in table.records if isinstance(r.get("合计"), Decimal)
            and re.fullmatch(r"2(\d{2}|\d{4}|\d{6})", str(r.get("code") or ""))]


def function_table(d: Disclosure) -> Table | None:
    """The first of FUNCTION_TABLES that gives spending by function class."""
    tables = (d.counterpart(kind) for kind in FUNCTION_TABLES)
    return next((t for t in tables if t is not None and function_classes(t)), None)


def _coded_classes(rows: list[dict]) -> list[tuple[str, str, Decimal]]:
    """Class rows summed by code (a table split by budget unit prints them once per unit); with no class
    rows, the item (项) rows summed into their classes, named from the function codes."""
    from ..reference import function_codes

    level = "类" if any(r.get("level") == "类" for r in rows) else "项"
    sums: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for row in rows:
        code = str(row["code"])
        if row.get("level") != level or len(code) != (3 if level == "类" else 7):
            continue
        sums[code[:3]] = sums.get(code[:3], Decimal(0)) + row["合计"]
        known = function_codes().get(code[:3])
        names.setdefault(code[:3], str(row.get("科目名称") or "").strip() if level == "类"
                         else known.name if known else "")
    return [(code, names[code] or code, value) for code, value in sums.items()]


def _named_classes(table: Table) -> list[tuple[str, str, Decimal]]:
    """For a table printing no codes: the rows named as a class (一般公共服务支出), summed by class, kept only
    when they add up to the table's total (a 款 or 项 may share a class's name)."""
    from ..reference import class_by_name, name_key

    sums: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for row in table.records:
        name, value = str(row.get("科目名称") or "").strip(), row.get("合计")
        code = class_by_name().get(name_key(name)) if name_key(name).endswith("支出") else None
        if code and isinstance(value, Decimal):
            sums[code] = sums.get(code, Decimal(0)) + value
            names.setdefault(code, name)
    total = table.total("合计")
    if total is None or abs(sum(sums.values(), Decimal(0)) - total) > Decimal("0.01") * len(sums):
        return []
    return [(code, names[code], value) for code, value in sums.items()]


def function_classes(table: Table) -> list[tuple[str, str, Decimal]]:
    """(code, name, 合计 in the table's unit) of each function class (类) of a function table."""
    rows = _function_rows(table)
    return _coded_classes(rows) if rows else _named_classes(table)


def functional_classification(d: Disclosure, unit: str = "万元") -> Figure | None:
    """Spending by function class (类), largest first; None without two classes."""
    table = function_table(d)
    if table is None:
        return None
    items = [(name, _to(value, table.unit or "元", unit)) for _, name, value in function_classes(table)]
    return _ranked_bar(items, f"{_TITLE_OF[table.kind]}功能分类（类）", unit)


#: The quantities a year-on-year chart compares, in this order: the narrative's headline figures (the
#: totals, 基本/项目支出, 三公经费, 机关运行经费). 财政拨款收入/支出 stand in where the narrative states
#: the change of the appropriation only (Shanghai: "其中：财政拨款收入 X 万元，比上年预算减少 Y 万元").
HEADLINE = ("收入合计", "收入总计", "支出合计", "支出总计", "财政拨款收入", "财政拨款支出", "基本支出", "项目支出",
            "三公经费", "机关运行经费")


def _is_stated_change(fact: Fact) -> bool:
    return (fact.kind == "change" and fact.direction in ("增加", "减少") and isinstance(fact.value, Decimal)
            and fact.unit in UNIT_FACTORS)


def _changed_amount(change: Fact, before: list[Fact], facts: list[Fact]) -> Fact | None:
    """The amount a change is stated against. A change with a subject of its own: that subject's amount in
    its sentence, else in its section. A change with none ("比上年增加 X 万元", "比2024年预算减少 X 万元"):
    the last recognised amount before it in its sentence ("比年初预算数 Y 万元" is not one)."""
    if change.canonical:
        same = [a for a in before if a.subject == change.subject]
        return same[-1] if same else next(
            (f for f in facts if f.kind == "amount" and f.subject == change.subject
             and f.section == change.section), None)
    known = [a for a in before if a.canonical]
    return known[-1] if known else None


def _year_pair(amount: Fact, change: Fact, unit: str) -> tuple[float, float]:
    """(prior year, this year) in ``unit``: this year's amount less the increase, or plus the decrease."""
    now = amount.figure * UNIT_FACTORS[amount.unit]
    step = change.figure * UNIT_FACTORS[change.unit]
    prior = now - step if change.direction == "增加" else now + step
    return float(prior / UNIT_FACTORS[unit]), float(now / UNIT_FACTORS[unit])


def _stated_pairs(d: Disclosure, unit: str) -> list[tuple[str, float, float]]:
    """(subject, prior year, this year) of each headline quantity whose amount and change (增加/减少 an
    amount) the narrative states, in HEADLINE order; the first change stated for a subject counts."""
    pairs: dict[str, tuple[float, float]] = {}
    sentence: tuple | None = None
    before: list[Fact] = []
    for fact in d.fact_records:
        if (fact.section, fact.sentence) != sentence:
            sentence, before = (fact.section, fact.sentence), []
        if fact.kind == "amount":
            before.append(fact)
        elif _is_stated_change(fact):
            amount = _changed_amount(fact, before, d.fact_records)
            if (amount is not None and amount.subject not in pairs and isinstance(amount.value, Decimal)
                    and amount.unit in UNIT_FACTORS):
                pairs[amount.subject] = _year_pair(amount, fact, unit)
    return [(subject, *pairs[subject]) for subject in HEADLINE if subject in pairs]


def comparable_pairs(pairs: list[tuple[str, float, float]]) -> list[tuple[str, float, float]]:
    """The pairs worth a chart: none with an empty slot (a year at 0 or below), none repeating the
    figures of an earlier pair (收入总计 and 支出总计 are the same numbers); [] unless two remain."""
    kept: list[tuple[str, float, float]] = []
    for subject, prior, now in pairs:
        if prior > 0 and now > 0 and all((prior, now) != (p, n) for _, p, n in kept):
            kept.append((subject, prior, now))
    return kept if len(kept) >= 2 else []


def year_on_year(d: Disclosure, unit: str = "万元") -> Figure | None:
    """This year against the prior year as the narrative states it (amount ± stated change), one panel per
    quantity with its own scale (收入合计 and 三公经费 differ a thousandfold: on one axis the small pair
    would not show); None when fewer than two distinct, complete pairs remain."""
    pairs = comparable_pairs(_stated_pairs(d, unit))
    if not pairs:
        return None
    setup_fonts()
    fig = Figure(figsize=(5.2, 1.05 * len(pairs) + 0.9), dpi=100, layout="constrained")
    year = d.year or 0
    for ax, (subject, prior, now) in zip(fig.subplots(len(pairs), 1, squeeze=False)[:, 0], pairs, strict=True):
        bars = ax.barh([0, 1], [prior, now], height=0.6, color=[PALETTE[6], PALETTE[0]])
        ax.bar_label(bars, labels=[f"{prior:,.2f}", f"{now:,.2f}"], padding=3, fontsize=10)
        ax.set_yticks([0, 1], [f"{year - 1} 年（推算）", f"{year} 年"], fontsize=10)
        ax.invert_yaxis()
        ax.set_xticks([])                    # each panel has its own scale: the figures are on the bars
        ax.margins(x=0.3)
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(f"{subject}（{unit}）", loc="left", fontsize=11)
    fig.suptitle("本年与上年对比（按说明所述增减推算）")
    return fig


def execution_pairs(d: Disclosure) -> list[tuple[str, float, float]]:
    """(what, 年初预算, 决算) of every completion sentence of a final account's text (年初预算为 A，支出决算为 B,
    完成年初预算的 r%): the whole general budget, each item it explains, the 三公 funds; both in 万元."""
    from ..ingest.facts import FINAL_ITEM, ITEM_SPLIT
    from ..reconcile.narrative_completion import COMPLETION, parse

    out = []
    for para in d.paragraphs:
        heads = list(FINAL_ITEM.finditer(para.text))
        for match in COMPLETION.finditer(para.text):
            c = parse(match)
            if c is None:
                continue
            head = next((h for h in reversed(heads) if h.start() <= match.start("actual") < h.end() + 4), None)
            label = ([n for n in ITEM_SPLIT.split(head.group("inner")) if n.strip()][-1].strip() if head
                     else "“三公”经费" if "三公" in para.text[max(0, match.start() - 30):match.start()]
                     else "一般公共预算财政拨款支出")
            factor = float(UNIT_FACTORS[c.unit] / UNIT_FACTORS["万元"])
            out.append((label, float(c.budget) * factor, float(c.actual) * factor))
    return out


def budget_execution(d: Disclosure, unit: str = "万元") -> Figure | None:
    """年初预算 against 决算 for what the final account explains, largest budget first (at most 12 rows); the
    whole general budget, which would dwarf its items, is stated in the title."""
    found = execution_pairs(d)
    whole = next((p for p in found if p[0] == "一般公共预算财政拨款支出"), None)
    pairs = sorted((p for p in found if p is not whole), key=lambda p: -p[1])[:12] or ([whole] if whole else [])
    if d.document_kind != "final" or not pairs:
        return None
    setup_fonts()
    scale = float(UNIT_FACTORS["万元"] / UNIT_FACTORS[unit])
    fig = Figure(figsize=(5.2, 0.45 * len(pairs) + 1.4), dpi=100, layout="constrained")
    ax = fig.subplots()
    rows = range(len(pairs))
    ax.barh([r - 0.2 for r in rows], [b * scale for _, b, _ in pairs], height=0.4, color=PALETTE[6], label="年初预算")
    ax.barh([r + 0.2 for r in rows], [a * scale for _, _, a in pairs], height=0.4, color=PALETTE[0], label="决算")
    ax.set_yticks(list(rows), [label[:14] for label, _, _ in pairs], fontsize=9)
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(f"预算执行：年初预算与决算（{unit}）", loc="left", fontsize=11)
    if whole is not None and pairs[0] is not whole and whole[1]:
        fig.suptitle(f"一般公共预算财政拨款支出：年初预算 {whole[1] * scale:,.2f}，决算 {whole[2] * scale:,.2f}，"
                     f"完成 {whole[2] / whole[1] * 100:.2f}%", fontsize=10)
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
    "function_classes": ("功能分类支出", lambda d, _f, u: functional_classification(d, u)),
    "year_on_year": ("本年与上年", lambda d, _f, u: year_on_year(d, u)),
    "budget_execution": ("年初预算与决算", lambda d, _f, u: budget_execution(d, u)),
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
