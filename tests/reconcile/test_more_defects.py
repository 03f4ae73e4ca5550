"""Rules not exercised elsewhere: each fires on a defect injected into a consistent generated
disclosure, at the changed line, and stays quiet on the consistent one."""
import re

from audithelpers.generate.text import generate
from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes
from audithelpers.reconcile import reconcile


def _doc(seed=5, unit="万元"):
    return generate(seed, unit).text.split("\n")


def _findings(lines):
    return reconcile(ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "defect.txt")))


def _line(lines, predicate, last=False):
    hits = [i for i, text in enumerate(lines) if predicate(text)]
    return hits[-1] if last else hits[0]


def _rules_at(lines, i):
    return {f.rule for f in _findings(lines) if i + 1 in f.lines}


def _single(lines, rule):
    d = ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "defect.txt"))
    return reconcile(d, rules=[rule])


def _bump_first_amount(line: str, by: float) -> str:
    cells = line.split("\t")
    k = next(n for n, c in enumerate(cells) if re.fullmatch(r"\d+\.\d\d", c))
    cells[k] = format(float(cells[k]) + by, ".2f")
    return "\t".join(cells)


def test_consistent_document_raises_none_of_these():
    rules = {f.rule for f in _findings(_doc()) if f.severity in ("error", "warning")}
    assert not rules


def test_arithmetic_hierarchy_class_not_the_sum_of_its_items():
    """On a real table with 类/款/项 rows (the generated ones hold 项 rows only)."""
    from helpers import ROOT
    from audithelpers.read.text import read_source

    lines = list(read_source(ROOT / "data" / "corpus" / "jiangsu-suzhou-audit-bureau-2026-dept-budget.pdf").lines)
    i = _line(lines, lambda t: t.startswith("20108\t审计事务\t2,906.63"))
    lines[i] = lines[i].replace("2,906.63", "2,916.63", 1)
    d = ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "suzhou.txt"))
    found = [f for f in reconcile(d, rules=["arithmetic.hierarchy"]) if i + 1 in f.lines]
    assert found and all(f.severity == "error" for f in found)
    assert not [f for f in reconcile(d) if f.severity == "error" and i + 1 not in f.lines]


def test_narrative_share_sum_not_100():
    lines = _doc()
    i = _line(lines, lambda t: "人员经费支出" in t)
    lines[i] = re.sub(r"占 (\d+\.\d\d)%；公用", lambda m: f"占 {float(m.group(1)) + 5:.2f}%；公用", lines[i])
    assert "narrative.share_sum" in _rules_at(lines, i)


def test_crosstable_function_row():
    lines = _doc()
    i = _line(lines, lambda t: "\t行政运行\t" in t)   # the first function table holding the row
    lines[i] = _bump_first_amount(lines[i], 2)
    found = [f for f in _findings(lines) if i + 1 in f.lines and f.severity == "error"]
    assert found


def test_identity_year_in_a_title():
    lines = _doc()
    i = _line(lines, lambda t: t.strip() == "2023年部门收入预算表")
    lines[i] = "2021年部门收入预算表"
    assert "identity.year" in _rules_at(lines, i)


def test_identity_unit_not_stated():
    lines = _doc()
    i = _line(lines, lambda t: t.strip() == "2023年部门收入预算表")
    j = _line(lines[i:], lambda t: t.startswith("单位：")) + i
    lines[j] = ""
    found = [f for f in _findings(lines) if f.rule == "identity.unit"]
    assert len(found) == 1 and found[0].lines == (i + 1,) and found[0].severity == "info"


def test_identity_budget_type_mixed():
    lines = _doc()
    i = _line(lines, lambda t: t.strip() == "2023年部门收入预算表")
    lines[i] = "2023年单位预算收入预算表"
    assert "identity.budget_type" in _rules_at(lines, i)


