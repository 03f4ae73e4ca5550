"""crosstable: the same quantity agrees wherever it appears, compared in one unit."""
from __future__ import annotations

from typing import Iterator
import dataclasses
import re
from decimal import Decimal

from .. import reference
from ..ingest.kinds import BY_ID
from ..model import Row, Table
from .context import UNSTATED, Context, Fig, show_in
from .registry import Issue, rule
from . import yearblocks
from .cells import code_leaves, find_row, first, total_fig


def summed(ctx: Context, kind: str, *columns: str) -> tuple[Decimal, list[Fig]] | None:
    table = ctx.table(kind)
    if table is None:
        return None
    row = ctx.total_row(table)
    figs = [f for c in columns for f in [ctx.fig(table, row, c)] if f is not None]
    if not figs:
        return None
    return ctx.sum_figs(figs), figs


def only_general_budget(ctx: Context) -> bool:
    """True when the summary table shows no income but the general budget appropriation."""
    table = ctx.table("summary")
    if table is None or "收入项目" not in table.columns:
        return False
    for row in ctx.rows(table):
        label = re.sub(r"\s", "", str(row["收入项目"] or ""))
        fig = ctx.fig(table, row, "收入金额")
        if not label or fig is None or fig.value == 0 or label.startswith("其中"):
            continue
        if "一般公共预算" in label or "合计" in label or "总计" in label:
            continue
        return False
    return True


def compare(ctx: Context, a: Fig | None, b: Fig | None, what_a: str, what_b: str, at_most: bool = False,
            extra: list[Fig] | None = None, b_value: Decimal | None = None) -> Iterator[Issue]:
    """Yield an Issue when a and b disagree (or a > b when ``at_most``)."""
    if a is None:
        return
    if b_value is None:
        if b is None:
            return
        b_value = b.yuan
    figs = [a] + ([b] if b is not None else []) + (extra or [])
    if not Context.comparable(*figs):
        return   # a figure of a table without a stated unit is not compared across tables
    ctx.tick()
    ya = a.yuan
    yb = b_value
    slack = sum((f.half_unit_yuan for f in figs), Decimal(0)) * ctx.tolerance_factor
    bad = (ya - yb > slack) if at_most else abs(ya - yb) > slack
    if bad:
        expected = show_in(yb, a.unit)
        relation = "不应超过" if at_most else "应等于"
        yield Issue(f"{what_a} {a.show()} {relation}{what_b} {expected}", [f.line for f in figs],
                    expected=("≤" if at_most else "") + expected, actual=a.show())


def _label(kind: str, column: str) -> str:
    return f"{BY_ID[kind].label}「{column}」"


#: (kind A, column A, kind B, columns B summed, only when all funds are general budget)
TOTAL_PAIRS: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    ("expenditure", "合计", "summary", (), False),   # its row of the summary table: see totals()
    ("general_budget", "基本支出", "basic_expenditure", ("合计",), False),
    ("basic_expenditure", "人员经费", "general_budget", ("工资福利支出", "对个人和家庭的补助"), False),
    ("basic_expenditure", "公用经费", "general_budget", ("商品和服务支出", "资本性支出"), False),
    ("expenditure", "项目支出", "projects", ("合计",), False),
    ("expenditure", "基本支出", "general_budget", ("基本支出",), True),
    ("expenditure", "合计", "general_budget", ("合计",), True),
    ("expenditure", "基本支出", "basic_expenditure", ("合计",), True),
)


@rule("crosstable.total", "error", "同一总数在不同表中不一致",
      "the same total differs between tables")
def totals(ctx: Context) -> Iterator[Issue]:
    general_only = only_general_budget(ctx)
    for kind_a, col_a, kind_b, cols_b, needs_general in TOTAL_PAIRS:
        if needs_general and not general_only:
            continue
        a = total_fig(ctx, kind_a, col_a)
        if kind_b == "summary":
            table = ctx.table("summary")
            if table is None:
                continue
            row = first(find_row(ctx, table, "支出项目", "本年支出合计"), find_row(ctx, table, "支出项目", "支出合计"))
            b = ctx.fig(table, row, "支出金额")
            yield from compare(ctx, a, b, _label(kind_a, col_a), "部门收支总表本年支出合计")
            continue
        if kind_b == "projects" and not _all_funds(ctx.table("projects")):
            continue   # a project table of appropriations only is not the whole of 项目支出
        got = summed(ctx, kind_b, *cols_b)
        if got is None or a is None:
            continue
        value, figs = got
        yield from compare(ctx, a, None, _label(kind_a, col_a), f"{BY_ID[kind_b].label}「{'+'.join(cols_b)}」",
                            extra=figs, b_value=value)
    yield from _fiscal_pairs(ctx)
    yield from _performance_pairs(ctx)


