"""What size a picture prints at, and the figure a picture alone in its paragraph makes; one answer
for both writers, so the print copy and the DOCX show it alike.

In: a picture's checked bytes (`resources.read_image`) and the layout. Out: its width and height and
the whole lines of the grid it stands in (`PictureBox`). A picture is set at its physical size, its
pixels at the resolution the file states (a 300 dpi scan of a chart at the size it was drawn), else
at 96 to the inch (CSS's pixel, what WeasyPrint and a browser take), then shrunk, keeping its shape,
to the text block's width and to a page's lines less its caption's (`caption_lines`): it always fits on
one page with its caption. The
lines it stands in are its height rounded up to whole line pitches, the picture centred in them, so
that the text after it stays on the line grid (GB/T 9704 §5.2.3) as the text before it was.

A paragraph holding one picture and nothing else whose alternative text is not empty is a figure,
as Pandoc's `implicit_figures` reads it: the alternative text is its caption (图1　……), set below it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from io import BytesIO

import PIL.Image
import PIL.ImageOps

from reportpress.layouts import Layout
from reportpress.model import Image, Inline, LineBreak, Text
from reportpress.tables import text_width
from reportpress.units import Length

CSS_DPI = 96.0
# a stated resolution outside this range is a wrong header (72 dpi screenshots print as they show), not a scan
PLAUSIBLE_DPI = (72.0, 2400.0)


@dataclass(frozen=True, slots=True)
class PictureBox:
    width: Length
    height: Length
    lines: int  # whole line pitches the picture stands in, centred

    def box_height(self, layout: Layout) -> Length:
        return Length(self.lines * layout.line_pitch)

    def top(self, layout: Layout) -> Length:
        """The room above the picture in its lines: half what its height leaves of them."""
        return Length((self.box_height(layout) - self.height) / 2)


# EXIF orientations (0x0112) of a picture stored turned a quarter: its width and height swap upright
TURNED = frozenset({5, 6, 7, 8})


def _orientation(picture: PIL.Image.Image) -> int:
    try:
        return int(picture.getexif().get(0x0112, 1))
    except (ValueError, TypeError, OSError, SyntaxError):
        return 1


def upright(data: bytes) -> bytes:
    """`data` as it is meant to be seen: a picture whose EXIF orientation says it is stored turned or
    mirrored, turned upright and written again as PNG (the print copy's WeasyPrint turns it itself;
    Word may not); else `data` itself."""
    with PIL.Image.open(BytesIO(data)) as picture:
        if _orientation(picture) in (1, 0):
            return data
        turned = PIL.ImageOps.exif_transpose(picture)
        out = BytesIO()
        stated = picture.info.get("dpi")
        turned.save(out, format="PNG", **({"dpi": stated} if isinstance(stated, tuple) else {}))
        return out.getvalue()


def resolution(picture: PIL.Image.Image) -> float:
    """Pixels to the inch the file states, or CSS's 96 where it states none or a wrong one."""
    stated = picture.info.get("dpi")
    try:
        dpi = float(stated[0]) if isinstance(stated, tuple) else 0.0
    except (TypeError, ValueError):
        dpi = 0.0
    return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else CSS_DPI


def caption_lines(text: str, layout: Layout) -> int:
    """The lines a caption takes in the note role across the text block (0 for none): what the picture
    leaves free of a page's lines."""
    if not text:
        return 0
    size = float(layout.sizes["note"])
    return max(1, math.ceil(text_width(text) * size / float(layout.page.text_width)))


def picture_box(data: bytes, layout: Layout, *, caption: str = "") -> PictureBox:
    """The size `data` prints at in `layout` and the lines it stands in (see the module docstring),
    room left on its page for `caption` under it."""
    with PIL.Image.open(BytesIO(data)) as picture:  # the header only: the bytes were decoded when checked
        pixels_wide, pixels_high = picture.size
        if _orientation(picture) in TURNED:  # a phone's portrait photo: WeasyPrint turns it upright
            pixels_wide, pixels_high = pixels_high, pixels_wide
        dpi = resolution(picture)
    width = max(pixels_wide, 1) / dpi * 72  # a decoder that reports no pixels one way still shows one
    height = max(pixels_high, 1) / dpi * 72
    lines_per_page = max(1, math.floor(layout.page.text_height / layout.line_pitch + 1e-9))
    most_lines = max(1, lines_per_page - caption_lines(caption, layout))
    scale = min(1.0, layout.page.text_width / width, most_lines * layout.line_pitch / height)
    width, height = width * scale, height * scale
    lines = max(1, math.ceil(height / layout.line_pitch - 1e-6))
    return PictureBox(Length(width), Length(height), lines)


def lone_picture(inlines: tuple[Inline, ...]) -> Image | None:
    """The picture of a paragraph holding one picture and nothing else but white space, else None; it
    is a figure when its alternative text is not empty (`caption`)."""
    shown = [node for node in inlines
             if not isinstance(node, LineBreak) and not (isinstance(node, Text) and not node.text.strip())]
    return shown[0] if len(shown) == 1 and isinstance(shown[0], Image) else None


def caption(picture: Image) -> str:
    """A lone picture's caption: its alternative text, trimmed ("" for none)."""
    return picture.alt.strip()
