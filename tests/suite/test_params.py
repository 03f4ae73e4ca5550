import shutil

import pytest
import yaml

from audithelpers.errors import ParamsError
from audithelpers.suite.params import load_params, scaffold

from helpers import ROOT, SEED

DEFAULT = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"


def test_default_params():
    p = load_params(DEFAULT)
    assert p.document == str(SEED.resolve())
    assert (p.department, p.year, p.unit, p.region, p.slug) == (
        "新乡市红旗区政务服务和大数据管理局", 2022, "万元", "default", "xinxiang-hongqi-zwfw-bureau")
    assert p.notebook_parameters() == {
        "document": str(SEED.resolve()), "department": "新乡市红旗区政务服务和大数据管理局", "year": 2022,
        "unit": "万元", "region": "default", "slug": "xinxiang-hongqi-zwfw-bureau", "tolerance": 1.0,
        "title": "新乡市红旗区政务服务和大数据管理局 2022 年度部门预算审核报告", "budget": "", "warehouse": ""}
    assert all(type(v) in (str, int, float) for v in p.notebook_parameters().values())


@pytest.mark.parametrize("text, key, problem", [
    ("documnet: x\n", "documnet", "did you mean 'document'"),
    (f"document: {SEED}\ndepartment: 局\n", "year", "missing key 'year'"),
    (f"document: {SEED}\ndepartment: 局\nyear: '2022'\n", "year", "must be a whole number"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\nunit: 千元\n", "unit", "must be one of"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\nregion: mars\n", "region", "unknown region"),
    (f"document: {SEED}\ndepartment: 局\nyear: 2022\ntolerance: 0\n", "tolerance", "greater than 0"),
    ("document: missing.txt\ndepartment: 局\nyear: 2022\n", "document", "no such file"),
    (f"document: {SEED}\ndepartment: 局\nyear: true\n", "year", "must be a whole number"),
    ("document: []\ndepartment: 局\nyear: 2022\n", "document", "non-empty list of paths"),
    (f"document: [{SEED}, 3]\ndepartment: 局\nyear: 2022\n", "document", "non-empty list of paths"),
    (f"document: [{SEED}, {SEED}]\ndepartment: 局\nyear: 2022\n", "document", "lists " + str(SEED) + " twice"),
    (f"document: [{SEED}, missing.txt]\ndepartment: 局\nyear: 2022\n", "document", "no such file"),
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


def test_a_document_published_as_several_files_is_a_list_in_reading_order(tmp_path):
    """Beijing publishes a budget's narrative and its tables as two files: the params file lists both, and the
    notebooks are given both, in that order."""
    (tmp_path / "docs").mkdir()
    for name in ("part1.txt", "part2.txt"):
        shutil.copy(SEED, tmp_path / "docs" / name)
    path = tmp_path / "p.yaml"
    path.write_text("document: [docs/part1.txt, docs/part2.txt]\ndepartment: 局\nyear: 2022\n", encoding="utf-8")
    p = load_params(path)
    files = [str((tmp_path / "docs" / name).resolve()) for name in ("part1.txt", "part2.txt")]
    assert p.files == files and p.document == files[0] and p.slug == "p"
    assert p.notebook_parameters()["document"] == files
    assert load_params(DEFAULT).files == [str(SEED.resolve())]


def _save_and_load(tmp_path, document):
    name, text = scaffold(document, tmp_path / "params")[:2]
    (tmp_path / "params").mkdir(exist_ok=True)
    path = tmp_path / "params" / name
    path.write_text(text, encoding="utf-8")
    return name, yaml.safe_load(text), load_params(path)


def test_scaffold_round_trips_with_a_path_relative_to_the_params_folder(tmp_path):
    """A document beside the params folder is named relative to it, and the file loads back to it."""
    (tmp_path / "data").mkdir()
    document = tmp_path / "data" / SEED.name
    shutil.copy(SEED, document)
    name, data, p = _save_and_load(tmp_path, document)
    assert name.startswith("xinxiang-hongqi-zwfw-bureau") and name.endswith("-budget-2022.yaml")
    assert data["document"] == f"../data/{SEED.name}"
    assert p.document == str(document.resolve()) != str(SEED.resolve())
    assert (p.department, p.year, p.unit, p.region) == ("新乡市红旗区政务服务和大数据管理局", 2022, "万元", "default")


def test_scaffold_round_trips_with_an_absolute_path_elsewhere(tmp_path):
    """A document outside the params folder's parent keeps its absolute path."""
    _, data, p = _save_and_load(tmp_path, SEED)
    assert data["document"] == str(SEED.resolve())
    assert p.document == str(SEED.resolve())
    assert p.department == "新乡市红旗区政务服务和大数据管理局" and p.year == 2022


def test_scaffold_name_has_no_doubled_hyphen():
    """scaffold() removes the year from 'x-2022-budget': one hyphen is left between the words."""
    name = scaffold(SEED).name
    assert "--" not in name
