"""narrative: economic items a sentence lists for 人员经费, 公用经费 or 机关运行经费, against the basic-spending table.

A list of what 公用经费 "主要包括" (办公费、印刷费、…、取暖费、福利费) copied from a template names items the
department does not budget: the table has no row for them, or 0. The glossary (名词解释) defines the terms in
general and is not read here. Items are recognised by their names in the economic classification
(``data/economic_codes.csv``) and a few short forms (职工福利费 for 福利费).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from .. import reference
from ..model import Table
from .cells import row_code
from .context import Context
from .registry import Issue, rule

#: A sentence that lists what a staff or running cost comprises.
LISTING = re.compile(r"(人员经费|公用经费|机关运行经费|日常公用(?:经费|支出)?)[^。；]{0,60}?"
                     r"(?:主要包括|包括|主要用于|主要是|如)(?P<items>[^。；]{4,300})")
#: Short forms of economic items' names as budget prose writes them.
ALIASES = {"职工福利费": "福利费", "维修费": "维修(护)费", "维护费": "维修(护)费",
           "公务用车运行费": "公务用车运行维护费"}
GLOSSARY = re.compile(r"名词解释|名词说明|术语")


def _names() -> dict[str, str]:
    """Name key → code of every economic item (款) of the reference classification."""
    return {reference.name_key(n): c for c, n in reference.economic_codes().items() if len(c) == 5}


def _budgeted(ctx: Context, table: Table, names: dict[str, str]) -> set[str]:
    """The economic items (codes) any row of the table budgets above 0, by code or by reference name (every unit's
    block counts: an item is budgeted when any of them budgets it)."""
    out = set()
    for row in ctx.rows(table):
        label = next((str(v) for k, v in row.items() if k not in table.amount_columns and k != "line" and v), "")
        code = row_code(row, table, 5) or names.get(reference.name_key(re.sub(r"^[\d\s.、]+", "", label)))
        if code and any(isinstance(row.get(c), Decimal) and row[c] for c in table.amount_columns):
            out.add(code)
    return out


def _listed(text: str, names: dict[str, str]) -> list[tuple[str, str]]:
    """(name as printed, code) of the economic items a list names."""
    out = []
    for part in re.split(r"[、，,和及与等]", text):
        word = reference.name_key(re.sub(r"^(?:以及|用于|支付|缴纳)", "", part.strip()))
        word = reference.name_key(ALIASES.get(word, word))
        if word in names:
            out.append((part.strip(), names[word]))
    return out


@rule("narrative.listed_unbudgeted", "info",
      "说明所列人员经费、公用经费或机关运行经费的构成项目在基本支出表中没有预算（多半是模板文字）",
      "a sentence lists items of 人员经费, 公用经费 or 机关运行经费 the basic-spending table does not budget",
      example=("公用经费 9.52 万元，主要包括办公费、差旅费、取暖费等。（基本支出表无取暖费）",
               "公用经费 9.52 万元，主要包括办公费、差旅费等。"))
def listed_unbudgeted(ctx: Context) -> Iterator[Issue]:
    table = ctx.counterpart("basic_expenditure")
    names = _names()
    budgeted = _budgeted(ctx, table, names) if table is not None else set()
    if len(budgeted) < 5:
        return   # no economic table read item by item: nothing to hold the lists against
    found: list[tuple[int, str, list[str], int]] = []   # (line, whose list, the items not budgeted, items listed)
    for para in ctx.disclosure.paragraphs:
        if GLOSSARY.search(para.section or ""):
            continue
        for match in LISTING.finditer(para.text):
            listed = _listed(match.group("items"), names)
            ctx.tick()
            missing = [printed for printed, code in listed if code not in budgeted]
            if listed and missing:
                found.append((para.line_at(match.start("items")), match.group(1), missing, len(listed)))
    if found:   # one finding for the document (one template's list, often repeated unit by unit)
        shown = "；".join(f"第 {n} 行{whose}：「{'、'.join(m)}」（共列 {k} 项）" for n, whose, m, k in found[:6])
        missing = list(dict.fromkeys(x for _, _, m, _ in found for x in m))
        yield Issue(f"说明列出的构成项目在{table.title}中没有预算：{shown}"  # type: ignore[union-attr]
                    f"{'等' if len(found) > 6 else ''}：多半是照搬模板的列举，请核对", [n for n, *_ in found],
                    expected="只列有预算的项目", actual="、".join(missing))
