"""Table regions to typed tables: header, canonical columns, Decimal amounts, codes."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import finals, layouts, structure
from ..amounts import Unparsed, find_unit, parse_amount
from ..model import PerformanceFields, Table
from ..read.text import Source
from .segment import META, NOTE, Region, is_table_line

_DECIMAL_CELL = re.compile(r"^\(?-?[\d,]*\d\.\d+\)?$|^\(?-?\d+(?:,\d{3})+\)?$")
_CODE_CELL = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_TOTAL = {"合计", "总计", "小计"}
_LABEL_UNIT = re.compile(r"\((亿元|万元|元)\)")
_DEPT = re.compile(r"^\s*(?:部门名称|单位名称|编制单位|编制部门|预算单位|预算部门|部门\(单位\)名称|部门)"
                   r"\s*[:：]?\s*(.+?)\s*"
                   r"(?:(?:金额)?单位\s*[:：].*)?$")


def split_cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split("\t")]


#: A performance indicator's nature (指标性质) as a cell: a comparison sign, 定性 or 定量. A header label is
#: never one, so a row holding one is a data row (an indicator's row, its target beside it).
_INDICATOR_NATURE = frozenset({"≥", "≤", "=", "＝", ">", "<", "＞", "＜", "≠", "定性", "定量"})


def _is_data_row(cells: list[str], first: bool) -> bool:
    if any(_DECIMAL_CELL.match(c.replace(" ", "")) for c in cells):
        return True
    if any(c.replace(" ", "") in _INDICATOR_NATURE for c in cells):
        return True
    if cells and _CODE_CELL.match(cells[0]):
        return True
    texts = [re.sub(r"\s+", "", c).rstrip(":") for c in cells if c.strip()]
    if not texts or texts[0] not in {"合计", "总计"}:
        return False
    # a total row carries numbers or nothing; a header row that starts with 合计 carries labels
    return not first and all(_DECIMAL_CELL.match(t) or t.replace(",", "").isdigit() for t in texts[1:])


_INDEX_CELL = re.compile(r"^(?:\*+|\d{1,2}|栏次|行次|[A-Za-z]|甲|乙|丙|丁)$")


def _mostly_text(cells: list[str]) -> bool:
    """A column most of whose filled cells are words, not figures (a name or target column)."""
    filled = [c for c in cells if c.strip() and parse_amount(c) is not None]
    words = [c for c in filled if not isinstance(parse_amount(c), Decimal)]
    return len(filled) >= 2 and len(words) * 2 > len(filled)


def _is_index_row(cells: list[str]) -> bool:
    """A row of column numbers ("栏次 1 2 3", "** 1 2 3"): neither header labels nor data."""
    filled = [re.sub(r"\s", "", c) for c in cells if c.strip()]
    return len(filled) >= 3 and all(_INDEX_CELL.match(c) for c in filled) and any(c.isdigit() for c in filled)


def _function_code(row: dict) -> str:
    """类/款/项 cells (or one code cell) joined; a one-digit 款 or 项 is read as 0N."""
    if row.get("类"):
        if not str(row["类"]).isdigit():
            return ""
        parts = [row.get("类", "")] + [p.zfill(2) if p.isdigit() else p
                                      for p in (row.get("款", ""), row.get("项", "")) if p]
        return "".join(p for p in parts if p)
    code = row.get("科目编码", "") or ""
    return code if code.isdigit() else ""


def _level(code: str, name: str, unit_code: str, label_is_total: bool = False) -> str:
    digits = re.sub(r"\D", "", code)
    if digits and len(digits) == len(code):
        return {3: "类", 5: "款", 7: "项"}.get(len(digits), "")
    if re.sub(r"\s+", "", name).rstrip(":") in _TOTAL or label_is_total:
        return "合计"
    if unit_code:
        return "单位"
    return ""


_DECIMAL = re.compile(r"^-?[\d,]*\d\.\d+$")


def _first_amount(cells: list[str]) -> int | None:
    return next((i for i, c in enumerate(cells) if _DECIMAL.match(c.strip())), None)


def _realigned(rows: list[tuple[int, list[str]]], pages: tuple[int, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a table that runs over several pages, each in the first page's columns.

    Some PDFs print a margin column on a table's first page only: there every row's first cell is
    empty. On a later page a row whose first amount stands one cell left of where the first page's
    rows have theirs (and whose last cell is empty) is the same row one column to the left: it moves
    one cell right. A row whose amounts are in place but whose first cell is filled and second empty
    has its code in the margin: it moves into the second cell. Other rows are left as they are."""
    if not pages or len(rows) < 2:
        return rows
    page = [pages[n - 1] if 0 < n <= len(pages) else 0 for n, _ in rows]
    first = [cells for (_, cells), p in zip(rows, page, strict=True) if p == page[0]]
    starts = [i for i in map(_first_amount, first) if i is not None]
    if not starts or not all(c and not c[0] for c in first) or len(first) == len(rows):
        return rows
    ref = max(sorted(set(starts)), key=starts.count)
    out = []
    for (n, cells), p in zip(rows, page, strict=True):
        at = _first_amount(cells)
        if p != page[0] and cells and cells[0] and at == ref - 1 and not cells[-1]:
            cells = ["", *cells[:-1]]
        elif p != page[0] and len(cells) > 1 and cells[0] and not cells[1] and at == ref:
            cells = ["", cells[0], *cells[2:]]
        out.append((n, cells))
    return out


