"""Canonical table kinds (docs/design.md) and how a title is recognised as one of them.

Titles vary between places and years, so a title is reduced to its core (numbering,
year, department name and brackets removed) and matched against ordered rules of
required and forbidden key phrases. The first rule that matches wins; the order puts
the more specific kinds first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..read.text import normalise


@dataclass(frozen=True)
class Kind:
    id: str
    label: str                      # Chinese name used in findings and reports
    all_of: tuple[str, ...]         # every phrase must occur
    any_of: tuple[str, ...] = ()    # at least one must occur (if given)
    none_of: tuple[str, ...] = ()   # none may occur
    exact: tuple[str, ...] = ()     # whole-title synonyms that do not end in 表


#: The nine tables of final accounts (部门决算, 财政部 template), before the budget kinds: a title naming
#: 决算 is never a budget table. The order puts the table of one fund before the summaries naming 收入支出.
FINAL_KINDS: tuple[Kind, ...] = (
    Kind("final_three_public", "财政拨款“三公”经费支出决算表", ("三公", "决算")),
    Kind("final_fund", "政府性基金预算财政拨款收入支出决算表", ("政府性基金", "决算")),
    Kind("final_state_capital", "国有资本经营预算财政拨款支出决算表", ("国有资本经营", "决算")),
    Kind("final_basic", "一般公共预算财政拨款基本支出决算表", ("基本支出", "决算")),
    Kind("final_general", "一般公共预算财政拨款支出决算表", ("一般公共预算", "支出", "决算"), (), ("收入",)),
    Kind("final_fiscal_summary", "财政拨款收入支出决算总表", ("财政拨款", "收入", "支出", "决算")),
    Kind("final_summary", "收入支出决算总表", ("收入", "支出", "决算")),
    Kind("final_revenue", "收入决算表", ("收入", "决算")),
    Kind("final_expenditure", "支出决算表", ("支出", "决算")),
)

KINDS: tuple[Kind, ...] = FINAL_KINDS + (
    Kind("dept_performance", "部门整体绩效目标表", ("整体", "绩效")),
    Kind("project_performance", "项目绩效目标表", ("绩效",), ("项目",)),
    Kind("projects", "项目支出预算表", ("项目",), ("项目支出", "项目经费"), ("绩效",),
         exact=("项目经费情况说明", "项目支出情况说明")),
    Kind("three_public", "“三公”经费预算表", ("三公",)),
    Kind("operating_cost", "机关运行经费预算表", ("机关运行经费",)),
    Kind("procurement", "政府采购预算表", ("政府采购",)),
    Kind("purchase_service", "政府购买服务预算表", ("购买服务",)),
    Kind("transfer", "转移支付预算表", ("转移支付",)),
    Kind("assets", "新增资产配置表", ("资产",)),
    Kind("carryover", "上年结转预算表", ("结转",), (), ("收支",)),
    Kind("units", "预算单位构成表", ("单位构成表",)),
    Kind("fund_budget", "政府性基金支出预算表", ("政府性基金",), ("支出",), ("收入",)),
    Kind("state_capital", "国有资本经营预算支出表", ("国有资本经营",), ("支出",)),
    Kind("fiscal_basic", "财政拨款基本支出表", ("财政拨款", "基本支出")),
    Kind("fiscal_expenditure", "财政拨款支出表", ("财政拨款", "支出"), (), ("收支", "收入")),
    Kind("basic_expenditure", "一般公共预算基本支出表", ("基本支出",)),
    Kind("economic_summary", "支出经济分类汇总表", ("经济分类",)),
    Kind("general_budget", "一般公共预算支出表", ("一般公共预算",), ("支出",)),
    Kind("fiscal_summary", "财政拨款收支总表", ("财政拨款",), ("收支",)),
    Kind("summary", "部门收支总表", ("收支",)),
    Kind("revenue", "部门收入总表", ("收入",)),
    Kind("expenditure", "部门支出总表", ("支出",)),
)

BY_ID = {kind.id: kind for kind in KINDS}
KIND_IDS = tuple(kind.id for kind in KINDS)

_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+|\d+)\s*[、.．)]\s*"
                        r"|^\s*[(（][一二三四五六七八九十\d]+[)）]\s*"
                        r"|^\s*(?:附件|附表)\s*\d*\s*[:：、]?\s*")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?|[（(]\s*(?:19|20)\d{2}\s*年度?\s*[)）]")
_BRACKET_NOTE = re.compile(r"[（(][^（()）]*(?:单位|万元|元)[^（()）]*[)）]|[（(][^（()）]{1,16}[)）]$")
_QUOTES = re.compile(r"[\"“”'‘’「」]")


def title_core(title: str, department: str | None = None) -> str:
    """Reduce a title to its core phrase: no numbering, year, department, spaces or quotes."""
    text = normalise(title)
    text = _NUMBERING.sub("", text)
    text = _YEAR.sub("", text)
    text = _BRACKET_NOTE.sub("", text)
    text = _QUOTES.sub("", text)
    text = re.sub(r"\s+", "", text)
    if department:
        text = text.replace(re.sub(r"\s+", "", normalise(department)), "")
    return text


def _matches(kind: Kind, core: str) -> bool:
    if core in kind.exact:
        return True
    if not core.endswith("表"):
        return False
    return (all(p in core for p in kind.all_of)
            and (not kind.any_of or any(p in core for p in kind.any_of))
            and not any(p in core for p in kind.none_of))


_EXACT = {e for kind in KINDS for e in kind.exact}


def classify_title(title: str, department: str | None = None) -> str | None:
    """The kind id a table title names, or None when it names no known table."""
    if len(title) > 120 or ("表" not in title and not any(e in title for e in _EXACT)):
        return None
    return _classify(title, department)


@lru_cache(maxsize=4096)
def _classify(title: str, department: str | None) -> str | None:
    core = title_core(title, department)
    if not core or len(core) > 40 or "。" in core:
        return None
    for kind in KINDS:
        if _matches(kind, core):
            return kind.id
    return None
