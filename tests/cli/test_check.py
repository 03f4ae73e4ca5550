"""``budget-audit check``: text and JSON output, exit statuses."""
import json

import pytest

from audithelpers.cli import main

from helpers import ROOT, SEED

PARAMS = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


def test_json_follows_the_findings_contract(capsys):
    assert main(["check", str(SEED), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"document", "findings", "checks"}
    # what holds: per family the checks made, and consistent = checks − findings
    assert set(doc["checks"]) == {"completeness", "arithmetic", "crosstable", "narrative", "identity",
                                  "classification", "format"}
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


def test_params_add_expectations(tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text(f"document: {SEED}\ndepartment: 另一个局\nyear: 2023\n", encoding="utf-8")
    assert main(["check", str(SEED), "--params", str(params), "--format", "json"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert rules.count("identity.expected") == 2


def test_default_params_file_validates(capsys):
    assert main(["check", str(SEED), "--params", str(PARAMS), "--format", "json"]) == 0
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert "identity.expected" not in rules


def test_unreadable_document_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "none.txt")]) == 2
    assert capsys.readouterr().err.strip().endswith("none.txt: no such file")
