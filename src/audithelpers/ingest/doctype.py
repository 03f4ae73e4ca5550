"""Whether a disclosure is a budget (预算) or final accounts (决算), from its own words.

The cover says it ("2026年部门预算", "2024 年度部门决算"); where the cover does not, or says both,
the table titles decide: 决算 tables ("收入支出决算总表") against 预算 tables, the funds' names
(一般公共预算, 政府性基金预算 …) not counting as 预算. When neither clearly wins the kind is "unclear".
"""
from __future__ import annotations

import re
from collections.abc import Iterable

KINDS = ("budget", "final", "unclear")
#: Fund names that contain 预算 without making a table a budget table.
_FUNDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算单位|预算数|年初预算|全年预算")


def _says(text: str) -> str | None:
    text = _FUNDS.sub("", re.sub(r"\s+", "", text))
    budget, final = "预算" in text, "决算" in text
    return "budget" if budget and not final else "final" if final and not budget else None


def document_kind(cover: Iterable[str], titles: Iterable[str]) -> str:
    """"budget", "final" or "unclear": the cover's word, else the table titles' majority (two to one)."""
    said = _says("".join(cover))
    if said is not None:
        return said
    votes = [k for k in map(_says, titles) if k is not None]
    budget, final = votes.count("budget"), votes.count("final")
    if final >= 2 * max(budget, 1):
        return "final"
    if budget >= 2 * max(final, 1):
        return "budget"
    return "unclear"
