"""Checks of the fonts: all embedded, Chinese drawn by Chinese faces; which font serves which role.

In: a `Proof`. Out: findings of `font-embedded` (a printer substitutes a font that is not in the
file) and `font-cjk` (a Han character or a full-width mark drawn by a Latin face: “ ” come out
proportional, a Han character from a fallback face), and `font_roles`, the fonts seen per role for
the report. A face counts as CJK when its program says so (OS/2 code pages or ranges, `pdf.py`) or
when it draws Han characters in this PDF.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from reportpress.proof.findings import Finding
from reportpress.proof.lines import is_han
from reportpress.proof.pages import Proof
from reportpress.proof.pdf import Font, Glyph
from reportpress.typeset.chars import is_wide

SHARED_MARKS = frozenset("“”‘’—…")
RUN_IN_ENDS = frozenset("。！？")  # what ends a run-in heading (GB/T 9704 §7.3.3's third and fourth levels)


def check_fonts(proof: Proof) -> Iterator[Finding]:
    used: dict[Font, list[int]] = defaultdict(list)
    draws_han: set[Font] = set()
    for page in proof.pages:
        glyphs = [glyph for line in page.lines for glyph in line.glyphs]
        if page.folio is not None:
            glyphs.extend(page.folio.glyphs)
        for glyph in glyphs:
            if not used[glyph.font] or used[glyph.font][-1] != page.number:
                used[glyph.font].append(page.number)
            if is_han(glyph.char):
                draws_han.add(glyph.font)
    for font, pages in used.items():
        if not font.embedded:
            yield Finding("font-embedded", pages[0], font.name,
                          f"font {font.name} is not embedded (used on {_pages(pages)}): embed it, or a printer "
                          "substitutes another face")
    for page in proof.pages:
        foreign = Counter[tuple[Font, str]]()
        for line in page.lines:
            chinese = any(is_han(char) for char in line.text)
            for glyph in line.glyphs:
                font = glyph.font
                # “ ” ‘ ’ — … are also Latin marks: Chinese ones only in a line of Chinese
                if is_wide(glyph.char) and (chinese or glyph.char not in SHARED_MARKS) \
                        and not font.cjk and font not in draws_han:
                    foreign[font, glyph.char] += 1
        by_font: dict[Font, list[str]] = defaultdict(list)
        for (font, char), _ in foreign.most_common():
            by_font[font].append(char)
        for font, chars in by_font.items():
            yield Finding("font-cjk", page.number, "".join(chars[:12]),
                          f"{sum(foreign[font, char] for char in chars)} Chinese character(s) or mark(s) drawn "
                          f"by {font.name}, a non-CJK face (let a CJK font draw them)")


def font_roles(proof: Proof) -> dict[str, list[str]]:
    """The fonts seen per role — body, heading1–4, title, note, folio — most characters first."""
    return {role: [font.name for font, _ in counter.most_common()] for role, counter in _role_fonts(proof).items()}


def _role_fonts(proof: Proof) -> dict[str, Counter[Font]]:
    roles: dict[str, Counter[Font]] = defaultdict(Counter)
    for block in proof.blocks:
        if block.kind == "heading":
            role = f"heading{block.level}"
        elif block.kind == "title":
            # a centred line in the body size is a subtitle, an author or a glossary's title: no layout
            # role of its own, so it is shown as "centred" and not checked against [fonts]
            role = "title" if block.lines[0].size > proof.body_size * 1.05 else "centred"
        else:
            role = "body" if abs(block.lines[0].size - proof.body_size) < 0.5 else "note"
        glyphs = [glyph for line in block.lines for glyph in line.glyphs]
        roles[role].update(glyph.font for glyph in (_run_in(glyphs) if block.kind == "heading" else glyphs))
    for page in proof.pages:
        if page.folio is not None:
            roles["folio"].update(glyph.font for glyph in page.folio.glyphs)
    return dict(sorted(roles.items()))


def _run_in(glyphs: list[Glyph]) -> list[Glyph]:
    """A heading's own glyphs: up to its first full stop when text follows it on its line (a run-in
    heading, `1.人工智能。大模型……`: the rest is body text in the body's face)."""
    end = next((index for index, glyph in enumerate(glyphs) if glyph.char in RUN_IN_ENDS), None)
    return glyphs if end is None or end == len(glyphs) - 1 else glyphs[:end + 1]


def _family_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name).casefold()


def check_roles(proof: Proof) -> Iterator[Finding]:
    """Each role's main font is one of the families the layout lists for it (its first choice or a stand-in)."""
    for role, counter in _role_fonts(proof).items():
        wanted = proof.layout.fonts.get(role)  # type: ignore[call-overload]
        if not wanted:
            continue
        font = counter.most_common(1)[0][0]
        seen = {_family_key(font.family), _family_key(font.name)}
        keys = [_family_key(family) for family in wanted]
        if not any(key in name or name in key for key in keys for name in seen):
            first_page = next(page.number for page in proof.pages for line in
                              [*page.lines, *([page.folio] if page.folio else [])] if font in
                              {glyph.font for glyph in line.glyphs})
            yield Finding("font-role", first_page, font.name,
                          f"{role} is set in {font.family}, not one of the layout's {role} fonts "
                          f"({', '.join(wanted[:4])}{'…' if len(wanted) > 4 else ''})")


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {numbers[0]}–{numbers[-1]}" if numbers == list(range(numbers[0], numbers[-1] + 1)) \
        else f"pages {', '.join(map(str, numbers[:8]))}{'…' if len(numbers) > 8 else ''}"
