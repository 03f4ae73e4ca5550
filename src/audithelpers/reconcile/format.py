"""format: printing and text hygiene an editor would catch."""
from __future__ import annotations

from typing import Callable, Iterator
import functools
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from ..amounts import decimals
from ..ingest.segment import is_table_line
from ..model import Paragraph, Table
from .context import Context
from .registry import Issue, rule

PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:XX+|xx+|ＸＸ+)(?![A-Za-z])|×{2,}|＊{2,}|\*{3,}"
                         r"|待填写|待补充|待定|请填写|此处填写")
TEMPLATE = re.compile(r"(增加|增长|上升)\s*[(（/]\s*(减少|下降|降低)\s*[)）]?"
                      r"|(减少|下降)\s*[(（/]\s*(增加|增长)\s*[)）]?")
NO_REASON = re.compile(r"(主要)?原因(是|为|在于)?\s*[:：]?\s*(?=[。；;，,]|$)")
DOUBLED = re.compile(r"。。|，，|,,|；；|;;|、、")
PAIRS = (("(", ")"), ("“", "”"), ("《", "》"), ("[", "]"))


#: Tables of amounts (performance-target tables hold targets, counts and rates beside amounts).
AMOUNT_KINDS = frozenset({"summary", "revenue", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
                          "economic_summary", "three_public", "fund_budget", "state_capital", "projects",
                          "fiscal_expenditure", "fiscal_basic", "operating_cost", "procurement", "purchase_service"})


@rule("format.precision", "warning", "金额的小数位数与同表其他数字不同",
      "an amount printed with other decimals than the rest of its table",
      example=("201\t26\t01\t行政运行\t66.110\t66.11",
               "201\t26\t01\t行政运行\t66.11\t66.11"))
