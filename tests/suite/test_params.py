import pytest

from audithelpers.errors import ParamsError
from audithelpers.suite.params import load_params, scaffold

from helpers import ROOT, SEED

DEFAULT = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


def test_default_params():
    p = load_params(DEFAULT)
    assert p.document == str(SEED.resolve())
    assert (p.department, p.year, p.unit, p.region, p.slug) == (
        "新乡市红旗区政务服务和大数据管理局", 2022, "万元", "default", "xinxiang-hongqi-zwfw-bureau")
    assert set(p.notebook_parameters().values()) <= set(p.notebook_parameters().values())
    assert all(isinstance(v, (str, int, float)) for v in p.notebook_parameters().values())


@pytest.mark.parametrize("text, key, problem", [
    ("documnet: x\n", "documnet", "did you mean 'document'"),
    (f"document: {SEED}\ndepartment: 局\n", "year", "missing key 'year'"),
    (f"document: {SEED}\ndepartment: 局\nyear: '2022'\n", "year", "must be a whole number"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\nunit: 千元\n", "unit", "must be one of"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\nregion: mars\n", "region", "unknown region"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\ntolerance: 0\n", "tolerance", "greater than 0"),
    ("document: missing.txt\ndepartment: 局\nyear: 2022\n", "document", "no such file"),
    (f"document: {SEED}\ndepartment: 局\nyear: true\n", "year", "must be a whole number"),
])
def test_errors_name_key_and_file(tmp_path, text, key, problem):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert info.value.key == key and problem in str(info.value) and str(path) in str(info.value)


@pytest.mark.parametrize("text, problem", [
    ("- a\n- b\n", "must be a mapping"),
    ("document: [unclosed\n", "not valid YAML at line"),
])
def test_malformed_files(tmp_path, text, problem):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match=problem):
        load_params(path)


def test_missing_params_file(tmp_path):
    with pytest.raises(ParamsError, match="no such params file"):
        load_params(tmp_path / "none.yaml")


def test_scaffold_round_trips(tmp_path):
    name, text = scaffold(SEED, tmp_path / "params")
    assert name.endswith("-2022.yaml")
    (tmp_path / "params").mkdir()
    path = tmp_path / "params" / name
    path.write_text(text.replace(str(SEED.resolve()), str(SEED.resolve())), encoding="utf-8")
    p = load_params(path)
    assert p.department == "新乡市红旗区政务服务和大数据管理局" and p.year == 2022
