"""What a cover PDF's pages draw with, copied by an allowlist per kind of object (ISO 32000-1), and nothing else.

A cover PDF is untrusted. A denylist of interactive keys let an action hidden under a key it did not
know (`/Font << /F1 << … /Evil << /S /Launch … >> >> >>`) reach the printed PDF; here nothing is
carried that its kind of object does not list. `drawn_copy` walks from each page: the page's boxes,
`/Rotate`, `/Contents`, `/Resources` and `/Group` (`PAGE`), and from there only the keys each kind of
object draws with — resources (`RESOURCES`), fonts by `/Subtype` and their descriptors and font files,
Form and Image XObjects, graphics states, soft masks, transparency groups, patterns, shadings,
functions, colour spaces (ICC profiles), marked-content property lists. A value under a listed key is
kept when it is of the kind the key holds; plain data (numbers, names, strings, arrays of them) is
kept under keys that hold data; anything else — a dictionary where a number belongs, any unlisted
key, a PostScript XObject, a halftone dictionary — is dropped. The copy is made object by object into a
new `PdfWriter`, so an object of the cover that no kept key reaches is not in the output at all (the
earlier scrub deleted keys in place, and an object they pointed to was still written).

Depth: the walk counts every step into a dictionary, array or stream (an indirect object shared or
reached again is copied once: cycles end there). Past `MAX_DEPTH` steps the cover is refused
(CoverRefused), not cut: a drawing needs a dozen (page → resources → XObject → its resources → …);
a cut drawing would print something else than the designer made.

Drawn forms: a Form XObject drawn twice by a form drawn twice … 24 deep is 2^23 forms to a renderer — a
5 KB cover that PDFium expanded to 21 GB while loading the page, in every viewer of the build's PDF. Each
copied page counts the forms it draws, `Do` by `Do` through its content and its forms' (`forms_drawn`, each
form's count made once), and the bytes of content that makes a renderer read; a page past MAX_FORMS_DRAWN
or MAX_CONTENT_DRAWN is refused (CoverRefused).

Keys that would make a drawing depend on a file outside the PDF — a reference XObject's `/Ref`, an
`/OPI` proxy, a stream's `/F`, `/FFilter`, `/FDecodeParms` — are never listed, so never copied; what
the walk finds of them, and what PDF/A-1 forbids in what it copies (`archival_problems`), is said in
`DrawnCopy.archival`, for the PDF/A check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class CoverRefused(ValueError):
    """A cover PDF that is not merged: the reason, said to the user with the cover's path."""


# Steps from a page: a Form XObject is three further (its /Resources, their /XObject, the form), so this is
# 31 forms drawn one inside the other (design tools nest a handful); a font's data is at depth 4 to 6
MAX_DEPTH = 96

# Forms one cover page may draw, counted as a renderer draws them (a form drawn twice counts twice): a
# designed cover draws tens; each drawn form costs PDFium about 1.3 KB, and a viewer its time
MAX_FORMS_DRAWN = 10_000
# and bytes of content it may read so: a few MB for a detailed vector cover; 75 MB of `0 0 m 1 1 l S`
# (75 KB compressed) are ten million objects to a renderer
MAX_CONTENT_DRAWN = 64 * 1024 * 1024
# `/Name Do` in a content stream: the name's characters are those a PDF name may hold unescaped (§7.3.5)
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")

# --------------------------------------------------------------------------------------- the allowlist
# Each kind is a table of key → the kind of its value. `DATA` values are numbers, names, strings, booleans
# and arrays of them; a kind in `_DISPATCH` is chosen by the object's own type keys; `MAP_OF[kind]` is a
# dictionary of any names whose values are of `kind` (a resources' `/Font` dictionary, `/CharProcs` …).
DATA = "data"
_STREAM = {"/Filter": DATA, "/DecodeParms": "decode-parms", "/DL": DATA}  # /Length is written anew from the bytes


