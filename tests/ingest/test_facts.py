"""Narrative figures and what they are figures of."""
from decimal import Decimal

from audithelpers.ingest.facts import paragraph_facts
from audithelpers.model import Paragraph


def _facts(text: str):
    return paragraph_facts(Paragraph(text=text, starts=[(0, 10)], section="六、“三公”经费"), None, 2026)


def test_a_bare_budget_figure_is_of_the_paragraphs_own_heading():
    [fact] = [f for f in _facts("(二)公务接待费。2026 年预算数 0.00 万元。") if f.kind == "amount"]
    assert (fact.subject, fact.value, fact.line) == ("公务接待费", Decimal("0.00"), 10)
    [other] = [f for f in _facts("2026 年预算数 5.00 万元。") if f.kind == "amount"]
    assert other.subject != "公务接待费"   # no heading: not guessed


def test_an_item_named_by_its_code():
    [fact] = [f for f in _facts("(一)2010301-行政运行3452.35万元。") if f.kind == "amount"]
    assert (fact.subject, fact.item, fact.value) == ("功能科目", "2010301 行政运行", Decimal("3452.35"))


def test_a_class_after_包括_keeps_its_whole_name():
    facts = [f for f in _facts("按支出功能分类，包括一般公共服务支出 12,868.19 万元、公共安全支出 76,468.81 万元。")
             if f.kind == "amount"]
    assert [f.subject for f in facts] == ["一般公共服务支出(类)", "公共安全支出(类)"]


def _under(section: str, text: str):
    para = Paragraph(text=text, starts=[(0, 10)], section=section)
    return [f for f in paragraph_facts(para, None, 2026) if f.kind == "amount"]


def test_a_bare_budget_figure_under_a_heading_naming_an_item_is_of_that_item():
    [fact] = _under("六、一般公共预算“三公”经费支出情况 > (一)因公出国(境)经费", "2026年预算安排 0.00万元,与上年持平。")
    assert fact.subject == "因公出国(境)费"
    [fact] = _under("一、预算收支总体情况", "2026年预算安排 10.00万元。")
    assert not fact.canonical   # a heading that names no item: nothing guessed


def test_a_paragraph_with_its_own_heading_is_not_given_its_sections():
    [fact] = _under("六、“三公”经费", "(三)公务用车购置和运行维护费。2026 年预算数 27.09 万元。")
    assert fact.subject == "公务用车购置及运行费"


def test_the_grand_totals_named_收支总预算_whatever_their_spelling():
    [fiscal] = _under("四、财政拨款收支预算总体情况说明", "苏州市审计局 2026 年度财政拨款收、支总预算 4,651.67 万元。")
    assert (fiscal.subject, fiscal.value) == ("财政拨款收支总计", Decimal("4651.67"))
    [whole] = _under("(一)收支预算情况的总体说明", "杭州市司法局2026年收支总预算99,230.46万元。")
    assert (whole.subject, whole.canonical) == ("收入总计", True)
    listed = _under("一、收入", "收入包括：一般公共预算收入 91,495.48 万元、上年结转结余收入 347.32 万元。")
    assert [f.subject for f in listed] == ["一般公共预算", "上年结转"]   # 、 still ends a listed figure's subject


def test_a_quantity_that_only_qualifies_the_thing_named_after_的_is_not_that_quantity():
    text = ("“三公”经费 162.53 万元，主要原因是将用于支付因公出国(境)工作的国内服务费3.2万元由委托业务费"
            "调整为因公出国(境)经费。其中：因公出国(境)费 86.47 万元。")
    facts = [f for f in _facts(text) if f.kind == "amount"]
    assert [(f.subject, f.value) for f in facts if f.value != Decimal("162.53")] == [
        ("主要原因是将用于支付因公出国(境)工作的国内服务费", Decimal("3.2")), ("因公出国(境)费", Decimal("86.47"))]
    [fact] = [f for f in _facts("因公出国(境)的费用 5.00 万元。") if f.kind == "amount"]
    assert fact.subject == "因公出国(境)费"   # 的 before words that name no other thing


def _amounts(text: str):
    return [f for f in _facts(text) if f.kind == "amount"]


def test_a_project_named_before_项目支出_is_that_project_and_not_the_total():
    [named] = _amounts("3.水务发展资金项目支出 939.06 万元,主要用于支付工程款。")
    assert not named.canonical and named.subject != "项目支出"
    for total in ("项目支出 7,813.76 万元。", "一般公共预算财政拨款项目支出 50.00 万元。"):
        [fact] = _amounts(total)
        assert fact.subject == "项目支出" and fact.canonical


def test_words_after_a_quantitys_name_that_name_another_thing_leave_it_unnamed():
    """A Chinese name ends in what it is: "因公出国费按批复额度" is a quota, "…因公出国(境)工作的国内服务费" a
    service fee."""
    for text in ("2026 年因公出国费按批复额度 89.60 万元在二上时已纳入部门预算。",
                 "将用于支付因公出国(境)工作的国内服务费 3.2 万元由委托业务费调整为因公出国(境)经费。"):
        [fact] = _amounts(text)
        assert not fact.canonical and fact.subject != "因公出国(境)费", text
    [fact] = _amounts("因公出国(境)费预算数 108.60 万元。")
    assert fact.subject == "因公出国(境)费" and fact.canonical


def test_an_amount_straight_after_a_count_is_the_cost_of_what_was_counted():
    facts = _amounts("2026 年计划购置车辆 7 辆、153.00 万元;单价 100 万元以上设备 1 台(套)、128.70 万元。")
    assert [(f.subject, f.value) for f in facts][0] == ("购置车辆", Decimal("153.00"))
    assert facts[1].value == Decimal("128.70") and facts[1].subject != "购置车辆"
