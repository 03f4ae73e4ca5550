"""Column layouts: from a table's header rows to canonical column names.

Two ways, tried in order:

1. *Header*: the header rows are read as a tree of merged cells (a label covers the
   empty cells to its right, within its parent), each position gets the path of labels
   above it, and the path is reduced to one canonical name. This is accepted when every
   name is distinct and the names the kind needs are there.
2. *Standard*: the text extraction of many disclosures mangles multi-row headers
   (labels shifted left, wrapped over lines). Then the standard layout of the kind with
   the same number of columns is used, when the header mentions its key labels.
"""
from __future__ import annotations

import re

from .finals import final_columns

TEXT_COLUMNS = frozenset({
    "类", "款", "项", "经济类", "经济款", "科目编码", "科目名称", "单位代码", "单位名称", "项目编码", "项目名称",
    "项目单位", "类型", "收入项目", "支出项目", "部门经济分类编码", "部门经济分类名称",
    "政府经济分类编码", "政府经济分类名称", "项目类型", "备注", "预算单位", "年度",
    "行次", "收入行次", "支出行次",   # final accounts' row numbers (1, 2, 3 …): never amounts
})

_FUNC_14 = ("类", "款", "项", "单位代码", "科目名称", "合计", "基本支出", "工资福利支出",
            "对个人和家庭的补助", "商品和服务支出", "资本性支出", "项目支出", "其他运转类", "特定目标类")

#: Standard layouts: kind -> list of column tuples (one per known width).
STANDARD: dict[str, list[tuple[str, ...]]] = {
    "expenditure": [_FUNC_14],
    "general_budget": [_FUNC_14],
    "fund_budget": [_FUNC_14],
    "state_capital": [_FUNC_14],
    "summary": [("收入项目", "收入金额", "支出项目", "支出金额")],
    "fiscal_summary": [("收入项目", "收入金额", "支出项目", "支出合计", "一般公共预算", "财政拨款",
                        "政府性基金", "国有资本经营预算")],
    "basic_expenditure": [("部门经济分类编码", "部门经济分类名称", "政府经济分类编码", "政府经济分类名称",
                           "合计", "人员经费", "公用经费")],
    "three_public": [("合计", "因公出国(境)费", "公务用车购置及运行费", "公务用车购置费",
                      "公务用车运行维护费", "公务接待费")],
    "projects": [("类型", "项目名称", "项目单位", "合计", "本年拨款/一般公共预算", "本年拨款/政府性基金预算",
                  "本年拨款/国有资本经营预算", "结转结余/一般公共预算", "结转结余/政府性基金预算",
                  "结转结余/国有资本经营预算", "财政专户管理资金", "单位资金")],
    "project_performance": [("项目编码", "项目名称", "资金总额", "政府预算资金", "财政专户管理资金", "单位资金",
                             "成本指标/三级指标", "成本指标/指标值", "产出指标/三级指标", "产出指标/指标值",
                             "效益指标/三级指标", "效益指标/指标值", "满意度指标/三级指标", "满意度指标/指标值")],
}

#: Names a header must yield for the header mapping to be trusted.
REQUIRED: dict[str, tuple[str, ...]] = {
    "expenditure": ("合计",), "general_budget": ("合计",), "fund_budget": ("合计",),
    "state_capital": ("合计",), "summary": ("收入金额", "支出金额|支出合计"),
    "fiscal_summary": ("收入金额",), "basic_expenditure": ("合计",),
    "three_public": ("合计|合计/一般公共预算",), "projects": ("合计",), "revenue": ("合计",),
    "economic_summary": ("合计",),
}

GROUPS = {"基本支出", "项目支出", "一般公共预算", "公务用车购置及运行费", "人员经费", "公用经费",
          "本年拨款", "结转结余", "财政拨款结转结余", "上年结转", "本年收入"}

