"""Ingestion of the seed and of variants made from it."""
import re
from decimal import Decimal

import pytest

from audithelpers.ingest import ingest
from audithelpers.ingest.build import department_of
from audithelpers.ingest.kinds import KINDS

from helpers import find_line, ingest_lines, move_table, reflow, seed_text, to_yuan

SEED_KINDS = ["summary", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
              "three_public", "fund_budget", "projects", "dept_performance", "project_performance"]


def test_metadata(seed_disclosure):
    d = seed_disclosure
    assert d.department == "新乡市红旗区政务服务和大数据管理局"
    assert (d.year, d.date, d.department_line) == (2022, "2022-05", 3)


def test_every_table_kind_of_the_seed_is_found_in_order(seed_disclosure):
    assert seed_disclosure.kinds == SEED_KINDS
    text = seed_text()
    for table in seed_disclosure.tables:
        assert table.title.strip() in text.split("\n")[table.title_line - 1]
        assert table.unit == "万元"


def test_contents_lists_twelve_tables_including_two_missing_from_the_body(seed_disclosure):
    listed = [e.kind for e in seed_disclosure.contents if e.kind]
    assert len(listed) == 12
    assert set(listed) - set(seed_disclosure.kinds) == {"revenue", "economic_summary"}


def test_figures_sit_at_their_source_lines(seed_disclosure):
    text = seed_text()
    exp = seed_disclosure.table("expenditure").data
    row = exp[exp["code"] == "2010301"].iloc[0]
    assert row["line"] == find_line(text, "行政运行\t168.01")
    assert row["合计"] == Decimal("168.01") and row["工资福利支出"] == Decimal("150.05")
    assert row["基本支出"] is None   # blank in the source: absent, not zero
    assert [r for r in exp["code"] if r] == ["2010301", "2010399", "2013699"]


def test_mangled_multirow_header_maps_by_standard_layout(seed_disclosure):
    for kind in ("expenditure", "general_budget"):
        table = seed_disclosure.table(kind)
        total = table.data[table.data["level"] == "合计"].iloc[0]
        assert total["项目支出"] == Decimal("127.41")
        assert total["对个人和家庭的补助"] == Decimal("6.39")
        assert total["资本性支出"] is None
    assert seed_disclosure.table("general_budget").data.iloc[0]["商品和服务支出"] == Decimal("11.568")


def test_codes_are_strings_and_basic_table_columns(seed_disclosure):
    basic = seed_disclosure.table("basic_expenditure").data
    assert basic.iloc[0]["部门经济分类编码"] == "合计"
    row = basic[basic["部门经济分类编码"] == "30107"].iloc[0]
    assert row["政府经济分类编码"] == "50501" and row["人员经费"] == Decimal("25.21")
    exp = seed_disclosure.table("expenditure").data
    assert exp.iloc[2]["款"] == "03"   # leading zero kept


def test_empty_tables_are_present_with_their_note(seed_disclosure):
    for kind, note in (("three_public", "没有三公经费支出"), ("fund_budget", "没有政府性基金支出")):
        table = seed_disclosure.table(kind)
        assert table.empty
        assert any(note in text for _, text in table.notes)
    assert not seed_disclosure.table("projects").empty


def test_department_names_as_printed_everywhere(seed_disclosure):
    names = {(n["place"], n["name"]) for n in seed_disclosure.names}
    assert ("《本级部门(单位)整体绩效目标表》表头", "新海市红旗区政务服务和大数据管理局") in names
    assert ("封面", "新乡市红旗区政务服务和大数据管理局") in names
    assert sum(1 for p, _ in names if p.endswith("表头")) == 10


def _fact(d, subject, kind="amount", **where):
    rows = d.facts[(d.facts["subject"] == subject) & (d.facts["kind"] == kind)]
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows), f"no {kind} fact for {subject}"
    return rows.iloc[0]


