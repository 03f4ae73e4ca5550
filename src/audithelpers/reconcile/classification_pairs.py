"""classification: economic items that need their function items, compared in amount (as a reviewer reads them).

Employer contributions and retirement pay are budgeted twice over: by economic item (30108 机关事业单位基本养老保险
缴费) in the basic-spending table, and by function item (2080505 机关事业单位基本养老保险缴费支出) in the function
tables. The 政府收支分类科目 give each of these economic items its own function item, so the function item holds at
least what the economic items of the same scope hold; money beyond it was booked under another function item
(most often 行政运行). The pairs and what else a function item may hold are data: ``data/classification_pairs.csv``.
"""
from __future__ import annotations

import csv
import re
from decimal import Decimal
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

from .. import reference
from ..model import Table
from .cells import row_code
from .context import Context, Fig, show_in
from .registry import Issue, rule


@dataclass(frozen=True)
class Pair:
    economic: tuple[str, ...]      # the economic items (5-digit codes)
    function: tuple[str, ...]      # the function items or 款 (7 or 5 digits) they belong to
    may_also: tuple[str, ...]      # economic items the function item may hold besides (so not "more" in reverse)
    reverse: bool                  # the function item holds nothing else: more there than the items is told too


@lru_cache(maxsize=1)
def pairs() -> tuple[Pair, ...]:
    text = resources.files("audithelpers.data").joinpath("classification_pairs.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(Pair(tuple(r["economic"].split()), tuple(r["function"].split()), tuple(r["may_also"].split()),
                      r["reverse"] == "yes") for r in rows)


def _scope(table: Table) -> str:
    title = re.sub(r"\s", "", table.title)
    return "general" if "一般公共预算" in title else "fiscal" if "财政拨款" in title else "all"


_FUNCTION_TABLES = {"general": ("general_budget",), "fiscal": ("fiscal_expenditure",), "all": ("expenditure",)}


def _amounts(ctx: Context, table: Table, digits: int, column: str) -> dict[str, Fig]:
    """code → figure of ``column`` for every row of the table carrying a code of ``digits`` digits. A code printed
    twice with two figures (a table of several units' blocks) is kept under ``AMBIGUOUS``: which is the department's
    is not known, and a pair needing it is not checked."""
    seen: dict[str, list[Fig]] = {}
    for row in ctx.rows(table):
        code = row_code(row, table, digits)
        fig = ctx.fig(table, row, column) if code else None
        if code and fig is not None:
            seen.setdefault(code, []).append(fig)
    return {code: figs[0] if len({f.value for f in figs}) == 1 else AMBIGUOUS for code, figs in seen.items()}


#: A code printed twice with two figures (blocks per unit): its figure is not known.
AMBIGUOUS = Fig(Decimal(-1), "?", 0)


def economic_amounts(ctx: Context, table: Table, codes: set[str] | None = None) -> dict[str, Fig]:
    """The basic-spending table's economic items (5 digits) by code, or by their reference names where it prints no
    codes (only ``codes``, when given)."""
    coded = _amounts(ctx, table, 5, "合计")
    if coded:
        return coded
    names = {reference.name_key(n): c for c, n in reference.economic_codes().items()
             if len(c) == 5 and (codes is None or c in codes)}
    return _named(ctx, table, names, "合计")


def _economic_amounts(ctx: Context, table: Table) -> dict[str, Fig]:
    return economic_amounts(ctx, table, {c for p in pairs() for c in p.economic + p.may_also})


