"""Checks of the folio (页码) and of duplex parity, GB/T 9704-2012 §7.5 and §6.2.

In: a `Proof`. Out: findings of `folio-format` (the layout's format, `— N —`), `folio-side` (odd
numbers right, even left, one character in from the text block's edge), `folio-distance` (the top of
the dash's glyph box `distance` below the text block: 7 mm ± 0.5 mm), `folio-sequence` (numbers in
order, no text page without one), and `parity` (with a mirrored layout the page numbered 1 must be a
recto: an odd PDF page, since PDF page 1 is the front of the first leaf).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportpress.proof.findings import Finding
from reportpress.proof.geometry import mm
from reportpress.proof.lines import Line
from reportpress.proof.pages import PageView, Proof

DISTANCE_TOLERANCE_MM = 0.5  # the 7.7–7.9 mm of issue 12 must show; a registration error is ~0.1 mm
SIDE_TOLERANCE_MM = 1.0
DASHES = frozenset("—–―‒-－")


def check_folios(proof: Proof) -> Iterator[Finding]:
    for page in proof.pages:
        if page.folio is not None:
            yield from _check_folio(page, page.folio, proof)
    yield from _check_sequence(proof)
    if proof.layout.page.mirror:
        yield from _check_parity(proof)


def _check_folio(page: PageView, folio: Line, proof: Proof) -> Iterator[Finding]:
    settings = proof.layout.folio
    number = page.folio_number
    wanted = re.sub(r"\s+", "", settings.format.format(n=number if number is not None else "N"))
    if folio.text != wanted:
        yield Finding("folio-format", page.number, folio.text, f"folio reads {folio.text!r} ({wanted!r} wanted)",
                      number)
    if number is not None:
        yield from _check_side(page, folio, number, proof)
    dash = next((glyph for glyph in folio.glyphs if glyph.char in DASHES), folio.glyphs[0])
    distance = mm(dash.top - page.block_bottom)
    if abs(distance - settings.distance.mm) > DISTANCE_TOLERANCE_MM:
        yield Finding("folio-distance", page.number, folio.text,
                      f"the folio's dash is {distance:.1f} mm below the text block "
                      f"({settings.distance.mm:.0f} ± {DISTANCE_TOLERANCE_MM} mm wanted)", number)


def _check_side(page: PageView, folio: Line, number: int, proof: Proof) -> Iterator[Finding]:
    settings = proof.layout.folio
    position = settings.position
    side = "right" if (position == "right" or (position == "alternate" and number % 2 == 1)) else \
        "left" if position == "alternate" else "center"
    indent = settings.indent * folio.size
    left, right = folio.glyphs[0].left, folio.glyphs[-1].right
    if side == "right":
        off = mm(right - (page.right - indent))
    elif side == "left":
        off = mm((page.left + indent) - left)
    else:
        off = mm((left + right) / 2 - (page.left + page.right) / 2)
    if abs(off) > SIDE_TOLERANCE_MM:
        seen = "right" if (left + right) / 2 > (page.left + page.right) / 2 else "left"
        where = f"on the {seen}" if seen != side else f"{abs(off):.1f} mm {'out' if off > 0 else 'in'} of place"
        wanted = "centred" if side == "center" else \
            f"on the {side}, {settings.indent:g} character in from the text block's edge"
        parity = "odd" if number % 2 else "even"
        yield Finding("folio-side", page.number, folio.text,
                      f"an {parity} folio {where} ({wanted} wanted)", number)


def _check_sequence(proof: Proof) -> Iterator[Finding]:
    numbered = [page for page in proof.pages if page.folio_number is not None]
    if not numbered:
        return
    first, last = numbered[0].number, numbered[-1].number
    previous: PageView | None = None
    for page in proof.pages[first - 1:last]:
        if page.folio_number is None:
            if page.text:
                yield Finding("folio-sequence", page.number, page.text[0].quote(),
                              "a page of text without a folio between numbered pages")
            previous = None
            continue
        if previous is not None and previous.folio_number is not None and \
                page.folio_number != previous.folio_number + 1:
            yield Finding("folio-sequence", page.number, page.folio.text if page.folio else "",
                          f"folio {page.folio_number} follows {previous.folio_number}", page.folio_number)
        previous = page


def _check_parity(proof: Proof) -> Iterator[Finding]:
    numbered = [page for page in proof.pages if page.folio_number is not None]
    wrong = [page for page in numbered if (page.number - (page.folio_number or 0)) % 2]
    if not wrong:
        return
    page = wrong[0]
    number = page.folio_number
    kind = "verso" if number is not None and number % 2 else "recto"
    yield Finding("parity", page.number, page.folio.text if page.folio else "",
                  f"folio {number} is on PDF page {page.number}, a {kind}: printed two-sided, "
                  f"{len(wrong)} of {len(numbered)} numbered pages put folio and binding margin on the "
                  "wrong side (start the body on an odd PDF page, e.g. a blank page after a one-page cover)",
                  number)
