"""Run every benchmark of bench/ in turn (``make bench``)."""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for script in ("bench_extract.py", "bench_check.py", "bench_pdf.py", "bench_run.py"):
    print(f"== {script}", flush=True)
    subprocess.run([sys.executable, str(HERE / script)], check=True)
