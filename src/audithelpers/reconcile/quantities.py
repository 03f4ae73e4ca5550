"""Quantities: which table cells hold the quantity a narrative figure names.

A disclosure states one quantity in several places and different quantities under similar names
(收入总计 with 上年结转 vs 本年收入合计; 一般公共预算拨款 vs 一般公共预算支出; 三公 and its items; 机关运行经费 …).
This module is the one list of them: for a narrative fact, ``table_figure`` gives the cell of its quantity
and ``alternatives`` every cell that legitimately holds it; a figure with none is not compared (``linked``).
Rules (``narrative``, ``crosstable_scope``, ``history`` …) read quantities from here and decide nothing here."""
from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from .. import reference
from ..model import Fact
from .context import UNSTATED, Context, Fig
from . import yearblocks
from .cells import cell, find_row, first, scope, summary_amount, total_fig
from .items import amount_column, item_hits
from .outline import name_paths
from .units import (NUMBERED as _NUMBERED, class_key, economic_class, holds_reserve, sole_unit, unit_figures,
                    unit_of, unit_rows)


#: The table holding 基本支出 / 项目支出 for each scope (a fiscal figure needs a table of 财政拨款 alone).
SCOPE_TABLES = {"general": "general_budget", "fiscal": "fiscal_expenditure", "all": "expenditure"}


def _empty_zero(ctx: Context, kind: str) -> Fig | None:
    table = ctx.counterpart(kind)
    if table is not None and table.empty:
        return Fig(Decimal(0), table.unit or UNSTATED, table.title_line)
    return None


def _class_total(ctx: Context, kind: str, name: str) -> list[Fig] | None:
    table = ctx.counterpart(kind)
    if table is None:
        return None
    code = reference.class_by_name().get(reference.name_key(name))
    if code is None:
        return None
    if "level" not in table.columns:   # names only: the class row of its outline
        row = next((r for r, path in name_paths(table) if len(path) == 1
                    and reference.class_by_name().get(path[0]) == code), None)
        fig = ctx.fig(table, row, amount_column(table))
        return [fig] if fig is not None else None
    for level in ("类", "款", "项"):
        rows = [r for r in ctx.rows(table) if r["level"] == level and str(r["code"]).startswith(code)]
        if rows:
            return [f for r in rows for f in [ctx.fig(table, r, "合计")] if f is not None]
    return None


#: Sources of income the text names, and the summary-table row (a pattern of its label) that holds each.
INCOME_ROWS = {"上年结转": "上年结转", "其他收入": "其他收入", "事业收入": "^(?:[一二三四五六七八九十]+、)?事业收入",
               "事业单位经营收入": "事业单位经营收入", "财政专户管理资金": "财政专户",
               "国有资本经营预算": "国有资本经营", "上级补助收入": "上级补助收入", "附属单位上缴收入": "附属单位上缴"}


#: 三公 quantities: the 三公 table's column for each (its usual layout), and the label of its row
#: where the table lists them as rows (科目名称 | 合计 | 一般公共预算 …).
THREE_ROWS = {"三公经费": ("合计", r"三公"), "因公出国(境)费": ("因公出国(境)费", r"因公出国"),
              "公务接待费": ("公务接待费", r"公务接待"),
              "公务用车购置及运行费": ("公务用车购置及运行费", r"公务用车购置及运行"),
              "公务用车购置费": ("公务用车购置费", r"公务用车购置(?!及)"),
              "公务用车运行维护费": ("公务用车运行维护费", r"公务用车运行")}


#: 机关运行经费 is compared by its own rule (narrative.operating_cost), never taken for 0 from an empty table.
_OPERATING_ROW = ("机关运行经费", r"机关运行经费")


def _three_public(ctx: Context, subject: str, blank_zero: bool = False) -> Fig | None:
    """A 三公 quantity in the 三公 table: its column of the total row, or its row's 合计."""
    table = ctx.counterpart("three_public")
    if table is None or yearblocks.blocks(table):
        return None   # year rows per unit: see ``three_public_funds``
    column, label = THREE_ROWS.get(subject) or _OPERATING_ROW
    if column in table.columns and column != "合计" or subject == "三公经费" and "因公出国(境)费" in table.columns:
        return cell(ctx, table, ctx.total_row(table), column, blank_zero)
    if "科目名称" in table.columns and "合计" in table.columns:
        return cell(ctx, table, find_row(ctx, table, "科目名称", label, exclude=()), "合计", blank_zero)
    return None


