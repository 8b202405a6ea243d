"""`make bench`: the sample report's build next to plain pandoc → weasyprint and Typst, as ratios.

In one run, at the sample's size and at ~400 pages (its body repeated `REPEAT` times, the glossary once):

- the full build (PDF + DOCX + manifest) and the PDF alone, against plain `pandoc → weasyprint` (the same
  source, a plain stylesheet) and against Typst (the same content converted by `pandoc -t typst`, compiled
  by the `typst` Python package: a bench-only extra, `pip install typst==0.15.2`; without it the Typst
  rows are left out and said so);
- the cost per page (the difference between the two sizes over the difference of their page counts);
- the peak memory of each command (the child's `ru_maxrss`), the PDF size against Typst's;
- a warm second build in the same process (what a batch worker pays), and a third of the source with
  a short paragraph added (what a watch loop pays on a save), with what a build costs in full-page
  retries (`weasy.page_retries`: short pages, paragraphs tried alone, extra page layouts, pages filled);
- beside each wall time, the CPU seconds (user + system): on a machine shared with other work these
  move far less than the wall clock, so they are what compares before and after a change.

Every run is a fresh process (a cold start, as a user runs it); the commands alternate, round after round,
so that a machine busy for a moment slows all of them alike; times are medians of `BENCH_RUNS` rounds (3
unless set: the whole bench then takes about two minutes on two cores). Numbers go in issue notes, never
into assertions.

`python tools/bench.py --long` times instead one paragraph of 10,000 and 25,000 characters and of the
limit (`typeset/limits.py`), and the refusal of a paragraph one character over it.

`python tools/bench.py --memory` shows where the peak goes: one full build of the sample and of the body
16 times, each in a fresh process, with the process's resident memory (`/proc/self/status`: the peak so
far, anonymous memory, mapped files such as the fonts) after the imports and as each stage begins and
ends. The peak of a stage is the first line whose `peak` has grown past the line before it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "source" / "hongkou-2020.md"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
REPEAT = 16  # the sample's body 16 times: ~400 pages
LONG_SIZES = (10_000, 25_000)  # characters in the one paragraph, besides the limit itself
BIN = Path(sys.executable).parent
PLAIN_CSS = """@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { font-family: "Noto Serif CJK SC"; font-size: 16pt; line-height: 28.95pt; }
body { text-align: justify; } p { margin: 0; text-indent: 2em; }
"""
# the page and grid of PLAIN_CSS, in Typst, with gov-report's open faces by role (the body in FandolFang,
# 一、 headings in Noto Sans CJK SC, （一） headings in LXGW WenKai Bold, the title and bold in Noto Serif CJK SC), so
# that the PDF sizes compare the same glyphs of the same fonts
TYPST_PREAMBLE = """#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  numbering: "— 1 —")
#set text(font: ("FandolFang R", "Noto Serif CJK SC"), size: 16pt, lang: "zh")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.95pt, spacing: 12.95pt)
#show heading: set text(size: 16pt, weight: "regular")
#show heading.where(level: 1): set text(font: "Noto Sans CJK SC")
#show heading.where(level: 2): set text(font: ("LXGW WenKai", "FandolKai"), weight: "bold")
#show strong: set text(font: "Noto Serif CJK SC")
"""
# untagged, as reportpress's PDF is
TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], pdf_tags=False)"
# three builds in one process: the source, the same again, then the source edited (a short paragraph more
# before the glossary: what a watch loop pays on a save); wall and CPU seconds of each, and what each cost
# in full-page retries (`weasy.page_retries`: the pages laid out again, the paragraphs tried alone)
WARM = """import json, sys, time
from pathlib import Path
from reportpress.build import build
from reportpress.typeset.weasy import page_retries
source, out = Path(sys.argv[1]), Path(sys.argv[2])
edited = out / source.name
out.mkdir(parents=True, exist_ok=True)
edited.write_text(source.read_text(encoding="utf-8").replace("::: glossary", "补充一段。\\n\\n::: glossary", 1),
                  encoding="utf-8")
times = []
for path in (source, source, edited):
    before = dict(page_retries)
    start, cpu = time.perf_counter(), time.process_time()
    build(path, out_dir=out / "built")
    times.append((time.perf_counter() - start, time.process_time() - cpu,
                  {name: page_retries[name] - before.get(name, 0) for name in page_retries}))
