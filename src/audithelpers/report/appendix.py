"""The report's appendix for people: tables as read, with Chinese headers and Chinese kind names.

Tables are written as plain HTML (no index column, a blank cell stays blank, never "None"
or "NaN"), so the stage notebooks show what an auditor reads, not pandas' internals.
"""
from __future__ import annotations

import html
import math
from decimal import Decimal
from typing import Any

import pandas as pd

from ..ingest.export import document_info
from ..ingest.kinds import BY_ID
from ..model import Disclosure

FACT_KIND = {"amount": "金额", "count": "数量", "change": "增减"}
LAYOUT = {"header": "按表头识别", "standard": "标准栏目", "positional": "按位置", "key-value": "键值表"}
NAME_COLUMNS = {"place": "位置", "line": "行号", "name": "名称"}


def kind_label(kind: str | None) -> str:
    """A table kind by its Chinese name ("summary" -> 部门收支预算表); "" for none."""
    if not kind:
        return ""
    known = BY_ID.get(kind)
    return known.label if known is not None else "未能归类的表" if kind == "unknown" else kind


def cell(value: Any) -> str:
    """A cell as people read it: blank for missing, numbers as printed, lists joined with 、."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def html_table(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    """A DataFrame as a plain HTML table: its column names as the header, no index, blanks blank;
    the ``numeric`` columns right-aligned."""
    right = ' style="text-align:right"'
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        tds = "".join(f"<td{right if col in numeric else ''}>{html.escape(cell(v))}</td>"
                      for col, v in zip(frame.columns, values, strict=True))
        rows.append(f"<tr>{tds}</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _status(rows: int, empty: bool) -> str:
    if rows == 0:
        return "空表"
    return "有行无金额" if empty else ""


def tables_overview(d: Disclosure) -> pd.DataFrame:
    """The tables read: Chinese kind, title, lines, unit, data rows, and 空表 only for a table without rows."""
    info = document_info(d)
    return pd.DataFrame([{"表种": kind_label(t["kind"]), "标题": t["title"],
                          "行号": f"{t['first_line']}-{t['last_line']}", "单位": t["unit"] or "",
                          "数据行": t["rows"], "状态": _status(t["rows"], t["empty"]),
                          "栏目识别": LAYOUT.get(t["layout"], t["layout"])} for t in info["tables"]],
                        columns=["表种", "标题", "行号", "单位", "数据行", "状态", "栏目识别"])


def contents_frame(d: Disclosure) -> pd.DataFrame:
    rows = [(e.line, e.text, kind_label(e.kind)) for e in d.contents]
    return pd.DataFrame(rows, columns=["行号", "目录条目", "表种"])


def names_frame(d: Disclosure) -> pd.DataFrame:
    frame = pd.DataFrame(d.names, columns=list(NAME_COLUMNS))
    return frame.rename(columns=NAME_COLUMNS)


def facts_frame(d: Disclosure) -> pd.DataFrame:
    """The narrative's figures with their subjects and line numbers, Chinese headers."""
    rows = []
    for f in d.fact_records:
        rows.append({"编号": f.fact, "类型": FACT_KIND.get(f.kind, f.kind), "事项": f.subject,
                     "明细": f.item, "数值": f.value, "单位": f.unit,
                     "占比（%）": f.share_pct, "占比的基数": f.share_of, "增减": f.direction,
                     "增减幅度（%）": f.change_pct, "比较年度": f.compared_year,
                     "行号": list(f.lines) or f.line})
    columns = ["编号", "类型", "事项", "明细", "数值", "单位", "占比（%）", "占比的基数", "增减", "增减幅度（%）",
               "比较年度", "行号"]
    return pd.DataFrame(rows, columns=columns, dtype=object)   # object: a year stays 2021, not 2021.0


FACT_NUMERIC = ("数值", "占比（%）", "增减幅度（%）")


def table_heading(table: Any) -> str:
    """A table's heading: its title, Chinese kind, lines and unit."""
    return (f"{html.escape(table.title)}（{kind_label(table.kind)}，第 {table.first_line}-{table.last_line} 行，"
            f"单位：{html.escape(table.unit or '未注明')}）")


def table_html(table: Any) -> str:
    """One table as read (amounts in its own unit; a blank cell is missing, not zero)."""
    frame = table.data.rename(columns={"line": "行号"})
    numeric = tuple(c for c in frame.columns if c in set(table.amount_columns))
    return f"<h3>{table_heading(table)}</h3>\n{html_table(frame, numeric)}"
