"""Narrative figures found in the table that states the same quantity, in the layouts real documents use."""
from decimal import Decimal

from helpers import ROOT, corpus_lines, ingest_lines, line_index

from audithelpers.reconcile import reconcile
from audithelpers.reconcile.context import Context
from audithelpers.reconcile.items import item_hits
from audithelpers.reconcile.quantities import alternatives

CORPUS = ROOT / "data" / "corpus"


_lines, _ingest, _at = corpus_lines, ingest_lines, line_index


def _item_findings(lines: list[str], i: int):
    return [f for f in reconcile(_ingest(lines), rules=["narrative.item_amount"]) if i + 1 in f.lines]


def _amount_findings(lines: list[str], i: int):
    return [f for f in reconcile(_ingest(lines), rules=["narrative.amount"]) if i + 1 in f.lines]


def test_an_item_named_by_its_code_is_compared_with_that_code_row():
    lines = _lines("fujian-quanzhou-gov-office-2026-dept-budget.pdf")
    i = _at(lines, "2010301-行政运行3452.35")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f.line == i + 1 and f.subject == "功能科目")
    assert fact.item == "2010301 行政运行" and fact.value == Decimal("3452.35")
    [(table, row)] = [(t, r) for t, r in item_hits(ctx, fact) if t.kind == "general_budget"]
    assert row["code"] == "2010301"
    assert not [f for f in _item_findings(lines, i) if f.severity != "info"]
    lines[i] = lines[i].replace("3452.35", "3462.35")
    assert [f.severity for f in _item_findings(lines, i)] == ["error"]
    lines[i] = lines[i].replace("3462.35", "3453")   # one off in its last printed digit: a rounding slip
    found = [f for f in _item_findings(lines, i) if f.severity != "info"]
    assert [f.severity for f in found] == ["warning"] and "末位舍入差" in found[0].message


def test_an_item_of_a_table_that_prints_names_only_is_found_through_its_outline():
    lines = _lines("zhejiang-hangzhou-justice-bureau-2026-dept-budget.pdf")
    i = _at(lines, "司法（款）行政运行（项）8,553.80")
    assert not [f for f in _item_findings(lines, i) if f.severity != "info"]
    lines[i] = lines[i].replace("8,553.80", "8,563.80")
    found = _item_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and "8553.80" in found[0].expected


def test_a_class_named_in_the_text_is_found_in_a_names_only_table():
    ctx = Context(_ingest(_lines("zhejiang-hangzhou-justice-bureau-2026-dept-budget.pdf")))
    fact = next(f for f in ctx.facts if f.subject == "卫生健康支出(类)")
    assert any(fig.value == Decimal("2434.95") for figs in alternatives(ctx, fact) for fig in figs)


def test_a_three_public_table_listing_its_items_as_rows_is_read_by_row():
    lines = _lines("guangdong-guangzhou-meteorological-bureau-2026-dept-budget.pdf")
    ctx = Context(_ingest(lines))
    wanted = {"三公经费": "26.11", "公务接待费": "1.31", "公务用车运行维护费": "24.80", "因公出国(境)费": "0.00"}
    for subject, value in wanted.items():
        fact = next(f for f in ctx.facts if f.subject == subject and f.kind == "amount")
        assert [[str(fig.value) for fig in figs] for figs in alternatives(ctx, fact)] == [[value]]
    i = _at(lines, "公务接待费1.31万元")
    lines[i] = lines[i].replace("公务接待费1.31万元", "公务接待费1.41万元")
    found = _amount_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and found[0].expected.startswith("1.31")


def test_operating_cost_listed_as_a_row_of_the_three_public_table():
    lines = _lines("guangdong-guangzhou-meteorological-bureau-2026-dept-budget.pdf")
    table = next(i for i, text in enumerate(lines) if text.startswith("行政经费\t523.62"))
    lines[table] = lines[table].replace("行政经费", "机关运行经费", 1)
    assert not list(reconcile(_ingest(lines), rules=["narrative.operating_cost"]))
    i = _at(lines, "机关运行经费安排523.62")
    lines[i] = lines[i].replace("523.62", "533.62")
    found = reconcile(_ingest(lines), rules=["narrative.operating_cost"])
    assert [f.severity for f in found] == ["error"] and table + 1 in found[0].lines


def _two_part(name: str) -> list[str]:
    from audithelpers.read.text import read_sources

    return list(read_sources(sorted(CORPUS.glob(f"{name}-part*.pdf"))).lines)


