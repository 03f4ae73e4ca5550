"""completeness: required tables and narrative items, contents against body, empty tables."""
from __future__ import annotations

from typing import Iterator
import re

from ..ingest.kinds import BY_ID, classify_title, title_core
from ..model import Table
from .context import Context
from .registry import Issue, rule

_SAYS_EMPTY = re.compile(r"(无数据|没有.{0,12}(支出|收入|经费|预算)|未安排|不涉及|为空|空表|无此项|无相关)")


def _listed(ctx: Context) -> dict[str, int]:
    return {e.kind: e.line for e in ctx.disclosure.contents if e.kind}


def _required_kinds(ctx: Context) -> list[str]:
    """The tables the region's rules require of this kind of document (budget or final accounts)."""
    return ctx.required.get("final_tables" if ctx.disclosure.document_kind == "final" else "tables", [])


@rule("completeness.required_table", "error", "公开规则要求的表缺失（预算九张表或决算九张表）",
      "a table the disclosure rules require is missing (the budget's or the final accounts' tables)")
def required_table(ctx: Context) -> Iterator[Issue]:
    present = set(ctx.disclosure.kinds)
    listed = _listed(ctx)
    if ctx.disclosure.document_kind == "unclear":
        yield Issue("本文件是预算还是决算不明：应有哪些表无从确定，表的完整性未核对",
                    [], expected="部门预算或部门决算", actual="预算还是决算不明", severity="info")
        return
    if not ctx.disclosure.tables:
        yield Issue("文件中没有表（可能另行发布），各表的完整性与表间核对未进行，仅核对了说明文字",
                    [], expected="公开表", actual="未提供", severity="info")
        return
    missing = [kind for kind in _required_kinds(ctx) if kind not in present]
    unread, named = not_read(ctx), {kind: _named_in_body(ctx, kind) for kind in missing}
    for kind in missing:
        if unread or named[kind]:
            continue   # printed perhaps, but not read: said once below, never blamed on the document
        where = f"（目录第 {listed[kind]} 行列出，正文未见）" if kind in listed else "（目录与正文均未见）"
        yield Issue(f"缺少{BY_ID[kind].label}{where}", [listed.get(kind, 0)],
                    expected=BY_ID[kind].label, actual="缺失")
    unchecked = [kind for kind in missing if unread or named[kind]]
    if unchecked:
        ctx.not_checked[ctx.rule] = len(unchecked)
        yield _not_read_issue(ctx, unchecked, unread, named)


def not_read(ctx: Context) -> list[Table]:
    """Tables printed in the body that were not read: of no known kind, or whose columns could not be mapped."""
    return [t for t in ctx.disclosure.tables if t.kind == "unknown" or t.layout == "positional" and not t.empty]


def _titles_in_body(ctx: Context) -> dict[str, list[int]]:
    """By kind, the lines of the body outside the contents and the tables read whose short text names a table of
    that kind (a title the reader did not take for one); read once per document."""
    if "titles_in_body" not in ctx.memo:
        start = max((e.line for e in ctx.disclosure.contents), default=0)
        inside = {n for t in ctx.disclosure.tables if t.kind != "unknown" for n in range(t.first_line, t.last_line + 1)}
        norm, found = ctx.disclosure.source.norm, dict[str, list[int]]()
        for n in range(start + 1, len(norm) + 1):
            text = norm[n - 1].strip()
            if n in inside or not 4 <= len(text) <= 40 or text.endswith(("。", "；", ";")) or "\t" in norm[n - 1]:
                continue
            kind = classify_title(text, ctx.disclosure.department)
            if kind:
                found.setdefault(kind, []).append(n)
        ctx.memo["titles_in_body"] = found
    titles: dict[str, list[int]] = ctx.memo["titles_in_body"]
    return titles


def _named_in_body(ctx: Context, kind: str) -> list[int]:
    return _titles_in_body(ctx).get(kind, [])


