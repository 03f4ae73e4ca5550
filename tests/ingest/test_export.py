import csv
import json

import pytest

from audithelpers.ingest import ingest
from audithelpers.ingest.export import replace_dir, write_extract

from helpers import SEED


def test_extract_writes_one_csv_per_kind_with_lines(tmp_path, seed_disclosure):
    out = write_extract(seed_disclosure, tmp_path / "out")
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{k}.csv" for k in seed_disclosure.kinds] + ["facts.csv", "document.json"])
    rows = list(csv.DictReader((out / "projects.csv").open(encoding="utf-8")))
    assert rows[-1]["line"] == "371" and rows[-1]["合计"] == "0.32"
    facts = list(csv.DictReader((out / "facts.csv").open(encoding="utf-8")))
    change = next(f for f in facts if f["subject"] == "一般公共预算" and f["kind"] == "change")
    assert change["lines"] == "107;109"
    doc = json.loads((out / "document.json").read_text(encoding="utf-8"))
    assert doc["department"] == "新乡市红旗区政务服务和大数据管理局" and doc["year"] == 2022
    assert doc["units"] == ["万元"]
    assert {t["kind"]: (t["first_line"], t["last_line"]) for t in doc["tables"]}["projects"] == (355, 371)
    assert len([c for c in doc["contents"] if c["kind"]]) == 12


def test_extract_is_byte_identical_across_runs(tmp_path):
    a = write_extract(ingest(SEED), tmp_path / "a")
    b = write_extract(ingest(SEED), tmp_path / "b")
    for path in a.iterdir():
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name


def test_failed_build_leaves_no_partial_output(tmp_path):
    target = tmp_path / "out"

    def build(tmp):
        (tmp / "half.csv").write_text("x")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        replace_dir(build, target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_replaced_whole(tmp_path, seed_disclosure):
    target = tmp_path / "out"
    target.mkdir()
    (target / "stale.csv").write_text("old")
    write_extract(seed_disclosure, target)
    assert not (target / "stale.csv").exists()
    assert (target / "summary.csv").exists()
