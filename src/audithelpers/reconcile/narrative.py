"""narrative: every figure of the explanatory text against the tables and against itself."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import reference
from ..model import FINAL_OF, Table
from ..amounts import UNIT_FACTORS, decimals
from .context import UNSTATED, Context, Fig, round_pct, show_in
from . import outline, yearblocks
from .outline import name_paths
from .crosstable import find_row, first
from .registry import Issue, rule
from .units import NUMBERED as _NUMBERED, class_key, economic_class, sole_unit, unit_figures, unit_of


def _table(ctx: Context, kind: str) -> Table | None:
    """The understood table of ``kind``, or in final accounts the final-accounts table of the same quantities
    (``model.FINAL_OF``): the narrative of 决算 names its figures as the narrative of 预算 does."""
    return ctx.table(kind) or (ctx.table(FINAL_OF[kind]) if kind in FINAL_OF else None)


def _total_fig(ctx: Context, kind: str, column: str) -> Fig | None:
    table = _table(ctx, kind)
    return ctx.fig(table, ctx.total_row(table), column) if table is not None else None


def _fact_fig(fact) -> Fig:
    return Fig(fact["value"], fact["unit"], int(fact["line"]))


def scope(fact) -> str:
    """Whose money a narrative figure counts: "general" (一般公共预算), "fiscal" (财政拨款) or "all"."""
    said = f"{fact['raw_subject']} {fact['section']}"
    if "一般公共预算" in said:
        return "general"
    sentence = str(fact["sentence"])
    if "财政拨款" in said or "财政拨款" in sentence[:max(0, sentence.find(str(fact["raw_subject"])))]:
        return "fiscal"
    return "all"


#: The table holding 基本支出 / 项目支出 for each scope (a fiscal figure needs a table of 财政拨款 alone).
SCOPE_TABLES = {"general": "general_budget", "fiscal": "fiscal_expenditure", "all": "expenditure"}


def _empty_zero(ctx: Context, kind: str) -> Fig | None:
    table = _table(ctx, kind)
    if table is not None and table.empty:
        return Fig(Decimal(0), table.unit or UNSTATED, table.title_line)
    return None


def _class_total(ctx: Context, kind: str, name: str) -> list[Fig] | None:
    table = _table(ctx, kind)
    if table is None:
        return None
    code = reference.class_by_name().get(reference.name_key(name))
    if code is None:
        return None
    if "level" not in table.columns:   # names only: the class row of its outline
        row = next((r for r, path in name_paths(table) if len(path) == 1
                    and reference.class_by_name().get(path[0]) == code), None)
        fig = ctx.fig(table, row, _amount_column(table))
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
    table = _table(ctx, "three_public")
    if table is None or yearblocks.blocks(table):
        return None   # year rows per unit: see ``_three_public_funds``
    column, label = THREE_ROWS.get(subject) or _OPERATING_ROW
    if column in table.columns and column != "合计" or subject == "三公经费" and "因公出国(境)费" in table.columns:
        return _cell(ctx, table, ctx.total_row(table), column, blank_zero)
    if "科目名称" in table.columns and "合计" in table.columns:
        return _cell(ctx, table, find_row(ctx, table, "科目名称", label, exclude=()), "合计", blank_zero)
    return None


def _final_three_public(ctx: Context, subject: str, column: str) -> list[Fig] | None:
    """A 三公 item's 决算数 or 预算数 in a final account's 三公 table (an empty table: 0)."""
    table = ctx.table("final_three_public")
    if table is None:
        return None
    name = THREE_ROWS[subject][0]
    if table.empty:
        return _single(_empty_zero(ctx, "final_three_public"))
    return _single(_cell(ctx, table, ctx.total_row(table), f"{name}/{column}"))


def _three_public_funds(ctx: Context, fact, prior: bool = False) -> list[Fig] | None:
    """A 三公 quantity in a table of year rows per unit with fund columns: the department block's
    budget-year (or prior-year) row, its fund cells summed (财政拨款), or its 一般公共预算 cell alone
    when the text speaks of the general budget."""
    table = _table(ctx, "three_public")
    if table is None or fact["subject"] not in THREE_ROWS:
        return None
    row = yearblocks.department_row(table, prior=prior)
    return yearblocks.figs(ctx, table, row, THREE_ROWS[fact["subject"]][0], general=scope(fact) == "general")


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


def _fiscal_figure(ctx: Context, subject: str) -> list[Fig] | None:
    """财政拨款 quantities on the fiscal summary table (一般公共预算 falls back to the summary table)."""
    fiscal = _table(ctx, "fiscal_summary")
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
        return _summary_cell(ctx, "收入", "一般公共预算")
    return [fig] if fig is not None else None


def _single(fig: Fig | None) -> list[Fig] | None:
    return [fig] if fig is not None else None


def table_figure(ctx: Context, fact) -> list[Fig] | None:
    """The table figure(s) a narrative fact states (several are summed), or None."""
    subject = fact["subject"]
    if subject in _SUMMARY_ROWS:
        side, patterns = _SUMMARY_ROWS[subject]
        return next((f for p in patterns for f in [_summary_cell(ctx, side, p, blank_zero=fact["value"] == 0)] if f),
                    None)
    if subject in _TOTAL_CELLS:
        kind, column = _TOTAL_CELLS[subject]
        table = _table(ctx, kind)
        return _single(_cell(ctx, table, ctx.total_row(table), column, blank_zero=fact["value"] == 0)
                       if table is not None else None)
    if subject in {"财政拨款收支总计", "财政拨款支出", "一般公共预算"}:
        return _fiscal_figure(ctx, subject)
    if subject.startswith("上年结转("):
        return _single(_fund_carried_over(ctx, subject[5:-1], blank_zero=fact["value"] == 0))
    if subject == "政府性基金":
        return _single(_total_fig(ctx, "fund_budget", "合计") or _empty_zero(ctx, "fund_budget"))
    if subject in {"基本支出", "项目支出"}:
        return _single(_total_fig(ctx, SCOPE_TABLES[scope(fact)], subject))
    if subject in THREE_ROWS:
        by_item = _three_public(ctx, subject, blank_zero=fact["value"] == 0)
        return _three_public_funds(ctx, fact) or _single(by_item or _empty_zero(ctx, "three_public"))
    if subject.endswith("(类)"):
        return _class_total(ctx, "general_budget" if scope(fact) == "general" else "expenditure", subject[:-3]) or None
    if subject in PROCUREMENT:
        return _single(_procurement(ctx, subject))
    if subject in ("会议费", "培训费"):
        return _single(_meetings(ctx, fact))
    if subject == "支出":   # an economic class named with its amount ("对个人和家庭的补助支出 616.88 万元")
        return _single(_economic_class(ctx, fact))
    return _project_row(ctx, fact) if not fact["canonical"] else None


def _economic_class(ctx: Context, fact) -> Fig | None:
    """An economic class (类, 3-digit code) the text names: its row of the basic-spending table."""
    code = economic_class(str(fact["raw_subject"] or ""))
    table = _table(ctx, "basic_expenditure")
    if code is None or table is None or "合计" not in table.columns:
        return None
    name = class_key(reference.economic_codes()[code])
    labels = [c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")]
    rows = [r for r in ctx.rows(table) if any(str(r.get(c) or "") == code or class_key(str(r.get(c) or "")) == name
                                             for c in labels)]
    return ctx.fig(table, rows[0], "合计") if len(rows) == 1 else None


#: Words that narrow a 会议费 or 培训费 to a part of what a 三公 table's column holds (its basic spending, a project).
_NARROWED = re.compile(r"基本支出|项目支出|商品和服务|公用经费|人员经费|其中|项目")


def _meetings(ctx: Context, fact) -> Fig | None:
    """会议费 or 培训费 where the 三公 table has a column of it ("一般公共预算“三公”经费、会议费、培训费支出表"),
    unless the sentence narrows it to a part (基本支出中的会议费, a project's): the column's total."""
    table = _table(ctx, "three_public")
    if table is None or fact["subject"] not in table.columns or _NARROWED.search(str(fact.get("sentence") or "")):
        return None
    return _cell(ctx, table, ctx.total_row(table), fact["subject"], blank_zero=fact["value"] == 0)


#: 政府采购 and its parts: the procurement table's total, and its rows of each category (A-货物, 工程类 …).
PROCUREMENT = {"政府采购": None, "政府采购货物": "货物", "政府采购工程": "工程", "政府采购服务": "服务"}


def _procurement(ctx: Context, subject: str) -> Fig | None:
    table = _table(ctx, "procurement")
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


def _project_row(ctx: Context, fact) -> list[Fig] | None:
    """A project the text names with its amount ("2.口岸管理业务 40,000.70 万元"): the project table's
    row of exactly that name (its 合计), when there is exactly one."""
    name = reference.name_key(_NUMBERED.sub("", str(fact["raw_subject"] or "")))
    if len(name) < 4:
        return None
    hits = []
    for table in ctx.tables("projects"):
        if "合计" not in table.columns:
            continue
        labels = [c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level")]
        hits += [(table, row) for row in ctx.rows(table)
                 if any(reference.name_key(str(row.get(c) or "")) == name for c in labels)]
    if len(hits) != 1:
        return None
    fig = ctx.fig(hits[0][0], hits[0][1], "合计")
    return [fig] if fig is not None else None


def _cell(ctx: Context, table, row: dict | None, column: str, blank_zero: bool = False) -> Fig | None:
    """A cell's figure; with ``blank_zero`` a cell printed blank stands for 0 (so a stated zero agrees
    with it; a blank is never taken for a non-zero figure, nor is a cell that could not be read)."""
    fig = ctx.fig(table, row, column)
    if fig is not None or not blank_zero or row is None or column not in table.columns or row.get(column) is not None:
        return fig
    if (row["line"], column) in {(line, name) for line, name, _ in table.unparsed}:
        return None
    return Fig(Decimal(0), table.unit or UNSTATED, int(row["line"]))


def summary_amount(table: Table, side: str) -> str:
    """The amount column of a summary table's side (收入 or 支出): ``<side>金额``, or, where the spending
    side is printed with its parts (支出合计, 人员经费, 公用经费 …, as Shanghai's tables are), 支出合计."""
    named = f"{side}金额"
    return "支出合计" if side == "支出" and named not in table.columns and "支出合计" in table.columns else named


def _summary_cell(ctx: Context, side: str, *patterns: str, blank_zero: bool = False) -> list[Fig] | None:
    """The amount of a summary-table row (see ``_cell`` for ``blank_zero``)."""
    summary = _table(ctx, "summary")
    if summary is None:
        return None
    fig = _cell(ctx, summary, find_row(ctx, summary, f"{side}项目", *patterns), summary_amount(summary, side),
                blank_zero)
    return [fig] if fig is not None else None


def _grand_total(ctx: Context, side: str) -> list[Fig] | None:
    """The summary table's grand total of a side: its 总计 row, else its last 合计 row."""
    summary = _table(ctx, "summary")
    if summary is None or f"{side}项目" not in summary.columns:
        return None
    labelled = [(re.sub(r"\s", "", str(r.get(f"{side}项目") or "")), r) for r in ctx.rows(summary)]
    rows = ([r for label, r in labelled if label.endswith("总计")]
            or [r for label, r in labelled if label.endswith("合计")])
    fig = ctx.fig(summary, rows[-1], summary_amount(summary, side)) if rows else None
    return [fig] if fig is not None else None


def _fund_carried_over(ctx: Context, fund: str, blank_zero: bool) -> Fig | None:
    """One fund's carry-over: its row under 上年结转 on the income side of the fiscal summary table (the rows
    after the 上年结转 heading, up to the next numbered heading or total)."""
    fiscal = _table(ctx, "fiscal_summary")
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
            return _cell(ctx, fiscal, row, "收入金额", blank_zero=blank_zero)
    return None


def _fiscal_income(ctx: Context, pattern: str) -> list[Fig] | None:
    fiscal = _table(ctx, "fiscal_summary")
    if fiscal is None:
        return None
    fig = ctx.fig(fiscal, find_row(ctx, fiscal, "收入项目", pattern), "收入金额")
    return [fig] if fig is not None else None


#: 人员经费 and 公用经费 by economic class (the basic-spending table's 类 rows): 工资福利支出 and 对个人和家庭的
#: 补助 are 人员经费; 商品和服务支出 is 公用经费, with 资本性支出 where a basic budget buys equipment.
STAFF_CLASSES = {"人员经费": (("301", "303"),), "公用经费": (("302",), ("302", "310"))}


def _economic_sum(ctx: Context, classes: tuple[str, ...]) -> list[Fig] | None:
    """The basic-spending table's rows of these economic classes (by code), when each is there once."""
    table = _table(ctx, "basic_expenditure")
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
    summary = _table(ctx, "summary")
    if summary is None:
        return None
    rows = [find_row(ctx, summary, "收入项目", p) for p in ("一般公共预算", "政府性基金", "国有资本经营")]
    figs = [f for row in rows for f in [_cell(ctx, summary, row, "收入金额", blank_zero=True)] if f is not None]
    return figs if rows[0] is not None and len(figs) == len([r for r in rows if r is not None]) else None


def alternatives(ctx: Context, fact) -> list[list[Fig]]:
    """Every cell that legitimately holds the quantity a narrative figure names.

    Several quantities share a name in the text: 收入 may be the year's income or the total with
    last year's balance; 一般公共预算 may be this year's appropriation or include its carry-over.
    The figure is wrong only when it matches none of them.
    """
    unit = unit_of(ctx, fact) if fact["subject"] != "功能科目" else None
    if unit is not None:   # a figure of one of the department's units: that unit's cells, a project it names, or none
        own = unit_figures(ctx, fact, unit)
        project = _project_row(ctx, fact) if not own and not fact["canonical"] else None
        return own or ([project] if project else [])
    subject = fact["subject"]
    first = table_figure(ctx, fact)
    found = [first] if first else []
    sole = sole_unit(ctx) if fact["subject"] != "功能科目" else None
    if sole is not None:   # a department of one unit, whose tables print its figures on the unit's row
        found += [figs for figs in unit_figures(ctx, fact, sole) if figs not in found]
    extra: list[list[Fig] | None] = []
    if subject == "收入合计":
        extra = [_summary_cell(ctx, "收入", "本年收入合计"), _grand_total(ctx, "收入")]
    elif subject == "支出合计":
        extra = [_summary_cell(ctx, "支出", "本年支出合计"), _grand_total(ctx, "支出")]
    elif subject in ("收入总计", "支出总计"):   # a summary whose grand total is labelled 总计 alone (决算 summaries)
        extra = [_grand_total(ctx, subject[:2])]
    elif subject in ("人员经费", "公用经费"):   # of the general budget (basic table) or of all funds
        extra = [[f] for kind in ("expenditure", "general_budget") for f in [_total_fig(ctx, kind, subject)] if f]
        extra += [_economic_sum(ctx, classes) for classes in STAFF_CLASSES[subject]]
        extra.append(_final_basic_total(ctx, subject))
    elif subject == "财政拨款收入":   # this year's appropriations: of the fiscal summary, or its funds summed
        extra = [_fiscal_income(ctx, "^(?:[一二三四五六七八九十]+、)?本年收入"), _appropriations(ctx)]
    elif subject in ("一般公共预算", "政府性基金", "国有资本经营预算"):   # income of the year, or with its carry-over
        extra = [_fiscal_income(ctx, subject[:6]), _summary_cell(ctx, "收入", subject[:6])]
        kind = {"一般公共预算": "general_budget", "政府性基金": "fund_budget"}.get(subject, "state_capital")
        total = _total_fig(ctx, kind, "合计")
        extra.append([total] if total is not None else None)
    elif subject in THREE_ROWS and ctx.table("final_three_public") is not None:   # 决算数, or the 预算数 beside it
        extra = [_final_three_public(ctx, subject, column) for column in ("决算数", "预算数")]
    elif subject.endswith("(类)"):   # a class of the general budget, of 财政拨款 or of all funds
        extra = [_class_total(ctx, kind, subject[:-3])
                 for kind in ("general_budget", "fiscal_summary", "fiscal_expenditure", "expenditure")]
    return found + [e for e in extra if e]


@rule("narrative.amount", "error", "说明中的金额与表中不一致",
      "an amount in the text differs from the table cell holding the same quantity")
def amounts(ctx: Context):
    for fact in ctx.facts_where(kind="amount"):
        options = [figs for figs in alternatives(ctx, fact) if ctx.comparable(*figs)]
        if not options:
            continue   # no table cell holds this quantity, or its table states no unit
        stated = _fact_fig(fact)
        if any(ctx.close(stated, ctx.sum_figs(figs), figs) for figs in options):
            continue
        figs = options[0]
        expected = show_in(ctx.sum_figs(figs), stated.unit, max(2, decimals(stated.value)))
        carry = _carried_over(ctx, stated, options)
        if carry is not None:   # the same money with last year's balance: a label, not a wrong figure
            yield Issue(f"说明中{fact['subject']}为 {stated.show()}，表中本年数为 {expected}，差额 {carry.show()} "
                        f"即上年结转结余：说明的口径含上年结转，应写明",
                        [stated.line, *(f.line for f in figs), carry.line],
                        expected=expected, actual=stated.show(), severity="warning")
            continue
        # the table's figure rounded the other way in the last printed digit: a slip, not a wrong figure
        unit_step = Decimal(1).scaleb(-decimals(stated.value)) * UNIT_FACTORS.get(stated.unit, Decimal(1))
        slip = abs(stated.yuan - ctx.sum_figs(figs)) <= unit_step + stated.half_unit_yuan
        yield Issue(f"说明中{fact['subject']}为 {stated.show()}，表中为 {expected}"
                    + ("（末位舍入差）" if slip else ""),
                    [stated.line, *(f.line for f in figs)], expected=expected, actual=stated.show(),
                    severity="warning" if slip else None)


def _carried_over(ctx: Context, stated: Fig, options: list[list[Fig]]) -> Fig | None:
    """A carry-over cell that makes up the difference between a stated figure and a table's."""
    carries = []
    for kind in ("summary", "fiscal_summary"):
        table = _table(ctx, kind)
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


def _pct_range(part: Decimal, whole: Decimal, part_unit_half: Decimal, whole_unit_half: Decimal):
    """Smallest and largest percentage the printed (rounded) figures allow."""
    lo_w, hi_w = whole - whole_unit_half, whole + whole_unit_half
    lo_p, hi_p = max(part - part_unit_half, Decimal(0)), part + part_unit_half
    if lo_w <= 0:
        return None
    return lo_p / hi_w * 100, hi_p / lo_w * 100


def _half(value: Decimal) -> Decimal:
    return Decimal(5) * Decimal(10) ** (-decimals(value) - 1)


@rule("narrative.share", "error", "说明中的占比与金额不符",
      "a stated share does not follow from its amounts")
def shares(ctx: Context):
    for fact in ctx.facts:
        if fact["share_pct"] is None or fact["share_of_value"] is None:
            continue
        pct, part, whole = fact["share_pct"], fact["value"], fact["share_of_value"]
        if whole == 0:
            continue
        places = decimals(pct)
        bounds = _pct_range(part, whole, _half(part), _half(whole))
        if bounds is None:
            continue
        lo, hi = (round_pct(b, places) for b in bounds)
        exact = round_pct(part / whole * 100, places)
        ctx.tick()
        if not (lo <= pct <= hi):
            # one unit off in the last printed digit is a rounding slip, not a wrong figure
            slip = abs(pct - exact) <= Decimal(1).scaleb(-places)
            yield Issue(f"{fact['subject']}占{fact['share_of']}的比重应为 {exact}%"
                        f"（{part}÷{whole}），文中为 {pct}%" + ("（末位舍入差）" if slip else ""), fact["lines"],
                        expected=f"{exact}%", actual=f"{pct}%", severity="warning" if slip else None)


PARTITIONS = ({"基本支出", "项目支出"}, {"人员经费", "公用经费"})


@rule("narrative.share_sum", "warning", "同一总数的各部分占比之和不为 100%",
      "the shares of one whole do not add up to 100%")
def share_sum(ctx: Context):
    groups: dict[tuple, list[dict]] = {}
    for fact in ctx.facts:
        if fact["share_pct"] is not None:
            groups.setdefault((fact["section"], fact["share_of"]), []).append(fact)
    for (_, base), group in groups.items():
        first: dict[str, dict] = {}
        for fact in group:
            first.setdefault(fact["subject"], fact)
        for partition in PARTITIONS:
            if not partition <= set(first) or set(first) - partition:
                continue   # not these parts, or more parts of the same whole (项目支出 beside 人员/公用)
            parts = [first[s] for s in sorted(partition)]
            total = sum((p["share_pct"] for p in parts), Decimal(0))
            slack = sum((_half(p["share_pct"]) for p in parts), Decimal(0))
            if abs(total - 100) > slack:
                lines = sorted({n for p in parts for n in p["lines"]})
                yield Issue(f"{'、'.join(p['subject'] for p in parts)}占{base}的比重之和为 {total}%，应为 100%",
                            lines, expected="100%", actual=f"{total}%")


def _current(ctx: Context, change: dict) -> dict | None:
    same = ctx.facts_where(kind="amount", subject=change["subject"], section=change["section"], unit=change["unit"])
    before = [f for f in same if f["line"] <= change["line"]]
    if before:
        return before[-1]
    return same[0] if same else None


@rule("narrative.change", "error", "同比增减额与增减幅度不符",
      "a stated change and its percentage do not agree")
def changes(ctx: Context):
    for change in ctx.facts_where(kind="change"):
        if change["value"] is None or change["change_pct"] is None or change["subject"] == "功能科目":
            continue   # an item's change is checked against its own figures (narrative.item_change)
        if change["direction"] not in {"增加", "减少"} or change["value"] == 0:
            continue
        current = _current(ctx, change)
        if current is None:
            continue
        delta, now, pct = change["value"], current["value"], change["change_pct"]
        prior = now - delta if change["direction"] == "增加" else now + delta
        if prior <= 0:
            continue
        bounds = _pct_range(delta, prior, _half(delta), _half(delta) + _half(now))
        if bounds is None:
            continue
        places = decimals(pct)
        lo, hi = (round_pct(b, places) for b in bounds)
        if not (lo <= pct <= hi):
            exact = round_pct(delta / prior * 100, places)
            word = "增长" if change["direction"] == "增加" else "下降"
            yield Issue(f"{change['subject']}{change['direction']} {delta}{change['unit']}，上年应为 "
                        f"{prior}{change['unit']}，{word}幅度应为 {exact}%，文中为 {pct}%",
                        sorted(set(change["lines"]) | {int(current["line"])}),
                        expected=f"{exact}%", actual=f"{pct}%")


@rule("narrative.direction", "warning", "增减方向与数字矛盾",
      "the direction word contradicts the figure (增加 for a zero change)")
def direction(ctx: Context):
    for change in ctx.facts_where(kind="change"):
        if change["direction"] not in ("增加", "减少"):
            continue
        zero_amount = change["value"] is not None and change["value"] == 0
        zero_pct = change["change_pct"] is not None and change["change_pct"] == 0
        if "持平" in str(change["sentence"]):
            continue   # "增加 0.00 万元，与上年持平": the sentence already says it is unchanged
        if zero_amount or (zero_pct and change["value"] is None):
            yield Issue(f"说明称{change['subject']}「{change['direction']}」，但变动额为 0，应表述为与上年持平",
                        change["lines"], expected="持平", actual=change["direction"])
        elif change["value"] is not None and change["value"] < 0:
            yield Issue(f"说明称{change['subject']}{change['direction']}，但变动额为负数 {change['value']}",
                        change["lines"], expected="正数变动额", actual=str(change["value"]))


@rule("narrative.duplicate", "error", "同一事项在同一句中两次给出不同金额",
      "one item is given two different amounts in one sentence")
def duplicate(ctx: Context):
    groups: dict[tuple, list[dict]] = {}
    for fact in ctx.facts:
        if fact["kind"] == "amount" and fact["canonical"] and not fact["item"] \
                and fact["subject"] not in ("收入", "支出") and fact["unit"] in ("元", "万元", "亿元"):
            # the same words before two figures ("会议费 5 万元……会议费 6 万元"), not 编制数 and 实有数
            key = re.sub(r"[\s,，:：为是共计]", "", str(fact["raw_subject"]))
            groups.setdefault((fact["sentence"], key, fact["unit"]), []).append(fact)
    for (_, _, unit), group in groups.items():
        subject = group[0]["subject"]
        values = list(dict.fromkeys(f["value"] for f in group))
        if len(values) > 1 and not subject.endswith("(类)"):
            yield Issue(f"「{subject}」在同一句中给出 {len(values)} 个不同数额："
                        f"{'、'.join(f'{v}{unit}' for v in values)}", [f["line"] for f in group],
                        expected="同一数额", actual="、".join(f"{v}{unit}" for v in values))


@rule("narrative.operating_cost", "error", "说明中的机关运行经费与列明它的表不一致",
      "机关运行经费 in the text differs from the table that states it")
def operating_cost(ctx: Context):
    other, where = _operating_cost(ctx)
    if other is None or not ctx.comparable(other):
        return
    for fact in ctx.facts_where(kind="amount", subject="机关运行经费"):
        stated = _fact_fig(fact)
        if not ctx.close(stated, other):
            yield Issue(f"说明中机关运行经费 {stated.show()} 与{where} {other.show()} 不一致",
                        [stated.line, other.line], expected=other.show(), actual=stated.show())


def _operating_cost(ctx: Context) -> tuple[Fig | None, str]:
    """机关运行经费 where a table states it, and that table's name.

    Only a table that states it holds it: 公用经费 covers 事业单位 too, so it is no stand-in.
    """
    three = _table(ctx, "three_public")
    if three is not None and "机关运行经费" in three.columns:
        other = next((f for r in ctx.rows(three) for f in [ctx.fig(three, r, "机关运行经费")] if f), None)
        if other is not None:
            return other, "三公经费和机关运行经费预算表"
    elif three is not None and _three_public(ctx, "机关运行经费") is not None:   # listed as a row
        return _three_public(ctx, "机关运行经费"), three.title
    table = _table(ctx, "operating_cost")
    if table is None:
        return None, ""
    # its total column: 合计, or the one amount column it has ("机关运行经费支出")
    column = "合计" if "合计" in table.columns else table.amount_columns[0] if len(table.amount_columns) == 1 else None
    if column is None:
        return None, ""
    return _total_fig(ctx, "operating_cost", column), table.title


def linked(ctx: Context, fact) -> bool:
    """True when a table cell of the same quantity is compared with this narrative amount."""
    if fact["subject"] == "功能科目":
        return bool(item_hits(ctx, fact))
    if fact["subject"] == "机关运行经费":
        return _operating_cost(ctx)[0] is not None
    return bool(alternatives(ctx, fact))


@rule("narrative.function_name", "warning", "说明中的功能科目名称与科目表不符",
      "a function class named in the text is not the current classification name")
def function_name(ctx: Context):
    codes = reference.function_codes()
    for fact in ctx.facts:
        if fact["subject"] == "功能科目" and fact["kind"] == "amount" and fact["item"]:
            name = str(fact["item"]).split("/")[0]   # an item's path starts at its class, when it names one
            if reference.class_by_name().get(reference.name_key(name)) is None:
                continue
        elif str(fact["subject"]).endswith("(类)"):
            name = fact["subject"][:-3]
        else:
            continue
        code = reference.class_by_name().get(reference.name_key(name))
        if code is None:
            yield Issue(f"说明中的功能科目「{name}」不是现行支出功能分类类级科目", [fact["line"]],
                        expected="现行科目名称", actual=name, severity="info")
            continue
        current = codes[code].name
        current_key = reference.name_key(current)
        if reference.name_key(name) not in {current_key, current_key.removesuffix("支出")}:
            yield Issue(f"说明使用旧科目名称「{name}」，{code} 类现称「{current}」", [fact["line"]],
                        expected=current, actual=name)


def _name_matches(row: dict, name: str) -> bool:
    key = reference.name_key(str(row.get("科目名称", "")))
    return key in {name, name + "支出", name.removesuffix("支出")}


#: Function tables an item explanation may refer to, by scope (一般公共预算, 基金, 财政拨款, all funds).
ITEM_TABLES = ("general_budget", "fund_budget", "state_capital", "fiscal_expenditure", "expenditure", "fiscal_summary")


def _amount_column(table) -> str:
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


def _item_row(ctx: Context, table, names: list[str], code: str | None) -> dict | None:
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


def item_rows(ctx: Context, item: str) -> list[tuple[Table, dict]]:
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
        table = _table(ctx, kind)
        if table is None or outline.columns(table) is None:
            continue
        row = _item_row(ctx, table, names, code)
        if row is not None:
            found.append((table, row))
    return found


#: The tables holding an item of an explicitly scoped explanation (一般公共预算 / 财政拨款).
_SCOPED_ITEM_TABLES = {"general": ("general_budget",), "fiscal": ("fiscal_expenditure", "fiscal_summary")}


def item_hits(ctx: Context, fact) -> list[tuple[Table, dict]]:
    """The rows an item explanation is compared with: those of its own scope's table when the
    text names the scope and that table was read, else the item's row in every function table."""
    hits = item_rows(ctx, fact["item"])
    own = [t.kind for k in _SCOPED_ITEM_TABLES.get(scope(fact), ()) for t in [_table(ctx, k)] if t is not None]
    return [(t, r) for t, r in hits if t.kind in own] if own else hits


@rule("narrative.item_amount", "error", "逐项说明的科目金额与表中不一致",
      "an item-by-item explanation's amount differs from the function table")
def item_amounts(ctx: Context):
    unmatched = []
    for fact in ctx.facts_where(kind="amount", subject="功能科目"):
        hits = item_hits(ctx, fact)
        if not hits:
            unmatched.append(fact)
            continue
        stated = _fact_fig(fact)
        figs = [(table, f) for table, row in hits for f in [ctx.fig(table, row, _amount_column(table))]
                if f is not None and ctx.comparable(f)]
        if not figs or any(ctx.close(stated, f) for _, f in figs):
            continue   # the figure is one of the tables' (each table has its own scope of funds)
        table, other = figs[0]
        expected = show_in(other.yuan, stated.unit, max(2, decimals(stated.value)))
        yield Issue(f"说明中「{fact['item']}」为 {stated.show()}，{table.title}中为 {expected}",
                    [stated.line, other.line], expected=expected, actual=stated.show())
    if unmatched:   # said once: the items whose rows were not found in the tables read
        names = "、".join(f"「{f['item']}」" for f in unmatched[:5]) + ("等" if len(unmatched) > 5 else "")
        yield Issue(f"{len(unmatched)} 项逐项说明的科目在已读出的功能分类表中找不到，其金额未核对：{names}",
                    [f["line"] for f in unmatched], severity="info")


def _item_change(ctx: Context, change: dict) -> tuple[dict, dict] | None:
    """(this year's amount, last year's) of the item a change is stated for.

    Last year's figure is stated ("上年执行数 X"), or follows from the change ("增加 Y" → X − Y).
    """
    amounts = [f for f in ctx.facts_where(subject="功能科目") if f["item"] == change["item"]
               and f["section"] == change["section"] and f["line"] <= change["line"] + 2]
    now = next((f for f in amounts if f["kind"] == "amount"), None)
    prior = next((f for f in amounts if f["kind"] == "prior"), None)
    if now is not None and prior is None and change["value"] is not None and change["unit"] == now["unit"] \
            and change["direction"] in ("增加", "减少"):
        delta = change["value"] if change["direction"] == "增加" else -change["value"]
        prior = dict(now, kind="prior", value=now["value"] - delta, line=change["line"], derived=True)
    return (now, prior) if now and prior else None


@rule("narrative.item_change", "error", "逐项说明的增减幅度或方向与所列金额不符",
      "an item's stated change or direction does not follow from its two figures")
def item_changes(ctx: Context):
    for change in ctx.facts_where(kind="change", subject="功能科目"):
        pair = _item_change(ctx, change)
        if pair is None:
            continue
        now, prior = pair
        if prior["value"] <= 0:
            continue
        actual_dir = "增加" if now["value"] > prior["value"] else "减少" if now["value"] < prior["value"] else "持平"
        lines = sorted({now["line"], prior["line"], change["line"]})
        if change["direction"] != actual_dir:
            yield Issue(f"「{change['item']}」从 {prior['value']} 到 {now['value']}{now['unit']} 应为{actual_dir}，"
                        f"文中称{change['direction']}", lines, expected=actual_dir, actual=change["direction"])
            continue
        if change["change_pct"] is None:
            continue
        delta = abs(now["value"] - prior["value"])
        slack = _half(now["value"]) + (_half(change["value"]) if prior.get("derived") else _half(prior["value"]))
        bounds = _pct_range(delta, prior["value"], slack, slack)
        if bounds is None:
            continue
        places = decimals(change["change_pct"])
        lo, hi = (round_pct(b, places) for b in bounds)
        ctx.tick()
        if not (lo <= change["change_pct"] <= hi):
            exact = round_pct(delta / prior["value"] * 100, places)
            slip = abs(change["change_pct"] - exact) <= Decimal(1).scaleb(-places)
            yield Issue(f"「{change['item']}」{prior['value']}→{now['value']}{now['unit']}，"
                        f"{change['direction']}幅度应为 "
                        f"{exact}%，文中为 {change['change_pct']}%" + ("（末位舍入差）" if slip else ""), lines,
                        expected=f"{exact}%", actual=f"{change['change_pct']}%", severity="warning" if slip else None)


_NEGATED = re.compile(r"(?:未|没有|无|不再|不|停止)[^，,。；;]{0,4}?"
                      r"(?:增加|增长|上升|提高|扩大|新增|减少|下降|降低|压减|缩减)")
_UP_WORDS = ("增加", "增长", "上升", "提高", "扩大", "新增")
_DOWN_WORDS = ("减少", "下降", "降低", "压减", "缩减", "减")


@rule("narrative.reason", "warning", "增减原因与增减方向相反",
      "the reason given contradicts the direction of the change")
def reason(ctx: Context):
    for change in ctx.facts:
        text = change.get("reason") or ""
        if change["kind"] != "change" or not text:
            continue
        plain = _NEGATED.sub("", text)   # "未安排新增预算" says nothing rose
        says_up = any(w in plain for w in _UP_WORDS)
        says_down = any(w in plain for w in _DOWN_WORDS) and not any(w in plain for w in ("增加", "增长"))
        if (change["direction"] == "增加" and says_down and not says_up
                or change["direction"] == "减少" and says_up and not says_down):
            what = change["item"] or change["subject"]
            yield Issue(f"「{what}」{change['direction']}，但原因写的是「{text}」", change["lines"],
                        expected=f"说明{change['direction']}的原因", actual=text)


@rule("narrative.unit_slip", "warning", "说明中的金额比全部预算大上千倍：单位多半写错（元写成万元）",
      "an amount in the text is a thousand times the whole budget: its unit is probably wrong")
def unit_slip(ctx: Context):
    total = _grand_total(ctx, "收入") or _grand_total(ctx, "支出")
    if not total or not ctx.comparable(*total) or total[0].yuan <= 0:
        return
    for fact in ctx.facts_where(kind="amount"):
        if fact["unit"] not in ("元", "万元", "亿元") or fact["value"] is None:
            continue
        stated = _fact_fig(fact)
        ctx.tick()
        if stated.yuan > total[0].yuan * 1000:
            yield Issue(f"说明中{fact['raw_subject'] or fact['subject']} {stated.show()}，"
                        f"是全部预算 {total[0].show()} 的 "
                        f"{int(stated.yuan / total[0].yuan)} 倍，单位多半写错", [stated.line, total[0].line],
                        expected="与预算规模相称的金额或单位", actual=stated.show())


def _near(a: str, b: str) -> bool:
    """Two names one slip apart: the same characters in another order, or one or two replaced."""
    if a == b or len(a) != len(b) or len(a) < 4:
        return False
    return sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b, strict=True)) <= 1