def _not_read_issue(ctx: Context, kinds: list[str], unread: list[Table], named: dict[str, list[int]]) -> Issue:
    """One info for the document: the required tables whose presence could not be decided, and why."""
    pages = sorted({p for t in unread for p in [ctx.page(t.first_line)] if p is not None}) if ctx.paged else []
    where = f"第 {'、'.join(map(str, pages[:8]))} 页" if pages else \
        f"第 {'、'.join(str(t.first_line) for t in unread[:8])} 行"
    why = [f"{len(unread)} 张表已印出但未能读懂（{where}；种类无法确定或栏目无法对应）"] if unread else []
    titled = sorted({n for k in kinds for n in named[k]})
    if titled:
        why.append(f"正文第 {'、'.join(map(str, titled[:8]))} 行印有表名而其表未能读出")
    labels = "、".join(BY_ID[k].label for k in kinds)
    return Issue(f"{'；'.join(why)}：{labels}是否齐备未能核对（未核对，不作缺失处理），请人工核对",
                 [*(t.first_line for t in unread), *titled], expected="可读出的表", actual="未能读出",
                 severity="info")


def _section_present(ctx: Context, entry_text: str) -> bool:
    """A contents entry may name a narrative section (e.g. 项目经费情况说明) rather than a table."""
    core = title_core(entry_text)
    return any(title_core(h.text).endswith(core) for h in ctx.disclosure.headings)


@rule("completeness.contents_missing", "error", "目录列出的表在正文中缺失",
      "a table listed in the contents is missing from the body")
def contents_missing(ctx: Context) -> Iterator[Issue]:
    if not ctx.disclosure.tables:   # the tables published apart: said once by required_table, not checked here
        return
    present = set(ctx.disclosure.kinds)
    required = set(_required_kinds(ctx))
    if not_read(ctx):
        return   # a table listed but not found may be one of those not read: required_table says so, once
    for entry in ctx.disclosure.contents:
        if entry.kind and entry.kind not in present and entry.kind not in required \
                and not _section_present(ctx, entry.text) and not _named_in_body(ctx, entry.kind):
            yield Issue(f"目录列出「{entry.text}」，正文中没有这张表", [entry.line],
                        expected=entry.text, actual="缺失")


@rule("completeness.not_in_contents", "info", "正文中的表未列入目录",
      "a table in the body is not listed in the contents")
def not_in_contents(ctx: Context) -> Iterator[Issue]:
    if not ctx.disclosure.contents:
        return
    listed = _listed(ctx)
    missing = [t for t in ctx.disclosure.tables if t.kind not in ("unknown", "units") and t.kind not in listed]
    if missing:   # one note for the document: a contents page often names tables in other words
        yield Issue(f"正文中有 {len(missing)} 张表未在目录中找到对应条目："
                    + "、".join(f"「{t.title}」" for t in missing[:6]) + ("等" if len(missing) > 6 else ""),
                    [t.title_line for t in missing], expected="目录列出", actual="未列出")


@rule("completeness.unknown_table", "info", "无法识别的表（已保留，未参与核对）",
      "a table of no known kind: kept, not checked")
