"""OOXML spelling: qualified names, element construction and schema order (ECMA-376 Part 1 §17).

In: prefixed tag names (`"w:ind"`), attribute maps, child elements. Out: lxml elements made by
python-docx's parser, so python-docx's own element classes (`CT_P`, `CT_R`, …) apply to them and
its proxies (`Paragraph`, `Run`) can wrap them.

WordprocessingML is a sequence schema: Word and openxml-audit reject a `w:pPr` whose `w:jc` comes
before its `w:ind`. The order tables below are the ones we need, copied from the CT_* definitions;
`make_element` and `set_child` put children in that order, so no caller has to remember it.
Nothing here knows about reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docx.oxml.ns import qn as _docx_qn
from docx.oxml.parser import OxmlElement
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

Element = BaseOxmlElement  # an lxml element with python-docx's helpers (`xpath`, `insert_element_before`)

AttrValue = str | int | bool

# CT_PPrBase + CT_PPr (§17.3.1.26)
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
)
# CT_RPr (§17.3.2.28)
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)
# CT_Style (§17.7.4.17)
STYLE_ORDER = (
    "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
    "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
    "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
)
# CT_SectPr (§17.6.17); header/footer references come first, in any number
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
    "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
)
# CT_Settings (§17.15.1.78), the children reportpress writes or may meet in python-docx's template
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "mirrorMargins", "proofState", "defaultTabStop", "evenAndOddHeaders", "noPunctuationKerning",
    "characterSpacingControl", "noLineBreaksAfter", "noLineBreaksBefore", "updateFields", "footnotePr",
    "endnotePr", "compat", "rsids",
    "mathPr", "themeFontLang", "clrSchemeMapping", "doNotAutoCompressPictures", "shapeDefaults",
    "decimalSymbol", "listSeparator",
)
# CT_FtnEdnNumProps and the document-wide note properties (§17.11.11, §17.11.4)
NOTEPR_ORDER = ("pos", "numFmt", "numStart", "numRestart", "footnote", "endnote")

# CT_TblPr (§17.4.60)
TBLPR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
    "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
)

ORDERS: dict[str, tuple[str, ...]] = {
    "w:pPr": PPR_ORDER, "w:rPr": RPR_ORDER, "w:style": STYLE_ORDER, "w:sectPr": SECTPR_ORDER,
    "w:settings": SETTINGS_ORDER, "w:footnotePr": NOTEPR_ORDER, "w:endnotePr": NOTEPR_ORDER,
    "w:tblPr": TBLPR_ORDER,
}


def qn(tag: str) -> str:
    """`"w:ind"` → Clark notation `"{http://…/main}ind"`."""
    return str(_docx_qn(tag))


_ORDERS_BY_TAG = {qn(tag): order for tag, order in ORDERS.items()}


def local_name(element: Element) -> str:
    return str(etree.QName(element).localname)


def make_element(tag: str, attrs: Mapping[str, AttrValue] | None = None,
                 children: Iterable[Element | None] = (), text: str | None = None) -> Element:
    """A new element `tag` with prefixed `attrs` and `children` (None skipped), in schema order.

    Booleans become OOXML's `"1"`/`"0"`; a `w:pPr`, `w:rPr`, … gets its children sorted by `ORDERS`.
    """
    element: Element = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        if isinstance(value, bool):
            value = "1" if value else "0"
        element.set(qn(name), str(value))
    kids = [child for child in children if child is not None]
    order = _ORDERS_BY_TAG.get(element.tag)
    if order is not None:
        kids.sort(key=lambda child: _position(order, child))
    element.extend(kids)
    if text is not None:
        element.text = text
    return element


def set_child(parent: Element, child: Element) -> Element:
    """Put `child` into `parent` in schema order, replacing a child of the same tag; returns `child`."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    order = _ORDERS_BY_TAG.get(parent.tag)
    if order is None:
        parent.append(child)
        return child
    rank = _position(order, child)
    sibling: Element
    for index, sibling in enumerate(parent):
        if _position(order, sibling) > rank:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def remove_children(parent: Element, *tags: str) -> None:
    """Remove every child of `parent` named by one of `tags` (prefixed)."""
    for tag in tags:
        for old in parent.findall(qn(tag)):
            parent.remove(old)


def _position(order: tuple[str, ...], element: Element) -> int:
    # Unknown children (extensions, or tags outside the table) go last, keeping their relative order.
    name = local_name(element) if isinstance(element.tag, str) else ""
    return order.index(name) if name in order else len(order)
