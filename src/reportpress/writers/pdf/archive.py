"""PDF/A: make WeasyPrint's `pdf/a-*` output (covers merged in) pass a validator, and keep builds
reproducible.

Two ways, the same fixes: `pdfa_finisher` applies them to WeasyPrint's PDF objects while it writes the
file (`writers/pdf.write_pdf`, no second parse); `make_pdfa` applies them with pypdf to a finished file,
for a PDF that a designer's cover PDF was merged into. fontTools and pypdf load only when needed.

Measured on WeasyPrint 70 with Apache PDFBox Preflight (../shared/archive.md), two things fail:

1. CJK fonts are embedded as whole OpenType files (`/FontFile3 /Subtype /OpenType`), which PDF 1.4 —
   the base of PDF/A-1 — does not know. The fix puts the font's bare `CFF ` table in the stream, with
   `/Subtype /CIDFontType0C` (ISO 32000-1 §9.9, table 126). Text and rendering are unchanged.
2. The XMP packet carries the PDF/A identification as attributes; PDFBox's parser wants elements. The
   packet is rewritten in element form, saying the same title, author and dates as the information
   dictionary (ISO 19005-1 §6.7.3).

`pdf/a-3b` also embeds the source and the DOCX as associated files (done by WeasyPrint, see build.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportpress.dates import w3c_date
from reportpress.errors import RenderError
from reportpress.writers.pdf.merge import PdfInfo

if TYPE_CHECKING:
    import pypdf
    from pypdf.generic import DictionaryObject, PdfObject

PDFA_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b")


def pdfa_part(variant: str) -> tuple[int, str] | None:
    """(part, conformance) of a PDF/A variant name such as `pdf/a-1b`, or None for other variants."""
    if not variant.startswith("pdf/a-") or len(variant) != len("pdf/a-1b"):
        return None
    return int(variant[6]), variant[7].upper()


def _resolve(obj: PdfObject | None) -> PdfObject | None:
    from pypdf.generic import IndirectObject

    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def bare_cff(program: bytes) -> bytes:
    """The bare `CFF ` table of an OpenType-CFF font program (what PDF 1.4 embeds as CIDFontType0C)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return bytes(TTFont(BytesIO(program), lazy=True).reader["CFF "])
    except (TTLibError, KeyError) as exc:
        raise RenderError(f"an embedded font cannot be made PDF/A-1 conformant: {exc}") from exc