def precision(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if table.kind not in AMOUNT_KINDS:
            continue
        cells = [(row["line"], col, row[col]) for row in ctx.rows(table)
                 for col in table.amount_columns if isinstance(row[col], Decimal)]
        if len(cells) < 3:
            continue
        usual, _ = Counter(decimals(v) for _, _, v in cells).most_common(1)[0]
        wrapped = _wrapped_cells(cells, usual)
        odd: dict[int, list[tuple[str, Decimal]]] = {}
        for line, col, value in cells:
            if (line, col) in wrapped:
                continue
            if decimals(value) != usual and not (usual == 2 and decimals(value) == 0 and value == 0):
                odd.setdefault(line, []).append((col, value))
        for line, found in odd.items():   # one finding per printed row
            values = list(dict.fromkeys(str(v) for _, v in found))
            yield Issue(f"{table.title}第 {line} 行「{'、'.join(c for c, _ in found)}」印为 {'、'.join(values)}，"
                        f"同表金额均为 {usual} 位小数", [line], expected=f"{usual} 位小数", actual="、".join(values))


def _wrapped_cells(cells: list[tuple[int, str, Decimal]], usual: int) -> set[tuple[int, str]]:
    """A figure wrapped onto the next line of its cell ("12,437.3" over "6" for 12,437.36, the row's name wrapped
    too): the two pieces, which are one figure, not two of odd precision."""
    at = {(line, col): value for line, col, value in cells}
    out: set[tuple[int, str]] = set()
    for line, col, value in cells:
        rest = at.get((line + 1, col))
        if rest is None or decimals(value) >= usual or decimals(rest) != 0 or rest < 0:
            continue
        joined = Decimal(f"{value}{rest}") if "." in str(value) else None
        if joined is not None and decimals(joined) == usual:
            out |= {(line, col), (line + 1, col)}
    return out


@rule("format.code_digits", "warning", "科目编码的款、项未印成两位数字",
      "a 款 or 项 code not printed as two digits",
      example=("201\t26\t1\t行政运行\t66.11",
               "201\t26\t01\t行政运行\t66.11"))
def code_digits(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        for column in ("款", "项", "经济款"):
            if column not in table.columns:
                continue
            for row in ctx.rows(table):
                cell = str(row.get(column) or "")
                if cell.isdigit() and len(cell) != 2:
                    yield Issue(f"{table.title}第 {row['line']} 行的{column.removeprefix('经济')}级编码印为「{cell}」，"
                                f"应为两位「{cell.zfill(2)}」", [row["line"]], expected=cell.zfill(2), actual=cell)


@rule("format.unparsed", "warning", "无法解析为数字的金额单元格",
      "an amount cell that is not a number",
      example=("201\t26\t01\t行政运行\t66..11",
               "201\t26\t01\t行政运行\t66.11"))
def unparsed(ctx: Context) -> Iterator[Issue]:
    for table in ctx.understood:
        if table.kind not in AMOUNT_KINDS:
            continue
        for line, col, text in table.unparsed:
            if not re.search(r"\d", text):
                continue   # a word in an amount column is a label read into it, not a misprinted figure
            yield Issue(f"{table.title}第 {line} 行「{col}」的内容「{text}」不是数字", [line], actual=text)


def _paragraph_matches(ctx: Context, pattern: re.Pattern[str]) -> Iterator[tuple[Paragraph, re.Match[str]]]:
    """(paragraph, match) for every match of ``pattern`` in the narrative's paragraphs."""
    for para in ctx.disclosure.paragraphs:
        for match in pattern.finditer(para.text):
            yield para, match


def _matches(ctx: Context, pattern: re.Pattern[str]) -> Iterator[tuple[int, str, re.Match[str]]]:
    """(line number, line, match) for every match of ``pattern`` in the document, each counted as a check."""
    for number, text in enumerate(ctx.disclosure.source.norm, 1):
        for match in pattern.finditer(text):
            ctx.tick()
            yield number, text, match


@rule("format.placeholder", "warning", "残留占位符或待填内容",
      "a placeholder or to-be-filled text left in",
      example=("收入减少 39.54 万元，下降 14.38%，主要原因是XX。",
               "收入减少 39.54 万元，下降 14.38%，主要原因是业务工作量变化。"))
def placeholder(ctx: Context) -> Iterator[Issue]:
    for number, _, match in _matches(ctx, PLACEHOLDER):
        yield Issue(f"第 {number} 行有占位符「{match.group(0)}」", [number], actual=match.group(0))


@rule("format.template", "warning", "模板选项未删改（如“增加（减少）”）",
      "a template option left unedited (增加（减少）)",
      example=("收入减少 39.54 万元，主要原因是项目支出增加（减少）。",
               "收入减少 39.54 万元，主要原因是项目支出减少。"))
def template(ctx: Context) -> Iterator[Issue]:
    for number, _, match in _matches(ctx, TEMPLATE):
        yield Issue(f"第 {number} 行保留了模板选项「{match.group(0)}」", [number], actual=match.group(0))


#: Instructions addressed to whoever fills in the template, left in the published text: a bracketed aside telling
#: what to fill in ("（跨年度项目应填报项目期目标）", "（请根据实际情况填写）"), and the templates' own instruction
#: sentences ("…仍保留该表格式，并在本表下方作下述说明").
INSTRUCTION = re.compile(r"[(（][^()（）]{0,30}?(?:应|请|需|须|可)(?:据实|如实|按实际情况|根据实际情况)?"
                         r"(?:填报|填写|填列|补充|删除|修改|说明)[^()（）]{0,30}[)）]"
                         r"|仍保留该表格式|在本表下方作下述说明|(?:本|此)表(?:由|请)[^，。]{0,12}填(?:报|写)")


@rule("format.template_instruction", "warning", "模板中写给填报人的说明未删除（如“（跨年度项目应填报项目期目标）”）",
      "an instruction to whoever fills in the template left in the text",
      example=("项目期目标（2026年1-12月）：（跨年度项目应填报项目期目标）完成古树名木普查。",
               "项目期目标（2026年1-12月）：完成古树名木普查。"))
def template_instruction(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (one template not cleaned), citing every line that keeps an instruction."""
    found = [(number, match.group(0)) for number, _, match in _matches(ctx, INSTRUCTION)]
    if found:
        phrases = "」「".join(dict.fromkeys(text for _, text in found))
        where = "、".join(str(n) for n in dict.fromkeys(n for n, _ in found))
        yield Issue(f"第 {where} 行保留了模板写给填报人的说明「{phrases}」", [n for n, _ in found],
                    expected="删除填报说明", actual=phrases)


@rule("format.missing_reason", "warning", "写了“主要原因”却没有说明原因",
      "“主要原因” with no reason after it",
      example=("收入减少 39.54 万元，下降 14.38%，主要原因是。",
               "收入减少 39.54 万元，下降 14.38%，主要原因是业务工作量变化。"))
def missing_reason(ctx: Context) -> Iterator[Issue]:
    for para, match in _paragraph_matches(ctx, NO_REASON):
        yield Issue(f"「{para.text[max(0, match.start() - 12):match.end() + 1]}」：原因未写明",
                    [para.line_at(match.start())], expected="具体原因", actual="空")


@rule("format.punctuation", "info", "标点重复或段落缺少句号",
      "doubled punctuation, or a paragraph without its full stop",
      example=("机关运行经费支出预算 9.52 万元，主要保障机构正常运转。。",
               "机关运行经费支出预算 9.52 万元，主要保障机构正常运转。"))
def punctuation(ctx: Context) -> Iterator[Issue]:
    for para in ctx.disclosure.paragraphs:
        for match in DOUBLED.finditer(para.text):
            yield Issue(f"重复的标点「{match.group(0)}」", [para.line_at(match.start())], actual=match.group(0))
        text = para.text.rstrip()
        if len(text) >= 15 and not text.endswith(("。", "!", "?", ";", "！", "？", "；", ":", "：")):
            yield Issue(f"段落末尾缺少句号：「…{text[-12:]}」", [para.lines[-1]], expected="。", actual=text[-1])


#: A list marker closed by a half bracket ("1)建立…；2)构建…"): a closer with no opener by design. After
#: punctuation it is one even inside brackets; after a space or a full stop only where no bracket is open.
_LIST_MARKER = re.compile(r"(?:^|[:：;；。，,、])(?:\d{1,2}|[a-zA-Z])$")
_ENUMERATOR = re.compile(r"(?:^|[\s:：;；。，,、.\"“])(?:\d{1,2}|[a-zA-Z])$")
#: Lines within which a bracket opened in one paragraph or table line may close in the next one (a
#: paragraph broken by a page or a table, a cell wrapped onto the next line; blank lines count).
_BRACKET_WINDOW = 12
#: Lines with unpaired marks of one kind beyond which they are one finding for the document (one habit, one root cause).
_BRACKET_HABIT = 3
#: Characters within which two alike unpaired marks are one mark printed with the wrong glyph.
_GLYPH_GAP = 10


@dataclass(frozen=True)
class _Mark:
    """An opening or closing mark left unpaired in its paragraph or table line."""

    line: int
    order: int          # reading order in the document
    pair: int           # index into PAIRS
    opens: bool
    context: str        # the text around it
    glyph: bool = False  # one of two alike marks close together ("“清明“", "”两区”"): a wrong glyph, wherever it is
    whole: bool = False  # in a table cell known to be whole


def _same_line(number: int, _offset: int) -> int:
    return number


def _list_marker(text: str, pos: int, inside: bool) -> bool:
    """The ) at ``pos`` closes a list marker (1) 2) …), inside an open bracket only after punctuation."""
    return bool((_LIST_MARKER if inside else _ENUMERATOR).search(text, max(0, pos - 3), pos))


def _around(text: str, pos: int) -> str:
    return re.sub(r"\s+", " ", text[max(0, pos - 12):pos + 12]).strip()


def _unpaired(text: str, line_at: Callable[[int], int], order: int) -> list[_Mark]:
    """The marks of ``text`` no partner in ``text`` closes or opens (a list marker such as 1) left out)."""
    marks: list[_Mark] = []
    for index, (a, b) in enumerate(PAIRS):
        depth: list[int] = []
        closers: list[int] = []
        for pos, char in enumerate(text):
            if char == a:
                depth.append(pos)
            elif char != b or (b == ")" and _list_marker(text, pos, bool(depth))):
                continue
            elif depth:
                depth.pop()
            else:
                closers.append(pos)
        for opens, found in ((False, closers), (True, depth)):
            alike = {p for x, y in zip(found, found[1:], strict=False) if y - x <= _GLYPH_GAP
                     and not set(text[x + 1:y]) & {a, b} for p in (x, y)}
            marks += [_Mark(line_at(pos), order + pos, index, opens, _around(text, pos), pos in alike)
                      for pos in found]
    return marks


def _pair_up(marks: list[_Mark], window: int | None, opener_first: bool) -> list[_Mark]:
    """The marks left after pairing each leading mark with the next trailing one of its kind within
    ``window`` lines (``opener_first`` False pairs a closer with a later opener: a text layer's order reversed)."""
    waiting: dict[int, list[_Mark]] = {}
    left: list[_Mark] = []
    for mark in sorted(marks, key=lambda m: m.order):
        stack = waiting.setdefault(mark.pair, [])
        while stack and window is not None and mark.line - stack[0].line > window:
            left.append(stack.pop(0))
        if mark.opens == opener_first:
            stack.append(mark)
        elif stack:
            stack.pop()
        else:
            left.append(mark)
    return sorted(left + [m for stack in waiting.values() for m in stack], key=lambda m: m.order)


def _pair_both(marks: list[_Mark], window: int | None) -> list[_Mark]:
    return _pair_up(_pair_up(marks, window, True), window, False)


def _prose_between(ctx: Context) -> set[int]:
    """Lines within a table of prose cells (targets), or between two consecutive tables not of amounts
    with no numbered heading between them: a table's text read as running text (a cell broken by a
    page, a row without its tabs)."""
    tables = sorted(ctx.disclosure.tables, key=lambda t: t.first_line)
    headings = {h.line for h in ctx.disclosure.headings if h.marker}
    lines = {n for t in tables if t.kind not in AMOUNT_KINDS | {"unknown"}
             for n in range(t.first_line, t.last_line + 1)}
    for one, two in zip(tables, tables[1:], strict=False):
        between = set(range(one.last_line + 1, two.first_line + 1))   # the next table's title too
        if not ({one.kind, two.kind} & AMOUNT_KINDS or between & headings):
            lines |= between
    return lines


def _cell_marks(ctx: Context, table: Table) -> Iterator[_Mark]:
    """Unpaired marks of each cell of a table; ``whole`` when the cell is quoted whole ("…"), as a PDF
    printed from a spreadsheet shows a cell of several lines: its text is all there."""
    norm = ctx.disclosure.source.norm
    for number in range(table.first_line, table.last_line + 1):
        if not is_table_line(norm[number - 1]):
            continue
        offset = 0
        at_line = functools.partial(_same_line, number)   # every mark of a cell is on its line
        for cell in norm[number - 1].split("\t"):
            text = cell.strip()
            whole = len(text) > 2 and text[0] == text[-1] == '"'
            for mark in _unpaired(cell, at_line, number * 10_000 + offset):
                yield replace(mark, whole=whole)
            offset += len(cell) + 1


def _bracket_marks(ctx: Context) -> list[_Mark]:
    """Unpaired marks of the narrative and the tables, in reading order. A table's text is not running
    text: its lines' marks pair anywhere in the table (a cell wraps over lines, a PDF's text layer
    reorders cells); then a mark pairs with one in a neighbouring paragraph or table line. In a table of
    prose cells (targets) a cell is cut wherever it wraps: only a wrong glyph is told there."""
    marks: list[_Mark] = []
    prose = _prose_between(ctx)
    for para in ctx.disclosure.paragraphs:
        found = _unpaired(para.text, para.line_at, para.lines[0] * 10_000)
        marks += [m for m in found if m.glyph or not set(para.lines) & prose]
    for table in ctx.understood:
        found = list(_cell_marks(ctx, table))
        if table.kind in AMOUNT_KINDS:
            marks += [m for m in found if m.glyph] + _pair_both([m for m in found if not m.glyph], None)
        else:
            marks += [m for m in found if m.glyph or m.whole]
    glyphs = [m for m in marks if m.glyph]
    return sorted(glyphs + _pair_both([m for m in marks if not m.glyph], _BRACKET_WINDOW), key=lambda m: m.order)


@rule("format.brackets", "warning", "括号或引号不成对",
      "unbalanced brackets or quotes",
      example=("机关运行经费支出预算 9.52 万元，主要保障机构（含下属单位正常运转。",
               "机关运行经费支出预算 9.52 万元，主要保障机构（含下属单位）正常运转。"))
def brackets(ctx: Context) -> Iterator[Issue]:
    by_pair: dict[int, list[_Mark]] = {}
    for mark in _bracket_marks(ctx):
        by_pair.setdefault(mark.pair, []).append(mark)
    for index, marks in by_pair.items():
        pair = "".join(PAIRS[index])
        if len({m.line for m in marks}) > _BRACKET_HABIT:   # one habit of the document, one finding for it
            shown = "；".join(f"「{m.context.strip()}」" for m in marks[:3])
            yield Issue(f"{len(marks)} 处「{pair}」不成对，如{shown}等", sorted({m.line for m in marks}),
                        actual=f"{len(marks)} 处")
            continue
        for mark in {m.line: m for m in reversed(marks)}.values():   # one finding a line ("“十五五“": one typo)
            side = "有开无闭" if mark.opens else "有闭无开"
            yield Issue(f"第 {mark.line} 行「{mark.context.strip()}」中的「{pair}」不成对（{side}）", [mark.line],
                        actual=mark.context.strip())


#: A year standing alone after 其中： ("其中：2026应急保障用车 13 辆").
_STRAY_YEAR = re.compile(r"(?:其中|包括)\s*[:：]\s*((?:19|20)\d{2})(?![年\d])\s*(?!年)[\u4e00-\u9fff]{2,8}")
_YEAR_TYPO = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(度|部门预算|单位预算|部门决算|单位决算)")


@rule("format.year_typo", "warning", "年份后漏写“年”（如“2026 度”“2026 部门预算”）",
      "a year without 年 (2026 度, 2026 部门预算)",
      example=("2023 度一般公共预算基本支出年初预算为 94.54 万元。",
               "2023 年一般公共预算基本支出年初预算为 94.54 万元。"))
def year_typo(ctx: Context) -> Iterator[Issue]:
    for number, _, match in _matches(ctx, _YEAR_TYPO):
        yield Issue(f"第 {number} 行「{match.group(0)}」：年份后漏了“年”", [number],
                    expected=f"{match.group(1)}年{match.group(2)}", actual=match.group(0))
    for number, _, match in _matches(ctx, _STRAY_YEAR):
        yield Issue(f"第 {number} 行「{match.group(0)}」：「{match.group(1)}」后既无“年”也不成词，多半是多余的年份",
                    [number], expected=match.group(0).replace(match.group(1), ""), actual=match.group(0))


#: Words of budget prose that are never written twice in a row ("用于用于", "工作人员人员").
DOUBLED_WORDS = ("用于", "人员", "工作", "企业", "国资", "主要", "进行", "支出", "经费", "预算", "项目", "资金",
                 "单位", "部门", "保障", "安排", "增加", "减少", "其中", "以及", "根据", "按照", "收入", "管理")
DOUBLED_WORDS_PATTERN = re.compile("(" + "|".join(DOUBLED_WORDS) + r")\1")


@rule("format.doubled_word", "warning", "同一词语重复（如“用于用于”）",
      "a word written twice in a row (用于用于)",
      example=("其中：人员人员经费支出 85.02 万元；公用经费支出 9.52 万元。",
               "其中：人员经费支出 85.02 万元；公用经费支出 9.52 万元。"))
def doubled_word(ctx: Context) -> Iterator[Issue]:
    for number, text, match in _matches(ctx, DOUBLED_WORDS_PATTERN):
        yield Issue(f"第 {number} 行「{text[max(0, match.start() - 6):match.end() + 4].strip()}」中「{match.group(1)}」"
                    f"重复", [number], expected=match.group(1), actual=match.group(0))


#: An amount stated as such ("预算数 56,831.85") with no unit after it, before the sentence goes on.
MISSING_UNIT = re.compile(r"(?:预算数|执行数|预算为|决算数|金额|总额|合计|共计|安排)\s*(?:为|是)?\s*"
                          r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,6})?|\d+\.\d{2})"
                          r"(?!\s*(?:万元|元|亿元|%|％|\d|[,.]\d|平方米|人|辆|台|套|项|次|个|家|份|天|户|张|亩|公里|米))"
                          r"\s*(?=[\u4e00-\u9fff，,。；;])")