print(json.dumps(times))
"""


# one build in a fresh process, the resident memory printed after the imports, at each stage the build
# reports (`build(progress=…)`: read, pdf, docx) and at its end
MEMORY = """import sys
from pathlib import Path
def line(stage):
    fields = dict(item.split(":", 1) for item in open("/proc/self/status").read().splitlines() if ":" in item)
    mib = {key: int(fields[key].split()[0]) // 1024 for key in ("VmHWM", "VmRSS", "RssAnon", "RssFile")}
    print(f"  {stage:<22} peak {mib['VmHWM']:4} MiB   resident {mib['VmRSS']:4} MiB "
          f"(anonymous {mib['RssAnon']:4}, files {mib['RssFile']:4})", flush=True)
from reportpress.build import build
import reportpress.writers.docx, reportpress.writers.pdf.render
line("imports")
names = {"read": "reading and checks", "pdf": "the PDF", "docx": "the DOCX (PDF done)"}
build(Path(sys.argv[1]), out_dir=Path(sys.argv[2]), progress=lambda stage: line(f"{names.get(stage, stage)} …"))
line("built and written")
"""


@dataclass
class Samples:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        """The child's user + system seconds: on a shared machine, steadier than the wall clock."""
        return statistics.median(self.cpus)

    @property
    def peak(self) -> float:
        return max(self.peaks)


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


def memory(work: Path) -> None:
    """Where each build's peak of resident memory goes, stage by stage (`MEMORY`), in fresh processes."""
    for source in (SAMPLE, repeated_source(work, REPEAT)):
        print(f"{source.name}, full build:")
        subprocess.run([sys.executable, "-c", MEMORY, str(source), str(work / "memory")], cwd=REPO, check=True)


def repeated_source(work: Path, times: int) -> Path:
    """The sample with its body `times` times over (front matter and glossary once): ~25 pages each."""
    text = SAMPLE.read_text(encoding="utf-8")
    _, front, rest = text.split("---\n", 2)
    body, glossary = rest.split("::: glossary", 1)
    path = work / f"{SAMPLE.stem}-x{times}.md"
    path.write_text(f"---\n{front}---\n{body * times}::: glossary{glossary}", encoding="utf-8")
    return path


def typst_available() -> bool:
    probe = subprocess.run([sys.executable, "-c", "import typst"], capture_output=True)
    return probe.returncode == 0


TYPST_SPECIAL = set("\\#*_$@<>[]`~=-+/")


def typst_text(text: str) -> str:
    """`text` as Typst markup: every character Typst reads as markup escaped."""
    return "".join(f"\\{char}" if char in TYPST_SPECIAL else char for char in text)


def to_typst(source: Path, target: Path) -> None:
    """`source` as simple Typst markup — headings, paragraphs, the glossary's terms and definitions — from
    reportpress's reader (this pandoc may have no Typst writer), under a preamble setting the plain chain's
    page and type."""
    from reportpress.model import Glossary, Heading, Paragraph, Salutation, plain_text
    from reportpress.reader import read_source

    document = read_source(source)
    title = f'#align(center, text(font: "Noto Serif CJK SC", size: 22pt)[{typst_text(document.meta.title)}])'
    parts = [TYPST_PREAMBLE, title]
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'=' * block.level} {typst_text(plain_text(block.inlines))}")
        elif isinstance(block, Paragraph | Salutation):
            parts.append(typst_text(plain_text(block.inlines)))
        elif isinstance(block, Glossary):
            parts.append(f"= {typst_text(block.title)}")
            for entry in document.glossary:
                parts.append(f"*{typst_text(plain_text(entry.term))}*")
                parts.extend(typst_text(plain_text(item.inlines)) for item in entry.definition
                             if isinstance(item, Paragraph))
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def commands(source: Path, work: Path, with_typst: bool) -> dict[str, tuple[list[str], Path]]:
    """name → (command, the PDF it writes). reportpress runs in the repository (its project folder); the
    others in `work` (pandoc leaves its temporary files in the current folder)."""
    out = work / f"out-{source.stem}"
    reportpress = str(BIN / "reportpress")
    table = {
        "build (pdf + docx)": ([reportpress, "build", str(source), "--out", str(out)], out / f"{source.stem}.pdf"),
        "build --to pdf": ([reportpress, "build", str(source), "--to", "pdf", "--out", str(out)],
                           out / f"{source.stem}.pdf"),
        "pandoc → weasyprint": (["pandoc", str(source), "--pdf-engine=weasyprint", "--css", str(work / "plain.css"),
                                 "-o", str(work / f"{source.stem}-plain.pdf")], work / f"{source.stem}-plain.pdf"),
    }
    if with_typst:
        typ = work / f"{source.stem}.typ"
        to_typst(source, typ)
        table["typst"] = ([sys.executable, "-c", TYPST_COMPILE, str(typ), str(work / f"{source.stem}-typst.pdf")],
                          work / f"{source.stem}-typst.pdf")
    return table


