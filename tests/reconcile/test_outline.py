"""The 类/款/项 tree of a function table that prints names only, read back from its sums."""
from decimal import Decimal

from audithelpers.model import Table
from audithelpers.reconcile.outline import name_paths

ROWS = [("合计", "100.00"), ("一般公共服务支出", "60.00"), ("审计事务", "60.00"), ("行政运行", "50.00"),
        ("一般行政管理事务", "10.00"), ("社会保障和就业支出", "40.00"), ("行政事业单位养老支出", "40.00"),
        ("机关事业单位基本养老保险缴费支出", "30.00"), ("机关事业单位职业年金缴费支出", "10.00")]


def _table(rows, label="科目名称", amount="合计", extra=()):
    records = [{"line": 10 + n, label: name, amount: Decimal(value)} for n, (name, value) in enumerate(rows)]
    return Table(kind="general_budget", title="一般公共预算支出表", title_line=9, first_line=9, last_line=30,
                 unit="万元", unit_line=None, department=None, department_line=None, header=[],
                 columns=["line", *extra, label, amount], records=records, notes=[], layout="header",
                 amount_columns=[amount])


def test_each_row_gets_the_names_from_its_class_down():
    paths = {row["line"]: path for row, path in name_paths(_table(ROWS))}
    assert paths[11] == ("一般公共服务支出",)
    assert paths[12] == ("一般公共服务支出", "审计事务")
    assert paths[13] == ("一般公共服务支出", "审计事务", "行政运行")
    assert paths[17] == ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出")
    assert 10 not in paths   # the total row is no item


def test_items_that_do_not_add_up_to_their_section_leave_that_class_unnamed_and_the_others_named():
    rows = list(ROWS)
    rows[3] = ("行政运行", "51.00")   # 51 + 10 ≠ 60: which rows of this class are sections is no longer certain
    paths = {row["line"]: path for row, path in name_paths(_table(rows))}
    assert not {11, 12, 13, 14} & set(paths)   # nothing of 一般公共服务支出 (its sums are a finding of their own)
    assert paths[17] == ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出")


def test_classes_that_do_not_add_up_to_the_total_give_no_tree():
    rows = list(ROWS)
    rows[0] = ("合计", "90.00")
    assert name_paths(_table(rows)) == []


def test_a_row_before_any_class_gives_no_tree():
    assert name_paths(_table([("合计", "5.00"), ("行政运行", "5.00")])) == []


def test_a_table_with_codes_is_left_to_its_codes():
    assert name_paths(_table(ROWS, extra=("level",))) == []


def test_the_spending_side_of_a_summary_table_ends_at_its_next_numbered_row():
    rows = [("一、本年支出合计", "100.00"), *ROWS[1:], ("二、年终结转结余", "0.00")]
    paths = {row["line"]: path for row, path in name_paths(_table(rows, "支出项目", "支出金额"))}
    assert paths[13] == ("一般公共服务支出", "审计事务", "行政运行")
    assert 19 not in paths