def test_completeness_unknown_table():
    lines = _doc()
    i = _line(lines, lambda t: t.strip() == "2023年部门收入预算表")
    lines[i:i] = ["2023年部门人员编制情况一览表", "", "单位：人", "编制类别\t编制数\t实有人数", "行政编制\t12\t11", ""]
    assert "completeness.unknown_table" in {f.rule for f in _findings(lines)}


def test_completeness_narrative_item_missing():
    lines = [t for t in _doc() if "政府采购" not in t]
    found = [f for f in _findings(lines) if f.rule == "completeness.narrative_item"]
    assert found and "政府采购" in found[0].message


def test_narrative_duplicate_same_words_two_amounts():
    lines = _doc()
    i = _line(lines, lambda t: "机关运行经费支出预算" in t)
    lines[i] = lines[i].replace("主要保障机构正常运转", "机关运行经费支出预算 9.99 万元，主要保障机构正常运转")
    assert "narrative.duplicate" in _rules_at(lines, i)


def test_narrative_function_name_retired():
    lines = _doc()
    i = _line(lines, lambda t: "人员经费支出" in t)
    lines[i + 1:i + 1] = ["", "医疗卫生与计划生育支出（类）支出 7.04 万元，主要用于行政单位医疗。"]
    assert "narrative.function_name" in _rules_at(lines, i + 2)


def test_format_unparsed_malformed_figure():
    lines = _doc()
    i = _line(lines, lambda t: "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    k = next(n for n, c in enumerate(cells) if re.fullmatch(r"\d+\.\d\d", c))
    cells[k] = cells[k].replace(".", "..")
    lines[i] = "\t".join(cells)
    assert "format.unparsed" in _rules_at(lines, i)


def test_each_cross_table_rule_on_its_own():
    lines = _doc()
    i = _line(lines, lambda t: "\t行政运行\t" in t, last=True)
    lines[i] = _bump_first_amount(lines[i], 2)
    assert [f for f in _single(lines, "crosstable.function_row") if i + 1 in f.lines]
    lines = _doc()
    i = _line(lines, lambda t: re.match(r"^\d{20}\t", t) is not None)
    lines[i] = _bump_first_amount(lines[i], 1)
    assert [f for f in _single(lines, "crosstable.project") if i + 1 in f.lines]


def test_crosstable_project_listed_in_one_table_only():
    lines = _doc()
    i = _line(lines, lambda t: re.match(r"^\d{20}\t", t) is not None)
    cells = lines[i].split("\t")
    cells[1] = cells[1] + "（二期）"
    lines[i] = "\t".join(cells)
    found = [f for f in _findings(lines) if f.rule == "crosstable.project_listed"]
    assert found and any(i + 1 in f.lines for f in found) and all(f.severity == "warning" for f in found)


def test_arithmetic_narrative_sum_on_its_own():
    lines = _doc()
    i = _line(lines, lambda t: "人员经费支出" in t)
    lines[i] = re.sub(r"人员经费支出 ([\d.]+)", lambda m: f"人员经费支出 {float(m.group(1)) + 3:.2f}", lines[i])
    assert [f for f in _single(lines, "arithmetic.narrative_sum") if i + 1 in f.lines]


def test_classification_economic_code_name():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith("30101\t"))
    lines[i] = lines[i].replace("30101\t基本工资\t", "30101\t岗位工资\t", 1)
    found = [f for f in _findings(lines) if f.rule == "classification.economic_code"]
    assert len(found) == 1 and found[0].lines == (i + 1,) and found[0].expected == "基本工资"


def test_completeness_table_not_in_contents():
    lines = _doc()
    i = _line(lines, lambda t: t.strip() == "九、项目支出预算表")
    del lines[i]
    found = [f for f in _findings(lines) if f.rule == "completeness.not_in_contents"]
    assert len(found) == 1 and "项目支出预算表" in found[0].message and found[0].severity == "info"


