"""Reference data shipped with the package (see data/SOURCES.md)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .read.text import normalise


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("audithelpers.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def name_key(name: str) -> str:
    """Names compared without spaces, with normalised brackets."""
    return "".join(normalise(name).split())


@dataclass(frozen=True)
class FunctionCode:
    code: str
    level: str
    name: str
    former: tuple[str, ...]                 # earlier names of the class
    renamed: tuple[int, ...] = ()           # year each earlier name was replaced


def _former(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    names, years = [], []
    for item in filter(None, text.split(";")):
        name, _, year = item.partition("@")
        names.append(name)
        years.append(int(year) if year else 0)
    return tuple(names), tuple(years)


@lru_cache(maxsize=1)
def function_codes() -> dict[str, FunctionCode]:
    return {r["code"]: FunctionCode(r["code"], r["level"], r["name"], *_former(r["former_names"]))
            for r in _rows("function_codes.csv")}


@lru_cache(maxsize=1)
def class_by_name() -> dict[str, str]:
    """Class (类) name, current or former, with or without 支出 -> code."""
    out = {}
    for fc in function_codes().values():
        if fc.level != "类":
            continue
        for name in (fc.name, *fc.former):
            key = name_key(name)
            out[key] = fc.code
            out[key.removesuffix("支出")] = fc.code
    return out


@lru_cache(maxsize=1)
def economic_codes() -> dict[str, str]:
    return {r["code"]: r["name"] for r in _rows("economic_codes.csv")}


@lru_cache(maxsize=1)
def economic_mapping() -> dict[tuple[str, str], tuple[str, str, bool]]:
    """(dept code, regime 行政|事业) -> (government code, name, verified)."""
    return {(r["dept_code"], r["regime"]): (r["gov_code"], r["gov_name"], r["verified"] == "yes")
            for r in _rows("economic_mapping.csv")}


@lru_cache(maxsize=None)
def required(region: str = "default") -> dict:
    """Required tables and narrative items of a region, with ``extends`` resolved."""
    text = resources.files("audithelpers.data").joinpath("required.yaml").read_text(encoding="utf-8")
    regions = yaml.safe_load(text)
    if region not in regions:
        raise KeyError(region)
    entry = dict(regions[region])
    base = entry.pop("extends", None)
    if base:
        merged = dict(required(base))
        merged.update(entry)
        return merged
    return entry


def regions() -> list[str]:
    text = resources.files("audithelpers.data").joinpath("required.yaml").read_text(encoding="utf-8")
    return sorted(yaml.safe_load(text))
