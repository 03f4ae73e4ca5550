"""A 三公 table of year rows per unit with fund columns per item (2025年 / 2026年 / 增减变化金额 under each
budget unit, the department first): the text's figures, the prior-year changes and the table's own sums."""
from decimal import Decimal

from helpers import corpus_lines, ingest_lines, line_index

from audithelpers.reconcile import reconcile
from audithelpers.reconcile import yearblocks
from audithelpers.reconcile.context import Context
from audithelpers.reconcile.crosstable import _three_cell
from audithelpers.reconcile.quantities import alternatives

PORT = "guangdong-shenzhen-port-office-2026-dept-budget.pdf"
WORKS = "guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf"
THREE = ("三公经费", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费")


_lines, _ingest, _at = corpus_lines, ingest_lines, line_index


def _found(lines: list[str], rule: str, line: int | None = None):
    return [f for f in reconcile(_ingest(lines), rules=[rule])
            if f.rule == rule and (line is None or line in f.lines)]


def _set_cell(lines: list[str], i: int, column: int, value: str) -> None:
    cells = lines[i].split("\t")
    cells[column] = value
    lines[i] = "\t".join(cells)


def test_the_text_s_three_public_figures_are_the_department_s_budget_year_row_summed_over_funds():
    lines = _lines(PORT)
    ctx = Context(_ingest(lines))
    row = _at(lines, "\t2026年\t43.79") + 1
    stated = {}
    for fact in ctx.facts:
        if fact.kind == "amount" and fact.subject in THREE:
            [figs] = alternatives(ctx, fact)
            assert len(figs) == 3 and {f.line for f in figs} == {row}   # the three fund cells of one row
            stated[fact.subject] = sum(f.value for f in figs)
    assert stated == {"三公经费": Decimal("43.79"), "因公出国(境)费": Decimal("36.14"), "公务接待费": Decimal("1.65"),
                      "公务用车购置及运行费": Decimal("6.00"), "公务用车购置费": Decimal("0.00"),
                      "公务用车运行维护费": Decimal("6.00")}


def test_a_wrong_three_public_figure_in_the_text_is_one_error():
    lines = _lines(PORT)
    i = _at(lines, "“三公”经费预算 43.79 万元")
    assert not _found(lines, "narrative.amount", i + 1)
    lines[i] = lines[i].replace("43.79", "44.79")
    found = _found(lines, "narrative.amount", i + 1)
    assert [f.severity for f in found] == ["error"] and found[0].expected.startswith("43.79")


def test_the_department_block_is_read_not_a_unit_s_block_and_a_table_going_on_over_a_page_is_one_table():
    lines = _lines(WORKS)
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f.kind == "amount" and f.subject == "三公经费")
    assert [sum(f.value for f in figs) for figs in alternatives(ctx, fact)] == [Decimal("100.22")]   # not 84.20
    assert len(ctx.table("three_public").records) == 15


def test_a_stated_change_against_last_year_is_checked_against_the_prior_year_row():
    lines = _lines(PORT)
    i = _at(lines, "较 2025 年年初预算增加6.02 万元")
    assert not _found(lines, "narrative.three_public_change")
    lines[i] = lines[i].replace("增加6.02", "增加7.02")
    found = _found(lines, "narrative.three_public_change")
    assert [f.severity for f in found] == ["error"] and found[0].expected == "增加 6.02万元"
    j = _at(lines, "公务接待费。2026 年预算数 1.65")
    lines[j] = lines[j].replace("减少 0.24", "增加 0.24")   # the wrong direction
    assert len(_found(lines, "narrative.three_public_change", j + 1)) == 1


def test_the_table_s_own_sums_hold_and_a_changed_cell_breaks_them():
    lines = _lines(WORKS)
    for rule in ("arithmetic.year_blocks", "arithmetic.row_total"):
        assert not _found(lines, rule)
    i = _at(lines, "深圳市建筑工务署工程设计管理中心\t2025年")
    _set_cell(lines, i + 1, 17, "2.80")   # the unit's 2026 运行维护费 (一般公共预算): 1.80 → 2.80
    rows = _found(lines, "arithmetic.row_total", i + 2)
    assert len(rows) == 1 and "公务用车购置及运行费/一般公共预算" in rows[0].message
    [year] = _found(lines, "arithmetic.year_blocks")   # its year change, and so the department's sum
    department = _at(lines, "深圳市建筑工务署\t2025年") + 2
    assert year.expected == "1.80万元" and "工程设计管理中心2026年" in year.message and department in year.lines


def test_basic_spending_on_a_three_public_item_is_compared_with_the_department_s_budget_year():
    ctx = Context(_ingest(_lines(WORKS)))
    three = ctx.table("three_public")
    row = yearblocks.department_row(three)
    assert row is not None and row["年度"] == "2026年" and row["预算单位"] == ""
    assert yearblocks.department_row(three, prior=True)["预算单位"] == "深圳市建筑工务署"
    fig = _three_cell(ctx, three, row, "公务用车运行维护费", by_year=True)
    assert fig is not None and fig.value == Decimal("22.02") and fig.line == row["line"]   # not 2025's 24.42
