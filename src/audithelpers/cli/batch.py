"""``budget-audit batch PARAMS... --out DIR``: every department in parallel (or on a Dask cluster)."""
from __future__ import annotations


def add_parser(sub) -> None:
    from ..suite.limits import MEMORY_MB, TIMEOUT

    parser = sub.add_parser("batch", help="run many departments: a folder of params files, in parallel")
    parser.add_argument("params", nargs="+", help="params files, or folders of them (*.yaml)")
    parser.add_argument("--out", default="reports", help="batch folder (default reports/)")
    parser.add_argument("--workers", type=int, default=None, help="departments at once (default: the cores)")
    parser.add_argument("--scheduler", default="", help="address of an existing Dask scheduler (tcp://host:8786)")
    parser.add_argument("--resume", action="store_true",
                        help="run only what is missing, failed or whose inputs changed since the last batch")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds one department may take (default {TIMEOUT:g})")
    parser.add_argument("--memory", type=int, default=MEMORY_MB,
                        help=f"MiB of address space one department may use (default {MEMORY_MB})")
    parser.set_defaults(handler=run)


def run(args) -> int:
    import os
    from pathlib import Path

    from ..errors import ParamsError
    from ..suite.batch import Batch, run_batch

    if args.workers is not None and args.workers < 1:
        raise ParamsError("--workers", "must be at least 1")
    if args.timeout <= 0 or args.memory < 256:
        raise ParamsError("--timeout/--memory", "the time must be positive and the memory at least 256 MiB")
    batch = Batch(Path(args.out), args.workers or os.cpu_count() or 1, args.scheduler, args.timeout, args.memory,
                  args.resume)
    results = run_batch(args.params, batch)
    failed = [r for r in results if r["status"] != "ok"]
    for r in failed:
        print(f"失败：{r['params']}：{r['reason'] or r['status']}（exit {r['exit']}）")
    print(f"{len(results) - len(failed)}/{len(results)} 个部门完成；index: {Path(args.out).resolve() / 'index.html'}")
    return 1 if failed else 0
