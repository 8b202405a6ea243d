"""Read the glyphs of any PDF: what each one is, where it is drawn, in which font — through PDFium.

In: a PDF file. Out: one `PdfPage` per page, each a tuple of `Glyph`s with their tight boxes, text
origins and sizes in points, in top-down page coordinates (y grows downwards, like a reader's eye), and
the `Font` that draws them (embedded or not, able to set Chinese or not).

The only module of `reportpress.proof` that touches pypdfium2 (Apache-2.0/BSD-3): PDFium's errors
become a `ProofError` here, so that a non-PDF, an encrypted or a damaged file ends in one message.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from fontTools.ttLib import TTFont, TTLibError

from reportpress.errors import ProofError

# OS/2 ulCodePageRange1 bits of a font made for Chinese, Japanese or Korean: 17 JIS, 18 GB 2312,
# 19 Korean Wansung, 20 Big5, 21 Johab (OpenType spec, OS/2 table). Subsetters keep these bits.
CJK_CODE_PAGES = sum(1 << bit for bit in range(17, 22))
# OS/2 ulUnicodeRange bit 59: CJK Unified Ideographs.
CJK_UNICODE_RANGE_BIT = 59
# Family names that say CJK when a font's program is not embedded and cannot be asked.
CJK_NAME = re.compile(r"CJK|\b(SC|TC|HK|JP|KR)\b|Song|Hei|Kai|Fang|Ming|Gothic|GB|Sim|STX|FZ|宋|黑|楷|仿|明",
                      re.IGNORECASE)
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# Bounds of what is read, each far past a report (a full page of 16 pt text holds 616 characters; the
# longest corpus build 60 pages): a PDF past one is refused before its pages are read, not measured for minutes
MAX_PAGES = 10_000
MAX_PAGE_CHARS = 50_000
MAX_CHARS = 2_000_000
GRAPHICS = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)


@dataclass(frozen=True, slots=True)
class Font:
    """A font as the PDF names it (without the subset tag), and what its program says of itself."""

    name: str
    family: str
    embedded: bool
    cjk: bool  # made to set Chinese (or Japanese, Korean): its code pages or ranges say so


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character. Coordinates in pt from the page's top-left corner; `top` < `bottom`."""

    char: str
    x: float  # the text origin (pen position) of the glyph
    baseline: float
    left: float  # the glyph's tight box
    right: float
    top: float
    bottom: float
    size: float  # the font size as drawn on the page (text matrix and CTM applied)
    font: Font
    after_space: bool = False  # a drawn space (U+0020, U+3000…) stands between this glyph and the one before


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in top-down page coordinates."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PdfPage:
    number: int  # 1-based, the PDF's own page order
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    graphics: tuple[Box, ...] = ()  # images, paths and shadings: a table, a figure, a rule


def read_pdf(path: Path) -> tuple[PdfPage, ...]:
    """Every page of `path` with its glyphs; a file PDFium cannot read raises `ProofError`."""
    if not path.exists():
        raise ProofError(f"{path}: no such file (give the PDF to proof)")
    if not path.is_file():
        raise ProofError(f"{path}: not a regular file (give proof a PDF file, not a device, pipe or folder)")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ProofError(_open_error(path, exc)) from exc
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
            raise ProofError(f"{path}: the PDF is encrypted (proof reads unencrypted PDFs: save a copy "
                             "without encryption, e.g. `qpdf --decrypt IN.pdf OUT.pdf`)")
        if len(document) == 0:
            raise ProofError(f"{path}: the PDF has no pages")
        if len(document) > MAX_PAGES:
            raise ProofError(f"{path}: {len(document)} pages: proof reads at most {MAX_PAGES} (split the PDF)")
        fonts: dict[int, Font] = {}
        budget = [MAX_CHARS]
        return tuple(_read_page(path, document, index, fonts, budget) for index in range(len(document)))
    except pdfium.PdfiumError as exc:
        raise ProofError(f"{path}: the PDF is damaged and cannot be read ({exc})") from exc
    finally:
        document.close()


def _open_error(path: Path, exc: pdfium.PdfiumError) -> str:
    # PDFium's error code is process-wide and not always set on failure (a stale code from an earlier
    # file can show), so the file's own bytes decide what to say
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        return f"{path}: not a PDF, or a damaged one (check that the file is the PDF you meant)"
    if b"/Encrypt" in data:
        return f"{path}: the PDF is encrypted and needs a password (proof reads unencrypted PDFs)"
    return f"{path}: the PDF is damaged or has no pages and cannot be read ({exc})"


