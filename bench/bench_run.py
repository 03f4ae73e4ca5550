"""``budget-audit run`` for one department against the naive chain a user would script
(papermill CLI, then ``jupyter nbconvert`` CLI, per notebook), and against one bare papermill run of
a notebook that only imports pandas and matplotlib (bench/bare.ipynb), side by side in one run.

Usage: python bench/bench_run.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PARAMS = ROOT / "params" / "xinxiang-hongqi-zwfw-bureau-2022.yaml"
sys.path.insert(0, str(ROOT / "src"))

from audithelpers.suite.params import load_params  # noqa: E402
from audithelpers.suite.run import NOTEBOOKS, run_suite  # noqa: E402


def ours(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "budget-audit"), "run", str(PARAMS), "--out", str(out)], check=True,
                   capture_output=True)
    return time.perf_counter() - start


def naive(out: Path) -> float:
    params = load_params(PARAMS)
    values = {**params.notebook_parameters(), "run_dir": str(out)}
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for stem, _ in NOTEBOOKS:
        args = [str(BIN / "papermill"), str(ROOT / "notebooks" / f"{stem}.ipynb"), str(out / f"{stem}.ipynb"),
                "-k", "budget-audit", "--no-progress-bar"]
        for key, value in values.items():
            args += ["-p" if not isinstance(value, str) else "-r", key, str(value)]
        subprocess.run(args, check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(out / f"{stem}.ipynb")], check=True, capture_output=True)
    return time.perf_counter() - start


def bare(out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "papermill"), str(ROOT / "bench" / "bare.ipynb"), str(out / "bare.ipynb"),
                    "-k", "budget-audit", "--no-progress-bar"], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ours_t, naive_t, bare_t = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.repeat):
            ours_t.append(ours(Path(tmp) / f"ours{n}"))
            naive_t.append(naive(Path(tmp) / f"naive{n}"))
            bare_t.append(bare(Path(tmp)))
        result = run_suite(load_params(PARAMS), Path(tmp) / "inproc", progress=None)
    o, v = statistics.median(ours_t), statistics.median(naive_t)
    print(f"budget-audit run (CLI, one kernel, in-process HTML): median {o:6.2f} s  {['%.2f' % x for x in ours_t]}")
    print(f"naive chain (papermill CLI + nbconvert CLI x4):      median {v:6.2f} s  {['%.2f' % x for x in naive_t]}")
    b = statistics.median(bare_t)
    print(f"bare papermill run (imports pandas, matplotlib):    median {b:6.2f} s  {['%.2f' % x for x in bare_t]}")
    print(f"ratio naive / ours: {v / o:.1f}x  (target >= 3x); ours / bare: {o / b:.2f}x  (target <= 1.3x)")
    print("where the time of one in-process run goes:")
    for key, value in result.timings.items():
        print(f"  {key:<14} {value:6.2f} s")


if __name__ == "__main__":
    main()
