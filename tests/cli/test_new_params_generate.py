"""``budget-audit new-params`` and ``budget-audit generate``."""
import re
import shutil
from pathlib import Path

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


def test_new_params_for_a_downloads_folder_writes_one_file_per_document(tmp_path, capsys):
    """A folder of downloads: a params file for each disclosure, ready for batch; a file that is no
    disclosure, or a second document of the same department and year, is one line and the rest is written."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    shutil.copy(SEED, downloads / SEED.name)
    shutil.copy(ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf", downloads / "wanli.pdf")
    shutil.copy(SEED, downloads / "again-2022.txt")                       # the seed once more, other file name
    (downloads / "notice.txt").write_text("会议通知\n\n请各单位于下周一参加会议。\n", encoding="utf-8")
    (downloads / "readme.md").write_text("not a document", encoding="utf-8")   # not looked at
    out = tmp_path / "params" / "2026"
    assert main(["new-params", str(downloads), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    written = sorted(out.glob("*.yaml"))
    assert [p.name for p in written] == sorted(Path(p).name for p in captured.out.split())   # each said on stdout
    loaded = {load_params(p).department: load_params(p) for p in written}
    assert set(loaded) == {"新乡市红旗区政务服务和大数据管理局", "上海市普陀区人民政府万里街道办事处"}
    assert loaded["上海市普陀区人民政府万里街道办事处"].document == str((downloads / "wanli.pdf").resolve())
    assert yaml.safe_load(written[0].read_text(encoding="utf-8"))["document"].startswith("../../downloads/")
    problems = [line for line in captured.err.splitlines() if line.startswith("budget-audit: ")]
    assert len(problems) == 2 and any("notice.txt" in p for p in problems)
    assert any("again-2022.txt" in p and "the same department, year and kind" in p for p in problems)
    assert main(["new-params", str(downloads / "wanli.pdf"), "--out", str(out)]) == 2   # never overwritten
    assert "exists already" in capsys.readouterr().err
    assert main(["new-params", str(downloads)]) == 2                     # several documents need --out
    assert "give --out" in capsys.readouterr().err


def test_the_tables_part_of_a_disclosure_published_apart_is_pointed_to_its_narratives_params(tmp_path, capsys):
    """A tables part whose title names no department ("2022 年部门预算表") gets no params file of its own (no
    department read as 「部门预算表」): the line says where it belongs."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    tables = tmp_path / "tables.txt"
    tables.write_text("\n".join(lines[lines.index("2022 年部门预算表"):]) + "\n", encoding="utf-8")
    assert main(["new-params", str(tables)]) == 2
    err = capsys.readouterr().err
    assert "could not be read from the cover" in err and "list it after the narrative under 'document:'" in err


def _split_seed(folder: Path, narrative: str, tables: str) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    split = lines.index("2022 年部门预算表")
    (folder / narrative).write_text("\n".join(lines[:split]) + "\n", encoding="utf-8")
    (folder / tables).write_text("\n".join(lines[split:]) + "\n", encoding="utf-8")


def test_a_narrative_and_its_tables_published_apart_get_one_params_file(tmp_path, capsys):
    """A downloads folder holding a narrative (a department, no tables) and the tables published apart from it
    (tables, no department): one params file lists both, in reading order, and audits as one department."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _split_seed(downloads, "hongqi-2022-budget-part1-narrative.txt", "hongqi-2022-budget-part2-tables.txt")
    shutil.copy(ROOT / "data" / "shanghai-putuo-wanli-street-2024-budget.pdf", downloads / "wanli.pdf")
    out = tmp_path / "params"
    assert main(["new-params", str(downloads), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.yaml")) == ["hongqi-budget-2022.yaml", "wanli-2024.yaml"]
    params = load_params(out / "hongqi-budget-2022.yaml")
    assert [Path(f).name for f in params.files] == ["hongqi-2022-budget-part1-narrative.txt",
                                                    "hongqi-2022-budget-part2-tables.txt"]
    assert params.department == "新乡市红旗区政务服务和大数据管理局" and params.year == 2022
    capsys.readouterr()
    assert main(["check", *params.files, "--params", str(out / "hongqi-budget-2022.yaml")]) == 0
    assert "错误 3" in capsys.readouterr().out   # the seed's three true errors: its tables were read too


def test_tables_that_name_their_department_join_its_narrative_whatever_the_file_names(tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _split_seed(downloads, "wenzi.txt", "biaoge.txt")
    tables = downloads / "biaoge.txt"
    tables.write_text("新乡市红旗区政务服务和大数据管理局2022年部门预算表\n\n" + tables.read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert main(["new-params", str(downloads), "--out", str(tmp_path / "params")]) == 0
    [path] = (tmp_path / "params").glob("*.yaml")
    assert [Path(f).name for f in load_params(path).files] == ["wenzi.txt", "biaoge.txt"]


def test_a_tables_part_two_narratives_could_own_is_left_alone(tmp_path, capsys):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _split_seed(downloads, "hongqi-2022-a.txt", "hongqi-2022-tables.txt")
    shutil.copy(downloads / "hongqi-2022-a.txt", downloads / "hongqi-2022-b.txt")
    assert main(["new-params", str(downloads), "--out", str(tmp_path / "params")]) == 2
    err = capsys.readouterr().err
    assert "hongqi-2022-tables.txt: department or year could not be read" in err   # not guessed
    assert [p.name for p in (tmp_path / "params").glob("*.yaml")] == ["hongqi-a-2022.yaml"]


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


def test_a_narrative_printed_without_a_cover_is_joined_by_its_tables_and_named_by_them(tmp_path):
    """Beijing's narrative may start with its contents: no department on it. Its tables, published apart, join it by
    the file name they share, and the disclosure takes the department its tables print."""
    import yaml

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    _split_seed(downloads, "hongqi-2022-budget-part1-narrative.txt", "hongqi-2022-budget-part2-tables.txt")
    narrative = downloads / "hongqi-2022-budget-part1-narrative.txt"
    lines = narrative.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("目"))
    narrative.write_text("\n".join(["第一部分 2022年度部门预算情况说明", *lines[start:]]) + "\n", encoding="utf-8")
    out = tmp_path / "params"
    assert main(["new-params", str(downloads), "--out", str(out)]) == 0
    [written] = list(out.glob("*.yaml"))
    params = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert [Path(f).name for f in params["document"]] == ["hongqi-2022-budget-part1-narrative.txt",
                                                          "hongqi-2022-budget-part2-tables.txt"]
    assert (params["department"], params["year"]) == ("新乡市红旗区政务服务和大数据管理局", 2022)
