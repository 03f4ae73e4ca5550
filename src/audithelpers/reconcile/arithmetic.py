"""arithmetic: totals and subtotals, by row and by column, in tables and in the text."""
from __future__ import annotations

from typing import Iterator
import itertools
import re
from decimal import Decimal

from ..model import Fact, HeaderSum, Row, Table
from .cells import code_roots, unread
from .context import UNSTATED, Context, Fig, show_in
from .format_headings import cn_number
from .registry import Issue, rule
from .yearblocks import FUNDS, blocks, year_rows

#: (kinds it applies to or None for any, total column, part columns). Applied when the total and
#: at least two of the parts are columns of the table.
ROW_IDENTITIES: tuple[tuple[frozenset | None, str, tuple[str, ...]], ...] = (
    (None, "基本支出", ("工资福利支出", "对个人和家庭的补助", "商品和服务支出", "资本性支出")),
    (None, "基本支出", ("人员经费", "公用经费")),
    (None, "项目支出", ("其他运转类", "特定目标类")),
    (None, "合计", ("基本支出", "项目支出")),
    (frozenset({"basic_expenditure", "economic_summary"}), "合计", ("人员经费", "公用经费")),
    (None, "公务用车购置及运行费", ("公务用车购置费", "公务用车运行维护费")),
    (frozenset({"three_public", "final_three_public"}), "合计",
     ("因公出国(境)费", "公务用车购置及运行费", "公务接待费")),
    (frozenset({"fiscal_summary", "final_fiscal_summary"}), "支出合计",
     ("一般公共预算", "政府性基金", "国有资本经营预算")),
    (frozenset({"projects"}), "合计", ("本年拨款/一般公共预算", "本年拨款/政府性基金预算", "本年拨款/国有资本经营预算",
                                     "结转结余/一般公共预算", "结转结余/政府性基金预算", "结转结余/国有资本经营预算",
                                     "财政专户管理资金", "单位资金")),
    (frozenset({"project_performance"}), "资金总额", ("政府预算资金", "财政专户管理资金", "单位资金")),
    (frozenset({"revenue"}), "合计", ("财政拨款收入", "一般公共预算", "政府性基金", "国有资本经营预算",
                                    "财政专户管理资金", "事业收入", "事业单位经营收入", "上级补助收入",
                                    "附属单位上缴收入", "其他收入", "单位资金", "上年结转")),
    # final accounts (部门决算): every column of the national template's tables
    (frozenset({"final_revenue"}), "合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
                                          "其他收入")),
    (frozenset({"final_expenditure"}), "合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出",
                                              "对附属单位补助支出")),
    (frozenset({"final_fund", "final_state_capital"}), "支出合计", ("基本支出", "项目支出")),
)
#: Kinds whose identities are all stated above: for them a kind's own identity of a total replaces
#: the general one (支出决算表: 合计 = 基本 + 项目 + 上缴上级 + 经营 + 对附属单位补助, not 基本 + 项目),
#: and a header without subtotals still has them.
EXPLICIT = frozenset({"final_revenue", "final_expenditure", "final_three_public", "final_fund", "final_state_capital",
                      "final_fiscal_summary", "three_public"})
#: Column suffixes a quantity's identity holds for too: one fund's column, or the 三公 决算 table's budget and actual.
SUFFIXES = ("", *(f"/{fund}" for fund in FUNDS), "/预算数", "/决算数")

_CN = "一二三四五六七八九十"
#: A summary side's row as its sums read it: (label, figure, level 1/2/0, line).
OutlineRow = tuple[str, Fig | None, int, int]
LEVEL1 = re.compile(rf"^\s*[{_CN}]+\s*、")
LEVEL2 = re.compile(rf"^\s*\(\s*[{_CN}]+\s*\)|^\s*\d+\s*[.、](?!\d)")


