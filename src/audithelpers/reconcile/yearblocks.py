"""Tables of year rows per unit: blocks of rows (2025年 / 2026年 / 增减变化金额) under each budget unit,
the first block the whole department, each quantity split into fund columns ("公务接待费/一般公共预算" …)."""
from __future__ import annotations

import re

from ..model import Table
from .context import Context, Fig

#: The fund columns a quantity may be split into (财政拨款 is their sum).
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营预算")
_YEAR = re.compile(r"^((?:19|20)\d{2})年?度?(?:预算数?)?$")
_CHANGE = re.compile(r"^(?:增减|增减变化|增减变动|变化|变动)(?:金额|额|数)?$")


def fund_columns(table: Table, column: str, general: bool = False) -> list[str]:
    """The columns holding ``column``: itself, or its fund columns (only 一般公共预算's with ``general``)."""
    if column in table.columns:
        return [column]
    funds = FUNDS[:1] if general else FUNDS
    return [f"{column}/{fund}" for fund in funds if f"{column}/{fund}" in table.amount_columns]


def _label(row: dict, column: str) -> str:
    return re.sub(r"\s", "", str(row.get(column) or ""))


def blocks(table: Table) -> list[list[dict]]:
    """The table's unit blocks (a unit named on its first row only); [] unless every block is year rows."""
    if "预算单位" not in table.columns or "年度" not in table.columns or not table.records:
        return []
    if not _label(table.records[0], "预算单位"):
        return []
    out: list[list[dict]] = []
    for row in table.records:
        if _label(row, "预算单位"):
            out.append([])
        out[-1].append(row)
    for block in out:
        labels = [_label(r, "年度") for r in block]
        if not all(_YEAR.match(x) or _CHANGE.match(x) for x in labels) or len(set(labels)) != len(labels):
            return []
    return out


def year_rows(block: list[dict]) -> tuple[dict | None, dict | None, dict | None]:
    """(budget-year row, prior-year row, change row) of a block: the latest year, the one before, 增减."""
    years = sorted((int(m.group(1)), r) for r in block for m in [_YEAR.match(_label(r, "年度"))] if m)
    budget = years[-1][1] if years else None
    prior = years[-2][1] if len(years) >= 2 and years[-2][0] == years[-1][0] - 1 else None
    change = next((r for r in block if _CHANGE.match(_label(r, "年度"))), None)
    return budget, prior, change


def department_row(table: Table, prior: bool = False) -> dict | None:
    """The department block's budget-year row (or its prior-year row)."""
    found = blocks(table)
    if not found:
        return None
    budget, before, _ = year_rows(found[0])
    return before if prior else budget


def figs(ctx: Context, table: Table, row: dict | None, column: str, general: bool = False) -> list[Fig] | None:
    """The figures of ``column`` in ``row`` (its fund cells; a blank fund cell is none): None when no cell
    holds a figure or one could not be read."""
    columns = fund_columns(table, column, general)
    if row is None or not columns:
        return None
    bad = {(line, name) for line, name, _ in table.unparsed}
    if any((row["line"], c) in bad for c in columns):
        return None
    found = [f for c in columns for f in [ctx.fig(table, row, c)] if f is not None]
    return found or None
