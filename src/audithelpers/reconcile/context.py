"""What every rule needs: the disclosure, located figures, tolerances, reference data."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

import pandas as pd

from ..amounts import UNIT_FACTORS, decimals, fmt
from ..model import Disclosure, Table
from .. import reference


@dataclass(frozen=True)
class Fig:
    """A figure with its unit and source line."""

    value: Decimal
    unit: str
    line: int

    @property
    def yuan(self) -> Decimal:
        return self.value * UNIT_FACTORS.get(self.unit, Decimal(1))

    @property
    def half_unit_yuan(self) -> Decimal:
        """Half a unit of the last printed digit, in yuan."""
        return Decimal(5) * Decimal(10) ** (-decimals(self.value) - 1) * UNIT_FACTORS.get(self.unit, Decimal(1))

    def show(self) -> str:
        return f"{fmt(self.value)}{self.unit}"


def show_in(value_yuan: Decimal, unit: str, places: int = 2) -> str:
    """A yuan amount shown in ``unit`` with ``places`` decimals."""
    value = (value_yuan / UNIT_FACTORS.get(unit, Decimal(1))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{fmt(value)}{unit}"


def total_label(text: str | None) -> bool:
    return bool(text) and re.sub(r"[\s:：]", "", str(text)) in {"合计", "总计"}


@dataclass
class Context:
    disclosure: Disclosure
    region: str = "default"
    tolerance_factor: Decimal = Decimal(1)
    share_tolerance_digits: int = 0           # extra digits of slack for percentages (0 = as printed)
    required: dict = field(default_factory=dict)
    expected_department: str | None = None     # from the params file
    expected_year: int | None = None

    def __post_init__(self) -> None:
        if not self.required:
            self.required = reference.required(self.region)

    # -- source ---------------------------------------------------------------------------------
    @property
    def paged(self) -> bool:
        pages = self.disclosure.source.pages
        return bool(pages) and pages[-1] > 1

    def page(self, line: int) -> int | None:
        pages = self.disclosure.source.pages
        return pages[line - 1] if pages and 0 < line <= len(pages) else None

    def text(self, line: int) -> str:
        return self.disclosure.source.norm[line - 1]

    # -- tables ---------------------------------------------------------------------------------
    def tables(self, *kinds: str) -> list[Table]:
        return [t for t in self.disclosure.tables if t.kind in kinds]

    def table(self, kind: str) -> Table | None:
        return self.disclosure.table(kind)

    def fig(self, table: Table, row: pd.Series | dict | None, column: str) -> Fig | None:
        if row is None or column not in table.data.columns:
            return None
        value = row[column]
        if not isinstance(value, Decimal):
            return None
        return Fig(value, table.unit or "元", int(row["line"]))

    def rows(self, table: Table) -> Iterable[pd.Series]:
        for _, row in table.data.iterrows():
            yield row

    def total_row(self, table: Table) -> pd.Series | None:
        """The table's grand-total row."""
        data = table.data
        if "level" in data.columns:
            hit = data[data["level"] == "合计"]
            if len(hit):
                return hit.iloc[0]
        text_cols = [c for c in data.columns if c not in table.amount_columns and c not in {"line", "code", "level"}]
        for _, row in data.iterrows():
            if any(total_label(row[c]) for c in text_cols):
                return row
        if table.kind in {"projects", "project_performance"} and len(data):
            first = data.iloc[0]
            label_cols = [c for c in ("类型", "项目名称", "项目编码", "项目单位") if c in data.columns]
            if all(not first[c] for c in label_cols[:2]) or first.get("项目编码", "") and not first.get("项目名称"):
                return first
        return None

    # -- comparisons ----------------------------------------------------------------------------
    def close(self, a: Fig | Decimal, b: Fig | Decimal, parts: Iterable[Fig] = ()) -> bool:
        """Equal within the rounding of every printed figure involved."""
        figs = [x for x in (a, b, *parts) if isinstance(x, Fig)]
        ya = a.yuan if isinstance(a, Fig) else a
        yb = b.yuan if isinstance(b, Fig) else b
        slack = sum((f.half_unit_yuan for f in figs), Decimal(0)) * self.tolerance_factor
        return abs(ya - yb) <= slack

    def sum_figs(self, figs: Iterable[Fig | None]) -> Decimal:
        return sum((f.yuan for f in figs if f is not None), Decimal(0))


def round_pct(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
