"""Narrative facts: every figure the explanatory text states, as auditable rows.

A row says *what* (subject), *how much* (amount and unit, a share and what it is a
share of, or a change against the prior year with direction and percentage) and
*where* (the source lines). Subjects are reduced to canonical names so the
reconciliation can find the matching table figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal


from ..model import Fact, Paragraph

FIGURE = re.compile(r"(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|%|辆|台\(套\)|台|套|个|项)")
#: Where a figure's subject starts: punctuation, or 其中; not the 、 of "收、支总预算" (one word, 收支, spelt apart).
BOUNDARY = re.compile(r"[,;:，；：。]|(?<!收)、|其中")
SENTENCE_END = "。"
FUNCTION_ITEM = re.compile(r"([\u4e00-\u9fff]{2,24}?)\((类|款|项)\)(支出)?")
UP = ("增加", "增长", "上升", "提高", "多")
DOWN = ("减少", "下降", "降低", "减")
FLAT = ("持平", "保持一致", "不变", "相同")
DIRECTION = re.compile(r"(增加|增长|上升|提高|减少|下降|降低)\s*$")
YEAR_CMP = re.compile(r"(?:与|比|较|同)\s*((?:19|20)\d{2})\s*年|(?:与|比|较)\s*上年")

#: Specific subjects (keyword -> canonical). Generic ones are used only when none matches.
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("公务用车购置及运行费", "公务用车购置及运行费"), ("公务用车购置及运行维护费", "公务用车购置及运行费"),
    ("公务用车购置和运行费", "公务用车购置及运行费"), ("公务用车购置和运行维护费", "公务用车购置及运行费"),
    ("日常公用支出", "公用经费"), ("日常公用经费", "公用经费"), ("货物类采购", "政府采购货物"),
    ("工程类采购", "政府采购工程"), ("服务类采购", "政府采购服务"), ("上级补助收入", "上级补助收入"),
    ("附属单位上缴收入", "附属单位上缴收入"), ("公务用车购置费", "公务用车购置费"),
    ("公务用车运行维护费", "公务用车运行维护费"), ("公务用车运行费", "公务用车运行维护费"),
    ("因公出国(境)费", "因公出国(境)费"), ("因公出国", "因公出国(境)费"), ("公务接待费", "公务接待费"),
    ("三公", "三公经费"), ("机构运转经费", "机关运行经费"), ("机关运行经费", "机关运行经费"),
    ("政府采购货物", "政府采购货物"), ("政府采购工程", "政府采购工程"), ("政府采购服务", "政府采购服务"),
    ("政府采购", "政府采购"), ("人员经费", "人员经费"), ("公用经费", "公用经费"),
    ("基本支出", "基本支出"), ("项目支出", "项目支出"), ("收入总计", "收入总计"),
    ("支出总计", "支出总计"), ("收入合计", "收入合计"), ("支出合计", "支出合计"),
    ("一般公共预算拨款支出", "一般公共预算支出"), ("一般公共预算支出", "一般公共预算支出"),
    ("一般公共预算资金", "一般公共预算"), ("一般公共预算", "一般公共预算"),
    ("财政拨款收入", "财政拨款收入"), ("财政拨款支出", "财政拨款支出"), ("事业单位经营收入", "事业单位经营收入"),
    ("政府性基金", "政府性基金"), ("国有资本经营", "国有资本经营预算"), ("财政专户", "财政专户管理资金"),
    ("事业收入", "事业收入"), ("其他收入", "其他收入"), ("人员支出", "人员经费"),
    ("事业单位经营支出", "事业单位经营支出"), ("上缴上级支出", "上缴上级支出"),
    ("对附属单位补助支出", "对附属单位补助支出"),
    ("公务用车购置支出", "公务用车购置费"), ("公务用车购置预算", "公务用车购置费"),
    ("财政拨款预算支出", "财政拨款支出"),
    # a fund's own appropriation, named with 财政拨款 ("政府性基金预算财政拨款收入 0.00 万元")
    ("一般公共预算财政拨款收入", "一般公共预算"), ("政府性基金预算财政拨款收入", "政府性基金"),
    ("国有资本经营预算财政拨款收入", "国有资本经营预算"), ("一般公共预算财政拨款支出", "一般公共预算支出"),
    ("采购货物", "政府采购货物"), ("采购工程", "政府采购工程"), ("采购服务", "政府采购服务"),
    ("收支总预算", "收入总计"), ("财政拨款收支总预算", "财政拨款收支总计"), ("上年结转", "上年结转"),
    ("财政拨款收支总计", "财政拨款收支总计"), ("财政拨款收入支出总计", "财政拨款收支总计"),
    # a fund's carry-over ("上年结转结余的一般公共预算收入 0 万元"): of that fund, not the fund's appropriation
    ("上年结转结余的一般公共预算", "上年结转(一般公共预算)"), ("上年结转的一般公共预算", "上年结转(一般公共预算)"),
    ("上年结转结余的政府性基金", "上年结转(政府性基金)"), ("上年结转的政府性基金", "上年结转(政府性基金)"),
    ("上年结转结余的国有资本经营", "上年结转(国有资本经营)"), ("上年结转的国有资本经营", "上年结转(国有资本经营)"),
    ("年初结转", "上年结转"),
    ("年终结转", "年终结转"), ("结转下年", "年终结转"), ("结余下年", "年终结转"), ("结转", "结转"),
    ("中小企业预留政府采购", "政府采购中小企业预留"), ("小型和微型企业的政府采购", "政府采购小微企业预留"),
    ("购置车辆", "购置车辆"), ("一般公务用车", "一般公务用车"), ("执法执勤用车", "执法执勤用车"),
    ("特种专业技术用车", "特种专业技术用车"), ("其他用车", "其他用车"), ("车辆", "车辆"),
    ("通用设备", "通用设备"), ("专用设备", "专用设备"), ("专项转移支付", "专项转移支付项目"),
    ("会议费", "会议费"), ("培训费", "培训费"),
)
GENERIC: tuple[tuple[str, str], ...] = (("收入", "收入"), ("支出", "支出"))


@dataclass
class Draft:
    """A figure as the paragraph's reading builds it up (its share and base found later); ``Fact`` when done."""

    kind: str                       # amount | change | count
    subject: str
    raw_subject: str
    value: Decimal | None
    unit: str
    line: int
    lines: list[int]
    section: str
    sentence: str
    share_pct: Decimal | None = None
    share_of: str | None = None
    share_of_value: Decimal | None = None
    share_lines: list[int] = field(default_factory=list)
    direction: str | None = None
    change_pct: Decimal | None = None
    compared_year: int | None = None
    item: str | None = None            # function item named in the text: 类名/款名/项名
    reason: str | None = None          # the reason given for a change
    canonical: bool = True             # False when the subject is raw text, not a known item
    offset: int = 0