@rule("narrative.item_name", "warning", "逐项说明中的科目名称与标准名称相差一两个字（疑似笔误）",
      "an item-by-item explanation misspells a standard item name")
def item_name(ctx: Context):
    names = {reference.name_key(fc.name) for fc in reference.function_codes().values()}
    for fact in ctx.facts_where(kind="amount", subject="功能科目"):
        if item_rows(ctx, fact["item"]):
            continue
        for name in (reference.name_key(n) for n in str(fact["item"]).split("/") if n):
            ctx.tick()
            if name in names:
                continue
            close = sorted(n for n in names if _near(name, n))
            if close:
                yield Issue(f"说明中的科目名称「{name}」不是标准科目名称，疑为「{close[0]}」之误", [fact["line"]],
                            expected=close[0], actual=name)


@rule("narrative.zero_base", "warning", "上年为零却给出增长百分比（基数为 0，增幅无从计算）",
      "a percentage change is given although last year's figure was zero")
def zero_base(ctx: Context):
    for change in ctx.facts_where(kind="change", direction="增加"):
        if change["change_pct"] in (None, 0):
            continue
        pair = _item_change(ctx, change) if change["subject"] == "功能科目" else None
        now = pair[0] if pair else _current(ctx, change) if change["value"] else None
        prior = pair[1]["value"] if pair else (now["value"] - change["value"] if now else None)
        if now is None or prior is None or prior != 0 or now["unit"] != change["unit"]:
            continue
        what = change["item"] or change["subject"]
        yield Issue(f"「{what}」上年为 0，本年 {now['value']}{now['unit']}，增长幅度无从计算，"
                    f"文中写 {change['change_pct']}%（应写“上年无此项”或“不可比”）",
                    sorted(set(change["lines"]) | {int(now["line"])}),
                    expected="不可比", actual=f"{change['change_pct']}%")


