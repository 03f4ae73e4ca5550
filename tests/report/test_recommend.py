from audithelpers.reconcile import reconcile
from audithelpers.report.recommend import TEMPLATES, generic, recommend
from audithelpers.reconcile.registry import RULES


def _finding(rule, lines=(240,), expected=None, actual=None, message="某表某行有误", **more):
    return {"rule": rule, "severity": "error", "message": message, "lines": list(lines), "expected": expected,
            "actual": actual, **more}


def test_an_arithmetic_finding_names_its_line_and_both_figures():
    f = _finding("arithmetic.row_total", expected="168.01万元", actual="168.00万元")
    assert recommend(f) == "请核对第 240 行的计算，按明细合计应为 168.01万元（现为 168.00万元），更正后重新生成报表。"


def test_a_share_finding_names_the_share_to_print():
    text = recommend(_finding("narrative.share", [103], expected="43.13%", actual="43.12%"))
    assert text.startswith("请将第 103 行的占比改为 43.13%（现为 43.12%）")


def test_pages_of_a_pdf_are_named_and_many_lines_cut():
    text = recommend(_finding("identity.department_name", [3, 377, 380, 390, 400], expected="甲局", actual="乙局",
                              pages=[1, 9]))
    assert text.startswith("请将第 3、377、380、390等 行（第 1、9 页）的部门名称统一为封面的「甲局」（现为「乙局」）")


def test_a_rule_without_a_template_or_a_field_gets_a_generic_sentence():
    f = _finding("narrative.duplicate", [12], message="「支出」在同一句中给出 2 个不同数额。", expected="同一数额")
    assert "narrative.duplicate" not in TEMPLATES
    assert recommend(f) == generic(f) == ("请核实第 12 行：「支出」在同一句中给出 2 个不同数额，应为 同一数额；"
                                          "核实后更正原文或在说明中解释。")
    missing = _finding("arithmetic.row_total", expected=None, actual="1.00万元")
    assert recommend(missing) == generic(missing)


def test_every_template_names_a_known_rule_and_every_seed_finding_gets_its_own(seed_disclosure):
    assert set(TEMPLATES) <= set(RULES)
    findings = [f.to_dict() for f in reconcile(seed_disclosure)]
    texts = [recommend(f) for f in findings]
    assert all(t.startswith(("请", "目录", "第")) and "None" not in t for t in texts)
    assert len(set(texts)) == len(texts)          # written for each finding, not one per family


def test_a_finding_without_lines_reads_without_a_place():
    f = _finding("completeness.required_table", (), expected="预算表", actual="缺失")
    assert recommend(f) == "请按公开规程补充公开「预算表」。"
    assert recommend({**f, "lines": [25]}) == "请按公开规程补充公开「预算表」（见第 25 行）。"
