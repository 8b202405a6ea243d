"""Checks of the page's geometry: page size, text block and margins (mirrored), the line grid.

In: a `Proof`. Out: findings of the rules `page-size`, `margins` and `grid` (GB/T 9704-2012 §5.1,
§5.2.1, §5.2.3). Margins are measured on body pages only, from where lines start and end: the inside
(binding) margin is on the left of an odd PDF page and on the right of an even one when the layout is
mirrored, since page 1 of a PDF printed two-sided is a recto.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from reportpress.proof.findings import Finding
from reportpress.proof.lines import Line
from reportpress.proof.pages import EDGE, PageView, Proof, is_centred, starts_left
from reportpress.typeset.chars import is_han_like
from reportpress.units import MM_PER_PT

PAGE_TOLERANCE_MM = 1.0  # GB/T 9704 §5.2.1 allows ± 1 mm on the margins; the same for the paper
GRID_TOLERANCE_PT = 0.5  # a baseline further than this from its grid line is off the grid
PITCH_TOLERANCE_PT = 0.1


def mm(points: float) -> float:
    return points * MM_PER_PT


def check_geometry(proof: Proof) -> Iterator[Finding]:
    yield from check_page_size(proof)
    phase = grid_phase(proof)
    for page in proof.body_pages:
        yield from check_margins(page, proof)
        yield from check_grid(page, proof, phase)


def grid_phase(proof: Proof) -> float | None:
    """Where the grid's lines fall (a baseline modulo the pitch), the same on every page — the text
    block stands at the same height on each — as most of the document's lines keep it: a page whose
    lines after a picture or a table are all shifted is off the grid the others keep, though its own
    lines agree with each other. None for a document of no lines."""
    pitch = float(proof.layout.line_pitch)
    phases = Counter(round(line.baseline % pitch, 1) for page in proof.body_pages for line in page.text
                     if not is_centred(line, page))
    return phases.most_common(1)[0][0] if phases else None


def check_page_size(proof: Proof) -> Iterator[Finding]:
    want = proof.layout.page
    for page in proof.pages:
        if max(abs(mm(page.width - want.width)), abs(mm(page.height - want.height))) > PAGE_TOLERANCE_MM:
            yield Finding("page-size", page.number, "",
                          f"page is {mm(page.width):.1f} × {mm(page.height):.1f} mm "
                          f"({want.width.mm:.0f} × {want.height.mm:.0f} mm wanted)", page.folio_number)


def check_margins(page: PageView, proof: Proof) -> Iterator[Finding]:
    """Left and right edges where the lines start and end; the top where the first line's box starts."""
    wrong: list[str] = []
    if page.measured_left is not None and mm(abs(page.measured_left - page.expected_left)) > PAGE_TOLERANCE_MM:
        wrong.append(f"left margin {mm(page.measured_left):.1f} mm ({mm(page.expected_left):.0f} wanted)")
    if page.measured_right is not None and \
            mm(abs(page.measured_right - page.expected_right)) > PAGE_TOLERANCE_MM:
        wrong.append(f"right margin {mm(page.width - page.measured_right):.1f} mm "
                     f"({mm(page.width - page.expected_right):.0f} wanted)")
    first = page.lines[0] if page.lines else None
    if first is not None and page.text and first is page.text[0]:
        top = first.middle - proof.layout.line_pitch / 2
        if mm(abs(top - page.block_top)) > PAGE_TOLERANCE_MM:
            wrong.append(f"top margin {mm(top):.1f} mm ({mm(page.block_top):.0f} wanted)")
    if wrong:
        binding = "binding on the left" if page.expected_left == proof.layout.page.inside else \
            "binding on the right"
        side = "recto (odd PDF page)" if page.recto else "verso (even PDF page)"
        yield Finding("margins", page.number, page.text[0].quote() if page.text else "",
                      f"{', '.join(wrong)}: a {side}, {binding}", page.folio_number)


def plain_full_lines(page: PageView) -> Iterator[Line]:
    """Lines from edge to edge of Han characters only: they show the characters per line exactly."""
    for line in page.text:
        if starts_left(line, page) and line.end >= page.right - EDGE * line.size and len(line.glyphs) > 10 \
                and all(is_han_like(glyph.char) for glyph in line.glyphs):
            yield line