SYNONYMS = {
    "公务用车运行费": "公务用车运行维护费",
    "三公经费合计": "合计", "总计": "合计", "金额合计": "合计",
    "财政拨款结转结余": "结转结余", "上年财政拨款结转": "上年结转",
    "政府性基金预算": "政府性基金", "国有资本经营预算": "国有资本经营预算",
    "一般公共预算拨款": "一般公共预算", "一般公共预算拨款收入": "一般公共预算",
    "购置费": "公务用车购置费", "运行费": "公务用车运行维护费", "机关运行经费预算数": "机关运行经费",
    "机关运行经费预算": "机关运行经费", "三公经费预算数": "合计",
    "公务用车购置及运行维护费": "公务用车购置及运行费", "因公出国(境)费用": "因公出国(境)费",
    "人员支出": "人员经费", "日常公用支出": "公用经费", "日常公用经费": "公用经费",
    "对个人和家庭补助": "对个人和家庭的补助",
}

_UNIT_NOTE = re.compile(r"\((?:单位:)?\s*(?:万元|元|亿元)\)")


def clean(label: str) -> str:
    """A header cell without spaces, quotes, years or unit notes."""
    label = re.sub(r"\s+", "", label)
    label = re.sub(r"[\"“”'‘’]", "", label)
    label = re.sub(r"^(?:19|20)\d{2}年度?", "", label)
    return _UNIT_NOTE.sub("", label)


_AMOUNT_WORDS = frozenset({"金额", "预算数", "预算", "预算金额", "本年预算", "本年预算数", "预算额"})


def _code_column(leaf: str, joined: str) -> str:
    """A column of codes (编码/代码): of an economic class, a project, a unit or a function class."""
    if "经济" in joined:
        return "政府经济分类编码" if "政府" in joined else "部门经济分类编码"
    if "项目" in leaf:
        return "项目编码"
    if "单位" in leaf or "部门" in leaf:
        return "单位代码"
    return "科目编码"


def _name_column(leaf: str, joined: str) -> str:
    """A column of names (名称): of an economic class, a project, a unit or a function class."""
    if "经济" in joined:
        return "政府经济分类名称" if "政府" in joined else "部门经济分类名称"
    if "项目" in leaf:
        return "项目名称"
    if "单位" in leaf and "科目" not in leaf:
        return "单位名称"
    return "科目名称"


def _item_or_amount(leaf: str, parent: str) -> str:
    """项目 or an amount word: the item or amount of the revenue or expenditure side, if the parent says which."""
    side = "收入" if "收入" in parent else "支出" if "支出" in parent else ""
    if leaf == "项目":
        return f"{side}项目" if side else "科目名称"
    return f"{side}金额" if side else "合计"


def _total_column(parent: str) -> str:
    """合计/小计/总计 under ``parent``: the side's total, the group's own total, or the table's total."""
    if parent in {"支出", "收入", "本年支出", "本年收入", "财政拨款支出", "财政拨款收入"}:
        return f"{parent[-2:]}合计"
    parent = SYNONYMS.get(parent, parent)
    if parent in GROUPS:
        return parent
    return "合计"


def canonical(path: list[str]) -> str:
    """One canonical column name from the labels above a column, outermost first."""
    leaf = path[-1]
    ancestors = [label for label in path[:-1] if label not in _AMOUNT_WORDS]
    parent = ancestors[-1] if ancestors else ""
    joined = "".join(path)
    if leaf in {"类", "款", "项"}:
        return f"经济{leaf}" if "经济" in joined else leaf
    if "编码" in leaf or "代码" in leaf:
        return _code_column(leaf, joined)
    if "名称" in leaf:
        return _name_column(leaf, joined)
    if leaf == "项目" or leaf in _AMOUNT_WORDS:
        return _item_or_amount(leaf, parent)
    if re.fullmatch(r"三公经费(?:财政拨款)?(?:预算)?(?:合计|总额|总计|预算数?)", leaf):
        return "合计"   # the 三公 table's total column, however it is worded
    if leaf.startswith("其中:") or leaf.startswith("其中"):
        leaf = leaf.split(":", 1)[-1].removeprefix("其中")
        return SYNONYMS.get(leaf, leaf)
    if _is_subtotal(leaf) and leaf not in _SUBTOTAL and parent in GROUPS and leaf.startswith(parent):
        return parent   # 项目支出 / 项目支出总数: the group's own total
    if leaf in {"合计", "小计", "总计"}:
        return _total_column(parent)
    return SYNONYMS.get(leaf, leaf)