def test_procurement_total_and_its_categories_are_found_in_the_procurement_table():
    lines = _two_part("beijing-capital-greening-office-2026-dept-budget")
    ctx = Context(_ingest(lines))
    found = {f.subject: [str(fig.value) for figs in alternatives(ctx, f) for fig in figs]
             for f in ctx.facts if f.subject.startswith("政府采购") and f.kind == "amount"}
    assert found["政府采购"] == ["3084.190000"] and found["政府采购货物"] == ["1810.040000"]
    assert found["政府采购工程"] == []   # no 工程 row: not compared, counted unlinked
    i = _at(lines, "政府采购预算总额3,084.19")
    lines[i] = lines[i].replace("3,084.19", "3,094.19")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def test_a_project_named_in_the_text_is_compared_with_its_row_of_the_project_table():
    lines = _lines("guangdong-shenzhen-port-office-2026-dept-budget.pdf")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if str(f.raw_subject).endswith("口岸管理业务"))
    assert [[str(fig.value) for fig in figs] for figs in alternatives(ctx, fact)] == [["40000.70"]]
    i = fact.line - 1
    lines[i] = lines[i].replace("40,000.70", "40,100.70")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def test_a_class_listed_after_包括_keeps_its_name_and_is_linked():
    ctx = Context(_ingest(_lines("zhejiang-hangzhou-justice-bureau-2026-dept-budget.pdf")))
    fact = next(f for f in ctx.facts if f.kind == "amount" and str(f.raw_subject) == "包括一般公共服务支出")
    assert fact.subject == "一般公共服务支出(类)"
    assert any(fig.value == Decimal("12868.19") for figs in alternatives(ctx, fact) for fig in figs)


def test_an_economic_class_named_in_the_text_is_compared_with_its_row_of_the_basic_table():
    lines = _lines("guangdong-shenzhen-port-office-2026-dept-budget.pdf")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if str(f.raw_subject).startswith("对个人和家庭补助"))
    assert [[str(fig.value) for fig in figs] for figs in alternatives(ctx, fact)] == [["616.88"]]
    i = fact.line - 1
    lines[i] = lines[i].replace("616.88", "626.88")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def _fact(lines: list[str], i: int, subject: str):
    ctx = Context(_ingest(lines))
    return ctx, next(f for f in ctx.facts if f.line == i + 1 and f.subject == subject)


def test_staff_and_office_costs_are_found_as_sums_of_economic_classes():
    lines = _lines("fujian-quanzhou-gov-office-2026-dept-budget.pdf")
    i = _at(lines, "人员经费 5080.69")
    ctx, fact = _fact(lines, i, "人员经费")
    assert any(sum(fig.value for fig in figs) == Decimal("5080.69") for figs in alternatives(ctx, fact))
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("5080.69", "5090.69")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def test_a_year_s_appropriations_are_the_summary_s_fund_rows_summed():
    lines = _lines("beijing-capital-greening-office-2026-dept-budget-part1-narrative.pdf")
    i = _at(lines, "本年财政拨款收入 5,131.71")
    tables = _lines("beijing-capital-greening-office-2026-dept-budget-part2-tables.pdf")
    ctx, fact = _fact(lines + tables, i, "财政拨款收入")
    sums = [sum(fig.value for fig in figs) for figs in alternatives(ctx, fact)]
    assert any(abs(s - Decimal("5131.71")) < Decimal("0.005") for s in sums)


def test_a_stated_zero_agrees_with_a_blank_total_cell():
    lines = _lines("jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf")
    i = _at(lines, "事业单位经营支出0万元")
    ctx, fact = _fact(lines, i, "事业单位经营支出")
    assert [[fig.value for fig in figs] for figs in alternatives(ctx, fact)] == [[Decimal(0)]]
    lines[i] = lines[i].replace("事业单位经营支出0万元", "事业单位经营支出5万元")
    ctx, fact = _fact(lines, i, "事业单位经营支出")
    assert alternatives(ctx, fact) == []   # a blank is never taken for a non-zero figure: not compared


def test_a_funds_carry_over_is_its_row_under_上年结转_in_the_fiscal_summary():
    lines = _lines("jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf")
    i = _at(lines, "上年结转结余的一般公共预算收入0万元")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f.line == i + 1 and f.kind == "amount")
    assert fact.subject == "上年结转(一般公共预算)"
    [[fig]] = alternatives(ctx, fact)   # the blank cell of 二、上年结转 (一)一般公共预算拨款: a zero
    assert fig.value == 0 and "上年结转" in lines[fig.line - 2] + lines[fig.line - 1]
    assert not _amount_findings(lines, i)
    cell = fig.line - 1
    lines[cell] = lines[cell].replace("预算拨款\t\t", "预算拨款\t12.00\t", 1)   # the table carries 12 over
    found = _amount_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and fig.line in found[0].lines   # the text says 0


