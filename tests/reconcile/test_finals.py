"""Final accounts (部门决算): a real district final account, read as published, is consistent; each
identity of the nine tables fires when one figure is changed, at the changed line."""
import functools

import pytest

from audithelpers.reconcile import reconcile

from helpers import ROOT, ingest_lines, line_index

PLANNING = ROOT / "data" / "finals" / "shanghai-putuo-planning-2024-dept-final.pdf"


@functools.lru_cache(maxsize=1)
def _planning() -> tuple[str, ...]:
    from audithelpers.read.text import read_source

    return read_source(PLANNING).lines


def _lines() -> list[str]:
    return list(_planning())


def _errors(lines, rule=None):
    found = reconcile(ingest_lines(lines), rules=[rule] if rule else None)
    return [f for f in found if f.severity == "error"]


def _replace(lines, needle, old, new, start=0):
    i = next(n for n, text in enumerate(lines) if n >= start and needle in text)
    assert old in lines[i], lines[i]
    lines[i] = lines[i].replace(old, new, 1)
    return i


def test_the_nine_tables_are_read_as_final_accounts_kinds():
    d = ingest_lines(_lines())
    assert d.document_kind == "final"
    assert {"final_summary", "final_revenue", "final_expenditure", "final_fiscal_summary", "final_general",
            "final_basic", "final_three_public", "final_fund", "final_state_capital"} <= set(d.kinds)
    basic = d.table("final_basic")
    assert basic.columns == ["line", "部门经济分类编码", "部门经济分类名称", "决算数"]
    totals = {r["部门经济分类名称"]: str(r["决算数"]) for r in basic.records if r["部门经济分类名称"].endswith("合计")}
    assert totals == {"人员经费合计": "4884.09", "公用经费合计": "480.66"}
    three = d.table("final_three_public")
    assert [str(three.records[0][f"公务接待费/{c}"]) for c in ("预算数", "决算数")] == ["2.85", "0.39"]


def test_the_published_final_account_raises_its_two_true_errors_only():
    """Its nine tables agree throughout. Two errors are true (checked by hand against the PDF):
    lines 431 and 435 print 规划与自然资源局 for the cover's 规划和自然资源局; line 401 gives
    一般公共预算财政拨款基本支出 5377.64 and 人员经费 4896.98, the 支出决算表's all-funds figures, while
    the general-budget tables give 5364.75 (262) and 4884.09 (308): 12.89 apart, one root cause."""
    found = [(f.rule, f.lines) for f in _errors(_lines())]
    assert found == [("identity.department_name", (1, 431, 435)), ("narrative.amount", (262, 308, 401))]


def test_summary_total_not_its_items_and_not_the_expenditure_table():
    lines = _lines()
    i = _replace(lines, "本年收入合计\t9746.50\t本年支出合计\t9759.38", "9759.38", "9769.38")
    hits = _errors(lines, "arithmetic.balance")
    assert hits and all(i + 1 in f.lines for f in hits)
    assert [f.expected for f in _errors(lines, "crosstable.final_tables")] == ["9759.38万元"]


@pytest.mark.parametrize("needle, old, new, rule", [
    ("30101\t基本工资\t537.64", "537.64", "547.64", "arithmetic.final_basic"),        # class 301 ≠ Σ its items
    ("人员经费合计\t\t4884.09", "4884.09", "4894.09", "arithmetic.final_basic"),       # 人员经费 ≠ 301 + 303
    ("2080501\t行政单位离退休\t54.53\t54.53", "54.53\t54.53", "54.53\t44.53", "arithmetic.row_total"),
    ("2.85\t0.39\t0.00", "2.85\t0.39", "2.85\t0.49", "arithmetic.row_total"),      # 三公 决算 合计 ≠ its items
])
def test_each_table_identity_fires_at_the_changed_line(needle, old, new, rule):
    lines = _lines()
    i = _replace(lines, needle, old, new)
    found = _errors(lines, rule)
    assert found and all(i + 1 in f.lines for f in found)


