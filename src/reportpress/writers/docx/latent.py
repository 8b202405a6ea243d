"""Word's latent style table (`w:latentStyles`, ECMA-376 §17.7.4.5): the built-in styles a document
does not define but Word still knows, with the priority and visibility Word gives them.

In: nothing. Out: the `w:latentStyles` element Word 2010 writes (`count` 276, 137 exceptions), so Word's
styles pane, Quick Styles gallery and "Apply Styles" list the built-ins (heading 5, caption, TOC
Heading, the table looks …) in Word's order, and an add-in that applies one by name finds it. Without
the table Word treats every undefined built-in as the defaults say (hidden, priority 99).

The table only describes; it defines no look. python-docx looks styles up among the `w:style`
definitions, so the built-ins a script is likely to ask for by name are defined in `styles.py`
(`builtin_extras`). Values copied from the table Word 2010 writes (the one in python-docx's template).
"""

from __future__ import annotations

from reportpress.writers.docx.ooxml import Element, make_element

LATENT_COUNT = 276  # the number of built-in styles Word 2010 knows

# (name, uiPriority, qFormat) of styles Word shows in the styles pane from the start
_SHOWN: tuple[tuple[str, int, bool], ...] = (
    ("Normal", 0, True), ("heading 1", 9, True), ("Title", 10, True), ("Subtitle", 11, True),
    ("Strong", 22, True), ("Emphasis", 20, True), ("Table Grid", 59, False), ("No Spacing", 1, True),
    ("List Paragraph", 34, True), ("Quote", 29, True), ("Intense Quote", 30, True),
    ("Subtle Emphasis", 19, True), ("Intense Emphasis", 21, True), ("Subtle Reference", 31, True),
    ("Intense Reference", 32, True), ("Book Title", 33, True),
)
# (name, uiPriority, qFormat) of styles hidden until used (the table's defaults: semiHidden, unhideWhenUsed)
_HIDDEN_UNTIL_USED: tuple[tuple[str, int, bool], ...] = (
    *((f"heading {level}", 9, True) for level in range(2, 10)),
    *((f"toc {level}", 39, False) for level in range(1, 10)),
    ("caption", 35, True), ("Default Paragraph Font", 1, False), ("Bibliography", 37, False),
    ("TOC Heading", 39, True),
)
# hidden, priority 99, but never unhidden by use
_ALWAYS_HIDDEN = ("Placeholder Text", "Revision")
# Word 2007's table looks, plain and in each accent colour, priorities 60 … 73
_TABLE_LOOKS = ("Light Shading", "Light List", "Light Grid", "Medium Shading 1", "Medium Shading 2",
                "Medium List 1", "Medium List 2", "Medium Grid 1", "Medium Grid 2", "Medium Grid 3",
                "Dark List", "Colorful Shading", "Colorful List", "Colorful Grid")
_TABLE_PRIORITY = 60


def latent_styles() -> Element:
    """`w:latentStyles`: defaults for every built-in, then Word's exceptions."""
    exceptions = [_exception(name, priority, quick=quick, shown=True) for name, priority, quick in _SHOWN]
    exceptions += [_exception(name, priority, quick=quick) for name, priority, quick in _HIDDEN_UNTIL_USED]
    exceptions += [make_element("w:lsdException", {"w:name": name, "w:unhideWhenUsed": False})
                   for name in _ALWAYS_HIDDEN]
    for accent in ("", *(f" Accent {n}" for n in range(1, 7))):
        exceptions += [_exception(look + accent, _TABLE_PRIORITY + index, quick=False, shown=True)
                       for index, look in enumerate(_TABLE_LOOKS)]
    return make_element("w:latentStyles", {
        "w:defLockedState": False, "w:defUIPriority": 99, "w:defSemiHidden": True,
        "w:defUnhideWhenUsed": True, "w:defQFormat": False, "w:count": LATENT_COUNT,
    }, exceptions)


def _exception(name: str, priority: int, *, quick: bool, shown: bool = False) -> Element:
    attrs: dict[str, str | int | bool] = {"w:name": name}
    if shown:
        attrs |= {"w:semiHidden": False, "w:unhideWhenUsed": False}
    attrs["w:uiPriority"] = priority
    if quick:
        attrs["w:qFormat"] = True
    return make_element("w:lsdException", attrs)