def _named(ctx: Context, table: Table, names: dict[str, str], column: str) -> dict[str, Fig]:
    """code → figure of the rows whose label is one of ``names`` (name key → code); a name printed twice with two
    figures is ``AMBIGUOUS``."""
    label = next((c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")),
                 None)
    seen: dict[str, list[Fig]] = {}
    for row in ctx.rows(table):
        code = names.get(reference.name_key(re.sub(r"^[\d\s.、]+", "", str(row.get(label) or ""))))
        fig = ctx.fig(table, row, column) if code else None
        if code and fig is not None:
            seen.setdefault(code, []).append(fig)
    return {code: figs[0] if len({f.value for f in figs}) == 1 else AMBIGUOUS for code, figs in seen.items()}


def _function_amounts(ctx: Context, table: Table) -> dict[str, Fig]:
    """The function table's 项 (and 款) amounts in its basic-spending column, by code; by reference name where the
    table prints names only (the items of the pairs have names of their own)."""
    column = "基本支出" if "基本支出" in table.amount_columns else "合计"
    out = _amounts(ctx, table, 7, column) | _amounts(ctx, table, 5, column)
    if out or column not in table.columns:
        return out
    wanted = tuple(c for p in pairs() for c in p.function)   # an item, or every 项 of a 款
    names = {reference.name_key(f.name): c for c, f in reference.function_codes().items()
             if len(c) == 7 and c.startswith(wanted)}
    return _named(ctx, table, names, column)


def _held(function: dict[str, Fig], codes: tuple[str, ...]) -> list[Fig]:
    """The function figures of items (7 digits) or of a 款's items (5 digits: its 项, or the 款 row itself)."""
    out: list[Fig] = []
    for code in codes:
        items = [f for c, f in function.items() if len(c) == 7 and c.startswith(code) and c != code]
        out += items or ([function[code]] if code in function else [])
    return out


def _compare(ctx: Context, econ: dict[str, Fig], function: dict[str, Fig], pair: Pair) -> tuple[str, list[int]] | None:
    """What is wrong with one pair, and the lines it cites; None when it holds or the items are not budgeted."""
    mine = [econ[c] for c in pair.economic if c in econ and econ[c].value]
    held = _held(function, pair.function)
    extra_codes = [econ[c] for c in pair.may_also if c in econ]
    if not mine or any(f is AMBIGUOUS for f in mine + held + extra_codes):
        return None   # nothing budgeted, or a figure printed per unit block: not checked
    e, f = ctx.sum_figs(mine), ctx.sum_figs(held)
    unit = mine[0].unit
    names = "、".join(f"{c} {reference.economic_codes().get(c, '')} {econ[c].show()}" for c in pair.economic
                     if c in econ and econ[c].value)
    where = "功能科目 " + "、".join(f"{c} {_function_name(c)}" for c in pair.function)
    if e > f and not ctx.close(e, f, mine + held):
        told = f"只有 {show_in(f, unit)}" if held else "未列出"
        return (f"经济科目 {names}，而{where}{told}：至少 {show_in(e - f, unit)} 列在了其他功能科目下",
                [x.line for x in mine + held])
    if pair.reverse and f > e:
        extra = ctx.sum_figs(econ[c] for c in pair.may_also if c in econ)
        if f > e + extra and not ctx.close(f, e + extra, mine + held):
            return (f"{where} {show_in(f, unit)}，而对应的经济科目 {names}：{show_in(f - e - extra, unit)} "
                    f"没有对应的经济科目",
                    [x.line for x in mine + held])
    return None


def _function_name(code: str) -> str:
    found = reference.function_codes().get(code)
    return found.name if found else ""


@rule("classification.function_pair", "warning",
      "经济科目与其对应的功能科目金额不符（如 30108 养老保险缴费多于 2080505）",
      "economic items without (or beyond) the function items they belong to (30108 above 2080505, no 2210201)",
      example=("30113\t住房公积金\t9.79（功能分类表中住房保障支出 2210201 住房公积金只有 5.00）",
               "30113\t住房公积金\t9.79（2210201 住房公积金 9.79）"))
def function_pair(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one way of booking), naming each pair that does not hold."""
    crossed = _crossed(ctx)
    if crossed:   # a table printing each row's function and economic item: read row by row
        table, wrong = crossed
        if wrong:
            yield Issue(f"{table.title}把经济科目列在了其他功能科目下：" + "；".join(t for t, _ in wrong),
                        [n for _, lines in wrong for n in lines], expected="经济科目列在其对应的功能科目下",
                        actual=f"{len(wrong)} 组不符")
        return
    econ_table = next((t for t in ctx.tables("basic_expenditure") if "合计" in t.columns
                       and _economic_amounts(ctx, t)), None)
    if econ_table is None:
        return
    function_table = next((ctx.counterpart(k) for k in _FUNCTION_TABLES[_scope(econ_table)]
                           if ctx.counterpart(k) is not None), None)
    function = _function_amounts(ctx, function_table) if function_table is not None else {}
    if not function:
        ctx.not_checked[ctx.rule] = 1   # no function table of the economic table's scope, or none with codes
        return
    econ = _economic_amounts(ctx, econ_table)
    wrong = [found for pair in pairs() for found in [_compare(ctx, econ, function, pair)] if found]
    if wrong:
        yield Issue(f"{econ_table.title}与{function_table.title}（基本支出）的科目对应不符："   # type: ignore[union-attr]
                    + "；".join(text for text, _ in wrong), [n for _, lines in wrong for n in lines],
                    expected="经济科目列在其对应的功能科目下", actual=f"{len(wrong)} 组不符")


_CELL_CODE = re.compile(r"^\s*(\d{5}|\d{7})\s*[-－_\s]\s*\S")


def _row_codes(row: dict, table: Table) -> tuple[str | None, str | None]:
    """(function item, economic item) a row of a crossed table names in its label cells ("2130201-行政运行",
    "30108-机关事业单位基本养老保险缴费")."""
    function = economic = None
    for column in table.columns:
        if column in table.amount_columns or column == "line":
            continue
        match = _CELL_CODE.match(str(row.get(column) or ""))
        code = match.group(1) if match else ""
        if len(code) == 7 and code[0] == "2":
            function = function or code
        elif len(code) == 5 and code[0] == "3":
            economic = economic or code
    return function, economic


def _crossed(ctx: Context) -> tuple[Table, list[tuple[str, list[int]]]] | None:
    """A spending table whose rows name both a function item and an economic item, and the pairs whose economic
    items it books under other function items (with their amounts and rows)."""
    for table in ctx.tables("expenditure", "basic_expenditure", "general_budget"):
        column = "基本支出" if "基本支出" in table.amount_columns else "合计"
        rows: list[tuple[str, str, Fig]] = []
        for row in ctx.rows(table):
            function, economic = _row_codes(row, table)
            fig = ctx.fig(table, row, column)
            if function and economic and fig is not None:
                rows.append((function, economic, fig))
        if len(rows) < 5:
            continue
        wrong = []
        for pair in pairs():
            elsewhere = [(f, e, fig) for f, e, fig in rows if e in pair.economic and fig.value
                         and not f.startswith(pair.function)]
            ctx.tick()
            if elsewhere:
                items = "、".join(f"{e} {reference.economic_codes().get(e, '')} {fig.show()}（列在 {f} "
                                 f"{_function_name(f)}）" for f, e, fig in elsewhere)
                belongs = "、".join(f"{c} {_function_name(c)}" for c in pair.function)
                wrong.append((f"{items}，应列在功能科目 {belongs}", [fig.line for _, _, fig in elsewhere]))
        return table, wrong
    return None
