"""Files a source may make a build read: where they may live, and whether they are there.

Sources are untrusted. An image or a cover PDF a source names is read only when it resolves — links
followed — to a file inside the source's folder; WeasyPrint's URL fetcher applies the same rule
(`inside`) to everything a rendered page asks for. These checks run before any writer, so the PDF and
the DOCX refuse the same sources, and `reportpress check` reports what `build` would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from reportpress.errors import SourceError, SourceErrors
from reportpress.model import Block, Document, Footnote, GlossaryEntry, Image, SourcePos
from reportpress.reader.notes import iter_block_inlines

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path`, links followed, lies in one of `roots` (links followed too)."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def confined_file(path: Path, roots: Sequence[Path], what: str, pos: SourcePos | None = None) -> Path:
    """`path` if it is an existing file inside `roots`; else a SourceError saying what to do."""
    if not inside(path, roots):
        raise SourceError(f"{what} {path}: outside the source's folder", pos,
                          hint="a build reads only files next to the source; copy it there")
    if not path.is_file():
        raise SourceError(f"{what} {path}: no such file", pos, hint="the path is relative to the source")
    return path


def _block_images(blocks: Sequence[Block]) -> Iterator[Image]:
    for block in blocks:
        yield from (node for node in iter_block_inlines(block) if isinstance(node, Image))


def document_images(document: Document) -> Iterator[Image]:
    """Every image of the document: body, footnotes and glossary definitions."""
    notes: tuple[Footnote | GlossaryEntry, ...] = (*document.footnotes, *document.glossary)
    yield from _block_images(document.blocks)
    for note in notes:
        yield from _block_images(note.blocks if isinstance(note, Footnote) else note.definition)


def check_images(document: Document, source: Path) -> None:
    """Every image is a file of a format both writers take, inside the source's folder."""
    errors: list[SourceError] = []
    for image in document_images(document):
        path = source.parent / image.src
        try:
            confined_file(path, [source.parent], "image", image.pos)
        except SourceError as error:
            errors.append(error)
            continue
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            errors.append(SourceError(f"image {image.src}: {path.suffix or 'no'} format", image.pos,
                                      hint=f"use one of {', '.join(IMAGE_SUFFIXES)}, which Word shows too"))
    if errors:
        raise errors[0] if len(errors) == 1 else SourceErrors(errors)
