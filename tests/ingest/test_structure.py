"""ingest.structure: a table's kind from its header and rows when its title does not give it, and how the kind
was decided."""
import pytest

from audithelpers.ingest.structure import BOTH, STRUCTURE, TITLE, confirmed, disagree, kind_of

from helpers import ingest_lines, seed_lines


def _retitled(ending: str, new: str):
    lines = seed_lines()
    i = max(n for n, t in enumerate(lines) if t.strip().endswith(ending))
    lines[i] = new
    return ingest_lines(lines), i + 1


def test_a_basic_spending_table_under_a_bare_number_is_read_by_its_structure():
    d, line = _retitled("一般公共预算基本支出表", "表六")
    [table] = [t for t in d.tables if t.title_line == line]
    assert (table.kind, table.kind_by) == ("basic_expenditure", STRUCTURE)
    assert table.total("合计") is not None


def test_a_three_public_table_is_read_by_its_columns():
    d, line = _retitled("“三公”经费预算表", "附表5")
    [table] = [t for t in d.tables if t.title_line == line]
    assert (table.kind, table.kind_by) == ("three_public", STRUCTURE)


def test_a_title_the_structure_confirms_and_one_it_cannot():
    header = [["部门预算支出经济分类科目", "", "本年一般公共预算基本支出"],
              ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
    data = [["301", "工资福利支出", "1.00"], ["30101", "基本工资", "1.00"], ["302", "商品和服务支出", "1.00"]]
    assert confirmed("basic_expenditure", header, data)[:2] == ("basic_expenditure", BOTH)
    assert confirmed("fiscal_basic", header, data) == ("fiscal_basic", TITLE, None)   # one shape, two kinds
    assert confirmed(None, header, data)[:2] == ("basic_expenditure", STRUCTURE)
    assert confirmed("general_budget", header, data) == ("general_budget", TITLE, "basic_expenditure")
    assert disagree("general_budget", "basic_expenditure") and not disagree("general_budget", None)


def test_a_function_table_is_not_given_a_kind_by_structure_alone():
    header = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    data = [["201", "一般公共服务支出", "3.00", "2.00", "1.00"], ["20103", "政府办公厅", "3.00", "2.00", "1.00"]]
    assert kind_of(header, data) is None   # the general budget's, a fund's or all funds': the title must say


@pytest.mark.parametrize("title, kind", [("收入支出决算总表", "final_summary"),
                                         ("财政拨款收入支出决算总表", "final_fiscal_summary"),
                                         ("一般公共预算财政拨款基本支出决算表", "final_basic"),
                                         ("财政拨款“三公”经费支出决算表", "final_three_public")])
def test_final_accounts_tables_under_a_bare_title_are_read_by_their_structure(title, kind):
    """决算数 / 行次 / 年初·年末结转和结余 columns, 本年收入合计 … 本年支出合计 rows: a final account's tables, whatever
    their title; and the final account is then complete and consistent."""
    from audithelpers.generate.final import generate_final
    from audithelpers.reconcile import audit

    lines = generate_final(3).text.split("\n")
    i = max(n for n, t in enumerate(lines) if t.strip() == title)
    lines[i] = "附表"
    d = ingest_lines(lines)
    [table] = [t for t in d.tables if t.title_line == i + 1]
    assert (table.kind, table.kind_by) == (kind, STRUCTURE)
    findings, _ = audit(d, strict=True)
    assert not [f for f in findings if f.severity in ("error", "warning")]
