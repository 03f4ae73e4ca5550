"""Function items: the row of a function table that an item explanation names by its 类/款/项 path or code."""
from __future__ import annotations

import re

from .. import reference
from ..model import Fact, Row, Table
from .context import Context
from . import outline
from .cells import scope
from .outline import name_paths


def _name_matches(row: dict, name: str) -> bool:
    key = reference.name_key(str(row.get("科目名称", "")))
    return key in {name, name + "支出", name.removesuffix("支出")}


#: Function tables an item explanation may refer to, by scope (一般公共预算, 基金, 财政拨款, all funds).
ITEM_TABLES = ("general_budget", "fund_budget", "state_capital", "fiscal_expenditure", "expenditure", "fiscal_summary")


def amount_column(table: Table) -> str:
    """Where a function row's amount stands: 合计, or 支出金额 on a summary table's spending side."""
    found = outline.columns(table)
    return found[1] if found else "合计"


def _coded(item: str) -> tuple[str, str] | None:
    """(code, name) of an item named by its code ("2040601 行政运行"), else None."""
    match = re.match(r"^(\d{3,7}) (.+)$", item)
    return (match.group(1), match.group(2)) if match else None


def _path_matches(path: tuple[str, ...], names: list[str]) -> bool:
    """A row's names from its class down (an outline path) end with the text's names, ancestors in order."""
    def same(key: str, name: str) -> bool:
        return key in {name, name + "支出", name.removesuffix("支出")}
    if not same(path[-1], names[-1]):
        return False
    ancestors = list(path[:-1])
    return all(any(same(a, n) for a in ancestors) for n in names[:-1])


def _item_row(ctx: Context, table: Table, names: list[str], code: str | None) -> Row | None:
    """The row of one table that an item path (or code) names."""
    if "level" not in table.columns:   # names only: the outline read back from the sums
        paths = name_paths(table)
        return next((row for row, path in paths if _path_matches(path, names) and
                     (code is None or len(path) == {3: 1, 5: 2, 7: 3}[len(code)])), None)
    rows = [r for r in ctx.rows(table) if r.get("level") in ("类", "款", "项") and r.get("code")]
    if code is not None:
        return next((r for r in rows if str(r["code"]) == code), None)
    for row in rows:
        if not _name_matches(row, names[-1]):
            continue
        ancestors = [a for a in rows if str(row["code"]).startswith(str(a["code"])) and a is not row]
        if all(any(_name_matches(a, name) for a in ancestors) for name in names[:-1]):
            return row
    return next((row for row in rows if _name_matches(row, names[-1]) and _reference_path(str(row["code"]), names)),
                None)


def _reference_path(code: str, names: list[str]) -> bool:
    """A table printing 项 rows only: the earlier names are those of the code's class and 款 in the
    government classification (so 一般公共服务支出/审计事务/行政运行 is 2010801, not 2010301)."""
    codes = reference.function_codes()
    known = {reference.name_key(n) for prefix in (code[:3], code[:5]) if prefix in codes
             for n in (codes[prefix].name, *codes[prefix].former)}
    return len(names) > 1 and all(any(k in known for k in (n, n + "支出", n.removesuffix("支出"))) for n in names[:-1])


def item_rows(ctx: Context, item: str | None) -> list[tuple[Table, dict]]:
    """Every function row named by a 类/款/项 path (or a code) in the text, one per table (general budget first).

    The path may start at any level ("审计事务（款）行政运行（项）" under a 类 heading): the row of
    its last name is taken whose ancestors carry the earlier names. A table that prints names
    only is searched through its outline (``outline.name_paths``).
    """
    coded = _coded(item) if item else None
    code = coded[0] if coded else None
    names = [reference.name_key(n) for n in (coded[1] if coded else item or "").split("/") if n]
    found: list[tuple[Table, dict]] = []
    for kind in ITEM_TABLES if names else ():
        table = ctx.counterpart(kind)
        if table is None or outline.columns(table) is None:
            continue
        row = _item_row(ctx, table, names, code)
        if row is not None:
            found.append((table, row))
    return found


#: The tables holding an item of an explicitly scoped explanation (一般公共预算 / 财政拨款).
_SCOPED_ITEM_TABLES = {"general": ("general_budget",), "fiscal": ("fiscal_expenditure", "fiscal_summary")}


def item_hits(ctx: Context, fact: Fact) -> list[tuple[Table, dict]]:
    """The rows an item explanation is compared with: those of its own scope's table when the
    text names the scope and that table was read, else the item's row in every function table."""
    hits = item_rows(ctx, fact.item)
    own = [t.kind for k in _SCOPED_ITEM_TABLES.get(scope(fact), ()) for t in [ctx.counterpart(k)] if t is not None]
    return [(t, r) for t, r in hits if t.kind in own] if own else hits

