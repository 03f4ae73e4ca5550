"""A department's budget units (预算单位): the figures its text states for one unit.

Some departments publish their units side by side: the income table lists each unit on a row of its
own (预算单位: 深圳市建筑工务署(本级), …工程管理中心, …), the project table starts each unit's projects
with the unit's row, and the text gives each unit a section ("二、市建筑工务署工程管理中心") whose
figures are the unit's: "…中心预算 8,236.21 万元，包括…项目支出 1,225.49 万元". Such a figure is compared
with the unit's row (its budget with the income table's, its 项目支出 with the project table's), and
never with the department's totals, which hold every unit.
"""
from __future__ import annotations

import re

from .. import reference
from ..model import Fact, Table
from .context import Context, Fig

#: The column naming the unit of each row of an income table that lists units.
UNIT_COLUMNS = ("预算单位", "单位名称")
#: A heading's or item's own numbering (1. 1、 (一) 一、), kept apart from its name.
NUMBERED = re.compile(r"^(?:\d+[.、．]|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)")


def _key(text: str) -> str:
    return reference.name_key(re.sub(r"[()（）]", "", NUMBERED.sub("", text.strip())))


def _label_column(table: Table) -> str | None:
    return next((c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")),
                None)


def unit_labels(ctx: Context) -> list[str]:
    """The units an income table lists row by row (empty when it lists none)."""
    table = ctx.table("revenue")
    column = next((c for c in UNIT_COLUMNS if table is not None and c in table.columns), None)
    if table is None or column is None:
        return []
    return [str(r[column]) for r in ctx.rows(table) if str(r.get(column) or "").strip()]


def unit_of(ctx: Context, fact: Fact) -> str | None:
    """The unit whose section of the text states this figure: the one unit label that the section's own
    heading ends (深圳市民政局(本级) for "一、深圳市民政局（本级）"; …工程管理中心 for
    "二、市建筑工务署工程管理中心")."""
    heading = _key(str(fact.section or "").split(" > ")[-1])
    labels = unit_labels(ctx)
    if len(heading) < 4 or len(labels) < 2:   # one unit: the department itself, whose totals are the unit's
        return None
    found = [label for label in labels if _key(label).endswith(heading)]
    return found[0] if len(found) == 1 else None


def sole_unit(ctx: Context) -> str | None:
    """The one unit an income table that lists units names: the department itself, whose tables then print
    its figures on the unit's row instead of a 合计 row."""
    labels = unit_labels(ctx)
    return labels[0] if len(labels) == 1 else None


def unit_figures(ctx: Context, fact: Fact, unit: str) -> list[list[Fig]]:
    """The unit's own cells for the figure: its budget (the income table's row), its 项目支出 (the project
    table's row for the unit), an economic class it names (its row in the unit's block of the basic-spending
    table); none for anything else the section states. Its 人员经费 and 公用经费 are not compared: what
    they hold differs by region (Shenzhen's 在职人员经费 leaves out 增人增资, its 公用经费 takes in 医疗费),
    so no row or sum of rows is the same quantity."""
    raw = str(fact.raw_subject or "")
    if fact.subject == "支出":   # an economic class named with its amount ("对个人和家庭的补助支出 376.30 万元")
        code = economic_class(raw)
        row = _class_row(ctx, unit, code) if code else None
        return [[row]] if row is not None and not holds_reserve(ctx, fact, row) else []
    if fact.subject == "项目支出":
        kind = "projects"
    elif not fact.canonical and raw.endswith("预算") and _names(unit, _key(raw[:-2])):
        kind = "revenue"
    else:
        return []
    table = ctx.table(kind)
    label = _label_column(table) if table is not None else None
    if table is None or label is None or "合计" not in table.columns:
        return []
    rows = [r for r in ctx.rows(table) if _key(str(r.get(label) or "")) == _key(unit)]
    fig = ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None
    return [[fig]] if fig is not None else []


#: A reserve for staff costs the year's budget holds apart from the economic classes (增人增资: new posts, raises,
#: pensions) and the tables spread over the classes it will be spent in.
RESERVES = ("增人增资",)


def holds_reserve(ctx: Context, fact: Fact, row: Fig) -> bool:
    """True when the text of this figure's section sets a reserve apart ("…对个人和家庭的补助支出 2,518.30 万元、
    增人增资 780.62 万元") and the class row holds more than the figure: the text's class leaves out the reserve's
    share (its 抚恤金 and 丧葬费 are 对个人和家庭的补助), which the row may hold, so it is not the same quantity.
    A row holding less is (no share of a reserve makes it smaller)."""
    if not any(word in str(f.raw_subject or "") for f in ctx.facts_where(section=fact.section) for word in RESERVES):
        return False
    stated = Fig(fact.figure, fact.unit, fact.line)
    return row.yuan > stated.yuan + stated.half_unit_yuan + row.half_unit_yuan


def economic_class(raw: str) -> str | None:
    """The economic class (类, 3-digit code) a subject names ("包括对个人和家庭的补助支出" → 303)."""
    name = class_key(re.sub(r"^(?:包括|其中|主要是|用于)+", "", NUMBERED.sub("", raw)))
    return next((c for c, n in reference.economic_codes().items() if len(c) == 3 and class_key(n) == name), None)


def class_key(text: str) -> str:
    return reference.name_key(text).replace("的", "").removesuffix("支出")


def _class_row(ctx: Context, unit: str, code: str) -> Fig | None:
    """The row of this economic class in the unit's block of the basic-spending table (the rows after the
    unit's own row, up to the next unit's), found by name, when it is there once."""
    table = ctx.table("basic_expenditure")
    label = _label_column(table) if table is not None else None
    if table is None or label is None or "合计" not in table.columns:
        return None
    name = class_key(reference.economic_codes()[code])
    rows = [r for r in unit_block(ctx, table, label, unit) if class_key(str(r.get(label) or "")) == name]
    return ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None


def unit_rows(ctx: Context, table: Table, label: str, unit: str | None) -> list[dict]:
    """The table's rows; for a unit, only its block where the table lists the units row by row."""
    units = {_key(u) for u in unit_labels(ctx)}
    if unit is None or not any(_key(str(r.get(label) or "")) in units for r in ctx.rows(table)):
        return ctx.rows(table)
    return unit_block(ctx, table, label, unit)


def unit_block(ctx: Context, table: Table, label: str, unit: str) -> list[dict]:
    """The rows of a table that lists units after the unit's own row, up to the next unit's."""
    units = {_key(u) for u in unit_labels(ctx)}
    block: list[dict] = []
    inside = False
    for row in ctx.rows(table):
        key = _key(str(row.get(label) or ""))
        if key in units:
            if inside:
                break
            inside = key == _key(unit)
        elif inside:
            block.append(row)
    return block


def _names(unit: str, name: str) -> bool:
    """The text names the unit before 预算 by nothing (its section heading did), or by its label or an ending
    of it of 4 characters or more (市建筑工务署本级 for 深圳市建筑工务署(本级))."""
    return name == "" or (len(name) >= 4 and _key(unit).endswith(name))
