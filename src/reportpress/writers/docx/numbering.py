"""List numbering: Word's own numbered and bulleted lists (ECMA-376 Part 1 §17.9).

In: the layout's indent, and each list as the writer meets it. Out: `word/numbering.xml` with one
abstract definition per list kind and one `w:num` per list, so that every ordered list starts at its
own `start` and Word renumbers items a user adds. python-docx reads numbering but cannot create it.

Chinese lists follow the body paragraph (GB/T 9704 §7.3.3): the marker sits at the two-character
indent and wrapped lines return to the margin, so a level adds two characters of left indent and the
marker is followed by nothing (ordered, `1.`) or a space (bulleted).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument

from reportpress.layouts import Layout
from reportpress.writers.docx.ooxml import Element, make_element

LEVELS = 9
BULLET, DECIMAL = 0, 1  # abstractNumId of each list kind
BULLET_MARKS = ("•", "◦", "▪")


class Numbering:
    """The numbering part of one document; `new_list` returns a numId for one list."""

    def __init__(self, document: DocxDocument, layout: Layout) -> None:
        self._root: Element = document.part.numbering_part.element
        for child in list(self._root):  # python-docx's template definitions are not ours
            self._root.remove(child)
        self._root.append(_abstract(BULLET, layout, ordered=False))
        self._root.append(_abstract(DECIMAL, layout, ordered=True))
        self._count = 0

    def new_list(self, *, ordered: bool, level: int, start: int) -> int:
        """A fresh `w:num` for one list; an ordered list restarts at `start` on its level."""
        self._count += 1
        children = [make_element("w:abstractNumId", {"w:val": DECIMAL if ordered else BULLET})]
        if ordered:
            children.append(make_element("w:lvlOverride", {"w:ilvl": level}, [
                make_element("w:startOverride", {"w:val": start})]))
        self._root.append(make_element("w:num", {"w:numId": self._count}, children))
        return self._count


def numbering_properties(num_id: int, level: int) -> Element:
    """`w:numPr` putting a paragraph on `level` of list `num_id`."""
    return make_element("w:numPr", children=[make_element("w:ilvl", {"w:val": level}),
                                             make_element("w:numId", {"w:val": num_id})])


def _abstract(abstract_id: int, layout: Layout, *, ordered: bool) -> Element:
    levels = []
    for level in range(LEVELS):
        left = layout.indent.twips * level
        levels.append(make_element("w:lvl", {"w:ilvl": level}, [
            make_element("w:start", {"w:val": 1}),
            make_element("w:numFmt", {"w:val": "decimal" if ordered else "bullet"}),
            make_element("w:suff", {"w:val": "nothing" if ordered else "space"}),
            make_element("w:lvlText", {"w:val": f"%{level + 1}." if ordered
                                       else BULLET_MARKS[level % len(BULLET_MARKS)]}),
            make_element("w:lvlJc", {"w:val": "left"}),
            make_element("w:pPr", children=[make_element("w:ind", {
                "w:leftChars": 200 * level, "w:left": left,
                "w:firstLineChars": 200, "w:firstLine": layout.indent.twips})]),
        ]))
    return make_element("w:abstractNum", {"w:abstractNumId": abstract_id}, [
        make_element("w:multiLevelType", {"w:val": "hybridMultilevel"}), *levels])
