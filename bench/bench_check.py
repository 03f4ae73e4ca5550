"""Time ``check`` (ingest + reconcile) of the seed in-process, and count the rules per family.

Usage: python bench/bench_check.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.ingest.build import ingest_source  # noqa: E402
from audithelpers.read.text import read_bytes  # noqa: E402
from audithelpers.reconcile import reconcile, rule_catalogue  # noqa: E402

SEED = ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    data = SEED.read_bytes()
    d = ingest_source(read_bytes(data))
    reconcile(d)
    recon, total = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        d = ingest_source(read_bytes(data, str(SEED)))
        t1 = time.perf_counter()
        findings = reconcile(d)
        t2 = time.perf_counter()
        recon.append(t2 - t1)
        total.append(t2 - t0)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"check of the seed, {args.runs} runs: {len(findings)} findings")
    print(f"  reconcile only        median {ms(recon):7.2f} ms")
    print(f"  read+ingest+reconcile median {ms(total):7.2f} ms  (target < 50 ms)")
    families = Counter(r["family"] for r in rule_catalogue())
    print(f"rules: {sum(families.values())} — " + ", ".join(f"{k} {v}" for k, v in families.items()))


if __name__ == "__main__":
    main()
