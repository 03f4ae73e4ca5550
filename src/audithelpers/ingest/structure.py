"""A table's kind from its structure: the header's labels and the rows' codes, whatever its title says.

Titles vary far more than the tables under them (表一, 预算01表, 附表3, a department's own wording), while the
national templates fix the structure: the basic-spending table lists economic classes 301/302/303 (and their
items) with 人员经费 and 公用经费 columns; the 三公 table has columns (or rows) of 因公出国(境)费, 公务接待费 and
公务用车; the summary prints an income side and a spending side, each with its total.

Only shapes that identify one kind are named here. Shapes several kinds share (a function table with 基本支出 and
项目支出 is the general budget's, the fund's, all funds' or the appropriations') are left to the title: a table
whose kind is not certain stays ``unknown`` and is reported as not read, never compared as the wrong quantity.
"""
from __future__ import annotations

import re

#: An economic class or item code of the basic-spending table (301, 30101 …; 310 capital items).
_ECONOMIC = re.compile(r"^3(?:0[1-9]|10)(?:\d{2})?$")
_THREE_PUBLIC = ("因公出国", "公务接待", "公务用车")
#: How a kind was decided (``Table.kind_by``, document.json).
TITLE, STRUCTURE, BOTH = "title", "structure", "title and structure"


def _words(cells: list[list[str]]) -> str:
    return re.sub(r"\s", "", "".join(c for row in cells for c in row))


def _economic_rows(data: list[list[str]]) -> int:
    """Rows whose first code-like cell is an economic class or item (30101, 302 …)."""
    count = 0
    for cells in data:
        code = next((re.sub(r"\s", "", c) for c in cells if re.fullmatch(r"\s*\d{3,7}\s*", c or "")), None)
        count += bool(code and _ECONOMIC.match(code))
    return count


def _two_sided(header: str, labels: str) -> bool:
    """An income side and a spending side, each with its total (收入总计 … 支出总计; or, as other regions' final
    accounts print it, 本年收入合计 … 本年支出合计 and a 总计 on each side)."""
    sides = header + labels
    totals = ("收入总计" in sides and "支出总计" in sides) or ("本年收入合计" in labels and "本年支出合计" in labels)
    return "收入" in header and "支出" in header and "收入" in labels and "支出" in labels and totals


def _final(header: str, labels: str) -> bool:
    """The columns or rows of a final account: 决算数, 行次, or the carry-over at the year's start and end."""
    return "决算" in header or "行次" in header or ("年初结转和结余" in header + labels
                                                  and "年末结转和结余" in header + labels)


def kind_of(header: list[list[str]], data: list[list[str]]) -> str | None:
    """The kind this structure identifies by itself, or None when it does not identify one."""
    head = _words(header)
    labels = _words([row[:3] for row in data])
    if sum(w in head for w in _THREE_PUBLIC) >= 2 or (
            sum(w in labels for w in _THREE_PUBLIC) >= 2 and len(data) <= 12 and not _economic_rows(data)):
        return "final_three_public" if "决算" in head else "three_public"
    final = _final(head, labels)
    if ("人员经费" in head or "公用经费" in head or final and "决算数" in head) and _economic_rows(data) >= 3:
        return "final_basic" if final else "basic_expenditure"
    if _two_sided(head, labels):
        fiscal = "财政拨款" in head and "事业收入" not in labels
        if final:
            return "final_fiscal_summary" if fiscal else "final_summary"
        return "fiscal_summary" if fiscal else "summary"
    return None


#: Kinds of one shape: a structure naming any of them agrees with a title naming another.
SHAPES = ({"basic_expenditure", "fiscal_basic", "economic_summary", "final_basic"},
          {"three_public", "final_three_public"},
          {"summary", "fiscal_summary", "final_summary", "final_fiscal_summary"})


def disagree(by_title: str, by_structure: str | None) -> bool:
    """The title names a kind that the structure rules out (a structure of another shape)."""
    if by_structure is None or by_title in ("unknown", by_structure):
        return False
    return not any(by_title in shape and by_structure in shape for shape in SHAPES)


def confirmed(by_title: str | None, header: list[list[str]], data: list[list[str]]) -> tuple[str, str, str | None]:
    """(kind, how it was decided, the structure's kind where it rules the title's out): the title's kind when it has
    one (confirmed when the structure agrees), else the structure's, else unknown."""
    by_structure = kind_of(header, data)
    if by_title and by_title != "unknown":
        how = BOTH if by_structure == by_title else TITLE
        return by_title, how, by_structure if disagree(by_title, by_structure) else None
    return (by_structure, STRUCTURE, None) if by_structure else ("unknown", TITLE, None)
