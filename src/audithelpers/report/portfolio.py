"""The district view of a batch: ``summary.csv`` (one row per department) and ``index.html``
(every department with its status and findings, linked to its report, sortable and filterable,
self-contained like the department reports)."""
from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any

from .render import page

#: The figures compared across departments: (item, table kind, column), a final account's tables standing in.
KEY_CELLS = (("支出合计", "expenditure", "合计"), ("基本支出", "expenditure", "基本支出"),
             ("项目支出", "expenditure", "项目支出"), ("一般公共预算支出", "general_budget", "合计"),
             ("三公经费", "three_public", "合计"), ("三公经费", "final_three_public", "合计/决算数"))


def key_amounts(d) -> dict[str, str]:
    """The department's key figures in yuan (exact decimals as text), for the district view."""
    from ..amounts import UNIT_FACTORS
    from .charts import table_total

    out: dict[str, str] = {}
    summary = d.counterpart("summary")
    for row in summary.records if summary is not None else []:   # the grand total of the income side
        label = "".join(str(row.get("收入项目") or "").split())
        if label in ("收入总计", "总计") and row.get("收入金额") is not None:
            out["收入总计"] = format(row["收入金额"] * UNIT_FACTORS.get(summary.unit or "元", 1), "f")
    for item, kind, column in KEY_CELLS:
        got = table_total(d, kind, column)
        if got is not None and item not in out:
            out[item] = format(got[0] * UNIT_FACTORS.get(got[1], 1), "f")
    return out

COLUMNS = ("department", "year", "kind", "status", "errors", "warnings", "infos", "seconds", "reason", "report",
           "params")
HEADINGS = {"department": "部门", "year": "年度", "kind": "类型", "status": "状态", "errors": "错误",
            "warnings": "警告", "infos": "提示", "seconds": "用时（秒）", "reason": "失败原因", "report": "报告"}
_KIND = {"budget": "预算", "final": "决算", "unclear": "不明"}
_STATUS = {"ok": "完成", "failed": "失败", "timeout": "超时"}


def summary_row(result: dict[str, Any]) -> dict[str, Any]:
    """One department's row: what the batch result says, and its findings by severity from findings.json."""
    row = {c: result.get(c, "") for c in COLUMNS}
    row["errors"] = row["warnings"] = row["infos"] = ""
    row["department"] = row["department"] or f"（{Path(str(result.get('params', ''))).name}）"
    row["year"] = row["year"] or ""
    run = Path(result["report"]).parent if result.get("report") else None
    if run is not None and (run / "findings.json").is_file():
        doc = json.loads((run / "findings.json").read_text(encoding="utf-8"))
        for severity, column in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            row[column] = sum(1 for f in doc["findings"] if f["severity"] == severity)
        row["kind"] = doc.get("document", {}).get("kind", "")
    return row


def write_summary(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


_SCRIPT = """<script>
document.querySelectorAll('th').forEach((th, i) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0], rows = Array.from(body.rows), up = th.dataset.up !== '1';
  rows.sort((a, b) => { const x = a.cells[i].dataset.v || a.cells[i].textContent,
    y = b.cells[i].dataset.v || b.cells[i].textContent, nx = parseFloat(x), ny = parseFloat(y);
    const c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh'); return up ? c : -c; });
  th.dataset.up = up ? '1' : '0'; rows.forEach(r => body.appendChild(r)); }));
document.getElementById('filter').addEventListener('input', e => {
  const q = e.target.value.trim(); document.querySelectorAll('tbody tr').forEach(r =>
    r.style.display = !q || r.textContent.includes(q) ? '' : 'none'); });
</script>"""


def _cell(row: dict[str, Any], column: str, out: Path) -> str:
    value = row.get(column, "")
    if column == "report" and value:
        link = Path(value).resolve().relative_to(out.resolve()) if Path(value).is_absolute() else Path(value)
        return f'<td><a href="{html.escape(link.as_posix())}">打开</a></td>'
    if column == "status":
        word = _STATUS.get(str(value), html.escape(str(value)))
        return f'<td class="{"ok" if value == "ok" else "failed"}">{word}</td>'
    if column == "kind":
        return f"<td>{_KIND.get(str(value), html.escape(str(value)))}</td>"
    return f'<td data-v="{html.escape(str(value))}">{html.escape(str(value))}</td>'


def index_html(rows: list[dict[str, Any]], out: Path, title: str = "部门预决算审核汇总", charts: str = "") -> str:
    """The batch's index.html: a sortable, filterable table of the departments (and the district's charts)."""
    shown = [c for c in COLUMNS if c in HEADINGS]
    failed = sum(1 for r in rows if r["status"] != "ok")
    head = "".join(f"<th>{HEADINGS[c]}</th>" for c in shown)
    body = "\n".join("<tr>" + "".join(_cell(r, c, out) for c in shown) + "</tr>" for r in rows)
    parts = [f"<h1>{html.escape(title)}</h1>",
             f"<p>共 {len(rows)} 个部门：完成 {len(rows) - failed} 个，失败 {failed} 个。点击表头排序；"
             "在下框输入文字筛选。</p>",
             '<p><input id="filter" style="font:inherit" placeholder="筛选（部门、状态、原因…）"></p>',
             f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>",
             *(["<h2>全区概览</h2>", charts] if charts else []), _SCRIPT]
    return page(title, parts, "ok" if not failed else "failed")


def write_index(out: str | Path, title: str = "部门预决算审核汇总", warehouse: str | Path = "",
                run_ids: list[str] | None = None) -> Path:
    """index.html of a batch folder from its summary.csv, with the district charts of the warehouse's runs."""
    from . import district

    out = Path(out)
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    charts = ""
    if warehouse and Path(warehouse).is_file():
        view = district.read(warehouse, run_ids)
        charts = district.charts_html(district.draw(view, out / "charts"))
    path = out / "index.html"
    path.write_text(index_html(rows, out, title, charts), encoding="utf-8")
    return path
