"""narrative: every figure of the explanatory text against the tables and against itself (the quantities
a figure is compared with are ``quantities``'s)."""
from __future__ import annotations

from typing import Iterator
import re
from decimal import Decimal

from .. import reference
from ..amounts import UNIT_FACTORS, decimals
from ..model import Fact
from .context import Context, Fig, half_unit, pct_range, round_pct, show_in
from . import yearblocks
from .cells import fact_fig
from .items import amount_column, item_hits, item_rows
from .narrative_wording import growth_from_nothing, restated_in_text
from .quantities import (THREE_ROWS, alternatives, carried_over, current_amount, grand_total, item_pair,
                         operating_cost_cell, three_public_funds)
from .registry import Issue, rule


@rule("narrative.amount", "error", "说明中的金额与表中不一致",
      "an amount in the text differs from the table cell holding the same quantity")
def amounts(ctx: Context) -> Iterator[Issue]:
    for fact in ctx.facts_where(kind="amount"):
        options = [figs for figs in alternatives(ctx, fact) if ctx.comparable(*figs)]
        if not options:
            continue   # no table cell holds this quantity, or its table states no unit
        stated = fact_fig(fact)
        if any(ctx.close(stated, ctx.sum_figs(figs), figs) for figs in options):
            continue
        figs = options[0]
        expected = show_in(ctx.sum_figs(figs), stated.unit, max(2, decimals(stated.value)))
        carry = carried_over(ctx, stated, options)
        if carry is not None:   # the same money with last year's balance: a label, not a wrong figure
            yield Issue(f"说明中{fact.subject}为 {stated.show()}，表中本年数为 {expected}，差额 {carry.show()} "
                        f"即上年结转结余：说明的口径含上年结转，应写明",
                        [stated.line, *(f.line for f in figs), carry.line],
                        expected=expected, actual=stated.show(), severity="warning")
            continue
        slip = _slip(stated, ctx.sum_figs(figs))
        yield Issue(f"说明中{fact.subject}为 {stated.show()}，表中为 {expected}"
                    + ("（末位舍入差）" if slip else ""),
                    [stated.line, *(f.line for f in figs)], expected=expected, actual=stated.show(),
                    severity="warning" if slip else None)



def _slip(stated: Fig, table_yuan: Decimal) -> bool:
    """The table's figure rounded the other way in the stated figure's last printed digit (1,256 万元 for 12,565,793
    元): a slip, not a wrong figure."""
    unit_step = Decimal(1).scaleb(-decimals(stated.value)) * UNIT_FACTORS.get(stated.unit, Decimal(1))
    return abs(stated.yuan - table_yuan) <= unit_step + stated.half_unit_yuan


@rule("narrative.share", "error", "说明中的占比与金额不符",
      "a stated share does not follow from its amounts",
      example=("基本支出 94.54 万元，其中：人员经费支出 85.02 万元，占 90.93%。",
               "基本支出 94.54 万元，其中：人员经费支出 85.02 万元，占 89.93%。"))
def shares(ctx: Context) -> Iterator[Issue]:
    for fact in ctx.facts:
        if fact.share_pct is None or fact.share_of_value is None:
            continue
        pct, part, whole = fact.share_pct, fact.figure, fact.share_of_value
        if whole == 0:
            continue
        places = decimals(pct)
        bounds = pct_range(part, whole, half_unit(part), half_unit(whole))
        if bounds is None:
            continue
        lo, hi = (round_pct(b, places) for b in bounds)
        exact = round_pct(part / whole * 100, places)
        ctx.tick()
        if not (lo <= pct <= hi):
            # one unit off in the last printed digit is a rounding slip, not a wrong figure
            slip = abs(pct - exact) <= Decimal(1).scaleb(-places)
            yield Issue(f"{fact.subject}占{fact.share_of}的比重应为 {exact}%"
                        f"（{part}÷{whole}），文中为 {pct}%" + ("（末位舍入差）" if slip else ""), fact.lines,
                        expected=f"{exact}%", actual=f"{pct}%", severity="warning" if slip else None)