def _final_three_public(ctx: Context, subject: str, column: str) -> list[Fig] | None:
    """A 三公 item's 决算数 or 预算数 in a final account's 三公 table (an empty table: 0)."""
    table = ctx.table("final_three_public")
    if table is None:
        return None
    name = THREE_ROWS[subject][0]
    if table.empty:
        return _single(_empty_zero(ctx, "final_three_public"))
    return _single(cell(ctx, table, ctx.total_row(table), f"{name}/{column}"))


def three_public_funds(ctx: Context, fact: Fact, prior: bool = False) -> list[Fig] | None:
    """A 三公 quantity in a table of year rows per unit with fund columns: the department block's
    budget-year (or prior-year) row, its fund cells summed (财政拨款), or its 一般公共预算 cell alone
    when the text speaks of the general budget."""
    table = ctx.counterpart("three_public")
    if table is None or fact.subject not in THREE_ROWS:
        return None
    row = yearblocks.department_row(table, prior=prior)
    return yearblocks.figs(ctx, table, row, THREE_ROWS[fact.subject][0], general=scope(fact) == "general")


#: Quantities that stand on the summary table: (side, label patterns tried in turn).
_SUMMARY_ROWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "收入总计": ("收入", ("收入总计",)), "支出总计": ("支出", ("支出总计",)),
    "收入合计": ("收入", ("本年收入合计", "收入合计", "收入总计")),
    "支出合计": ("支出", ("本年支出合计", "支出合计", "支出总计")),
    "财政拨款收入": ("收入", ("财政拨款收入",)),
    "年终结转": ("支出", ("年终结转|结转下年|结余下年",)),   # carried forward, on the spending side
    **{subject: ("收入", (row,)) for subject, row in INCOME_ROWS.items()},   # a source of income
}


#: Quantities that are one column of a table's total row: (table kind, column).
_TOTAL_CELLS = {"事业单位经营支出": ("expenditure", "事业单位经营支出"),
                "上缴上级支出": ("expenditure", "上缴上级支出"),
                "对附属单位补助支出": ("expenditure", "对附属单位补助支出"),
                "一般公共预算支出": ("general_budget", "合计"),
                "人员经费": ("basic_expenditure", "人员经费"), "公用经费": ("basic_expenditure", "公用经费")}


def fiscal_figure(ctx: Context, subject: str) -> list[Fig] | None:
    """财政拨款 quantities on the fiscal summary table (一般公共预算 falls back to the summary table)."""
    fiscal = ctx.counterpart("fiscal_summary")
    fig = None
    if fiscal is not None and subject == "财政拨款收支总计":
        fig = ctx.fig(fiscal, find_row(ctx, fiscal, "收入项目", "总计"), "收入金额")
    elif fiscal is not None and subject == "财政拨款支出":
        column = "支出合计" if "支出合计" in fiscal.columns else "支出金额"
        fig = ctx.fig(fiscal, first(find_row(ctx, fiscal, "支出项目", "支出总计"),
                                    find_row(ctx, fiscal, "支出项目", "支出合计")), column)
    elif fiscal is not None and subject == "一般公共预算":
        fig = ctx.fig(fiscal, find_row(ctx, fiscal, "收入项目", "一般公共预算"), "收入金额")
    if fig is None and subject == "一般公共预算":
        return summary_cell(ctx, "收入", "一般公共预算")
    return [fig] if fig is not None else None


def _single(fig: Fig | None) -> list[Fig] | None:
    return [fig] if fig is not None else None