def check_grid(page: PageView, proof: Proof, phase: float | None = None) -> Iterator[Finding]:
    """Baseline pitch, lines on the grid (the document's, `grid_phase`; else the page's own), lines
    per page and characters per full line."""
    layout = proof.layout
    pitch = float(layout.line_pitch)
    lines = page.text
    if len(lines) < 3:
        return
    steps = Counter(round(b.baseline - a.baseline, 2) for a, b in pairwise(lines)
                    if b.baseline - a.baseline < 1.5 * pitch)
    if steps:
        step = steps.most_common(1)[0][0]
        if abs(step - pitch) > PITCH_TOLERANCE_PT:
            yield Finding("grid", page.number, lines[0].quote(),
                          f"baseline pitch {step:.2f} pt ({pitch:.2f} pt wanted)", page.folio_number)
            return  # every other grid measure follows from the pitch
    if phase is None:
        phase = Counter(round(line.baseline % pitch, 1) for line in lines).most_common(1)[0][0]
    # a centred display block (a wrapped title at its display leading, the subtitle and speaker under it)
    # may stand off the grid; the text after it must be back on it
    gridded = [line for line in lines if not is_centred(line, page)]
    off = [(line, (line.baseline - phase + pitch / 2) % pitch - pitch / 2) for line in gridded]
    off = [(line, delta) for line, delta in off if abs(delta) > GRID_TOLERANCE_PT]
    if off:
        worst = max(abs(delta) for _, delta in off)
        yield Finding("grid", page.number, off[0][0].quote(),
                      f"{len(off)} line(s) off the {pitch:.2f} pt grid, by up to {worst:.2f} pt",
                      page.folio_number)
    slots = round((lines[-1].baseline - lines[0].baseline) / pitch) + 1
    if layout.lines_per_page and slots > layout.lines_per_page:
        yield Finding("grid", page.number, lines[-1].quote(),
                      f"{slots} lines on the page ({layout.lines_per_page} wanted)", page.folio_number)
    if layout.chars_per_line:
        counts = Counter(len(line.glyphs) for line in plain_full_lines(page))
        wrong = {count: n for count, n in counts.items() if count != layout.chars_per_line}
        if wrong:
            count = max(wrong, key=lambda key: wrong[key])
            yield Finding("grid", page.number, "",
                          f"{sum(wrong.values())} full line(s) of Han characters hold {count} characters "
                          f"({layout.chars_per_line} wanted)", page.folio_number)


def measure_document(proof: Proof) -> dict[str, float | int | str | None]:
    """The document's numbers as measured, for the report: what it is, whatever the layout wants."""
    pitch = float(proof.layout.line_pitch)
    steps: Counter[float] = Counter()
    slots: Counter[int] = Counter()
    chars: Counter[int] = Counter()
    lefts: dict[bool, Counter[float]] = {True: Counter(), False: Counter()}
    for page in proof.body_pages:
        lines = page.text
        steps.update(round(b.baseline - a.baseline, 2) for a, b in pairwise(lines)
                     if b.baseline - a.baseline < 1.5 * pitch)
        if len(lines) >= 3:
            slots[round((lines[-1].baseline - lines[0].baseline) / pitch) + 1] += 1
        chars.update(len(line.glyphs) for line in plain_full_lines(page))
        if page.measured_left is not None:
            lefts[page.recto][round(mm(page.measured_left), 1)] += 1

    def mode(counter: Counter[Any]) -> Any:
        return counter.most_common(1)[0][0] if counter else None

    return {
        "body_size_pt": proof.body_size,
        "body_font": proof.body_font.name if proof.body_font else None,
        "char_pitch_pt": proof.natural_pitch(proof.body_size),
        "line_pitch_pt": mode(steps),
        "lines_per_full_page": max(slots) if slots else None,
        "chars_per_full_line": mode(chars),
        "left_margin_odd_pages_mm": mode(lefts[True]),
        "left_margin_even_pages_mm": mode(lefts[False]),
    }
