"""The font table (`word/fontTable.xml`): how Word finds a face for each family the styles name.

In: a `Layout` (the families per role, GB/T 9704's commercial names first). Out: one `w:font` per
family (ECMA-376 Part 1 §17.8.3): `w:altName`, `w:panose1`, `w:charset`, `w:family`, `w:pitch`,
`w:sig`, in CT_Font's order.

A stock Windows 10/11 has 仿宋 (FangSong), 楷体 (KaiTi), 黑体 (SimHei) and 宋体 (SimSun), but not the
GB/T 9704 names 仿宋_GB2312, 楷体_GB2312 (Windows XP's) or 方正小标宋简体. §17.8.3.1: an application
that cannot find `w:name` "should use each alternate name in turn … and use the first font [it]
locates", before matching by the font's metrics. So each family's `w:altName` is the rest of its
role's list in the layout (the print copy's CSS stack, in the same order), then the stock Windows
face of its class (`STOCK_FACES`): a machine with 仿宋_GB2312 keeps it; a stock PC gets 仿宋. Where no
name matches, Word maps by panose, charset and signature; those are the values Word itself writes for
the face (`KNOWN_FACES`, from Word-written font tables), or for an unknown CJK face those of a GB2312
face: charset 86 (GB2312), family modern, fixed pitch. README's DOCX part says what was verified.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportpress.layouts import Layout, Role
from reportpress.writers.docx.ooxml import Element, make_element

HAN_CHARSET = "86"  # GB2312_CHARSET (0x86)
LATIN_CHARSET = "00"  # ANSI_CHARSET


@dataclass(frozen=True, slots=True)
class Face:
    """What Word writes in a `w:font` for a face it knows: panose, family class, pitch, signature."""

    panose: str
    family: str
    pitch: str
    usb: tuple[str, str, str, str]  # Unicode subset bitfields
    csb: tuple[str, str]  # code page bitfields: 0x00040000 is GB2312


_STOCK_SIG = (("800002BF", "38CF7CFA", "00000016", "00000000"), ("00040001", "00000000"))
_GB2312_SIG = (("00000001", "080E0000", "00000000", "00000000"), ("00040000", "00000000"))
# Word-written font tables (Word 2016 on Chinese Windows) for the stock faces and the XP-era GB2312 ones
KNOWN_FACES: dict[str, Face] = {
    "仿宋": Face("02010609060101010101", "modern", "fixed", *_STOCK_SIG),
    "楷体": Face("02010609060101010101", "modern", "fixed", *_STOCK_SIG),
    "黑体": Face("02010609060101010101", "modern", "fixed", *_STOCK_SIG),
    "宋体": Face("02010600030101010101", "auto", "variable",
                 ("00000003", "288F0000", "00000006", "00000000"), ("00040001", "00000000")),
    "仿宋_GB2312": Face("02010609030101010101", "modern", "fixed", *_GB2312_SIG),
    "楷体_GB2312": Face("02010609030101010101", "modern", "fixed", *_GB2312_SIG),
}
# an unknown CJK face (方正小标宋简体, a user's): a GB2312 face; panose left out rather than guessed
_UNKNOWN_HAN = Face("", "modern", "fixed", *_GB2312_SIG)

# The stock Windows face (Chinese name, English name) each GB/T 9704 family falls back to last: the
# same class of face (仿宋 for 仿宋, 楷 for 楷, a 宋 for the heavy 小标宋 title face).
STOCK_FACES: dict[str, tuple[str, str]] = {
    "仿宋_GB2312": ("仿宋", "FangSong"),
    "FangSong_GB2312": ("仿宋", "FangSong"),
    "楷体_GB2312": ("楷体", "KaiTi"),
    "KaiTi_GB2312": ("楷体", "KaiTi"),
    "方正小标宋简体": ("宋体", "SimSun"),
    "方正小标宋_GBK": ("宋体", "SimSun"),
    "FZXiaoBiaoSong-B05S": ("宋体", "SimSun"),
    "仿宋": ("FangSong", ""),
    "楷体": ("KaiTi", ""),
    "黑体": ("SimHei", ""),
    "宋体": ("SimSun", ""),
}


def font_table(layout: Layout, families: dict[str, Role], han: set[str]) -> Element:
    """`w:fonts`: one entry per family of `families` (family → the role that names it first); `han`
    are the East Asian ones (`w:eastAsia`), which get charset 86 and alternate names."""
    entries = [font_entry(name, layout.fonts[role], name in han) for name, role in families.items()]
    return make_element("w:fonts", children=entries)


def alternate_names(name: str, stack: tuple[str, ...]) -> list[str]:
    """The names Word should try when `name` is missing: the rest of the layout's stack for the role,
    then the stock face of its class. A name holding a comma is left out: `w:altName` is a
    comma-separated list (§17.8.3.1)."""
    rest = list(stack[stack.index(name) + 1:]) if name in stack else list(stack)
    names: list[str] = []
    for candidate in [*rest, *STOCK_FACES.get(name, ("", ""))]:
        if candidate and candidate != name and "," not in candidate and candidate not in names:
            names.append(candidate)
    return names


def font_entry(name: str, stack: tuple[str, ...], east_asian: bool) -> Element:
    """One `w:font`: alternate names and Word's matching data for an East Asian family; a Latin
    family gets its charset and pitch only (Word knows Times New Roman without help)."""
    if not east_asian:
        return make_element("w:font", {"w:name": name}, [
            make_element("w:charset", {"w:val": LATIN_CHARSET}),
            make_element("w:family", {"w:val": "auto"}),
            make_element("w:pitch", {"w:val": "variable"}),
        ])
    face = KNOWN_FACES.get(name, _UNKNOWN_HAN)
    alternates = alternate_names(name, stack)
    usb, csb = face.usb, face.csb
    return make_element("w:font", {"w:name": name}, [
        make_element("w:altName", {"w:val": ",".join(alternates)}) if alternates else None,
        make_element("w:panose1", {"w:val": face.panose}) if face.panose else None,
        make_element("w:charset", {"w:val": HAN_CHARSET}),
        make_element("w:family", {"w:val": face.family}),
        make_element("w:pitch", {"w:val": face.pitch}),
        make_element("w:sig", {"w:usb0": usb[0], "w:usb1": usb[1], "w:usb2": usb[2], "w:usb3": usb[3],
                               "w:csb0": csb[0], "w:csb1": csb[1]}),
    ])
