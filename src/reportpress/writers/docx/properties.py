"""Document properties from the front matter: docProps/core.xml and docProps/app.xml.

In: `Meta`. Out: core properties (title, author, subject = subtitle, keywords, language, dates) and
extended properties naming reportpress and the organization. python-docx's template says "generated
by python-docx", creator "python-docx", a 2013 date and "Microsoft Macintosh Word"; none of it stays.

Dates are the source's moment (`reportpress.dates`): `SOURCE_DATE_EPOCH`, else `Meta.date`, else
none; a build never writes "now", so the same source gives the same bytes.
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from reportpress import __version__
from reportpress.dates import source_datetime, w3c_date
from reportpress.model import Meta
from reportpress.writers.docx.ooxml import qn, remove_children

EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def document_date(meta: Meta) -> dt.datetime | None:
    """The build's moment as the naive UTC datetime python-docx writes, or None (no dates written)."""
    moment = source_datetime(meta.date)
    return moment.replace(tzinfo=None) if moment else None


def write_properties(document: DocxDocument, meta: Meta) -> None:
    """Core and extended properties from `meta`."""
    core = document.core_properties
    core.title = meta.title
    core.subject = meta.subtitle
    core.author = meta.author or meta.organization
    core.last_modified_by = meta.author or meta.organization
    core.keywords = "; ".join(meta.keywords)
    core.language = meta.lang
    core.comments = ""
    core.category = ""
    core.revision = 1
    when = document_date(meta)
    if when is not None:
        core.created = core.modified = when
        for tag in ("dcterms:created", "dcterms:modified"):
            # python-docx writes strftime("%Y"), unpadded before the year 1000; W3CDTF wants four digits
            element = core._element.find(qn(tag))
            if element is not None:
                element.text = w3c_date(when)
    else:
        remove_children(core._element, "dcterms:created", "dcterms:modified")  # no API to unset
    _replace_app_properties(document, meta)


def _replace_app_properties(document: DocxDocument, meta: Meta) -> None:
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            del package.rels[rid]
    root = etree.Element(f"{{{EXTENDED_NS}}}Properties", nsmap={None: EXTENDED_NS})
    etree.SubElement(root, f"{{{EXTENDED_NS}}}Application").text = f"reportpress {__version__}"
    if meta.organization:
        etree.SubElement(root, f"{{{EXTENDED_NS}}}Company").text = meta.organization
    part = XmlPart(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, root, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