def test_completeness_table_not_understood_when_its_header_is_lost():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith("类型\t项目名称\t"))
    for n in (i, i + 1):   # both header rows of the project table
        lines[n] = "\t".join(f"栏{k}" for k in range(len(lines[n].split("\t"))))
    found = [f for f in _findings(lines) if f.rule == "completeness.table_not_understood"]
    assert len(found) == 1 and found[0].severity == "info"
    assert not [f for f in _findings(lines) if f.severity == "error"]   # nothing is drawn from a positional guess


def test_arithmetic_not_understood_when_most_row_sums_fail():
    lines = _doc()
    rows = [n for n, t in enumerate(lines) if t.startswith("30") and re.match(r"^30\d{3}\t", t)]
    for n in rows:   # every row's 合计 off: a misread column, not a document error
        lines[n] = _bump_first_amount(lines[n], 1)
    found = _findings(lines)
    assert [f for f in found if f.rule == "arithmetic.not_understood" and f.severity == "info"]
    assert not [f for f in found
                if f.severity == "error" and f.family == "arithmetic" and set(f.lines) & {n + 1 for n in rows}]


def test_crosstable_three_public_item_above_the_three_public_table():
    lines = _doc(seed=3)
    i = _line(lines, lambda t: t.startswith("30231\t"))
    cells = lines[i].split("\t")
    cells[4] = cells[6] = format(float(cells[4]) + 5, ".2f")   # 公务用车运行维护费 in basic spending grows
    lines[i] = "\t".join(cells)
    found = [f for f in _single(lines, "crosstable.three_public") if i + 1 in f.lines]
    assert len(found) == 1 and found[0].expected.startswith("≤")
    assert not _single(_doc(seed=3), "crosstable.three_public")


def test_arithmetic_balance_counts_carry_over_by_fund_once():
    """A summary table that breaks 上年结转结余 down by fund (一、一般公共预算拨款 …) under it."""
    from audithelpers.model import Table
    from audithelpers.reconcile.context import Context
    from audithelpers.reconcile.arithmetic import balance
    from decimal import Decimal as D

    labels = [("一、一般公共预算资金", "100.00"), ("本年收入合计", "100.00"), ("上年结转结余", "2.00"),
              ("一、一般公共预算拨款", "2.00"), ("收入总计", "102.00")]
    records = [{"line": 10 + n, "收入项目": label, "收入金额": D(v), "支出项目": None, "支出金额": None}
               for n, (label, v) in enumerate(labels)]
    table = Table(kind="fiscal_summary", title="财政拨款收支总表", title_line=9, first_line=9, last_line=20,
                  unit="万元", unit_line=None, department=None, department_line=None, header=[],
                  columns=["line", "收入项目", "收入金额", "支出项目", "支出金额"], records=records, notes=[],
                  layout="header", amount_columns=["收入金额", "支出金额"])
    d = ingest_source(read_bytes("\n".join(_doc()).encode("utf-8"), "defect.txt"))
    d.tables[:] = [table]
    assert not list(balance(Context(d)))
    records[4]["收入金额"] = D("104.00")   # counting the fund row again would make this agree
    assert [i.lines[0] for i in balance(Context(d))] == [14]


def _with_item_paragraph(text: str):
    """The generated document with one item explanation added under its general-budget section."""
    lines = _doc()
    i = _line(lines, lambda t: t.startswith("四、一般公共预算支出情况说明")) + 2
    lines[i + 1:i + 1] = ["", text]
    return lines, i + 2


def test_narrative_zero_base_percentage_from_a_zero_prior():
    lines, i = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 0.00 万元，增长 100.00%，主要原因是新设机构。")
    assert [f.lines for f in _single(lines, "narrative.zero_base")] == [(i + 1,)]
    lines, i = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 50.00 万元，增长 32.22%，主要原因是新设机构。")
    assert not _single(lines, "narrative.zero_base")


