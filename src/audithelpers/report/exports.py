"""exports: findings as a workbook auditors file and filter (findings.xlsx, written with openpyxl).

Sheet 发现问题: one row per finding, with the same id as findings.json and the report, the file,
page and lines it cites and the text of its first line. Sheet 关键数字: the key figures of the
disclosure as the report states them. Written deterministically (fixed workbook properties), so
that the same inputs give the same file.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Disclosure
from ..reconcile.finding import FAMILY_LABEL, SEVERITY_LABEL

FINDING_COLUMNS = ("编号", "严重程度", "类别", "规则", "说明", "文件", "页码", "行号", "应为", "实为", "原文")
FIGURE_COLUMNS = ("项目", "金额", "出处")
#: The fixed creation time written into the workbook (openpyxl would stamp the current time).
_FIXED_TIME = datetime(2000, 1, 1)


def finding_rows(d: Disclosure, findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """One row per finding, in the order of FINDING_COLUMNS."""
    rows = []
    for f in findings:
        lines = list(f.get("lines") or [])
        where = [d.source.where(n) for n in lines]
        files = sorted({Path(path).name for path, _, _ in where})
        pages = sorted({page for _, _, page in where if page})
        quoted = d.source.line(lines[0]).strip() if lines else ""
        rows.append((f.get("id") or f["rule"], SEVERITY_LABEL[f["severity"]], FAMILY_LABEL[f["rule"].split(".")[0]],
                     f["rule"], f["message"], "、".join(files), "、".join(map(str, pages)),
                     "、".join(str(line) for _, line, _ in where), f.get("expected") or "", f.get("actual") or "",
                     quoted))
    return rows


def write_findings_xlsx(d: Disclosure, findings: list[dict[str, Any]], path: str | Path, unit: str = "万元") -> Path:
    """findings.xlsx beside findings.json."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]

    from .narrate import key_figures

    book = Workbook()
    sheet = book.active
    sheet.title = "发现问题"
    _fill(sheet, FINDING_COLUMNS, finding_rows(d, findings), Font, Alignment,
          widths=(28, 8, 10, 26, 60, 24, 8, 12, 14, 14, 60))
    figures = book.create_sheet("关键数字")
    _fill(figures, FIGURE_COLUMNS, key_figures(d, unit), Font, Alignment, widths=(24, 20, 30))
    book.properties.created = book.properties.modified = _FIXED_TIME
    book.properties.creator = "budget-audit"
    path = Path(path)
    book.save(path)
    _fixed_zip_times(path)
    return path


def _fixed_zip_times(path: Path) -> None:
    """Rewrite the workbook with one fixed time: zip stamps each entry with the clock, and openpyxl
    stamps the save time as the document's modified time."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    fixed = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = [(name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + fixed, data)
                if name == "docProps/core.xml" else data) for name, data in entries]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                            compress_type=zipfile.ZIP_DEFLATED)


def _fill(sheet: Any, header: tuple[str, ...], rows: list[tuple[Any, ...]], font: Any, alignment: Any,
          widths: tuple[int, ...]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column, width in zip(sheet.iter_cols(min_row=1, max_row=1), widths, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
