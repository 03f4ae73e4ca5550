"""``budget-audit new-params`` and ``budget-audit generate``."""
import re
import shutil

import yaml

from audithelpers.cli import main
from audithelpers.suite.params import load_params

from helpers import ROOT, SEED


def test_new_params_prints_a_valid_params_file(tmp_path, capsys, monkeypatch):
    """Run where a project keeps data/ and params/ side by side (a copy in tmp_path): the printed
    file, saved where the message says, loads back to the document."""
    (tmp_path / "data").mkdir()
    (tmp_path / "params").mkdir()
    shutil.copy(SEED, tmp_path / "data" / SEED.name)
    monkeypatch.chdir(tmp_path)
    assert main(["new-params", f"data/{SEED.name}"]) == 0
    captured = capsys.readouterr()
    data = yaml.safe_load(captured.out)
    assert data["department"] == "新乡市红旗区政务服务和大数据管理局" and data["year"] == 2022
    assert data["document"] == f"../data/{SEED.name}"
    saved_as = re.fullmatch(r"# save as (params/\S+\.yaml)", captured.err.strip())
    assert saved_as, captured.err
    path = tmp_path / saved_as.group(1)
    path.write_text(captured.out, encoding="utf-8")
    assert load_params(path).document == str((tmp_path / "data" / SEED.name).resolve())


def test_new_params_for_a_pdf(capsys):
    assert main(["new-params", str(ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf")]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["department"] == "上海市普陀区人民政府万里街道办事处" and data["year"] == 2024
    assert "kind" not in data   # a budget: the default


def test_generate_writes_documents_and_params(tmp_path, capsys):
    assert main(["generate", "--count", "3", "--out", str(tmp_path), "--unit", "元"]) == 0
    paths = capsys.readouterr().out.split()
    assert len(paths) == 3
    for path in paths:
        params = load_params(path)
        assert params.document.endswith(".txt")


def test_generate_writes_final_accounts_that_check_clean(tmp_path, capsys):
    assert main(["generate", "--count", "2", "--out", str(tmp_path), "--kind", "final"]) == 0
    paths = capsys.readouterr().out.split()
    assert len(paths) == 2
    for path in paths:
        params = load_params(path)
        assert params.kind == "final" and params.document.endswith("-final-" + str(params.year) + ".txt")
        assert main(["check", params.document, "--params", path, "--fail-on", "warning"]) == 0
    capsys.readouterr()


def test_generate_refuses_a_bad_count(tmp_path, capsys):
    assert main(["generate", "--count", "0", "--out", str(tmp_path)]) == 2
    assert "--count: must be at least 1" in capsys.readouterr().err


def test_new_params_for_final_accounts_says_so(tmp_path, capsys):
    final = ROOT / "data" / "finals" / "shanghai-putuo-planning-2024-dept-final.pdf"
    assert main(["new-params", str(final), "--params-dir", str(tmp_path / "params")]) == 0
    text = capsys.readouterr().out
    data = yaml.safe_load(text)
    assert data["kind"] == "final" and data["year"] == 2024
    (tmp_path / "params").mkdir()
    path = tmp_path / "params" / "p.yaml"
    path.write_text(text, encoding="utf-8")
    params = load_params(path)
    assert params.kind == "final" and "部门决算审核报告" in params.title