PARTITIONS = ({"基本支出", "项目支出"}, {"人员经费", "公用经费"})


@rule("narrative.share_sum", "warning", "同一总数的各部分占比之和不为 100%",
      "the shares of one whole do not add up to 100%",
      example=("支出合计 235.35 万元，其中：基本支出 94.54 万元，占 45.17%；项目支出 140.81 万元，占 59.83%。",
               "支出合计 235.35 万元，其中：基本支出 94.54 万元，占 40.17%；项目支出 140.81 万元，占 59.83%。"))
def share_sum(ctx: Context) -> Iterator[Issue]:
    groups: dict[tuple, list[Fact]] = {}
    for fact in ctx.facts:
        if fact.share_pct is not None:
            groups.setdefault((fact.section, fact.share_of), []).append(fact)
    for (_, base), group in groups.items():
        first: dict[str, Fact] = {}
        for fact in group:
            first.setdefault(fact.subject, fact)
        for partition in PARTITIONS:
            if not partition <= set(first) or set(first) - partition:
                continue   # not these parts, or more parts of the same whole (项目支出 beside 人员/公用)
            parts = [first[s] for s in sorted(partition)]
            pcts = [p.share_pct for p in parts if p.share_pct is not None]   # each has one: grouped by it
            total = sum(pcts, Decimal(0))
            slack = sum((half_unit(p) for p in pcts), Decimal(0))
            if abs(total - 100) > slack:
                lines = sorted({n for p in parts for n in p.lines})
                yield Issue(f"{'、'.join(p.subject for p in parts)}占{base}的比重之和为 {total}%，应为 100%",
                            lines, expected="100%", actual=f"{total}%")




@rule("narrative.change", "error", "同比增减额与增减幅度不符",
      "a stated change and its percentage do not agree",
      example=("2023 年收入总计 235.35 万元，与 2022 年预算相比，收入减少 39.54 万元，下降 16.38%。",
               "2023 年收入总计 235.35 万元，与 2022 年预算相比，收入减少 39.54 万元，下降 14.38%。"))
def changes(ctx: Context) -> Iterator[Issue]:
    for change in ctx.facts_where(kind="change"):
        if change.value is None or change.change_pct is None or change.subject == "功能科目":
            continue   # an item's change is checked against its own figures (narrative.item_change)
        if change.direction not in {"增加", "减少"} or change.value == 0:
            continue
        current = current_amount(ctx, change)
        if current is None:
            continue
        delta, now, pct = change.value, current.figure, change.change_pct
        prior = now - delta if change.direction == "增加" else now + delta
        if prior <= 0:
            continue
        bounds = pct_range(delta, prior, half_unit(delta), half_unit(delta) + half_unit(now))
        if bounds is None:
            continue
        places = decimals(pct)
        lo, hi = (round_pct(b, places) for b in bounds)
        if not (lo <= pct <= hi):
            exact = round_pct(delta / prior * 100, places)
            word = "增长" if change.direction == "增加" else "下降"
            yield Issue(f"{change.subject}{change.direction} {delta}{change.unit}，上年应为 "
                        f"{prior}{change.unit}，{word}幅度应为 {exact}%，文中为 {pct}%",
                        sorted(set(change.lines) | {int(current.line)}),
                        expected=f"{exact}%", actual=f"{pct}%")


@rule("narrative.direction", "warning", "增减方向与数字矛盾",
      "the direction word contradicts the figure (增加 for a zero change)",
      example=("2023年机关运行经费比上年增加 0 万元，主要原因是经费保持稳定。",
               "2023年机关运行经费与上年持平。"))
