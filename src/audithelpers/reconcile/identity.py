"""identity: department name, budget type, year and unit consistent throughout."""
from __future__ import annotations

from typing import Iterator
import difflib
import re

from ..model import Disclosure
from ..reference import name_key
from .context import Context
from .registry import Issue, rule

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
#: A year that names the budget a title is of: "2021年部门收入预算表", "2021年度一般公共预算…" (the year, then the
#: budget or the table it names, within one clause), "…绩效目标表（2021年度）"; not a project's history
#: ("自2022年起", "2025年合同尾款").
_OWN_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?(?=[^。；;，,:：]{0,40}?(?:预算|决算|表))"
                       r"|[（(]\s*((?:19|20)\d{2})\s*年度?\s*[)）]\s*$")
#: The year a recognised table's lead sentence opens with: "2026年，本部门重点项目绩效目标情况如下：".
_LEAD_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年度?\s*[,，]")


def _title_years(title: str, recognised: bool) -> list[str]:
    """The years a table title gives as the budget's own; none when the "title" is prose (a sentence of a
    performance table's cell taken for a title: longer than a title, or with a sentence's stop)."""
    if len(title) > 60 or re.search(r"[。；;]", title):
        return []
    years = [m.group(1) or m.group(2) for m in _OWN_YEAR.finditer(title)]
    lead = _LEAD_YEAR.match(title) if recognised else None
    return ([lead.group(1)] if lead else []) + years   # the comma keeps a lead's year out of _OWN_YEAR's


def _misprint(name: str, expected: str) -> bool:
    """The same name with a character or two wrong ("新海市…" for "新乡市…"), not a longer or shorter name.

    A name that contains the other ("…（本级）", "…部门") names a part or the whole, not a misprint.
    """
    if name in expected or expected in name or abs(len(name) - len(expected)) > 1:
        return False
    if len(name) == len(expected):   # characters replaced in place ("新海市" for "新乡市")
        return sum(a != b for a, b in zip(name, expected, strict=True)) <= 2
    same = sum(block.size for block in difflib.SequenceMatcher(None, name, expected).get_matching_blocks())
    return max(len(name), len(expected)) - same <= 1


@rule("identity.department_name", "error", "部门名称前后不一致",
      "the department's name is misprinted somewhere",
      example=("部门名称：南海市红旗区档案馆（封面：南阳市红旗区档案馆）",
               "部门名称：南阳市红旗区档案馆"))
def department_name(ctx: Context) -> Iterator[Issue]:
    d = ctx.disclosure
    if not d.department:
        return
    expected = name_key(d.department)
    variants: dict[str, list[dict]] = {}
    for place in d.names:
        key = name_key(place["name"])
        if key != expected and _misprint(key, expected):
            variants.setdefault(key, []).append(place)
    for places in variants.values():
        where = "、".join(sorted({p["place"] for p in places}))
        yield Issue(f"{where}中的部门名称「{places[0]['name']}」与封面「{d.department}」不一致",
                    [d.department_line, *(p["line"] for p in places)], expected=d.department,
                    actual=places[0]["name"])


def _cover(d: Disclosure) -> str:
    """The cover's words through its department and year lines, without spaces, and the line that ends a title
    broken before its 预算/决算 ("2026年深圳市财政局(本级)部门预" / "算")."""
    norm = d.source.norm
    end = max(d.year_line or 0, d.department_line or 0)
    text = "".join(norm[:end]).replace(" ", "")
    rest = next((line.strip() for line in norm[end:end + 3] if line.strip()), "")
    if not re.search(r"预算|决算", text) and len(rest) <= 20:
        text += rest.replace(" ", "")
    return text


@rule("identity.budget_type", "warning", "部门预算与单位预算称谓混用",
      "a unit budget calls itself a department budget, or the reverse",
      example=("2023年单位预算收入预算表",
               "2023年部门收入预算表"))
def budget_type(ctx: Context) -> Iterator[Issue]:
    d = ctx.disclosure
    cover = _cover(d)
    own = "单位预算" if "单位预算" in cover else "部门预算" if "部门预算" in cover else None
    if own is None:
        return
    other = "部门预算" if own == "单位预算" else "单位预算"
    titles = [(t.title_line, t.title) for t in d.tables] + [(h.line, h.text) for h in d.headings]
    # "部门预算支出经济分类" names a classification scheme, not the kind of budget
    lines = [line for line, text in titles
             if other in re.sub(r"部门预算(?:支出)?经济分类|部门经济分类", "", text.replace(" ", ""))]
    if lines:
        yield Issue(f"封面称「{own}」，标题中又称「{other}」", [d.year_line, *lines], expected=own, actual=other)


#: A budget's own parts called 决算 (final accounts): "部门预算包括：××本级决算（行政单位）和……决算" (a part
#: followed by its kind in brackets, or a 决算 the budget "includes"); not the work on final accounts a department
#: does ("保障部门决算公开工作", "单位决算编制").
_FINAL_PART = re.compile(r"(?:本级|单位|部门)决算(?=\s*[（(])"
                         r"|预算(?:包括|由)[^。]{0,80}?决算(?!草案|审计|编制|报告)")


@rule("identity.document_type", "warning", "预算文本把自身或其组成称为“决算”（多半沿用了决算文本的句子）",
      "a budget calls itself or its parts final accounts (决算), most likely a sentence copied from a final account",
      example=("从预算单位构成看，本部门预算包括：本级决算（行政单位）。",
               "从预算单位构成看，本部门预算包括：本级预算（行政单位）。"))
