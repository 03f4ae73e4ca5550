"""Generated disclosures written to a folder with their params files (``budget-audit generate``, the batch
benchmarks and tests)."""
from __future__ import annotations

from pathlib import Path

from .final import generate_final
from .text import generate


def write_generated(count: int, out: Path, start: int = 1, unit: str | None = None,
                    kind: str = "budget") -> list[Path]:
    """Write ``count`` generated disclosures (budgets, or final accounts with ``kind="final"``) and their
    params files into ``out``; returns the params paths."""
    import yaml

    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "params").mkdir(parents=True, exist_ok=True)
    written = []
    for seed in range(start, start + count):
        doc = generate_final(seed) if kind == "final" else generate(seed, unit)
        name = f"generated-{seed:04d}" + ("-final" if kind == "final" else "")
        doc_path = out / "data" / f"{name}-{doc.year}.txt"
        doc_path.write_text(doc.text, encoding="utf-8")
        params = {"document": f"../data/{doc_path.name}", "department": doc.department, "year": doc.year,
                  "unit": doc.unit, "slug": name}
        if kind == "final":
            params["kind"] = "final"
        params_path = out / "params" / f"{name}-{doc.year}.yaml"
        params_path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written.append(params_path)
    return written