def direction(ctx: Context) -> Iterator[Issue]:
    """A zero change called 增加/减少 is a drafting habit (a template's "增加 X 万元" kept for 0): one
    finding for the document citing every such change; a negative change figure is one finding each."""
    zeros: list[Fact] = []
    for change in ctx.facts_where(kind="change"):
        if change.direction not in ("增加", "减少"):
            continue
        zero_amount = change.value is not None and change.value == 0
        zero_pct = change.change_pct is not None and change.change_pct == 0
        if "持平" in str(change.sentence):
            continue   # "增加 0.00 万元，与上年持平": the sentence already says it is unchanged
        if zero_amount or (zero_pct and change.value is None):
            zeros.append(change)
        elif change.value is not None and change.value < 0:
            yield Issue(f"说明称{change.subject}{change.direction}，但变动额为负数 {change.value}",
                        change.lines, expected="正数变动额", actual=str(change.value))
    if zeros:
        named = "、".join(dict.fromkeys(f"{z.item or z.subject}「{z.direction}」" for z in zeros[:3]))
        more = f"等 {len(zeros)} 处" if len(zeros) > 3 else ""
        yield Issue(f"说明称{named}{more}，但变动额为 0，应表述为与上年持平",
                    sorted({n for z in zeros for n in z.lines}), expected="持平", actual=zeros[0].direction)


def _said(key: str, sentence: str) -> int:
    """How many times the words of a subject stand in the sentence (spelt as the subject key is)."""
    plain = re.sub(r"(?:19|20)\d{2}\s*年度?", "", sentence)
    return re.sub(r"[\s,，:：为是共计“”\"]", "", plain).count(key) if key else 0


@rule("narrative.duplicate", "error", "同一事项在同一句中两次给出不同金额",
      "one item is given two different amounts in one sentence",
      example=("机关运行经费支出预算 9.52 万元，机关运行经费支出预算 9.99 万元，主要保障机构正常运转。",
               "机关运行经费支出预算 9.52 万元，主要保障机构正常运转。"))
def duplicate(ctx: Context) -> Iterator[Issue]:
    groups: dict[tuple, list[Fact]] = {}
    for fact in ctx.facts:
        if fact.kind == "amount" and fact.canonical and not fact.item \
                and fact.subject not in ("收入", "支出") and fact.unit in ("元", "万元", "亿元"):
            # the same words before two figures ("会议费 5 万元……会议费 6 万元"), not 编制数 and 实有数
            key = re.sub(r"[\s,，:：为是共计]", "", str(fact.raw_subject))
            groups.setdefault((fact.sentence, key, fact.unit), []).append(fact)
    for (sentence, key, unit), group in groups.items():
        subject = group[0].subject
        values = list(dict.fromkeys(f.value for f in group))
        if _said(key, str(sentence)) < len(values):
            continue   # the words stand once: a subject carried to the figures after it (其中 A、B), not said twice
        if len(values) > 1 and not subject.endswith("(类)"):
            yield Issue(f"「{subject}」在同一句中给出 {len(values)} 个不同数额："
                        f"{'、'.join(f'{v}{unit}' for v in values)}", [f.line for f in group],
                        expected="同一数额", actual="、".join(f"{v}{unit}" for v in values))


@rule("narrative.operating_cost", "error", "说明中的机关运行经费与列明它的表不一致",
      "机关运行经费 in the text differs from the table that states it")
def operating_cost(ctx: Context) -> Iterator[Issue]:
    other, where = operating_cost_cell(ctx)
    if other is None or not ctx.comparable(other):
        return
    for fact in ctx.facts_where(kind="amount", subject="机关运行经费"):
        stated = fact_fig(fact)
        if not ctx.close(stated, other):
            yield Issue(f"说明中机关运行经费 {stated.show()} 与{where} {other.show()} 不一致",
                        [stated.line, other.line], expected=other.show(), actual=stated.show())




@rule("narrative.function_name", "warning", "说明中的功能科目名称与科目表不符",
      "a function class named in the text is not the current classification name",
      example=("医疗卫生与计划生育支出（类）支出 7.04 万元，主要用于行政单位医疗。",
               "卫生健康支出（类）支出 7.04 万元，主要用于行政单位医疗。"))