def compose(header: list[list[str]], width: int) -> list[list[str]]:
    """Label path of each column position from merged-cell header rows."""
    paths: list[list[str]] = [[] for _ in range(width)]
    parent_of = [(0, width)] * width   # span (start, end) of the label above each position
    for row in header:
        cells = [clean(c) for c in row] + [""] * (width - len(row))
        starts = [p for p in range(width) if cells[p]]
        new_parent = list(parent_of)
        for n, p in enumerate(starts):
            lo, hi = parent_of[p]
            end = min([q for q in starts[n + 1:] if q < hi] + [hi])
            for q in range(p, end):
                paths[q].append(cells[p])
                new_parent[q] = (p, end)
        parent_of = new_parent
    return paths


def from_header(kind: str, header: list[list[str]], width: int) -> list[str] | None:
    """Column names read from the header, or None when they cannot be trusted."""
    if not header:
        return None
    paths = compose(header, width)
    names: list[str] = []
    for n, path in enumerate(paths):
        names.append(canonical(path) if path else f"列{n + 1}")
    # distinct names: prefix a repeated name with its parent label
    repeated = {name for name in names if names.count(name) > 1}
    for n, name in enumerate(names):
        if name in repeated and len(paths[n]) > 1:
            parent = paths[n][-2]   # a group's 小计 stands for the group ("公务用车购置及运行费/一般公共预算")
            parent = canonical(paths[n][:-1]) if parent in _SUBTOTAL else SYNONYMS.get(parent, parent)
            names[n] = f"{parent}/{name}"
    repeated = {name for name in names if names.count(name) > 1}
    labels = [clean(path[-1]) if path else "" for path in paths]
    for n, name in enumerate(names):   # two labels read as one name (专项名称, 采购品目名称): each its own label
        if name in repeated and labels[n] and labels.count(labels[n]) == 1 and labels[n] not in names:
            names[n] = labels[n]
    if "合计" in REQUIRED.get(kind, ()) and "合计" not in names:   # the total column under another name
        alias = next((n for n in ("支出总计", "支出合计", "收入总计", "收入合计") if n in names), None)
        if alias is not None:
            names[names.index(alias)] = "合计"
    if len(set(names)) != len(names):
        return None
    if any(name.startswith("列") for name in names):
        return None
    if not all(any(alt in names for alt in req.split("|")) for req in REQUIRED.get(kind, ())):
        return None
    return names


def standard(kind: str, header: list[list[str]], width: int) -> list[str] | None:
    """The kind's standard layout of this width, when the header text mentions its labels
    (and, within each header row, in the layout's order)."""
    text = "".join(clean(c) for row in header for c in row)
    rows = ["".join(clean(c) for c in row) for row in header]
    for layout in STANDARD.get(kind, []):
        if len(layout) != width:
            continue
        keys = [name.split("/")[-1] for name in layout if name not in {"类", "款", "项"}]
        found = sum(1 for key in keys if key[:4] in text)
        if not header or found >= len(keys) // 2 and all(_in_order(row, keys) for row in rows):
            return list(layout)
    return None


def _in_order(row: str, keys: list[str]) -> bool:
    """The labels of ``keys`` that one header row mentions stand in the order of ``keys``
    (keys sharing a label prefix, 公务用车…, stand at one place and keep their own order)."""
    order = [n for _, n in sorted((row.find(key[:4]), n) for n, key in enumerate(keys) if key[:4] in row)]
    return order == sorted(order)


