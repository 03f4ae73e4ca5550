"""Defects injected into a consistent generated disclosure whose findings say more than "rule R fires at
line L" (one finding per root cause, one rule and not another, a rounding warning); the plain cases are in
data/rule_cases.yaml (test_cases.py)."""
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