def function_name(ctx: Context) -> Iterator[Issue]:
    codes = reference.function_codes()
    for fact in ctx.facts:
        if fact.subject == "功能科目" and fact.kind == "amount" and fact.item:
            name = str(fact.item).split("/")[0]   # an item's path starts at its class, when it names one
            if reference.class_by_name().get(reference.name_key(name)) is None:
                continue
        elif str(fact.subject).endswith("(类)"):
            name = fact.subject[:-3]
        else:
            continue
        code = reference.class_by_name().get(reference.name_key(name))
        if code is None:
            yield Issue(f"说明中的功能科目「{name}」不是现行支出功能分类类级科目", [fact.line],
                        expected="现行科目名称", actual=name, severity="info")
            continue
        current = codes[code].name
        current_key = reference.name_key(current)
        if reference.name_key(name) not in {current_key, current_key.removesuffix("支出")}:
            yield Issue(f"说明使用旧科目名称「{name}」，{code} 类现称「{current}」", [fact.line],
                        expected=current, actual=name)




@rule("narrative.item_amount", "error", "逐项说明的科目金额与表中不一致",
      "an item-by-item explanation's amount differs from the function table")
def item_amounts(ctx: Context) -> Iterator[Issue]:
    unmatched = []
    for fact in ctx.facts_where(kind="amount", subject="功能科目"):
        hits = item_hits(ctx, fact)
        if not hits:
            unmatched.append(fact)
            continue
        stated = fact_fig(fact)
        figs = [(table, f) for table, row in hits for f in [ctx.fig(table, row, amount_column(table))]
                if f is not None and ctx.comparable(f)]
        if not figs or any(ctx.close(stated, f) for _, f in figs):
            continue   # the figure is one of the tables' (each table has its own scope of funds)
        table, other = figs[0]
        expected = show_in(other.yuan, stated.unit, max(2, decimals(stated.value)))
        slip = _slip(stated, other.yuan)
        yield Issue(f"说明中「{fact.item}」为 {stated.show()}，{table.title}中为 {expected}"
                    + ("（末位舍入差）" if slip else ""), [stated.line, other.line], expected=expected,
                    actual=stated.show(), severity="warning" if slip else None)
    if unmatched:   # said once: the items whose rows were not found in the tables read
        names = "、".join(f"「{f.item}」" for f in unmatched[:5]) + ("等" if len(unmatched) > 5 else "")
        yield Issue(f"{len(unmatched)} 项逐项说明的科目在已读出的功能分类表中找不到，其金额未核对：{names}",
                    [f.line for f in unmatched], severity="info")




@rule("narrative.item_change", "error", "逐项说明的增减幅度或方向与所列金额不符",
      "an item's stated change or direction does not follow from its two figures",
      example=("（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年执行数为 50.00 万元，增"
               "长 12.00%。",
               "（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年执行数为 50.00 万元，增"
               "长 32.22%。"))
def item_changes(ctx: Context) -> Iterator[Issue]:
    for change in ctx.facts_where(kind="change", subject="功能科目"):
        pair = item_pair(ctx, change)
        if pair is None:
            continue
        now, prior = pair
        if prior.figure <= 0:
            continue
        actual_dir = "增加" if now.figure > prior.figure else "减少" if now.figure < prior.figure else "持平"
        lines = sorted({now.line, prior.line, change.line})
        if change.direction != actual_dir:
            yield Issue(f"「{change.item}」从 {prior.value} 到 {now.value}{now.unit} 应为{actual_dir}，"
                        f"文中称{change.direction}", lines, expected=actual_dir, actual=change.direction)
            continue
        if change.change_pct is None:
            continue
        delta = abs(now.figure - prior.figure)
        slack = half_unit(now.figure) + half_unit(change.figure if prior.derived else prior.figure)
        bounds = pct_range(delta, prior.figure, slack, slack)
        if bounds is None:
            continue
        places = decimals(change.change_pct)
        lo, hi = (round_pct(b, places) for b in bounds)
        ctx.tick()
        if not (lo <= change.change_pct <= hi):
            exact = round_pct(delta / prior.figure * 100, places)
            slip = abs(change.change_pct - exact) <= Decimal(1).scaleb(-places)
            yield Issue(f"「{change.item}」{prior.value}→{now.value}{now.unit}，"
                        f"{change.direction}幅度应为 "
                        f"{exact}%，文中为 {change.change_pct}%" + ("（末位舍入差）" if slip else ""), lines,
                        expected=f"{exact}%", actual=f"{change.change_pct}%", severity="warning" if slip else None)