def _without_empty_columns(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """The rows without the leading columns that are empty in every row, header included (a
    frame's margin column): they hold nothing and shift the layout. An empty column further
    right is kept: it may be a real column whose header label the extraction moved."""
    lead = 0
    while rows and all(lead < len(cells) and not cells[lead] for _, cells in rows):
        lead += 1
    rows = [(n, cells[lead:]) for n, cells in rows] if lead else rows
    return _without_margin_total(rows)


def _without_margin_total(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """A leading column empty but for the grand-total row's label ("合 计" printed in the frame's
    margin, the label cells beside it empty): the label moves into the next cell and the column goes."""
    filled = [(n, cells) for n, cells in rows if cells and cells[0]]
    if not filled or len(filled) > 2 or not all(
            re.sub(r"\s+", "", cells[0]) in _TOTAL and len(cells) > 2 and not cells[1] for _, cells in filled):
        return rows
    return [(n, [cells[0], *cells[2:]] if cells and cells[0] else cells[1:]) for n, cells in rows]


@dataclass
class _RegionLines:
    """A region's lines sorted out: unit and department lines, notes, and the rows of cells."""

    unit: str | None = None
    unit_line: int | None = None
    dept: str | None = None
    dept_line: int | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _read_lines(source: Source, region: Region) -> _RegionLines:
    """Notes, unit and department lines, and the rows (a unit printed in the first rows counts too)."""
    norm = source.norm
    out = _RegionLines()
    for number in region.lines:
        text = norm[number - 1].strip()
        if NOTE.match(text) or (out.notes and not is_table_line(norm[number - 1]) and not META.match(text)):
            out.notes.append((number, source.line(number).strip()))
            continue
        if not is_table_line(norm[number - 1]) and META.match(text):
            found = find_unit(text)
            if found and out.unit is None:
                out.unit, out.unit_line = found, number
            match = _DEPT.match(text)
            if match and out.dept is None:
                out.dept, out.dept_line = match.group(1), number
            continue
        cells = split_cells(norm[number - 1])
        if out.unit is None and len(out.rows) < 2:
            found = next((find_unit(c) for c in cells if find_unit(c)), None)
            if found:
                out.unit, out.unit_line = found, number
        out.rows.append((number, cells))
    return out


def _header_and_data(rows: list[tuple[int, list[str]]], key_value: bool
                     ) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    """The header rows (until the first data row) and the data rows (a header repeated after a page break
    is dropped); a key-value table has no header."""
    header: list[tuple[int, list[str]]] = []
    data: list[tuple[int, list[str]]] = []
    header_keys: set[str] = set()
    for number, cells in rows:
        if not key_value and not data and not _is_data_row(cells, first=not header):
            header.append((number, cells))
            header_keys.add("|".join(re.sub(r"\s", "", c) for c in cells))
        elif data and "|".join(re.sub(r"\s", "", c) for c in cells) in header_keys:
            continue   # the header repeated where the table goes on over a page
        else:
            data.append((number, cells))
    return header, data


def _records(names: list[str], data: list[tuple[int, list[str]]], width: int, performance: set[int]
             ) -> tuple[list[dict], list[tuple[int, str, str]], list[str]]:
    """One record a data row (amount columns parsed), the cells that did not parse, the amount columns.
    ``performance``: the positions under a performance label (targets, indicators and their values)."""
    records = []
    unparsed: list[tuple[int, str, str]] = []
    text_cols = [n for k, n in enumerate(names) if n in layouts.TEXT_COLUMNS or "指标" in n or n.startswith("列")
                 or k in performance or _mostly_text([cells[k] for _, cells in data if k < len(cells)])]
    amount_cols = [n for n in names if n not in text_cols]
    for number, cells in data:
        cells = (cells + [""] * width)[:width]
        record: dict = {"line": number}
        for name, cell in zip(names, cells, strict=False):
            if name in amount_cols:
                value = parse_amount(cell)
                if isinstance(value, Unparsed):
                    unparsed.append((number, name, str(value)))
                    value = None
                record[name] = value
            else:
                record[name] = cell
        records.append(record)
    return records, unparsed, amount_cols


def _code_columns(records: list[dict], names: list[str], kind: str) -> list[str]:
    """Add the economic code made of 经济类+经济款, or a function table's code and level, to the records;
    returns the table's columns."""
    columns = ["line", *names]
    if "经济类" in names and "部门经济分类编码" not in names:
        for record in records:
            kind_cell, item = str(record.get("经济类", "")), str(record.get("经济款", ""))
            record["部门经济分类编码"] = (kind_cell + (item.zfill(2) if item.isdigit() else item)
                                     if kind_cell.isdigit() else kind_cell)
        columns = ["line", "部门经济分类编码", *names]
    if any(c in names for c in ("类", "科目编码")) and kind not in {"basic_expenditure", "economic_summary",
                                                                "final_basic"}:
        for record in records:
            record["code"] = code = _function_code(record)
            record["level"] = _level(code, record.get("科目名称", ""), record.get("单位代码", ""),
                                     re.sub(r"\s+", "", str(record.get("类", ""))) in _TOTAL)
        columns = ["line", "code", "level", *names]
    return columns


def build_table(source: Source, region: Region) -> Table:
    """Parse one table region."""
    lines = _read_lines(source, region)
    unit, dept, dept_line = lines.unit, lines.dept, lines.dept_line
    rows = [(n, cells) for n, cells in lines.rows if not _is_index_row(cells)]
    rows = _without_empty_columns(_realigned(rows, source.pages))
    key_value = region.kind == "dept_performance"
    header, data = _header_and_data(rows, key_value)
    kind, kind_by, other = structure.confirmed(region.kind, [c for _, c in header], [c for _, c in data])
    width = max([len(c) for _, c in data] + [len(c) for _, c in header] + [1])
    while width > 1 and all(len(c) < width or not c[width - 1] for _, c in rows):
        width -= 1   # trailing columns empty in every row are tab noise
    header_cells = [cells for _, cells in header]
    if key_value:
        names, how = [f"列{n + 1}" for n in range(width)], "key-value"
    else:
        names, how = layouts.resolve(kind, header_cells, width)
    if kind == "final_basic" and finals.side_by_side(names):
        names, how, data, width = list(finals.BASIC), "header", finals.stacked(data), 3
    records, unparsed, amount_cols = _records(names, data, width, layouts.performance_columns(header_cells, width))
    columns = _code_columns(records, names, kind)
    sums = layouts.header_sums(header_cells, width, names, amount_cols) if how == "header" else []
    performance = None
    if key_value:
        performance = _performance_fields(data)
        if unit is None:   # "部门预算总额(万元)": the unit printed in a label
            label_unit = next((m for _, cells in data for c in cells for m in [_LABEL_UNIT.search(c)] if m), None)
            unit = label_unit.group(1) if label_unit else None
    if dept is None and performance is not None and performance.department:
        dept, dept_line = performance.department, performance.department_line
    return Table(kind=kind, title=region.title or "", title_line=region.title_line or region.lines[0],
                 first_line=region.title_line or region.lines[0], last_line=region.lines[-1],
                 unit=unit, unit_line=lines.unit_line, department=dept, department_line=dept_line,
                 header=header, columns=columns, records=records, notes=lines.notes, layout=how,
                 amount_columns=amount_cols, unparsed=unparsed, width=width, sums=sums, performance=performance,
                 kind_by=kind_by, structure_kind=other)


def _performance_fields(rows: list[tuple[int, list[str]]]) -> PerformanceFields:
    """Department name and budget figures of an overall performance-target table."""
    out: dict = {}
    wanted = {"预算总额": "budget_total", "基本支出": "basic", "项目支出": "project",
              "政府预算资金": "government_funds"}
    for number, cells in rows:
        label = re.sub(r"\s+", "", "".join(cells[:2]))
        if "名称" in label and "department" not in out:
            value = next((c for c in cells[1:] if c), None)
            if value:
                out["department"], out["department_line"] = value, number
        for key, out_key in wanted.items():
            if key in label and out_key not in out:
                amount = next((parse_amount(c) for c in reversed(cells)
                               if isinstance(parse_amount(c), Decimal)), None)
                if amount is not None:
                    out[out_key] = (amount, number)
    return PerformanceFields(**out)