def _named_last(text: str, table: tuple[tuple[str, str], ...]) -> tuple[int, int, str] | None:
    """(end, length, canonical) of the keyword of ``table`` named last in ``text`` (the longer at a tie)."""
    best: tuple[int, int, str] | None = None
    for keyword, canonical in table:
        pos = text.rfind(keyword)
        if pos >= 0 and (best is None or (pos + len(keyword), len(keyword)) > best[:2]):
            best = (pos + len(keyword), len(keyword), canonical)
    return best


def canonical_subject(text: str) -> str | None:
    """The canonical subject named last in ``text`` (specific names before generic ones)."""
    item = None
    for match in FUNCTION_ITEM.finditer(text):
        item = match
    for table in (KEYWORDS, GENERIC):
        best = _named_last(text, table)
        if item is not None and (best is None or item.end() >= best[0]):
            level = item.group(2)
            return f"{item.group(1)}{'支出' if not item.group(1).endswith('支出') else ''}({level})"
        if best is not None:
            return best[2]
    return None


def _clean_subject(text: str, department: str | None) -> str:
    text = re.sub(r"^\s*(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+、)", "", text)
    if department:
        text = text.replace(department, "")
    text = re.sub(r"^(?:我|本)?(?:部门|单位)", "", text)
    text = re.sub(r"(?:19|20)\d{2}\s*年度?", "", text)
    return re.sub(r"[\s“”\"]+", "", text).replace("收、支", "收支")


