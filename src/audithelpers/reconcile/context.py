"""What every rule needs: the disclosure, located figures, tolerances, reference data."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable


from ..amounts import UNIT_FACTORS, decimals, fmt
from ..model import Disclosure, Table
from .. import reference

#: The unit of a table that does not state one: its figures add up within the table but are
#: never compared with another table or with the text.
UNSTATED = "（单位未注明）"


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


@dataclass
class Context:
    disclosure: Disclosure
    region: str = "default"
    tolerance_factor: Decimal = Decimal(1)
    required: dict = field(default_factory=dict)
    expected_department: str | None = None     # from the params file
    expected_year: int | None = None
    budget: Disclosure | None = None           # the year's budget, for a final account (params ``budget``)
    history: dict | None = None                # last year's published key figures: {item: yuan, "source": …}

    def __post_init__(self) -> None:
        if not self.required:
            self.required = reference.required(self.region)
        # a table whose columns could not be mapped is kept and reported, never checked
        self.understood: list[Table] = [t for t in self.disclosure.tables if t.layout != "positional"]
        self.tally: dict[tuple[int, str], int] = {}   # sums checked, by (the table's first line, rule)
        self.rule = ""                                 # the rule now running
        self.checks: dict[str, int] = {}               # comparisons made, by rule
        self.failed: set[str] = set()                  # rules that could not run
        self.facts: list[dict] = [dict(r) for r in self.disclosure.fact_records]

    def rows(self, table: Table) -> list[dict]:
        """The table's rows as dicts (what the rules read; the DataFrame is for people)."""
        return table.records

    def facts_where(self, **conditions) -> list[dict]:
        return [f for f in self.facts if all(f.get(k) == v for k, v in conditions.items())]

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
        """The understood tables of these kinds."""
        return [t for t in self.understood if t.kind in kinds]

    def table(self, kind: str) -> Table | None:
        """The first understood table of a kind."""
        return next((t for t in self.understood if t.kind == kind), None)

    def fig(self, table: Table, row: dict | None, column: str) -> Fig | None:
        if row is None:
            return None
        value = row.get(column)
        if not isinstance(value, Decimal):
            return None
        return Fig(value, table.unit or UNSTATED, int(row["line"]))

    def total_row(self, table: Table) -> dict | None:
        """The table's grand-total row."""
        return table.total_row()

    # -- comparisons ----------------------------------------------------------------------------
    @staticmethod
    def comparable(*figs: Fig | None) -> bool:
        """Figures whose units are all stated (and so can be compared across tables or with the text)."""
        return all(f is not None and f.unit != UNSTATED for f in figs)

    def close(self, a: Fig | Decimal, b: Fig | Decimal, parts: Iterable[Fig] = ()) -> bool:
        """Equal within the rounding of every printed figure involved."""
        figs = [x for x in (a, b, *parts) if isinstance(x, Fig)]
        ya = a.yuan if isinstance(a, Fig) else a
        yb = b.yuan if isinstance(b, Fig) else b
        slack = sum((f.half_unit_yuan for f in figs), Decimal(0)) * self.tolerance_factor
        self.tick()
        return abs(ya - yb) <= slack

    def tick(self) -> None:
        """Count one comparison made by the rule now running (what "checked and consistent" reports)."""
        self.checks[self.rule] = self.checks.get(self.rule, 0) + 1

    def count(self, table: Table, rule: str) -> None:
        """Count one sum checked in ``table`` by ``rule`` (what a "not understood" verdict weighs)."""
        key = (table.first_line, rule)
        self.tally[key] = self.tally.get(key, 0) + 1

    def sum_figs(self, figs: Iterable[Fig | None]) -> Decimal:
        return sum((f.yuan for f in figs if f is not None), Decimal(0))


def round_pct(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
