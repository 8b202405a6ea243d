"""Checks of how each line is set: loose lines, uncompressed punctuation, 禁则.

In: a `Proof`. Out: findings of
- `loose-line` (clreq #line_adjustment): a justified line — one that reaches the right edge and is
  not its paragraph's last — whose gaps between Han characters are, by the median, at least
  `LOOSE_EM` of its size wider than the tight setting the document itself uses most in that size (so
  the measure holds for any font size and letter spacing: 0.6 pt at the 16 pt of GB/T 9704's body,
  0.45 pt in a 12 pt note, 0.83 pt in a 22 pt heading — a reader sees spacing relative to the em);
- `punct-uncompressed` (clreq #punctuation_width_adjustment): two adjacent full-width marks (`。”`
  `”，` `）、`) whose origins are a full em apart: one of them should give up half its width. Skipped
  when the layout asks for no compression;
- `kinsoku` (clreq #prohibition_rules_for_line_start_end, GB/T 15834 §5.1): a line that continues
  its paragraph and starts with a mark that must not start a line, a line that ends with an opening
  mark while its paragraph goes on, or —— / …… split over two lines. The lists are the ones the
  typesetter keeps (`typeset/chars.py`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from itertools import pairwise

from reportpress.proof.findings import Finding
from reportpress.proof.lines import Line
from reportpress.proof.pages import Proof, reaches_right, same_size
from reportpress.typeset.chars import COMPRESSIBLE, LONG_MARKS, NO_END, NO_START, SOLIDI, is_han_like

# issue 12: extra space per gap from which a reader sees a loose line, 0.6 pt at 16 pt (三号), in em
LOOSE_EM = 0.6 / 16
UNCOMPRESSED_EM = 0.9  # two marks whose origins are further apart than this share full ems
APART_EM = 1.25  # … and further apart than this, something stands between them (a table's cell edge)


def check_setting(proof: Proof) -> Iterator[Finding]:
    yield from check_loose(proof)
    if proof.layout.typesetting.punctuation != "none":
        yield from check_pairs(proof)
    yield from check_kinsoku(proof)


def extra_gap(line: Line, proof: Proof) -> float | None:
    """The median extra space between two Han characters of `line` over the tight setting, in pt."""
    natural = proof.natural_pitch(line.size)
    gaps = [b.x - a.x - natural for a, b in pairwise(line.glyphs)
            if is_han_like(a.char) and is_han_like(b.char) and same_size(a.size, b.size)]
    return statistics.median(gaps) if len(gaps) >= 3 else None


def check_loose(proof: Proof) -> Iterator[Finding]:
    for block in proof.blocks:
        if block.kind == "title":
            continue
        for line in block.lines[:-1]:
            if not reaches_right(line, proof.page(line.page)):
                continue
            extra = extra_gap(line, proof)
            limit = LOOSE_EM * line.size
            if extra is not None and extra >= limit:
                yield Finding("loose-line", line.page, line.quote(),
                              f"justified with {extra:.2f} pt extra per gap (under {limit:.2f} pt wanted "
                              f"at {line.size:g} pt)", proof.page(line.page).folio_number)


def check_pairs(proof: Proof) -> Iterator[Finding]:
    for page in proof.pages:
        for line in page.lines:
            for a, b in pairwise(line.glyphs):
                # (marks farther apart than a full width each are not a pair: two cells' text, say)
                if a.char in COMPRESSIBLE and b.char in COMPRESSIBLE and same_size(a.size, b.size) \
                        and not b.after_space and UNCOMPRESSED_EM < (b.x - a.x) / a.size <= APART_EM:
                    at = line.glyphs.index(a)
                    yield Finding("punct-uncompressed", page.number, line.text[max(0, at - 6):at + 4],
                                  f"{a.char}{b.char} set {(b.x - a.x) / a.size:.2f} em apart (0.5 em wanted: "
                                  "one of the two marks gives up half its width)", page.folio_number)


# the end of a line that is a URL or a piece of one: a scheme, `www.`, or a domain name and a path
_URL_TAIL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/)[!-~]*$")


def _url_tail(text: str) -> bool:
    return _URL_TAIL.search(text) is not None


def check_kinsoku(proof: Proof) -> Iterator[Finding]:
    for block in proof.blocks:
        folio = proof.page(block.page).folio_number
        for previous, line in pairwise(block.lines):
            if previous.text[-1] in LONG_MARKS and line.text[0] == previous.text[-1]:
                yield Finding("kinsoku", line.page, f"{previous.quote(6, tail=True)} / {line.quote(6)}",
                              f"{previous.text[-1] * 2} split over two lines", folio)
            elif (line.text[0] in SOLIDI or previous.text[-1] in SOLIDI) and _url_tail(previous.text):
                continue  # a URL breaks after its slashes: Latin text, not the 分隔号 (`cjk.url_break_points`)
            elif line.text[0] in NO_START:
                yield Finding("kinsoku", line.page, f"{previous.quote(6, tail=True)} / {line.quote(8)}",
                              f"a line starts with {line.text[0]!r}, which must not start a line", folio)
            elif previous.text[-1] in NO_END:
                yield Finding("kinsoku", previous.page, f"{previous.quote(8, tail=True)} / {line.quote(6)}",
                              f"a line ends with {previous.text[-1]!r}, which must not end a line", folio)
