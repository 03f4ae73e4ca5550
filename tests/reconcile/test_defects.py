"""One defect per rule family, injected into a consistent generated disclosure, is found
and the finding cites the changed line."""
import re


from audithelpers.generate.text import generate
from audithelpers.ingest.build import ingest_source
from audithelpers.read.text import read_bytes
from audithelpers.reconcile import reconcile


def _doc(seed=5, unit="万元"):
    return generate(seed, unit).text.split("\n")


def _line(lines, predicate):
    return next(i for i, text in enumerate(lines) if predicate(text))


def _findings(lines):
    return reconcile(ingest_source(read_bytes("\n".join(lines).encode("utf-8"), "defect.txt")))


def _bump(cell: str, by="1.00") -> str:
    from decimal import Decimal

    return format(Decimal(cell) + Decimal(by), "f")


def test_completeness_missing_required_table():
    lines = _doc()
    start = max(i for i, t in enumerate(lines) if t.endswith("一般公共预算基本支出表"))
    end = _line(lines[start + 1:], lambda t: t.endswith("“三公”经费预算表")) + start + 1
    del lines[start:end]
    contents = _line(lines, lambda t: t.endswith("一般公共预算基本支出表"))
    hits = [f for f in _findings(lines) if f.rule == "completeness.required_table"]
    assert hits and hits[0].lines == (contents + 1,) and hits[0].severity == "error"


def test_arithmetic_row_total():
    lines = _doc()
    i = max(i for i, t in enumerate(lines) if "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    cells[5] = _bump(cells[5])
    lines[i] = "\t".join(cells)
    hits = [f for f in _findings(lines) if f.family == "arithmetic" and i + 1 in f.lines]
    assert any(f.rule == "arithmetic.row_total" for f in hits)


def test_arithmetic_column_total_in_basic_table():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith("30101\t") or t.startswith("30102\t") or t.startswith("30103\t")
              or t.startswith("30112\t"))
    cells = lines[i].split("\t")
    cells[4] = _bump(cells[4])
    cells[5] = _bump(cells[5])
    lines[i] = "\t".join(cells)
    hits = [f for f in _findings(lines) if f.rule == "arithmetic.column_total" and i + 1 in f.lines]
    assert hits


def test_crosstable_project_amount():
    lines = _doc()
    i = max(i for i, t in enumerate(lines) if re.match(r"^\d{20}\t", t))
    cells = lines[i].split("\t")
    cells[2] = _bump(cells[2])
    cells[3] = _bump(cells[3])
    lines[i] = "\t".join(cells)
    found = _findings(lines)
    project = next(n for n, t in enumerate(lines, 1) if n != i + 1 and cells[1] in t and "\t" in t)
    hits = [f for f in found if f.severity == "error" and i + 1 in f.lines]
    # one wrong cell, one finding: its column total and the project table disagree by the same 1.00
    assert len(hits) == 1 and project in hits[0].lines and "同一处错误" in hits[0].message


def test_narrative_share():
    lines = _doc()
    i = _line(lines, lambda t: "人员经费支出" in t)
    lines[i] = re.sub(r"占 (\d+)\.(\d\d)%", lambda m: f"占 {int(m.group(1)) + 1}.{m.group(2)}%", lines[i], count=1)
    hits = [f for f in _findings(lines) if f.rule == "narrative.share" and i + 1 in f.lines]
    assert hits


def test_narrative_amount_against_table():
    lines = _doc()
    i = _line(lines, lambda t: "机关运行经费支出预算" in t)
    lines[i] = re.sub(r"预算 ([\d.]+)", lambda m: f"预算 {_bump(m.group(1), '0.50')}", lines[i])
    # no table of this document states 机关运行经费: 公用经费 (which covers 事业单位 too) is not compared
    assert not [f for f in _findings(lines) if f.rule == "narrative.operating_cost"]
    j = _line(lines, lambda t: "人员经费支出" in t)
    lines[j] = re.sub(r"人员经费支出 ([\d.]+)", lambda m: f"人员经费支出 {_bump(m.group(1), '3')}", lines[j])
    hits = [f for f in _findings(lines) if f.severity == "error" and j + 1 in f.lines]
    # the stated 人员经费 disagrees with the table and with 基本支出 − 公用经费: one wrong figure, one finding
    assert len(hits) == 1 and "人员经费" in hits[0].message and "同一处错误" in hits[0].message


def test_narrative_change_percentage():
    lines = _doc()
    i = _line(lines, lambda t: "与 " in t and "年预算相比" in t)
    lines[i] = re.sub(r"(增长|下降) ([\d.]+)%", lambda m: f"{m.group(1)} {_bump(m.group(2), '2')}%", lines[i])
    hits = [f for f in _findings(lines) if f.rule == "narrative.change" and i + 1 in f.lines]
    assert hits