def document_type(ctx: Context) -> Iterator[Issue]:
    d = ctx.disclosure
    cover = _cover(d)
    if "预算" not in cover or "决算" in cover:
        return
    for para in d.paragraphs:
        match = _FINAL_PART.search(para.text)
        if match:
            yield Issue(f"预算文本中写「{match.group(0)}」：本文件是预算，其组成不应称为决算",
                        [para.line_at(match.end() - 1)], expected="预算", actual="决算")


@rule("identity.year", "error", "表题或说明中的年度与预算年度不符",
      "a year in a title or the text does not fit the budget year",
      example=("2021年部门收入预算表（2023 年部门预算中）",
               "2023年部门收入预算表"))
def year(ctx: Context) -> Iterator[Issue]:
    d = ctx.disclosure
    if not d.year:
        return
    for table in d.tables:
        for year_text in _title_years(table.title, table.kind != "unknown"):
            if int(year_text) != d.year:
                yield Issue(f"「{table.title}」的年度 {year_text} 与预算年度 {d.year} 不符",
                            [table.title_line], expected=str(d.year), actual=year_text)
    for entry in d.contents:
        for match in _YEAR.finditer(entry.text):
            if entry.kind and int(match.group(1)) != d.year:
                yield Issue(f"目录「{entry.text}」的年度 {match.group(1)} 与预算年度 {d.year} 不符",
                            [entry.line], expected=str(d.year), actual=match.group(1))
    for fact in ctx.facts:
        if fact.compared_year is None:
            continue
        if int(fact.compared_year) not in (d.year - 1, d.year):
            yield Issue(f"与上年比较时写作「{fact.compared_year}年」，预算年度为 {d.year}，上年应为 {d.year - 1}",
                        fact.lines, expected=str(d.year - 1), actual=str(fact.compared_year),
                        severity="warning")


@rule("identity.unit", "info", "表格未声明金额单位，其金额未与其他表和说明核对",
      "a table states no unit: added up within itself, not compared with other tables or the text")
def unit(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if table.kind in {"unknown", "dept_performance"} or table.empty or table.unit:
            continue
        yield Issue(f"「{table.title}」未注明金额单位（元/万元），表内加总已核对，与其他表及说明文字的金额未核对",
                    [table.title_line], expected="单位：元 或 单位：万元", actual="未注明")


@rule("identity.expected", "error", "文件中的部门或年度与参数文件不符",
      "the document's department or year differs from the params file")
def expected(ctx: Context) -> Iterator[Issue]:
    d = ctx.disclosure
    if ctx.expected_department and d.department and name_key(ctx.expected_department) != name_key(d.department):
        yield Issue(f"封面部门为「{d.department}」，参数文件指定「{ctx.expected_department}」",
                    [d.department_line], expected=ctx.expected_department, actual=d.department)
    if ctx.expected_year and d.year and ctx.expected_year != d.year:
        yield Issue(f"封面年度为 {d.year}，参数文件指定 {ctx.expected_year}", [d.year_line],
                    expected=str(ctx.expected_year), actual=str(d.year))


#: A statement of fact as of a date ("截至2025年12月31日，本部门共有车辆5辆").
_AS_OF = re.compile(r"(?:截至|截止|截止到|截止至)\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


def _as_of_window(ctx: Context) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """(earliest, latest) (year, month) an as-of date of this document can bear, and what bounds the latest.

    A budget of year Y reports facts as of Y-1 (or the first weeks of Y) and is published in Y;
    final accounts of Y report as of the end of Y and are published in Y+1. A publication date
    printed on the document bounds the latest date more closely.
    """
    d = ctx.disclosure
    if d.year is None or d.document_kind == "unclear":
        return None
    year = d.year if d.document_kind == "budget" else d.year + 1
    earliest = (d.year - 1, 1) if d.document_kind == "budget" else (d.year, 1)
    if d.date:
        published = tuple(int(p) for p in d.date.split("-")[:2])
        return earliest, (published[0], published[1]), f"文件落款日期 {published[0]}年{published[1]}月"
    kind = "预算" if d.document_kind == "budget" else "决算"
    return earliest, (year, 12), f"{d.year}年度{kind}的公开年份 {year}年"


@rule("identity.date", "warning", "“截至某日”的日期晚于文件公开或不在文件所述年度（多半沿用了往年文本）",
      "an as-of date falls after the document's publication, or before its year (most likely copied from an old text)",
      example=("截至2023年6月30日，本部门共有车辆2辆。（2022年12月公开的 2023 年预算）",
               "截至2022年12月31日，本部门共有车辆2辆。"))
def as_of_date(ctx: Context) -> Iterator[Issue]:
    window = _as_of_window(ctx)
    if window is None:
        return
    earliest, latest, bound = window
    for para in ctx.disclosure.paragraphs:
        for match in _AS_OF.finditer(para.text):
            ctx.tick()
            when = (int(match.group(1)), int(match.group(2)))
            line = para.line_at(match.start())
            if when > latest:
                yield Issue(f"「{match.group(0)}」晚于{bound}", [line], expected=f"不晚于{latest[0]}年{latest[1]}月",
                            actual=match.group(0))
            elif when < earliest:
                yield Issue(f"「{match.group(0)}」早于{ctx.disclosure.year}年度文件所应说明的时点"
                            f"（{earliest[0]}年起），多半沿用了往年文本", [line],
                            expected=f"{earliest[0]}年{earliest[1]}月以后", actual=match.group(0))