@rule("format.missing_unit", "warning", "说明中的金额后缺少单位（如“预算数 56,831.85 增加较多”）",
      "an amount in the text has no unit after it",
      example=("本年预算比上年预算数 56,831.85 增加较多。",
               "本年预算比上年预算数 56,831.85 万元增加较多。"))
def missing_unit(ctx: Context) -> Iterator[Issue]:
    for para, match in _paragraph_matches(ctx, MISSING_UNIT):
        yield Issue(f"金额「{match.group('num')}」后没有单位（万元或元），读者无从判断其大小",
                    [para.line_at(match.start("num"))], expected="带单位的金额", actual=match.group("num"))


#: A comparison with last year running straight into an amount ("比上年 12.50 万元"): the verb
#: (增加/减少/持平) between them is missing. An amount followed by its verb ("比上年预算数 4001.82 万元增加
#: 482.85 万元") names the other year's figure and is not matched.
MISSING_VERB = re.compile(r"(?:比|较)(?:上年|上一年|去年|(?:19|20)\d{2}\s*年)度?(?:年初)?(?:预算|执行|决算)?数?\s*"
                          r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?:万元|亿元|元|%|％)"
                          r"(?!\s*[，,]?\s*(?:增|减|下降|上升|提高|降低|持平|相比|相同|基本持平|增长))")


@rule("format.missing_verb", "warning", "比较句缺少谓语（如“比上年 12.50 万元”，漏写“增加”或“减少”）",
      "a comparison runs straight into its amount with no verb (比上年 12.50 万元, 增加 or 减少 left out)",
      example=("2023年机关运行经费比上年 12.50 万元。",
               "2023年机关运行经费比上年增加 12.50 万元。"))
def missing_verb(ctx: Context) -> Iterator[Issue]:
    for para, match in _paragraph_matches(ctx, MISSING_VERB):
        ctx.tick()
        yield Issue(f"「{para.text[max(0, match.start() - 8):match.end() + 2]}」：比较与金额之间缺少“增加”或“减少”",
                    [para.line_at(match.start("num"))], expected="比上年增加（减少）…", actual=match.group(0))