def test_narrative_reason_that_only_restates_the_change():
    lines, i = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 50.00 万元，增长 32.22%，主要原因是行政运行经费增加。")
    assert [f.lines for f in _single(lines, "narrative.reason_restated")] == [(i + 1,)]
    lines, _ = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 50.00 万元，增长 32.22%，主要原因是新增编制 3 人。")
    assert not _single(lines, "narrative.reason_restated")


def test_identity_document_type_a_budget_calling_its_parts_final_accounts():
    lines, i = _with_item_paragraph("从预算单位构成看，本部门预算包括：本级决算（行政单位）。")
    assert [f.lines for f in _single(lines, "identity.document_type")] == [(i + 1,)]
    lines, _ = _with_item_paragraph("本部门负责本级预算执行情况、决算草案的审计。")
    assert not _single(lines, "identity.document_type")


def test_format_missing_unit_after_an_amount_in_the_text():
    lines, i = _with_item_paragraph("本年预算比上年预算数 56,831.85 增加较多。")
    assert [f.lines for f in _single(lines, "format.missing_unit")] == [(i + 1,)]
    lines, _ = _with_item_paragraph("本年预算比上年预算数 56,831.85 万元增加较多，房屋 1,200.50 平方米。")
    assert not _single(lines, "format.missing_unit")


def test_format_year_typo_a_stray_year_after_其中():
    lines, i = _with_item_paragraph("本年安排购置车辆 2 辆，其中：2026应急保障用车 2 辆。")
    assert [f.lines for f in _single(lines, "format.year_typo")] == [(i + 1,)]
    lines, _ = _with_item_paragraph("本年安排购置车辆 2 辆，其中：2026年新增应急保障用车 2 辆。")
    assert not _single(lines, "format.year_typo")


def test_completeness_empty_table_without_a_note():
    lines = _doc()
    note = _line(lines, lambda t: t.startswith("注：我单位没有政府性基金支出"))
    title = _line(lines, lambda t: t.strip() == "2023年政府性基金支出预算表", last=True)
    lines[note] = ""
    lines[_line(lines, lambda t: "没有使用政府性基金预算拨款安排的支出" in t)] = "政府性基金预算支出情况见附表。"
    assert [f.lines for f in _single(lines, "completeness.empty_without_note")] == [(title + 1,)]
    assert not _single(_doc(), "completeness.empty_without_note")


def test_narrative_direction_a_zero_change_called_an_increase():
    lines, i = _with_item_paragraph("2023年机关运行经费比上年增加 0 万元，主要原因是经费保持稳定。")
    assert [f.lines[0] for f in _single(lines, "narrative.direction")] == [i + 1]
    lines, _ = _with_item_paragraph("2023年机关运行经费与上年持平。")
    assert not _single(lines, "narrative.direction")


def test_narrative_item_change_percentage_that_does_not_follow_from_its_figures():
    lines, i = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 50.00 万元，增长 12.00%，主要原因是新增编制 3 人。")
    assert [f.lines for f in _single(lines, "narrative.item_change")] == [(i + 1,)]
    lines, _ = _with_item_paragraph("（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，"
                                    "上年执行数为 50.00 万元，增长 32.22%，主要原因是新增编制 3 人。")
    assert not _single(lines, "narrative.item_change")


def _heading(lines, text):
    return _line(lines, lambda t: t.strip() == text)


def test_format_heading_numbering_a_number_given_twice():
    lines = _doc()
    i = _heading(lines, "三、支出预算总体情况说明")
    lines[i] = "二、支出预算总体情况说明"
    hits = _single(lines, "format.heading_numbering")
    assert [(f.lines, f.actual) for f in hits] == [((_heading(lines, "二、收入预算总体情况说明") + 1, i + 1), "二、")]
    assert "重复" in hits[0].message


