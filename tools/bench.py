"""`make bench`: time cold builds of the sample report, next to plain pandoc → weasyprint.

Each run is a fresh process (a cold start, as a user runs it). Prints median, min and max wall time,
the median CPU time (user + system: steadier than wall time on a shared machine) and the peak resident
memory of each command. Numbers go in issue notes, never into assertions.

`python tools/bench.py --long` times instead one paragraph of 10,000 and 25,000 characters and of the
limit (`typeset/limits.py`), and the refusal of a paragraph one character over it.
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
LONG_SIZES = (10_000, 25_000)  # characters in the one paragraph, besides the limit itself
BIN = Path(sys.executable).parent
PLAIN_CSS = """@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { font-family: "Noto Serif CJK SC"; font-size: 16pt; line-height: 28.95pt; }
body { text-align: justify; } p { margin: 0; text-indent: 2em; }
"""


def measure(command: list[str], cwd: Path, exit_code: int = 0) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MiB) of one run of `command`, which must exit `exit_code`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != exit_code:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def report(name: str, command: list[str], cwd: Path, exit_code: int = 0) -> None:
    measure(command, cwd, exit_code)  # warm the file system cache, not the process
    samples = [measure(command, cwd, exit_code) for _ in range(RUNS)]
    times = [wall for wall, _, _ in samples]
    cpu = statistics.median(cpu for _, cpu, _ in samples)
    peak = max(rss for _, _, rss in samples)
    print(f"{name:<34} median {statistics.median(times):6.2f} s   min {min(times):6.2f} s   "
          f"max {max(times):6.2f} s   CPU {cpu:6.2f} s   peak RSS {peak:6.0f} MiB   ({RUNS} runs)")


def long_source(work: Path, length: int) -> Path:
    """A source of one paragraph of `length` characters: the sample's paragraphs, run together."""
    from reportpress.model import Paragraph, plain_text
    from reportpress.reader import read_source

    text = "".join(plain_text(block.inlines) for block in read_source(SAMPLE).blocks if isinstance(block, Paragraph))
    path = work / f"long-{length}.md"
    path.write_text(f"---\ntitle: 长段落\n---\n\n{(text * (length // len(text) + 1))[:length]}\n", encoding="utf-8")
    return path


def long_paragraphs(work: Path) -> None:
    from reportpress.typeset.limits import MAX_BLOCK_CHARS

    print(f"one paragraph of N characters (limit {MAX_BLOCK_CHARS}), cold process per run, on {os.cpu_count()} cores")
    for length in (*LONG_SIZES, MAX_BLOCK_CHARS, MAX_BLOCK_CHARS + 1):
        command = [str(BIN / "reportpress"), "build", str(long_source(work, length)), "--to", "pdf",
                   "--out", str(work)]
        over = length > MAX_BLOCK_CHARS
        report(f"{length} characters{' (refused)' if over else ''}", command, REPO, exit_code=1 if over else 0)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "--long" in sys.argv[1:]:
            long_paragraphs(work)
            return
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
