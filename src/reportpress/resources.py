"""Files a source may make a build read: where they may live, and their bytes, read once.

Sources are untrusted. An image or a cover PDF a source names is read only when it resolves — links
followed — to a regular file inside the source's folder. It is read once, at check time, through file
descriptors opened component by component with `O_NOFOLLOW` below the resolved source folder, so a
file swapped for a link to an outside file between the check and the writers is refused, never read;
the writers get the bytes read here (`Images`), never the path (issue 9, item 4). WeasyPrint's URL
fetcher applies the same folder rule (`inside`) to everything else a rendered page asks for.

Limits: a file name (one path component) of at most 255 bytes, no NUL in a path, at most
`MAX_RESOURCE_BYTES` per file. Images must decode — with Pillow, which WeasyPrint draws them with,
and with python-docx's header parser, which the DOCX writer embeds them with — so an image either
appears in both outputs or stops the build with its line (issue 9, item 6).

These checks run before any writer, so the PDF and the DOCX refuse the same sources, and
`reportpress check` reports what `build` would.
"""

from __future__ import annotations

import errno
import os
import stat
import warnings
from collections.abc import Iterator, Mapping, Sequence
from io import BytesIO
from pathlib import Path

import PIL.Image
import PIL.ImageFile

from reportpress.errors import SourceError, SourceErrors
from reportpress.model import Block, Document, Footnote, GlossaryEntry, Image, SourcePos
from reportpress.reader.limits import MAX_NAME_BYTES
from reportpress.walk import iter_block_inlines

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")
MAX_RESOURCE_BYTES = 64 * 1024 * 1024  # per image or cover PDF: a report's picture is a few MB
MAX_PIXELS = 50_000_000  # per image; decoded, each pixel takes bytes of memory in Pillow and WeasyPrint
# The document's images together: the build holds every one's bytes, and WeasyPrint every one decoded at
# once (4 bytes a pixel). 20 names hard-linked to one 60 MB sparse file (12 KB on disk) took 1.3 GB to check.
MAX_TOTAL_IMAGE_BYTES = 256 * 1024 * 1024  # four pictures of the largest; a report's photos are a few MB
MAX_TOTAL_PIXELS = 250_000_000  # five of the largest; fifty 5-megapixel photos
# Pillow formats python-docx can embed (docx/image/: PNG, JPEG, GIF, BMP, TIFF; MPO is a JPEG)
DOCX_FORMATS = frozenset({"PNG", "JPEG", "MPO", "GIF", "BMP", "TIFF"})
# Pillow modes WeasyPrint 70 draws (images.RasterImage: 1, P and I made RGB, and RGB, RGBA, L, LA written
# as PNG); CMYK only as a JPEG, which it copies. Any other — a 16-bit or float TIFF or PNG (I;16, F), a
# LAB, YCbCr or CMYK TIFF — it fails to load (the PDF left the picture out with a warning, the DOCX
# showed it) or draws as RGB bytes it is not (`Unknown image mode`).
PDF_MODES = frozenset({"1", "P", "I", "L", "LA", "RGB", "RGBA"})
PDF_JPEG_MODES = PDF_MODES | {"CMYK"}

Images = Mapping[str, bytes]
"""The bytes of each image of a document, by its `Image.src`, read once by `check_images`."""

_OPEN_FLAGS = os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW
_NONBLOCKING = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer


