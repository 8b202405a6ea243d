"""Where the folio's dash sits: GB/T 9704-2012 §7.5, "一字线上距版心下边缘 7 mm".

In: a `Layout`. Out: the folio font's vertical metrics (`folio_metrics`) and, from them and the layout's
`[folio] distance`, the padding above the PDF's folio line (`folio_padding`); the DOCX's footer distance
(`writers/docx/page.footer_distance`) is derived from the same metrics and the same number.

The distance is measured from the text block's bottom edge to the top of the dash's glyph box (its ink),
as `reportpress proof` measures it. Both writers set the folio in a line exactly one folio size high;
where the dash's ink lies in that line depends on the font: its ascent and descent place the baseline,
the dash glyph's top lies above the baseline. Assuming the dash at the line's middle put it 0.7–0.9 mm
too low with Noto Serif CJK (issue 12: 7.7–7.9 mm), so the numbers are read from the font file that
serves the folio role, as `reportpress fonts` names it.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from reportpress import cache
from reportpress.errors import LayoutError
from reportpress.layouts import Layout
from reportpress.typeset.chars import IDEOGRAPHIC_EM_BOX
from reportpress.units import Length


@dataclass(frozen=True, slots=True)
class FolioMetrics:
    """The folio font's vertical metrics in em, as the shaper reads them."""

    ascent: float  # above the baseline: hhea, or OS/2 typo where the font sets USE_TYPO_METRICS (HarfBuzz's rule)
    descent: float  # below the baseline, positive
    mark_top: float  # the top of the dash's ink above the baseline


# No face installed for the folio role (the PDF then falls back to another font): an ideographic em box
# (0.88 / 0.12 em) with the dash's ink at the line's middle, the assumption the layout made before.
FALLBACK = FolioMetrics(ascent=0.88, descent=0.12, mark_top=0.38)


def folio_mark(layout: Layout) -> str:
    """The character whose top is measured: the format's first (the dash of `— {n} —`), else a digit."""
    return next((char for char in layout.folio.format.replace("{n}", "1") if not char.isspace()), "1")


def folio_metrics(layout: Layout, dirs: Sequence[Path]) -> FolioMetrics:
    """The metrics of the face that serves the folio role, for the folio's mark; `FALLBACK` without one.

    `dirs` are the build's font folders (`fonts.fonts_dirs(project)`), the ones the PDF's `@font-face`
    rules come from (never the current folder's: a worker's is not the project, and a face in the
    project's `fonts/` would serve the folio but not measure it).
    """
    from reportpress.fonts import discover_faces, resolve_fontset

    faces = resolve_fontset(layout, discover_faces(dirs))["folio"].faces
    if not faces:
        return FALLBACK
    return face_metrics(faces[0].path, faces[0].index, folio_mark(layout)) or FALLBACK


# The largest folio cache file read back: three numbers.
_CACHE_LIMIT = 1024


