"""format: printing and text hygiene an editor would catch."""
from __future__ import annotations

from typing import Iterator
import re
from collections import Counter
from decimal import Decimal

from ..amounts import decimals
from ..ingest.segment import is_table_line
from ..model import Paragraph
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
        odd: dict[int, list[tuple[str, Decimal]]] = {}
        for line, col, value in cells:
            if decimals(value) != usual and not (usual == 2 and decimals(value) == 0 and value == 0):
                odd.setdefault(line, []).append((col, value))
        for line, found in odd.items():   # one finding per printed row
            values = list(dict.fromkeys(str(v) for _, v in found))
            yield Issue(f"{table.title}第 {line} 行「{'、'.join(c for c, _ in found)}」印为 {'、'.join(values)}，"
                        f"同表金额均为 {usual} 位小数", [line], expected=f"{usual} 位小数", actual="、".join(values))


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


def _unbalanced(text: str) -> list[str]:
    return [f"{a}{b}" for a, b in PAIRS if text.count(a) != text.count(b)]


@rule("format.brackets", "warning", "括号或引号不成对",
      "unbalanced brackets or quotes",
      example=("机关运行经费支出预算 9.52 万元，主要保障机构（含下属单位正常运转。",
               "机关运行经费支出预算 9.52 万元，主要保障机构（含下属单位）正常运转。"))
def brackets(ctx: Context) -> Iterator[Issue]:
    for para in ctx.disclosure.paragraphs:
        for pair in _unbalanced(para.text):
            yield Issue(f"段落中的「{pair}」不成对", para.lines, actual=pair)
    norm = ctx.disclosure.source.norm
    for table in ctx.understood:
        for number in range(table.first_line, table.last_line + 1):
            text = norm[number - 1]
            if not is_table_line(text):
                continue
            for cell in text.split("\t"):
                for pair in _unbalanced(cell):
                    yield Issue(f"{table.title}第 {number} 行「{cell.strip()}」中的「{pair}」不成对", [number],
                                actual=cell.strip())


#: A year standing alone after 其中： ("其中：2026应急保障用车 13 辆").
_STRAY_YEAR = re.compile(r"(?:其中|包括)\s*[:：]\s*((?:19|20)\d{2})(?![年\d])[\u4e00-\u9fff]{2,8}")
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
_DOUBLED = re.compile("(" + "|".join(DOUBLED_WORDS) + r")\1")


@rule("format.doubled_word", "warning", "同一词语重复（如“用于用于”）",
      "a word written twice in a row (用于用于)",
      example=("其中：人员人员经费支出 85.02 万元；公用经费支出 9.52 万元。",
               "其中：人员经费支出 85.02 万元；公用经费支出 9.52 万元。"))
def doubled_word(ctx: Context) -> Iterator[Issue]:
    for number, text, match in _matches(ctx, _DOUBLED):
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