_NEGATED = re.compile(r"(?:未|没有|无|不再|不|停止)[^，,。；;]{0,4}?"
                      r"(?:增加|增长|上升|提高|扩大|新增|减少|下降|降低|压减|缩减)")
_UP_WORDS = ("增加", "增长", "上升", "提高", "扩大", "新增")
_DOWN_WORDS = ("减少", "下降", "降低", "压减", "缩减", "减")


@rule("narrative.reason", "warning", "增减原因与增减方向相反",
      "the reason given contradicts the direction of the change",
      example=("（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年 50.00 万元，增长 32.22%"
               "，主要原因是压减会议费。",
               "（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年 50.00 万元，增长 32.22%"
               "，主要原因是新增编制 3 人。"))
def reason(ctx: Context) -> Iterator[Issue]:
    for change in ctx.facts:
        text = change.reason or ""
        if change.kind != "change" or not text:
            continue
        plain = _NEGATED.sub("", text)   # "未安排新增预算" says nothing rose
        says_up = any(w in plain for w in _UP_WORDS)
        says_down = any(w in plain for w in _DOWN_WORDS) and not any(w in plain for w in ("增加", "增长"))
        if (change.direction == "增加" and says_down and not says_up
                or change.direction == "减少" and says_up and not says_down):
            what = change.item or change.subject
            yield Issue(f"「{what}」{change.direction}，但原因写的是「{text}」", change.lines,
                        expected=f"说明{change.direction}的原因", actual=text)


@rule("narrative.unit_slip", "warning", "说明中的金额比全部预算大上千倍：单位多半写错（元写成万元）",
      "an amount in the text is a thousand times the whole budget: its unit is probably wrong",
      example=("固定资产总额 302,475,975.31 万元。",
               "固定资产总额 302,475,975.31 元。"))
def unit_slip(ctx: Context) -> Iterator[Issue]:
    total = grand_total(ctx, "收入") or grand_total(ctx, "支出")
    if not total or not ctx.comparable(*total) or total[0].yuan <= 0:
        return
    for fact in ctx.facts_where(kind="amount"):
        if fact.unit not in ("元", "万元", "亿元") or fact.value is None:
            continue
        stated = fact_fig(fact)
        ctx.tick()
        if stated.yuan > total[0].yuan * 1000:
            yield Issue(f"说明中{fact.raw_subject or fact.subject} {stated.show()}，"
                        f"是全部预算 {total[0].show()} 的 "
                        f"{int(stated.yuan / total[0].yuan)} 倍，单位多半写错", [stated.line, total[0].line],
                        expected="与预算规模相称的金额或单位", actual=stated.show())


def _near(a: str, b: str) -> bool:
    """Two names one slip apart: the same characters in another order, or one or two replaced."""
    if a == b or len(a) != len(b) or len(a) < 4:
        return False
    return sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b, strict=True)) <= 1


@rule("narrative.item_name", "warning", "逐项说明中的科目名称与标准名称相差一两个字（疑似笔误）",
      "an item-by-item explanation misspells a standard item name",
      example=("1.“一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政事务管理”科目 1.00 万元。",
               "1.“一般公共服务支出-政府办公厅（室）及相关机构事务-一般行政管理事务”科目 1.00 万元。"))