@functools.cache
def face_metrics(path: Path, index: int, char: str) -> FolioMetrics | None:
    """Ascent, descent and `char`'s ink top of one face, in em; None when the face cannot tell.

    Read with fontTools once per version of the font file (path, size, modification time) and then from
    the cache folder (`reportpress.cache`, kind `folio`), as the cmaps are: drawing the glyph loads
    fontTools' CFF reader, a third of a second of every cold build otherwise.
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{path.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}|{ord(char)}"
    name = f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"
    found = _read_cached(name)
    if found is not None:
        return found[0]
    metrics = _read_face_metrics(path, index, char)
    if metrics is None or plausible(metrics):  # what would not be read back is not written
        cache.store_json("folio", name, asdict(metrics) if metrics else None, limit=_CACHE_LIMIT)
    return metrics


def plausible(metrics: FolioMetrics) -> bool:
    """Metrics a text face can have: ascent 0.5–1.5 em, descent 0–0.6 em, the mark's top above the
    baseline and within the ascent. A cached value outside these is not the font's (a damaged or
    planted file), and would move the folio off its 7 mm."""
    return (0.5 <= metrics.ascent <= 1.5 and 0 <= metrics.descent <= 0.6
            and 0 < metrics.mark_top <= metrics.ascent)


def _read_cached(name: str) -> tuple[FolioMetrics | None] | None:
    """(the metrics cached as `name`,) — `(None,)` for a face known to tell nothing — or None when there
    is no cache or it is not what `face_metrics` writes (then the font is read again)."""
    found = cache.load_json("folio", name, limit=_CACHE_LIMIT)
    if found is None:
        return None
    (value,) = found
    if value is None:
        return (None,)
    fields = ("ascent", "descent", "mark_top")
    if not isinstance(value, dict) or set(value) != set(fields):
        return None
    numbers = [value[field] for field in fields]
    if not all(type(number) in (int, float) and math.isfinite(number) for number in numbers):
        return None
    metrics = FolioMetrics(*(float(number) for number in numbers))
    return (metrics,) if plausible(metrics) else None


def _read_face_metrics(path: Path, index: int, char: str) -> FolioMetrics | None:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    try:
        # the file opened here, so that it is closed even when fontTools cannot read it
        with path.open("rb") as handle, TTFont(handle, fontNumber=index, lazy=True) as font:
            units = font["head"].unitsPerEm
            glyph = font.getBestCmap().get(ord(char))
            if glyph is None:
                return None
            glyphs = font.getGlyphSet()
            pen = BoundsPen(glyphs)
            glyphs[glyph].draw(pen)
            if pen.bounds is None:  # a blank glyph: nothing to measure
                return None
            hhea, os2 = font["hhea"], font.get("OS/2")
            ascent, descent = hhea.ascent, -hhea.descent
            if os2 is not None and (os2.fsSelection & 1 << 7 or not (ascent or descent)):  # USE_TYPO_METRICS
                ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
            return FolioMetrics(ascent=ascent / units, descent=descent / units, mark_top=pen.bounds[3] / units)
    except Exception:  # a damaged font raises whatever its bytes make fontTools raise: it must not stop a
        return None     # build, whose PDF then places the dash by `FALLBACK` (proof reports the distance)


def folio_padding(layout: Layout, metrics: FolioMetrics | None = None, *, em_box: bool = True,
                  dirs: Sequence[Path] | None = None) -> Length:
    """The padding above the PDF's folio line (line height = folio size) that puts the dash's top
    `distance` below the text block.

    CSS spreads a line box's leading evenly (CSS 2.1 §10.8.1): the baseline lies half the leading plus
    the ascent below the line's top, so the dash's top lies `½ + (ascent − descent)/2 − mark_top` em down.
    In Chinese text (`em_box`: the document's language is CJK) the PDF centres the ideographic em box in
    the line instead of the font's own ascent and descent (typeset/weasy.py `strut`): that box places
    the baseline; the dash's ink still comes from the font. `dirs`: the build's font folders
    (`folio_metrics`); the built-in one when not given.
    """
    from reportpress.fonts import builtin_fonts_dirs

    metrics = metrics or folio_metrics(layout, builtin_fonts_dirs() if dirs is None else dirs)
    if em_box:
        ascent, descent = IDEOGRAPHIC_EM_BOX
        metrics = FolioMetrics(ascent=ascent, descent=descent, mark_top=metrics.mark_top)
    size = layout.sizes["folio"]
    ink_top = size * (0.5 + (metrics.ascent - metrics.descent) / 2 - metrics.mark_top)
    if layout.folio.distance < ink_top:  # a negative padding, which CSS ignores: the folio would sit elsewhere
        raise LayoutError(f"{layout.folder / 'layout.toml'}: [folio] distance = {layout.folio.distance.mm:g} mm: "
                          f"the folio's dash cannot sit that close to the text block in its font (at least "
                          f"{Length(ink_top).mm:.1f} mm)")
    return Length(layout.folio.distance - ink_top)
