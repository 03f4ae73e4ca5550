"""Ingestion: a read source to a :class:`~audithelpers.model.Disclosure`."""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .facts import extract_facts
from ..model import Disclosure, Table
from ..read.text import Source, read_sources
from .doctype import document_kind
from .segment import CONTENTS, Segments, find_cover, heading_level, segment
from .tables import build_table

CN_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
             "六": "6", "七": "7", "八": "8", "九": "9", "Ｏ": "0", "O": "0", "○": "0"}
#: A year on the cover: 2026年, or a year printed without its 年 before 度 or the document's name (a slip,
#: "…委员会2026 部门预算情况的说明", that format.year_typo reports; the year is still the year).
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|(?=度|(?:部门|单位)?(?:预算|决算)))")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九○O]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月")
_COVER_DEPT = re.compile(r"^\s*(?:预算主管部门|主管部门|部门名称|单位名称|预算单位|编制单位)\s*[:：]\s*(\S.*?)\s*$")
_NAME_SUFFIX = re.compile(r"(\((?:部门|单位)\))?(概况|主要职责|主要职能|机构设置|所属预算单位构成情况"
                          r"|(?:19|20)\d{2}\s*年.*|部门预算.*|单位预算.*)$")


def _cn_month(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + int(CN_DIGITS[text[1]])
    return int(CN_DIGITS[text])


_TITLE_TAIL = re.compile(r"(?:(?:19|20)\d{2}\s*年?度?)?\s*(?:部门|单位)?(?:预算|决算)"
                         r"(?:公开|情况的?说明|编制说明|报告)?.*$"
                         r"|(?:部门|单位)(?:预|决)$")   # a cover title wrapped inside 预算
_TITLE_HEAD = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*年度?)")


def department_of(title: str) -> str:
    """The department named by a cover title: "2026年广州市气象局部门预算" -> "广州市气象局"."""
    name = re.sub(r"\s+", "", title)
    name = _TITLE_HEAD.sub("", name)
    cut = _TITLE_TAIL.sub("", name)
    cut = re.sub(r"(?<=.{4})(?:部门|单位)$", "", cut)   # "北京市教育委员会部门2026年度部门预算"
    if not cut and name != cut:   # "2022 年部门预算表": the title of a tables part names no department
        return ""
    return cut if len(cut) >= 4 else name


_ENDS_WITH_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?\s*$")


def _continues_name(source: Source, out: dict[str, Any], number: int, head: str) -> bool:
    """The words before a cover's year finish the department name of the cover line just above
    (a long name broken over two lines): a short name fragment, no 预算/决算, not the name again."""
    above = out["department_line"]
    if not head or above is None or above >= number or not out["department"] or re.search(r"预算|决算|部门|单位", head):
        return False
    between = range(above, number - 1)
    fragment = re.sub(r"\s+", "", head)
    return (all(not source.norm[n].strip() for n in between) and 2 <= len(fragment) <= 12
            and fragment not in out["department"] and re.fullmatch(r"[\u4e00-\u9fff（）()]+", fragment) is not None)


_OPENS_WITH_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?\s*[^\s度]")


def _wrapped_title(source: Source, cover: list[int], number: int, text: str) -> str:
    """A cover title "YYYY年<name>…预算" broken over two lines, read whole: the line, when it opens with the
    year and a name but has no 预算/决算 yet, joined with the next cover line if that one ends the title
    (a short line that brings 预算/决算, no year, no "label:"): "2026年深圳市应急管理局(本级)部" + "门预算",
    "…(本" + "级)部门预算", "…部门预" + "算"."""
    if not _OPENS_WITH_YEAR.match(text) or re.search(r"预算|决算", text):
        return text
    rest = next((source.norm[n - 1].strip() for n in cover if n > number and source.norm[n - 1].strip()), "")
    joined = text + re.sub(r"\s+", "", rest)
    if len(rest) > 20 or not re.search(r"预算|决算", joined) or re.search(r"(?:19|20)\d{2}|[:：]", rest):
        return text
    return joined


def cover_metadata(source: Source, cover: list[int]) -> dict[str, Any]:
    """Department, year and date from the cover block."""
    out: dict[str, Any] = {"department": None, "department_line": None, "year": None, "year_line": None, "date": None}
    for number in cover:   # an explicit "预算主管部门：X" wins over a name guessed from the title
        match = _COVER_DEPT.match(source.norm[number - 1])
        if match:
            out["department"], out["department_line"] = re.sub(r"\s+", "", match.group(1)), number
            break
    for number in cover:
        text = source.norm[number - 1].strip()
        if CONTENTS.match(text):
            continue
        text = _wrapped_title(source, cover, number, text)
        cn = _CN_DATE.search(text)
        date = _DATE.search(text)
        if cn and out["date"] is None:
            year = "".join(CN_DIGITS[c] for c in cn.group(1))
            out["date"] = f"{year}-{_cn_month(cn.group(2)):02d}"
            continue
        if date and "预算" not in text and out["date"] is None:
            out["date"] = f"{date.group(1)}-{int(date.group(2)):02d}"
            continue
        year_match = _YEAR.search(text)
        if year_match and out["year"] is None and ("预算" in text or len(text) < 12 or _ENDS_WITH_YEAR.search(text)):
            out["year"], out["year_line"] = int(year_match.group(1)), number
            head = re.sub(r"^第[一二三四五六七八九十]+部分\s*", "", text[:year_match.start()]).strip()   # not a name
            name = department_of(head or text) if head or not text.startswith("第") else ""
            if out["department"] is None and len(name) >= 4 and not re.search(r"(?:19|20)\d{2}", name):
                out["department"], out["department_line"] = name, number
            elif _continues_name(source, out, number, head):   # "中共上海市普陀区委" / "社会工作部 2024 年度"
                out["department"] += re.sub(r"\s+", "", head)
            continue
        if out["department"] is None and len(text) >= 4 and not heading_level(text) and len(department_of(text)) >= 4:
            out["department"], out["department_line"] = department_of(text), number
    return out