_NOISE = re.compile(r"(?:年初预算为|预算数为|预算为|预算安排|预算数|预算|安排|为|是|科目)+$")
ITEM = re.compile(r"(?:^|(?<=[。;；]))\s*(?:\d+\s*[.、]|\([一二三四五六七八九十\d]+\))?\s*“(?P<inner>[^”]{2,80}?)”\s*"
                  r"(?:科目)?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
_NAME = r"[^()（）。；;:：,，、\d\s“”]{2,30}?(?:\([^()类款项\d]{1,3}\)[^()（）。；;:：,，、\d\s“”]{0,20}?)?"
#: 一般公共服务支出（类）审计事务（款）行政运行（项）X 万元, with or without codes (204类) and levels left out
ITEM_LEVELS = re.compile(r"(?:^|(?<=[。;；]))\s*(?:\d+\s*[.、]|\([一二三四五六七八九十\d]+\))?\s*"
                         rf"(?P<inner>(?:{_NAME}\((?:\d{{2,7}}\s*)?(?:类|款|项)\)\s*){{1,3}})"
                         r"(?:支出|科目|预算数|预算|安排|为|:|\s)*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
#: 2040601-行政运行 X 万元 / 2040601 行政运行 X 万元: an item named by its function code and name
CODE_ITEM = re.compile(r"(?:^|(?<=[。;；]))\s*(?:\d+\s*[.、]|\([一二三四五六七八九十\d]+\))?\s*"
                       r"(?P<code>2[0-3]\d(?:\d{2}){0,2})(?!\d)\s*[-－—:：、.]?\s*(?P<inner>[^\d\s()，,。；;:：、“”]{2,40}?"
                       r"(?:\([^()\d]{1,6}\)[^\d\s()，,。；;:：、“”]{0,30}?)?)"
                       r"(?:科目|预算数|预算|安排|为|:|\s)*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
#: Final accounts' items: 社会保障和就业支出（类）…（款）…（项）。主要用于：…。年初预算为 A 万元，（全年预算为 A'
#: 万元，）支出决算为 B 万元: the item's amount is its actual (决算) figure, read after its budgets (年初, 全年 or
#: 调整后) and a description without figures.
FINAL_ITEM = re.compile(r"(?:^|(?<=[。;；]))\s*(?:\d+\s*[.、]|\([一二三四五六七八九十\d]+\))?\s*"
                        rf"(?P<inner>(?:{_NAME}\((?:\d{{2,7}}\s*)?(?:类|款|项)\)\s*){{1,3}})[。.]?[^\d]{{0,160}}?"
                        r"(?:(?:年初|全年|调整后?的?)?预算(?:数)?为?\s*-?\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元)\s*[,，]?\s*)"
                        r"{0,2}"
                        r"(?:支出)?决算(?:数)?为?\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)")
ITEM_SPLIT = re.compile(r"\((?:\d{2,7}\s*)?(?:类|款|项)\)|-|—|－")
_RESTATED = re.compile(r"(?:预算安排|预算数为|预算数|预算为|安排)\s*$")
_CHANGE_AMOUNT = re.compile(r"(增加|增长|减少|下降|降低|上升|提高)\s*$")
_PRIOR = re.compile(r"执行数\s*(?:为|是)?\s*$"
                    r"|(?:上年|去年|上一年度?|(?:19|20)\d{2}\s*年)(?:年初)?(?:预算|执行)?(?:数)?\s*(?:为|是)?\s*$")
_REASON = re.compile(r"主要原因(?:是|为)?\s*[:：]?\s*([^。；;]*)")


_CARRY = re.compile(r"^\s*(?:(?:19|20)\d{2}\s*年)?(?:当年)?(?:预算)?执行数")
ITEM_PATTERNS = (ITEM, ITEM_LEVELS, CODE_ITEM, FINAL_ITEM)


def item_facts(para: Paragraph, previous: list[Draft] | None = None) -> list[Draft] | None:
    """Facts of item-by-item explanations: “类-款-项”科目 amount, prior execution, change, reason.

    A paragraph may hold several items (each from its “…” to the next); one that only goes on
    about the previous item (page breaks split them) is read with that item (``previous``).
    """
    text = para.text
    starts = sorted({m.start() for pattern in ITEM_PATTERNS for m in pattern.finditer(text)})
    carry = bool(previous) and _CARRY.match(text) is not None
    if not starts and not carry or starts and starts[0] > 0 and not carry:
        return None
    facts: list[Draft] = []
    if carry:
        facts += _one_item(para, text[:starts[0] if starts else len(text)], 0, previous) or []
    bounds = starts + [len(text)]
    for begin, end in zip(bounds, bounds[1:], strict=False):
        facts += _one_item(para, text[begin:end], begin, None) or []
    return facts


def _item_head(para: Paragraph, text: str, base: int,
               previous: list[Draft] | None) -> tuple[list[Draft], str, int] | None:
    """The item's amount fact, its name path and where its other figures start; a continuation
    (page-split text going on about the previous item) reuses the previous item's amount."""
    head = next((m for pattern in ITEM_PATTERNS for m in [pattern.match(text)] if m), None)
    if head is not None:
        names = [n for n in (x.strip() for x in ITEM_SPLIT.split(head.group("inner"))) if n]
        item = f"{head.group('code')} {names[-1]}" if head.re is CODE_ITEM else "/".join(names)
        line = para.line_at(base + head.start("num"))
        facts = [Draft(kind="amount", subject="功能科目", raw_subject=head.group("inner"), item=item,
                     value=Decimal(head.group("num").replace(",", "")), unit=head.group("unit"), line=line,
                     lines=[line], section=para.section, sentence=text, offset=base + head.start("num"))]
        return facts, item, head.end()
    if previous and _CARRY.match(text):
        kept = [f for f in previous if f.kind == "amount" and f.item][-1:]
        return (kept, kept[0].item or "", 0) if kept else None
    return None


def _item_percent(facts: list[Draft], para: Paragraph, text: str, base: int, match: re.Match[str], item: str) -> None:
    """A percentage in an item's text: the rate of the open change, or a change stated by its rate alone."""
    start = match.start()
    before = text[max(0, start - 14):start]
    line = para.line_at(base + start)
    value = Decimal(match.group("num").replace(",", ""))
    word = DIRECTION.search(before.strip()) or re.search(r"(增加|增长|上升|提高|减少|下降|降低)", before)
    if not word:
        return
    open_change = next((f for f in reversed(facts) if f.kind == "change" and f.change_pct is None
                        and f.value is not None), None)
    if open_change is not None:
        open_change.change_pct = value
        open_change.lines = sorted(set(open_change.lines) | {line})
        return
    year = re.search(r"((?:19|20)\d{2})\s*年", text[max(0, start - 30):start])
    facts.append(Draft(kind="change", subject="功能科目", raw_subject="", item=item, value=None, unit=facts[0].unit,
                      line=line, lines=[line], section=para.section, sentence=text,
                      direction=_direction(word.group(1)), change_pct=value, offset=base + start,
                      compared_year=int(year.group(1)) if year else None))


def _item_amount(facts: list[Draft], para: Paragraph, text: str, base: int, match: re.Match[str], item: str) -> None:
    """An amount in an item's text: last year's figure, the change, or the amount restated otherwise."""
    start, unit = match.start(), match.group("unit")
    value = Decimal(match.group("num").replace(",", ""))
    before = text[max(0, start - 14):start]
    line = para.line_at(base + start)
    kind = "prior" if _PRIOR.search(before) else "amount"
    moved = _CHANGE_AMOUNT.search(before)
    if moved and kind == "amount":   # "比上年增加 27.86 万元": the change, whose percentage may follow
        facts.append(Draft(kind="change", subject="功能科目", raw_subject="", item=item, value=value, unit=unit,
                          line=line, lines=[line], section=para.section, sentence=text,
                          direction=_direction(moved.group(1)), offset=base + start))
        return
    restated = _RESTATED.search(before) and "其中" not in text[max(0, start - 30):start]
    if kind == "amount" and (not restated or value == facts[0].value):
        return   # a part of the amount ("其中 X 万元用于…"), or the amount restated the same
    facts.append(Draft(kind=kind, subject="功能科目", raw_subject=before.strip(), item=item, value=value, unit=unit,
                      line=line, lines=[line], section=para.section, sentence=text, offset=base + start))


def _one_item(para: Paragraph, text: str, base: int, previous: list[Draft] | None) -> list[Draft] | None:
    """Facts of one item's text (``base`` is its offset in the paragraph, for line numbers)."""
    found = _item_head(para, text, base, previous)
    if found is None:
        return None
    facts, item, start_at = found
    continuation = start_at == 0
    for match in FIGURE.finditer(text, start_at):
        if match.group("unit") == "%":
            _item_percent(facts, para, text, base, match, item)
        elif match.group("unit") in {"元", "万元", "亿元"}:
            _item_amount(facts, para, text, base, match, item)
    reason = _REASON.search(text)
    if reason:
        for fact in facts:
            if fact.kind == "change":
                fact.reason = reason.group(1).strip()
    if any(w in text for w in FLAT) and not any(f.kind == "change" for f in facts):
        facts.append(Draft(kind="change", subject="功能科目", raw_subject="", item=item, value=None,
                          unit=facts[0].unit, line=facts[0].line, lines=[facts[0].line], section=para.section,
                          sentence=text, direction="持平", offset=facts[0].offset,
                          reason=reason.group(1).strip() if reason else None))
    # a continuation reuses the previous item's amount fact: return only what is new
    return facts[1:] if continuation else facts


def _direction(word: str) -> str:
    if word in FLAT:
        return "持平"
    return "增加" if word in UP else "减少"


@dataclass
class _Figure:
    """A figure of a paragraph and where it stands: its sentence, the clause before it, the year compared with."""

    start: int
    value: Decimal
    unit: str
    line: int
    sentence_start: int
    sentence: str
    clause: str
    cmp_year: int | None
    direction: re.Match[str] | None


def _figure_at(para: Paragraph, match: re.Match[str], budget_year: int | None) -> _Figure | None:
    """The figure of a FIGURE match, or None when it is part of a word or a threshold ("单价50万元以上")."""
    text = para.text
    start = match.start()
    before_char = text[start - 1] if start else ""
    if re.match(r"^\s*(?:\([^)]{0,3}\))?\s*(以上|以下|以内)", text[match.end():match.end() + 8]) \
            or before_char.isdigit() or before_char == ".":
        return None
    sentence_start = text.rfind(SENTENCE_END, 0, start) + 1
    sentence_end = text.find(SENTENCE_END, start)
    sentence = text[sentence_start:(sentence_end + 1 if sentence_end >= 0 else len(text))]
    cut = max((m.end() for m in BOUNDARY.finditer(text, sentence_start, start)), default=sentence_start)
    clause = text[cut:start]
    cmp_year = None
    years = list(YEAR_CMP.finditer(text, sentence_start, start))
    ymatch = years[-1] if years else None   # the comparison year nearest before the figure
    if ymatch is not None:
        cmp_year = int(ymatch.group(1)) if ymatch.group(1) else (budget_year - 1 if budget_year else None)
    return _Figure(start=start, value=Decimal(match.group("num").replace(",", "")), unit=match.group("unit"),
                   line=para.line_at(start), sentence_start=sentence_start, sentence=sentence, clause=clause,
                   cmp_year=cmp_year, direction=DIRECTION.search(clause.strip()))


def _attach_percent(facts: list[Draft], text: str, fig: _Figure) -> None:
    """A percentage: the share of the last amount (占…), or the rate of the last change."""
    if "占" in fig.clause:
        target = next((f for f in reversed(facts) if f.kind == "amount" and f.offset >= fig.sentence_start
                       or (f.kind == "amount" and f is facts[-1])), None)
        if target is not None and target.share_pct is None:
            target.share_pct = fig.value
            target.share_lines = [fig.line]
            base = _share_base(facts, text, target)
            if base is not None:
                target.share_of, target.share_of_value = base.subject, base.value
                target.share_lines = sorted({fig.line, base.line})
        return
    if fig.direction or any(w in fig.clause for w in UP + DOWN):
        target = next((f for f in reversed(facts) if f.kind == "change"), None)
        if target is not None and target.change_pct is None and target.offset >= fig.sentence_start - 200:
            target.change_pct = fig.value
            target.lines = sorted(set(target.lines) | {fig.line})


#: A paragraph that starts with its own short numbered heading ("（二）公务接待费。", "1.因公出国(境)费:").
_LEAD_HEADING = re.compile(r"^\s*(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、])\s*"
                           r"([^。:：,，]{2,24})[。:：]")


#: A final account's actual figure named by itself (支出决算为 B), after the budget of what the sentence names
#: ("一般公共预算财政拨款支出年初预算为 A 万元，全年预算为 F 万元，支出决算为 B 万元").
_ACTUAL = re.compile(r"(?:支出)?决算(?:数)?为?")
_BUDGETED = re.compile(r"\s*(\S+?)(?:年初|全年|调整后?的?)?预算(?:数)?为?\s*-?\d")


def _budgeted_subject(name: str) -> str | None:
    """What "X年初预算为 …" budgets: 三公经费 for "“三公”经费财政拨款支出" (what is paid, before the funds that pay
    it), 一般公共预算支出 for "一般公共预算财政拨款支出" (the funds' own spending)."""
    paid = canonical_subject(re.sub(r"(?:财政拨款)?支出$", "", name))
    return paid if paid is not None and paid not in _SCOPES else canonical_subject(name)


def _subject(text: str, fig: _Figure, department: str | None, facts: list[Draft],
             last_subject: str | None) -> tuple[str, str, bool]:
    """(raw subject, subject, whether the subject is a canonical one) of an amount or count."""
    direction_match, clause, start, sentence_start = fig.direction, fig.clause, fig.start, fig.sentence_start
    raw = _clean_subject(direction_match and clause.strip()[:direction_match.start()] or clause, department)
    counted = _counted(text, start, facts) if not raw else None
    if counted is not None:   # "购置车辆 9 辆、162 万元", "设备 1 台(套)、128.70 万元": the cost of what was counted
        return counted.raw_subject, counted.subject, counted.canonical
    if not raw or raw in {"均为", "为"}:
        prefix = text[sentence_start:start]
        first = BOUNDARY.split(prefix)[0]
        raw = _clean_subject(first.split("与")[0], department) or raw
    canonical = True
    budgeted = _BUDGETED.match(text[sentence_start:start]) if _ACTUAL.fullmatch(raw) else None
    named = _budgeted_subject(_clean_subject(budgeted.group(1), department)) if budgeted else None
    if named is not None:   # "“三公”经费…年初预算为 2.85 万元，支出决算为 0.39 万元": the 决算 of what it budgets
        return raw, named, True
    # "收支总预算": the name itself ends in 预算, which _NOISE would strip
    subject = canonical_subject(_NOISE.sub("", raw)) or canonical_subject(raw)
    if subject in {"收入", "支出"}:
        subject = _generic(subject, _NOISE.sub("", raw), facts, bool(direction_match))
    elif subject in _SCOPES and _names_more(raw) \
            or subject is not None and not direction_match and _names_other(raw, subject):
        subject, canonical = raw, False   # "一般公共预算安排的会议费": a part of the scope, not the scope
    elif subject is not None and _qualifies_another(raw):
        subject, canonical = raw, False   # "因公出国(境)工作的国内服务费": a thing of that quantity, not it
    if subject is None and (not raw or _NOISE.fullmatch(raw) or raw in {"均为", "为"}):
        # "预算数…均为 0 万元": the subject was named earlier in the sentence
        lead = _LEAD_HEADING.match(text)   # "（二）公务接待费。2026 年预算数 0.00 万元": named by its heading
        subject = (canonical_subject(_clean_subject(text[sentence_start:start], department))
                   or (canonical_subject(lead.group(1)) if lead and lead.end() <= sentence_start else None)
                   or last_subject)
    if subject is None:
        subject, canonical = raw or "（未识别）", False
    return raw, subject, canonical


_COUNT_THEN = re.compile(r"-?\d[\d,]*(?:\.\d+)?\s*(?:辆|台\(套\)|台|套|个)\s*[、,，]?\s*")


def _counted(text: str, start: int, facts: list[Draft]) -> Draft | None:
    """The count an amount follows straight after ("N 辆、X 万元"), whose subject the amount shares."""
    last = facts[-1] if facts else None
    if last is None or last.kind != "count" or _COUNT_THEN.fullmatch(text[last.offset:start]) is None:
        return None
    return last


def _heading_subject(section: str | None) -> str | None:
    """The specific subject the paragraph's own heading names ("(一)因公出国(境)经费"), if any: what a
    bare "预算安排 X 万元" under it states."""
    heading = re.sub(r"^\s*(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、])", "",
                     str(section or "").split(" > ")[-1])
    best = _named_last(heading, KEYWORDS)
    return best[2] if best else None


def paragraph_facts(para: Paragraph, department: str | None, budget_year: int | None,
                    previous: list[Draft] | None = None) -> list[Draft]:
    """All figures of one paragraph."""
    itemised = item_facts(para, previous)
    if itemised is not None:
        return itemised
    text = para.text
    facts: list[Draft] = []
    # "（二）公务接待费" heading "2026年预算安排 18.85万元" (unless the paragraph opens with its own heading)
    last_subject = None if _LEAD_HEADING.match(text) else _heading_subject(para.section)
    for match in FIGURE.finditer(text):
        fig = _figure_at(para, match, budget_year)
        if fig is None:
            continue
        if fig.unit == "%":
            _attach_percent(facts, text, fig)
            continue
        raw, subject, canonical = _subject(text, fig, department, facts, last_subject)
        kind = "count" if fig.unit not in {"元", "万元", "亿元"} else "amount"
        if fig.direction:
            kind = "change"
        fact = Draft(kind=kind, subject=subject, raw_subject=raw, value=fig.value, unit=fig.unit, line=fig.line,
                    lines=[fig.line], section=para.section, sentence=fig.sentence.strip(), offset=fig.start,
                    compared_year=fig.cmp_year if kind == "change" else None, canonical=canonical)
        if fig.direction:
            fact.direction = _direction(fig.direction.group(1))
        facts.append(fact)
        if kind != "change":
            last_subject = subject
        flat = next((w for w in FLAT if w in text[fig.sentence_start:fig.start]), None)
        if flat and kind == "amount":
            facts.append(Draft(kind="change", subject=subject, raw_subject=raw, value=None, unit=fig.unit,
                              line=fig.line, lines=[fig.line], section=para.section, sentence=fig.sentence.strip(),
                              direction="持平", compared_year=fig.cmp_year, offset=fig.start))
    return facts


_TOTAL_WORDS = re.compile(r"预算|财务|总|部门|单位|本年|年度|全年|当年|合计|数|安排|共计|共|计|资金|的|本级|相应"
                          r"|包括|其中|本|我|度")


#: Subjects that also qualify other things ("一般公共预算安排的培训费"): linked only when named alone.
_SCOPES = {"一般公共预算", "政府性基金", "国有资本经营预算", "财政拨款收入", "财政拨款支出", "一般公共预算支出"}
_SCOPE_WORDS = re.compile(r"收支|总额|合计|总计|总|数|一般公共预算|政府性基金|国有资本经营|财政拨款|财政|拨款"
                          r"|收入|支出|预算|资金|安排|当年|本年|年度|部门|单位|共|计|的|为|是|用于")


#: Words that name no thing of their own after 的 ("三公经费的预算数", "因公出国(境)的费用").
_HEAD_NOISE = re.compile(r"预算|总额|合计|数|安排|资金|支出|费用|金额|经费|的|为|是")


def _qualifies_another(raw: str) -> bool:
    """True when the quantity the clause names only qualifies its head noun, after 的: "将用于支付因公出国(境)工作的
    国内服务费" is a 国内服务费 (of the trips), not the trips' cost."""
    found = _named_last(raw, KEYWORDS)
    if found is None:
        return False
    tail = raw[found[0]:]
    head = tail.rsplit("的", 1)[-1] if "的" in tail else ""
    return len(re.findall(r"[\u4e00-\u9fff]", _HEAD_NOISE.sub("", head))) >= 2


def _names_more(raw: str) -> bool:
    """True when the clause names something besides the scope (an item paid from it)."""
    return bool(re.search(r"[\u4e00-\u9fff]", _SCOPE_WORDS.sub("", raw)))


#: Words that may follow a quantity's name without naming another thing ("政府性基金预算拨款收入", "三公经费预算数为").
_TAIL_WORDS = re.compile(r"预算|拨款|收入|支出|资金|经费|费用|费|总额|合计|结余|安排|年初|全年|当年|本年|年度|决算|执行"
                         r"|调整后|管理|财政|项目|收益|共有|共计|共|计|数|的|为|是|\(境\)|[\d\s.,，:：、]|辆|台|套|个")
#: Words that may stand before 项目支出 without naming a project ("一般公共预算财政拨款项目支出").
_PROJECT_LEAD = re.compile(r"(?:预算|拨款|财政|资金|安排|当年|本年|年度|部门|单位|本级|一般公共|政府性基金|国有资本经营"
                           r"|其中|包括|的|为|\d+[.、]|\s)+$")


def _names_other(raw: str, subject: str) -> bool:
    """True when the clause's own head names something else than the quantity its keyword names: words after the
    keyword (Chinese names end in what they are: "因公出国(境)工作的国内服务费", "因公出国费按批复额度",
    "物业管理(非公用经费部分)"), or a project's name glued before 项目支出 ("水务发展资金项目支出")."""
    best = _named_last(raw, KEYWORDS)
    if best is None or best[2] != subject:
        return False
    if re.search(r"[\u4e00-\u9fff]", _TAIL_WORDS.sub("", raw[best[0]:])):
        return True
    lead = raw[:best[0] - best[1]]
    return subject == "项目支出" and bool(lead) and _PROJECT_LEAD.fullmatch(lead) is None \
        and re.search(r"[\u4e00-\u9fffA-Za-z\d]$", lead) is not None


_LEADING = re.compile(r"^(?:包括|其中|主要是|主要为|用于|为)+")


def _generic(subject: str, raw: str, facts: list[Draft], change: bool) -> str:
    """A subject named only as 收入/支出: the total, a function class, or (a named item) left generic.

    "收入预算 X 万元" is the total income; "科学技术支出 X 万元" is a function class; any other
    named item ("会议支出") stays generic and is not compared with a table.
    """
    from ..reference import class_by_name, name_key

    rest = _TOTAL_WORDS.sub("", raw)
    if rest in {"", subject}:
        earlier = next((f.subject for f in reversed(facts)
                        if f.kind == "amount" and f.subject.startswith(subject)), None)
        return earlier or (f"{subject}合计" if not change else subject)
    named = _LEADING.sub("", raw)   # the item's own words ("包括一般公共服务支出"): 公共 keeps its 共
    name = named if named.endswith("支出") or subject != "支出" else named + "支出"
    if name_key(name) in class_by_name() or name_key(name.removesuffix("支出")) in class_by_name():
        return f"{name}(类)"
    return subject


def _share_base(facts: list[Draft], text: str, target: Draft) -> Draft | None:
    """What a share is a share of: the figure stated before the last 其中 preceding it."""
    pivot = text.rfind("其中", 0, target.offset)
    candidates = [f for f in facts if f.kind == "amount" and f is not target and f.unit == target.unit]
    if pivot >= 0:
        before = [f for f in candidates if f.offset < pivot]
        if before:
            return before[-1]
    return None   # no 其中 before it: what the share is of is not known, so it is not checked


def extract_facts(paragraphs: list[Paragraph], department: str | None, year: int | None) -> list[Fact]:
    """Every figure of the narrative, typed, numbered F001… in reading order."""
    out: list[Fact] = []
    previous: list[Draft] = []
    for para in paragraphs:
        drafts = paragraph_facts(para, department, year, previous)
        if drafts:
            previous = drafts
        for d in drafts:
            out.append(Fact(fact=f"F{len(out) + 1:03d}", kind=d.kind, subject=d.subject, item=d.item, value=d.value,
                            unit=d.unit, share_pct=d.share_pct, share_of=d.share_of, share_of_value=d.share_of_value,
                            direction=d.direction, change_pct=d.change_pct, compared_year=d.compared_year,
                            reason=d.reason, line=d.line, lines=tuple(sorted(set(d.lines) | set(d.share_lines))),
                            canonical=d.canonical, raw_subject=d.raw_subject, section=d.section, sentence=d.sentence))
    return out
