"""Generated districts: departments over several consecutive years, and defects injected on request.

Year k+1 of a department spends each item of year k times a random 0.92–1.12 (to the cent), and its
text states the change on year k from year k's own total, so a warehouse holding both years sees
statements about last year that agree with what last year published. With ``defect_rate`` each
document is given, with that probability, one defect of a known kind at a known line; the
manifest ``defects.csv`` lists them (params file, document, line, defect, the rule that must find it).
"""
from __future__ import annotations

import csv
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from .budget import Budget, draw, scaled
from .text import BudgetDocument

_Line = tuple[int, str]


def next_year(b: Budget, rng: random.Random) -> Budget:
    """The same department a year later: every item changed a little, last year's total as the prior figure."""
    n = replace(scaled(b, rng, 920, 1120), year=b.year + 1)
    total = n.total
    n.prior, n.delta, n.grew = b.total, abs(total - b.total), total > b.total
    return n


def department_years(seed: int, years: int, unit: str | None = None) -> list[tuple[Budget, str]]:
    """(figures, text) of one department's budgets for ``years`` consecutive years."""
    budgets = [draw(seed, unit)]
    for k in range(1, years):
        budgets.append(next_year(budgets[-1], random.Random(seed * 7919 + k)))
    return [(b, BudgetDocument(b).text()) for b in budgets]


# -- defects ---------------------------------------------------------------------------------------------
def _cell(lines: list[str], b: Budget) -> _Line | None:
    """A figure of the general-budget table's 行政运行 row 1.00 off (its row no longer adds up; a cent would
    be within the rounding of the figures it is the sum of)."""
    rows = [i for i, t in enumerate(lines) if t.startswith(f"{b.kuan[:3]}\t{b.kuan[3:]}\t01\t")]
    if not rows:
        return None
    i = rows[-1]
    cells = lines[i].split("\t")
    k = next(n for n, c in enumerate(cells) if n > 5 and c and c[0].isdigit() and "." in c)
    cells[k] = format(Decimal(cells[k]) + Decimal("1.00"), "f")
    lines[i] = "\t".join(cells)
    return i + 1, "arithmetic.row_total"


def _name(lines: list[str], b: Budget) -> _Line | None:
    """The department's name misprinted once, in a table's header (one character replaced)."""
    found = [n for n, t in enumerate(lines) if t.strip() == f"部门名称：{b.dept}"]
    i = found[len(found) // 2] if found else None
    if i is None:
        return None
    wrong = b.dept[:1] + ("海" if b.dept[1] != "海" else "江") + b.dept[2:]
    lines[i] = lines[i].replace(b.dept, wrong, 1)
    return i + 1, "identity.department_name"


def _placeholder(lines: list[str], _b: Budget) -> _Line | None:
    """A placeholder left in a sentence of the text."""
    i = next((n for n, t in enumerate(lines) if "主要原因是业务工作量变化" in t), None)
    if i is None:
        return None
    lines[i] = lines[i].replace("主要原因是业务工作量变化", "主要原因是XX", 1)
    return i + 1, "format.placeholder"


DEFECTS = {"table_cell": _cell, "department_name": _name, "placeholder": _placeholder}


def inject(text: str, b: Budget, rng: random.Random) -> tuple[str, tuple[int, str, str] | None]:
    """The text with one defect of a random kind, and (line, defect, rule that must find it)."""
    lines = text.split("\n")
    kind = rng.choice(sorted(DEFECTS))
    found = DEFECTS[kind](lines, b)
    return ("\n".join(lines), (found[0], kind, found[1])) if found else (text, None)


def write_district(count: int, out: Path, start: int = 1, unit: str | None = None, years: int = 1,
                   defect_rate: float = 0.0) -> list[Path]:
    """``count`` departments × ``years`` budgets with their params files in ``out`` (data/, params/) and,
    with ``defect_rate``, defects.csv naming each injected defect; returns the params paths."""
    import yaml

    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "params").mkdir(parents=True, exist_ok=True)
    written, manifest = [], []
    for seed in range(start, start + count):
        rng = random.Random(seed * 104729)
        for b, text in department_years(seed, years, unit):
            defect = None
            if defect_rate and rng.random() < defect_rate:
                text, defect = inject(text, b, rng)
            name = f"generated-{seed:04d}"
            doc = out / "data" / f"{name}-{b.year}.txt"
            doc.write_text(text, encoding="utf-8")
            params = out / "params" / f"{name}-{b.year}.yaml"
            params.write_text(yaml.safe_dump({"document": f"../data/{doc.name}", "department": b.dept,
                                              "year": b.year, "unit": b.unit, "slug": name},
                                             allow_unicode=True, sort_keys=False), encoding="utf-8")
            written.append(params)
            if defect:
                manifest.append({"params": params.name, "document": doc.name, "line": defect[0],
                                 "defect": defect[1], "rule": defect[2]})
    if defect_rate:
        with (out / "defects.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["params", "document", "line", "defect", "rule"])
            writer.writeheader()
            writer.writerows(manifest)
    return written
