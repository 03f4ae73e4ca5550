"""Generated districts: departments over several consecutive years, and defects injected on request.

Year k+1 of a department spends each item of year k times a random 0.92–1.12 (to the cent), and its
text states the change on year k from year k's own total, so a warehouse holding both years sees
statements about last year that agree with what last year published. With ``defect_rate`` each
document is given, with that probability, one defect of a known kind at a known line (the
``district: true`` cases of ``data/rule_cases.yaml``); the manifest ``defects.csv`` lists them (params
file, document, line, defect, the rule that must find it).
"""
from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

from .budget import Budget, draw, scaled
from .cases import NoMatch, apply, district_cases
from .text import BudgetDocument


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
def inject(text: str, rng: random.Random) -> tuple[str, tuple[int, str, str] | None]:
    """The text with one defect of a random kind, and (line, defect, rule that must find it). The kinds are the
    ``district: true`` cases of ``data/rule_cases.yaml`` (``generate.cases``), which the tests also run."""
    defects = district_cases()
    case = defects[rng.choice(sorted(defects))]
    try:
        lines, cited = apply(case, text.split("\n"))
    except NoMatch:   # a document this defect cannot be made in: left as it was
        return text, None
    return "\n".join(lines), (cited[0], case.name, case.rule)


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
                text, defect = inject(text, rng)
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