def unknown_table(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables("unknown"):   # of columns read (text laid out in columns is no table to report)
        title = table.title or "（无标题）"
        yield Issue(f"第 {table.first_line}-{table.last_line} 行的表「{title}」无法归入标准表种，未参与核对",
                    [table.first_line])


@rule("completeness.kind_disagrees", "info", "表的标题与其结构（表头、科目编码）指向不同的表种，按标题读取，请人工核对",
      "a table's title names one kind and its structure (header labels, codes) another; read by its title",
      example=("一般公共预算支出预算表（其下为 301/302 经济科目与人员经费、公用经费栏）", "一般公共预算基本支出表"))
def kind_disagrees(ctx: Context) -> Iterator[Issue]:
    """Said once for the document, citing every such table's title."""
    odd = [t for t in ctx.disclosure.tables if t.structure_kind]
    if odd:
        shown = "；".join(f"「{t.title}」的结构是{BY_ID[t.structure_kind].label}" for t in odd[:4] if t.structure_kind)
        yield Issue(f"{len(odd)} 张表的标题与结构不一致（按标题读取）：{shown}" + ("等" if len(odd) > 4 else ""),
                    [t.title_line for t in odd], expected="标题与结构一致", actual="不一致")


@rule("completeness.table_not_understood", "info", "表的栏目无法对应到该表种的标准表式，未做金额核对",
      "a table's columns could not be mapped to its kind's layout; its amounts were not checked")
def table_not_understood(ctx: Context) -> Iterator[Issue]:
    for table in ctx.disclosure.tables:
        if table.layout == "positional" and table.kind != "unknown" and not table.empty:
            yield Issue(f"「{table.title or BY_ID[table.kind].label}」的栏目未能识别（表头与{BY_ID[table.kind].label}的"
                        f"标准栏目对不上），此表未做金额核对", [table.title_line],
                        expected="可识别的表头", actual="未能识别")


_SUBJECTS = {"fund_budget": "政府性基金", "state_capital": "国有资本经营", "three_public": "三公",
             "general_budget": "一般公共预算", "basic_expenditure": "一般公共预算",
             "operating_cost": "机关运行经费", "procurement": "政府采购", "purchase_service": "购买服务"}
_NONE = re.compile(r"无|没有|未安排|不涉及|为零|为\s*0(?:\.0+)?(?![\d.])")
#: An amount of 0 (not 10 万元), however spaced: it says why a table is empty unless it is a revenue line
#: ("政府性基金预算拨款收入 0 万元" tells what came in, not that nothing is spent).
_ZERO = re.compile(r"(?<![\d.,])0(?:\.0+)?\s*(?:万元|元)")
#: A cell holding a figure (the table's layout may not have been read: a targets table's 年度金额).
_FIGURE = re.compile(r"^\s*-?\d[\d,]*[.,]\d+\s*$")


def _explained(ctx: Context, table: Table) -> bool:
    """The text says the table's subject has no money this year ("本部门无政府性基金预算拨款")."""
    subject = _SUBJECTS.get(table.kind)
    if subject is None:
        return False
    for para in ctx.disclosure.paragraphs:
        for sentence in re.split(r"[。；;]", para.text):
            if subject in sentence and (_NONE.search(sentence) or (_ZERO.search(sentence) and "收入" not in sentence)):
                return True
    return False


def _holds_figures(ctx: Context, table: Table) -> bool:
    """A cell of the table's lines holds a figure other than 0, read into its columns or not."""
    for text in ctx.disclosure.source.norm[table.first_line - 1:table.last_line]:
        for cell in text.split("\t") if "\t" in text else ():
            if _FIGURE.match(cell) and re.sub(r"[0.,\s-]", "", cell):
                return True
    return False


@rule("completeness.empty_without_note", "warning", "空表没有说明原因",
      "an empty table carries no note saying why it is empty")
def empty_without_note(ctx: Context) -> Iterator[Issue]:
    for table in ctx.disclosure.tables:
        if table.kind in {"unknown", "units", "dept_performance", "project_performance"} or not table.empty \
                or _holds_figures(ctx, table):
            continue
        if not any(_SAYS_EMPTY.search(text) for _, text in table.notes) and not _explained(ctx, table):
            yield Issue(f"「{table.title}」没有数据，也没有说明为何为空", [table.title_line],
                        expected="空表附说明", actual="无说明")


@rule("completeness.note_contradicts_table", "warning", "说明称表为空，但表中有数（模板说明未删）",
      "a note says the table is empty while it holds figures (a template note left in)",
      example=("注：我单位没有“三公”经费支出，故此表无数据。（表中列有 2.18 万元）",
               "注：本表反映本部门“三公”经费预算情况。"))
def note_contradicts_table(ctx: Context) -> Iterator[Issue]:
    for table in ctx.disclosure.tables:
        if table.empty:
            continue
        for line, text in table.notes:
            if re.search(r"(无数据|此表为空|故此表无|本表无数据|空表)", text):
                yield Issue(f"「{table.title}」的说明称无数据，但表中列有金额", [table.title_line, line],
                            expected="说明与表一致", actual="说明称无数据")


@rule("completeness.narrative_item", "warning", "情况说明缺少规定事项",
      "the explanatory text lacks an item the disclosure rules require")
def narrative_item(ctx: Context) -> Iterator[Issue]:
    text = "\n".join([p.text for p in ctx.disclosure.paragraphs] + [h.text for h in ctx.disclosure.headings]
                     + [t.title for t in ctx.disclosure.tables])   # a published table states the item too
    for item, keywords in ctx.required.get("narrative", {}).items():
        if not any(k in text for k in keywords):
            yield Issue(f"情况说明中未见「{item}」的说明", [], expected=item, actual="缺失")
