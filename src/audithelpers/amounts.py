"""Figures: cell and sentence amounts as Decimal, units, percentages."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: Cell contents that mean "nothing here" (absent, not zero).
ABSENT = frozenset({"", "-", "—", "--", "——", "/", "─", "–", "…", "无"})

#: How many yuan one unit is worth.
UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

#: A figure: plain, or grouped by thousands (1,234,567.89; some producers group only the last thousands:
#: 120258,600).
_NUMBER = re.compile(r"^\(?-?\d+(?:,\d{3})+(?:\.\d+)?\)?$|^\(?-?\d+(?:\.\d+)?\)?$")
_UNIT = re.compile(r"单位\s*[:：]?\s*(亿元|万元|元)")


class Unparsed(str):
    """A cell that looks like a figure but could not be parsed (kept for the format checks)."""


def parse_amount(cell: str | None) -> Decimal | None | Unparsed:
    """Parse an amount cell.

    Returns a Decimal, ``None`` for an absent cell, or an :class:`Unparsed` holding the
    text when the cell is neither absent nor a number.
    """
    if cell is None:
        return None
    text = cell.strip().replace(" ", "")
    if text in ABSENT:
        return None
    if not _NUMBER.match(text):
        return Unparsed(text)
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return Unparsed(cell)
    return -value if negative else value


def is_number(cell: str | None) -> bool:
    """True when the cell is a figure (not absent, not text)."""
    value = parse_amount(cell)
    return isinstance(value, Decimal)


def decimals(value: Decimal) -> int:
    """Number of decimal places printed."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def to_unit(value: Decimal, unit: str, target: str) -> Decimal:
    """Convert ``value`` from ``unit`` to ``target`` (exactly, no rounding)."""
    if unit == target:
        return value
    return value * UNIT_FACTORS[unit] / UNIT_FACTORS[target]


def find_unit(text: str) -> str | None:
    """The unit declared by a line such as ``单位：万元``."""
    match = _UNIT.search(text)
    return match.group(1) if match else None


def tolerance(*values: Decimal) -> Decimal:
    """Rounding tolerance of a sum of printed figures: n × half a unit of the last place."""
    total = Decimal(0)
    for value in values:
        total += Decimal(5) * Decimal(10) ** (-decimals(value) - 1)
    return total


def fmt(value: Decimal | None) -> str:
    """A Decimal as printed in findings (no exponent, no float artefacts)."""
    if value is None:
        return "（空）"
    return format(value, "f")

#: An amount and its unit as the text prints them ("1,234.56 万元"): groups (number, unit).
NUM_UNIT = r"(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)"
