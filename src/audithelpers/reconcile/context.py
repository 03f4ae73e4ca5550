"""What every rule needs: the disclosure, located figures, tolerances, reference data."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Iterator


from ..amounts import UNIT_FACTORS, decimals, fmt
from ..model import FINAL_OF, Disclosure, Fact, Table
from .. import reference

#: The unit of a table that does not state one: its figures add up within the table but are
#: never compared with another table or with the text.
UNSTATED = "（单位未注明）"
_FACT_FIELDS = frozenset(f.name for f in fields(Fact))


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
        self.not_checked: dict[str, int] = {}         # checks a rule could not make (what it needed was not read)
        self.memo: dict[str, Any] = {}                # what several rules read of the document, read once
        self.facts: list[Fact] = list(self.disclosure.fact_records)
        self.tails: list[tuple[str, Fig, Decimal]] = []  # sums that hold only within rounding: (rule, total, Σ parts)

    def rows(self, table: Table) -> list[dict]:
        """The table's rows as dicts (what the rules read; the DataFrame is for people)."""
        return table.records

    def facts_where(self, **conditions: object) -> list[Fact]:
        """The facts whose fields equal these values (a name that is not a field of ``Fact`` is an error)."""
        unknown = set(conditions) - _FACT_FIELDS
        if unknown:
            raise TypeError(f"facts_where: not a field of Fact: {', '.join(sorted(unknown))}")
        return [f for f in self.facts if all(getattr(f, k) == v for k, v in conditions.items())]

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

    def lines(self, original: bool = False) -> Iterator[tuple[int, str]]:
        """(number, text) of every line of the document, normalised (or ``original``), each counted as a check of
        the rule now running."""
        for number, text in enumerate(self.disclosure.source.lines if original else self.disclosure.source.norm, 1):
            self.tick()
            yield number, text

    # -- tables ---------------------------------------------------------------------------------
    def tables(self, *kinds: str) -> list[Table]:
        """The understood tables of these kinds."""
        return [t for t in self.understood if t.kind in kinds]

    def counterpart(self, kind: str) -> Table | None:
        """The understood table of ``kind``, or in final accounts the final-accounts table of the same quantities
        (``model.FINAL_OF``): the narrative of 决算 names its figures as the narrative of 预算 does."""
        return self.table(kind) or (self.table(FINAL_OF[kind]) if kind in FINAL_OF else None)

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
        held = abs(ya - yb) <= slack
        if held and ya != yb and len(figs) > 2 and isinstance(a, Fig) and self.rule.startswith("arithmetic.") \
                and all(decimals(f.value) <= decimals(a.value) for f in figs):
            self.tails.append((self.rule, a, yb))   # a tail difference (尾差): said as an info, never an error
        return held

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


def pct_range(part: Decimal, whole: Decimal, part_unit_half: Decimal, whole_unit_half: Decimal
              ) -> tuple[Decimal, Decimal] | None:
    """Smallest and largest percentage the printed (rounded) figures allow."""
    lo_w, hi_w = whole - whole_unit_half, whole + whole_unit_half
    lo_p, hi_p = max(part - part_unit_half, Decimal(0)), part + part_unit_half
    if lo_w <= 0:
        return None
    return lo_p / hi_w * 100, hi_p / lo_w * 100


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last printed digit of ``value``."""
    return Decimal(5) * Decimal(10) ** (-decimals(value) - 1)

