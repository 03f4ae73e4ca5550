"""Final-accounts columns in the names the rules share: 行次 kept as text, 决算数 as the side's amount,
the basic table's two lists stacked."""
from audithelpers.ingest.finals import BASIC, final_columns, side_by_side, stacked
from audithelpers.reconcile import reconcile

from helpers import ingest_lines

SUMMARY = ("测试局2024年度部门决算\n\n收入支出决算总表\n\n单位：万元\n\n"
           "收入\t\t\t支出\t\t\n项目\t行次\t决算数\t项目\t行次\t决算数\n"
           "一、一般公共预算财政拨款收入\t1\t100.00\t一、一般公共服务支出\t32\t100.00\n"
           "二、政府性基金预算财政拨款收入\t2\t\t二、外交支出\t33\t\n"
           "本年收入合计\t7\t100.00\t本年支出合计\t57\t100.00\n"
           "年初结转和结余\t8\t5.00\t年末结转和结余\t59\t5.00\n"
           "总计\t9\t105.00\t总计\t60\t105.00\n")


def test_a_summary_with_row_numbers_reads_its_amounts_and_not_its_row_numbers():
    table = ingest_lines(SUMMARY.split("\n")).tables[0]
    assert table.kind == "final_summary"
    assert table.columns == ["line", "收入项目", "收入行次", "收入金额", "支出项目", "支出行次", "支出金额"]
    assert table.amount_columns == ["收入金额", "支出金额"]
    balance = [f for f in reconcile(ingest_lines(SUMMARY.split("\n"))) if f.rule == "arithmetic.balance"]
    assert balance == []
    bad = SUMMARY.replace("总计\t9\t105.00\t总计", "总计\t9\t106.00\t总计")
    assert [f.lines for f in reconcile(ingest_lines(bad.split("\n"))) if f.rule == "arithmetic.balance"] \
        == [(11, 12, 13)]


def test_final_column_names():
    assert final_columns("final_expenditure", ["科目编码", "科目名称", "本年支出合计", "基本支出"]) \
        == ["科目编码", "科目名称", "合计", "基本支出"]
    fiscal = ["收入项目", "决算数", "支出项目", "支出合计", "一般公共预算财政拨款"]
    assert final_columns("final_fiscal_summary", fiscal) == [
        "收入项目", "收入金额", "支出项目", "支出合计", "一般公共预算"]
    assert final_columns("final_three_public", ["合计/合计", "合计/决算数"]) == ["合计/预算数", "合计/决算数"]
    assert final_columns("summary", ["收入项目", "决算数"]) == ["收入项目", "决算数"]     # budgets untouched


def test_the_basic_table_s_two_lists_are_stacked():
    names = ["部门经济分类编码", "科目名称", "决算数", "部门经济分类编码#4", "科目名称#5", "决算数#6"]
    assert side_by_side(names) and not side_by_side(names[:3])
    rows = stacked([(10, ["301", "工资福利支出", "5.00", "302", "商品和服务支出", "2.00"]),
                    (11, ["", "", "", "30201", "办公费", "2.00"]),
                    (12, ["人员经费合计", "", "5.00", "公用经费合计", "", "2.00"])])
    assert rows == [(10, ["301", "工资福利支出", "5.00"]), (12, ["", "人员经费合计", "5.00"]),
                    (10, ["302", "商品和服务支出", "2.00"]), (11, ["30201", "办公费", "2.00"]),
                    (12, ["", "公用经费合计", "2.00"])]
    assert BASIC == ("部门经济分类编码", "部门经济分类名称", "决算数")