def test_facts_with_subjects_shares_and_changes(seed_disclosure):
    d = seed_disclosure
    f = _fact(d, "收入总计")
    assert (f["value"], f["unit"], f["line"]) == (Decimal("295.42"), "万元", 95)
    f = _fact(d, "项目支出", line=103)
    assert f["share_pct"] == Decimal("43.12") and f["share_of"] == "支出合计"
    f = _fact(d, "人员经费")
    assert f["share_of"] == "基本支出" and f["share_of_value"] == Decimal("168.01")
    f = _fact(d, "一般公共预算", kind="change")
    # the sentence is broken over lines 107 and 109: both are cited
    assert (f["direction"], f["value"], f["change_pct"], f["lines"]) == (
        "减少", Decimal("75.15"), Decimal("20.28"), [107, 109])
    assert f["compared_year"] == 2021
    assert _fact(d, "机关运行经费")["value"] == Decimal("11.57")
    for subject in ("三公经费", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "公务用车购置费",
                    "公务用车运行维护费", "政府采购", "政府采购货物", "政府采购工程", "政府采购服务"):
        assert _fact(d, subject)["value"] == Decimal("0")
    assert _fact(d, "车辆", kind="count")["unit"] == "辆"
    assert _fact(d, "一般公共服务支出(类)")["share_pct"] == Decimal("100")


def test_threshold_amounts_are_not_facts(seed_disclosure):
    assert not (seed_disclosure.facts["value"] == Decimal("50")).any()


def _same_tables(a, b):
    assert a.kinds == b.kinds
    for ta, tb in zip(a.tables, b.tables, strict=True):
        cols = [c for c in ta.data.columns if c != "line"]
        assert ta.data[cols].equals(tb.data[cols]), ta.kind


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_encoded_variants_ingest_identically(write, seed_disclosure, encoding):
    d = ingest(write(seed_text().encode(encoding)))
    _same_tables(d, seed_disclosure)
    assert d.facts.drop(columns="fact").equals(seed_disclosure.facts.drop(columns="fact"))


def test_crlf_variant(write, seed_disclosure):
    d = ingest(write(seed_text().replace("\n", "\r\n").encode("utf-8")))
    _same_tables(d, seed_disclosure)
    assert list(d.facts["line"]) == list(seed_disclosure.facts["line"])


def test_reflowed_narrative_keeps_every_fact_with_new_lines(write, seed_disclosure):
    text = reflow(seed_text())
    d = ingest(write(text))
    _same_tables(d, seed_disclosure)
    cols = ["kind", "subject", "value", "unit", "share_pct", "direction", "change_pct"]
    assert d.facts[cols].equals(seed_disclosure.facts[cols])
    lines = text.split("\n")
    checked = 0
    for _, fact in d.facts.iterrows():
        if fact["value"] is None:
            continue
        # the cited line holds the start of the whole figure, which may run on over the next lines
        head = lines[fact["line"] - 1]
        joined = head + "".join(lines[fact["line"]:fact["line"] + 4])
        figure = re.compile(rf"(?<![\d.]){re.escape(str(fact['value']))}(?!\.?\d)")
        where = (fact["subject"], fact["value"], fact["line"])
        assert any(m.start() < len(head) for m in figure.finditer(joined)), where
        assert fact["line"] in fact["lines"]
        checked += 1
    assert checked >= 45
    # a figure the reflow split ("168." | "01") is still read whole, at the line where it starts
    split = _fact(d, "基本支出", line=find_line(text, "年初预算为 168."))
    assert split["value"] == Decimal("168.01") and lines[split["line"] + 1].startswith("01 万元")


def test_moved_table_is_found_at_its_new_place(write):
    text = move_table(seed_text(), "项目支出预算表", "2022年部门收支预算表")
    d = ingest(write(text))
    assert d.kinds[0] == "projects"
    projects = d.table("projects").data
    assert projects.iloc[-1]["项目名称"] == "党建经费"
    assert text.split("\n")[projects.iloc[-1]["line"] - 1].startswith("其他运转类\t党建经费")


