"""Cells of tables, located: a row by its label, a cell (a blank standing for 0 where asked), the amount
column of a summary side, and the figure and fund scope of a narrative fact. Rules and quantities build on
these; nothing here decides what is wrong."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Fact, Row, Table
from .context import UNSTATED, Context, Fig


def fact_fig(fact: Fact) -> Fig:
    return Fig(fact.figure, fact.unit, fact.line)


def scope(fact: Fact) -> str:
    """Whose money a narrative figure counts: "general" (一般公共预算), "fiscal" (财政拨款) or "all"."""
    said = f"{fact.raw_subject} {fact.section}"
    if "一般公共预算" in said:
        return "general"
    sentence = str(fact.sentence)
    if "财政拨款" in said or "财政拨款" in sentence[:max(0, sentence.find(str(fact.raw_subject)))]:
        return "fiscal"
    return "all"


def find_row(ctx: Context, table: Table, label_col: str, *patterns: str, exclude: tuple[str, ...] = ("其中",)
             ) -> Row | None:
    """First row whose label matches every pattern (spaces ignored)."""
    if label_col not in table.columns:
        return None
    for row in ctx.rows(table):
        label = re.sub(r"\s", "", str(row[label_col] or ""))
        if label and all(re.search(p, label) for p in patterns) and not any(label.startswith(e) for e in exclude):
            return row
    return None


def first(*rows: Row | None) -> Row | None:
    """The first row that is not None (rows are pandas Series, which have no truth value)."""
    return next((r for r in rows if r is not None), None)


def cell(ctx: Context, table: Table, row: Row | None, column: str, blank_zero: bool = False) -> Fig | None:
    """A cell's figure; with ``blank_zero`` a cell printed blank stands for 0 (so a stated zero agrees
    with it; a blank is never taken for a non-zero figure, nor is a cell that could not be read)."""
    fig = ctx.fig(table, row, column)
    if fig is not None or not blank_zero or row is None or column not in table.columns or row.get(column) is not None:
        return fig
    if (row["line"], column) in {(line, name) for line, name, _ in table.unparsed}:
        return None
    return Fig(Decimal(0), table.unit or UNSTATED, int(row["line"]))


def summary_amount(table: Table, side: str) -> str:
    """The amount column of a summary table's side (收入 or 支出): ``<side>金额``, or, where the spending
    side is printed with its parts (支出合计, 人员经费, 公用经费 …, as Shanghai's tables are), 支出合计."""
    named = f"{side}金额"
    return "支出合计" if side == "支出" and named not in table.columns and "支出合计" in table.columns else named


def total_fig(ctx: Context, kind: str, column: str, counterpart: bool = False) -> Fig | None:
    """``column`` of the total row of the understood table of ``kind`` (with ``counterpart``, in final accounts the
    final-accounts table of the same quantities: ``Context.counterpart``)."""
    table = ctx.counterpart(kind) if counterpart else ctx.table(kind)
    return ctx.fig(table, ctx.total_row(table), column) if table is not None else None


def unread(table: Table, row: Row, column: str) -> bool:
    """The cell was printed but could not be read as a number (it is not blank)."""
    return (row["line"], column) in {(line, name) for line, name, _ in table.unparsed}


def _coded(rows: list[Row]) -> list[tuple[str, Row]]:
    return [(str(r["code"]), r) for r in rows if r.get("level") in {"类", "款", "项"} and str(r["code"]).isdigit()]


def code_roots(rows: list[Row]) -> list[Row]:
    """The rows of function codes that no listed row contains: the 类 rows, and any 款 or 项 printed
    without its 类 (a table listing only the codes it spends on, at whatever level)."""
    coded = _coded(rows)
    codes = {c for c, _ in coded}
    return [r for c, r in coded if not any(c[:n] in codes for n in (3, 5) if n < len(c))]


def code_leaves(rows: list[Row]) -> list[Row]:
    """The rows of function codes that contain no listed row: each branch's lowest rows (项, and a 款 or
    类 printed without parts)."""
    coded = _coded(rows)
    return [r for c, r in coded if not any(o != c and o.startswith(c) for o, _ in coded)]


_CODED = re.compile(r"^\s*[\[【(（]?(\d{7}|\d{5}|\d{3})(?!\d)[\]】)）]?\s*[-－_:：\s]?\s*\S")


def row_code(row: dict, table: Table, digits: int) -> str | None:
    """The row's code of ``digits`` digits: its code column, or a label that starts with it ("[30108]…", "30108-…")."""
    for column in ("code", "部门经济分类编码", "科目编码", "经济科目编码"):
        value = re.sub(r"\s", "", str(row.get(column) or ""))
        if re.fullmatch(rf"\d{{{digits}}}", value):
            return value
    for column in table.columns:
        if column in table.amount_columns or column == "line":
            continue
        match = _CODED.match(str(row.get(column) or ""))
        if match and len(match.group(1)) == digits:
            return match.group(1)
    return None