def test_the_same_figure_across_the_final_tables():
    lines = _lines()   # the 收入决算表's total against the summary's 本年收入合计
    start = line_index(lines, "收入决算表")
    i = _replace(lines, "合计\t\t9746.50\t9746.50", "9746.50\t9746.50", "9756.50\t9756.50", start)
    assert [i + 1 in f.lines for f in _errors(lines, "crosstable.final_tables")] == [True]
    lines = _lines()   # 公务接待费 paid from basic spending above the 三公 table's 决算数
    i = _replace(lines, "30217\t公务接待费\t0.39", "0.39", "0.59")
    hits = _errors(lines, "crosstable.final_tables")
    assert len(hits) == 1 and i + 1 in hits[0].lines and hits[0].expected == "≤0.39万元"


def test_the_fiscal_summary_carries_each_fund_over():
    lines = _lines()
    i = line_index(lines, "年末财政拨款结转和结余")
    cells = lines[i].split("\t")
    cells[4] = "5.00"      # 年末 of the general budget: 0 + 9746.50 − 9746.50 cannot leave 5.00
    lines[i] = "\t".join(cells)
    hits = _errors(lines, "arithmetic.carryover")
    assert len(hits) == 1 and i + 1 in hits[0].lines and hits[0].expected == "0.00万元"


def test_a_fund_table_row_carries_over():
    text = ("测试局2024年度部门决算\n\n政府性基金预算财政拨款收入支出决算表\n\n单位：万元\n\n"
            "项目\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余\n"
            "功能分类科目编码\t科目名称\t\t\t合计\t基本支出\t项目支出\t\n"
            "合计\t\t10.00\t50.00\t40.00\t0.00\t40.00\t20.00\n"
            "212\t城乡社区支出\t10.00\t50.00\t40.00\t0.00\t40.00\t20.00\n")
    assert _errors(text.split("\n"), "arithmetic.carryover") == []
    bad = text.replace("40.00\t20.00\n212", "40.00\t25.00\n212")
    hits = _errors(bad.split("\n"), "arithmetic.carryover")
    assert [h.lines for h in hits] == [(9,)] and hits[0].expected == "20.00万元"   # the 合计 row


def _completion_findings(lines):
    return reconcile(ingest_lines(lines), rules=["narrative.completion"])


def test_the_completion_rate_is_recomputed_from_the_budget_and_the_actual():
    lines = _lines()
    # as published: 9746.50 ÷ 10210.34 = 95.457…% prints as 95.46%, the text says 95.45% (last digit)
    found = _completion_findings(lines)
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warning", "95.46%", "95.45%")]
    i = _replace(lines, "行政单位退休人员支出。年初预算为 54.53万元", "完成年初预算的100.00%", "完成年初预算的90.00%")
    found = [f for f in _completion_findings(lines) if i + 1 in f.lines]
    assert [(f.severity, f.expected) for f in found] == [("error", "100.00%")]


def test_the_word_for_more_or_less_than_the_budget_follows_the_figures():
    lines = _lines()
    i = _replace(lines, "行政单位退休人员支出。年初预算为 54.53万元", "决算数同预算数持平", "决算数小于预算数")
    found = [f for f in _completion_findings(lines) if i + 1 in f.lines]
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warning", "持平", "小于")]


def test_a_final_account_without_one_of_its_nine_tables_is_incomplete():
    lines = _lines()
    i = next(n for n, t in enumerate(lines) if t.strip() == "财政拨款“三公”经费支出决算表" and n > 100)
    end = next(n for n in range(i + 1, len(lines)) if lines[n].strip().endswith("决算表"))
    del lines[i:end]   # the table is not printed at all (a table printed under another title is read by its structure)
    hits = reconcile(ingest_lines(lines), rules=["completeness.required_table"])
    assert [(f.severity, f.expected) for f in hits] == [("error", "财政拨款“三公”经费支出决算表")]


def test_a_final_account_s_three_public_table_under_a_bare_title_is_read_by_its_columns():
    lines = _lines()
    i = next(n for n, t in enumerate(lines) if t.strip() == "财政拨款“三公”经费支出决算表" and n > 100)
    lines[i] = "附表"
    d = ingest_lines(lines)
    [table] = [t for t in d.tables if t.title_line == i + 1]
    assert (table.kind, table.kind_by) == ("final_three_public", "structure")
    assert not reconcile(d, rules=["completeness.required_table"])



