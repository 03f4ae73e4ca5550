"""``budget-audit check``: text and JSON output, exit statuses."""
import json
import re

import pytest

from audithelpers.cli import main

from helpers import ROOT, SEED

PARAMS = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


def test_json_follows_the_findings_contract(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"schema", "tool", "document", "findings", "checks"}
    # what holds: per family the checks made, and consistent = checks − findings
    assert set(doc["checks"]) == {"completeness", "arithmetic", "crosstable", "narrative", "identity",
                                  "classification", "format", "history"}
    assert doc["checks"]["history"]["checks"] == 0        # no warehouse of earlier years: nothing compared
    assert doc["checks"]["arithmetic"]["checks"] > 50
    assert all(c["consistent"] == c["checks"] - c["findings"] for c in doc["checks"].values())
    assert doc["document"]["year"] == 2022 and len(doc["document"]["sha256"]) == 64
    for f in doc["findings"]:
        assert set(f) >= {"rule", "severity", "message", "lines", "expected", "actual"}
        assert f["severity"] in {"error", "warning", "info"}
        assert f["lines"] == sorted(f["lines"])
    firsts = [(f["lines"][0] if f["lines"] else 0, f["rule"]) for f in doc["findings"]]
    assert firsts == sorted(firsts)


def test_text_groups_by_severity_and_quotes_lines(capsys):
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.index("== 错误 (error)") < out.index("== 警告 (warning)") < out.index("== 提示 (info)")
    assert "[narrative.share]" in out and "  103 | " in out
    assert "项目支出 127.41 万元，占 43.12%" in out


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1)])
def test_fail_on(fail_on, code):
    assert main(["check", str(SEED), "--fail-on", fail_on]) == code


def test_fail_on_passes_a_clean_document(tmp_path):
    from audithelpers.generate.text import generate

    doc = tmp_path / "clean.txt"
    doc.write_text(generate(3).text, encoding="utf-8")
    assert main(["check", str(doc), "--fail-on", "warning"]) == 0