def table_figure(ctx: Context, fact: Fact) -> list[Fig] | None:
    """The table figure(s) a narrative fact states (several are summed), or None."""
    subject = fact.subject
    if subject in _SUMMARY_ROWS:
        side, patterns = _SUMMARY_ROWS[subject]
        return next((f for p in patterns for f in [summary_cell(ctx, side, p, blank_zero=fact.value == 0)] if f),
                    None)
    if subject in _TOTAL_CELLS:
        kind, column = _TOTAL_CELLS[subject]
        table = ctx.counterpart(kind)
        return _single(cell(ctx, table, ctx.total_row(table), column, blank_zero=fact.value == 0)
                       if table is not None else None)
    if subject in {"财政拨款收支总计", "财政拨款支出", "一般公共预算"}:
        return fiscal_figure(ctx, subject)
    if subject.startswith("上年结转("):
        return _single(fund_carried_over(ctx, subject[5:-1], blank_zero=fact.value == 0))
    if subject == "政府性基金":
        return _fund_figure(ctx, fact)
    if subject in {"基本支出", "项目支出"}:
        return _single(total_fig(ctx, SCOPE_TABLES[scope(fact)], subject, counterpart=True))
    if subject in THREE_ROWS:
        by_item = _three_public(ctx, subject, blank_zero=fact.value == 0)
        return three_public_funds(ctx, fact) or _single(by_item or _empty_zero(ctx, "three_public"))
    if subject.endswith("(类)"):
        return _class_total(ctx, "general_budget" if scope(fact) == "general" else "expenditure", subject[:-3]) or None
    if subject in PROCUREMENT:
        return _single(_procurement(ctx, subject))
    if subject in ("会议费", "培训费"):
        return _single(_meetings(ctx, fact))
    if subject == "支出":   # an economic class named with its amount ("对个人和家庭的补助支出 616.88 万元")
        return _single(_economic_class(ctx, fact))
    return _project_row(ctx, fact) if not fact.canonical else None