@pytest.mark.parametrize("old, new, kind", [
    ("2022年部门收支预算表", "2022年部门财务收支预算总表", "summary"),
    ("2022年部门收支预算表", "收支预算总表", "summary"),
    ("2022年部门支出预算表", "部门支出预算总表", "expenditure"),
    ("2022年财政拨款收支总体情况表", "部门财政拨款收支预算总表", "fiscal_summary"),
    ("2022年一般公共预算支出预算表", "一般公共预算支出功能分类预算表", "general_budget"),
    ("一般公共预算基本支出表", "一般公共预算基本支出部门预算经济分类预算表", "basic_expenditure"),
    ("2022年一般公共预算“三公”经费预算表", "\"三公\"经费和机关运行经费预算表", "three_public"),
    ("2022年政府性基金支出预算表", "政府性基金预算支出功能分类预算表", "fund_budget"),
    ("项目支出预算表", "项目支出表", "projects"),
    ("本级部门(单位)整体绩效目标表", "部门整体绩效目标表", "dept_performance"),
    ("2022年度部门预算项目绩效目标表", "项目绩效目标表", "project_performance"),
])
def test_other_titles_from_the_design_notes(write, old, new, kind):
    text = seed_text()
    number = max(i for i, line in enumerate(text.split("\n")) if line.strip() == old)
    lines = text.split("\n")
    lines[number] = new
    d = ingest(write("\n".join(lines)))
    assert d.table(kind) is not None and d.table(kind).title == new
    assert len(d.tables) == len(SEED_KINDS)


def test_every_kind_has_a_recognised_title():
    from audithelpers.ingest.kinds import classify_title

    for kind in KINDS:
        assert classify_title(f"2023年{kind.label}") == kind.id, kind


def test_table_in_yuan_keeps_its_unit(write):
    d = ingest(write(to_yuan(seed_text(), "一般公共预算基本支出表")))
    basic = d.table("basic_expenditure")
    assert basic.unit == "元"
    assert basic.data.iloc[0]["合计"] == Decimal("1680100.00")
    assert d.table("expenditure").unit == "万元"


def _unknown_table_variant():
    # a table whose title names no kind and whose structure (a function table with 基本支出 and 项目支出, which
    # several kinds share) does not identify one: the general budget's, retitled. The body title is the second
    # occurrence (the first is in the contents).
    lines = seed_text().split("\n")
    number = max(i for i, line in enumerate(lines) if line.strip() == "2022年一般公共预算支出预算表")
    lines[number] = "附表：人员情况统计"
    return "\n".join(lines), number + 1


def test_unknown_table_is_kept_and_reported(write):
    from audithelpers.ingest.export import document_info
    from audithelpers.reconcile import reconcile

    text, title_line = _unknown_table_variant()
    lines = text.split("\n")
    d = ingest(write(text))
    unknown = [t for t in d.tables if t.kind == "unknown"]
    assert "general_budget" not in d.kinds
    # kept: every row of the table, with its figures, at its source line
    assert len(unknown) == 1
    table = unknown[0]
    assert len(table.data) == 5 and title_line == table.first_line < table.last_line   # from its title
    total = table.data.iloc[0]
    assert (total["合计"], total["基本支出"]) == (Decimal("295.42"), Decimal("168.01"))
    assert lines[total["line"] - 1].startswith("\t\t\t\t合计\t295.42\t168.01")
    row = table.data[table.data["code"] == "2010301"].iloc[0]
    assert row["合计"] == Decimal("168.01") and lines[row["line"] - 1].startswith("201\t03\t01")
    # reported: the table listed in the extract, and (below) cited as printed but not read
    listed = document_info(d)["unknown_tables"]
    assert [(t["first_line"], t["last_line"], t["rows"]) for t in listed] == [(table.first_line, table.last_line, 5)]
    # and the standard table it may be is not blamed as missing: "not checked", citing the table not read
    required = [f for f in reconcile(d)
                if f.rule == "completeness.required_table" and "一般公共预算支出表" in f.message]
    assert len(required) == 1 and required[0].severity == "info" and table.first_line in required[0].lines
    assert "未能核对" in required[0].message