def _resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (ValueError, OSError):  # a NUL in the path, a loop of links: not a file a build reads
        return None


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path`, links followed, lies in one of `roots` (links followed too)."""
    resolved = _resolve(path)
    return resolved is not None and any(resolved.is_relative_to(root.resolve()) for root in roots)


def _name_problem(path: Path) -> tuple[str, str] | None:
    """(what is wrong, what to do) with the spelling of `path`, before any file system call."""
    text = str(path)
    if "\0" in text:
        return "the path holds a NUL character", "remove it from the path"
    for part in path.parts:
        if len(os.fsencode(part)) > MAX_NAME_BYTES:
            return f"a name is over {MAX_NAME_BYTES} bytes", "shorten the file or folder name"
    return None


def _resolved_inside(path: Path, roots: Sequence[Path], what: str, pos: SourcePos | None) -> Path:
    """`path` resolved (links followed), if it is soundly spelled and lies inside `roots`."""
    problem = _name_problem(path)
    if problem is not None:
        raise SourceError(f"{what} {str(path)!r}: {problem[0]}", pos, hint=problem[1])
    resolved = _resolve(path)
    if resolved is None or not any(resolved.is_relative_to(root.resolve()) for root in roots):
        raise SourceError(f"{what} {path}: outside the source's folder", pos,
                          hint="a build reads only files next to the source; copy it there")
    return resolved


def confined_path(path: Path, roots: Sequence[Path], what: str, pos: SourcePos | None = None) -> Path:
    """`path` if it is soundly spelled and resolves, links followed, inside `roots`; else a SourceError."""
    _resolved_inside(path, roots, what, pos)
    return path


def confined_file(path: Path, roots: Sequence[Path], what: str, pos: SourcePos | None = None) -> Path:
    """`path` if it is an existing file inside `roots`; else a SourceError saying what to do."""
    if not confined_path(path, roots, what, pos).is_file():
        raise SourceError(f"{what} {path}: not found", pos, hint="the path is relative to the source")
    return path


def _open_below(root: Path, parts: Sequence[str]) -> int:
    """A descriptor of `root/parts…`, each component opened with O_NOFOLLOW from the one before.

    `parts` come from a path already resolved inside `root`, so none of them is a link unless it was
    swapped for one since: then the open fails with ELOOP (or ENOTDIR), and nothing outside is read.
    """
    directory = os.open(root, os.O_RDONLY | os.O_CLOEXEC | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            below = os.open(part, _OPEN_FLAGS | os.O_DIRECTORY, dir_fd=directory)
            os.close(directory)
            directory = below
        return os.open(parts[-1], _OPEN_FLAGS | _NONBLOCKING, dir_fd=directory)
    finally:
        os.close(directory)


def _any_link(root: Path, parts: Sequence[str]) -> bool:
    return any(root.joinpath(*parts[:index]).is_symlink() for index in range(1, len(parts) + 1))


def _read_all(descriptor: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return b"".join(chunks)


def read_confined(path: Path, root: Path, what: str, pos: SourcePos | None = None, *,
                  limit: int = MAX_RESOURCE_BYTES) -> bytes:
    """The bytes of `path`, a regular file inside `root` (links followed, but only within it).

    Every refusal is one SourceError naming `what`, the path and `pos`: a bad name, outside the folder,
    not found, not a regular file (a folder, a FIFO, a device), over `limit` bytes.
    """
    base = root.resolve()
    parts = _resolved_inside(path, [base], what, pos).relative_to(base).parts  # resolved once: no second look
    try:
        if not parts:
            raise IsADirectoryError(errno.EISDIR, "is the source's folder")
        descriptor = _open_below(base, parts)
    except FileNotFoundError:
        raise SourceError(f"{what} {path}: not found", pos, hint="the path is relative to the source") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _any_link(base, parts):
            # resolved inside, yet a component is a link now: it was swapped while the build ran
            raise SourceError(f"{what} {path}: outside the source's folder (it changed into a link while "
                              "the build read it)", pos, hint="a build reads only files next to the source"
                              ) from None
        if exc.errno == errno.ENOTDIR:
            raise SourceError(f"{what} {path}: not found", pos, hint="the path is relative to the source") from None
        raise SourceError(f"{what} {path}: cannot read it: {exc.strerror or exc}", pos) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(f"{what} {path}: not a regular file", pos,
                              hint="name a file, not a folder, a pipe or a device")
        if status.st_size > limit:
            raise SourceError(f"{what} {path}: {status.st_size} bytes, over the limit of {limit} bytes", pos,
                              hint="make the file smaller")
        data = _read_all(descriptor, limit)
    except OSError as exc:
        raise SourceError(f"{what} {path}: cannot read it: {exc.strerror or exc}", pos) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while being read
        raise SourceError(f"{what} {path}: over the limit of {limit} bytes", pos, hint="make the file smaller")
    return data


def _block_images(blocks: Sequence[Block]) -> Iterator[Image]:
    for block in blocks:
        yield from (node for node in iter_block_inlines(block) if isinstance(node, Image))


def document_images(document: Document) -> Iterator[Image]:
    """Every image of the document: body, footnotes and glossary definitions."""
    notes: tuple[Footnote | GlossaryEntry, ...] = (*document.footnotes, *document.glossary)
    yield from _block_images(document.blocks)
    for note in notes:
        yield from _block_images(note.blocks if isinstance(note, Footnote) else note.definition)


def decode_problem(data: bytes) -> str | None:
    """Why neither WeasyPrint (Pillow) nor python-docx could use `data` as a picture, or None."""
    # WeasyPrint sets LOAD_TRUNCATED_IMAGES when imported, and would draw part of a cut-off picture:
    # here a truncated file is refused whether WeasyPrint is loaded or not
    truncated_ok = PIL.ImageFile.LOAD_TRUNCATED_IMAGES
    PIL.ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its pixel limit; WeasyPrint would then decode a bomb
            warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
            with PIL.Image.open(BytesIO(data)) as picture:
                kind, mode = picture.format, picture.mode
                width, height = picture.size
                if width * height > MAX_PIXELS:  # checked before decoding: a small file can unpack to GBs
                    return (f"{width} × {height} pixels, more than the {MAX_PIXELS:,} a picture may have "
                            "(scale it down: an A4 page at 600 dpi is 35 million)")
                picture.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (PIL.Image.DecompressionBombWarning, PIL.Image.DecompressionBombError) as exc:
        return f"too many pixels ({exc})"
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        return f"not a picture Pillow can decode ({exc})"
    finally:
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    if kind not in DOCX_FORMATS:
        return f"a {kind} picture, which Word cannot show"
    if mode not in (PDF_JPEG_MODES if kind in ("JPEG", "MPO") else PDF_MODES):
        return f"its pixels are {mode} (Pillow's mode), which the PDF cannot show"
    # python-docx loads only when a source has images
    from docx.image.exceptions import InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError
    from docx.image.image import Image as DocxImage

    try:
        DocxImage.from_blob(data)
    except (UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError, ValueError, KeyError,
            IndexError, OSError, ZeroDivisionError) as exc:  # a JPEG or TIFF stating 0 dots per inch
        # a CMYK or Adobe JPEG is one: Word shows it, python-docx cannot measure it to insert it
        return f"python-docx cannot read its header ({str(exc) or type(exc).__name__})"
    return None


def _pixels(data: bytes) -> int:
    """The pixels of a picture `decode_problem` accepted, from its header."""
    with PIL.Image.open(BytesIO(data)) as picture:
        width, height = picture.size
    return width * height


def read_image(image: Image, source: Path) -> bytes:
    """The checked bytes of one image of `source`: confined, a format both writers take, decodable."""
    path = confined_path(source.parent / image.src, [source.parent], "image", image.pos)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise SourceError(f"image {image.src}: {path.suffix or 'no'} format", image.pos,
                          hint=f"use one of {', '.join(IMAGE_SUFFIXES)}, which Word shows too")
    data = read_confined(path, source.parent, "image", image.pos)
    problem = decode_problem(data)
    if problem is not None:
        raise SourceError(f"image {path}: {problem}", image.pos, hint="export it again as an RGB PNG or JPEG")
    return data


def check_images(document: Document, source: Path) -> dict[str, bytes]:
    """Every image read once and checked; its bytes by `src`, for both writers.

    All problems are collected and raised together, so a user fixes them in one pass.
    """
    errors: list[SourceError] = []
    images: dict[str, bytes] = {}
    seen: set[str] = set()
    total_bytes = total_pixels = 0
    for image in document_images(document):
        if image.src in seen:
            continue  # one read, one message per file, however often the document shows it
        seen.add(image.src)
        try:
            data = read_image(image, source)
        except SourceError as error:
            errors.append(error)
            continue
        total_bytes, total_pixels = total_bytes + len(data), total_pixels + _pixels(data)
        if total_bytes > MAX_TOTAL_IMAGE_BYTES or total_pixels > MAX_TOTAL_PIXELS:
            over = (f"{MAX_TOTAL_IMAGE_BYTES // 2**20} MiB" if total_bytes > MAX_TOTAL_IMAGE_BYTES
                    else f"{MAX_TOTAL_PIXELS:,} pixels")
            errors.append(SourceError(
                f"image {image.src}: with the pictures before it, over the {over} a document's pictures may "
                "have together", image.pos,
                hint="scale the pictures down: a photo printed 10 cm wide needs 1,200 pixels at 300 dpi"))
            break  # no more read: the ones after it cannot pass either
        images[image.src] = data
    if errors:
        raise errors[0] if len(errors) == 1 else SourceErrors(errors)
    return images