def _read_page(path: Path, document: pdfium.PdfDocument, index: int, fonts: dict[int, Font],
               budget: list[int]) -> PdfPage:
    """Page `index`; `budget` holds the characters the pages after it may still have (MAX_CHARS in all)."""
    page = document[index]
    try:
        width, height = page.get_size()
        text_page = page.get_textpage()
        try:
            count = text_page.count_chars()
            budget[0] -= count
            if count > MAX_PAGE_CHARS or budget[0] < 0:
                what = (f"page {index + 1} draws {count} characters, over the {MAX_PAGE_CHARS} proof reads on a page"
                        if count > MAX_PAGE_CHARS else f"its pages draw over the {MAX_CHARS} characters proof reads")
                raise ProofError(f"{path}: {what} (check that the file is the PDF you meant)")
            glyphs = tuple(_read_glyphs(text_page, height, fonts))
        finally:
            text_page.close()
        graphics = tuple(_box(item.get_bounds(), height) for item in page.get_objects(filter=GRAPHICS))
    finally:
        page.close()
    return PdfPage(number=index + 1, width=width, height=height, glyphs=glyphs, graphics=graphics)


def _box(bounds: tuple[float, float, float, float], height: float) -> Box:
    left, bottom, right, top = bounds
    return Box(left=left, top=height - top, right=right, bottom=height - bottom)


def _read_glyphs(text_page: pdfium.PdfTextPage, height: float, fonts: dict[int, Font]) -> list[Glyph]:
    glyphs: list[Glyph] = []
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    size = ctypes.c_float()
    after_space = False
    for i in range(text_page.count_chars()):
        # generated characters are PDFium's guesses (spaces, line breaks); only drawn ones count
        if pdfium_c.FPDFText_IsGenerated(text_page, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(text_page, i)
        if code == 0 or code > 0x10FFFF:
            continue
        char = chr(code)
        if char.isspace():
            after_space = True  # drawn on purpose: `5．　3个…` keeps its marks apart by design
            continue
        text_object = pdfium_c.FPDFText_GetTextObject(text_page, i)
        if not text_object:
            continue
        left, bottom, right, top = text_page.get_charbox(i)
        pdfium_c.FPDFText_GetCharOrigin(text_page, i, x, y)
        pdfium_c.FPDFText_GetMatrix(text_page, i, matrix)
        pdfium_c.FPDFTextObj_GetFontSize(text_object, size)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        glyphs.append(Glyph(char=char, x=x.value, baseline=height - y.value, left=left, right=right,
                            top=height - top, bottom=height - bottom, size=size.value * scale,
                            font=_font(pdfium_c.FPDFTextObj_GetFont(text_object), fonts),
                            after_space=after_space))
        after_space = False
    return glyphs


def _font(handle: Any, fonts: dict[int, Font]) -> Font:
    key = ctypes.cast(handle, ctypes.c_void_p).value or 0
    if key not in fonts:
        name = SUBSET_TAG.sub("", _string(pdfium_c.FPDFFont_GetBaseFontName, handle)) or "(unnamed)"
        family = _string(pdfium_c.FPDFFont_GetFamilyName, handle) or name
        embedded = pdfium_c.FPDFFont_GetIsEmbedded(handle) == 1
        program = _font_program(handle) if embedded else b""
        cjk = _is_cjk(program) if program else None
        if cjk is None:
            cjk = bool(CJK_NAME.search(f"{name} {family}"))
        fonts[key] = Font(name=name, family=family, embedded=embedded, cjk=cjk)
    return fonts[key]


def _string(function: Any, handle: Any) -> str:
    buffer = ctypes.create_string_buffer(512)
    length = function(handle, buffer, len(buffer))
    return buffer.value.decode("utf-8", "replace") if length else ""


def _font_program(handle: Any) -> bytes:
    length = ctypes.c_size_t()
    if not pdfium_c.FPDFFont_GetFontData(handle, None, 0, length) or not length.value:
        return b""
    data = (ctypes.c_ubyte * length.value)()
    pdfium_c.FPDFFont_GetFontData(handle, data, length.value, length)
    return bytes(data)


def _is_cjk(program: bytes) -> bool | None:
    """Whether an embedded font program was made for CJK text, by its OS/2 code pages and ranges;
    None when the program does not say (no OS/2 table, or one that cannot be read)."""
    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        os2 = font.get("OS/2")
    except (TTLibError, AssertionError, KeyError, ValueError, struct.error):  # a damaged program
        return None
    if os2 is None:  # a bare CFF or Type 1 program has no OS/2 table: it says nothing of CJK
        return None
    ranges = getattr(os2, "ulUnicodeRange2", 0)
    return bool(getattr(os2, "ulCodePageRange1", 0) & CJK_CODE_PAGES
                or ranges >> (CJK_UNICODE_RANGE_BIT - 32) & 1)