def _font_descriptors(resources: DictionaryObject, seen: set[int]) -> Iterator[DictionaryObject]:
    from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

    fonts = _resolve(resources.get("/Font"))
    if isinstance(fonts, DictionaryObject):
        for font_ref in fonts.values():
            font = _resolve(font_ref)
            if not isinstance(font, DictionaryObject):
                continue
            descendants = _resolve(font.get("/DescendantFonts"))
            candidates = [_resolve(d) for d in descendants] if isinstance(descendants, ArrayObject) else [font]
            for candidate in candidates:
                if isinstance(candidate, DictionaryObject):
                    descriptor = _resolve(candidate.get("/FontDescriptor"))
                    if isinstance(descriptor, DictionaryObject) and id(descriptor) not in seen:
                        seen.add(id(descriptor))
                        yield descriptor
    xobjects = _resolve(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for xobject_ref in xobjects.values():
            xobject = _resolve(xobject_ref)
            if isinstance(xobject, StreamObject) and id(xobject) not in seen:
                seen.add(id(xobject))
                inner = _resolve(xobject.get("/Resources"))
                if isinstance(inner, DictionaryObject):
                    yield from _font_descriptors(inner, seen)


def bare_cff_fonts(writer: pypdf.PdfWriter) -> int:
    """Replace each embedded OpenType-CFF font program by its bare CFF table; returns how many."""
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    seen: set[int] = set()
    changed = 0
    for page in writer.pages:
        resources = _resolve(page.get("/Resources"))
        if not isinstance(resources, DictionaryObject):
            continue
        for descriptor in _font_descriptors(resources, seen):
            stream = _resolve(descriptor.get("/FontFile3"))
            if not isinstance(stream, StreamObject) or stream.get("/Subtype") != "/OpenType":
                continue
            stream.set_data(bare_cff(stream.get_data()))
            stream[NameObject("/Subtype")] = NameObject("/CIDFontType0C")
            changed += 1
    return changed


def xmp_packet(info: PdfInfo, part: int, conformance: str, moment: dt.datetime) -> bytes:
    """An XMP packet in element form that says what the information dictionary says."""
    when = w3c_date(moment, "+00:00")

    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    dc = ["<dc:format>application/pdf</dc:format>"]
    if info.title:
        dc.append(f"<dc:title>{alt(info.title)}</dc:title>")
    if info.author:
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        dc.append(f"<dc:description>{alt(info.subject)}</dc:description>")
    pdf = [f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>"]
    if info.keywords:
        pdf.append(f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>")
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>{part}</pdfaid:part>
<pdfaid:conformance>{conformance}</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
{"".join(dc)}
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
{"".join(pdf)}
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def _dedupe_associated_files(writer: pypdf.PdfWriter) -> None:
    """WeasyPrint 70 lists each associated file twice in the catalog's /AF; once is right."""
    from pypdf.generic import ArrayObject, NameObject

    files = writer.root_object.get("/AF")
    if isinstance(files, ArrayObject):
        unique: list[PdfObject] = []
        for entry in files:
            if not any(entry == kept for kept in unique):
                unique.append(entry)
        writer.root_object[NameObject("/AF")] = ArrayObject(unique)


def make_pdfa(data: bytes, variant: str, info: PdfInfo, moment: dt.datetime) -> bytes:
    """Apply the PDF/A fixes to a PDF WeasyPrint wrote with `pdf_variant=variant` (covers merged in)."""
    identification = pdfa_part(variant)
    if identification is None:
        return data
    part, conformance = identification
    import pypdf
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject, StreamObject

    try:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(data)))
        if part == 1:
            bare_cff_fonts(writer)
        _dedupe_associated_files(writer)
        metadata = StreamObject()
        metadata.set_data(xmp_packet(info, part, conformance, moment))
        metadata.update({NameObject("/Type"): NameObject("/Metadata"),
                         NameObject("/Subtype"): NameObject("/XML")})
        writer.root_object[NameObject("/Metadata")] = writer._add_object(metadata)
        writer.metadata = None
        writer.add_metadata(info.as_pdf())
        output = BytesIO()
        writer.write(output)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"making the PDF archival ({variant}) failed: {exc}") from exc
    return output.getvalue()


def pdfa_finisher(variant: str, info: PdfInfo, moment: dt.datetime) -> Callable[[Any, Any], None] | None:
    """The PDF/A fixes as a WeasyPrint finisher (called with its document and pydyf PDF before the file is
    written), or None when `variant` is no PDF/A variant."""
    identification = pdfa_part(variant)
    if identification is None:
        return None
    part, conformance = identification

    def finish(_document: Any, pdf: Any) -> None:
        import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer, loaded with it

        for item in pdf.objects:
            if not isinstance(item, pydyf.Stream):
                continue
            if part == 1 and item.extra.get("Subtype") == "/OpenType":  # a font program (FontFile3)
                item.stream = [bare_cff(b"".join(item.stream))]
                item.extra["Subtype"] = "/CIDFontType0C"
            elif item.extra.get("Type") == "/Metadata" and item.extra.get("Subtype") == "/XML":
                # WeasyPrint's packet, in the form PDFBox reads; part 1 forbids compressing it (WeasyPrint
                # already does not)
                item.stream = [xmp_packet(info, part, conformance, moment)]
        files = pdf.catalog.get("AF")
        if files is not None:  # WeasyPrint 70 lists each associated file twice
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(files))

    return finish