def compare(label: str, source: Path, work: Path, with_typst: bool) -> tuple[dict[str, Samples], int]:
    """Cold runs of every command on `source`, alternating, `RUNS` rounds; prints them, returns them and
    the reportpress PDF's page count."""
    table = commands(source, work, with_typst)
    results = {name: Samples() for name in table}
    def where(name: str) -> Path:
        return REPO if name.startswith("build") else work

    for name, (command, _) in table.items():
        measure(command, where(name))  # warm the file system cache, not the processes
    for _ in range(RUNS):
        for name, (command, _) in table.items():
            wall, cpu, peak = measure(command, where(name))
            results[name].walls.append(wall)
            results[name].cpus.append(cpu)
            results[name].peaks.append(peak)
    pages = page_count(table["build --to pdf"][1])
    print(f"\n{label}: {source.name}, {pages} pages")
    for name, samples in results.items():
        size = table[name][1].stat().st_size / 1024
        print(f"  {name:<22} {samples.wall:6.2f} s   CPU {samples.cpu:6.2f} s   peak {samples.peak:5.0f} MiB   "
              f"PDF {size:6.0f} KiB")
    full, pdf, plain = results["build (pdf + docx)"], results["build --to pdf"], results["pandoc → weasyprint"]
    print(f"  full build / plain chain {full.wall / plain.wall:5.2f}× (CPU {full.cpu / plain.cpu:5.2f}×)   "
          f"PDF alone / plain chain {pdf.wall / plain.wall:5.2f}× (CPU {pdf.cpu / plain.cpu:5.2f}×)")
    if "typst" in results:
        typst = results["typst"]
        ours, theirs = table["build --to pdf"][1].stat().st_size, table["typst"][1].stat().st_size
        print(f"  full build / Typst {full.wall / typst.wall:5.2f}×   PDF alone / Typst {pdf.wall / typst.wall:5.2f}×"
              f"   PDF size / Typst's {ours / theirs:5.2f}×")
    return results, pages


def warm(source: Path, work: Path) -> tuple[list[tuple[float, float]], dict[str, int]]:
    """(wall, CPU seconds) of the first build of `source` in one process, the second, and a third of the
    source edited, the medians of `RUNS` processes; and the full-page retries of the second build (the
    same in every process: the layout is deterministic)."""
    runs = []
    for _ in range(RUNS):
        result = subprocess.run([sys.executable, "-c", WARM, str(source), str(work / "warm")], cwd=REPO,
                                capture_output=True, text=True, check=True)
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    times = [(statistics.median(run[i][0] for run in runs), statistics.median(run[i][1] for run in runs))
             for i in range(3)]
    return times, runs[0][1][2]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "--long" in sys.argv[1:]:
            long_paragraphs(work)
            return
        if "--memory" in sys.argv[1:]:
            memory(work)
            return
        if not shutil.which("pandoc"):
            raise SystemExit("pandoc is not installed: no comparison (make setup-test installs it)")
        os.environ["PATH"] = f"{BIN}:{os.environ.get('PATH', '')}"  # pandoc finds this venv's weasyprint
        (work / "plain.css").write_text(PLAIN_CSS, encoding="utf-8")
        with_typst = typst_available()
        print(f"cold process per run, median of {RUNS} alternating rounds, on {os.cpu_count()} cores"
              + ("" if with_typst else "; Typst left out: `pip install typst==0.15.2` (a bench-only extra)"))
        small, small_pages = compare("sample", SAMPLE, work, with_typst)
        large, large_pages = compare(f"the body {REPEAT} times", repeated_source(work, REPEAT), work, with_typst)
        print("\nper page (the difference between the two sizes):")
        pages = max(large_pages - small_pages, 1)
        for name in small:
            per_page = (large[name].wall - small[name].wall) / pages * 1000
            per_page_cpu = (large[name].cpu - small[name].cpu) / pages * 1000
            print(f"  {name:<22} {per_page:5.1f} ms   CPU {per_page_cpu:5.1f} ms")
        ((first, first_cpu), (second, second_cpu), (edited, edited_cpu)), retries = warm(SAMPLE, work)
        print(f"\nin one process (median of {RUNS}): first build {first:.2f} s (CPU {first_cpu:.2f} s), "
              f"second build {second:.2f} s (CPU {second_cpu:.2f} s), the source edited {edited:.2f} s "
              f"(CPU {edited_cpu:.2f} s)")
        print("  full-page retries of a build (weasy.page_retries): "
              + ", ".join(f"{name} {count}" for name, count in retries.items()))


if __name__ == "__main__":
    main()