def test_the_three_public_figures_of_the_text_are_linked_to_the_final_three_public_table():
    """Line 407: 公务接待费 决算 0.39 and 因公出国(境)费 0: linked to the 三公 table's 决算数 (or 预算数)."""
    from audithelpers.reconcile.context import Context
    from audithelpers.reconcile.quantities import linked

    ctx = Context(ingest_lines(_lines()))
    items = [f for f in ctx.facts if f.kind == "amount" and f.line == 407
             and f.subject in ("公务接待费", "因公出国(境)费")]
    assert len(items) == 2 and all(linked(ctx, f) for f in items)
    lines = _lines()   # the table's 公务接待费 决算数 (and its 合计) 0.49: the text's 0.39 is neither figure
    _replace(lines, "2.85\t0.39\t0.00", "2.85\t0.39\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t2.85\t0.39",
             "2.85\t0.49\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t2.85\t0.49")
    assert [f.severity for f in reconcile(ingest_lines(lines), rules=["narrative.amount"]) if 407 in f.lines] \
        == ["error"]


SOCIAL = ROOT / "data" / "finals" / "shanghai-putuo-social-work-2024-dept-final.pdf"


def test_an_item_explained_with_its_full_year_budget_is_compared_with_its_row():
    """"1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：…。全年预算为 52.00 万元，支出决算为
    51.32 万元": the item's 决算 is its row of the general budget's table (as with 年初预算 in the template)."""
    from audithelpers.read.text import read_source
    from audithelpers.reconcile.context import Context
    from audithelpers.reconcile.quantities import linked

    lines = list(read_source(SOCIAL).lines)
    i = line_index(lines, "社会工作事务（款）行政运行（项）。")
    ctx = Context(ingest_lines(lines))
    [item] = [f for f in ctx.facts if f.line == i + 1 and f.subject == "功能科目" and f.kind == "amount"]
    assert item.item == "一般公共服务支出/社会工作事务/行政运行" and str(item.value) == "51.32"
    assert linked(ctx, item)
    lines[i] = lines[i].replace("支出决算为 51.32 万元", "支出决算为 53.12 万元")
    found = [f for f in reconcile(ingest_lines(lines), rules=["narrative.item_amount"]) if i + 1 in f.lines]
    assert [f.severity for f in found] == ["error"]


def test_the_totals_and_actuals_a_final_accounts_text_states_are_linked_to_their_cells():
    """"收入支出总计 307.82" is the summary's 总计 row (labelled 总计 alone); "财政拨款收入支出总计" the fiscal
    summary's; "…支出年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元" the general budget's spending
    (the 决算 of what the sentence budgets, not a bare 支出)."""
    from audithelpers.read.text import read_source
    from audithelpers.reconcile.context import Context
    from audithelpers.reconcile.quantities import alternatives

    lines = list(read_source(SOCIAL).lines)
    ctx = Context(ingest_lines(lines))
    wanted = {"收入支出总计307.82万元": ("支出总计", "final_summary"),
              "财政拨款收入支出总计 307.82 万元": ("财政拨款收支总计", "final_fiscal_summary"),
              "支出决算为 307.82 万元": ("一般公共预算支出", "final_general")}
    for needle, (subject, kind) in wanted.items():
        i = line_index(lines, needle)
        [fact] = [f for f in ctx.facts if f.line == i + 1 and f.kind == "amount" and f.subject == subject]
        cells = [fig for figs in alternatives(ctx, fact) for fig in figs]
        kinds = {t.kind for fig in cells for t in ctx.disclosure.tables if t.first_line <= fig.line <= t.last_line}
        assert cells and all(str(fig.value) == "307.82" for fig in cells) and kind in kinds, needle
    planning = _lines()   # "“三公”经费财政拨款支出…支出决算为 0.39万元": the 三公 table's, not 财政拨款 spending
    pctx = Context(ingest_lines(planning))
    i = line_index(planning, "“三公”经费财政拨款支出年初预算为 2.85")
    assert [f.subject for f in pctx.facts if f.line == i + 1 and f.raw_subject == "支出决算为"] == ["三公经费"]
