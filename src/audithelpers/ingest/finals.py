"""finals: the columns of the nine final-accounts tables (部门决算) in the names the rules share.

The header tree reads a final-accounts table as it reads a budget table; what differs is the
words: 决算数 for the amount, 本年收入合计 / 本年支出合计 for the total, the funds spelt out
(一般公共预算财政拨款), and the 三公 table's 预算数 / 决算数 pair under each item. Here those
names become the ones the budget rules use for the same quantity (收入金额, 合计, 一般公共预算 …),
so that a rule written for a quantity reads it in either kind of document, and the 三公 table
keeps its budget and actual figures apart (``<item>/预算数``, ``<item>/决算数``).
"""
from __future__ import annotations

#: The funds' columns of the fiscal summary as the budget's fiscal summary names them.
_FUNDS = {"一般公共预算财政拨款": "一般公共预算", "政府性基金预算财政拨款": "政府性基金",
          "国有资本经营预算财政拨款": "国有资本经营预算"}
_TOTALS = {"final_revenue": "本年收入合计", "final_expenditure": "本年支出合计"}
_AMOUNT = ("决算数", "金额", "合计")


def _sides(names: list[str]) -> list[str]:
    """A summary table's columns: items and amounts of the income side, then of the spending side."""
    out, side = [], "收入"
    for name in names:
        leaf = name.split("/")[-1]
        if name == "支出项目" or name.startswith("支出/"):
            side = "支出"
        if name in ("收入项目", "支出项目") or leaf == "项目":
            out.append(f"{side}项目")
        elif leaf == "行次":
            out.append(f"{side}行次")
        elif leaf in _AMOUNT and name not in ("支出合计",) and (side == "收入" or "/" in name or leaf == "决算数"):
            out.append(f"{side}金额")
        else:
            out.append(_FUNDS.get(name, name))
    return out


def _three_public(names: list[str]) -> list[str]:
    """``<item>/合计`` under a 预算数 header is the item's budget when ``<item>/决算数`` stands beside it."""
    out = []
    for name in names:
        item, _, leaf = name.rpartition("/")
        if item and leaf in ("合计", "预算数") and f"{item}/决算数" in names:
            out.append(f"{item}/预算数")
        else:
            out.append(name)
    return out


def final_columns(kind: str, names: list[str]) -> list[str]:
    """The canonical column names of a final-accounts table of ``kind``; other kinds unchanged."""
    if kind in ("final_summary", "final_fiscal_summary"):
        sides = _sides(names)
        return sides if len(set(sides)) == len(sides) else names
    if kind in _TOTALS:
        return ["合计" if name == _TOTALS[kind] else name for name in names]
    if kind == "final_three_public":
        return _three_public(names)
    if kind in ("final_fund", "final_state_capital") and names and names[0] == "合计":
        return ["科目编码", *names[1:]]
    return names


#: The basic-spending table of final accounts prints its economic classes in two lists side by side
#: (人员经费 left, 公用经费 right): code, name and amount, twice.
BASIC = ("部门经济分类编码", "部门经济分类名称", "决算数")
_CODE_WORDS = ("编码", "代码")


def _half(name: str) -> str | None:
    """Which of code, name and amount a header label of the basic table is."""
    leaf = name.split("#")[0].split("/")[-1]
    if any(w in leaf for w in _CODE_WORDS):
        return BASIC[0]
    if "名称" in leaf:
        return BASIC[1]
    if leaf in ("决算数", "金额", "合计"):
        return BASIC[2]
    return None


def side_by_side(names: list[str]) -> bool:
    """Whether a basic table's columns are two (code, name, amount) lists beside each other."""
    return len(names) == 6 and [_half(n) for n in names] == [*BASIC, *BASIC]


def stacked(data: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The two lists one under the other: the left list's rows, then the right list's, each (code, name, amount).

    A total row ("人员经费合计 | | 4884.09") keeps its label in the name cell.
    """
    left: list[tuple[int, list[str]]] = []
    right: list[tuple[int, list[str]]] = []
    for number, cells in data:
        cells = (cells + [""] * 6)[:6]
        for half, out in ((cells[:3], left), (cells[3:], right)):
            if not any(c.strip() for c in half):
                continue
            code, name, amount = half
            if code.strip() and not code.strip().isdigit() and not name.strip():
                code, name = "", code
            out.append((number, [code, name, amount]))
    return left + right