def test_a_total_is_found_on_a_spending_side_printed_with_its_parts():
    """Shanghai's summary prints 支出合计, 人员经费, 公用经费 and 项目支出 side by side: the spending total is
    the 支出合计 column of its 支出总计 row."""
    lines = _lines("shanghai-welfare-lottery-issuance-center-2026-unit-budget.pdf")
    i = _at(lines, "支出预算21,680.16万元")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f.line == i + 1 and f.kind == "amount")
    assert any(fig.value == Decimal("216801570") for figs in alternatives(ctx, fact) for fig in figs)
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("支出预算21,680.16万元", "支出预算21,880.16万元")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def _unit_section(name: str, needle: str):
    """(lines, index, context, the amounts of that line by subject, the one stated as a budget)."""
    lines = _lines(name)
    i = _at(lines, needle)
    ctx = Context(_ingest(lines))
    facts = {f.subject: f for f in ctx.facts if f.line == i + 1 and f.kind == "amount"}
    return lines, i, ctx, facts, next(f for s, f in facts.items() if s.endswith("预算"))


def test_a_units_figures_are_compared_with_that_units_rows_and_never_with_the_departments_totals():
    """Shenzhen publishes a department's units side by side: each unit's section states its budget and its
    项目支出, which are the unit's rows of the income and project tables."""
    lines, i, ctx, facts, budget = _unit_section("guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf",
                                                 "市建筑工务署工程管理中心预算 8,236.21 万元")
    assert [[fig.value for fig in figs] for figs in alternatives(ctx, budget)] == [[Decimal("8236.21")]]
    assert [[fig.value for fig in figs] for figs in alternatives(ctx, facts["项目支出"])] == [[Decimal("1225.49")]]
    assert alternatives(ctx, facts["人员经费"]) == []   # the unit's, not the department's: not compared
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("项目支出1,225.49万元", "项目支出1,252.49万元")
    found = _amount_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and "1225.49" in found[0].expected


def test_an_economic_class_in_a_units_section_is_that_units_row_of_the_basic_table():
    """The basic table prints each unit's classes under the unit's row: a unit's 对个人和家庭的补助 is the row
    in its own block, never the department's or another unit's."""
    lines = _lines("guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf")
    i = _at(lines, "（三）对个人和家庭补助支出 304.24 万元")
    ctx = Context(_ingest(lines))
    [fact] = [f for f in ctx.facts if f.line == i + 1 and f.kind == "amount"]
    [[fig]] = alternatives(ctx, fact)
    assert fig.value == Decimal("304.24") and lines[fig.line - 1].startswith("对个人和家庭的补助")
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("304.24", "340.24")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def test_a_department_of_one_unit_states_its_figures_on_the_units_row():
    """A one-unit department's tables print its totals on the unit's row (no 合计 row): its budget and its
    项目支出 are that row's."""
    lines, i, ctx, facts, budget = _unit_section("guangdong-shenzhen-port-office-2026-dept-budget.pdf",
                                                 "深圳市人民政府口岸办公室预算 55,884.67 万元")
    assert [[fig.value for fig in figs] for figs in alternatives(ctx, budget)] == [[Decimal("55884.67")]]
    assert Decimal("50878.08") in [figs[0].value for figs in alternatives(ctx, facts["项目支出"])]
    assert alternatives(ctx, facts["公用经费"]) == []   # Shenzhen's 公用经费 is no row or sum of rows
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("预算 55,884.67 万元", "预算 55,848.67 万元")
    found = _amount_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and "55884.67" in found[0].expected


def test_the_tables_of_procurement_operating_costs_and_meetings_hold_what_the_text_states():
    """Suzhou's 政府采购支出表 prints two name columns (专项名称, 采购品目名称) that read as one name: each keeps
    its own label, so the table is understood and its 合计 is the text's 政府采购; the 机关运行经费 table's one
    amount column is its total; the 三公 table's 会议费 and 培训费 columns are the text's 会议费 and 培训费."""
    lines = _lines("jiangsu-suzhou-water-bureau-2026-unit-budget.pdf")
    ctx = Context(_ingest(lines))
    procurement = ctx.table("procurement")
    assert procurement is not None and {"专项名称", "采购品目名称"} <= set(procurement.columns)
    stated = {f.subject: f for f in ctx.facts if f.kind == "amount"}
    for subject, value in (("政府采购", "21940.28"), ("政府采购服务", "21933.40"), ("会议费", "10.05"),
                           ("培训费", "22.10")):
        assert [[str(fig.value) for fig in figs] for figs in alternatives(ctx, stated[subject])] == [[value]], subject
    assert not list(reconcile(_ingest(lines), rules=["narrative.operating_cost"]))
    for needle, old, new, rule in (("政府采购支出预算总额 21,940.28", "21,940.28", "21,970.28", "narrative.amount"),
                                   ("会议费预算支出 10.05", "10.05", "11.05", "narrative.amount"),
                                   ("机关运行经费预算支出 205.97", "205.97", "250.97", "narrative.operating_cost")):
        changed = list(lines)
        i = _at(changed, needle)
        changed[i] = changed[i].replace(old, new, 1)
        assert [f.severity for f in reconcile(_ingest(changed), rules=[rule]) if i + 1 in f.lines] == ["error"]