def resolve(kind: str, header: list[list[str]], width: int) -> tuple[list[str], str]:
    """Canonical column names and how they were found ("header", "standard" or "positional")."""
    names, how = _resolve(kind, header, width)
    return final_columns(kind, names), how


def _resolve(kind: str, header: list[list[str]], width: int) -> tuple[list[str], str]:
    read = from_header(kind, header, width)
    if read is not None and _plausible(kind, read):
        return read, "header"
    names = standard(kind, header, width)
    if names is not None:
        return names, "standard"
    if read is not None:
        return read, "header"
    paths = compose(header, width) if header else [[] for _ in range(width)]
    fallback = []
    for n, path in enumerate(paths):
        name = canonical(path) if path else f"列{n + 1}"
        fallback.append(name if name not in fallback else f"{name}#{n + 1}")
    return fallback, "positional"


def _plausible(kind: str, names: list[str]) -> bool:
    """A header mapping agrees with the kind's standard layout when one of its width exists."""
    for layout in STANDARD.get(kind, []):
        if len(layout) == len(names):
            return set(layout) == set(names) and list(layout) == names
    return True


_SUBTOTAL = {"合计", "小计", "总计"}
#: Columns that are a part of their group, not one more addend (其中…, 扣除基建项目后…).
_PART_OF = re.compile(r"^(?:其中|扣除|含|不含)")


def _is_subtotal(label: str) -> bool:
    """合计 / 小计 / 总计, or a group's total spelt out ("项目支出总数")."""
    return label in _SUBTOTAL or label.endswith(("总数", "总额")) and not label.startswith("三公")


def _members(paths: list[list[str]], prefix: list[str], amount: set[int]) -> list[int]:
    """Columns that stand for the direct members of the group ``prefix`` (a subgroup by its 小计)."""
    out: list[int] = []
    seen: set[str] = set()
    depth = len(prefix)
    for i, path in enumerate(paths):
        if i not in amount or len(path) <= depth or path[:depth] != prefix:
            continue
        label = path[depth]
        if label in seen or _PART_OF.match(label) or _is_subtotal(label):
            continue
        seen.add(label)
        group = [j for j, q in enumerate(paths) if j in amount and len(q) > depth and q[:depth + 1] == path[:depth + 1]]
        if len(group) == 1:
            out.append(group[0])
            continue
        sub = next((j for j in group if len(paths[j]) == depth + 2 and _is_subtotal(paths[j][-1])), None)
        out += [sub] if sub is not None else _members(paths, path[:depth + 1], amount)
    return out


#: Labels of a performance-target table's columns (绩效目标, 一级指标, 指标值, 年度目标, 度量单位 …): what
#: a project is to achieve and how it is measured. The figures under them (a target of 90 %, 3 months,
#: 970 万元 of cost control) are targets, never amounts to add up.
_PERFORMANCE_LABEL = re.compile(r"绩效|[一二三]级指标|指标(?:值|名称|内容|性质|解释)|目标值|(?:年度|总体|整体|项目)目标"
                                r"|度量单位|计量单位|评(?:价|分)标准")


def performance_columns(header: list[list[str]], width: int) -> set[int]:
    """The positions whose header path holds a performance label: never amount columns."""
    if not header:
        return set()
    return {i for i, path in enumerate(compose(header, width))
            if any(_PERFORMANCE_LABEL.search(label) for label in path)}


def header_sums(header: list[list[str]], width: int, names: list[str],
                amount: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Row identities read from the header tree: a 合计/小计 column is the sum of its siblings."""
    if not header:
        return []
    paths = compose(header, width)
    index = {n: i for i, n in enumerate(names)}
    amounts = {index[n] for n in amount if n in index}
    sums = []
    for i, path in enumerate(paths):
        if i not in amounts or not path or not _is_subtotal(path[-1]):
            continue
        parts = _members(paths, path[:-1], amounts)
        if len(parts) >= 2 and i not in parts:
            sums.append((names[i], tuple(names[j] for j in parts)))
    return sums