def test_params_naming_another_department_or_year_stop_with_one_line(tmp_path, capsys):
    """The params file states what is audited: another department or year is the auditor's
    mistake, stopped with exit 2 naming both values, never a finding against the department."""
    params = tmp_path / "p.yaml"
    params.write_text(f"document: {SEED}\ndepartment: 另一个局\nyear: 2023\n", encoding="utf-8")
    assert main(["check", str(SEED), "--params", str(params), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"budget-audit: {params}: ") and "另一个局" in line
    assert "新乡市红旗区政务服务和大数据管理局" in line
    assert "2023" in line and "2022" in line


def test_default_params_file_validates(capsys):
    assert main(["check", str(SEED), "--params", str(PARAMS), "--format", "json"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "identity.expected" not in rules


def test_unreadable_document_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.txt")]) == 2
    assert capsys.readouterr().err.strip().endswith("none.txt: no such file")


def test_check_does_not_load_pandas():
    """The check command reads, ingests and reconciles with plain objects: pandas (most of its
    start-up time once) loads only where a DataFrame is built for people (extract, notebooks)."""
    import subprocess
    import sys

    code = ("import sys\nfrom audithelpers.cli import main\n"
            "try:\n    main(['check', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_a_long_quoted_line_is_cut_with_an_ellipsis():
    from audithelpers.cli.check import _clip

    assert _clip("字" * 130) == "字" * 119 + "…" and _clip("短句") == "短句"


def test_params_stating_another_kind_of_document_stop_with_one_line(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text(f"document: {SEED}\ndepartment: 新乡市红旗区政务服务和大数据管理局\nyear: 2022\nkind: final\n",
                      encoding="utf-8")
    assert main(["check", str(SEED), "--params", str(params)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "kind is final but the document is a budget (部门预算)" in line


def test_final_accounts_are_said_to_be_so_and_held_to_the_final_accounts_tables(capsys):
    final = ROOT / "data" / "finals" / "shanghai-putuo-social-work-2024-dept-final.pdf"
    assert main(["check", str(final), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["document"]["kind"] == "final"
    assert not [f for f in doc["findings"] if f["rule"] == "completeness.required_table"]   # all nine are there
    assert not [f for f in doc["findings"] if f["rule"] == "completeness.table_not_understood"]


def _final_and_budget(tmp_path, seed=5):
    from audithelpers.generate.final import generate_final
    from audithelpers.generate.text import generate

    final, budget = tmp_path / "final.txt", tmp_path / "budget.txt"
    final.write_text(generate_final(seed).text, encoding="utf-8")
    budget.write_text(generate(seed, "万元").text, encoding="utf-8")
    return final, budget


def test_final_accounts_checked_against_the_year_s_budget(tmp_path, capsys):
    final, budget = _final_and_budget(tmp_path)
    assert main(["check", str(final), "--budget", str(budget), "--format", "json", "--fail-on", "warning"]) == 0
    checks = json.loads(capsys.readouterr().out)["checks"]["crosstable"]["checks"]
    text = final.read_text(encoding="utf-8")   # the whole's 年初预算, 1.00 more than the budget printed
    text = re.sub(r"支出年初预算为 (\d+\.\d\d)", lambda m: f"支出年初预算为 {float(m.group(1)) + 1:.2f}", text, count=1)
    text = re.sub(r"完成年初预算的 [\d.]+%", "完成年初预算的 {}%", text, count=1)   # the rate left out of it
    final.write_text(text, encoding="utf-8")
    assert main(["check", str(final), "--budget", str(budget), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["rule"] for f in found if f["severity"] == "error"] == ["crosstable.budget_execution"]
    assert checks >= 12


def test_a_budget_of_another_year_or_for_a_budget_is_one_clear_line(tmp_path, capsys):
    final, budget = _final_and_budget(tmp_path)
    assert main(["check", str(budget), "--budget", str(budget)]) == 2   # a budget checked against a budget
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "budget.txt" in line and "final accounts" in line
    (tmp_path / "other").mkdir()
    other = _final_and_budget(tmp_path / "other", seed=6)[1]               # seed 6 is of 2020, seed 5 of 2023
    assert main(["check", str(final), "--budget", str(other)]) == 2      # the budget of another year
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "other/budget.txt" in line and "is not the budget" in line


def test_params_name_a_budget_only_for_final_accounts(tmp_path, capsys):
    final, budget = _final_and_budget(tmp_path)
    params = tmp_path / "p.yaml"
    params.write_text(f"document: {budget.name}\ndepartment: x\nyear: 2023\nbudget: {budget.name}\n",
                      encoding="utf-8")
    assert main(["check", str(budget), "--params", str(params)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "p.yaml" in line and "kind: final" in line


def test_json_positions_name_each_file_its_own_line_and_the_schema_and_tool_version(tmp_path, capsys):
    """A disclosure of two files: every cited line is given in its own file (line, page), the document lists each
    file's sha256, and the JSON says its schema version and the tool's version."""
    import json

    from audithelpers import __version__
    from audithelpers.reconcile import SCHEMA
    from helpers import SEED

    lines = SEED.read_text(encoding="utf-8").splitlines()
    split = lines.index("2022 年部门预算表")
    narrative, tables = tmp_path / "narrative.txt", tmp_path / "tables.txt"
    narrative.write_text("\n".join(lines[:split]) + "\n", encoding="utf-8")
    tables.write_text("\n".join(lines[split:]) + "\n", encoding="utf-8")
    assert main(["check", str(narrative), str(tables), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == SCHEMA and doc["tool"] == {"name": "budget-audit", "version": __version__}
    assert [f["file"] for f in doc["document"]["files"]] == ["narrative.txt", "tables.txt"]
    positions = [p for f in doc["findings"] for p in f["positions"]]
    assert {p["file"] for p in positions} == {"narrative.txt", "tables.txt"}
    for f in doc["findings"]:
        for n, p in zip(f["lines"], f["positions"], strict=True):
            own = {"file": "narrative.txt", "line": n} if n <= split else {"file": "tables.txt", "line": n - split}
            assert p == own
