"""Batch benchmark: `reportpress build` of N copies of the sample, serially (`--jobs 1`) and on warm
workers (`--jobs 2` by default), and the warm per-source cost (a second build in the same process).

Run from the repository: `.venv/bin/python tools/bench_batch.py [--sources 8] [--jobs 2] [--rounds 3]`
(`make bench`). Target on 2 cores: a speed-up of at least 1.8× for 8+ sources (issue 15). A shared
machine's neighbours move one timing by ±10 %: each round times the serial and the parallel batch one
after the other, and the median round's ratio is the speed-up reported, with the range.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "hongkou-2020.md"


def timed_build(project: Path, jobs: int) -> float:
    shutil.rmtree(project / "output", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "reportpress", "build", "--jobs", str(jobs)], cwd=project, env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def warm_cost(project: Path) -> float:
    sys.path.insert(0, str(REPO / "src"))
    from reportpress.build import build

    source = project / "source" / "s1.md"
    build(source, out_dir=project / "warm", project=project)  # the cold one: imports, caches
    start = time.perf_counter()
    build(source, out_dir=project / "warm", project=project)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "source").mkdir()
        for number in range(1, args.sources + 1):
            shutil.copy(SAMPLE, project / "source" / f"s{number}.md")
        rounds = [(timed_build(project, 1), timed_build(project, args.jobs)) for _ in range(args.rounds)]
        warm = warm_cost(project)
    ratios = [serial / parallel for serial, parallel in rounds]
    serial, parallel = rounds[ratios.index(statistics.median_low(ratios))]
    print(f"{args.sources} sources, median of {args.rounds} rounds: serial {serial:.2f} s, --jobs {args.jobs} "
          f"{parallel:.2f} s, speed-up {serial / parallel:.2f}× ({min(ratios):.2f}–{max(ratios):.2f}; "
          "target ≥ 1.8× on 2 cores)")
    print(f"warm per-source cost (second build in one process): {warm:.2f} s")


if __name__ == "__main__":
    main()