def test_format_heading_numbering_runs_backwards_but_a_new_list_may_start_at_one():
    lines = _doc()
    i = _heading(lines, "五、一般公共预算基本支出情况说明")
    lines[i] = "三、一般公共预算基本支出情况说明"
    hits = _single(lines, "format.heading_numbering")
    assert [f.lines[-1] for f in hits] == [i + 1] and "倒退" in hits[0].message
    lines[i] = "一、一般公共预算基本支出情况说明"   # a list starting again at 1: a nested list, not a slip
    assert not _single(lines, "format.heading_numbering")


def test_format_heading_numbering_quiet_when_the_parent_heading_ran_into_a_line():
    """A parent heading printed on one line with its paragraph is not taken for a heading: the
    numbering under it starts a new list, whatever the reader made of the line."""
    lines = _doc()
    i = _heading(lines, "（三）绩效目标设置情况")
    lines[i] = "（二）绩效目标设置情况"
    assert len(_single(lines, "format.heading_numbering")) == 1
    lines[i - 1:i - 1] = ["九、其他事项说明(一)本年度新增事项与标题印在同一行，读作正文。", ""]
    assert not _single(lines, "format.heading_numbering")


def test_completeness_contents_title_reworded_in_the_body():
    lines = _doc()
    i = _heading(lines, "名词解释")       # the body's heading: 第三部分 on the line before, read as one
    lines[i] = "名称解释"
    hits = _single(lines, "completeness.contents_title")
    assert [f.lines for f in hits] == [(_heading(lines, "第三部分 名词解释") + 1, i - 1)]
    lines[i] = "预算名词解释"     # words added: the same title, longer
    assert not _single(lines, "completeness.contents_title")


def test_identity_date_after_publication_and_before_the_year():
    lines = _doc()
    i = _heading(lines, "（四）国有资产占用情况")
    for date, word in (("2023年6月30日", "晚于"), ("2020年12月31日", "早于")):
        changed = lines[:i + 1] + ["", f"截至{date}，本部门共有车辆2辆。"] + lines[i + 1:]
        hits = _single(changed, "identity.date")
        assert [f.lines for f in hits] == [(i + 3,)] and word in hits[0].message
    for date in ("2022年12月31日", "2022年8月31日"):   # the cover's date is 2022年12月: both fit
        changed = lines[:i + 1] + ["", f"截至{date}，本部门共有车辆2辆。"] + lines[i + 1:]
        assert not _single(changed, "identity.date")


def test_format_missing_verb_between_comparison_and_amount():
    lines = _doc()
    i = _paragraph_line(lines)
    lines[i] = lines[i] + "2023年机关运行经费比上年 12.50 万元。"
    hits = _single(lines, "format.missing_verb")
    assert [f.lines for f in hits] == [(i + 1,)]
    lines[i] = lines[i].replace("比上年 12.50 万元", "比上年预算数 12.50 万元增加 1.00 万元")
    assert not _single(lines, "format.missing_verb")


def _paragraph_line(lines):
    return _line(lines, lambda t: "人员经费支出" in t)


def test_outline_and_date_rules_quiet_on_consistent_documents():
    rules = ["format.heading_numbering", "completeness.contents_title", "identity.date", "format.missing_verb"]
    for seed in (1, 2, 3, 5):
        lines = generate(seed, "万元").text.split("\n")
        assert not _single(lines, rules[0]) + _single(lines, rules[1]) + _single(lines, rules[2]) \
            + _single(lines, rules[3])


def test_narrative_zero_use_a_use_stated_for_nothing():
    lines = _doc()
    i = _paragraph_line(lines)
    lines[i] = lines[i] + "公务接待费 0 万元，主要用于按规定开支的各类公务接待支出。"
    hits = _single(lines, "narrative.zero_use")
    assert [(f.lines, f.severity) for f in hits] == [((i + 1,), "warning")]
    lines[i] = lines[i].replace("主要用于按规定开支的各类公务接待支出", "主要用于经批准购置的 0 辆公务用车")
    assert not _single(lines, "narrative.zero_use")      # the use itself says nothing is bought