#: Words a reason needs no more than to restate a change ("会议费支出下降").
_RESTATING = re.compile(r"支出|经费|费用|费|预算|资金|有所|相应|的|主要|是|为|较上年|比上年|上年|同比|"
                        r"增加|增长|上升|提高|减少|下降|降低|压减|减|增|[，,。、；;：:\s]")


@rule("narrative.reason_restated", "warning", "说明的“原因”只是重述增减（如“会议费支出下降”），没有给出原因",
      "the stated reason only repeats the change (\"meeting costs fell\") and gives no cause")
def reason_restated(ctx: Context):
    """One finding for the document (a drafting habit, one root cause), citing every such reason."""
    found = list(_restated(ctx))
    if found:
        shown = "；".join(f"「{what}」{word}：「{text}」" for what, word, text, _ in found[:3])
        more = "等" if len(found) > 3 else ""
        yield Issue(f"{len(found)} 处增减的“原因”只是重述了增减，没有说明原因，如{shown}{more}",
                    sorted({n for *_, lines in found for n in lines}), expected="增减的具体原因",
                    actual=f"{len(found)} 处只重述增减")


def _restated(ctx: Context):
    """(item, direction, reason, lines) of each change whose reason only repeats it."""
    for change in ctx.facts_where(kind="change"):
        text = change.get("reason") or ""
        if not text or change["direction"] not in ("增加", "减少"):
            continue
        opposite = ("减少", "下降", "降低") if change["direction"] == "增加" else ("增加", "增长", "上升")
        if any(w in text for w in opposite):
            continue   # a reason that contradicts the change is narrative.reason's finding
        names = {str(change["raw_subject"] or ""), str(change["subject"] or "")}
        names |= set(str(change["item"] or "").split("/"))
        rest = text
        for name in sorted((reference.name_key(n) for n in names if len(n) >= 2), key=len, reverse=True):
            for word in {name, name.removesuffix("费"), name.removesuffix("经费"), name.removesuffix("支出")}:
                if len(word) >= 2:
                    rest = rest.replace(word, "")
        if len(text) >= 4 and not _RESTATING.sub("", rest):
            yield str(change["item"] or change["subject"]).split("/")[-1], change["direction"], text, change["lines"]


