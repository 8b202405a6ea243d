"""Batch benchmark: `reportpress build` of N copies of the sample, serially (`--jobs 1`) and on warm
workers (`--jobs 2` by default), and the warm per-source cost (a second build in the same process).

Run from the repository: `.venv/bin/python tools/bench_batch.py [--sources 8] [--jobs 2]` (`make bench`).
Target on 2 cores: a speed-up of at least 1.8× for 8+ sources (issue 15).
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "source").mkdir()
        for number in range(1, args.sources + 1):
            shutil.copy(SAMPLE, project / "source" / f"s{number}.md")
        serial = timed_build(project, 1)
        parallel = timed_build(project, args.jobs)
        warm = warm_cost(project)
    print(f"{args.sources} sources: serial {serial:.2f} s, --jobs {args.jobs} {parallel:.2f} s, "
          f"speed-up {serial / parallel:.2f}× (target ≥ 1.8× on 2 cores)")
    print(f"warm per-source cost (second build in one process): {warm:.2f} s")


if __name__ == "__main__":
    main()