def item_name(ctx: Context) -> Iterator[Issue]:
    names = {reference.name_key(fc.name) for fc in reference.function_codes().values()}
    for fact in ctx.facts_where(kind="amount", subject="功能科目"):
        if item_rows(ctx, fact.item):
            continue
        for name in (reference.name_key(n) for n in str(fact.item).split("/") if n):
            ctx.tick()
            if name in names:
                continue
            close = sorted(n for n in names if _near(name, n))
            if close:
                yield Issue(f"说明中的科目名称「{name}」不是标准科目名称，疑为「{close[0]}」之误", [fact.line],
                            expected=close[0], actual=name)


@rule("narrative.zero_base", "warning", "上年为零却给出增长百分比（基数为 0，增幅无从计算）",
      "a percentage change is given although last year's figure was zero",
      example=("（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年执行数为 0.00 万元，增长"
               " 100.00%。",
               "（一）一般公共服务支出（类）档案事务（款）行政运行（项）66.11 万元，上年执行数为 0.00 万元。"))
def zero_base(ctx: Context) -> Iterator[Issue]:
    told: set[int] = set()
    for change in ctx.facts_where(kind="change", direction="增加"):
        if change.change_pct in (None, 0):
            continue
        pair = item_pair(ctx, change) if change.subject == "功能科目" else None
        now = pair[0] if pair else current_amount(ctx, change) if change.value else None
        prior = pair[1].figure if pair else (now.figure - change.figure if now else None)
        if now is None or prior is None or prior != 0 or now.unit != change.unit:
            continue
        what = change.item or change.subject
        yield Issue(f"「{what}」上年为 0，本年 {now.value}{now.unit}，增长幅度无从计算，"
                    f"文中写 {change.change_pct}%（应写“上年无此项”或“不可比”）",
                    sorted(set(change.lines) | {int(now.line)}),
                    expected="不可比", actual=f"{change.change_pct}%")
        told.add(change.line)
    for sentence, line in growth_from_nothing(ctx):
        if line not in told:
            yield Issue(f"「{sentence[-60:]}」：本年数即增加额，上年为 0，增长幅度无从计算"
                        f"（应写“上年无此项”或“不可比”）", [line], expected="不可比", actual="100%")


#: Words a reason needs no more than to restate a change ("会议费支出下降").
_RESTATING = re.compile(r"支出|经费|费用|费|预算|资金|有所|相应|的|主要|是|为|较上年|比上年|上年|同比|"
                        r"增加|增长|上升|提高|减少|下降|降低|压减|减|增|[，,。、；;：:\s]")


@rule("narrative.reason_restated", "warning", "说明的“原因”只是重述增减（如“会议费支出下降”），没有给出原因",
      "the stated reason only repeats the change (\"meeting costs fell\") and gives no cause",
      example=("（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年 50.00 万元，增长 32.22%"
               "，主要原因是行政运行经费增加。",
               "（一）一般公共服务支出（类）档案事务（款）行政运"
               "行（项）66.11 万元，上年 50.00 万元，增长 32.22%"
               "，主要原因是新增编制 3 人。"))
def reason_restated(ctx: Context) -> Iterator[Issue]:
    """One finding for the document (a drafting habit, one root cause), citing every such reason."""
    found = list(_restated(ctx))
    told = {n for *_, lines in found for n in lines}
    found += [f for f in restated_in_text(ctx) if not set(f[3]) & told]
    if found:
        shown = "；".join(f"「{what}」{word}：「{text}」" for what, word, text, _ in found[:3])
        more = "等" if len(found) > 3 else ""
        yield Issue(f"{len(found)} 处增减的“原因”只是重述了增减，没有说明原因，如{shown}{more}",
                    sorted({n for *_, lines in found for n in lines}), expected="增减的具体原因",
                    actual=f"{len(found)} 处只重述增减")


