"""Fontconfig aliases for a layout's font names: the DOCX's fonts on a machine without them.

In: a `Layout` (the families per role, GB/T 9704's commercial names first) and the faces installed
(`fonts.discover_faces`). Out: a fontconfig file (fonts-conf(5)) that makes each family the layout names
but the system lacks an alias of the installed stand-ins after it in its role's list, in that order.

The print copy needs none of this: WeasyPrint reads the CSS stack and takes the first installed family;
and the rules hold only for LibreOffice (`PROGRAM`), so they never reach the build.
The DOCX names only the first family of each role (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体, as Word
expects), and on Linux LibreOffice asks fontconfig for that name alone: without the alias it gets the
default sans face (DejaVu Sans, then Noto Sans CJK for the Han characters), and the DOCX's body prints in
a 黑体-like face where the PDF has 仿宋. With the aliases the two outputs use the same stand-ins.

A name several roles list with different stand-ins after it takes them by the weight LibreOffice asks it
at (楷体_GB2312: FandolKai for the regular subtitle, LXGW WenKai for the bold level-2 heading); two roles of
one weight that disagree leave that weight without an alias. Only system faces are aliased: the project's
font folders are loaded by the build (`@font-face`), not by fontconfig, so no other program finds them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportpress.fonts import FC_WEIGHTS, FontFace, resolve_fontset
from reportpress.layouts import ROLES, Layout

HEADER = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <description>reportpress, layout {layout}: the layout's font names this machine lacks, each an alias of \
the stand-ins it has (the print copy's), so that other programs (LibreOffice opening the DOCX) draw them \
as the PDF does. Delete this file to undo it.</description>
"""


# The program the aliases serve: LibreOffice (its process is soffice.bin, which fontconfig gives as the pattern's
# `prgname`). Every other program — the build's Python among them, through Pango — sees none of them, so the
# print copy never changes under them, whatever weight a role's text is set at (`*x*` inside a bold 黑体
# heading asks 楷体_GB2312 bold, and takes FandolKai from its own list, not the level-2 heading's LXGW WenKai).
PROGRAM = "soffice.bin"
PROGRAM_TEST = f'<test name="prgname"><string>{PROGRAM}</string></test>'


def stand_ins(layout: Layout, faces: Sequence[FontFace]) -> dict[str, dict[int, tuple[str, ...]]]:
    """Each family the layout names and the system lacks → for each weight a role asks it at, the
    installed system families after it in that role's list, in order. A weight at which two roles
    would want different stand-ins is left out (an alias serving one would change the other's print
    copy), as is a name with no stand-in installed after it."""
    fontset = resolve_fontset(layout, faces)
    wanted: dict[str, dict[int, set[tuple[str, ...]]]] = {}
    for role in ROLES:
        stack = fontset[role]
        for index, (family, face) in enumerate(stack.families):
            if face is not None or not _writable(family):
                continue
            after = tuple(dict.fromkeys(name for name, found in stack.families[index + 1:]
                                        if found is not None and found.origin == "system" and _writable(name)))
            if after:
                wanted.setdefault(family, {}).setdefault(stack.weight, set()).add(after)
    return {family: {weight: next(iter(targets)) for weight, targets in sorted(by_weight.items())
                     if len(targets) == 1}
            for family, by_weight in wanted.items()
            if any(len(targets) == 1 for targets in by_weight.values())}


def _writable(name: str) -> bool:
    """Whether XML 1.0 can carry the name (a project's layout may name anything)."""
    return bool(name) and all(char == "\t" or (char >= " " and not "\ud800" <= char <= "\udfff"
                                               and char not in "\ufffe\uffff") for char in name)


def fontconfig_weight(css_weight: float) -> float:
    """A CSS (OpenType) weight on fontconfig's scale, as `FcWeightFromOpenTypeDouble` maps it: linear
    between the named weights (400 → 80 regular, 700 → 200 bold)."""
    points = [(css, fc) for fc, css in FC_WEIGHTS]
    if css_weight <= points[0][0]:
        return float(points[0][1])
    for (low, low_fc), (high, high_fc) in itertools.pairwise(points):
        if css_weight <= high:
            return low_fc + (high_fc - low_fc) * (css_weight - low) / (high - low)
    return float(points[-1][1])


def fontconfig_aliases(layout: Layout, faces: Sequence[FontFace]) -> str:
    """The fontconfig file of `stand_ins`: for each name and weight, a rule that puts the stand-ins right
    after the name in what a program asks for (`mode="append"`, `binding="same"`: as strong as the name
    itself), before the generic families fontconfig appends (sans-serif). A face installed under the name
    later still comes first. The lightest weight's rule holds for every request (one that names no weight
    has none yet when the rules run: fontconfig adds the default after them); each heavier one from half
    way to the weight below it, and, coming later, puts its stand-ins before those of the lighter rules
    (LibreOffice asks 楷体_GB2312 bold for the level-2 heading: LXGW WenKai, which has a bold face, then
    FandolKai, the subtitle's, which has none)."""
    parts = [HEADER.format(layout=escape(layout.name) if _writable(layout.name) else "…")]
    for family, by_weight in stand_ins(layout, faces).items():
        weights = sorted(by_weight)
        for index, weight in enumerate(weights):
            tests = [PROGRAM_TEST, f'<test name="family"><string>{escape(family)}</string></test>']
            if index > 0:
                low = fontconfig_weight((weights[index - 1] + weight) / 2)
                tests.append(f'<test name="weight" compare="more_eq"><double>{low:g}</double></test>')
            edits = "".join(f'<edit name="family" mode="append" binding="same"><string>{escape(name)}</string></edit>'
                            for name in reversed(by_weight[weight]))  # each inserted right after the name
            parts.append(f'  <match target="pattern">{"".join(tests)}{edits}</match>\n')
    parts.append("</fontconfig>\n")
    return "".join(parts)
