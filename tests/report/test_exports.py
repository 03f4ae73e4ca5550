"""findings.xlsx: one row per finding with its id, place and quoted line; the key figures beside."""
from openpyxl import load_workbook

from audithelpers.ingest.build import ingest
from audithelpers.reconcile import findings_document, reconcile
from audithelpers.report.exports import FINDING_COLUMNS, write_findings_xlsx

from helpers import SEED


def _findings():
    d = ingest(SEED)
    return d, findings_document(d, reconcile(d))["findings"]


def test_one_row_per_finding_with_the_ids_of_findings_json(tmp_path):
    d, findings = _findings()
    book = load_workbook(write_findings_xlsx(d, findings, tmp_path / "findings.xlsx"))
    rows = list(book["发现问题"].iter_rows(values_only=True))
    assert rows[0] == FINDING_COLUMNS
    assert [r[0] for r in rows[1:]] == [f["id"] for f in findings]
    first = next(r for r, f in zip(rows[1:], findings, strict=True) if f["rule"] == "identity.department_name")
    assert first[1] == "错误" and first[5] == SEED.name and first[7].split("、")[0] == "3"
    assert "新乡市" in first[10]   # the cited line, quoted
    figures = list(book["关键数字"].iter_rows(values_only=True))
    assert figures[0] == ("项目", "金额", "出处") and len(figures) > 3


def test_the_same_findings_give_the_same_bytes_at_another_time(tmp_path):
    import time

    d, findings = _findings()
    a = write_findings_xlsx(d, findings, tmp_path / "a.xlsx").read_bytes()
    time.sleep(2.1)   # zip entries record the time to the even second
    b = write_findings_xlsx(d, findings, tmp_path / "b.xlsx").read_bytes()
    assert a == b