def _restated(ctx: Context) -> Iterator[tuple[str, str, str, tuple[int, ...]]]:
    """(item, direction, reason, lines) of each change whose reason only repeats it."""
    for change in ctx.facts_where(kind="change"):
        text = change.reason or ""
        if not text or change.direction not in ("增加", "减少"):
            continue
        opposite = ("减少", "下降", "降低") if change.direction == "增加" else ("增加", "增长", "上升")
        if any(w in text for w in opposite):
            continue   # a reason that contradicts the change is narrative.reason's finding
        names = {str(change.raw_subject or ""), str(change.subject or "")}
        names |= set(str(change.item or "").split("/"))
        rest = text
        for name in sorted((reference.name_key(n) for n in names if len(n) >= 2), key=len, reverse=True):
            for word in {name, name.removesuffix("费"), name.removesuffix("经费"), name.removesuffix("支出")}:
                if len(word) >= 2:
                    rest = rest.replace(word, "")
        if len(text) >= 4 and not _RESTATING.sub("", rest):
            yield str(change.item or change.subject).split("/")[-1], change.direction, text, change.lines


def _three_public_change(ctx: Context, fact: Fact) -> tuple[Fact, list[Fig], list[Fig]] | None:
    """(the change stated with a 三公 amount, the budget-year figures, the prior-year figures) when the
    三公 table holds both years and the amount's own sentence (not another on its line) states one change against a
    prior budget (not 执行/决算)."""
    table = ctx.counterpart("three_public")
    changes = [c for c in ctx.facts_where(kind="change", line=fact.line, sentence=fact.sentence)
               if c.value is not None and c.direction in ("增加", "减少") and c.unit == fact.unit]
    if table is None or len(changes) != 1 or re.search(r"执行|决算|实际", str(changes[0].sentence)):
        return None
    prior_row = yearblocks.department_row(table, prior=True)
    year = re.sub(r"\D", "", str(prior_row.get("年度") or "")) if prior_row else ""
    if changes[0].compared_year is not None and str(changes[0].compared_year) != year:
        return None   # compared with another year than the table's prior year
    now, before = three_public_funds(ctx, fact), three_public_funds(ctx, fact, prior=True)
    return (changes[0], now, before) if now and before else None


@rule("narrative.three_public_change", "error", "三公经费较上年的增减额与三公经费表两年数之差不符",
      "a 三公 amount's stated change differs from the 三公 table's budget year less its prior year",
      example=("2026 年财政拨款“三公”经费预算 43.79 万元，较 2025 年年初预算增加7.02 万元。",
               "2026 年财政拨款“三公”经费预算 43.79 万元，较 2025 年年初预算增加6.02 万元。"))
def three_public_changes(ctx: Context) -> Iterator[Issue]:
    for fact in ctx.facts_where(kind="amount"):
        if fact.subject not in THREE_ROWS:
            continue
        amounts = [f for f in ctx.facts_where(kind="amount", line=fact.line) if f.subject in THREE_ROWS]
        found = _three_public_change(ctx, fact) if len(amounts) == 1 else None
        if found is None:
            continue
        change, now, before = found
        delta = ctx.sum_figs(now) - ctx.sum_figs(before)
        stated = fact_fig(change)
        signed = stated.yuan if change.direction == "增加" else -stated.yuan
        if ctx.close(signed, delta, [stated, *now, *before]):
            continue
        word = "增加" if delta >= 0 else "减少"
        expected = f"{word} {show_in(abs(delta), stated.unit, max(2, decimals(stated.value)))}"
        yield Issue(f"说明称{fact.subject}较上年{change.direction} {stated.show()}，三公经费表两年数之差为"
                    f"{expected}", sorted({stated.line, now[0].line, before[0].line}),
                    expected=expected, actual=f"{change.direction} {stated.show()}")

