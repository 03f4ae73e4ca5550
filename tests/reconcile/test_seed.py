"""The findings the reconciler raises on the seed disclosure, each judged by hand."""
from audithelpers.reconcile import audit, reconcile, rule_catalogue

# (rule, severity, lines, why it is a true problem)
EXPECTED = {
    ("identity.department_name", "error", (3, 377)):
        "整体绩效目标表 prints 新海市… where the cover and every other table print 新乡市…",
    ("completeness.required_table", "error", (25,)):
        "the contents list 部门收入预算表 but the body has no such table, and it is required",
    ("completeness.contents_missing", "error", (35,)):
        "the contents list 支出经济分类汇总表 but the body has no such table",
    ("narrative.share", "warning", (103,)):
        "127.41 / 295.42 = 43.128…% prints as 43.13%, the text says 43.12% (one unit of the last digit: rounding)",
    ("narrative.share", "warning", (113,)): "the same share slip repeated in the 一般公共预算 paragraph",
    ("arithmetic.subtotal_missing", "warning", (240,)):
        "部门支出预算表 行政运行: the 基本支出 subtotal cell is blank while its parts sum to 168.01",
    ("format.brackets", "warning", (256,)): "'(三) 国防支出(' has a stray opening bracket",
    ("classification.former_name", "warning", (262,)):
        "财政拨款收支总表 lists 医疗卫生与计划生育支出 (renamed 卫生健康支出 in 2019) beside 卫生健康支出",
    ("classification.former_name", "warning", (209,)): "收支总表 uses 资源勘探信息等 (renamed 2019)",
    ("format.precision", "warning", (296,)): "11.568 among two-decimal figures",
    ("crosstable.scope_note", "warning", (254, 255, 296, 302)):
        "一般公共预算支出预算表 totals 295.42 under 本表仅含当年财政拨款…, while 财政拨款 is 293.92 of the 295.42",
    ("classification.mixed_mapping", "warning", (313, 316)):
        "30107 绩效工资 mapped to 50501 (事业单位) while the other 301 items use 5010x (行政单位)",
    ("format.punctuation", "info", (165,)): "名词解释 item 四 lacks its closing full stop",
    ("classification.function_pair", "warning", (314, 318, 320, 321)):
        "all basic spending under 2010301 行政运行: 30108, 30110, 30113 and 30302 have no function items of their own",
    ("narrative.zero_change_direction", "info", (109,)): "三公 unchanged, told as 增加 0 万元，增长 0%",
    ("completeness.glossary_missing", "info", (137, 155)):
        "机构运转经费 (机关运行经费) 11.57 reported; the 名词解释 (heading at line 155) defines nine terms, not it",
    ("completeness.glossary_unused", "info", (169,)):
        "用事业基金弥补收支差额 defined, though no table or sentence of this budget uses it (a template's entry)",
    ("completeness.contents_title", "info", (13, 51)):
        "contents 一、主要职责, body 一、新乡市红旗区政务服务和大数据管理局主要职责: only the department's name added",
    ("format.halfwidth", "info", (331, 333, 373, 377, 378, 380, 381, 382, 385, 388, 389, 390, 391, 393, 394, 395, 398,
                                  399, 400, 401, 402, 403, 404, 405, 406)):
        "half-width , : ; and ( ) throughout the performance tables (部门名称:, 单位: 万元, 部门(单位), 2. 年度…)",
    ("narrative.zero_use", "warning", (123,)): "因公出国(境)费 0 万元 with the template's 主要用于… kept",
    ("narrative.zero_use", "warning", (125,)): "公务接待费 0 万元 with the template's 主要用于… kept",
    ("narrative.zero_use", "warning", (127,)): "公务用车运行维护费 0 万元 with 主要用于…燃料费、维修费… kept",
    ("classification.former_name", "info", (206,)): "城乡社区事务: an old class name in the template",
    ("classification.former_name", "info", (207,)): "农林水事务: an old class name in the template",
    ("classification.former_name", "info", (265,)): "城乡社区事务支出: old class name",
    ("classification.former_name", "info", (266,)): "农林水事务支出: old class name",
}


def test_seed_findings_are_exactly_the_verified_ones(seed_disclosure):
    findings, checks = audit(seed_disclosure, strict=True)
    assert not any(c["not_run"] for c in checks.values())   # every rule ran
    assert {(f.rule, f.severity, f.lines) for f in findings} == set(EXPECTED)


def test_findings_are_sorted_and_deterministic(seed_disclosure):
    a = reconcile(seed_disclosure)
    b = reconcile(seed_disclosure)
    assert [f.to_dict() for f in a] == [f.to_dict() for f in b]
    keys = [(f.lines[0] if f.lines else 0, f.rule) for f in a]
    assert keys == sorted(keys)


def test_messages_state_expected_and_actual(seed_disclosure):
    share = next(f for f in reconcile(seed_disclosure) if f.rule == "narrative.share")
    assert share.expected == "43.13%" and share.actual == "43.12%"
    assert "43.13%" in share.message and "43.12%" in share.message


def test_catalogue_covers_every_family():
    families = {r["family"] for r in rule_catalogue()}
    assert families == {"completeness", "arithmetic", "crosstable", "narrative", "identity",
                        "classification", "format", "history"}
    assert all(r["description"] for r in rule_catalogue())


def test_tolerance_factor_widens_rounding():
    from audithelpers.generate.text import generate
    from audithelpers.ingest.build import ingest_source
    from audithelpers.read.text import read_bytes

    lines = generate(5, "万元").text.split("\n")
    i = max(i for i, t in enumerate(lines) if "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    cells[5] = format(__import__("decimal").Decimal(cells[5]) + __import__("decimal").Decimal("0.02"), "f")
    lines[i] = "\t".join(cells)
    d = ingest_source(read_bytes("\n".join(lines).encode("utf-8")))
    assert any(f.rule == "arithmetic.row_total" for f in reconcile(d))
    assert not any(f.rule == "arithmetic.row_total" for f in reconcile(d, tolerance_factor=10))


def test_performance_table_budget_is_checked_against_the_summary(write):
    from audithelpers.ingest import ingest

    from helpers import find_line, seed_text

    text = seed_text()
    line = find_line(text, "部门预算总额(万元)")
    lines = text.split("\n")
    lines[line - 1] = lines[line - 1].replace("295.42", "259.42")
    findings = reconcile(ingest(write("\n".join(lines))))
    hit = [f for f in findings if f.rule == "crosstable.total" and line in f.lines]
    assert hit and hit[0].expected == "295.42万元" and hit[0].actual == "259.42万元"