def _DATA_KEYS(*keys: str) -> dict[str, str]:  # noqa: N802  # read as a constant in the tables
    return dict.fromkeys(keys, DATA)


PAGE = {**_DATA_KEYS("/Type", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate"),
        "/Contents": "contents", "/Resources": "resources", "/Group": "group"}

KINDS: dict[str, dict[str, str]] = {
    "resources": {"/Font": "map:font", "/XObject": "map:xobject", "/ExtGState": "map:extgstate",
                  "/ColorSpace": "map:colorspace", "/Pattern": "map:pattern", "/Shading": "map:shading",
                  "/Properties": "map:properties", "/ProcSet": DATA},
    "content": dict(_STREAM),  # a content stream, a Type 3 glyph, a CIDSet, a CIDToGIDMap, JBIG2 globals
    # a filter's parameters (§7.4), one dictionary or an array of them (null for a filter that has none)
    "decode-parms": {**_DATA_KEYS("/Predictor", "/Colors", "/BitsPerComponent", "/Columns", "/EarlyChange", "/K",
                                  "/EndOfLine", "/EncodedByteAlign", "/Rows", "/EndOfBlock", "/BlackIs1",
                                  "/DamagedRowsBeforeError", "/ColorTransform"),
                     "/JBIG2Globals": "content"},
    # fonts (§9.6–9.8)
    "font-simple": {**_DATA_KEYS("/Type", "/Subtype", "/Name", "/BaseFont", "/FirstChar", "/LastChar", "/Widths"),
                    "/FontDescriptor": "font-descriptor", "/Encoding": "encoding", "/ToUnicode": "cmap-stream"},
    "font-type0": {**_DATA_KEYS("/Type", "/Subtype", "/BaseFont"), "/Encoding": "cmap",
                   "/DescendantFonts": "array:font", "/ToUnicode": "cmap-stream"},
    "font-cid": {**_DATA_KEYS("/Type", "/Subtype", "/BaseFont", "/DW", "/W", "/DW2", "/W2"),
                 "/CIDSystemInfo": "cid-system-info", "/FontDescriptor": "font-descriptor",
                 "/CIDToGIDMap": "cid-to-gid"},
    "font-type3": {**_DATA_KEYS("/Type", "/Subtype", "/Name", "/FontBBox", "/FontMatrix", "/FirstChar",
                                "/LastChar", "/Widths"),
                   "/CharProcs": "map:content", "/Encoding": "encoding", "/FontDescriptor": "font-descriptor",
                   "/Resources": "resources", "/ToUnicode": "cmap-stream"},
    "font-descriptor": {**_DATA_KEYS("/Type", "/FontName", "/FontFamily", "/FontStretch", "/FontWeight", "/Flags",
                                     "/FontBBox", "/ItalicAngle", "/Ascent", "/Descent", "/Leading", "/CapHeight",
                                     "/XHeight", "/StemV", "/StemH", "/AvgWidth", "/MaxWidth", "/MissingWidth",
                                     "/CharSet", "/Lang"),
                        "/Style": "font-style", "/FontFile": "font-file", "/FontFile2": "font-file",
                        "/FontFile3": "font-file", "/CIDSet": "content", "/FD": "map:font-descriptor"},
    "font-style": _DATA_KEYS("/Panose"),
    "font-file": {**_STREAM, **_DATA_KEYS("/Length1", "/Length2", "/Length3", "/Subtype")},
    "encoding": _DATA_KEYS("/Type", "/BaseEncoding", "/Differences"),
    "cmap-stream": {**_STREAM, **_DATA_KEYS("/Type", "/CMapName", "/WMode"), "/CIDSystemInfo": "cid-system-info",
                    "/UseCMap": "cmap"},
    "cid-system-info": _DATA_KEYS("/Registry", "/Ordering", "/Supplement"),
    # XObjects (§8.8–8.10); /Ref, /OPI, /OC, /Metadata, /PieceInfo, /StructParent(s) are left out
    "form": {**_STREAM, **_DATA_KEYS("/Type", "/Subtype", "/FormType", "/BBox", "/Matrix"),
             "/Resources": "resources", "/Group": "group"},
    "image": {**_STREAM, **_DATA_KEYS("/Type", "/Subtype", "/Width", "/Height", "/BitsPerComponent", "/Intent",
                                      "/ImageMask", "/Decode", "/Interpolate", "/SMaskInData", "/Name"),
              "/ColorSpace": "colorspace", "/Mask": "image-mask", "/SMask": "image"},
    "group": {**_DATA_KEYS("/Type", "/S", "/I", "/K"), "/CS": "colorspace"},
    # graphics state (§8.4.5); a halftone is kept only as a name (/Default), a font only by `Tf`
    "extgstate": {**_DATA_KEYS("/Type", "/LW", "/LC", "/LJ", "/ML", "/D", "/RI", "/OP", "/op", "/OPM", "/FL", "/SM",
                               "/SA", "/BM", "/CA", "/ca", "/AIS", "/TK", "/HT"),
                  "/BG": "function", "/BG2": "function", "/UCR": "function", "/UCR2": "function",
                  "/TR": "function", "/TR2": "function", "/SMask": "soft-mask"},
    "soft-mask": {**_DATA_KEYS("/Type", "/S", "/BC"), "/G": "form", "/TR": "function"},
    "function": {**_STREAM, **_DATA_KEYS("/FunctionType", "/Domain", "/Range", "/Size", "/BitsPerSample", "/Order",
                                         "/Encode", "/Decode", "/C0", "/C1", "/N", "/Bounds"),
                 "/Functions": "array:function"},
    # patterns and shadings (§8.7)
    "tiling": {**_STREAM, **_DATA_KEYS("/Type", "/PatternType", "/PaintType", "/TilingType", "/BBox", "/XStep",
                                       "/YStep", "/Matrix"), "/Resources": "resources"},
    "shading-pattern": {**_DATA_KEYS("/Type", "/PatternType", "/Matrix"), "/Shading": "shading",
                        "/ExtGState": "extgstate"},
    "shading": {**_STREAM, **_DATA_KEYS("/ShadingType", "/Background", "/BBox", "/AntiAlias", "/Coords", "/Domain",
                                        "/Extend", "/Matrix", "/Decode", "/BitsPerCoordinate", "/BitsPerComponent",
                                        "/BitsPerFlag", "/VerticesPerRow"),
                "/ColorSpace": "colorspace", "/Function": "function"},
    # colour spaces (§8.6): the dictionaries and streams inside a colour space array
    "icc-profile": {**_STREAM, **_DATA_KEYS("/N", "/Range"), "/Alternate": "colorspace"},
    "cie-dict": _DATA_KEYS("/WhitePoint", "/BlackPoint", "/Gamma", "/Matrix", "/Range"),
    "devicen-attributes": {**_DATA_KEYS("/Subtype"), "/Colorants": "map:colorspace", "/Process": "devicen-process"},
    "devicen-process": {"/ColorSpace": "colorspace", "/Components": DATA},
    # a marked-content property list (`/OC /MC0 BDC`): an optional content group by its name, no more
    "properties": _DATA_KEYS("/Type", "/Name"),
}

# Colour space arrays by family: the kind of each element after the family name (§8.6.3–8.6.6)
_COLOUR_SPACE_ARRAYS: dict[str, tuple[str, ...]] = {
    "/ICCBased": ("icc-profile",), "/CalGray": ("cie-dict",), "/CalRGB": ("cie-dict",), "/Lab": ("cie-dict",),
    "/Indexed": ("colorspace", DATA, "indexed-lookup"), "/Separation": (DATA, "colorspace", "function"),
    "/DeviceN": (DATA, "colorspace", "function", "devicen-attributes"), "/Pattern": ("colorspace",),
}
_STREAM_KINDS = frozenset({"content", "font-file", "cmap-stream", "form", "image", "tiling", "icc-profile"})
_EITHER_KINDS = frozenset({"function", "shading"})  # a dictionary or a stream (sampled functions, mesh shadings)
_FONT_KINDS = {"/Type1": "font-simple", "/MMType1": "font-simple", "/TrueType": "font-simple",
               "/Type0": "font-type0", "/CIDFontType0": "font-cid", "/CIDFontType2": "font-cid",
               "/Type3": "font-type3"}
# Keys that draw from another file: never copied; said to the PDF/A check, which refuses them
EXTERNAL = {"/Ref": "a reference XObject (/Ref: a page of another file)",
            "/OPI": "an OPI proxy (/OPI: an image kept in another file)"}
_EXTERNAL_STREAM = {"/F": "a stream whose data is in another file (/F)"}


@dataclass(frozen=True, slots=True)
class PageBox:
    """A cover page as a viewer shows it: its boxes (four numbers each) and how it is turned."""

    mediabox: tuple[float, float, float, float]
    cropbox: tuple[float, float, float, float]  # the MediaBox when the page has none
    rotation: int  # 0, 90, 180 or 270


@dataclass(frozen=True, slots=True)
class DrawnCopy:
    """A cover PDF as the build uses it: the copy's bytes, its pages' boxes, and what PDF/A-1 would refuse in it."""

    data: bytes
    pages: tuple[PageBox, ...]
    archival: tuple[str, ...] = field(default=())


class _Copier:
    """Copies the objects a page reaches, by kind, into `writer`; each indirect object once per kind."""

    def __init__(self, writer: Any, problems: Callable[[Any], Iterator[str]]) -> None:
        from pypdf import generic

        self.generic = generic  # imported once: an import statement per object was an eighth of the time
        self.writer = writer
        self.copied: dict[tuple[int, int, str], Any] = {}
        self.problems = problems
        self.found: list[list[str]] = []  # what PDF/A-1 forbids, object by object in the order they are reached

    def value(self, value: Any, kind: str, depth: int) -> Any:
        """The copy of `value` as a `kind`, or None when it is not one (the key holding it is dropped)."""
        g = self.generic
        if depth > MAX_DEPTH:
            raise CoverRefused(f"its objects are nested more than {MAX_DEPTH} deep")
        target = value.get_object() if isinstance(value, g.IndirectObject) else value
        if isinstance(target, g.BooleanObject | g.NumberObject | g.FloatObject | g.NameObject | g.TextStringObject
                      | g.ByteStringObject):
            # plain data is kept where a value may be plain: under a data key, a colour space or encoding or
            # CMap or halftone by name, a soft mask or transfer function /None or /Identity, a CIDToGIDMap
            # /Identity, an Indexed colour table as a string
            plain = kind in (DATA, "colorspace", "encoding", "cmap", "soft-mask", "function", "indexed-lookup",
                             "cid-to-gid")
            return target if plain else None
        concrete = self._concrete(target, kind)
        if concrete is None:
            return None
        if isinstance(value, g.IndirectObject):
            key = (value.idnum, value.generation, concrete)
            if key not in self.copied:
                self.copied[key] = self.writer._add_object(g.NullObject())  # its place, before its parts (cycles)
                reference = self.copied[key]
                copy = self._container(target, concrete, depth)
                self.writer._objects[reference.idnum - 1] = copy
                copy.indirect_reference = reference
            return self.copied[key]
        assert isinstance(target, g.ArrayObject | g.DictionaryObject | g.StreamObject)
        return self._container(target, concrete, depth)

    def _concrete(self, target: Any, kind: str) -> str | None:
        """The kind `target` is copied as (a font by its /Subtype, …), or None when it cannot be a `kind`."""
        g = self.generic
        is_stream = isinstance(target, g.StreamObject)
        if isinstance(target, g.ArrayObject):
            arrays = (DATA, "colorspace", "contents", "function", "image-mask", "decode-parms")
            return kind if kind in arrays or kind.startswith("array:") else None
        if not isinstance(target, g.DictionaryObject):
            return None  # null, or an object pypdf could not read
        if kind == "font":
            kind = _FONT_KINDS.get(str(target.get("/Subtype")), "")
        elif kind == "xobject":
            kind = {"/Form": "form", "/Image": "image"}.get(str(target.get("/Subtype")), "")  # not /PS
        elif kind == "pattern":
            kind = {1: "tiling", 2: "shading-pattern"}.get(_number(target.get("/PatternType")), "")
        elif kind == "contents" or kind in ("indexed-lookup", "cid-to-gid"):
            kind = "content"
        elif kind == "cmap":
            kind = "cmap-stream"
        elif kind == "image-mask":
            kind = "image"
        if kind.startswith("map:"):
            return kind if not is_stream else None
        if kind not in KINDS:
            return None
        if kind in _EITHER_KINDS:
            return kind
        return kind if (kind in _STREAM_KINDS) == is_stream else None

    def _container(self, target: Any, kind: str, depth: int) -> Any:
        g = self.generic
        if isinstance(target, g.ArrayObject):
            kinds = self._array_kinds(target, kind)
            copied = [self.value(item, item_kind, depth + 1) for item, item_kind in zip(target, kinds, strict=True)]
            # a dropped element leaves a null in its place: the positions of the others mean something
            return g.ArrayObject(g.NullObject() if item is None else item for item in copied)
        bucket: list[str] = []
        self.found.append(bucket)  # its place in the order: before what it holds
        if kind.startswith("map:"):
            allowed: dict[str, str] = dict.fromkeys(target, kind.removeprefix("map:"))
        else:
            allowed = KINDS[kind]
        stream = isinstance(target, g.StreamObject)
        copy: Any
        if stream:
            copy = g.EncodedStreamObject() if "/Filter" in target else g.DecodedStreamObject()
            copy._data = target._data
            bucket.extend(problem for key, problem in _EXTERNAL_STREAM.items() if key in target)
        else:
            copy = g.DictionaryObject()
        if kind in ("form", "image"):
            bucket.extend(problem for key, problem in EXTERNAL.items() if key in target)
        for key, value in target.items():
            if key in allowed:
                kept = self.value(value, allowed[key], depth + 1)
                if kept is not None:
                    copy[g.NameObject(key)] = kept
        if not kind.startswith("map:"):  # a map's keys are names the cover chose: an XObject may be called /SMask
            bucket.extend(self.problems(copy))
        return copy

    @staticmethod
    def _array_kinds(target: Any, kind: str) -> list[str]:
        """The kind of each element of an array held as a `kind`."""
        if kind.startswith("array:"):
            return [kind.removeprefix("array:")] * len(target)
        if kind == "contents":
            return ["content"] * len(target)
        if kind in ("function", "decode-parms"):  # /TR [f1 f2 f3 f4], /DecodeParms [null << … >>]
            return [kind] * len(target)
        if kind == "colorspace":
            family = str(target[0].get_object()) if len(target) else ""
            parts = _COLOUR_SPACE_ARRAYS.get(family, ())
            rest = [parts[index] if index < len(parts) else "" for index in range(len(target) - 1)]
            return [DATA, *rest][:len(target)]
        return [DATA] * len(target)


def _number(value: Any) -> int:
    from pypdf.generic import NumberObject

    resolved = value.get_object() if value is not None else None
    return int(resolved) if isinstance(resolved, NumberObject) else -1


_HEADER = re.compile(r"%PDF-[12]\.[0-9]")


def copy_pages(pages: Any, header: str,
               problems: Callable[[Any], Iterator[str]]) -> tuple[Any, list[PageBox], list[str]]:
    """A new PdfWriter holding a copy of `pages` (pypdf page objects of the cover, checked and mended by
    the caller: each has a /MediaBox of four numbers and a /Rotate of a multiple of 90) by the allowlist;
    each page's boxes; and what `problems` (PDF/A-1's) found in the copy, each once, in order."""
    import pypdf
    from pypdf.generic import NameObject

    writer = pypdf.PdfWriter()
    if _HEADER.fullmatch(header):  # the cover's version (the merge takes the highest of it and the body's)
        writer.pdf_header = header
    copier = _Copier(writer, problems)
    boxes: list[PageBox] = []
    for page in pages:
        start = len(copier.found)
        fresh = pypdf.PageObject()
        for key, value in page.items():
            if key in PAGE:
                kept = copier.value(value, PAGE[key], 1)
                if kept is not None:
                    fresh[NameObject(key)] = kept
        fresh[NameObject("/Type")] = NameObject("/Page")
        forms, read = forms_drawn(fresh, {})
        if forms > MAX_FORMS_DRAWN:
            raise CoverRefused(f"a page draws more than {MAX_FORMS_DRAWN} forms (Form XObjects drawn inside one "
                               "another, each time it is drawn): flatten the cover")
        if read > MAX_CONTENT_DRAWN:
            raise CoverRefused(f"a page's drawing is more than {MAX_CONTENT_DRAWN // (1024 * 1024)} MiB of content "
                               "(its forms' each time they are drawn): simplify or flatten the cover")
        copier.found.insert(start, list(problems(fresh)))  # the page's own first, then what it holds
        boxes.append(_page_box(fresh))
        writer.add_page(fresh)
    return writer, boxes, list(dict.fromkeys(problem for bucket in copier.found for problem in bucket))


def forms_drawn(drawing: Any, counts: dict[int, tuple[int, int]], depth: int = 0) -> tuple[int, int]:
    """What a renderer draws for `drawing` (a copied page or Form XObject): the forms — for each `/Name Do`
    of its content whose name is a form of its resources, that form and what it draws — and the bytes of
    content it reads doing so, each form's as often as it is drawn. `counts` holds each form's pair, by the
    id of its copy, so a shared form is read once; a form reached again while it is being counted (a
    cycle, which renderers refuse to follow) adds nothing. Stops counting past either limit (the caller
    refuses the cover then); CoverRefused for content that cannot be decoded."""
    from pypdf.generic import ArrayObject, StreamObject

    contents = drawing.get("/Contents") if drawing.get("/Type") == "/Page" else drawing
    contents = contents.get_object() if contents is not None else None
    streams = [item.get_object() for item in contents] if isinstance(contents, ArrayObject) else [contents]
    resources = drawing.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else {}
    forms, read = 0, 0
    for stream in streams:
        if not isinstance(stream, StreamObject):
            continue
        try:
            data = stream.get_data()
        except Exception as exc:  # pypdf stops past 75 MB decoded, or at a filter it cannot undo
            raise CoverRefused(f"a page's content cannot be decoded ({type(exc).__name__}: {str(exc)[:100]})") from None
        read += len(data)
        for match in _DO.finditer(data) if xobjects and depth <= MAX_DEPTH else ():
            form = xobjects.get("/" + match.group(1).decode("latin-1"))
            target = form.get_object() if form is not None else None
            if target is None or target.get("/Subtype") != "/Form":
                continue
            key = id(target)
            if key not in counts:
                counts[key] = (0, 0)  # while counting it: a cycle back to it adds nothing
                inner_forms, inner_read = forms_drawn(target, counts, depth + 1)
                counts[key] = (1 + inner_forms, inner_read)
            forms, read = forms + counts[key][0], read + counts[key][1]
            if forms > MAX_FORMS_DRAWN or read > MAX_CONTENT_DRAWN:
                return forms, read
    return forms, read


def _page_box(page: Any) -> PageBox:
    """Read from the page's dictionary, not pypdf's box properties: reading `cropbox` writes one in."""
    def four(box: Any) -> tuple[float, float, float, float]:
        left, bottom, right, top = (float(side.get_object()) for side in box.get_object())
        return left, bottom, right, top

    media = four(page["/MediaBox"])
    return PageBox(mediabox=media, cropbox=four(page["/CropBox"]) if "/CropBox" in page else media,
                   rotation=int(page.get("/Rotate", 0)))