def _three_public_change(ctx: Context, fact) -> tuple[dict, list[Fig], list[Fig]] | None:
    """(the change stated with a 三公 amount, the budget-year figures, the prior-year figures) when the
    三公 table holds both years and the sentence states one change against a prior budget (not 执行/决算)."""
    table = _table(ctx, "three_public")
    changes = [c for c in ctx.facts_where(kind="change", line=fact["line"]) if c["value"] is not None
               and c["direction"] in ("增加", "减少") and c["unit"] == fact["unit"]]
    if table is None or len(changes) != 1 or re.search(r"执行|决算|实际", str(changes[0]["sentence"])):
        return None
    prior_row = yearblocks.department_row(table, prior=True)
    year = re.sub(r"\D", "", str(prior_row.get("年度") or "")) if prior_row else ""
    if changes[0]["compared_year"] is not None and str(changes[0]["compared_year"]) != year:
        return None   # compared with another year than the table's prior year
    now, before = _three_public_funds(ctx, fact), _three_public_funds(ctx, fact, prior=True)
    return (changes[0], now, before) if now and before else None


@rule("narrative.three_public_change", "error", "三公经费较上年的增减额与三公经费表两年数之差不符",
      "a 三公 amount's stated change differs from the 三公 table's budget year less its prior year")
def three_public_changes(ctx: Context):
    for fact in ctx.facts_where(kind="amount"):
        if fact["subject"] not in THREE_ROWS:
            continue
        amounts = [f for f in ctx.facts_where(kind="amount", line=fact["line"]) if f["subject"] in THREE_ROWS]
        found = _three_public_change(ctx, fact) if len(amounts) == 1 else None
        if found is None:
            continue
        change, now, before = found
        delta = ctx.sum_figs(now) - ctx.sum_figs(before)
        stated = _fact_fig(change)
        signed = stated.yuan if change["direction"] == "增加" else -stated.yuan
        if ctx.close(signed, delta, [stated, *now, *before]):
            continue
        word = "增加" if delta >= 0 else "减少"
        expected = f"{word} {show_in(abs(delta), stated.unit, max(2, decimals(stated.value)))}"
        yield Issue(f"说明称{fact['subject']}较上年{change['direction']} {stated.show()}，三公经费表两年数之差为"
                    f"{expected}", sorted({stated.line, now[0].line, before[0].line}),
                    expected=expected, actual=f"{change['direction']} {stated.show()}")
