"""Time extract + check of each real PDF disclosure in-process (median of several runs).

Usage: python bench/bench_pdf.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.ingest.export import write_into  # noqa: E402
from audithelpers.ingest.build import ingest  # noqa: E402
from audithelpers.reconcile import reconcile  # noqa: E402

PDFS = sorted((ROOT / "data").glob("*.pdf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ingest(PDFS[0])   # warm imports
    for path in PDFS:
        read, check, extract = [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            d = ingest(path)
            t1 = time.perf_counter()
            findings = reconcile(d, region="shanghai")
            t2 = time.perf_counter()
            with tempfile.TemporaryDirectory() as tmp:
                write_into(Path(tmp), d)
            t3 = time.perf_counter()
            read.append(t1 - t0)
            check.append(t2 - t1)
            extract.append(t3 - t2)
        pages = d.source.pages[-1]
        total = statistics.median(read) + statistics.median(check) + statistics.median(extract)
        print(f"{path.name}: {pages} pages, {len(d.tables)} tables, {len(d.facts)} facts, {len(findings)} findings")
        print(f"  read PDF + ingest {statistics.median(read) * 1000:7.1f} ms   reconcile {statistics.median(check) * 1000:6.1f} ms"
              f"   write extract {statistics.median(extract) * 1000:6.1f} ms")
        print(f"  extract + check   {total * 1000:7.1f} ms  = {total / pages * 30 * 1000:6.1f} ms per 30 pages (target < 2000)")


if __name__ == "__main__":
    main()
