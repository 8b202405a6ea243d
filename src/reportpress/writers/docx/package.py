"""The package around the document: template leftovers out, deterministic zip bytes in.

In: python-docx's `Document` (before writing) or the bytes it saved. Out: a package without the
template's stylesWithEffects.xml (a stale Word 2010 copy of the styles that openxml-audit compares
against ours), its customXml bibliography item and its thumbnail; and zip bytes that depend only on the
content: every entry dated 1980-01-01, `[Content_Types].xml` and `_rels/.rels` first, the rest sorted
by name, fixed permissions. Same source → same bytes (DESIGN §8).
"""

from __future__ import annotations

import io
import zipfile

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
TEMPLATE_LEFTOVERS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)


def drop_template_leftovers(document: DocxDocument) -> None:
    """Drop the template parts that describe python-docx's sample rather than our document."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype in TEMPLATE_LEFTOVERS:
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip so that its bytes depend only on entry names and contents."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    names = [name for name in FIRST_ENTRIES if name in entries]
    names += sorted(name for name in entries if name not in FIRST_ENTRIES)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0  # the same on every OS
            target.writestr(info, entries[name])
    return out.getvalue()
