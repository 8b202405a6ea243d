"""Lengths and Chinese type sizes, shared by the HTML/CSS and the DOCX writers.

A `Length` is a float in PostScript points (CSS `pt`, TeX `bp`, 1/72 in), with views in the units each
writer needs: mm for people, twips (1/20 pt) and half-points for OOXML, EMU for python-docx.
Chinese size names follow ctex's `word` size system, which ctex states agrees with GB/T 40070-2021.
"""

from __future__ import annotations

import math
import re

MM_PER_PT = 25.4 / 72


class Length(float):
    """A length in points."""

    __slots__ = ()

    @property
    def pt(self) -> float:
        return float(self)

    @property
    def mm(self) -> float:
        return float(self) * MM_PER_PT

    @property
    def twips(self) -> int:
        return round(float(self) * 20)

    @property
    def half_points(self) -> int:
        return round(float(self) * 2)

    @property
    def emu(self) -> int:
        return round(float(self) * 12700)

    def css(self) -> str:
        """The length as a CSS value in pt, short and exact enough for layout (1/1000 pt)."""
        return f"{float(self):.3f}".rstrip("0").rstrip(".") + "pt"

    def __repr__(self) -> str:
        return f"Length({float(self):g}pt)"


def Pt(value: float) -> Length:  # noqa: N802 - a unit constructor, named like python-docx's
    return Length(value)


def Mm(value: float) -> Length:  # noqa: N802
    return Length(value / MM_PER_PT)


def floor_to(value: float, step: float) -> float:
    """`value` rounded down to a multiple of `step`; keeps a grid from overflowing by rounding."""
    return math.floor(value / step + 1e-9) * step


# 字号 → pt (ctex `word` size system; typography.md §a1)
CHINESE_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}

_NUMBER_WITH_UNIT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(pt|mm)?\s*$")


def parse_size(value: str | float | int) -> Length:
    """A type size from layout.toml: a number of points, `'12pt'`, `'5mm'`, or a Chinese size name."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int | float):
        return Pt(value)
    name = value.strip()
    if name in CHINESE_SIZES:
        return Pt(CHINESE_SIZES[name])
    match = _NUMBER_WITH_UNIT.match(name)
    if not match:
        known = "、".join(CHINESE_SIZES)
        raise ValueError(f"not a size: {value!r} (use points, '5mm', or one of {known})")
    number, unit = float(match.group(1)), match.group(2) or "pt"
    return Mm(number) if unit == "mm" else Pt(number)