def _all_funds(table: Table | None) -> bool:
    """A project table whose columns cover every source of funds (so its total is all project spending)."""
    if table is None:
        return False
    text = "".join(table.columns)
    return "单位资金" in text or "其他资金" in text or ("事业收入" in text and "其他收入" in text)


def _fiscal_pairs(ctx: Context) -> Iterator[Issue]:
    fiscal = ctx.table("fiscal_summary")
    if fiscal is None:
        return
    spend_row = first(find_row(ctx, fiscal, "支出项目", "本年支出"), ctx.total_row(fiscal))
    for kind, column in (("general_budget", "一般公共预算"), ("fund_budget", "政府性基金"),
                         ("state_capital", "国有资本经营预算")):
        table = ctx.table(kind)
        b = ctx.fig(fiscal, spend_row, column) if spend_row is not None else None
        if table is None or b is None:
            continue
        a = total_fig(ctx, kind, "合计")
        if a is None and table.empty:
            a = Fig(Decimal(0), table.unit or b.unit, table.title_line)
        yield from compare(ctx, a, b, _label(kind, "合计"), f"财政拨款收支总表「{column}」本年支出")
    summary = ctx.table("summary")
    if summary is not None:
        a_row = find_row(ctx, summary, "收入项目", "一般公共预算")
        b_row = find_row(ctx, fiscal, "收入项目", "一般公共预算")
        yield from compare(ctx, ctx.fig(summary, a_row, "收入金额"), ctx.fig(fiscal, b_row, "收入金额"),
                            "部门收支总表一般公共预算收入", "财政拨款收支总表一般公共预算拨款收入")


def _performance_pairs(ctx: Context) -> Iterator[Issue]:
    perf = ctx.table("dept_performance")
    if perf is None or perf.unit is None:
        return   # figures without a stated unit cannot be compared
    unit = perf.unit
    summary = ctx.table("summary")
    checks = []
    if summary is not None:
        row = find_row(ctx, summary, "收入项目", "收入总计")
        checks.append(("budget_total", ctx.fig(summary, row, "收入金额"), "部门收支总表收入总计"))
    checks.append(("basic", total_fig(ctx, "expenditure", "基本支出"), "部门支出总表基本支出"))
    checks.append(("project", total_fig(ctx, "expenditure", "项目支出"), "部门支出总表项目支出"))
    names = {"budget_total": "部门预算总额", "basic": "基本支出", "project": "项目支出"}
    for key, other, what in checks:
        found = perf.performance.figure(key) if perf.performance is not None else None
        if found is not None and other is not None:
            value, line = found
            yield from compare(ctx, Fig(value, unit, line), other, f"整体绩效目标表{names[key]}", what)


def _project_key(name: str) -> str:
    return re.sub(r"[\s（）()“”\"]", "", str(name))


def _project_rows(ctx: Context) -> tuple[Table, Table, dict[str, Row], dict[str, Row]] | None:
    """(project table, performance table, rows by project name in each) or None."""
    proj, perf = ctx.table("projects"), ctx.table("project_performance")
    if proj is None or perf is None or "项目名称" not in proj.columns or "项目名称" not in perf.columns:
        return None
    a_rows = {_project_key(r["项目名称"]): r for r in ctx.rows(proj) if r.get("类型") and r["项目名称"]}
    b_rows = {_project_key(r["项目名称"]): r for r in ctx.rows(perf)
              if re.fullmatch(r"\d{10,}", str(r.get("项目编码", ""))) and r["项目名称"]}
    return proj, perf, a_rows, b_rows


@rule("crosstable.project", "error", "项目金额在项目支出表与项目绩效目标表中不一致",
      "a project's amount differs between the project table and the performance-target table")
def projects(ctx: Context) -> Iterator[Issue]:
    found = _project_rows(ctx)
    if found is None:
        return
    proj, perf, a_rows, b_rows = found
    for key in sorted(set(a_rows) & set(b_rows)):
        a = ctx.fig(proj, a_rows[key], "合计")
        b = ctx.fig(perf, b_rows[key], "资金总额")
        yield from compare(ctx, a, b, f"项目支出表「{a_rows[key]['项目名称']}」", "项目绩效目标表资金总额")


@rule("crosstable.project_listed", "warning", "项目只出现在项目支出表与项目绩效目标表之一",
      "a project appears in only one of the project and performance-target tables")
def project_listed(ctx: Context) -> Iterator[Issue]:
    found = _project_rows(ctx)
    if found is None:
        return
    _, _, a_rows, b_rows = found
    for key in sorted(set(a_rows) - set(b_rows)):
        yield Issue(f"项目「{a_rows[key]['项目名称']}」列在项目支出表，项目绩效目标表中没有", [a_rows[key]["line"]])
    for key in sorted(set(b_rows) - set(a_rows)):
        yield Issue(f"项目「{b_rows[key]['项目名称']}」列在项目绩效目标表，项目支出表中没有", [b_rows[key]["line"]])