def test_identity_department_name():
    lines = _doc()
    i = max(i for i, t in enumerate(lines) if t.startswith("部门名称："))
    lines[i] = lines[i][:-2] + "分局"
    hits = [f for f in _findings(lines) if f.rule == "identity.department_name" and i + 1 in f.lines]
    assert hits


def test_classification_function_name():
    lines = _doc()
    i = max(i for i, t in enumerate(lines) if "\t行政运行\t" in t)
    lines[i] = lines[i].replace("行政运行", "行政运转")
    hits = [f for f in _findings(lines) if f.rule == "classification.function_code" and i + 1 in f.lines]
    assert hits


def test_classification_economic_mapping():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith(("30101\t", "30102\t", "30103\t")))
    cells = lines[i].split("\t")
    cells[2] = "50501"
    lines[i] = "\t".join(cells)
    rules = [f.rule for f in _findings(lines) if i + 1 in f.lines]
    # the other regime's code: one root cause, one finding
    assert rules.count("classification.mixed_mapping") == 1 and "classification.economic_mapping" not in rules


def test_classification_economic_mapping_to_a_code_of_neither_regime():
    lines = _doc()
    i = _line(lines, lambda t: t.startswith(("30101\t", "30102\t", "30103\t")))
    cells = lines[i].split("\t")
    cells[2] = "50201"
    lines[i] = "\t".join(cells)
    rules = [f.rule for f in _findings(lines) if i + 1 in f.lines]
    assert rules == ["classification.economic_mapping"]


def test_format_placeholder_template_and_reason():
    lines = _doc()
    i = _line(lines, lambda t: "主要原因是" in t)
    lines[i] = lines[i].replace("主要原因是业务工作量变化。", "主要原因是。XX项目增加（减少）。")
    rules = {f.rule for f in _findings(lines) if i + 1 in f.lines}
    assert {"format.missing_reason", "format.placeholder", "format.template"} <= rules


def test_format_precision():
    lines = _doc()
    i = max(i for i, t in enumerate(lines) if "\t行政运行\t" in t)
    cells = lines[i].split("\t")
    cells[5] = cells[5] + "0"
    lines[i] = "\t".join(cells)
    hits = [f for f in _findings(lines) if f.rule == "format.precision" and i + 1 in f.lines]
    assert hits


def _paragraph(lines):
    return _line(lines, lambda t: "人员经费支出" in t)


def test_format_year_typo():
    lines = _doc()
    i = _paragraph(lines)
    lines[i] = lines[i].replace(" 年一般公共预算", " 度一般公共预算", 1)
    hits = [f for f in _findings(lines) if f.rule == "format.year_typo"]
    assert [f.lines for f in hits] == [(i + 1,)] and hits[0].severity == "warning"


def test_format_doubled_word():
    lines = _doc()
    i = _paragraph(lines)
    lines[i] = lines[i].replace("人员经费支出", "人员人员经费支出", 1)
    hits = [f for f in _findings(lines) if f.rule == "format.doubled_word"]
    assert [f.lines for f in hits] == [(i + 1,)] and hits[0].actual == "人员人员"


def test_narrative_unit_slip():
    lines = _doc()
    i = _paragraph(lines)
    lines[i] = lines[i] + "固定资产总额 302,475,975.31 万元。"
    hits = [f for f in _findings(lines) if f.rule == "narrative.unit_slip"]
    assert len(hits) == 1 and i + 1 in hits[0].lines


def test_narrative_item_name_misspelt():
    lines = _doc()
    i = _paragraph(lines)
    lines[i + 1:i + 1] = ["", "1.“一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政事务管理”科目 1.00 万元。"]
    hits = [f for f in _findings(lines) if f.rule == "narrative.item_name"]
    assert len(hits) == 1 and hits[0].expected == "一般行政管理事务" and hits[0].lines == (i + 3,)


def test_new_text_rules_stay_quiet_on_consistent_documents():
    for seed in (1, 2, 3):
        found = {f.rule for f in _findings(generate(seed, "万元").text.split("\n"))}
        assert not found & {"format.year_typo", "format.doubled_word", "narrative.unit_slip", "narrative.item_name"}


def test_narrative_amount_off_in_its_last_digit_is_a_rounding_warning():
    text = ("测试局2026年部门预算\n\n一、收支预算总体情况\n\n2026年收入总计 408.11 万元。\n\n"
            "部门收支总表\n\n单位：万元\n"
            "收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "一、一般公共预算拨款收入\t408.118448\t一、一般公共服务支出\t408.118448\n"
            "收入总计\t408.118448\t支出总计\t408.118448\n")
    hits = [f for f in _findings(text.split("\n")) if f.rule == "narrative.amount"]
    # 408.118448 prints as 408.12: the text's 408.11 is one unit off in its last digit
    assert len(hits) == 1 and hits[0].severity == "warning" and "末位舍入差" in hits[0].message
    text = text.replace("408.11 万元", "408.61 万元")
    hits = [f for f in _findings(text.split("\n")) if f.rule == "narrative.amount"]
    assert len(hits) == 1 and hits[0].severity == "error"
