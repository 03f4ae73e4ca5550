"""``budget-audit new-params`` and ``budget-audit generate``."""
import yaml

from audithelpers.cli import main
from audithelpers.suite.params import load_params

from helpers import ROOT, SEED


def test_new_params_prints_a_valid_params_file(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["new-params", str(SEED.relative_to(ROOT))]) == 0
    captured = capsys.readouterr()
    data = yaml.safe_load(captured.out)
    assert data["department"] == "新乡市红旗区政务服务和大数据管理局" and data["year"] == 2022
    assert "save as params/" in captured.err
    path = ROOT / "params" / "_scaffold-test.yaml"
    try:
        path.write_text(captured.out, encoding="utf-8")
        assert load_params(path).document == str(SEED.resolve())
    finally:
        path.unlink()


def test_new_params_for_a_pdf(capsys):
    assert main(["new-params", str(ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf")]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["department"] == "上海市普陀区人民政府万里街道办事处" and data["year"] == 2024


def test_generate_writes_documents_and_params(tmp_path, capsys):
    assert main(["generate", "--count", "3", "--out", str(tmp_path), "--unit", "元"]) == 0
    paths = capsys.readouterr().out.split()
    assert len(paths) == 3
    for path in paths:
        params = load_params(path)
        assert params.document.endswith(".txt")


def test_generate_refuses_a_bad_count(tmp_path, capsys):
    assert main(["generate", "--count", "0", "--out", str(tmp_path)]) == 2
    assert "--count: must be at least 1" in capsys.readouterr().err
