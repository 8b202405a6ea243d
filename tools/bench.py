"""`make bench`: time cold builds of the sample report, next to plain pandoc → weasyprint.

Each run is a fresh process (a cold start, as a user runs it). Prints median, min and max wall time
and the peak resident memory of each command. Numbers go in issue notes, never into assertions.
"""

from __future__ import annotations

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
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BIN = Path(sys.executable).parent
PLAIN_CSS = """@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { font-family: "Noto Serif CJK SC"; font-size: 16pt; line-height: 28.95pt; }
body { text-align: justify; } p { margin: 0; text-indent: 2em; }
"""


def measure(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def report(name: str, command: list[str], cwd: Path) -> None:
    measure(command, cwd)  # warm the file system cache, not the process
    samples = [measure(command, cwd) for _ in range(RUNS)]
    times = [wall for wall, _ in samples]
    peak = max(rss for _, rss in samples)
    print(f"{name:<34} median {statistics.median(times):6.2f} s   min {min(times):6.2f} s   "
          f"max {max(times):6.2f} s   peak RSS {peak:6.0f} MiB   ({RUNS} runs)")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(f"sample: {SAMPLE.relative_to(REPO)}, cold process per run, on {os.cpu_count()} cores")
        report("reportpress build --to pdf", [str(BIN / "reportpress"), "build", str(SAMPLE), "--to", "pdf",
                                              "--out", str(work)], REPO)
        report("reportpress build (pdf + docx)", [str(BIN / "reportpress"), "build", str(SAMPLE),
                                                  "--out", str(work)], REPO)
        if shutil.which("pandoc"):
            (work / "plain.css").write_text(PLAIN_CSS, encoding="utf-8")
            env_path = f"{BIN}:{os.environ.get('PATH', '')}"
            os.environ["PATH"] = env_path
            report("pandoc → weasyprint (plain CSS)", ["pandoc", str(SAMPLE), "--pdf-engine=weasyprint",
                                                       "--css", str(work / "plain.css"), "-o",
                                                       str(work / "plain.pdf")], work)
        else:
            print("pandoc is not installed: no comparison")


if __name__ == "__main__":
    main()
