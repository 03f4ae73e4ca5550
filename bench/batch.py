"""Batch benchmark: N generated departments (full suite: four notebooks and the report each) with 1
and 2 local workers, and the same through a dask.distributed LocalCluster of 2 workers.

    .venv/bin/python bench/batch.py [N ...]        (default: 20)
    .venv/bin/python bench/batch.py --pairs K N    (1 and 2 workers in turn, K pairs: the speed-up's spread)
    .venv/bin/python bench/batch.py --two 100      (2 local workers only: the long run)

Prints wall seconds, seconds per department, the speed-up of 2 workers over 1, and the peak
resident memory of one department's processes (the run and its kernel), from the child
processes' rusage. This machine is shared and its speed drifts by 20% between minutes, so one
pair says little about the speed-up: ``--pairs`` alternates the two and prints each pair's ratio
and their median.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from audithelpers.generate.files import write_generated
from audithelpers.suite.batch import Batch, run_batch


def _timed(params: Path, out: Path, **options) -> tuple[float, int]:
    started = time.perf_counter()
    results = run_batch([params], Batch(out, **options), stream=open("/dev/null", "w"))
    failed = sum(r["status"] != "ok" for r in results)
    return time.perf_counter() - started, failed


def two_only(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        write_generated(n, Path(tmp) / "gen", unit="万元")
        wall, failed = _timed(Path(tmp) / "gen" / "params", Path(tmp) / "w2", workers=2)
    print(f"{n} departments, 2 workers: {wall:.1f} s ({wall / n:.2f} s each); failed {failed}", flush=True)


def main(counts: list[int]) -> None:
    from distributed import LocalCluster

    for n in counts:
        with tempfile.TemporaryDirectory() as tmp:
            params = Path(tmp) / "gen" / "params"
            write_generated(n, Path(tmp) / "gen", unit="万元")
            one, f1 = _timed(params, Path(tmp) / "w1", workers=1)
            two, f2 = _timed(params, Path(tmp) / "w2", workers=2)
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                dask, f3 = _timed(params, Path(tmp) / "dask", scheduler=cluster.scheduler_address)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{n} departments: 1 worker {one:.1f} s ({one / n:.2f} s each), 2 workers {two:.1f} s "
              f"({two / n:.2f} s each, {one / two:.2f}x), LocalCluster(2) {dask:.1f} s; failed {f1}/{f2}/{f3}; "
              f"peak memory of one department's processes {peak:.0f} MiB", flush=True)


def pairs(k: int, n: int) -> None:
    import statistics

    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp) / "gen" / "params"
        write_generated(n, Path(tmp) / "gen", unit="万元")
        for i in range(k):
            one, _ = _timed(params, Path(tmp) / f"w1-{i}", workers=1)
            two, _ = _timed(params, Path(tmp) / f"w2-{i}", workers=2)
            ratios.append(one / two)
            print(f"pair {i + 1}: 1 worker {one:.1f} s, 2 workers {two:.1f} s, {one / two:.2f}x", flush=True)
    print(f"{n} departments, {k} pairs: speed-up of 2 workers over 1, median {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--two"]:
        two_only(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--pairs"]:
        pairs(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main([int(a) for a in sys.argv[1:]] or [20])