def _similar(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < 0.7 or matcher.quick_ratio() < 0.7:
        return 0.0
    return matcher.ratio()


def department_names(meta: dict[str, Any], segments: Segments, tables: list[Table]) -> list[dict[str, Any]]:
    """Every place the department's name is printed, as printed."""
    names: list[dict] = []
    dept = meta["department"]
    if dept:
        names.append({"place": "封面", "line": meta["department_line"], "name": dept})
    if not dept:
        return names
    for heading in segments.headings:
        core = re.sub(r"^\s*\S*?(?:部分|、|\)|:)\s*", "", heading.text).strip()
        core = re.sub(r"\s+", "", _NAME_SUFFIX.sub("", core))
        if len(core) >= 4 and _similar(core, dept) >= 0.75:
            names.append({"place": "标题", "line": heading.line, "name": core})
    for para in segments.paragraphs:
        head = re.sub(r"^(?:\d+[.、]|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))", "",
                      re.sub(r"\s+", "", para.text))[:len(dept)]
        # cut at the name's length, a head is a name only if it ends as the name does: "深圳市生态环境监(测站)"
        # is a unit's longer name cut short, not a misprint of 深圳市生态环境局 (one inside is: 新海市…局)
        if head[:2] == dept[:2] and head[-1:] == dept[-1:] and _similar(head, dept) >= 0.8:
            names.append({"place": "正文", "line": para.lines[0], "name": head})
    for table in tables:
        if table.department:
            names.append({"place": f"《{table.title}》表头", "line": table.department_line,
                          "name": re.sub(r"\s+", "", table.department)})
    names.sort(key=lambda n: (n["line"] or 0, n["place"]))
    return names


def ingest_source(source: Source) -> Disclosure:
    """Segment, type the tables and extract the facts of a read source."""
    cover = find_cover(source.norm)
    meta = cover_metadata(source, cover)
    segments = segment(source, meta["department"])
    tables = [build_table(source, region) for region in segments.regions]
    facts = None
    if not any(t.kind != "unknown" for t in tables):
        facts = extract_facts(segments.paragraphs, meta["department"], meta["year"])
        money = [f for f in facts if f.kind == "amount" and f.unit in ("元", "万元", "亿元")]
        if not money or not any("预算" in line or "决算" in line for line in source.norm[:400]):
            raise InputError(source.path, "no budget table and no budget figures were recognised "
                                          "(is this a budget disclosure?)")
    if meta["year"] is None:
        years = [int(m.group(1)) for t in tables for m in [_YEAR.search(t.title)] if m]
        if years:
            meta["year"] = max(set(years), key=years.count)
            meta["year_line"] = next(t.title_line for t in tables if str(meta["year"]) in t.title)
    _without_cover(source, tables, meta)
    if facts is None:
        facts = extract_facts(segments.paragraphs, meta["department"], meta["year"])
    names = department_names(meta, segments, tables)
    kind = document_kind([source.norm[n - 1] for n in cover], [t.title for t in tables if t.title])
    return Disclosure(source=source, department=meta["department"], department_line=meta["department_line"],
                      year=meta["year"], year_line=meta["year_line"], date=meta["date"],
                      contents=segments.contents, headings=segments.headings,
                      paragraphs=segments.paragraphs, tables=tables, fact_records=facts, names=names,
                      document_kind=kind, department_from=meta.get("department_from", "cover"))


_BUDGET_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?(?:预算|决算)")


def _without_cover(source: Source, tables: list[Table], meta: dict[str, Any]) -> None:
    """A disclosure printed without a cover (Beijing's narrative starts with its contents): the department its
    tables name (部门名称：…, the performance table's), and the year its first lines give to the budget
    ("第一部分2026年度部门预算情况说明")."""
    if meta["department"] is None:
        named = [(re.sub(r"\s+", "", t.department), t.department_line) for t in tables if t.department]
        names = [n for n, _ in named]
        if names:
            best = max(dict.fromkeys(names), key=names.count)
            meta["department"], meta["department_line"] = best, next(line for n, line in named if n == best)
            meta["department_from"] = "tables"
    if meta["year"] is None:
        found = next(((n, m) for n in range(1, min(len(source.norm), 60) + 1)
                      for m in [_BUDGET_YEAR.search(source.norm[n - 1])] if m), None)
        if found:
            meta["year"], meta["year_line"] = int(found[1].group(1)), found[0]


def ingest(path: str | Path | list[str | Path] | list[str] | list[Path]) -> Disclosure:
    """Read and ingest a document file, or several files published as one disclosure."""
    paths = list(path) if isinstance(path, (list, tuple)) else [path]
    return ingest_source(read_sources(paths))