def _economic_class(ctx: Context, fact: Fact) -> Fig | None:
    """An economic class (类, 3-digit code) the text names: its row of the basic-spending table."""
    code = economic_class(str(fact.raw_subject or ""))
    table = ctx.counterpart("basic_expenditure")
    if code is None or table is None or "合计" not in table.columns:
        return None
    name = class_key(reference.economic_codes()[code])
    labels = [c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")]
    rows = [r for r in ctx.rows(table) if any(str(r.get(c) or "") == code or class_key(str(r.get(c) or "")) == name
                                             for c in labels)]
    fig = ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None
    return fig if fig is not None and not holds_reserve(ctx, fact, fig) else None


#: Words that narrow a 会议费 or 培训费 to a part of what a 三公 table's column holds (its basic spending, a project).
_NARROWED = re.compile(r"基本支出|项目支出|商品和服务|公用经费|人员经费|其中|项目")


def _meetings(ctx: Context, fact: Fact) -> Fig | None:
    """会议费 or 培训费 where the 三公 table has a column of it ("一般公共预算“三公”经费、会议费、培训费支出表"),
    unless the sentence narrows it to a part (基本支出中的会议费, a project's): the column's total."""
    table = ctx.counterpart("three_public")
    if table is None or fact.subject not in table.columns or _NARROWED.search(str(fact.sentence or "")):
        return None
    return cell(ctx, table, ctx.total_row(table), fact.subject, blank_zero=fact.value == 0)


#: 政府采购 and its parts: the procurement table's total, and its rows of each category (A-货物, 工程类 …).
PROCUREMENT = {"政府采购": None, "政府采购货物": "货物", "政府采购工程": "工程", "政府采购服务": "服务"}


def _procurement(ctx: Context, subject: str) -> Fig | None:
    table = ctx.counterpart("procurement")
    if table is None or "合计" not in table.columns:
        return None
    category = PROCUREMENT[subject]
    if category is None:
        return ctx.fig(table, ctx.total_row(table), "合计")
    label = next((c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")),
                 None)
    rows = [r for r in ctx.rows(table) if label and re.fullmatch(rf"(?:[A-Z][-－]?)?{category}类?",
                                                               reference.name_key(str(r.get(label) or "")))]
    return ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None


def _project_row(ctx: Context, fact: Fact, unit: str | None = None) -> list[Fig] | None:
    """A project the text names with its amount ("2.口岸管理业务 40,000.70 万元"): the project table's
    row of exactly that name (its 合计), when there is exactly one; for a figure of one of the department's units,
    among that unit's projects (a table listing units gives each its block: another unit's project of the same
    name is not this one)."""
    name = reference.name_key(_NUMBERED.sub("", str(fact.raw_subject or "")))
    if len(name) < 4:
        return None
    hits = []
    for table in ctx.tables("projects"):
        if "合计" not in table.columns:
            continue
        labels = [c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")]
        hits += [(table, row) for row in unit_rows(ctx, table, labels[0], unit)
                 if any(reference.name_key(str(row.get(c) or "")) == name for c in labels)]
    if len(hits) != 1:
        return None
    fig = ctx.fig(hits[0][0], hits[0][1], "合计")
    return [fig] if fig is not None else None


def summary_cell(ctx: Context, side: str, *patterns: str, blank_zero: bool = False) -> list[Fig] | None:
    """The amount of a summary-table row (see ``cell`` for ``blank_zero``)."""
    summary = ctx.counterpart("summary")
    if summary is None:
        return None
    fig = cell(ctx, summary, find_row(ctx, summary, f"{side}项目", *patterns), summary_amount(summary, side),
                blank_zero)
    return [fig] if fig is not None else None


def grand_total(ctx: Context, side: str) -> list[Fig] | None:
    """The summary table's grand total of a side: its 总计 row, else its last 合计 row."""
    summary = ctx.counterpart("summary")
    if summary is None or f"{side}项目" not in summary.columns:
        return None
    labelled = [(re.sub(r"\s", "", str(r.get(f"{side}项目") or "")), r) for r in ctx.rows(summary)]
    rows = ([r for label, r in labelled if label.endswith("总计")]
            or [r for label, r in labelled if label.endswith("合计")])
    fig = ctx.fig(summary, rows[-1], summary_amount(summary, side)) if rows else None
    return [fig] if fig is not None else None


def fund_carried_over(ctx: Context, fund: str, blank_zero: bool) -> Fig | None:
    """One fund's carry-over: its row under 上年结转 on the income side of the fiscal summary table (the rows
    after the 上年结转 heading, up to the next numbered heading or total)."""
    fiscal = ctx.counterpart("fiscal_summary")
    if fiscal is None or "收入项目" not in fiscal.columns:
        return None
    labels = [(row, re.sub(r"\s", "", str(row["收入项目"] or ""))) for row in ctx.rows(fiscal)]
    start = next((n for n, (_, label) in enumerate(labels) if "上年结转" in label), None)
    if start is None:
        return None
    for row, label in labels[start + 1:]:
        if re.match(r"^(?:[一二三四五六七八九十]+、|收入总计|合计)", label):
            return None
        if fund in label:
            return cell(ctx, fiscal, row, "收入金额", blank_zero=blank_zero)
    return None


def _fund_figure(ctx: Context, fact: Fact) -> list[Fig] | None:
    """政府性基金 named as income: the year's income row; named otherwise: the fund table's total."""
    if _income(fact):
        return fund_income(ctx, "政府性基金", blank_zero=fact.value == 0)
    return _single(total_fig(ctx, "fund_budget", "合计", counterpart=True) or _empty_zero(ctx, "fund_budget"))


def _income(fact: Fact) -> bool:
    """A fund named as income ("政府性基金预算拨款收入 0 万元"): the year's appropriation, not the fund table's spending
    (which spends last year's balance too)."""
    return "收入" in str(fact.raw_subject or "")


def fund_income(ctx: Context, fund: str, blank_zero: bool) -> list[Fig] | None:
    """A fund's income of the year: its row of the fiscal summary's (else the summary's) income side, the first one
    (the carry-over's fund rows come after it); a blank cell is 0 where asked."""
    for kind in ("fiscal_summary", "summary"):
        table = ctx.counterpart(kind)
        row = find_row(ctx, table, "收入项目", fund) if table is not None else None
        if table is not None and row is not None:
            column = "收入金额" if kind == "fiscal_summary" else summary_amount(table, "收入")
            return _single(cell(ctx, table, row, column, blank_zero))
    return None


def _fiscal_income(ctx: Context, pattern: str) -> list[Fig] | None:
    fiscal = ctx.counterpart("fiscal_summary")
    if fiscal is None:
        return None
    fig = ctx.fig(fiscal, find_row(ctx, fiscal, "收入项目", pattern), "收入金额")
    return [fig] if fig is not None else None


#: 人员经费 and 公用经费 by economic class (the basic-spending table's 类 rows): 工资福利支出 and 对个人和家庭的
#: 补助 are 人员经费; 商品和服务支出 is 公用经费, with 资本性支出 where a basic budget buys equipment.
STAFF_CLASSES = {"人员经费": (("301", "303"),), "公用经费": (("302",), ("302", "310"))}


def _economic_sum(ctx: Context, classes: tuple[str, ...]) -> list[Fig] | None:
    """The basic-spending table's rows of these economic classes (by code), when each is there once."""
    table = ctx.counterpart("basic_expenditure")
    if table is None or "合计" not in table.columns or "科目编码" not in table.columns:
        return None
    figs = []
    for code in classes:
        rows = [r for r in ctx.rows(table) if re.sub(r"\s", "", str(r.get("科目编码") or "")) == code]
        fig = ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None
        if fig is None:
            return None
        figs.append(fig)
    return figs


def _final_basic_total(ctx: Context, subject: str) -> list[Fig] | None:
    """人员经费合计 or 公用经费合计 of a final account's basic-spending table."""
    table = ctx.table("final_basic")
    if table is None or "部门经济分类名称" not in table.columns:
        return None
    row = find_row(ctx, table, "部门经济分类名称", f"^{subject}合计")
    return _single(ctx.fig(table, row, "决算数"))


def _appropriations(ctx: Context) -> list[Fig] | None:
    """财政拨款 of the year on the summary table: its 一般公共预算, 政府性基金 and 国有资本经营 rows."""
    summary = ctx.counterpart("summary")
    if summary is None:
        return None
    rows = [find_row(ctx, summary, "收入项目", p) for p in ("一般公共预算", "政府性基金", "国有资本经营")]
    figs = [f for row in rows for f in [cell(ctx, summary, row, "收入金额", blank_zero=True)] if f is not None]
    return figs if rows[0] is not None and len(figs) == len([r for r in rows if r is not None]) else None


def alternatives(ctx: Context, fact: Fact) -> list[list[Fig]]:
    """Every cell that legitimately holds the quantity a narrative figure names.

    Several quantities share a name in the text: 收入 may be the year's income or the total with
    last year's balance; 一般公共预算 may be this year's appropriation or include its carry-over.
    The figure is wrong only when it matches none of them.
    """
    unit = unit_of(ctx, fact) if fact.subject != "功能科目" else None
    if unit is not None:   # a figure of one of the department's units: that unit's cells, a project it names, or none
        own = unit_figures(ctx, fact, unit)
        project = _project_row(ctx, fact, unit) if not own and not fact.canonical else None
        return own or ([project] if project else [])
    subject = fact.subject
    first = table_figure(ctx, fact)
    found = [first] if first else []
    sole = sole_unit(ctx) if fact.subject != "功能科目" else None
    if sole is not None:   # a department of one unit, whose tables print its figures on the unit's row
        found += [figs for figs in unit_figures(ctx, fact, sole) if figs not in found]
    extra: list[list[Fig] | None] = []
    if subject == "收入合计":
        extra = [summary_cell(ctx, "收入", "本年收入合计"), grand_total(ctx, "收入")]
    elif subject == "支出合计":
        extra = [summary_cell(ctx, "支出", "本年支出合计"), grand_total(ctx, "支出")]
    elif subject in ("收入总计", "支出总计"):   # a summary whose grand total is labelled 总计 alone (决算 summaries)
        extra = [grand_total(ctx, subject[:2])]
    elif subject in ("人员经费", "公用经费"):   # of the general budget (basic table) or of all funds
        extra = [[f] for kind in ("expenditure", "general_budget")
                 for f in [total_fig(ctx, kind, subject, counterpart=True)] if f]
        extra += [_economic_sum(ctx, classes) for classes in STAFF_CLASSES[subject]]
        extra.append(_final_basic_total(ctx, subject))
    elif subject == "财政拨款收入":   # this year's appropriations: of the fiscal summary, or its funds summed
        extra = [_fiscal_income(ctx, "^(?:[一二三四五六七八九十]+、)?本年收入"), _appropriations(ctx)]
    elif subject in ("一般公共预算", "政府性基金", "国有资本经营预算"):   # income of the year, or with its carry-over
        extra = [_fiscal_income(ctx, subject[:6]), summary_cell(ctx, "收入", subject[:6])]
        kind = {"一般公共预算": "general_budget", "政府性基金": "fund_budget"}.get(subject, "state_capital")
        total = total_fig(ctx, kind, "合计", counterpart=True)
        extra.append([total] if total is not None and not (subject == "政府性基金" and _income(fact)) else None)
    elif subject in THREE_ROWS and ctx.table("final_three_public") is not None:   # 决算数, or the 预算数 beside it
        extra = [_final_three_public(ctx, subject, column) for column in ("决算数", "预算数")]
    elif subject.endswith("(类)"):   # a class of the general budget, of 财政拨款 or of all funds
        extra = [_class_total(ctx, kind, subject[:-3])
                 for kind in ("general_budget", "fiscal_summary", "fiscal_expenditure", "expenditure")]
    return found + [e for e in extra if e]


def carried_over(ctx: Context, stated: Fig, options: list[list[Fig]]) -> Fig | None:
    """A carry-over cell that makes up the difference between a stated figure and a table's."""
    carries = []
    for kind in ("summary", "fiscal_summary"):
        table = ctx.counterpart(kind)
        if table is None or "收入项目" not in table.columns:
            continue
        inside = False
        for row in ctx.rows(table):
            label = re.sub(r"\s", "", str(row.get("收入项目") or ""))
            if re.search(r"结转|结余", label):
                inside = True
            elif re.match(r"^[一二三四五六七八九十]+、", label) or label.endswith(("合计", "总计")):
                inside = False
            if inside:   # the carry-over row and the fund rows under it
                fig = ctx.fig(table, row, "收入金额")
                if fig is not None and fig.value and ctx.comparable(fig):
                    carries.append(fig)
    for figs in options:
        for carry in carries:
            if ctx.close(stated, ctx.sum_figs(figs) + carry.yuan, [*figs, carry]):
                return carry
    return None


def current_amount(ctx: Context, change: Fact) -> Fact | None:
    same = ctx.facts_where(kind="amount", subject=change.subject, section=change.section, unit=change.unit)
    before = [f for f in same if f.line <= change.line]
    if before:
        return before[-1]
    return same[0] if same else None


def operating_cost_cell(ctx: Context) -> tuple[Fig | None, str]:
    """机关运行经费 where a table states it, and that table's name.

    Only a table that states it holds it: 公用经费 covers 事业单位 too, so it is no stand-in.
    """
    three = ctx.counterpart("three_public")
    if three is not None and "机关运行经费" in three.columns:
        other = next((f for r in ctx.rows(three) for f in [ctx.fig(three, r, "机关运行经费")] if f), None)
        if other is not None:
            return other, "三公经费和机关运行经费预算表"
    elif three is not None and _three_public(ctx, "机关运行经费") is not None:   # listed as a row
        return _three_public(ctx, "机关运行经费"), three.title
    table = ctx.counterpart("operating_cost")
    if table is None:
        return None, ""
    # its total column: 合计, or the one amount column it has ("机关运行经费支出")
    column = "合计" if "合计" in table.columns else table.amount_columns[0] if len(table.amount_columns) == 1 else None
    if column is None:
        return None, ""
    return total_fig(ctx, "operating_cost", column, counterpart=True), table.title


def linked(ctx: Context, fact: Fact) -> bool:
    """True when a table cell of the same quantity is compared with this narrative amount."""
    if fact.subject == "功能科目":
        return bool(item_hits(ctx, fact))
    if fact.subject == "机关运行经费":
        return operating_cost_cell(ctx)[0] is not None
    return bool(alternatives(ctx, fact))


def item_pair(ctx: Context, change: Fact) -> tuple[Fact, Fact] | None:
    """(this year's amount, last year's) of the item a change is stated for.

    Last year's figure is stated ("上年执行数 X"), or follows from the change ("增加 Y" → X − Y).
    """
    amounts = [f for f in ctx.facts_where(subject="功能科目") if f.item == change.item
               and f.section == change.section and f.line <= change.line + 2]
    now = next((f for f in amounts if f.kind == "amount"), None)
    prior = next((f for f in amounts if f.kind == "prior"), None)
    if now is not None and prior is None and change.value is not None and change.unit == now.unit \
            and change.direction in ("增加", "减少"):
        delta = change.value if change.direction == "增加" else -change.value
        prior = dataclasses.replace(now, kind="prior", value=now.figure - delta, line=change.line, derived=True)
    return (now, prior) if now and prior else None
