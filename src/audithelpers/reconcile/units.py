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
from ..model import Table
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


def unit_of(ctx: Context, fact) -> str | None:
    """The unit whose section of the text states this figure: the one unit label that the section's own
    heading ends (深圳市民政局(本级) for "一、深圳市民政局（本级）"; …工程管理中心 for
    "二、市建筑工务署工程管理中心")."""
    heading = _key(str(fact.get("section") or "").split(" > ")[-1])
    labels = unit_labels(ctx)
    if len(heading) < 4 or len(labels) < 2:   # one unit: the department itself, whose totals are the unit's
        return None
    found = [label for label in labels if _key(label).endswith(heading)]
    return found[0] if len(found) == 1 else None


def unit_figure(ctx: Context, fact, unit: str) -> Fig | None:
    """The unit's own cell for the figure: its budget (the income table's row), or its 项目支出 (the project
    table's row for the unit); None for anything else the section states."""
    raw = str(fact.get("raw_subject") or "")
    if fact["subject"] == "项目支出":
        kind, column = "projects", "合计"
    elif not fact["canonical"] and raw.endswith("预算") and _names(unit, _key(raw[:-2])):
        kind, column = "revenue", "合计"
    else:
        return None
    table = ctx.table(kind)
    label = _label_column(table) if table is not None else None
    if table is None or label is None or column not in table.columns:
        return None
    rows = [r for r in ctx.rows(table) if _key(str(r.get(label) or "")) == _key(unit)]
    return ctx.fig(table, rows[0], column) if len(rows) == 1 else None


def _names(unit: str, name: str) -> bool:
    """The text names the unit before 预算 by nothing (its section heading did), or by its label or an ending
    of it of 4 characters or more (市建筑工务署本级 for 深圳市建筑工务署(本级))."""
    return name == "" or (len(name) >= 4 and _key(unit).endswith(name))
