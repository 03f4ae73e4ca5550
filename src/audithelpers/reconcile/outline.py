"""outline: the 类 / 款 / 项 tree of a function table that prints names only (no codes, no indents).

Many templates list the function classification by name alone, one row per line, classes,
sections (款) and items (项) in pre-order. The tree is read back from the two things that
are certain: class rows are known by name (the reference classes), and a section's amount
is the sum of its items. A section opens after a class (or after a closed section) and
takes the following rows as its items until their sum reaches its amount.

The tree is used to *find* the row a narrative item names, never to check the table's own
sums (they would hold by construction). It is accepted only when it is consistent: every
class equals the sum of its sections, the grand total the sum of its classes; otherwise
the table gives no rows (and the items it would hold stay "not checked").
"""
from __future__ import annotations

import re
from decimal import Decimal

from .. import reference
from ..model import Table

#: (label column, amount column) of the function rows in each layout: a function table, or the
#: spending side of a summary table.
COLUMNS = (("科目名称", "合计"), ("支出项目", "支出金额"))
_TOTAL = re.compile(r"^(?:合计|总计|本年支出合计|支出合计)$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\(\w{1,3}\)|\d+[.、])")


def _key(label: object) -> str:
    return _NUMBERING.sub("", reference.name_key(str(label or "")))


def _amount(row: dict, column: str) -> Decimal:
    value = row.get(column)
    return value if isinstance(value, Decimal) else Decimal(0)


def _slack(table: Table, column: str) -> Decimal:
    """Half a unit of the last printed decimal place, times a few rows of rounding."""
    places = max((-e for r in table.records for v in [r.get(column)] if isinstance(v, Decimal)
                  for e in [v.as_tuple().exponent] if isinstance(e, int)), default=0)
    return Decimal(5).scaleb(-places - 1) * 10


def _classes(table: Table, label: str) -> tuple[list[tuple[dict, list[dict]]], dict | None] | None:
    """(class row, the rows under it) in order, and the total row above or below them.

    None when a row that is not a class stands before the first class; the function rows end
    at a numbered row after them (二、年终结转结余 on a summary table's spending side).
    """
    blocks: list[tuple[dict, list[dict]]] = []
    total = None
    classes = reference.class_by_name()
    for row in table.records:
        raw = reference.name_key(str(row.get(label) or ""))
        key = _key(raw)
        if not key:
            continue
        if _TOTAL.match(key):
            total = total or row
        elif key in classes:
            blocks.append((row, []))
        elif not blocks:
            return None
        elif _NUMBERING.match(raw):
            break
        else:
            blocks[-1][1].append(row)
    return blocks, total


def _sections(rows: list[dict], slack: Decimal, column: str) -> list[tuple[dict, list[dict]]] | None:
    """A class's rows split into (section row, its items) by the sums; None when they do not close."""
    out: list[tuple[dict, list[dict]]] = []
    remaining: Decimal | None = None
    for row in rows:
        if remaining is None or abs(remaining) <= slack and _amount(row, column) != 0:
            out.append((row, []))
            remaining = _amount(row, column)
            continue
        out[-1][1].append(row)
        remaining -= _amount(row, column)
        if remaining < -slack:
            return None
    if remaining is not None and abs(remaining) > slack:
        return None
    return out


def columns(table: Table) -> tuple[str, str] | None:
    """The (label, amount) columns of a table's function rows, or None."""
    return next(((label, amount) for label, amount in COLUMNS
                 if label in table.columns and amount in table.columns), None)


def name_paths(table: Table) -> list[tuple[dict, tuple[str, ...]]]:
    """Each class, section and item row with the names from its class down to it; [] if unsure of the
    classes, and nothing of a class whose sections and items do not add up to it."""
    found = columns(table)
    if found is None or "level" in table.columns:
        return []
    label, amount = found
    read = _classes(table, label)
    if not read or not read[0]:
        return []
    blocks, total = read
    slack = _slack(table, amount)
    out: list[tuple[dict, tuple[str, ...]]] = []
    for head, rows in blocks:
        sections = _sections(rows, slack, amount)
        if sections is None or abs(sum((_amount(s, amount) for s, _ in sections), Decimal(0))
                                   - _amount(head, amount)) > slack:
            continue   # a class whose rows do not add up: none of its rows is named (its sums are a finding)
        top = _key(head[label])
        out.append((head, (top,)))
        for section, items in sections:
            out.append((section, (top, _key(section[label]))))
            out += [(item, (top, _key(section[label]), _key(item[label]))) for item in items]
    if total is not None and abs(sum((_amount(h, amount) for h, _ in blocks), Decimal(0))
                                 - _amount(total, amount)) > slack:
        return []
    return out