def identities(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The table's row identities: read from its header tree when it has one, else the standard ones."""
    if table.sums:
        return list(table.sums)
    if table.layout == "header" and "基本支出" not in table.columns and table.kind not in EXPLICIT:
        return []   # a header without subtotals: no identity is assumed from column names alone
    cols = set(table.columns)
    out = []
    own = {total for kinds, total, _ in ROW_IDENTITIES if kinds is not None and table.kind in kinds}
    for kinds, total, parts in ROW_IDENTITIES:
        if kinds is None and table.kind in EXPLICIT and total in own or kinds is not None and table.kind not in kinds:
            continue
        for suffix in SUFFIXES:   # the quantity, or one fund's column of it
            present = tuple(p + suffix for p in parts if p + suffix in cols)
            if total + suffix in cols and len(present) >= 2 and total + suffix in table.amount_columns:
                out.append((total + suffix, present))
    return out


def _derived(ctx: Context, table: Table, row: Row, column: str, rules: list[HeaderSum]) -> list[Fig] | None:
    """Figures standing for ``column`` in ``row``: the cell, or its parts when the cell is blank."""
    fig = ctx.fig(table, row, column)
    if fig is not None:
        return [fig]
    for total, parts in rules:
        if total == column:
            figs = [f for p in parts for f in (_derived(ctx, table, row, p, rules) or [])]
            if figs:
                return figs
    return None


def _label(row: Row) -> str:
    for col in ("科目名称", "项目名称", "部门经济分类名称", "收入项目", "支出项目"):
        if col in row and row[col]:
            return str(row[col])
    if "code" in row and row["code"]:
        return str(row["code"])
    return f"第 {row['line']} 行"


def _row_identities(ctx: Context) -> Iterator[tuple[Table, Row, str, tuple[str, ...], list[HeaderSum]]]:
    """(table, row, total column, part columns, the table's identities) for every row identity."""
    for table in ctx.understood:
        rules = identities(table)
        for row in ctx.rows(table):
            for total, parts in rules:
                yield table, row, total, parts, rules


@rule("arithmetic.row_total", "error", "行内合计不等于各明细之和",
      "a row's total is not the sum of its parts",
      example=("201\t26\t01\t行政运行\t66.11\t67.11\t49.72\t6.87\t9.52",
               "201\t26\t01\t行政运行\t66.11\t66.11\t49.72\t6.87\t9.52"))
def row_total(ctx: Context) -> Iterator[Issue]:
    for table, row, total, parts, rules in _row_identities(ctx):
        fig = ctx.fig(table, row, total)
        if fig is None:
            continue
        figs = [f for p in parts for f in (_derived(ctx, table, row, p, rules) or [])]
        if not figs or any(unread(table, row, p) for p in parts):
            continue   # no breakdown printed (or a part printed but not read): nothing to add up
        total_parts = ctx.sum_figs(figs)
        ctx.count(table, "arithmetic.row_total")
        if not ctx.close(fig, total_parts, figs):
            yield Issue(f"{table.title}「{_label(row)}」行：{total}应为{'+'.join(parts)}之和 "
                        f"{show_in(total_parts, fig.unit)}，表中为 {fig.show()}",
                        [fig.line], expected=show_in(total_parts, fig.unit), actual=fig.show())


@rule("arithmetic.not_understood", "info", "表内同类加总多半不符：栏目多半未能正确读出，此表未据以报告错误，请人工核对",
      "most sums of one kind in a table fail: its columns were probably misread; no error drawn from it")
def not_understood(_ctx: Context) -> Iterator[Issue]:
    """Raised by ``reconcile.not_understood`` after the other rules have run (it weighs their results)."""
    return iter(())


@rule("arithmetic.subtotal_missing", "warning", "小计栏空缺而明细有数",
      "a subtotal cell is blank while its parts hold figures",
      example=("201\t26\t01\t行政运行\t66.11\t\t49.72\t6.87\t9.52",
               "201\t26\t01\t行政运行\t66.11\t66.11\t49.72\t6.87\t9.52"))
def subtotal_missing(ctx: Context) -> Iterator[Issue]:
    for table, row, total, parts, rules in _row_identities(ctx):
        if total == "合计" or ctx.fig(table, row, total) is not None:
            continue
        figs = [f for p in parts for f in [ctx.fig(table, row, p)] if f is not None and f.value != 0]
        if figs and any(ctx.fig(table, row, t) is not None for t, _ in rules if t != total):
            shown = show_in(ctx.sum_figs(figs), figs[0].unit)
            yield Issue(f"{table.title}「{_label(row)}」行：{total}小计栏空缺，明细合计为 {shown}",
                        [row["line"]], expected=shown, actual="（空）")


def _code_rows(ctx: Context, table: Table, level: str) -> list[dict]:
    return [r for r in ctx.rows(table) if r.get("level") == level]


def column_check(ctx: Context, table: Table, total_row: Row, part_rows: list[Row], what: str,
                  rule_id: str = "arithmetic.column_total") -> Iterator[Issue]:
    rules = identities(table)
    for column in table.amount_columns:
        if any(unread(table, r, column) for r in (total_row, *part_rows)):
            continue   # a cell printed but not read as a number: the column's sum is not checked
        fig = ctx.fig(table, total_row, column)
        # a blank subtotal cell stands for its parts (reported once, by subtotal_missing)
        figs = [f for r in part_rows for f in (_derived(ctx, table, r, column, rules) or [])]
        if fig is None and not any(f.value for f in figs):
            continue
        if fig is None:
            fig = Fig(Decimal(0), table.unit or UNSTATED, int(total_row["line"]))
            shown = "（空）"
        else:
            shown = fig.show()
        total_parts = ctx.sum_figs(figs)
        ctx.count(table, rule_id)
        if not ctx.close(fig, total_parts, figs):
            yield Issue(f"{table.title}「{column}」列：{_label(total_row)}应为{what}之和 "
                        f"{show_in(total_parts, fig.unit)}，表中为 {shown}",
                        [fig.line, *(f.line for f in figs)], expected=show_in(total_parts, fig.unit), actual=shown)


def _column_parts(ctx: Context, table: Table) -> tuple[list[dict], str] | None:
    """The rows a column's total row adds up (the highest level of codes, the projects) and what they are."""
    columns = table.columns
    rows = ctx.rows(table)
    if "level" in columns:
        found = code_roots(rows)
        levels = {r.get("level") for r in found}
        return (found, f"各{levels.pop()}级科目" if len(levels) == 1 else "各上级未列出的科目") if found else None
    if "部门经济分类编码" in columns:
        for digits, level in ((3, "类"), (5, "款")):
            found = [r for r in rows if re.fullmatch(rf"\d{{{digits}}}", str(r["部门经济分类编码"]))]
            if found:
                return found, f"各{level}级经济科目"
        return None
    if table.kind == "projects" and "类型" in columns:
        return [r for r in rows if r["类型"]], "各项目"
    if table.kind == "project_performance" and "项目编码" in columns:
        return [r for r in rows if re.fullmatch(r"\d{10,}", str(r["项目编码"]))], "各项目"
    return None


@rule("arithmetic.column_total", "error", "合计行不等于各行之和",
      "a total row is not the sum of the rows above it")
def column_total(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if table.kind in {"summary", "fiscal_summary", "dept_performance", "unknown", "final_summary",
                          "final_fiscal_summary", "final_basic"} or table.empty:
            continue
        total = ctx.total_row(table)
        if total is None:
            continue
        if "level" in table.columns:
            units = _code_rows(ctx, table, "单位")
            if units:
                yield from column_check(ctx, table, total, units, "各单位")
        found = _column_parts(ctx, table)
        if found and found[0]:
            parts, what = found
            yield from column_check(ctx, table, total, parts, what)


@rule("arithmetic.hierarchy", "error", "功能科目层级不平：类≠Σ款 或 款≠Σ项",
      "function classes do not add up: 类 ≠ Σ款 or 款 ≠ Σ项")
def hierarchy(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if "level" not in table.columns:
            continue
        for parent_level, child_level in (("类", "款"), ("款", "项")):
            children = _code_rows(ctx, table, child_level)
            for parent in _code_rows(ctx, table, parent_level):
                mine = [c for c in children if str(c["code"]).startswith(str(parent["code"]))]
                if not mine:
                    continue
                yield from column_check(ctx, table, parent, mine, f"所属{child_level}级科目", "arithmetic.hierarchy")


def _outline(ctx: Context, table: Table, label_col: str, amount_col: str) -> list[OutlineRow]:
    """(label, fig, level) rows of one side of a summary table; 其中 rows skipped."""
    out: list[OutlineRow] = []
    for row in ctx.rows(table):
        label = str(row.get(label_col) or "").strip()
        if not label or label.startswith("其中"):
            continue
        level = 1 if LEVEL1.match(label) else 2 if LEVEL2.match(label) else 0
        out.append((label, ctx.fig(table, row, amount_col), level, int(row["line"])))
    return _renumbered(out)


def _renumbered(rows: list[OutlineRow]) -> list[OutlineRow]:
    """A numbering that starts again at 一、 right under a level-1 row ("一、本年支出" over "一、一般公共服务支出
    二、外交支出 …") numbers that row's items: they are level 2 while they count on (一, 二, 三 …); the next
    row numbered otherwise ("二、年终结转结余") or unnumbered is level 1 again."""
    out: list[OutlineRow] = []
    inner: int | None = None   # the last number of the items of a level-1 row, while they go on
    for label, fig, level, line in rows:
        number = cn_number(label.split("、", 1)[0]) if level == 1 else None
        if inner is not None and number == inner + 1:
            inner = number
            level = 2
        elif number == 1 and out and out[-1][2] == 1 and inner is None:
            inner, level = 1, 2
        else:
            inner = None
        out.append((label, fig, level, line))
    return out


def _side_checks(ctx: Context, table: Table, label_col: str, amount_col: str, side: str) -> Iterator[Issue]:
    rows = _outline(ctx, table, label_col, amount_col)
    unit = table.unit or UNSTATED
    yield from _level1_checks(ctx, table, rows, unit, side)
    yield from _total_checks(ctx, table, rows, unit)


def _level1_checks(ctx: Context, table: Table, rows: list[OutlineRow], unit: str, side: str) -> Iterator[Issue]:
    """Level-1 items equal the sum of their level-2 children."""
    for i, (label, fig, level, line) in enumerate(rows):
        if level != 1:
            continue
        kids = []
        for other in rows[i + 1:]:
            if other[2] != 2:
                break
            kids.append(other)
        figs = [k[1] for k in kids if k[1] is not None]
        if not kids or (fig is None and not any(f.value for f in figs)):
            continue
        base = fig or Fig(Decimal(0), unit, line)
        ctx.count(table, "arithmetic.balance")
        if not ctx.close(base, ctx.sum_figs(figs), figs):
            yield Issue(f"{table.title}{side}方「{label}」应为其明细之和 {show_in(ctx.sum_figs(figs), unit)}，"
                        f"表中为 {fig.show() if fig else '（空）'}", [line, *(f.line for f in figs)],
                        expected=show_in(ctx.sum_figs(figs), unit), actual=fig.show() if fig else "（空）")


def _is_total_label(label: str, level: int) -> bool:
    """A 合计/总计 row of the side (not a numbered level-1 item)."""
    return re.sub(r"\s", "", label).rstrip(":").endswith(("合计", "总计")) and level != 1


def _grand_label(rows: list[OutlineRow]) -> str | None:
    """The side's grand total: its last 总计 row, else its last total row."""
    totals = [r[0] for r in rows if _is_total_label(r[0], r[2])]
    return next((t for t in reversed(totals) if "总计" in re.sub(r"\s", "", t)), totals[-1] if totals else None)


def _total_checks(ctx: Context, table: Table, rows: list[OutlineRow], unit: str) -> Iterator[Issue]:
    """The side's total equals the level-1 items above it (plus unnumbered carry-over rows)."""
    level1: list[Fig | None] = []
    extra: list[Fig | None] = []
    grand = _grand_label(rows)
    for label, fig, level, line in rows:
        compact = re.sub(r"\s", "", label).rstrip(":")
        if _is_total_label(label, level):
            figs = [f for f in level1 if f is not None]
            if label == grand:
                figs = figs + [f for f in extra if f is not None]
            if level1 and (fig is not None or any(f.value for f in figs)):
                yield from _total_check(ctx, table, (label, fig, line), figs, unit)
            if label != grand:
                level1 = [fig] if fig is not None else []
                extra = []
            continue
        if level == 1 and not extra:
            level1.append(fig)
        elif level == 0 and re.search(r"结转|结余", compact):
            extra.append(fig)   # numbered rows after it are its parts by fund, not more items


def _total_check(ctx: Context, table: Table, total: tuple[str, Fig | None, int], figs: list[Fig], unit: str
                 ) -> Iterator[Issue]:
    """One total row (label, fig, line) against the items it adds up; a blank total is a warning."""
    label, fig, line = total
    base = fig or Fig(Decimal(0), unit, line)
    ctx.count(table, "arithmetic.balance")
    if not ctx.close(base, ctx.sum_figs(figs), figs):
        yield Issue(f"{table.title}「{label}」应为 {show_in(ctx.sum_figs(figs), unit)}，"
                    f"表中为 {fig.show() if fig else '（空，合计栏未填）'}",
                    [line, *(f.line for f in figs)],
                    expected=show_in(ctx.sum_figs(figs), unit), actual=fig.show() if fig else "（空）",
                    severity=None if fig else "warning")


def _grand(ctx: Context, table: Table, label_col: str, amount_col: str) -> tuple[str, Fig | None, int] | None:
    best: tuple[str, Fig | None, int] | None = None
    for label, fig, _, line in _outline(ctx, table, label_col, amount_col):
        compact = re.sub(r"\s", "", label)
        if "总计" in compact or ("合计" in compact and (best is None or "总计" not in best[0])):
            best = (compact, fig, line)
    return best


def _spending_columns(table: Table, total: str) -> list[str]:
    """The fiscal summary's other amount columns on its spending side (after 支出项目)."""
    if table.kind not in ("fiscal_summary", "final_fiscal_summary") or "支出项目" not in table.columns:
        return []
    after = table.columns[table.columns.index("支出项目") + 1:]
    return [c for c in after if c in table.amount_columns and c != total]


@rule("arithmetic.balance", "error", "收支总表收入与支出不平衡，或合计不等于各项之和",
      "the summary table's income and spending do not balance, or a total is not the sum of its items",
      example=("收入总计\t223.39\t支出总计\t224.39",
               "收入总计\t223.39\t支出总计\t223.39"))
def balance(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("summary", "fiscal_summary", "final_summary", "final_fiscal_summary"):
        cols = table.columns
        income_amount = "收入金额" if "收入金额" in cols else None
        spend_amount = "支出金额" if "支出金额" in cols else "支出合计" if "支出合计" in cols else None
        if "收入项目" in cols and income_amount:
            yield from _side_checks(ctx, table, "收入项目", income_amount, "收入")
        if "支出项目" in cols and spend_amount:
            # every amount column of the spending side adds up, not only its total (一般公共预算, 其中：财政拨款 …)
            for column in [spend_amount, *_spending_columns(table, spend_amount)]:
                yield from _side_checks(ctx, table, "支出项目", column, "支出")
        if not (income_amount and spend_amount):
            continue
        income = _grand(ctx, table, "收入项目", income_amount)
        spend = _grand(ctx, table, "支出项目", spend_amount)
        if income and spend and income[1] is not None and spend[1] is not None:
            if not ctx.close(income[1], spend[1]):
                yield Issue(f"{table.title}收入{income[0]} {income[1].show()} 与支出{spend[0]} "
                            f"{spend[1].show()} 不相等", [income[2], spend[2]],
                            expected=income[1].show(), actual=spend[1].show())


#: Narrative wholes and their parts (all must be stated in one paragraph or section).
NARRATIVE_SUMS = (
    ("基本支出", ("人员经费", "公用经费")),
    ("三公经费", ("因公出国(境)费", "公务用车购置及运行费", "公务接待费")),
    ("三公经费", ("因公出国(境)费", "公务用车购置费", "公务用车运行维护费", "公务接待费")),
    ("公务用车购置及运行费", ("公务用车购置费", "公务用车运行维护费")),
    ("政府采购", ("政府采购货物", "政府采购工程", "政府采购服务")),
    ("车辆", ("一般公务用车", "执法执勤用车", "特种专业技术用车", "其他用车")),
)


@rule("arithmetic.narrative_sum", "error", "说明中的总数不等于所列各项之和",
      "a total stated in the text is not the sum of the parts it lists",
      example=("基本支出 94.54 万元。其中：人员经费支出 88.02 万元；公用经费支出 9.52 万元。",
               "基本支出 94.54 万元。其中：人员经费支出 85.02 万元；公用经费支出 9.52 万元。"))
def narrative_sum(ctx: Context) -> Iterator[Issue]:
    by_section: dict[str, list[Fact]] = {}
    for fact in ctx.facts:
        if fact.kind in ("amount", "count"):
            by_section.setdefault(fact.section, []).append(fact)
    for group in by_section.values():
        for whole, parts in NARRATIVE_SUMS:
            found = _listed_parts(group, whole, parts)
            if found is None:
                continue
            w, options = found
            wf = Fig(w.figure, w.unit, w.line)
            choices = list(itertools.product(*options))
            if len(choices) > 64 or any(ctx.close(wf, ctx.sum_figs(list(c)), list(c)) for c in choices):
                continue   # too many readings to weigh, or one of them adds up
            if len(choices) > 1:
                continue   # a part stated twice with different figures: which one the sum means is not known
            pf = list(choices[0])
            total = sum((f.value for f in pf), Decimal(0))
            yield Issue(f"说明中{whole} {wf.show()} 不等于{'、'.join(p for p in parts)}之和 "
                        f"{total}{w.unit}", [wf.line, *(p.line for p in pf)],
                        expected=f"{total}{w.unit}", actual=wf.show())


def _listed_parts(group: list[Fact], whole: str, parts: tuple[str, ...]
                  ) -> tuple[Fact, list[list[Fig]]] | None:
    """The first statement of ``whole`` in a section and, for each part, the figures stated for it after the whole
    (until the whole is stated again): the parts it lists. None when a part is not stated there (the listing may
    be incomplete, so the sum is not checked)."""
    at = next((n for n, f in enumerate(group) if f.subject == whole), None)
    if at is None:
        return None
    w = group[at]
    after = group[at + 1:]
    after = after[:next((n for n, f in enumerate(after) if f.subject == whole), len(after))]
    options = []
    for part in parts:
        figs = {f.figure: Fig(f.figure, f.unit, f.line) for f in after if f.subject == part and f.unit == w.unit}
        if not figs:
            return None
        options.append(list(figs.values()))
    return w, options


def _year_sums(table: Table) -> list[tuple[dict, list[dict], str, str]]:
    """(row, rows it is the sum of, what they are, the row's unit and year) in a table of year rows per
    unit: a block's budget year is its prior year plus its 增减 row; the department block's rows are its
    units' rows added up."""
    found = blocks(table)
    out: list[tuple[dict, list[dict], str, str]] = []
    for block in found:
        budget, prior, change = year_rows(block)
        if budget is not None and prior is not None and change is not None:
            out.append((budget, [prior, change], "上年数与增减变化金额", f"{block[0]['预算单位']}{budget['年度']}"))
    units = [year_rows(block) for block in found[1:]]
    for n, row in enumerate(year_rows(found[0]) if len(found) > 1 else ()):
        parts = [u[n] for u in units]
        if row is not None and parts and all(p is not None for p in parts):
            out.append((row, [p for p in parts if p is not None], "各预算单位",
                        f"{found[0][0]['预算单位']}{row['年度']}"))
    return out


@rule("arithmetic.year_blocks", "error", "分单位分年度表：本年数不等于上年数加增减额，或部门数不等于各单位之和",
      "a table of year rows per unit: a year's figures do not follow from the other year and the change, "
      "or the department's figures are not the sum of its units'")
def year_blocks(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        for total_row, part_rows, what, label in _year_sums(table):
            for column in table.amount_columns:
                fig = ctx.fig(table, total_row, column)
                figs = [f for r in part_rows for f in [ctx.fig(table, r, column)] if f is not None]
                if fig is None or len(figs) != len(part_rows):
                    continue   # a blank or unread cell: nothing is taken for 0
                total_parts = ctx.sum_figs(figs)
                ctx.count(table, "arithmetic.year_blocks")
                if not ctx.close(fig, total_parts, figs):
                    yield Issue(f"{table.title}「{column}」列：「{label}」应为{what}之和 "
                                f"{show_in(total_parts, fig.unit)}，表中为 {fig.show()}",
                                [fig.line, *(f.line for f in figs)], expected=show_in(total_parts, fig.unit),
                                actual=fig.show())