def test_unknown_table_is_named_by_its_title_and_keeps_its_unit(write):
    """The unit line between an untitled table's title and its rows is the table's, not its title."""
    text, title_line = _unknown_table_variant()
    table = next(t for t in ingest(write(text)).tables if t.kind == "unknown")
    assert table.unit == "万元"
    assert (table.title, table.title_line) == ("附表:人员情况统计", title_line)   # titles are read normalised


def test_a_department_name_broken_over_two_cover_lines_is_read_whole(write):
    lines = seed_text().split("\n")
    lines[2], lines[4] = "新乡市红旗区政务服务", "和大数据管理局 2022 年度"   # the name runs on into the year line
    d = ingest(write("\n".join(lines)))
    assert (d.department, d.year, d.year_line) == ("新乡市红旗区政务服务和大数据管理局", 2022, 5)


def test_a_cover_naming_the_department_twice_keeps_one_name(write):
    lines = seed_text().split("\n")
    lines[4] = "新乡市红旗区政务服务和大数据管理局 2022 年度"
    assert ingest(write("\n".join(lines))).department == "新乡市红旗区政务服务和大数据管理局"


@pytest.mark.parametrize("first, rest", [
    ("2022年新乡市红旗区政务服务和大数据管理局部", "门预算"),     # broken inside 部门预算 (Shenzhen)
    ("2022年新乡市红旗区政务服务和大数据管理局部门预", "算"),
    ("2022年新乡市红旗区政务服务和大数据", "管理局部门预算"),      # broken inside the name
], ids=["inside 部门", "inside 预算", "inside the name"])
def test_a_cover_title_broken_over_two_lines_is_read_whole(first, rest):
    """"2026年深圳市应急管理局(本级)部" / "门预算": the name is not "…(本级)部", and the year is the cover's."""
    from helpers import ingest_lines, seed_lines

    lines = seed_lines()
    lines[2], lines[4] = first, rest
    d = ingest_lines(lines)
    assert (d.department, d.department_line, d.year, d.year_line) == ("新乡市红旗区政务服务和大数据管理局", 3, 2022, 3)


@pytest.mark.parametrize("title, department", [
    ("2026年广州市气象局部门预算", "广州市气象局"),
    ("北京市教育委员会部门2026年度部门预算", "北京市教育委员会"),
    ("2022 年部门预算表", ""),          # the title of a tables part published apart: no department named
    ("2026年部门预算", ""),
])
def test_the_department_a_cover_title_names(title, department):
    assert department_of(title) == department


def test_a_cover_year_printed_without_its_年_is_still_the_year():
    """"…委员会2026 部门预算情况的说明" (Beijing): the 年 is missing (format.year_typo says so), the year is 2026."""
    from helpers import ingest_lines, seed_lines

    lines = seed_lines()
    i = lines.index("2022 年度部门预算")
    lines[i] = "2022 部门预算"
    d = ingest_lines(lines)
    assert (d.year, d.year_line) == (2022, i + 1)


def test_a_disclosure_printed_without_a_cover_takes_its_department_from_its_tables_and_its_year_from_its_title():
    """Beijing's narrative starts with its contents: no cover names the department or the year."""
    lines = seed_text().split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("目"))   # the contents
    body = ["第一部分 2022年度部门预算情况说明", *lines[start:]]
    d = ingest_lines(body)
    assert d.department == "新乡市红旗区政务服务和大数据管理局" and d.department_line is not None
    assert "部门名称" in body[d.department_line - 1]
    assert (d.year, d.year_line) == (2022, 1)
