"""Column layouts read from headers as real documents print them."""
from audithelpers.ingest import layouts
from audithelpers.ingest.tables import _without_empty_columns

#: 预算09表 of a Beijing budget: the 三公 total first, then 因公出国, 公务接待, and the car group last.
BEIJING_THREE = [["“三公”经费财政拨款预算总额", "因公出国(境)费用", "公务接待费", "公务用车购置及运行维护费", "", ""],
                 ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费"]]


def test_a_three_public_header_in_another_order_is_read_from_the_header_not_the_standard_order():
    names, how = layouts.resolve("three_public", BEIJING_THREE, 6)
    assert how == "header"
    assert names == ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费",
                     "公务用车运行维护费"]


def test_the_standard_layout_is_not_assumed_when_a_header_row_names_its_labels_in_another_order():
    mangled = [["三公经费", "因公出国", "公务接待费", "公务用车购置及运行费"]]
    assert layouts.standard("three_public", mangled, 6) is None
    in_order = [["合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"]]
    assert layouts.standard("three_public", in_order, 6) == list(layouts.STANDARD["three_public"][0])


def test_a_group_total_spelt_out_is_the_group_and_an_excluding_column_no_addend():
    header = [["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出", ""],
              ["", "", "", "小计", "人员经费", "公用经费", "项目支出总数", "扣除基建项目后预算数"]]
    names, _ = layouts.resolve("general_budget", header, 8)
    assert names[6] == "项目支出" and names[7] == "扣除基建项目后预算数"
    amounts = names[2:]
    sums = dict(layouts.header_sums(header, 8, names, amounts))
    assert sums["基本支出"] == ("人员经费", "公用经费")
    assert sums["合计"] == ("基本支出", "项目支出")


def test_a_leading_column_empty_in_every_row_is_dropped_but_not_an_inner_one():
    rows = [(1, ["", "项目", "", "金额"]), (2, ["", "收入", "", "5.00"])]
    assert _without_empty_columns(rows) == [(1, ["项目", "", "金额"]), (2, ["收入", "", "5.00"])]
    assert _without_empty_columns([(1, ["a", ""]), (2, ["b", ""])]) == [(1, ["a", ""]), (2, ["b", ""])]


#: A 三公 table with year rows per unit: each item split into three fund columns (Shenzhen prints it so).
_FUNDS3 = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]
FUND_SPLIT_THREE = [["预算单位", "年度", "总计", "", "", "因公出国(境)费", "", "", "公务接待费", "", "",
                     "公务用车购置及运行维护费"] + [""] * 8,
                    [""] * 11 + ["小计", "", "", "公务用车购置费", "", "", "公务用车运行维护费", "", ""],
                    ["", ""] + _FUNDS3 * 6]


def test_a_three_public_header_with_fund_columns_per_item_names_each_item_and_fund():
    names, how = layouts.resolve("three_public", FUND_SPLIT_THREE, 20)
    assert how == "header"
    items = ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费"]
    funds = ["一般公共预算", "政府性基金", "国有资本经营预算"]
    assert names == ["预算单位", "年度", *(f"{item}/{fund}" for item in items for fund in funds)]
    assert {"预算单位", "年度"} <= layouts.TEXT_COLUMNS
