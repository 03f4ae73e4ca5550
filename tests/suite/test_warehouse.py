"""The warehouse: a department run appended (idempotently), last year's figures read back for the history rules,
and the batch running a department's years in order."""
import json

import duckdb

from audithelpers.cli import main
from audithelpers.suite import batch as batch_module
from audithelpers.suite.batch import Batch, run_batch
from audithelpers.suite.warehouse import columns, last_year, record


def _run_folder(tmp_path, slug, year, total):
    run = tmp_path / slug / str(year)
    (run / "tables").mkdir(parents=True)
    (run / "findings.json").write_text(json.dumps({"document": {"kind": "budget", "source": f"{slug}.txt"},
                                                   "findings": [{"rule": "format.placeholder", "severity": "warning",
                                                                 "message": "XX", "lines": [3]}]}), encoding="utf-8")
    (run / "tables" / "figures.json").write_text(json.dumps({"收入总计": total}), encoding="utf-8")
    (run / "tables" / "summary.csv").write_text("line,收入项目,收入金额\n9,收入总计,1.00\n", encoding="utf-8")
    (run / "report.html").write_text("x", encoding="utf-8")
    return {"slug": slug, "year": year, "department": "甲局", "key": "ab" * 32, "status": "ok", "seconds": 1.0,
            "report": str(run / "report.html")}


def test_a_run_is_recorded_once_and_last_year_is_read_back(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    result = _run_folder(tmp_path, "jia", 2023, "1234500.00")
    assert record(path, result) == record(path, result) == 5   # 1 document, finding, figure, 2 cells; again: replaced
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*) from findings").fetchone()[0] == 1
    assert con.execute("select value from table_cells where col = '收入金额'").fetchone()[0] == "1.00"
    con.close()
    assert last_year(path, "甲局", 2024) == {"收入总计": "1234500.000000", "source": "jia.txt"}
    assert last_year(path, "甲局", 2023) is None and last_year(tmp_path / "none.duckdb", "甲局", 2024) is None
    assert columns("figures") == ["run_id", "department", "year", "item", "yuan"]


def test_a_renamed_rule_keeps_its_history_under_its_current_id(tmp_path, monkeypatch):
    from audithelpers.reconcile.registry import ALIASES
    from audithelpers.report.district import read

    path = tmp_path / "warehouse.duckdb"
    record(path, _run_folder(tmp_path, "jia", 2023, "1.00"))            # recorded as format.placeholder
    monkeypatch.setitem(ALIASES, "format.placeholder", "format.template_leftover")   # the rule renamed since
    record(path, _run_folder(tmp_path, "yi", 2024, "1.00"))             # a later run's findings.json, old id
    assert sorted(read(path).findings["rule"]) == ["format.template_leftover"] * 2


def test_check_reads_last_year_from_a_warehouse(tmp_path, capsys):
    from audithelpers.generate.district import department_years
    from audithelpers.report.portfolio import key_amounts
    from helpers import ingest_lines

    (_, first), (b, second) = department_years(7, 2, "万元")
    figures = key_amounts(ingest_lines(first.split("\n")))
    result = _run_folder(tmp_path, "jia", b.year - 1, str(float(figures["收入总计"]) + 50000))
    result["department"] = b.dept
    record(tmp_path / "w.duckdb", result)
    doc = tmp_path / "second.txt"
    doc.write_text(second, encoding="utf-8")
    assert main(["check", str(doc), "--warehouse", str(tmp_path / "w.duckdb"), "--format", "json"]) == 0
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "history.prior_year"]
    assert len(found) == 1 and "jia.txt" in found[0]["message"]
    assert main(["check", str(doc), "--warehouse", str(tmp_path / "none.duckdb")]) == 2


def test_a_batch_runs_a_department_s_years_in_order(tmp_path, monkeypatch):
    from audithelpers.generate.district import write_district

    write_district(2, tmp_path / "gen", years=2, unit="万元")
    order = []

    def fake(task, *_limits):
        order.append((task.department, task.year))
        return {**task.__dict__, "status": "failed", "exit": 1, "reason": "fake", "seconds": 0.0}

    monkeypatch.setattr(batch_module, "run_task", fake)
    run_batch([tmp_path / "gen" / "params"], Batch(tmp_path / "out", workers=2), stream=open("/dev/null", "w"))
    assert len(order) == 4 and len({d for d, _ in order}) == 2
    for department in {d for d, _ in order}:   # each department's years earliest first
        years = [y for d, y in order if d == department]
        assert years == sorted(years) and len(years) == 2
