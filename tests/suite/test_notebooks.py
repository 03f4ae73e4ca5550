"""The committed notebooks: no outputs, a parameters cell first, the run's parameters declared."""
import json
from pathlib import Path

import papermill as pm
import pytest

from audithelpers.suite.params import load_params
from audithelpers.suite.run import NOTEBOOKS, check_notebook_parameters, declared_parameters, notebook_dir

from helpers import ROOT

BOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
STAGES = [ROOT / "notebooks" / f"{stem}.ipynb" for stem, _ in NOTEBOOKS]
PORTFOLIO = ROOT / "notebooks" / "05_portfolio.ipynb"


def test_the_four_stage_notebooks_and_the_district_notebook_exist():
    assert BOOKS == [*STAGES, PORTFOLIO]


def test_the_district_notebook_takes_the_batch_folder_and_a_filter():
    assert set(pm.inspect_notebook(str(PORTFOLIO))) == {"out_dir", "warehouse", "run_ids", "title"}


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert dirty == [], f"{path.name}: cells {dirty} have outputs or execution counts"


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_parameters_cell_comes_first_and_declares_the_run_values(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    declared = set(pm.inspect_notebook(str(path)))
    assert declared == declared_parameters(path)      # our reading agrees with papermill's
    params = load_params(ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml")
    assert set(params.notebook_parameters()) | {"run_dir"} <= declared


def test_defaults_point_at_the_default_department():
    params = load_params(ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml")
    defaults = pm.inspect_notebook(str(BOOKS[0]))
    assert json.loads(defaults["department"]["default"]) == params.department
    assert (notebook_dir() / json.loads(defaults["document"]["default"])).resolve() == Path(params.document)


def test_a_notebook_without_a_params_key_is_refused(tmp_path):
    from audithelpers.errors import ParamsError

    for path in STAGES:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if path.stem == "03_charts":
            cell = nb["cells"][1]
            cell["source"] = "".join(cell["source"]).replace('region = "default"\n', "")
        (tmp_path / path.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    params = load_params(ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml")
    with pytest.raises(ParamsError, match="key 'region' is not a parameter of notebook 03_charts"):
        check_notebook_parameters(params, tmp_path)


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_each_stage_says_what_it_does_and_how_to_read_it_naming_every_family(path):
    from audithelpers.reconcile.finding import FAMILY_LABEL, SEVERITY_LABEL

    nb = json.loads(path.read_text(encoding="utf-8"))
    guides = [c for c in nb["cells"] if c["cell_type"] == "markdown" and "怎样读" in "".join(c["source"])
              and "hide-in-report" not in c["metadata"].get("tags", [])]
    assert len(guides) == 1
    text = "".join(guides[0]["source"])
    assert all(label in text for label in [*FAMILY_LABEL.values(), *SEVERITY_LABEL.values(), "应为", "实为"])


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.name)
def test_stage_notebooks_use_the_setup_by_name_and_import_only_what_they_use(path):
    import ast

    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"][1:] if c["cell_type"] == "code"
                     and "parameters" not in c["metadata"].get("tags", []))
    tree = ast.parse(code)
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Tuple)
                and isinstance(n.value, ast.Call) and getattr(n.value.func, "attr", "") == "values"]
    imported = {a.asname or a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                for a in n.names}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert imported <= used, f"unused imports: {imported - used}"