def test_a_meeting_cost_narrowed_to_a_part_is_not_compared_with_the_three_public_column():
    lines = _lines("jiangsu-suzhou-water-bureau-2026-unit-budget.pdf")
    i = _at(lines, "会议费预算支出 10.05")
    lines[i] = lines[i].replace("一般公共预算拨款安排的会议费", "基本支出中的会议费", 1)
    ctx = Context(_ingest(lines))
    [fact] = [f for f in ctx.facts if f.line == i + 1 and f.subject == "会议费" and f.kind == "amount"]
    assert alternatives(ctx, fact) == []


def _generated() -> list[str]:
    from audithelpers.generate.cases import generated_text

    return generated_text({"seed": 5, "unit": "万元"}).split("\n")


def test_a_funds_income_is_its_income_row_and_not_the_funds_spending_table():
    """"政府性基金收入 0 万元" is the year's income from the fund (a blank row of the fiscal summary), not the fund
    table's total, which spends last year's balance too."""
    lines = _generated()
    t = _at(lines, "\t\t\t\t合计\t")
    lines[t] = "\t\t\t\t合计\t8.46\t\t\t\t\t\t8.46\t\t"
    i = _at(lines, "政府性基金收入 0 万元")
    ctx = Context(_ingest(lines))
    fact = next(f for f in ctx.facts if f.line == i + 1 and f.subject == "政府性基金")
    assert [[fig.value for fig in figs] for figs in alternatives(ctx, fact)][0] == [Decimal(0)]
    assert not _amount_findings(lines, i)
    r = _at(lines, "(二) 政府性基金预算拨款\t")
    lines[r] = lines[r].replace("(二) 政府性基金预算拨款\t", "(二) 政府性基金预算拨款\t5.00", 1)
    found = _amount_findings(lines, i)
    assert [f.severity for f in found] == ["error"] and "5.00" in str(found[0].expected)


def test_a_units_class_beside_a_reserve_set_apart_may_leave_the_reserves_share_to_the_table():
    """A unit's breakdown that sets 增人增资 apart (…对个人和家庭的补助支出 X、增人增资 Y…) leaves out of the class the
    reserve's share (its 抚恤金, 丧葬费), which the basic table's class row may hold: a row holding more is not the
    same quantity; one holding less is, and is wrong."""
    lines = _lines("guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf")
    i = _at(lines, "（三）对个人和家庭补助支出 304.24 万元")
    assert "增人增资" in lines[i + 2]
    lines[i] = lines[i].replace("304.24", "290.24")
    ctx = Context(_ingest(lines))
    [fact] = [f for f in ctx.facts if f.line == i + 1 and f.kind == "amount"]
    assert alternatives(ctx, fact) == []
    assert not _amount_findings(lines, i)
    lines[i] = lines[i].replace("290.24", "314.24")
    assert [f.severity for f in _amount_findings(lines, i)] == ["error"]


def test_a_units_project_is_found_among_that_units_projects_only():
    """A project table listing units row by row gives each unit its block: a sub-item of one unit's project that
    shares its name with another unit's project is not that project."""
    lines = _lines("guangdong-shenzhen-public-works-bureau-2026-dept-budget.pdf")
    ctx = Context(_ingest(lines))
    from audithelpers.reconcile.units import unit_labels, unit_of, unit_rows

    table = ctx.table("projects")
    label = next(c for c in table.columns if c not in table.amount_columns and c not in ("line", "code", "level"))
    units = unit_labels(ctx)
    fact = next(f for f in ctx.facts if f.kind == "amount" and unit_of(ctx, f) is not None)
    unit = unit_of(ctx, fact)
    block = unit_rows(ctx, table, label, unit)
    assert 0 < len(block) < len(ctx.rows(table))
    assert all(str(r.get(label) or "") not in units for r in block)
