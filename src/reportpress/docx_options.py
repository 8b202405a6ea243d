"""The `[docx]` table of a layout.toml: settings only the DOCX writer uses, checked when the layout is opened.

In: `Layout.docx` (an untyped mapping). Out: `DocxOptions`, or a `LayoutError` naming the file and the
key. Every key is optional; the defaults are what `gov-report` wants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, get_args

from reportpress.errors import LayoutError
from reportpress.layouts import ROLES, Layout, Role

GridType = Literal["linesAndChars", "lines", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocxOptions:
    latin_font: str = ""  # Latin letters and digits; "" = each role's first family
    regular_roles: tuple[Role, ...] = ()  # roles never set bold, whatever their weight
    grid: GridType = "lines"  # lines: the pitch, and 28 characters from Normal's spacing (LibreOffice keeps both)
    glossary_page_break: bool = True  # the glossary title opens a page
    # w:overflowPunct, Word's default for Chinese; off, LibreOffice 7.4 drops a mark a full "lines" line ends on
    hanging_punctuation: bool = True


def grid_kind(layout: Layout) -> GridType:
    """The `w:docGrid` type: `[docx] grid` (a character grid needs the layout's characters a line), or none
    without the layout's lines a page."""
    kind = docx_options(layout).grid
    if kind == "linesAndChars" and not layout.chars_per_line:
        kind = "lines"
    return kind if layout.lines_per_page else "none"


def docx_options(layout: Layout) -> DocxOptions:
    """`layout.docx` as `DocxOptions`; unknown keys and wrong values are layout errors."""
    table: Mapping[str, Any] = layout.docx
    where = f"{layout.folder / 'layout.toml'}: [docx]"
    known = {field.name for field in fields(DocxOptions)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise LayoutError(f"{where} unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    roles = table.get("regular_roles", [])
    if not isinstance(roles, list) or any(role not in ROLES for role in roles):
        raise LayoutError(f"{where} regular_roles = {roles!r}: a list of roles ({', '.join(ROLES)})")
    grid = table.get("grid")
    if grid is not None and grid not in get_args(GridType):
        raise LayoutError(f"{where} grid = {grid!r}: use one of {', '.join(get_args(GridType))}")
    for key in ("glossary_page_break", "hanging_punctuation"):
        if not isinstance(table.get(key, True), bool):
            raise LayoutError(f"{where} {key} = {table[key]!r}: use true or false")
    if not isinstance(table.get("latin_font", ""), str):
        raise LayoutError(f"{where} latin_font = {table['latin_font']!r}: a family name, or \"\"")
    return DocxOptions(
        latin_font=table.get("latin_font", ""),
        regular_roles=tuple(roles),
        grid=grid or "lines",
        glossary_page_break=table.get("glossary_page_break", True),
        hanging_punctuation=table.get("hanging_punctuation", True),
    )