@rule("crosstable.function_row", "error", "同一功能科目在不同表中金额不一致",
      "the same function item has different amounts in two tables")
def function_rows(ctx: Context) -> Iterator[Issue]:
    exp, gen = ctx.table("expenditure"), ctx.table("general_budget")
    if exp is None or gen is None or "code" not in exp.columns or "code" not in gen.columns:
        return
    general_only = only_general_budget(ctx)
    gen_rows = {r["code"]: r for r in ctx.rows(gen) if r["code"]}
    for row in ctx.rows(exp):
        other = gen_rows.get(row["code"]) if row["code"] else None
        if other is None:
            continue
        for column in ("合计", "基本支出", "项目支出"):
            a, b = ctx.fig(gen, other, column), ctx.fig(exp, row, column)
            if a is None and b is not None and b.value and general_only:
                a = Fig(Decimal(0), gen.unit or UNSTATED, int(other["line"]))
            yield from compare(ctx, a, b, f"一般公共预算支出表 {row['code']}「{column}」",
                                "部门支出总表同一科目", at_most=not general_only)
    # class totals named in the summary tables against the function-code tables
    yield from class_totals(ctx, "fiscal_summary", "支出项目", "一般公共预算", gen)
    yield from class_totals(ctx, "summary", "支出项目", "支出金额", exp)


def class_totals(ctx: Context, kind: str, label_col: str, amount_col: str, coded: Table) -> Iterator[Issue]:
    table = ctx.table(kind)
    if table is None or label_col not in table.columns or amount_col not in table.columns:
        return
    lowest = code_leaves(ctx.rows(coded))
    if not lowest:
        return
    by_name = reference.class_by_name()
    for row in ctx.rows(table):
        label = re.sub(r"^[\s(（]*[一二三四五六七八九十]+[)）、\s]*", "", str(row[label_col] or ""))
        code = by_name.get(reference.name_key(label)) or by_name.get(reference.name_key(label) + "支出")
        fig = ctx.fig(table, row, amount_col)
        if code is None:
            continue
        mine = [r for r in lowest if str(r["code"]).startswith(code)]
        figs = [f for r in mine for f in [ctx.fig(coded, r, "合计")] if f is not None]
        if fig is None and not figs:
            continue
        value = ctx.sum_figs(figs)
        if fig is None:
            fig = Fig(Decimal(0), table.unit or UNSTATED, int(row["line"]))
        for issue in compare(ctx, fig, None, f"{table.title}「{label}」", f"{coded.title}{code}类各科目合计",
                              extra=figs, b_value=value):
            # the sum's table is cited even when its rows are blank (and a misread table silences it)
            yield dataclasses.replace(issue, lines=[*issue.lines, coded.title_line])


#: 三公 items of the basic-expenditure economic table and the 三公 table's column.
THREE_PUBLIC_CODES = (("30212", "因公出国(境)费"), ("30217", "公务接待费"),
                      ("30231", "公务用车运行维护费"), ("31013", "公务用车购置费"))


def _three_cell(ctx: Context, three: Table, row: dict | None, column: str, by_year: bool) -> Fig | None:
    """A 三公 item of the 三公 table's total row: its cell (0 when absent), or in a table of year rows
    its fund cells summed (None when they could not be read: nothing is taken for 0 there)."""
    if not by_year:
        fig = ctx.fig(three, row, column) if row is not None else None
        return fig if fig is not None else Fig(Decimal(0), three.unit or UNSTATED, three.title_line)
    figs = yearblocks.figs(ctx, three, row, column)
    return Fig(sum((f.value for f in figs), Decimal(0)), figs[0].unit, figs[0].line) if figs else None


@rule("crosstable.three_public", "error", "基本支出中的三公科目超过三公经费表",
      "三公 items of the basic-spending table exceed the 三公 table")
def three_public(ctx: Context) -> Iterator[Issue]:
    basic, three = ctx.table("basic_expenditure"), ctx.table("three_public")
    if basic is None or three is None or "部门经济分类编码" not in basic.columns:
        return
    by_year = bool(yearblocks.blocks(three))   # year rows per unit: the department's budget-year row
    total = yearblocks.department_row(three) if by_year else ctx.total_row(three)
    if total is None and ctx.rows(three) and not by_year:
        total = ctx.rows(three)[0]
    for code, column in THREE_PUBLIC_CODES:
        rows = [r for r in ctx.rows(basic) if str(r["部门经济分类编码"]) == code]
        if not rows:
            continue
        a = ctx.fig(basic, rows[0], "合计")
        b = _three_cell(ctx, three, total, column, by_year)
        yield from compare(ctx, a, b, f"基本支出表 {code}{rows[0].get('部门经济分类名称', '')}",
                            f"三公经费表「{column}」", at_most=True)
