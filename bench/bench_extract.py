"""Time ``extract`` in-process: the seed (median of many runs) and a document 100× its size.

Usage: python bench/bench_extract.py [--runs N]
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
from audithelpers.ingest.build import ingest_source  # noqa: E402
from audithelpers.read.text import read_bytes  # noqa: E402

SEED = ROOT / "data" / "xinxiang-hongqi-zwfw-bureau-2022-budget.txt"


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    data = SEED.read_bytes()
    big = b"\n".join([data] * 100)

    ingest_source(read_bytes(data))  # warm imports and regex caches
    parse = timed(lambda: ingest_source(read_bytes(data, str(SEED))), args.runs)
    d = ingest_source(read_bytes(data))
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(10**6))

        def write_fresh():   # extract writes into a new folder each time
            folder = Path(tmp) / str(next(counter))
            folder.mkdir()
            write_into(folder, d)

        write = timed(write_fresh, args.runs)
    big_runs = max(3, args.runs // 10)
    big_parse = timed(lambda: ingest_source(read_bytes(big, "big.txt")), big_runs)
    d_big = ingest_source(read_bytes(big, "big.txt"))

    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    lines = data.count(b"\n") + 1
    print(f"seed: {len(data):,} bytes, {lines} lines")
    print(f"  read+ingest        median {ms(parse):8.2f} ms  (min {min(parse) * 1000:.2f}, {args.runs} runs)")
    print(f"  write CSV+JSON     median {ms(write):8.2f} ms")
    print(f"  extract total      median {ms(parse) + ms(write):8.2f} ms  (target: seed under 20 ms in-process)")
    print(f"100x seed: {len(big):,} bytes, {len(d_big.tables)} tables, {len(d_big.facts)} facts")
    print(f"  read+ingest        median {ms(big_parse):8.1f} ms  ({big_runs} runs)")
    print(f"  ratio 100x / 1x    {ms(big_parse) / ms(parse):8.1f}  (linear = 100)")


if __name__ == "__main__":
    main()
