"""Inter-character justification for WeasyPrint: the only module that reaches into its internals.

In: a WeasyPrint render (`inter_character_justification()` is a context manager around it). Out: the
same render, where every line of a `text-align: justify` paragraph except its last reaches the right
edge whatever it holds — Han, Latin, digits, punctuation (CLREQ #line_adjustment, typography.md §b5) —
unless that takes gaps wide enough to put spaces in the text layer: such a line stays short.

WeasyPrint (tested on the versions in `TESTED_VERSIONS`) justifies only by widening U+0020 and U+00A0
(`layout/inline.py`: `justify_line` → `count_expandable_spaces` → `add_word_spacing`), and Chinese has
no spaces, so its lines stay ragged by up to an em (typography.md §c, §i). While the context manager
is active, four internals are replaced:

- `weasyprint.layout.inline.justify_line(context, line, extra_width)`: the slack is shared among the
  gaps of the line where CLREQ allows space (beside a Han character, a full-width mark or a space;
  never inside a Latin word or a number, inside `——`/`……`, or beside a connector), as a fixed amount
  per gap, never past `MAX_GAP_EM` (`spacing.py` computes the shares). First, though, the gaps between
  a Han character and a Western letter or digit (年|2020, 2020|元) take the slack, up to `PRIORITY_EM`
  each but never past `MAX_GAP_EM` (CLREQ #line_adjustment expands Han–Latin space before the gaps
  between all characters; `_priority_level`), and only what they cannot hold is shared. Inside a text
  box the amount becomes Pango letter spacing on the expandable characters (Pango puts half of a
  character's letter spacing on each side of it, so a gap between two expandable characters gets the
  whole amount and a gap beside one of them half); a Han–Western gap's own space is a chain of
  letter spacings, solved for the gaps as WeasyPrint draws them (`spacing._unit_corrections`); between
  boxes, the next box is moved. Where that changes letter spacing inside a word (a loose line), the
  kerning Pango drops between runs is measured and taken off. The PDF's text stays the source text: no
  character is added.
- `weasyprint.layout.inline.text_align(context, line, available_width, last)`: first fixes the line's
  ends: the Han–Latin margin (`cjk.AUTOSPACE_*`) goes (CLREQ: no such space there), and a mark
  compressed for a neighbour now on the other line gets its full width back when the line has room.
  A line laid out wider than the measure on trial (see `iter_line_boxes` below) is set back into it:
  its last closing mark at half width (行末点号半角: the mark's blank half hangs past the edge), then
  up to `MAX_PUSH_IN` of its ）」”…、，；： at half width (挤进: the U+200B the text pass put after each takes
  −½ em of letter spacing, so the mark's glyph stays and what follows moves in; the text layer keeps
  its order, the next glyph's origin being half an em right of the mark's).
- `weasyprint.text.line_break.Layout.set_text(text, justify=False)`: after WeasyPrint's own attributes,
  sets the letter spacing of characters that draw nothing (U+2060) to 0, so that a word joiner does
  not count twice the grid's letter spacing; and when drawing (`justify=True`, see
  `Layout.reactivate`) adds the justification letter spacing stored on the layout.
- `weasyprint.layout.block.iter_line_boxes` (its import of `inline.iter_line_boxes`): for a block
  without Han text (an English paragraph, a reference, a URL) WeasyPrint's own, untouched, and its
  lines are justified by WeasyPrint (word spacing). Otherwise: a justified line with `TIGHTEN_FROM_EM`
  or more room is laid out again ½ em, 1 em … wider, and the first layout that takes in more text and
  can be set back into the measure (above) replaces it (CLREQ #line_adjustment; a wider layout whose
  extra width cannot hold the text up to the next break opportunity would break where the last one
  did, and is not made: `_same_break`); lays out one line ahead, so that a line left too loose by an
  unbreakable run after it takes characters from the line before; when no such break exists, the
  loose line is left short (`MAX_GAP_EM`). A justified line a reader would see as loose
  (`VISIBLE_LOOSE_EM`, what `reportpress proof` calls one) does the same when neither line is then.
  Still loose before a run of 2 em or more (`2,108,275,000元`: GB/T 15835 never breaks a number), it
  is set tight by the lines before it (`_tighten_before`, paragraph-wide): the last one to three
  laid out again from the earliest, each taking in all its marks let it, so that the loose line starts
  later and the run fits on it; kept when no line is then loose and the paragraph keeps its number of
  lines and no more loose ones after. A last line that
  would hold one character (孤字) is taken into the line before (squeezed) or gets one more character
  from it. Before a block's first line, a Latin or digit run wider than the whole line gets U+200B
  between its characters (`cjk.break_anywhere`), so it breaks where the line it starts on ends.
- `weasyprint.layout.inline.split_first_line` (its import of `text.line_break.split_first_line`): a
  text box with a fixed `line-height` takes its baseline from the strut of its style (its first
  available font, as CSS Inline 3 and browsers do), not from Pango's extents of the line, which grow
  with any fallback font: a character the role's font lacks (凊, outside GB 2312, drawn by the next
  font of the stack) no longer pushes its line 2 pt off the 28.95 pt grid.
- `weasyprint.layout.inline.strut` (its import of `text.line_break.strut`): in CJK text with a fixed
  line height, the baseline centres the ideographic em box in the line, whatever the font's `hhea`
  ascent and descent (Noto Sans CJK's 黑体 headings sat 0.93 pt off the grid).

What a render asks for again is not worked out again (issues 12 and 13; the PDF is the same byte for
byte, `REUSE_LAYOUTS`, `DEFER_JUSTIFICATION`): a text's first line at a width (`_first_line`, on the
layout context), a style's strut (`_strut`, on the style), the width of what follows a break
(`_next_chunk_width`, on the text box), and a line that `_tighten` lays out again is justified only if
it is kept (`_justified`). Each cache lives on an object of the render, keyed by all its result
depends on, so nothing passes from one document or build to the next.

Outside the layout, `lean_font_files()` makes WeasyPrint read an embedded font's file from its face
only when asked (`pdf.fonts.Font.file_content`), not hold a copy of each until the PDF is written; and
while a PDF is written, `weasyprint.pdf.build_fonts_dictionary` is wrapped so that each subset holds the
used glyphs alone, renumbered 0, 1, 2 … in the subset and in the content streams (`compact_glyph_ids`):
WeasyPrint keeps every glyph index up to the last one used, 44,000 empty glyphs in a CJK subset; and
each `TJ` operator is written shorter (`compact_text_shown`, `shown_text.py`): the same glyphs at the
same places in less than half the bytes.

`check_internals()`, on a WeasyPrint that is not a tested version, compares the source of everything
touched with fingerprints taken on the tested versions; if they differ the render stops with a
`RenderError` rather than print ragged or broken lines. `tests/typeset/test_weasy.py` fails on any change of version or
source, so an upgrade is always re-tested.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import inspect
import io
import itertools
import math
import re
import struct
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pydyf  # type: ignore[import-untyped]  # WeasyPrint's PDF writer
import weasyprint
from weasyprint import pdf as weasy_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout import LayoutContext, block, inline
from weasyprint.layout import page as layout_page
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.pdf import stream as pdf_stream
from weasyprint.text import fonts as text_fonts
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from reportpress.errors import RenderError
from reportpress.typeset import shown_text
from reportpress.typeset.cff import cid_keyed, glyph_cids, glyph_count, identity_charset, table_cids
from reportpress.typeset.chars import (
    CJK_LANGUAGES,
    CLOSING,
    IDEOGRAPHIC_EM_BOX,
    INVISIBLE,
    PUSH_IN,
    PUSH_IN_BRACKETS,
    PUSH_IN_OPENING,
    ZERO_WIDTH_SPACE,
    is_han_like,
    is_latin_like,
)
from reportpress.typeset.cjk import (
    AUTOSPACE_LEFT,
    AUTOSPACE_RIGHT,
    HALT_CALL,
    HALT_LEFT,
    HALT_RIGHT,
    HEADING_TAGS,
    PUSH_IN_STOPS,
    break_anywhere,
)
from reportpress.typeset.pages import (
    BEFORE_TRIES,
    COMBINED_TRIES,
    CROSSING_LONGER_REST,
    CROSSING_REST,
    OWN_TRIES,
    PAGE_TRIES,
    Candidate,
    LaidOut,
    Lines,
    Natural,
    Plan,
    before_plans,
    combined_plans,
    ends_with_heading,
    fill_page,
    fillable,
    free_lines,
    page_candidates,
    page_plans,
    planned_change,
    planned_mode,
)
from reportpress.typeset.spacing import (
    gap_weight,
    has_invisible,
    invisible_ranges,
    is_priority_gap,
    letter_spacing_ranges,
    priority_peak,
    priority_weight,
    text_weight,
    visible_text,
)

TESTED_VERSIONS = ("70.0",)

# sha256 of `inspect.getsource` of each internal this module replaces or relies on, on TESTED_VERSIONS.
FINGERPRINTS: dict[str, str] = {
    "layout.inline.justify_line": "f83b21ff8793ba6b6dfc5fe8e10e4ab6cd6e02b17de02da97200902166148a81",
    "layout.inline.text_align": "e953d41b87ccfc30405f83f6cc3c73918ef4638662794db4f834b1d788d6ed67",
    "layout.inline.add_word_spacing": "879516e71f1b80fa1833aee877e1a34c851248c5fd871d6c855c58f07358d418",
    "layout.inline.count_expandable_spaces": "175fe6f42576ed3842d240a5048b4816ed702e8f97d49389b5b528aee51476ad",
    "layout.inline.remove_last_whitespace": "53f0c79c9fbbda500488edce48d95e80a43243d63824606aab2b0f77916e8601",
    "text.line_break.Layout.set_text": "fe23ca9937dbf5205bda422f9c01103f301ef2c511228842632ea86e853274f7",
    "text.line_break.Layout.reactivate": "0b89ee097104b71376c179f48a98858708b07169dc0212c393263a1a831607c9",
    "text.line_break.Layout.deactivate": "bfec3ec8406e1c82a91f9570103eb5ecbc5a20c1339ff26bb0f4eafb03189f0b",
    "draw.text.draw_text": "ebaf96239c6ca3635d2b91bfb34718c2dcebd7809fec1c53fb8dffd1366befe3",
    "draw.text.draw_first_line": "1bb8eae6d88e71b17096a034656f3be17da8f1f513c78536c1c38d971927638b",
    "text.line_break.line_size": "03fa04fd51fc69aa128ca5312faa9a82578d88cf8549fda8d3d63a76f8eef173",
    "text.line_break.create_layout": "6587192cc0ab3ffad7bb1902654c7f26dd28910f760804bcf67cbf7b986660b0",
    "layout.inline.iter_line_boxes": "04aec48abfcad809bc94c54eeba0e23a389e824cec85fe67bc1b21412d29dc3a",
    "layout.inline.get_next_linebox": "67af458c2545e74f0803072103c6c5d392d5e353dfdaa4f5bac5a96e20ed024d",
    "layout.block._linebox_layout": "e07bbe000974787ee370be1f419a01a21b327a1a1e3025a65afd47589060883d",
    "text.line_break.split_first_line": "39ad1016863ca34de0bea4c9fcffb46da7e27813c87dd82b7011bfa19fe5504f",
    "layout.inline.split_text_box": "8c564329599ef23fac6cc8c403768e9e51638226d87a8b2de69c49c9c5f408c8",
    "text.line_break.strut": "b57885b70dd08efe92f72a746709e08c576f47b90edb36f02925fefa15bb761a",
    "layout.float.avoid_collisions": "5fc7793c573af328ffa88757d08f1641b19832805a1e48aa8b8204530c477e5d",
    "layout.inline._adjust_line_height": "822443b08f53654f84607568d3ea0be43ded5cda170eb5d43ea29094c8df3390",
    "layout.page.make_page": "656f183328e8b1b56311a342621442056c067422958dcaf6730acdfb6c7b8971",
    "layout.page.remake_page": "1ff09b2dffa17839c03aec1150866068066c43e76a5cace0ea298e68909c6d31",
    "layout.page.make_all_pages": "b5e4034894841caa9581fa5d33338c71a7d8948be65618d358ab4b946f367edb",
    "layout.layout_document": "a5cbf437e99caf7293e7ed2289278048bca734f7ead2e947b4e24e4a3a536dbc",
    "css.targets.TargetCollector.cache_target_page_counters":
        "545eb30bb50f0e4921f6405ed31cfcc20bb92f32c85b549fe81507cbf27d6dee",
    "layout.LayoutContext.layout_footnote": "5075f64aaae4a32d2ad552f8cc2e73e0bb833b79f9d586d7e23ab041b5fe83bd",
    "layout.LayoutContext.unlayout_footnote": "c7c223cf4a0fda5451c7da9f5a95603c21dda3f8286000c989b942ca71d58bfc",
    "layout.LayoutContext.report_footnote": "f05bad3895c6824c591301212219c70ab11c11df9277695eea639ea80baf1ee0",
    "layout.LayoutContext._update_footnote_area": "2e317e4b066fb80cb369a41cd6f054a127722f9961c18ef4d6e1eef93673c4c1",
    "layout.LayoutContext.create_block_formatting_context":
        "674c8dd8d2c09f0693488dfe70b8ff5a9a5f43bd6c6b01b343f0b05d8171ea35",
    "layout.LayoutContext.overflows_page": "d18699b7ce2ebaa0e2aa47441ba673bc45781d06088e9bbc91babef3adccd447",
    "pdf.fonts.Font.__init__": "1f281166b10302a4278a04384970b91496a19b071e071a4087f77a49bc1487fe",
    "pdf.fonts.Font.clean": "794f0211f18453f1a291056fcd6659cdcb262f7c1133cf5b2ea015df379c6813",
    "pdf.fonts.Font.type": "31376bf9b326ac58403187f045eb3b823ef5cf26ec2a6a4af88f436266a0bd98",
    "pdf.fonts.Font._harfbuzz_subset": "f80805663ede8080a3e1ffff831e20c74bd25fa3b8e4410334ba807158dc685f",
    "pdf.fonts.Font._fonttools_subset": "1faa45f3c4cae67e0a8eace77b1ff41f8e161607a502c3daf6baf5879bf5952b",
    "pdf.fonts.build_fonts_dictionary": "fc551bef35d0d6c3d288f686fd21b5ea8c1efadb8f2f3b4d379cfa6045c02230",
    "pdf.fonts._build_bitmap_font_dictionary": "60c74daafc7a2111bc53d2d4cede2ea633fa1e352e338693dcbba0b7c7e86262",
    "pdf.stream.Stream.add_font": "e4226e111747721713ef1a513ba39542ac767bf32f354a18da2207b0ddf44787",
    "text.fonts.get_hb_object_data": "03040a623df04c2b5fe464037e14b07fe430fd1ec43602abf955fdf3fbe77ea6",
    "pdf.generate_pdf": "626343ef25c396e8521948cadbe2b7544331c161040da80ed4e338fadac3efa9",
    "pdf._use_references": "4d1abd9646c3f4dc7d26b9798ce75d7f84acd627a4e3517a5c06634eccc58baa",
    "pdf.stream.Stream.__init__": "918b7e8bb22a7a82a9e7b03baf2c67a9fef4636788fed6f22e533519cfd4dd89",
    "pdf.stream.Stream.add_group": "6022122164739805626abacc28a9931e8c724da5a5420e604d33471336fb4973",
    "pdf.stream.Stream.add_pattern": "c6656116cd711ed60add5614ffdaefa1f202c82d718145fa648b1d0d7bfb6de0",
    "pdf.stream.Stream.set_font_size": "34b9096d1555895d16257f7eb953bc4e971a021f1112abe63a922eec289fdb36",
    "pdf.fonts.Font.subset": "61ed6bc2e9a7e43a7ad4c50e4bd61a0c5b6db06069754e66c6e328f4a97a6311",
    "pdf.fonts.Font.get_unused_glyph_id": "81082597c7912297e4527ee64c0f6584ecb815b1010a35514fd981ad6bcd07ed",
    "pydyf.Stream.show_text": "3e008af86f62f42c382b8d75f85a92022008f8254db58a9d8f58f137ee7bcc40",
    "pydyf.Stream.set_font_size": "9626258f9693a87de77bcfaaf42dd987a468604d7aa2bb2c5652347edd6d9d2b",
    "pydyf.Stream.push_state": "1791eb2aac855b0651f551609e50c750aa4b3f16daf358b6b8ac40b11ed1791d",
    "pydyf.Stream.pop_state": "6648661e1ee0e65a41c91d917eeaea8efdeb36b9d16490078d4aa8174630b990",
}

# Layout attribute: (space per gap in px, loose, space per Han–Western gap in px)
JUSTIFICATION = "_reportpress_justification"
_NO_JUSTIFICATION = (0.0, False, 0.0)
_MIN_WEIGHT = 0.05  # a text box whose chains realise less of its Han–Western gaps takes no priority space
# The most a gap between a Han character and a Western letter or digit (年|2020, 2020|元) takes of a
# line's slack before the other gaps get any, in em: CLREQ #line_adjustment expands Han–Latin space
# first, and #mixed_text_composition_in_horizontal_writing_mode puts up to ¼ em there
PRIORITY_EM = 0.25
# The widest gap justification aims for, in em. pdftotext (poppler) reads a gap wider than 0.1 em as a
# space, so a line whose Han gaps would grow past this spreads its letters and digits too.
LOOSE_GAP_EM = 0.08
# … and a loose line's letters and digits spread only as much as its Han gaps cannot take (`_letters_share`):
# off, every gap alike, as before. The Han gaps first take up to HAN_FIRST_EM each (over the letter spacing,
# under what is seen as loose) where spreading every gap alike would not be seen, up to LOOSE_GAP_EM where
# it would (the line is loose anyway: its digits keep their spacing, issue 12, the 1956 budget's sums)
LETTERS_LAST = True
HAN_FIRST_EM = 0.035
# The widest gap a line ever gets, in em (base letter spacing included). The PDF's text layer must be
# the source text, and poppler reads a wider gap as a space (at ~1 em, as a new column: one character
# per line). A line that would need more is rebalanced with the line before it (`_iter_line_boxes`);
# when that fails it is left short of the edge: a ragged line is a lesser sin than a corrupted text layer.
MAX_GAP_EM = 0.095
# The extra gap between Han characters from which a reader sees a justified line as loose, in em: what
# `reportpress proof` calls a loose line (proof/setting.py LOOSE_EM, issue 12: 0.6 pt at 16 pt)
VISIBLE_LOOSE_EM = 0.6 / 16
GAP = "_reportpress_gap"  # LineBox attribute: the gap in em its justification wanted (before the cap)
SLACK = "_reportpress_slack"  # LineBox attribute: the room a justified line had before justification, in em
SQUEEZED = "_reportpress_squeezed"  # LineBox attribute: how much `_squeeze` set it back into the measure, in px
FITS = "_reportpress_fits"  # LineBox attribute: False when a line laid out wider could not be squeezed back
CJK = "_reportpress_cjk"  # LineBox attribute: its block holds Han text (else WeasyPrint sets it, untouched)
# LineBox attribute: the room a line had as WeasyPrint broke it, in px at the width it was laid out in
# (before `_text_align` fixes its ends): what `_same_break` compares the text after it with
ROOM = "_reportpress_room"
# Layout attribute: the U+200B after each pause mark set half width (挤进), as indices counted from the
# text's first visible character (`_drawn_width` strips the invisible ones at the ends)
PUSHED = "_reportpress_pushed"
# A justified line with at least this much room (in em) tries to take in more of the text: its line-end
# closing mark set half width (行末点号半角), then up to MAX_PUSH_IN of its 、，；： (挤进), CLREQ
# #line_adjustment. Below it, the room a character pushed over leaves is too small to be seen as loose.
TIGHTEN_FROM_EM = 0.5
MAX_PUSH_IN = 3
# … and what the marks give up shared out among as many of its pause marks as may give way (MAX_PUSH_IN),
# not half an em from the fewest (`_spread_push_in`): off, the fewest, each set half width, as before
SPREAD_PUSH_IN = True
# … and what one mark gives up at most, in em, where a line takes in more only to be fuller (its room
# over its gaps under GENEROUS_FROM of a loose line's, `_near_loose`; not a page being filled): a ， or ；
# set a full half em narrower between Han characters reads as the comma or semicolon of Latin text
# (`36期,培训`, `9.7%;跨境`: the reviews of sessions 24 and 26 found it where a line had one mark to give);
# at three quarters of an em it reads as the full-width mark it is. A line with less room is not loose
# as it is (`reportpress proof`: 0.6 pt a gap at 16 pt); one with more, and the lines of a paragraph set
# one line shorter or tightest (`pages.fill_page`, `_tighten_before`), may give the whole blank half of
# each mark: a visibly loose line or a hole at a page foot is the worse fault. 0.5: the whole half always.
PUSH_IN_EM = 0.25
GENEROUS_FROM = 1.0  # of VISIBLE_LOOSE_EM: a line whose room over its gaps comes this near may give all
# Switches (module attributes, read at each line) so that a test can build a PDF with a fix off and see
# `reportpress proof` find the defect it prevents: line-end compression and push-in; no 孤字; CJK lines
# centring their em box on the grid (`_strut`).
LINE_ADJUSTMENT = True
NO_LONE_CHARACTERS = True
# … a justified line seen as loose (VISIBLE_LOOSE_EM) taking characters from the line before (`_iter_lines`)
REBALANCE_VISIBLE = True
HAN_WESTERN_FIRST = True  # … Han–Western gaps expanded first (`_priority_level`); off, every gap by its share
EM_BOX_GRID = True
# … and a line's trial layouts (`_tighten`) skipped where they would break where the last layout did
# (`_same_break`): off, every trial is laid out, as before (the same PDF, more work)
PREDICT_BREAKS = True
# how far, in em, the text up to the next break must be wider than the room for a trial to be skipped:
# what measuring it alone can differ from the line's own measure by (its letter spacing, rounding).
# On the sample, the breaks that moved were −0.018 em or less, those that did not +0.06 or more
BREAK_MARGIN_EM = 0.03
# … and where what follows the break is the paragraph's last text, ending it (a last line), the same
# for the paragraph's end (`_next_chunk_width`): off, such a line is laid out wider to see, as before
PREDICT_LAST_LINES = True
# … a line left loose by an unbreakable run after it set tight by the lines before it taking in more
# (`_tighten_before`): up to this many lines before, held back while they fit on the page (`_iter_lines`)
TIGHTEN_BEFORE = True
TIGHTEN_BEFORE_LINES = 3
LONG_RUN_EM = 2.0  # … when what cannot start earlier is this wide or wider (a number, a Latin word)
TIGHTEST = "tightest"  # the mode of the lines before it: each takes in all that compressing its marks lets it
# … failing that, set tight by the lines before it each sending a character on (`_spread_before`, the other
# direction: the loose line starts earlier and its hole is shared out), up to this many lines before
SPREAD_BEFORE = True
SPREAD_BEFORE_LINES = 3
# the most each of those lines may then be spread per gap, in em (0.59 pt at 16 pt): just under what is seen
# as loose (VISIBLE_LOOSE_EM), and past what a line of Han characters alone sending one on needs (1 em over
# its 26 gaps, 0.038 em: 27 characters off the grid's 28 columns)
SPREAD_EXTRA_EM = 0.037
# how much narrower than the full measure less its room a line that must send on is laid out, in em: what
# measuring its text alone can differ from the line's own measure by (`BREAK_MARGIN_EM`), and some
SEND_MARGIN_EM = 0.1
# … and a line of Han characters alone, a character short of the grid's 28 because what follows cannot start
# earlier (`项|目。`: a closing mark never starts a line, and 28 characters and the mark are past the measure
# even compressed), is set tight the same ways however narrow that is (`_long_run_after`): left, it holds 27
# (`reportpress proof`'s grid finding) and is seen as loose (1 em over its 26 gaps)
GRID_LINES = True
# … and what cannot start earlier is measured through the inline boxes that follow (`_run_width`: `——`, set
# in a box of its own, an emphasis, a term's span), so that `黎|塘——湛江` counts as the run it is
RUNS_THROUGH_BOXES = True
# … and full pages (`_fill_page`): a paragraph set one line longer or shorter where the widow, orphan and
# heading-keep rules would leave a line empty at the page foot
FULL_PAGES = True
# the most a line narrowed for a full page may be spread per gap, in em (0.32 pt at 16 pt): in practice a
# line that gives its character on by setting pushed-in marks full width again. A line of 27 characters
# spread to the 28 of the grid (0.038 em) was within the loose-line cap, and a paragraph of them, lighter
# than the page and off the grid's columns, was what a typographer saw first (review, session 19)
FILL_EXTRA_EM = 0.036
PLANNED_EXTRA_EM = 0.04  # … and on a page laid out again (`_make_page`)
FILLED_LAST_CHARACTERS = 4  # the fewest characters (marks included) a paragraph changed to fill a page ends with
# … a text's first line laid out once a render for each style and width (`_first_line`), a style's strut
# worked out once (`_strut`), the width after a break measured once (`_next_chunk_width`): off, every
# time it is asked for, as before (the same PDF, more work)
REUSE_LAYOUTS = True
# … a line `_tighten` lays out again justified only when it is kept (`_justified`): off, every layout is
# justified, as before (the same PDF, more work)
DEFER_JUSTIFICATION = True
FIRST_LINES = "_reportpress_first_lines"  # LayoutContext attribute: `_first_line`'s cache
_FIRST_LINE_TEXT = 4096  # characters: a longer text (a long paragraph's rest) is laid out each time
_FIRST_LINES_KEPT = 2048  # entries: a page laid out again comes right after its first layout
DEFERRED = "_reportpress_deferred"  # LineBox attribute: (context, room) of a justification put off (`_justified`)
STRUT = "_reportpress_strut"  # style attribute: (EM_BOX_GRID, what `_strut` returned for it)
CHUNKS = "_reportpress_chunks"  # TextBox attribute: `_next_chunk_width`'s widths, by text and style
_EPSILON = 0.01  # px: what floating point leaves of an exact fit
# width_bonus: what `_text_align` adds back while a line is laid out narrower (or takes off, wider);
# squeeze: whether a line wider than the measure may be set back into it (`_squeeze`)
_local = threading.local()
OBJECT = "\ufffc"  # what an image or an inline block counts as between two characters

_lock = threading.RLock()
_depth = 0
_originals: dict[str, Any] = {}


# ------------------------------------------------------------------------------------- the guard


def internals() -> dict[str, Callable[..., Any]]:
    """Every WeasyPrint internal this module replaces or relies on, by dotted name."""
    from weasyprint.css.targets import TargetCollector
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import float as layout_float

    return {
        "layout.inline.justify_line": _originals.get("justify_line", inline.justify_line),
        "layout.inline.text_align": _originals.get("text_align", inline.text_align),
        "layout.inline.add_word_spacing": inline.add_word_spacing,
        "layout.inline.count_expandable_spaces": inline.count_expandable_spaces,
        "layout.inline.remove_last_whitespace": inline.remove_last_whitespace,
        "text.line_break.Layout.set_text": _originals.get("set_text", line_break.Layout.set_text),
        "text.line_break.Layout.reactivate": line_break.Layout.reactivate,
        "text.line_break.Layout.deactivate": line_break.Layout.deactivate,
        "draw.text.draw_text": draw_text.draw_text,
        # draws U+2060/U+200B as empty glyphs: nothing of them reaches the text layer
        "draw.text.draw_first_line": draw_text.draw_first_line,
        # measure a text box as drawn (`_drawn_width`) and a run of text (`_break_too_long_runs`)
        "text.line_break.line_size": line_break.line_size,
        "text.line_break.create_layout": line_break.create_layout,
        "layout.inline.iter_line_boxes": inline.iter_line_boxes,
        "layout.inline.get_next_linebox": inline.get_next_linebox,
        # imports iter_line_boxes by name and consumes its lines: the one we replace
        "layout.block._linebox_layout": _linebox_original[0] if _linebox_original else block._linebox_layout,
        # what `_split_first_line` wraps, the caller that turns its height and baseline into the box's
        # margins and baseline, and the strut whose baseline it keeps to
        "text.line_break.split_first_line": _originals.get("split_first_line", inline.split_first_line),
        "layout.inline.split_text_box": inline.split_text_box,
        "text.line_break.strut": line_break.strut,
        # where `get_next_linebox` reads the width a line is laid out in (`_layout_line` widens and narrows
        # it through the containing block) and the width `text_align` justifies to
        "layout.float.avoid_collisions": layout_float.avoid_collisions,
        # where the strut's baseline (`_strut`) becomes an inline or line box's
        "layout.inline._adjust_line_height": inline._adjust_line_height,
        # full pages (`_make_page`): the page maker wrapped, the caller that calls it by name with the
        # state it keeps, and what laying out a page changes of the context (`_page_context`)
        "layout.page.make_page": _originals.get("make_page", layout_page.make_page),
        "layout.page.remake_page": layout_page.remake_page,
        "layout.page.make_all_pages": layout_page.make_all_pages,
        # … and the page before a short page laid out again (`_make_all_pages`): the caller that takes
        # `make_all_pages` by name (from its package) and lists its pages, the anchors cached again
        "layout.layout_document": weasyprint.layout.layout_document,
        "css.targets.TargetCollector.cache_target_page_counters": TargetCollector.cache_target_page_counters,
        "layout.LayoutContext.layout_footnote": LayoutContext.layout_footnote,
        "layout.LayoutContext.unlayout_footnote": LayoutContext.unlayout_footnote,
        "layout.LayoutContext.report_footnote": LayoutContext.report_footnote,
        "layout.LayoutContext._update_footnote_area": LayoutContext._update_footnote_area,
        "layout.LayoutContext.create_block_formatting_context": LayoutContext.create_block_formatting_context,
        # where `_iter_lines` sees that a line is past the page's foot (it then holds no line back)
        "layout.LayoutContext.overflows_page": LayoutContext.overflows_page,
        # the embedded font files read lazily (`_lazy_font_files`): where a font's file is copied from its
        # face, every reader and writer of that copy, and the one place fonts are made
        "pdf.fonts.Font.__init__": _font_init_original[0] if _font_init_original else pdf_fonts.Font.__init__,
        "pdf.fonts.Font.clean": pdf_fonts.Font.clean,
        "pdf.fonts.Font.type": pdf_fonts.Font.type.fget,
        "pdf.fonts.Font._harfbuzz_subset": pdf_fonts.Font._harfbuzz_subset,
        "pdf.fonts.Font._fonttools_subset": pdf_fonts.Font._fonttools_subset,
        "pdf.fonts.build_fonts_dictionary": pdf_fonts.build_fonts_dictionary,
        "pdf.fonts._build_bitmap_font_dictionary": pdf_fonts._build_bitmap_font_dictionary,
        "pdf.stream.Stream.add_font": pdf_stream.Stream.add_font,
        "text.fonts.get_hb_object_data": text_fonts.get_hb_object_data,
        # glyphs renumbered (`compact_glyph_ids`): the caller of the fonts dictionary (by its module's name)
        # and what it adds to the PDF after it, the streams that show text and how they write a font and
        # its codes, the subsetting skipped, the codes WeasyPrint invents for missing glyphs
        "pdf.generate_pdf": weasy_pdf.generate_pdf,
        "pdf._use_references": weasy_pdf._use_references,
        "pdf.stream.Stream.__init__": pdf_stream.Stream.__init__,
        "pdf.stream.Stream.add_group": pdf_stream.Stream.add_group,
        "pdf.stream.Stream.add_pattern": pdf_stream.Stream.add_pattern,
        "pdf.stream.Stream.set_font_size": pdf_stream.Stream.set_font_size,
        "pdf.fonts.Font.subset": pdf_fonts.Font.subset,
        "pdf.fonts.Font.get_unused_glyph_id": pdf_fonts.Font.get_unused_glyph_id,
        "pydyf.Stream.show_text": pydyf.Stream.show_text,
        "pydyf.Stream.set_font_size": pydyf.Stream.set_font_size,
        "pydyf.Stream.push_state": pydyf.Stream.push_state,
        "pydyf.Stream.pop_state": pydyf.Stream.pop_state,
    }


def fingerprints() -> dict[str, str]:
    """The current fingerprint of each internal (sha256 of its source)."""
    return {name: hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
            for name, function in internals().items()}


_checked = False


def check_internals() -> None:
    """Stop with a RenderError when WeasyPrint is not a tested version and an internal differs.

    A version not in TESTED_VERSIONS whose internals are unchanged is accepted: what matters is the
    code. Checked once a process.
    """
    global _checked
    if _checked or weasyprint.__version__ in TESTED_VERSIONS:
        return  # a tested version: tests/typeset/test_weasy.py holds its internals to FINGERPRINTS
    try:
        changed = [name for name, digest in fingerprints().items() if FINGERPRINTS.get(name) != digest]
    except (OSError, TypeError) as exc:
        changed = [f"(cannot read WeasyPrint's source: {exc})"]
    if changed:
        raise RenderError(
            f"WeasyPrint {weasyprint.__version__}: these internals differ from the versions reportpress's "
            f"Chinese justification was tested on ({', '.join(TESTED_VERSIONS)}): {', '.join(changed)}. "
            "Install a tested version (pip install 'weasyprint==70.0'), or re-test typeset/weasy.py.")
    _checked = True


# ------------------------------------------------------------------------------ install / remove


@contextlib.contextmanager
def inter_character_justification() -> Iterator[None]:
    """Replace WeasyPrint's justification while the block runs (re-entrant, thread-safe)."""
    global _depth
    check_internals()
    lean_font_files()
    with _lock:
        if _depth == 0:
            _originals.update(justify_line=inline.justify_line, text_align=inline.text_align,
                              set_text=line_break.Layout.set_text, iter_line_boxes=block.iter_line_boxes,
                              split_first_line=inline.split_first_line, strut=inline.strut)
            inline.justify_line = _justify_line
            inline.text_align = _text_align
            line_break.Layout.set_text = _set_text
            block.iter_line_boxes = _iter_line_boxes
            inline.split_first_line = _split_first_line
            inline.strut = _strut
            _originals["make_page"] = layout_page.make_page
            layout_page.make_page = _make_page
            _originals["make_all_pages"] = weasyprint.layout.make_all_pages
            weasyprint.layout.make_all_pages = _make_all_pages
            _originals["build_fonts_dictionary"] = weasy_pdf.build_fonts_dictionary
            weasy_pdf.build_fonts_dictionary = _build_fonts_dictionary
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                inline.justify_line = _originals.pop("justify_line")
                inline.text_align = _originals.pop("text_align")
                line_break.Layout.set_text = _originals.pop("set_text")
                block.iter_line_boxes = _originals.pop("iter_line_boxes")
                inline.split_first_line = _originals.pop("split_first_line")
                inline.strut = _originals.pop("strut")
                layout_page.make_page = _originals.pop("make_page")
                weasyprint.layout.make_all_pages = _originals.pop("make_all_pages")
                weasy_pdf.build_fonts_dictionary = _originals.pop("build_fonts_dictionary")


# ------------------------------------------------------------------------------------ Pango side


def _set_text(self: Any, text: str, justify: bool = False) -> None:
    """WeasyPrint's `Layout.set_text`, then our letter-spacing attributes (see the module docstring)."""
    _originals["set_text"](self, text, justify)
    spacing, loose, priority = getattr(self, JUSTIFICATION, _NO_JUSTIFICATION) if justify else _NO_JUSTIFICATION
    pushed: tuple[tuple[int, float], ...] = getattr(self, PUSHED, ()) if justify else ()
    if not spacing and not priority and not pushed and not has_invisible(self.text):
        return  # the common case while breaking lines: nothing to add
    base = self.style["letter_spacing"]
    base = 0.0 if base == "normal" else float(base)
    if not spacing and not priority and not base and not pushed:
        return
    if spacing or priority:
        ranges = letter_spacing_ranges(self.text, base, spacing, float(self.style["word_spacing"]), loose,
                                       priority)
    else:  # while breaking lines (called for every attempt): only the few invisible characters
        ranges = invisible_ranges(self.text)
    if pushed:  # set last: `pango_attr_list_change` lets the later attribute win on its range
        ranges = [*ranges, *_pushed_ranges(self.text, pushed)]
    if not ranges:
        return
    attr_list = pango.pango_layout_get_attributes(self.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end, value in ranges:
        units = int(value * TO_UNITS)
        # Pango rounds the half of a letter spacing of whole pixels to a pixel (`distribute_letter_spacing`,
        # "hinting"): 1 px would go all to the left; a unit more keeps both halves equal, which the chains of
        # Han–Western gaps (`spacing._priority_corrections`) rely on
        attr = pango.pango_attr_letter_spacing_new(units + 1 if units and not units % TO_UNITS else units)
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(self.layout, attr_list)


def _pushed_ranges(text: str, pushed: tuple[tuple[int, float], ...]) -> list[tuple[int, int, float]]:
    """(start byte, end byte, minus what it gives up) for each U+200B after a pause mark pushed in
    (`_push_in`): the space the mark gives up is taken by what follows, and the mark's glyph stays where
    it was (negative letter spacing on the mark itself would move its glyph: Pango spaces both sides)."""
    lead = len(text) - len(text.lstrip("".join(INVISIBLE)))
    ranges = []
    for relative, amount in pushed:
        index = lead + relative
        if text[index:index + 1] == ZERO_WIDTH_SPACE:
            start = len(text[:index].encode())
            ranges.append((start, start + len(ZERO_WIDTH_SPACE.encode()), -amount))
    return ranges


# ------------------------------------------------------------------------------------ layout side


def _split_first_line(text: str, style: Any, context: Any, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """WeasyPrint's `split_first_line`, with the baseline its caller needs to sit on the strut's.

    `split_text_box` centres the Pango line's height in the line height and places the box's baseline
    from Pango's: a line holding a glyph from a fallback font (taller ascent or descent) is centred
    differently and the line box grows. With a fixed `line-height` (the grid's 28.95 pt) the baseline
    is set so that, after `split_text_box` adds the half-leading of the real height, it falls where the
    strut's does; the height itself (the glyphs' extent) is left as Pango measured it.

    In Chinese, Japanese or Korean text (`lang`), the strut's baseline (`_strut`) is the one that centres the
    ideographic em box (`IDEOGRAPHIC_EM_BOX`) in the line height, whatever the font's ascent and descent:
    Pango takes those from `hhea`, which FandolFang sets to its em box but Noto Sans CJK (the 黑体 of
    level-1 headings) to 1.16/0.288 em, which put a heading's characters 0.06 em (0.93 pt) below the grid
    every other line keeps (CLREQ: the grid is one of em boxes).
    """
    layout, length, resume_index, width, height, baseline = _first_line(text, style, context, args, kwargs)
    if style["line_height"] != "normal" and style["font_size"]:
        line_height, strut_baseline = _strut(style)
        baseline = strut_baseline - (line_height - height) / 2
    return layout, length, resume_index, width, height, baseline


def _first_line(text: str, style: Any, context: Any, args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """WeasyPrint's `split_first_line`, once a render for each text, style and width (`REUSE_LAYOUTS`).

    A line is laid out again from the same place at the same width when a page is laid out again
    (`_make_page`), a paragraph alone (`_can_change`) or in another mode (`pages.fill_page`): the same
    text box gives `split_text_box` the same text, style and width, and Pango the same first line.
    What it returns depends on nothing else: the text, the style (its computed values never change
    during the layout, and it is kept, so its `id` is not reused), the width, the justification
    spacing and the two flags, and the context only for its hyphenation dictionaries. The cache
    lives on the render's layout context (`FIRST_LINES`), so nothing passes to another document, and
    each caller gets its own copy of the deactivated Pango layout (plain attributes: text, spacing),
    so what one line does to its box's layout (`_spread`, `_push_in` copy it anyway) reaches no other.
    Texts longer than `_FIRST_LINE_TEXT` and the oldest entries past `_FIRST_LINES_KEPT` are not kept:
    a long paragraph's rest is passed whole for each of its lines."""
    split: Callable[..., tuple[Any, ...]] = _originals["split_first_line"]
    if not REUSE_LAYOUTS or context is None or len(text) > _FIRST_LINE_TEXT:
        return split(text, style, context, *args, **kwargs)
    cache: dict[tuple[Any, ...], tuple[Any, tuple[Any, ...]]] | None = getattr(context, FIRST_LINES, None)
    if cache is None:
        cache = {}
        setattr(context, FIRST_LINES, cache)
    key = (text, id(style), args, tuple(sorted(kwargs.items())))
    kept = cache.get(key)
    if kept is not None and kept[0] is style:
        layout, *rest = kept[1]
        return (copy.copy(layout), *rest)
    result = split(text, style, context, *args, **kwargs)
    if len(cache) >= _FIRST_LINES_KEPT:
        del cache[next(iter(cache))]  # the oldest: a line is laid out again soon after, on its own page
    cache[key] = (style, (copy.copy(result[0]), *result[1:]))
    return result


def _strut(style: Any) -> tuple[float, float]:
    """WeasyPrint's `strut` (the used line height and the baseline from the line's top); in Chinese,
    Japanese or Korean text with a fixed line height, the baseline that centres the ideographic em box
    in the line (see `_split_first_line`). Replaces the `strut` `layout/inline.py` imports, so inline
    boxes and line boxes (`_adjust_line_height`) keep to the same baseline as their text.

    Kept on the style object (`STRUT`), with the switch it depends on: WeasyPrint's own cache builds a
    key of fourteen style values for each call, and this runs for every text box laid out. The result
    depends only on the style's computed values, which never change once the layout has started
    (WeasyPrint sets values on copies: `::first-line`, `character_ratio`), and its font configuration;
    a copied style does not carry the attribute."""
    kept: tuple[bool, tuple[float, float]] | None = getattr(style, STRUT, None) if REUSE_LAYOUTS else None
    if kept is not None and kept[0] is EM_BOX_GRID:
        return kept[1]
    line_height, baseline = line_break.strut(style)
    if EM_BOX_GRID and style["line_height"] != "normal" and style["font_size"] \
            and str(style["lang"] or "").lower().startswith(CJK_LANGUAGES):
        above, below = IDEOGRAPHIC_EM_BOX
        baseline = (line_height + (above - below) * style["font_size"]) / 2
    with contextlib.suppress(AttributeError):  # a plain dict (a test's) has no attributes: not kept
        setattr(style, STRUT, (EM_BOX_GRID, (line_height, baseline)))
    return line_height, baseline



def _leaves(box: Any) -> Iterator[Any]:
    """In-flow text boxes and atomic inline boxes of a line, in order."""
    for child in box.children:
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.TextBox):
            if child.text:
                yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _leaves(child)
        else:
            yield child


def _ends(leaf: Any) -> tuple[str, str] | None:
    """The first and last visible characters of a leaf; None for a text box that draws nothing."""
    if isinstance(leaf, boxes.TextBox):
        text = visible_text(leaf.text)
        return (text[0], text[-1]) if text else None
    return OBJECT, OBJECT


def _justify_line(context: Any, line: Any, extra_width: float) -> None:
    """Spread `extra_width` over the line's gaps (replaces WeasyPrint's `justify_line`): the Han–Western
    gaps first, up to PRIORITY_EM each (`_priority_level`), what remains over every gap by its share."""
    if line.style["direction"] == "rtl" or extra_width <= 0 or not getattr(line, CJK, True):
        _originals["justify_line"](context, line, extra_width)  # Latin text: word spacing, as WeasyPrint
        return
    setattr(line, SLACK, extra_width / line.style["font_size"])
    defer: tuple[Any, float] | None = getattr(_local, "defer", None)
    if defer is not None and line.style is defer[0] and extra_width / line.style["font_size"] >= defer[1]:
        # a line with this much room is laid out again wider (`_tighten`), and that layout is most often
        # kept: its justification waits until the line is (`_justified`). What it computes is the same
        # then: `get_next_linebox` moves the line's boxes only down after `text_align` (by whole-line
        # translations that commute with `_spread`'s moves), and floats and placeholders, which it
        # places then, are out of the flow `_spread` moves; a ::first-line style (which rewraps the
        # line's children) and ::first-letter are never deferred (`_next_linebox`). `style` tells the
        # line from one of an inline block inside it, laid out meanwhile.
        setattr(line, DEFERRED, (context, extra_width))
        return
    leaves = list(_leaves(line))
    # WeasyPrint gives every text box its letter spacing once more (`line_size`), even a lone U+200B:
    # such a box takes back that width, so nothing invisible shifts the line
    blank = [leaf for leaf in leaves if isinstance(leaf, boxes.TextBox) and not visible_text(leaf.text)]
    extra_width += sum(leaf.width for leaf in blank)
    base = 0.0 if line.style["letter_spacing"] == "normal" else line.style["letter_spacing"]
    font_size = line.style["font_size"]
    # a Han–Western gap takes up to ¼ em, but never more than any gap may (MAX_GAP_EM, share included):
    # wider, pdftotext reads a space into the text layer (`链接 https`, `编号为 1234`)
    room = min(PRIORITY_EM * font_size, MAX_GAP_EM * font_size - base)
    gaps = _gaps(leaves, False, room)
    level = _priority_level(gaps, extra_width)
    spacing = _spacing(gaps, extra_width, level)
    loose = spacing > LOOSE_GAP_EM * font_size - base or (spacing < 0 and extra_width > _EPSILON)
    letters = 0.0  # the fraction of the space per gap the letters and digits take (`spacing.expansion`)
    if loose:
        letters = _letters_share(leaves, gaps, extra_width, level, room, base, font_size)
        gaps = _gaps(leaves, letters, room)
        spacing = _spacing(gaps, extra_width, level)
    if spacing < 0:  # no gap can take space (a line of connectors, say)
        _originals["justify_line"](context, line, extra_width)
        return
    if gaps.total() > 0 and (loose or _spreads_letters(leaves, gaps, level)):
        # letters spread beside slashes and dots that are not, or moved by a Han–Western gap's chain
        # (`spacing._priority_corrections`): measure what kerning that loses
        lost = _kerning_lost(leaves, gaps, (spacing, letters, gaps.inside_priority(level, spacing)))
        spacing = _spacing(gaps, extra_width - lost, level)
    # the gap wanted, in em: what `_iter_line_boxes` looks at to rebalance a loose line
    setattr(line, GAP, (spacing + base) / font_size)
    # never past the cap (see MAX_GAP_EM): a line that needs more stays short of the edge
    spacing = max(0.0, min(spacing, MAX_GAP_EM * font_size - base))
    _spread(line, (spacing, letters, gaps.inside_priority(level, spacing)), gaps, 0.0, level)


def _letters_share(leaves: list[Any], tight: _Gaps, extra_width: float, level: float, room: float, base: float,
                   font_size: float) -> float:
    """The fraction of the space per gap that the letters and digits of a loose line take (1: as much as
    the Han characters, as before `LETTERS_LAST`): the least that keeps its Han gaps within what they may
    take first (`HAN_FIRST_EM` over the letter spacing where spreading every gap alike would not be seen
    as loose, `LOOSE_GAP_EM` in all where it would). A number's digits and a word's letters keep their
    natural spacing as long as the Han gaps can take the room (CLREQ #line_adjustment: the gaps between
    Han characters before the letters of a word); a line of almost no Han gaps spreads its letters."""
    if not LETTERS_LAST:
        return 1.0
    alike = _gaps(leaves, 1.0, room)
    even = _spacing(alike, extra_width, level)
    letters = alike.total() - tight.total()  # the shares the letters and digits add
    if tight.total() <= _EPSILON or letters <= _EPSILON:
        return 1.0
    seen = even >= VISIBLE_LOOSE_EM * font_size
    most = LOOSE_GAP_EM * font_size - base if seen else HAN_FIRST_EM * font_size
    if even >= most:
        return 1.0  # the Han gaps as wide as they may be, or wider: every gap alike, as before
    # the Han gaps at `most`, their shares and the letters' fraction of theirs taking the rest (the rest
    # as `_spacing` counts it: what the Han–Western gaps take first aside)
    rest = extra_width - tight.priority_width(level, 0.0)
    return min(1.0, max(0.0, (rest / most - tight.total()) / letters))


def _spacing(gaps: _Gaps, extra_width: float, level: float) -> float:
    """The space per share of every gap once the Han–Western gaps have theirs (`_priority_level`); −1
    when no gap takes a share and space is left. A Han–Western gap at its room takes no share on top
    (its room is the widest it may be): the others take all that is left."""
    capacity = gaps.priority_width(level, 0.0)
    rest = extra_width - capacity
    if rest <= _EPSILON:
        return 0.0
    total = gaps.total()
    if total <= 0:
        return -1.0
    if level < gaps.room - _EPSILON:  # the rooms hold … only when they are full can something be left
        return rest / total
    others = total - gaps.share * gaps.priority_count()
    return rest / others if others > _EPSILON else rest / total


def _priority_level(gaps: _Gaps, extra_width: float) -> float:
    """The space each Han–Western gap of the line takes before any other gap takes some (CLREQ
    #line_adjustment, expansion step 2: Han–Latin spacing before the gaps between all characters):
    the same for each, up to its room (PRIORITY_EM, less what a margin such as `autospace` gives it
    already), the whole `extra_width` when the rooms hold it. 0 with HAN_WESTERN_FIRST off."""
    if not HAN_WESTERN_FIRST:
        return 0.0
    # (room, how many gaps it stands for): a text box's chains may realise fewer than its gaps
    rooms = sorted([(gaps.room, weight) for weight in gaps.inside.values() if weight > _MIN_WEIGHT]
                   + [(room, 1.0) for room in gaps.ahead.values() if room > 0])
    taken = 0.0  # what the rooms already full at the level reached hold
    for index, (room, _) in enumerate(rooms):
        left = sum(weight for _, weight in rooms[index:])
        if taken + room * left >= extra_width:
            return (extra_width - taken) / left
        taken += room * rooms[index][1]
    return rooms[-1][0] if rooms else 0.0


def _spreads_letters(leaves: list[Any], gaps: _Gaps, priority: float) -> bool:
    """Whether a text box holding Latin letters has a Han–Western gap inside: its chain of corrections
    may pass through a word and split it into runs that Pango no longer kerns."""
    return bool(priority) and any(gaps.inside.get(id(leaf)) and any(is_latin_like(char) and not char.isdigit()
                                                                    for char in leaf.text) for leaf in leaves)


def _drawn_width(box: Any, justification: tuple[float, float, float]) -> float:
    """The width of a text box's visible characters as `draw_text` will lay them out at `justification`.

    Without the characters that draw nothing at its ends: their logical width is not ink, and
    `letter_spacing_ranges` takes back the justification space beside them.
    """
    layout = copy.copy(box.pango_layout)  # a deactivated Layout: the box's own stays untouched
    layout.text = visible_text(layout.text)
    setattr(layout, JUSTIFICATION, justification)
    layout.reactivate(box.style)
    try:
        width: float = line_break.line_size(layout.get_first_line()[0], box.style)[0]
    finally:
        layout.deactivate()
    return width


def _kerning_lost(leaves: list[Any], gaps: _Gaps, justification: tuple[float, float, float]) -> float:
    """How much wider Pango draws the line's text boxes at `justification` than their gap shares say.

    Characters with different letter spacing go into different Pango runs, and no kerning applies
    across runs: `y/` in a URL loses its kern once the letters are spread and the slash is not.
    """
    lost = 0.0
    spacing, _, priority = justification
    for leaf in leaves:
        weight, inside = gaps.inner.get(id(leaf), 0.0), gaps.inside.get(id(leaf), 0.0)
        inside = inside if inside > _MIN_WEIGHT else 0.0
        if weight or inside:
            natural = _drawn_width(leaf, _NO_JUSTIFICATION)
            lost += _drawn_width(leaf, justification) - natural - spacing * weight - priority * inside
    return lost


@dataclass(slots=True)
class _Gaps:
    """The gaps of a line's leaves (keyed by `id`): their shares of the space per gap, inside each leaf
    (`inner`) and in front of each leaf but the first (`before`); their Han–Western gaps, how many inside
    each text box (`inside`, as its chains realise them: `spacing.priority_weight`) and the room of the
    one in front of a leaf (`ahead`, px: `room`, less the margin already there); the room of those inside
    a text box (`room`: less where a chain gives one more than its priority, `spacing.priority_peak`); the
    share each of those takes of the space per gap (`share`: half, and half the fraction of a share the
    letters take in a loose line, `_letters_share`)."""

    inner: dict[int, float]
    before: dict[int, float]
    inside: dict[int, float]
    ahead: dict[int, float]
    room: float
    share: float

    def total(self) -> float:
        return sum(self.inner.values()) + sum(self.before.values())

    def priority_count(self) -> float:
        """How many Han–Western gaps take priority space (a text box's as its chains realise them)."""
        return sum(weight for weight in self.inside.values() if weight > _MIN_WEIGHT) \
            + sum(1.0 for room in self.ahead.values() if room > 0)

    def priority_width(self, level: float, spacing: float) -> float:
        """What the Han–Western gaps take at `level` (px per gap, each up to its room), on top of their
        share of `spacing` (which they take first: see `_spacing`)."""
        inside = sum(weight for weight in self.inside.values() if weight > _MIN_WEIGHT)
        return inside * self.inside_priority(level, spacing) \
            + sum(max(0.0, min(room, level) - self.share * spacing) for room in self.ahead.values())

    def inside_priority(self, level: float, spacing: float) -> float:
        """The priority space of each Han–Western gap inside a text box (its share of `spacing` aside)."""
        return max(0.0, min(self.room, level) - self.share * spacing)


def _gaps(leaves: list[Any], loose: float, room: float) -> _Gaps:
    """The shares and Han–Western gaps of `leaves` (see `_Gaps`); `loose`: the fraction of a share the
    letters and digits take (`spacing.expansion`)."""
    texts = [leaf for leaf in leaves if isinstance(leaf, boxes.TextBox)]
    inner = {id(leaf): text_weight(leaf.text, loose) if isinstance(leaf, boxes.TextBox) else 0.0
             for leaf in leaves}
    inside = {id(leaf): weight for leaf in texts if (weight := priority_weight(leaf.text))}
    # a chain may give one of its gaps more than its priority (`spacing.priority_peak`): the room of the
    # gaps inside text boxes is what keeps the widest of them within the cap
    peak = max((priority_peak(leaf.text) for leaf in texts if id(leaf) in inside), default=0.0)
    inside_room = room / peak if peak > 1.0 else room
    before: dict[int, float] = {}
    ahead: dict[int, float] = {}
    previous: tuple[Any, str] | None = None  # the last leaf that draws something, and its last character
    for leaf in leaves:
        ends = _ends(leaf)
        if ends is None:
            continue  # a lone U+200B or U+2060: the gap is between the visible characters around it
        if previous is not None:
            before[id(leaf)] = gap_weight(previous[1], ends[0], loose)
            if is_priority_gap(previous[1], ends[0]) and _same_size(previous[0], leaf):
                # (not beside a raised note call `体⁷`: smaller, it is read as a word of its own from a
                # smaller gap on.) A margin between the two (autospace's ¼ em) is Han–Latin space already
                margin = leaf.position_x - (previous[0].position_x + previous[0].width)
                ahead[id(leaf)] = max(0.0, room - max(0.0, margin))
        previous = (leaf, ends[1])
    return _Gaps(inner, before, inside, ahead, inside_room, (1.0 + float(loose)) / 2)


def _same_size(a: Any, b: Any) -> bool:
    """Whether two leaves are set in the same size (text boxes; anything else is not text)."""
    return isinstance(a, boxes.TextBox) and isinstance(b, boxes.TextBox) \
        and abs(a.style["font_size"] - b.style["font_size"]) < _EPSILON


def _first_leaf(box: Any) -> Any:
    for leaf in _leaves(box):
        return leaf
    return None


def _spread(box: Any, justification: tuple[float, float, float], gaps: _Gaps, advance: float,
            level: float) -> float:
    """Move and widen `box` and its descendants; returns the advance for what follows. `justification`
    is (space per share, loose, priority space per Han–Western gap inside a text box); `level` the
    priority level of the Han–Western gaps between boxes (`_priority_level`)."""
    spacing, _, priority = justification
    if not isinstance(box, boxes.LineBox):
        first = _first_leaf(box) if isinstance(box, boxes.InlineBox) else box
        if first is not None:
            # the gap in front of a box's first character moves the whole box, decoration included
            room = gaps.ahead.pop(id(first), 0.0)
            advance += spacing * gaps.before.pop(id(first), 0.0) \
                + max(0.0, min(room, level) - gaps.share * spacing)
    if isinstance(box, boxes.TextBox):
        box.position_x += advance
        if not visible_text(box.text):
            advance -= box.width
            box.width = 0
            return advance
        inside = gaps.inside.get(id(box), 0.0)
        inside = inside if inside > _MIN_WEIGHT else 0.0
        growth = spacing * gaps.inner.get(id(box), 0.0) + priority * inside
        if growth:
            layout = copy.copy(box.pango_layout)  # a deactivated Layout: plain attributes only
            setattr(layout, JUSTIFICATION, (spacing, justification[1], priority if inside else 0.0))
            box.pango_layout = layout
            box.width += growth
        return advance + growth
    if isinstance(box, boxes.LineBox | boxes.InlineBox):
        box.position_x += advance
        start = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _spread(child, justification, gaps, advance, level)
        box.width += advance - start
        return advance
    box.translate(advance, 0)  # an atomic inline: image, inline block
    return advance


# -------------------------------------------------------------------- Han–Latin margins at line edges


def _text_align(context: Any, line: Any, available_width: float, last: bool) -> float:
    """WeasyPrint's `text_align`, after fixing the two ends of the line.

    Autospace margins go (CLREQ: no Han–Latin space at a line's start or end). A mark compressed
    because of a neighbour that the line break moved to the other line gets its full width back when
    the line has room for it; otherwise it stays half width, the first reduction CLREQ
    #line_adjustment and GB/T 15834 §5.1.10 prescribe for a line-end mark.
    """
    if not getattr(line, CJK, True):
        latin: float = _originals["text_align"](context, line, available_width, last)
        return latin
    setattr(line, ROOM, available_width - line.width)
    available_width += getattr(_local, "width_bonus", 0.0)
    _fix_line_ends(line, available_width)
    if getattr(_local, "squeeze", False) and line.width > available_width + _EPSILON:
        squeezed = line.width - available_width
        hang = _squeeze(line, available_width)
        if hang is None:
            setattr(line, FITS, False)  # `_tighten` drops this layout
            return 0.0
        setattr(line, SQUEEZED, squeezed)
        available_width += hang
    result: float = _originals["text_align"](context, line, available_width, last)
    return result


def _squeeze(line: Any, width: float) -> float | None:
    """Set a line laid out wider than `width` back into it: its last closing mark half width
    (行末点号半角: its blank half hangs past the edge; returned, for the justification to add), then its
    last few pause marks (挤进, `_push_in`); None when that is not enough."""
    need = line.width - width
    chain = _edge_chain(line, end=True)
    leaf = chain[-1]
    hang = 0.0
    if isinstance(leaf, boxes.TextBox) and (text := visible_text(leaf.text)) and text[-1] in CLOSING \
            and not any(_span_classes(box) & {HALT_RIGHT, HALT_CALL} for box in chain):
        hang = leaf.style["font_size"] / 2
    if need <= hang + _EPSILON:
        return hang
    remaining = need - hang
    order = _push_in_order(line)
    chosen: list[tuple[Any, int, float, bool]] = []
    for candidate in order:
        if len(chosen) == MAX_PUSH_IN:
            break
        chosen.append(candidate)
        remaining -= candidate[2]
        if remaining <= _EPSILON:
            _push_in(line, _spread_push_in(order, len(chosen)))
            return hang
    return None


def _spread_push_in(order: list[tuple[Any, int, float, bool]], fewest: int) -> list[tuple[Any, int, float]]:
    """What each mark gives up when the `fewest` first of `order` set half width take in what the line
    needs: as much in all (the line's width and its justification are the same), shared out equally
    among as many of its pause marks as may give way (MAX_PUSH_IN). A mark set half width between Han
    characters reads as the half-width mark of Latin text (`工厂,建成`, review, session 24); three marks
    giving a sixth of an em each read as the full-width marks they are. Stops give way only where the
    pause marks cannot take it in (`_push_in_order` puts them last)."""
    if not SPREAD_PUSH_IN:
        return [(leaf, relative, half) for leaf, relative, half, _ in order[:fewest]]
    pauses = sum(1 for *_, stop in order[:MAX_PUSH_IN] if not stop)
    chosen = order[:max(fewest, pauses)]
    # shared out equally as far as each mark's half allows (marks of a smaller size give less; what they
    # cannot give goes to the others): in all, what the fewest set half width gave
    left = sum(half for _, _, half, _ in order[:fewest])
    gives: dict[int, float] = {}
    for count, index in enumerate(sorted(range(len(chosen)), key=lambda index: chosen[index][2])):
        gives[index] = min(chosen[index][2], left / (len(chosen) - count))
        left -= gives[index]
    return [(leaf, relative, gives[index]) for index, (leaf, relative, _, _) in enumerate(chosen)]


def _push_in_order(line: Any) -> list[tuple[Any, int, float, bool]]:
    """(text box, index of the U+200B after the mark counted from its first visible character, half
    an em, whether it is a stop) for each mark of the line that the text pass marked
    (`cjk.push_in_points`), in the order they give way: the closing brackets and pause marks from the
    line's end backwards, then the stops 。？！ so (CLREQ's order); not the line's last visible
    character (that one hangs, `_squeeze`)."""
    found: list[tuple[Any, int, float]] = []
    stops: set[int] = set()  # which of `found` are stops
    last_is_mark = False  # whether nothing visible follows the last mark found
    invisible = "".join(INVISIBLE)
    most = float(getattr(_local, "push_in_em", 0.5))  # what a mark may give: `_next_linebox` sets it
    for leaf in _leaves(line):
        if not isinstance(leaf, boxes.TextBox):
            last_is_mark = False
            continue
        text = leaf.text
        lead = len(text) - len(text.lstrip(invisible))
        for index, char in enumerate(text):
            if char in INVISIBLE:
                continue
            if char in PUSH_IN_OPENING and index - 1 > lead and text[index - 1] == ZERO_WIDTH_SPACE:
                found.append((leaf, index - 1 - lead, leaf.style["font_size"] * most))  # the space before it
            last_is_mark = (char in PUSH_IN or char in PUSH_IN_BRACKETS or char in PUSH_IN_STOPS) \
                and text[index + 1:index + 2] == ZERO_WIDTH_SPACE
            if last_is_mark:
                if char in PUSH_IN_STOPS:
                    stops.add(len(found))
                found.append((leaf, index + 1 - lead, leaf.style["font_size"] * most))
    if last_is_mark:
        found.pop()
    backwards = range(len(found) - 1, -1, -1)
    return [(*found[index], False) for index in backwards if index not in stops] + [
        (*found[index], True) for index in backwards if index in stops]


def _push_in(line: Any, chosen: list[tuple[Any, int, float]]) -> None:
    """Take its amount (half an em at most) out after each chosen mark: the U+200B after it gets as
    much negative letter spacing when drawn (`_set_text`), and the boxes of the line narrow and move
    to match."""
    shrink: dict[int, float] = {}
    for leaf, relative, amount in chosen:
        layout = copy.copy(leaf.pango_layout)  # a deactivated Layout: the other lines' stay untouched
        setattr(layout, PUSHED, tuple(sorted((*getattr(layout, PUSHED, ()), (relative, amount)))))
        leaf.pango_layout = layout
        shrink[id(leaf)] = shrink.get(id(leaf), 0.0) + amount
    _shift(line, shrink, 0.0)


def _shift(box: Any, shrink: dict[int, float], advance: float) -> float:
    """Narrow the text boxes in `shrink` by their amounts and move what follows them; returns the advance."""
    if isinstance(box, boxes.TextBox):
        box.position_x += advance
        amount = shrink.get(id(box), 0.0)
        box.width -= amount
        return advance - amount
    if isinstance(box, boxes.LineBox | boxes.InlineBox):
        box.position_x += advance
        start = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _shift(child, shrink, advance)
        box.width += advance - start
        return advance
    box.translate(advance, 0)
    return advance


def _edge_chain(line: Any, end: bool) -> list[Any]:
    """The line and its first (or last) in-flow descendants, outermost first."""
    chain = [line]
    box = line
    while isinstance(box, boxes.LineBox | boxes.InlineBox):
        children = [child for child in box.children if child.is_in_normal_flow()
                    and not (isinstance(child, boxes.TextBox) and not visible_text(child.text))]
        if not children:
            break
        box = children[-1] if end else children[0]
        chain.append(box)
    return chain


def _span_classes(box: Any) -> set[str]:
    if not isinstance(box, boxes.InlineBox) or box.element is None or box.element_tag != "span":
        return set()
    return set((box.element.get("class") or "").split())


# (end of the line, class of its autospace margin, class of its compressed mark, the margin they set)
_EDGES = ((False, AUTOSPACE_LEFT, HALT_LEFT, "margin_left"), (True, AUTOSPACE_RIGHT, HALT_RIGHT, "margin_right"))


def _clear_edge_margin(chain: list[Any], depth: int, side: str) -> None:
    """Set the `side` margin of chain[depth] (at the line's start or end) to 0, resizing its ancestors.

    At the start, what follows the box moves with it: its children and its ancestors' later children.
    """
    box = chain[depth]
    delta = -getattr(box, side)
    setattr(box, side, 0)
    at_start = side == "margin_left"
    if at_start:
        for child in box.children:
            child.translate(delta, 0)
    node = box
    for ancestor in reversed(chain[:depth]):
        if at_start:
            index = next(i for i, child in enumerate(ancestor.children) if child is node)
            for sibling in ancestor.children[index + 1:]:
                sibling.translate(delta, 0)
        ancestor.width += delta
        node = ancestor


def _fix_line_ends(line: Any, available_width: float) -> None:
    for end, autospace_class, halt_class, side in _EDGES:
        chain = _edge_chain(line, end)
        for depth, box in enumerate(chain):
            classes = _span_classes(box)
            margin = getattr(box, side)
            autospace = autospace_class in classes and margin
            room = halt_class in classes and margin < 0 and line.width - margin <= available_width
            if autospace or room:
                _clear_edge_margin(chain, depth, side)


# ------------------------------------------------------------------------------ loose lines


def _too_loose(line: Any) -> bool:
    return float(getattr(line, GAP, 0.0)) > MAX_GAP_EM


def _iter_line_boxes(context: Any, box: Any, position_y: float, bottom_space: float, skip_stack: Any,
                     containing_block: Any, absolute_boxes: list[Any], fixed_boxes: list[Any],
                     first_letter_style: Any, first_line_style: Any) -> Iterator[tuple[Any, Any]]:
    """The lines of a block (`_iter_lines`); a body paragraph's set one line longer or shorter where that
    fills the page (`pages.fill_page`)."""
    args = (context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes, fixed_boxes,
            first_letter_style, first_line_style)
    mode = planned_mode(getattr(_local, "plan", None), containing_block)
    if FULL_PAGES and mode is not None and first_letter_style is None and not context.excluded_shapes:
        # a short page laid out again (`_make_page`); the paragraph's lines as they came, from its first
        natural = getattr(_local, "naturals", {}).get(id(containing_block.element))
        changed = _tried(mode, args) or _planned_change(mode, args, natural)
        if changed is not None:
            yield from changed
            return
    laid_out = getattr(_local, "laid_out", None)
    if laid_out is not None and first_letter_style is None and containing_block.element is not None:
        # a page's first layout (`_make_page`): what `_can_change` needs to lay the paragraph out again
        laid = laid_out[id(containing_block.element)] = LaidOut(args)
        yield from laid.lines(_iter_paragraph(args), _loose_for_filling)
        return
    yield from _iter_paragraph(args)


def _iter_paragraph(args: tuple[Any, ...]) -> Iterator[tuple[Any, Any]]:
    """A block's lines (`_iter_lines`), a body paragraph's through `pages.fill_page`."""
    context, containing_block, first_letter_style = args[0], args[5], args[8]
    if not FULL_PAGES or first_letter_style is not None or not fillable(containing_block):
        return _iter_lines(*args)
    return fill_page(context, args[3], args, _iter_in_mode, _keeps_rules, _reach)


def _tight_for_filling(line: Any) -> bool:
    """Whether a line narrowed to lengthen its paragraph gets no more than `FILL_EXTRA_EM` per gap over
    the grid's letter spacing (`reportpress proof` calls a line loose from 0.6 pt at 16 pt)."""
    base = line.style["letter_spacing"]
    base = 0.0 if base == "normal" else float(base) / line.style["font_size"]
    return float(getattr(line, GAP, 0.0)) - base <= getattr(_local, "fill_extra", FILL_EXTRA_EM)


def _loose_for_filling(line: Any) -> bool:
    """Whether a line is looser than a paragraph changed for a full page may leave one: the gap
    `_tight_for_filling` allows, less what measuring the drawn line adds (kerning, Latin runs)."""
    base = line.style["letter_spacing"]
    base = 0.0 if base == "normal" else float(base) / line.style["font_size"]
    return float(getattr(line, GAP, 0.0)) - base > PLANNED_EXTRA_EM


def _keeps_rules(lines: list[tuple[Any, Any]]) -> bool:
    """Whether a paragraph's lines, set longer or shorter to fill a page, keep what the extension holds
    to: no line but the last looser than the cap, and a last line of `FILLED_LAST_CHARACTERS` or more —
    a page is not filled by ending a paragraph in a stub (`成风。` at the foot reads as a defect)."""
    return not any(_too_loose(line) for line, _ in lines[:-1]) \
        and _line_characters(lines[-1][0]) >= FILLED_LAST_CHARACTERS


def _iter_in_mode(mode: str | None, args: tuple[Any, ...]) -> Iterator[tuple[Any, Any]]:
    """`_iter_lines` with each line set as `mode` says: "longer" (laid out half an em narrower, then
    justified to the full width, where that stays within `FILL_EXTRA_EM`) or "shorter" (each line taking
    in what line-end compression and push-in let it, `_tighten`); "longer:N", "shorter:N": the lines
    from the N-th on (`_mode_at`), those before set as they are without a mode."""
    _local.mode, _local.line_index = mode, 0
    try:
        yield from _iter_lines(*args)
    finally:
        _local.mode = None


def _mode_at(index: int) -> str | None:
    """The mode (`_iter_in_mode`) the line `index` of the paragraph being laid out is set in: "longer",
    "shorter" or `TIGHTEST`, or None. "longer:N" and "shorter:N" set the lines from the N-th on, so that
    a paragraph changed for a full page changes only the lines nearest its end, the fewest it can: the
    lines before a "shorter:N" as they come; those before a "longer:N" as WeasyPrint breaks them
    (`UNTIGHTENED`: no push-in taking a character in, which would be one more to send on)."""
    mode: str | None = getattr(_local, "mode", None)
    if mode is None:
        return None
    name, _, start = mode.partition(":")
    if index >= int(start or 0):
        return name
    return UNTIGHTENED if name == "longer" else None


# the mode of the lines before those a paragraph set longer narrows (`_mode_at`): set without `_tighten`.
# Set as they come instead (pushing marks in where they have room), they hold more, the narrowed lines
# must send it on too, and three of the corpus's pages filled so came out short again
UNTIGHTENED = "untightened"


def _iter_lines(context: Any, box: Any, position_y: float, bottom_space: float, skip_stack: Any,
                containing_block: Any, absolute_boxes: list[Any], fixed_boxes: list[Any],
                first_letter_style: Any, first_line_style: Any) -> Iterator[tuple[Any, Any]]:
    """WeasyPrint's `iter_line_boxes`, one line ahead: a justified line left loose by an unbreakable
    run after it (“12345” can start no earlier) takes a character or two from the line before,
    when both lines then stay tight (CLREQ #line_adjustment: prefer breaks that spread the slack);
    failing that, the lines before it take in more so that the run fits on it (`_tighten_before`:
    up to `TIGHTEN_BEFORE_LINES` are held back for it while they fit on the page, so that no line
    is laid out in vain at a page's foot). Gaps wider than 0.1 em also read as spaces to text
    extraction (typography.md §i). First, runs wider than a line are made breakable anywhere
    (`_break_too_long_runs`)."""
    if skip_stack is None or not hasattr(box, CJK):
        setattr(box, CJK, _holds_han(box))
    if not getattr(box, CJK):  # Latin text (an English paragraph, a reference, a URL): WeasyPrint's own
        yield from _originals["iter_line_boxes"](
            context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes, fixed_boxes,
            first_letter_style, first_line_style)
        return
    inline.resolve_percentages(box, containing_block)
    if skip_stack is None:
        inline.resolve_one_percentage(box, "text_indent", containing_block.width)
        if box.element_tag not in HEADING_TAGS:  # the text pass adds nothing invisible to headings either
            _break_too_long_runs(box, containing_block.width)
    else:
        box.text_indent = 0
    # the lines laid out and not yet given to the block: the last (`pending`) always, up to
    # `TIGHTEN_BEFORE_LINES` while they fit on the page, so that `_tighten_before` can lay them out again
    held: list[tuple[Any, Any, tuple[Any, ...]]] = []
    while True:
        pending = held[-1] if held else None
        args = (position_y, skip_stack, box.text_indent, first_letter_style, first_line_style)
        line, resume_at = _next_linebox(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                        args)
        if line is not None and pending is not None and resume_at is not None and _too_loose(line):
            better = _rebalance(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                pending, _tight_enough)
            if better is not None:
                held[-1], (line, resume_at, args) = better
        elif REBALANCE_VISIBLE and line is not None and pending is not None and resume_at is not None \
                and _visibly_loose(line) and not _visibly_loose(pending[0]):
            # justified, but loose enough to be seen (`reportpress proof`'s loose line): the line before
            # gives it a character or two when neither line is then seen as loose
            better = _rebalance(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                pending, _not_visibly_loose, previous_ok=_gives_a_character)
            if better is not None:
                held[-1], (line, resume_at, args) = better
        if line is not None and held and resume_at is not None and _visibly_loose(line):
            # still loose: the lines before take in more, so that it starts later and what could not
            # start earlier fits on it
            tighter = _tighten_before(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                      held, (line, resume_at, args))
            if tighter is not None:
                *held[-len(tighter) + 1:], (line, resume_at, args) = tighter
        if line is not None and held and resume_at is not None and _visibly_loose(line):
            # still loose: the lines before each send a character on, so that it starts earlier
            spread = _spread_before(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                    held, (line, resume_at, args))
            if spread is not None:
                *held[-len(spread) + 1:], (line, resume_at, args) = spread
        pending = held[-1] if held else None
        if NO_LONE_CHARACTERS and line is not None and pending is not None and resume_at is None \
                and _lonely(line):
            fixed = _fix_lonely(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes, pending)
            if fixed is not None and fixed[1] is None:  # the last line taken into the one before
                for earlier in held[:-1]:
                    yield earlier[0], earlier[1]
                yield fixed[0][0], None
                return
            if fixed is not None:
                held[-1], (line, resume_at, args) = fixed  # type: ignore[misc]
                if len(held) > 1 and _visibly_loose(held[-1][0]):
                    # the line before gave its last characters down and is loose now: the lines before
                    # it each send one on (its break, and so the last line, stay)
                    spread = _spread_before(context, box, bottom_space, containing_block, absolute_boxes,
                                            fixed_boxes, held[:-1], held[-1], lonely=True)
                    if spread is not None:
                        held[-len(spread):] = spread
        first_line_style = None
        if line is not None:
            inline.handle_leader(context, line, containing_block)
            position_y = line.position_y + line.height
        if line is None:
            for earlier in held:
                yield earlier[0], earlier[1]
            return
        held.append((line, resume_at, args))
        if resume_at is None:
            for earlier in held:
                yield earlier[0], earlier[1]
            return
        # a line past the page's foot ends the page: what is held goes to the block, as it would have
        # one line ahead (no line is laid out in vain); otherwise up to TIGHTEN_BEFORE_LINES wait
        keep = 1 if not TIGHTEN_BEFORE or context.overflows_page(bottom_space, position_y) \
            else TIGHTEN_BEFORE_LINES + 1
        while len(held) > keep:
            earlier = held.pop(0)
            yield earlier[0], earlier[1]
        skip_stack = resume_at
        box.text_indent = 0
        first_letter_style = None


def _holds_han(box: Any) -> bool:
    """Whether a block's text holds a Han character (or kana, hangul): Chinese typesetting applies."""
    for child in box.children:
        if isinstance(child, boxes.TextBox):
            if any(is_han_like(char) for char in child.text):
                return True
        elif isinstance(child, boxes.ParentBox) and _holds_han(child):
            return True
    return False


def _layout_line(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                 fixed_boxes: list[Any], args: tuple[Any, ...], widen: float = 0.0,
                 squeeze: bool = False, defer: float | None = None) -> tuple[Any, Any]:
    """`get_next_linebox` for the line `args` start, laid out `widen` px wider (narrower when negative)
    and then justified to the real width; `squeeze`: a line wider than that is set back into it by
    compressing its marks (`_squeeze`) or marked as not fitting (`FITS`); `defer`: a line with this
    much room or more (in em) is justified only when `_justified` is asked (`_justify_line`)."""
    position_y, skip_stack, text_indent, first_letter_style, first_line_style = args
    box.text_indent = text_indent
    containing_block.width += widen
    _local.width_bonus, _local.squeeze = -widen, squeeze
    outer = getattr(_local, "defer", None)
    _local.defer = None if defer is None else (box.style, defer)
    try:
        line, resume_at = inline.get_next_linebox(
            context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes, fixed_boxes,
            first_letter_style, first_line_style)
    finally:
        containing_block.width -= widen
        _local.width_bonus, _local.squeeze = 0.0, False
        _local.defer = outer
    return line, resume_at


def _justified(line: Any) -> Any:
    """`line`, justified now if its justification was put off (`_justify_line`)."""
    pending: tuple[Any, float] | None = None if line is None else vars(line).pop(DEFERRED, None)
    if pending is not None:
        _justify_line(pending[0], line, pending[1])
    return line


def _next_linebox(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                  fixed_boxes: list[Any], args: tuple[Any, ...]) -> tuple[Any, Any]:
    """The next line; when it is justified with room to spare, the line `_tighten` makes instead."""
    shapes, absolutes, fixed = len(context.excluded_shapes), len(absolute_boxes), len(fixed_boxes)
    index = getattr(_local, "line_index", 0)
    _local.line_index = index + 1
    mode = _mode_at(index)
    if mode == "longer" and args[3] is None and not context.excluded_shapes:
        # half an em narrower: a full line gives a character to the next, justified to the full width
        # (about 0.3 pt more per gap); kept when the line stays tight (`FILL_EXTRA_EM`)
        line, resume_at = _layout_line(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                       args, widen=-box.style["font_size"] / 2)
        if line is not None and resume_at is not None and _tight_for_filling(line):
            return line, resume_at
        del absolute_boxes[absolutes:], fixed_boxes[fixed:]
    # shorter (and tightest, `_tighten_before`'s): even a full line may push in
    threshold = -math.inf if mode in ("shorter", TIGHTEST) else TIGHTEN_FROM_EM
    # a line `_tighten` will lay out again is justified only if it is kept (`_justify_line`, `_justified`)
    defer = DEFER_JUSTIFICATION and LINE_ADJUSTMENT and mode not in ("longer", UNTIGHTENED) \
        and args[3] is None and args[4] is None and not context.excluded_shapes
    line, resume_at = _layout_line(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes, args,
                                   defer=threshold if defer else None)
    if not LINE_ADJUSTMENT or mode in ("longer", UNTIGHTENED) or line is None or resume_at is None \
            or getattr(line, SLACK, 0.0) < threshold:
        return _justified(line), resume_at
    if context.excluded_shapes or len(context.excluded_shapes) != shapes or args[3] is not None:
        return _justified(line), resume_at  # floats beside or placed by the line, ::first-letter: never laid out twice
    trial_absolutes: list[Any] = []
    trial_fixed: list[Any] = []
    generous = mode in ("shorter", TIGHTEST) or _near_loose(line)
    _local.push_in_em = 0.5 if generous else PUSH_IN_EM
    try:
        tighter = _tighten(context, box, bottom_space, containing_block, trial_absolutes, trial_fixed, args, line,
                           resume_at, most=mode == TIGHTEST)
    finally:
        _local.push_in_em = 0.5
    if tighter is None:
        return _justified(line), resume_at
    del absolute_boxes[absolutes:], fixed_boxes[fixed:]  # what the discarded layout of the line placed
    absolute_boxes.extend(trial_absolutes)
    fixed_boxes.extend(trial_fixed)
    return tighter


def _tighten(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
             fixed_boxes: list[Any], args: tuple[Any, ...], line: Any, resume_at: Any,
             most: bool = False) -> tuple[Any, Any] | None:
    """The line laid out ½ em, 1 em … wider, as long as it can be set back into the measure by setting
    its last closing mark and up to MAX_PUSH_IN pause marks half width (CLREQ #line_adjustment: 行末
    点号半角, then 挤进): the first such layout that takes in more text and leaves no loose line (`most`:
    the last, which takes in the most); None when there is none."""
    half = box.style["font_size"] / 2
    steps = 1 + min(len(_push_in_order(line)) + 1, MAX_PUSH_IN)
    last = (resume_at, float(getattr(line, ROOM, -math.inf)), 0.0)  # the last layout: its break, room, widening
    widths: dict[int, float | None] = {}  # what follows each break (`_next_chunk_width`), by `id` of its resume point
    best: tuple[Any, Any] | None = None
    best_absolutes: list[Any] = []
    best_fixed: list[Any] = []
    for step in range(1, steps + 1):
        if PREDICT_BREAKS and _same_break(box, last, step * half, widths):
            continue  # the same line as the last layout, which was no better
        absolute_boxes.clear()  # only what the layout returned places its boxes
        fixed_boxes.clear()
        trial, trial_resume = _layout_line(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                           args, widen=step * half, squeeze=True)
        if trial is None:
            break
        last = (trial_resume, float(getattr(trial, ROOM, -math.inf)), step * half)
        if trial_resume == resume_at or not getattr(trial, FITS, True):
            continue
        if trial_resume is not None and _too_loose(trial):
            continue
        if not most:
            return trial, trial_resume
        best, best_absolutes, best_fixed = (trial, trial_resume), list(absolute_boxes), list(fixed_boxes)
        resume_at = trial_resume  # a wider layout is better only if it takes in more still
    absolute_boxes[:], fixed_boxes[:] = best_absolutes, best_fixed
    return best


def _same_break(box: Any, last: tuple[Any, float, float], widen: float, widths: dict[int, float | None]) -> bool:
    """Whether the line laid out `widen` px wider than the measure surely breaks where the last layout
    of it did (`last`: its resume point, the room it left and how much wider it was laid out): the text
    after that break, up to the next break opportunity, is wider than that room and the extra width by
    more than BREAK_MARGIN_EM. Then a trial layout would make the same line (same break, same
    measure: the same outcome), and is skipped. False when that text is not in one text box.
    `widths` keeps what was measured for the call's layouts (a resume point is measured once)."""
    resume_at, room, widened = last
    if id(resume_at) not in widths:
        widths[id(resume_at)] = _next_chunk_width(box, resume_at)
    chunk = widths[id(resume_at)]
    if chunk is None or room == -math.inf:
        return False
    return bool(chunk - room - (widen - widened) > BREAK_MARGIN_EM * box.style["font_size"])


def _next_chunk_width(box: Any, resume_at: Any) -> float | None:
    """The width, as WeasyPrint measures text (`create_layout`, `line_size`), of what follows the break
    `resume_at` of the block `box` up to the first break opportunity Pango finds after it: what a
    line must have room for to break later. None when the break is not inside a text box's text or
    no break opportunity follows in the next `_CHUNK_LOOKAHEAD` characters.

    Kept on the text box of the box tree (`CHUNKS`), by the text measured and its style (kept, so its
    `id` is not reused): a line laid out again (a page laid out again, a paragraph in another mode)
    asks for the same widths; the box tree is the render's, so nothing passes to another document."""
    found = _resume_point(box, resume_at)
    if found is None:
        return None
    text_box, skip = found
    rest = text_box.text.encode()[skip:].decode()
    text = rest[:_CHUNK_LOOKAHEAD]
    if not text or text[0].isspace():
        return None  # WeasyPrint skips spaces at a line's start (`skip_first_whitespace`)
    # the block's last text, whole: its end is where the paragraph ends, a break (`_chunk_width`)
    ends = PREDICT_LAST_LINES and len(rest) <= _CHUNK_LOOKAHEAD and _last_leaf(box) is text_box
    style = text_box.style
    kept: dict[tuple[str, int, bool], tuple[Any, float | None]] = vars(text_box).setdefault(CHUNKS, {}) \
        if REUSE_LAYOUTS else {}
    known = kept.get((text, id(style), ends))
    if known is not None and known[0] is style:
        return known[1]
    width = _chunk_width(text, style, ends)
    kept[text, id(style), ends] = (style, width)
    return width


def _last_leaf(box: Any) -> Any:
    """The last box of a block's line box, its last child's last child … (None for an empty one)."""
    while isinstance(box, boxes.ParentBox):
        if not box.children:
            return None
        box = box.children[-1]
    return box


def _chunk_width(text: str, style: Any, ends: bool = False) -> float | None:
    """`_next_chunk_width` of `text`, measured; `ends`: the text runs to the paragraph's end, which is
    a break opportunity when no other comes first (a last line that holds it all)."""
    layout = line_break.create_layout(text, style, None, None, 0)
    attrs = pango.pango_layout_get_log_attrs_readonly(layout.layout, ffi.new("int *"))
    # a break opportunity before character i (not the text's end, which a cut could have made one)
    end = next((index for index in range(1, len(text) - 1) if attrs[index].is_line_break), None)
    if end is None and ends:
        end = len(text)
    if end is None:
        return None
    layout.set_text(text[:end])  # the same layout, as `split_first_line` re-sets its text: no new setup
    width: float = line_break.line_size(layout.get_first_line()[0], style)[0]
    return width


_CHUNK_LOOKAHEAD = 48  # characters: Han text breaks at nearly every one; a longer run is not looked into


def _resume_point(box: Any, resume_at: Any) -> tuple[Any, int] | None:
    """(text box, bytes of its text before the break) where the skip stack `resume_at` of the block
    `box` resumes, when it resumes inside or at the start of a text box."""
    node, stack = box, resume_at
    while isinstance(stack, dict) and len(stack) == 1:
        ((key, rest),) = stack.items()
        if isinstance(node, boxes.TextBox):
            return (node, key) if rest is None else None
        if not isinstance(node, boxes.ParentBox) or not 0 <= key < len(node.children):
            return None
        node = node.children[key]
        if rest is None:
            return (node, 0) if isinstance(node, boxes.TextBox) else None
        stack = rest
    return None


def _line_characters(line: Any) -> int:
    """Letters and digits of a line (what 孤字 counts: `感。` is one character, `安全感。` three)."""
    return sum(1 for leaf in _leaves(line) if isinstance(leaf, boxes.TextBox)
               for char in leaf.text if unicodedata.category(char)[0] in ("L", "N"))


def _lonely(line: Any) -> bool:
    """A paragraph's last line holding one character or none but punctuation (孤字)."""
    return _line_characters(line) <= 1


def _near_loose(line: Any) -> bool:
    """Whether a line as WeasyPrint broke it, not yet justified (`DEFER_JUSTIFICATION`), has room enough
    to come near a visibly loose line's gaps (GENEROUS_FROM of VISIBLE_LOOSE_EM): its room over the gaps
    between its characters, each of which the justification may widen."""
    count = sum(1 for leaf in _leaves(line) if isinstance(leaf, boxes.TextBox)
                for char in visible_text(leaf.text) if char not in INVISIBLE)
    return float(getattr(line, SLACK, 0.0)) / max(count - 1, 1) >= GENEROUS_FROM * VISIBLE_LOOSE_EM


def _visibly_loose(line: Any) -> bool:
    """Whether a justified line's gaps are wide enough to be seen as loose (VISIBLE_LOOSE_EM over the
    letter spacing of its style: `reportpress proof`'s measure of the gaps between Han characters)."""
    return _extra_gap(line) >= VISIBLE_LOOSE_EM


def _extra_gap(line: Any) -> float:
    """The gap a justified line's justification wanted (`GAP`) over the letter spacing of its style, in em."""
    base = line.style["letter_spacing"]
    base = 0.0 if base == "normal" else float(base) / line.style["font_size"]
    return float(getattr(line, GAP, 0.0)) - base


def _gives_a_character(line: Any) -> bool:
    """Whether a line laid out narrower to give the next one a character may stay so: not seen as loose,
    and not a line of Han characters only, which would then hold 27 of the grid's 28 off its columns
    (GB/T 9704 §5.2.3; `reportpress proof`'s grid check)."""
    return not _visibly_loose(line) and not _all_han(line)


def _all_han(line: Any) -> bool:
    return all(is_han_like(char) for leaf in _leaves(line) if isinstance(leaf, boxes.TextBox)
               for char in visible_text(leaf.text) if char not in INVISIBLE)


def _not_visibly_loose(line: Any, resume_at: Any) -> bool:
    return line is not None and (resume_at is None or not _visibly_loose(line))


def _tight_enough(line: Any, resume_at: Any) -> bool:
    return line is not None and (resume_at is None or not _too_loose(line))


def _two_characters(line: Any, resume_at: Any) -> bool:
    return line is not None and resume_at is None and not _lonely(line)


def _fix_lonely(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                fixed_boxes: list[Any], pending: tuple[Any, Any, tuple[Any, ...]]
                ) -> tuple[tuple[Any, Any, tuple[Any, ...]], tuple[Any, Any, tuple[Any, ...]] | None] | None:
    """A paragraph whose last line would hold one character (孤字), re-broken (CLREQ
    #adjustments_of_orphans_and_widows): the line before takes it in, squeezed (`_tighten`); else the
    line before gives one or more characters down (`_rebalance`), staying tight.
    Returns (the line before, None) when the last line went into it; None when nothing works."""
    previous, previous_resume, args = pending
    if LINE_ADJUSTMENT and args[3] is None and not context.excluded_shapes:
        trial_absolutes: list[Any] = []
        trial_fixed: list[Any] = []
        taken = _tighten(context, box, bottom_space, containing_block, trial_absolutes, trial_fixed, args, previous,
                         previous_resume)
        if taken is not None and taken[1] is None:
            absolute_boxes.extend(trial_absolutes)
            fixed_boxes.extend(trial_fixed)
            return (taken[0], None, args), None
    # by half ems: the first narrower break that works, before the previous line gets too loose
    return _rebalance(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes, pending,
                      _two_characters, (0.5, 1, 1.5, 2, 2.5, 3))


def _break_too_long_runs(box: Any, width: float) -> None:
    """Let each Latin or digit run of the block wider than a whole line break where the line ends
    (`cjk.break_anywhere`), where the style lets words break (`overflow-wrap`, set by `TYPESET_CSS`)
    and lines wrap. Done before the block's first line: no break position exists yet."""
    for child in box.children:
        if isinstance(child, boxes.TextBox):
            style = child.style
            if style["overflow_wrap"] not in ("anywhere", "break-word") or style["white_space"] not in (
                    "normal", "pre-wrap", "pre-line"):
                continue
            shortest = max(2, int(width / style["font_size"] / 2))  # shorter runs fit (no letter is 2 em)

            def too_wide(run: str, style: Any = style) -> bool:
                layout = line_break.create_layout(run, style, None, None, 0)
                return bool(line_break.line_size(layout.get_first_line()[0], style)[0] > width)

            child.text = break_anywhere(child.text, too_wide, shortest)
        elif isinstance(child, boxes.InlineBox) and child.is_in_normal_flow():
            _break_too_long_runs(child, width)


def _rebalance(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
               fixed_boxes: list[Any], pending: tuple[Any, Any, tuple[Any, ...]],
               good: Callable[[Any, Any], bool], steps: tuple[float, ...] = (1, 2, 3),
               previous_ok: Callable[[Any], bool] | None = None
               ) -> tuple[tuple[Any, Any, tuple[Any, ...]], tuple[Any, Any, tuple[Any, ...]]] | None:
    """The previous line laid out `steps` em narrower (then justified to the full width), and the
    line after it again, until `good(line, resume_at)` says the line after is right; None when no
    narrower break keeps the previous line tight (`previous_ok`; by default within the cap) and makes
    the next one good."""
    _, _, (position_y, skip_stack, text_indent, first_letter_style, first_line_style) = pending
    if first_letter_style is not None:
        return None  # ::first-letter rewrites the box tree when laid out: never lay it out twice
    for ems in steps:
        delta = ems * box.style["font_size"]
        box.text_indent = text_indent
        containing_block.width -= delta
        _local.width_bonus = delta
        try:
            previous, previous_resume = inline.get_next_linebox(
                context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                fixed_boxes, None, first_line_style)
        finally:
            containing_block.width += delta
            _local.width_bonus = 0.0
            box.text_indent = 0
        if previous is None or previous_resume is None or _too_loose(previous) \
                or (previous_ok is not None and not previous_ok(previous)):
            return None  # narrower only gets looser
        inline.handle_leader(context, previous, containing_block)
        next_y = previous.position_y + previous.height
        line, resume_at = inline.get_next_linebox(
            context, box, next_y, bottom_space, previous_resume, containing_block, absolute_boxes, fixed_boxes,
            None, None)
        if good(line, resume_at):
            return ((previous, previous_resume, (position_y, skip_stack, text_indent, None, first_line_style)),
                    (line, resume_at, (next_y, previous_resume, 0, None, None)))
    return None


def _tighten_before(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                    fixed_boxes: list[Any], held: list[tuple[Any, Any, tuple[Any, ...]]],
                    loose: tuple[Any, Any, tuple[Any, ...]]) -> list[tuple[Any, Any, tuple[Any, ...]]] | None:
    """A line left loose by an unbreakable run after it (`2,108,275,000元` starts no earlier: GB/T 15835
    never breaks a number), set tight by the lines before it: the last k of `held` (k = 1, 2 … up to
    `TIGHTEN_BEFORE_LINES`) and the loose line laid out again, from the earliest, each taking in what
    line-end compression and push-in let it (`_tighten`, as a paragraph set "shorter"), so that the loose
    line starts later by the sum and the run fits on it (CLREQ #line_adjustment: compress punctuation
    before spreading characters; the slack is spread as compression over several lines instead of
    letter spacing in one). The first k whose lines are none seen as loose, with the run taken in, is
    returned: the k lines and the loose line's replacement, in order; None when none works.
    None at once when the lines cannot take in enough (`_take_in`), so the layouts are few."""
    line, resume_at, _ = loose
    if not TIGHTEN_BEFORE or not LINE_ADJUSTMENT or _mode_at(getattr(_local, "line_index", 1) - 1) is not None \
            or context.excluded_shapes or any(args[3] is not None for _, _, args in held):
        return None  # a paragraph set in a mode for a full page, floats beside it, ::first-letter: as it is
    run = _long_run_after(box, line, resume_at)
    if run is None:
        return None
    room = float(getattr(line, ROOM, math.inf))
    start = len(held) - 1
    most = min(len(held), TIGHTEN_BEFORE_LINES)
    # what the lines before must take in between them: what the loose line cannot make room for itself,
    # and at least the loose line's first chunk, or it starts where it did
    need = max(run - room - _take_in(box, line, resume_at, room=False), _next_chunk_width(box, held[-1][1]) or 0.0)
    intake = list(itertools.accumulate(_take_in(box, earlier, earlier_resume)
                                       for earlier, earlier_resume, _ in reversed(held[-most:])))
    if need > intake[-1] + _EPSILON:
        return None  # the layouts would tell the same: no line is laid out again
    mode, index = getattr(_local, "mode", None), getattr(_local, "line_index", 0)
    absolutes, fixed = len(absolute_boxes), len(fixed_boxes)
    rest: tuple[int, int] | None = None  # the lines after the loose line, as it is (`_lines_after`)
    try:
        for count in range(1, most + 1):
            if need > intake[count - 1] + _EPSILON:
                continue  # the last `count` lines alone cannot take in enough
            lines = _lines_tightened(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                     held[start - count + 1][2], count + 1)
            if lines is not None and lines[-1][1] != resume_at:
                # the paragraph keeps its number of lines: the pages around it stay as they were laid out
                # (a paragraph a line shorter moves every page break after it, and `pages.fill_page`
                # may not make up for it: a heading kept with its text leaves two lines empty)
                if rest is None:
                    rest = _lines_after(context, box, bottom_space, containing_block, loose)
                kept = len(absolute_boxes), len(fixed_boxes)
                after = _lines_after(context, box, bottom_space, containing_block, lines[-1])
                # … and the lines after it as many loose ones as they had, or fewer (what moves on
                # could leave another line before a number loose: `增长了|13%。`)
                if rest is not None and after is not None and after[0] == rest[0] and after[1] <= rest[1]:
                    del absolute_boxes[kept[0]:], fixed_boxes[kept[1]:]
                    return lines
            del absolute_boxes[absolutes:], fixed_boxes[fixed:]  # what the discarded layouts placed
    finally:
        _local.mode, _local.line_index = mode, index
    return None


def _long_run_after(box: Any, line: Any, resume_at: Any) -> float | None:
    """The width of what follows the break `resume_at` after `line` up to its next break opportunity, in
    px, when that is why the line is loose: it does not fit in the line's room, and it is `LONG_RUN_EM`
    or wider (a number, a Latin word), or (`GRID_LINES`) the line holds Han characters alone, which a
    character short are off the grid's columns; else None — the line is loose for some other reason, or
    before a word of two characters kept together, which the line before gives way to (`_rebalance`)."""
    run = _run_width(box, resume_at)
    room = float(getattr(line, ROOM, math.inf))
    if run is None or run <= room:
        return None
    if run < LONG_RUN_EM * line.style["font_size"] and not (GRID_LINES and _all_han(line)):
        return None
    return run


def _run_width(box: Any, resume_at: Any) -> float | None:
    """`_next_chunk_width`, seen through the inline boxes that follow (`RUNS_THROUGH_BOXES`): when the
    text box the break `resume_at` resumes in ends before a break opportunity (`塘` before `——` in its
    own box), or the break comes right before an inline box (`<em>12,345,678元</em>`), the text of the
    text boxes from there on, up to `_CHUNK_LOOKAHEAD` characters, is looked into
    for the first one Pango finds, and the run up to it measured piece by piece, each in its box's style
    (their margins left out: a little narrower than the line makes it, never wider). None when an atomic
    box (an image) comes first or no break opportunity is found."""
    width = _next_chunk_width(box, resume_at)
    if width is not None or not RUNS_THROUGH_BOXES:
        return width
    pieces: list[tuple[Any, str]] = []
    for leaf, text in _text_after(box, resume_at):
        if text is None:
            break  # an image, an inline block: a break opportunity around it is not Pango's to find
        pieces.append((leaf, text))
        if sum(len(piece) for _, piece in pieces) >= _CHUNK_LOOKAHEAD:
            break
    joined = "".join(text for _, text in pieces)[:_CHUNK_LOOKAHEAD]
    if not joined or joined[0].isspace():
        return None
    layout = line_break.create_layout(joined, pieces[0][0].style, None, None, 0)
    attrs = pango.pango_layout_get_log_attrs_readonly(layout.layout, ffi.new("int *"))
    end = next((index for index in range(1, len(joined) - 1) if attrs[index].is_line_break), None)
    if end is None:
        return None
    total = 0.0
    for leaf, text in pieces:
        part, end = text[:end], end - len(text)
        if part:
            piece = line_break.create_layout(part, leaf.style, None, None, 0)
            total += line_break.line_size(piece.get_first_line()[0], leaf.style)[0]
        if end <= 0:
            break
    return total


def _text_after(box: Any, resume_at: Any) -> Iterator[tuple[Any, str | None]]:
    """The in-flow leaves of the block `box` from its break `resume_at` on, in order: each text box with
    its text after the break (the whole text past the first), an atomic box with None."""
    stack = resume_at if isinstance(resume_at, dict) and len(resume_at) == 1 else None
    if isinstance(box, boxes.TextBox):
        skip = next(iter(stack)) if stack else 0
        yield box, box.text.encode()[skip:].decode()
        return
    start, rest = next(iter(stack.items())) if stack else (0, None)
    for index in range(start, len(box.children)):
        child = box.children[index]
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, (boxes.TextBox, boxes.InlineBox)):
            yield from _text_after(child, rest if index == start else None)
        else:
            yield child, None


def _spread_before(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                   fixed_boxes: list[Any], held: list[tuple[Any, Any, tuple[Any, ...]]],
                   loose: tuple[Any, Any, tuple[Any, ...]], lonely: bool = False
                   ) -> list[tuple[Any, Any, tuple[Any, ...]]] | None:
    """A line left loose by an unbreakable run after it, set tight the other way from `_tighten_before`
    (Knuth–Plass's: the hole shared out over the lines before): the last k lines of `held` (k = 1 …
    `SPREAD_BEFORE_LINES`) laid out again, from the earliest, each ending before it did (`_sent_on`:
    narrower by the room it had, as `_rebalance` lays a line out, then justified to the full measure,
    kept within `SPREAD_EXTRA_EM` per gap), so that each sends about a character on and the loose line
    starts k characters earlier; its room shrinks by as much, and each line before gets about a
    character's. Of the k whose lines are then none seen as loose, the one whose widest gap is the
    smallest is returned (the k lines and the loose line's replacement, in order); None when none is.

    The loose line must still break where it did (the run still starts the next line): the paragraph
    keeps its lines and the lines after it stay as they were laid out, so the pages do too. A line of
    Han characters alone never gives a character: 27 of them over 26 gaps is past `SPREAD_EXTRA_EM` (and
    off the grid's columns). At most 3 + 5 + 7 layouts for a loose line (`_sent_on`: two a line), most
    cached (`_first_line`), and only for a line before a long run (`_long_run_after`) — or (`lonely`) one that
    gave its last characters to the paragraph's last line so that it holds two (`_fix_lonely`: 补贴228.3 /
    万元。), which must break where it does for the same reason."""
    line, resume_at, _ = loose
    if not SPREAD_BEFORE or _mode_at(getattr(_local, "line_index", 1) - 1) is not None \
            or context.excluded_shapes or any(args[3] is not None for _, _, args in held) \
            or (not lonely and _long_run_after(box, line, resume_at) is None):
        return None  # a paragraph set in a mode for a full page, floats beside it, ::first-letter: as it is
    mode, index = getattr(_local, "mode", None), getattr(_local, "line_index", 0)
    best: tuple[float, list[tuple[Any, Any, tuple[Any, ...]]], list[Any], list[Any]] | None = None
    try:
        for count in range(1, min(len(held), SPREAD_BEFORE_LINES) + 1):
            start = held[-count]
            trial_absolutes: list[Any] = []
            trial_fixed: list[Any] = []
            lines = _lines_spread(context, box, bottom_space, containing_block, trial_absolutes, trial_fixed,
                                  start[2], [*(end for _, end, _ in held[-count:]), resume_at])
            if lines is None or lines[0][1] == start[1] or lines[-1][1] != resume_at:
                continue  # the first line sent nothing on (the shorter k did as much), or the loose line moved
            widest = max(_extra_gap(changed) for changed, _, _ in lines)
            if best is None or widest < best[0] - _EPSILON / line.style["font_size"]:
                best = (widest, lines, trial_absolutes, trial_fixed)
    finally:
        _local.mode, _local.line_index = mode, index
    if best is None:
        return None
    absolute_boxes.extend(best[2])
    fixed_boxes.extend(best[3])
    return best[1]


def _lines_spread(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                  fixed_boxes: list[Any], args: tuple[Any, ...], ends: list[Any]
                  ) -> list[tuple[Any, Any, tuple[Any, ...]]] | None:
    """The lines from `args` that broke at `ends` laid out again, each but the last ending a character or
    a short run earlier (`_sent_on`), the last as at first (`_next_linebox`); None when one of them cannot,
    the paragraph ends among them or one of them is seen as loose."""
    lines: list[tuple[Any, Any, tuple[Any, ...]]] = []
    for number, end in enumerate(ends):
        if number < len(ends) - 1:
            line, resume_at = _sent_on(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                       args, end)
        else:
            _local.mode, _local.line_index = None, 0
            line, resume_at = _next_linebox(context, box, bottom_space, containing_block, absolute_boxes,
                                            fixed_boxes, args)
        kept = _kept_line(context, containing_block, line, resume_at, args, lines)
        if kept is None:
            return None
        args = kept
    return lines


def _kept_line(context: Any, containing_block: Any, line: Any, resume_at: Any, args: tuple[Any, ...],
               lines: list[tuple[Any, Any, tuple[Any, ...]]]) -> tuple[Any, ...] | None:
    """`line`, laid out from `args`, added to `lines` (its leaders handled), and the arguments of the line
    after it; None when there is no line, the paragraph ends with it or it is seen as loose."""
    if line is None or resume_at is None or _visibly_loose(line):
        return None
    inline.handle_leader(context, line, containing_block)
    lines.append((line, resume_at, args))
    return (line.position_y + line.height, resume_at, 0, None, None)


def _sent_on(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
             fixed_boxes: list[Any], args: tuple[Any, ...], end: Any) -> tuple[Any, Any]:
    """The line `args` start, ending before `end` (where it broke before): laid out at the full measure
    (starting earlier, a full line sends what no longer fits on by itself), else again narrower by the
    room it had and a little more (`SEND_MARGIN_EM`), so that what ended it goes on, and justified to the
    full measure (as `_rebalance` does). (None, None) when it stays at `end`, or gets wider gaps than
    `SPREAD_EXTRA_EM` or is a line of Han characters alone (27 of them are off the grid's columns)."""
    absolutes, fixed = len(absolute_boxes), len(fixed_boxes)
    line, resume_at = _layout_line(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes, args)
    if line is not None and resume_at is not None and resume_at == end:
        del absolute_boxes[absolutes:], fixed_boxes[fixed:]  # what the discarded layout placed
        narrower = float(getattr(line, ROOM, 0.0)) + SEND_MARGIN_EM * box.style["font_size"]
        line, resume_at = _layout_line(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                       args, widen=-max(0.0, narrower))
    if line is None or resume_at is None or not _before(resume_at, end) or _extra_gap(line) > SPREAD_EXTRA_EM \
            or _all_han(line):
        return None, None
    return line, resume_at


def _before(resume_at: Any, end: Any) -> bool:
    """Whether the break `resume_at` comes before the break `end` of the same block (False when either is
    not a plain path through the box tree, `_path`)."""
    first, second = _path(resume_at), _path(end)
    return first is not None and second is not None and first < second


def _path(resume_at: Any) -> tuple[int, ...] | None:
    """The skip stack `resume_at` as the indices it goes through (children, then the text's byte): breaks
    of one block compare as these do; None when it branches."""
    path: list[int] = []
    while isinstance(resume_at, dict):
        if len(resume_at) != 1:
            return None
        ((key, resume_at),) = resume_at.items()
        path.append(key)
    return tuple(path)


def _lines_after(context: Any, box: Any, bottom_space: float, containing_block: Any,
                 line: tuple[Any, Any, tuple[Any, ...]]) -> tuple[int, int] | None:
    """How many lines of the paragraph follow `line` (line, its resume point, its arguments), laid out one
    by one as the paragraph's own would be at first (`_next_linebox`), and how many of them but the
    last are seen as loose; None past `_LINES_COUNTED`."""
    previous, resume_at, _ = line
    position_y = previous.position_y + previous.height
    trash: list[Any] = []  # nothing these layouts place is kept
    _local.mode = None  # (`_tighten_before` puts the mode back)
    loose = 0
    for count in range(_LINES_COUNTED):
        if resume_at is None:
            return count, loose
        args = (position_y, resume_at, 0, None, None)
        following, resume_at = _next_linebox(context, box, bottom_space, containing_block, trash, trash, args)
        if following is None:
            return count, loose
        loose += resume_at is not None and _visibly_loose(following)
        position_y = following.position_y + following.height
    return None


_LINES_COUNTED = 40  # lines: a longer paragraph's rest is not counted (its loose line is left as it is)


def _take_in(box: Any, line: Any, resume_at: Any, room: bool = True) -> float:
    """How much more of the text a line (of the block `box`, broken at `resume_at`) can take in, in px at
    most: its room (`room`) and what compressing its marks gives (`_squeeze`: `MAX_PUSH_IN` of its pause
    marks half width, and a closing mark among the first characters it would take in hanging), less what
    they gave already (`SQUEEZED`)."""
    font_size = float(line.style["font_size"])
    marks = min(len(_push_in_order(line)), MAX_PUSH_IN) + _closes_soon(box, resume_at)
    left = max(0.0, marks * font_size / 2 - float(getattr(line, SQUEEZED, 0.0)))
    return left + (max(0.0, float(getattr(line, SLACK, 0.0))) * font_size if room else 0.0)


def _closes_soon(box: Any, resume_at: Any) -> bool:
    """Whether a closing mark (which may end a line half width) is among the next `_CLOSES_WITHIN`
    visible characters after the break `resume_at` of the block `box` (True when that text is not in
    one text box: not known)."""
    found = _resume_point(box, resume_at)
    if found is None:
        return True
    text_box, skip = found
    following = visible_text(text_box.text.encode()[skip:].decode()[:4 * _CLOSES_WITHIN])
    return len(following) < _CLOSES_WITHIN or any(char in CLOSING for char in following[:_CLOSES_WITHIN])


_CLOSES_WITHIN = 3  # characters: what a line takes in by compressing its marks is a character or two


def _lines_tightened(context: Any, box: Any, bottom_space: float, containing_block: Any, absolute_boxes: list[Any],
                     fixed_boxes: list[Any], args: tuple[Any, ...], count: int
                     ) -> list[tuple[Any, Any, tuple[Any, ...]]] | None:
    """`count` lines from `args`, each laid out as in a paragraph set "shorter" (`_tighten` always
    tried); None when the paragraph ends among them or one of them is seen as loose."""
    lines: list[tuple[Any, Any, tuple[Any, ...]]] = []
    for number in range(count):
        # the lines before take in all they can; the loose line only what it must (the first layout that
        # takes in the run, as in a paragraph set shorter)
        _local.mode = TIGHTEST if number < count - 1 else "shorter"
        line, resume_at = _next_linebox(context, box, bottom_space, containing_block, absolute_boxes, fixed_boxes,
                                        args)
        kept = _kept_line(context, containing_block, line, resume_at, args, lines)
        if kept is None:
            return None
        args = kept
    return lines


# ------------------------------------------------------------------- embedded font files, read lazily

_font_init_original: list[Callable[..., None]] = []


class _FontFile:
    """`Font.file_content` (`weasyprint/pdf/fonts.py`) as a property: WeasyPrint copies the whole font
    file out of its HarfBuzz face when it first meets a font (at drawing), and keeps the copy until the
    PDF is written and the font subset (`Font.clean`, which works from the face, `_harfbuzz_subset`):
    five CJK faces hold ~88 MB the whole render (issue 13: 400 pages peaked at 382 MiB). The copy is
    dropped once the font is made and read again from the face only if asked (a variable or colour
    font, subsetting by fontTools, a font not subset): the same bytes, as the face never changes.
    What WeasyPrint stores (the subset) is kept, in the instance's own `file_content`."""

    def __get__(self, font: Any, owner: type | None = None) -> Any:
        if font is None:
            return self
        stored = vars(font).get("file_content")
        return text_fonts.get_hb_object_data(font.hb_face) if stored is None else stored

    def __set__(self, font: Any, value: bytes) -> None:
        vars(font)["file_content"] = value


# set while this thread makes a font (`_font_init`): its copy of the face's file is not made at all
_making_font = threading.local()


def _font_init(self: Any, *args: Any, **kwargs: Any) -> None:
    _making_font.active = True
    try:
        _font_init_original[0](self, *args, **kwargs)
    finally:
        _making_font.active = False
    vars(self).pop("file_content", None)  # nothing, or the face's full copy (`_FontFile`)


def _face_data(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
    """`get_hb_object_data` as `weasyprint.pdf.fonts` calls it: while a font is made (`_font_init`), the
    face's file is not copied out (None, which `_font_init` drops). Copying it touched every page of
    the mapped file, so each CJK face counted whole in the process's resident memory (RssFile, ~130 MiB
    for the sample's seven faces) from its first drawn glyph on, besides the copy itself (up to 26 MB
    at once); the face alone touches only the tables shaping and subsetting read."""
    if ot_color is None and getattr(_making_font, "active", False):
        return None
    return text_fonts.get_hb_object_data(hb_object, ot_color, glyph)


def lean_font_files() -> None:
    """Make every WeasyPrint font read its file lazily (`_FontFile`, `_face_data`), once a process: for
    good, not only while a render runs, since a document keeps its fonts until it is written, and a font
    made under the property needs it to be read at all. Thread-safe; changes no byte of any PDF."""
    with _lock:
        if _font_init_original:
            return
        _font_init_original.append(pdf_fonts.Font.__init__)
        pdf_fonts.Font.__init__ = _font_init
        pdf_fonts.Font.file_content = _FontFile()
        # the module's own name for it: Font.__init__ and Font.clean (a variable font's instance) call it
        pdf_fonts.get_hb_object_data = _face_data


# ------------------------------------------------------------------- embedded fonts, glyphs renumbered

COMPACT_GLYPHS = True  # off: WeasyPrint's subsets, every glyph index of the face kept (tests compare both)
COMPACT_TEXT = True  # off: the `TJ` operators as WeasyPrint writes them (`compact_text_shown`)
_HB_DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
                      b"SVG ")  # what WeasyPrint's `_harfbuzz_subset` drops
_FONT_SET = re.compile(rb"/(\S+) \S+ Tf")


def _build_fonts_dictionary(pdf: Any, fonts: dict[Any, Any], compress: bool, subset: bool,
                            options: dict[str, Any]) -> Any:
    """WeasyPrint's `build_fonts_dictionary`, the fonts' used glyphs first renumbered (`compact_glyph_ids`)."""
    changed = compact_glyph_ids(pdf, fonts, bool(options.get("hinting"))) if subset and COMPACT_GLYPHS else []
    if COMPACT_TEXT:
        compact_text_shown(pdf)
    try:
        return _originals["build_fonts_dictionary"](pdf, fonts, compress, subset, options)
    finally:
        # the fonts as WeasyPrint made them: a document written again draws into the same fonts, with the
        # face's glyph indexes (this PDF's objects hold what was written)
        for font, state in changed:
            vars(font).pop("subset", None)
            vars(font)["file_content"], font.to_unicode, font.widths, font.name = state


def compact_glyph_ids(pdf: Any, fonts: dict[Any, Any], hinting: bool) -> list[tuple[Any, tuple[Any, ...]]]:
    """Each font's used glyphs renumbered 0, 1, 2 … in its subset and in every text-showing operator of the
    PDF's content streams; returns the fonts changed, each with what it held before (to be put back once
    the fonts dictionary is built: `_build_fonts_dictionary`).

    WeasyPrint writes a glyph's index in its face as its code (`draw_first_line`) and subsets with
    `HB_SUBSET_FLAGS_RETAIN_GIDS`, so a subset keeps an empty glyph for every index below the last one
    used: 44,000 of them for the 39 glyphs of a 黑体 heading, a third of the sample's PDF. Here the subset
    holds the used glyphs alone, in the order of their old indexes, so the code of glyph `g` becomes its
    rank among them; a CID-keyed CFF's charset is made the identity (`cff.identity_charset`) because
    readers disagree on whether a code is a glyph index or a CID (its `ROS` still names the face's
    character collection: the PDF's CIDSystemInfo, Adobe-Identity, is what readers go by). The widths
    and the Unicode map (`Font.widths`, `Font.to_unicode`) are keyed by the new codes, so WeasyPrint
    writes the `/W` array, the ToUnicode CMap and the PDF/A-1 CIDSet from them as it always does, and its
    own subsetting is skipped for these fonts. Left as WeasyPrint makes them: bitmap, variable, SVG and
    PNG colour fonts, fonts with glyphs missing (WeasyPrint invents codes for them), fonts of form fields,
    a font whose glyphs are not all found in the streams read here (text somewhere else), and — all of
    them, so that no stream is half rewritten — every font when a stream shows text in a way not read."""
    groups: dict[str, list[Any]] = {}
    for font in fonts.values():
        groups.setdefault(font.hash, []).append(font)
    plans = {name: plan for name, group in groups.items() if (plan := _compact_plan(group, hinting)) is not None}
    while plans:
        found = _shown_text_edits(pdf, {name: plan.mapping for name, plan in plans.items()})
        if found is None:
            return []
        edits, seen = found
        # a glyph drawn in a stream not read here would keep its old code: its font is left as it is
        unseen = [name for name in plans
                  if not set().union(*(font.to_unicode.keys() for font in groups[name])) <= seen.get(name, set())]
        if not unseen:
            break
        for name in unseen:
            del plans[name]
    if not plans:
        return []
    for items, index, item in edits:
        items[index] = item
    changed: list[tuple[Any, tuple[Any, ...]]] = []
    for name, plan in plans.items():
        for font in groups[name]:
            changed.append((font, (vars(font).get("file_content"), font.to_unicode, font.widths, font.name)))
            font.file_content = plan.program
            font.to_unicode = {plan.mapping[glyph]: text for glyph, text in font.to_unicode.items()}
            font.widths = {**plan.advances, **{plan.mapping[glyph]: width for glyph, width in font.widths.items()}}
            font.name = b"/" + plan.tag + b"+" + font.name.partition(b"+")[2]
            font.subset = _subset_already  # `Font.clean` would subset the renumbered font again
    return changed


def compact_text_shown(pdf: Any) -> None:
    """Every `[…] TJ` operator of the PDF's content streams written shorter (`shown_text.compact`): its
    displacements summed, its strings joined. Run once the pages are drawn, when the fonts are built; after
    `compact_glyph_ids`, which reads the operators as WeasyPrint wrote them."""
    for stream in _content_streams(pdf):
        items = stream.stream
        for index, item in enumerate(items):
            if isinstance(item, bytes) and item.endswith(b"] TJ"):
                items[index] = shown_text.compact(item)


def _subset_already(to_unicode: Any, hinting: Any) -> None:
    """`Font.subset` of a font `compact_glyph_ids` made: its file is the subset."""


@dataclass(frozen=True, slots=True)
class _Compacted:
    """One font file's glyphs renumbered: old index → new, the subset, the advance (per 1000 em) of each of
    its glyphs — for those nothing drew (.notdef, what HarfBuzz added), so that the `/W` array and PDF/A-1's
    CIDSet name every glyph the program holds (ISO 19005-1 §6.3.5) — and the subset's name tag (six letters
    of its digest: the same tag for the same glyphs, as PDF wants of a subset's name)."""

    mapping: dict[int, int]
    program: bytes
    advances: dict[int, int]
    tag: bytes


def _compact_plan(group: list[Any], hinting: bool) -> _Compacted | None:
    """The fonts of one file renumbered, or None to leave them as WeasyPrint makes them."""
    font = group[0]
    if any(f.bitmap or f.used_in_forms or f.missing or f.png or f.svg or f.colr or "fvar" in f.tables
           for f in group):
        return None
    used = sorted({0}.union(*(f.to_unicode.keys() | f.widths.keys() for f in group)))
    if used[-1] >= font.glyph_count:
        return None
    program = _harfbuzz_subset(font.hb_face, used, hinting, cff="CFF " in font.tables)
    if program is None:
        return None
    keyed = cid_keyed(program) if program[:4] == b"OTTO" else False
    if keyed is None:
        return None  # a CFF this cannot read: neither its CIDs nor the absence of them are known
    if keyed:
        # a glyph keeps its CID in the subset, which tells its new index; HarfBuzz 6 may add a glyph or two
        # the layout tables reach (HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE is 7.2's). Two glyphs of one CID (a
        # malformed but drawable face) would share a code: left as WeasyPrint makes it
        subset_cids, face_cids = glyph_cids(program), _face_cids(font.hb_face)
        if subset_cids is None or face_cids is None or len(face_cids) != font.glyph_count \
                or len(set(subset_cids)) != len(subset_cids):
            return None
        new_index = {cid: index for index, cid in enumerate(subset_cids)}
        mapping = {glyph: new_index.get(face_cids[glyph], -1) for glyph in used}
        identity = identity_charset(program)
        if identity is None:
            return None
        program = identity
    elif glyph_count(program) == len(used):  # glyph names or TrueType: the used glyphs alone, by rank
        mapping = {glyph: index for index, glyph in enumerate(used)}
    else:
        return None  # TrueType composites pull in their parts: the ranks would not hold
    glyphs = glyph_count(program)  # of the final program (the identity charset changes no glyph)
    if glyphs is None or -1 in mapping.values() or len(set(mapping.values())) != len(mapping):
        return None
    advances = _advances(program, set(range(glyphs)))
    if advances is None:
        return None
    digest = hashlib.sha256(program).digest()
    return _Compacted(mapping, program, advances, bytes(65 + byte % 26 for byte in digest[:6]))


def _advances(program: bytes, glyphs: set[int]) -> dict[int, int] | None:
    """The advance widths of `glyphs` of `program` in 1000ths of an em (`hmtx`), or None if unreadable."""
    if not glyphs:
        return {}
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        order, metrics, upem = font.getGlyphOrder(), font["hmtx"].metrics, font["head"].unitsPerEm
        return {glyph: round(metrics[order[glyph]][0] * 1000 / upem) for glyph in glyphs}
    except (TTLibError, KeyError, IndexError, AssertionError, struct.error):
        return None


def _face_cids(face: Any) -> list[int] | None:
    """The CID of each glyph of a HarfBuzz face's CID-keyed CFF (`cff.table_cids`), read in place."""
    from weasyprint.text.ffi import harfbuzz

    blob = harfbuzz.hb_face_reference_table(face, harfbuzz.hb_tag_from_string(b"CFF ", -1))
    try:
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        if data == ffi.NULL or not length[0]:
            return None
        return table_cids(memoryview(ffi.buffer(data, length[0])))  # no copy of a 16 MB table
    finally:
        harfbuzz.hb_blob_destroy(blob)


def _harfbuzz_subset(face: Any, glyphs: list[int], hinting: bool, *, cff: bool) -> bytes | None:
    """The font of HarfBuzz face `face` with `glyphs` (and what its layout tables reach, HarfBuzz 6), in
    the order of their indexes; None if it fails.

    A CFF font (`cff`) loses its `cmap` too: the subsetter would keep the glyphs its variation sequences
    (format 14: Noto CJK's Japanese IVS forms) reach from the used characters, and a PDF reader finds a
    CIDFontType0's glyphs by code and charset, never by cmap (PDF/A-1's bare CFF has no cmap at all)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is None:
        return None
    subset_input = harfbuzz_subset.hb_subset_input_create_or_fail()
    if subset_input == ffi.NULL:
        return None
    subset_input = ffi.gc(subset_input, harfbuzz_subset.hb_subset_input_destroy)
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    harfbuzz.hb_set_add_sorted_array(glyph_set, ffi.new(f"hb_codepoint_t[{len(glyphs)}]", glyphs), len(glyphs))
    # WeasyPrint's flags (`_harfbuzz_subset`) but RETAIN_GIDS
    flags = harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    dropped = sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in (*_HB_DROPPED_TABLES, *[b"cmap"] * cff))
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_set(subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG),
        ffi.new(f"hb_codepoint_t[{len(dropped)}]", dropped), len(dropped))
    subset_face = harfbuzz_subset.hb_subset_or_fail(face, subset_input)
    if subset_face == ffi.NULL:
        return None
    subset_face = ffi.gc(subset_face, harfbuzz.hb_face_destroy)
    program: bytes | None = text_fonts.get_hb_object_data(subset_face)
    return program or None


def _shown_text_edits(pdf: Any, mappings: dict[str, dict[int, int]]
                      ) -> tuple[list[tuple[list[Any], int, bytes]], dict[str, set[int]]] | None:
    """The content-stream items to replace, (items, index, new item), for the codes of the fonts `mappings`
    names (by resource name, `Font.hash`), and the old codes seen of each; None when a stream shows text in
    a way this does not read.

    WeasyPrint writes one operator an item (pydyf's `Stream`): `/NAME size Tf` selects a font, `q`/`Q` save
    and restore it with the graphics state, `[<0012 0a3f> -50 <01b2>] TJ` shows 2-byte codes in hex strings
    (`draw_first_line`). Text shown with no font set, a `Q` with nothing saved, a `Tj`, a literal string
    or a code outside a mapping while a renumbered font is set is not WeasyPrint's text: None, and no
    font is renumbered."""
    edits: list[tuple[list[Any], int, bytes]] = []
    seen: dict[str, set[int]] = {}
    tables = {name: _code_table(mapping) for name, mapping in mappings.items()}
    for stream in _content_streams(pdf):
        current: str | None = None
        saved: list[str | None] = []
        items = stream.stream
        for index, item in enumerate(items):
            if not isinstance(item, bytes):
                continue
            if item == b"q":
                saved.append(current)
            elif item == b"Q":
                if not saved:
                    return None
                current = saved.pop()
            elif item.endswith(b" Tf"):
                match = _FONT_SET.fullmatch(item)
                if match is None:
                    return None
                current = match.group(1).decode("latin-1")
            elif item.endswith((b" TJ", b" Tj", b"'", b'"')):
                if current is None:
                    return None
                mapping = mappings.get(current)
                if mapping is None:
                    continue
                new = _renumbered(item, mapping, seen.setdefault(current, set()), tables[current])
                if new is None:
                    return None
                edits.append((items, index, new))
    return edits, seen


def _content_streams(pdf: Any) -> Iterator[Any]:
    """Every stream that can show text: the pages' (in the PDF's objects already) and, through their
    resources, the transparency groups and patterns drawn in them (`Stream.add_group`, `add_pattern`),
    which WeasyPrint adds to the PDF only after its fonts (`_use_references`)."""
    pending = [obj for obj in pdf.objects if isinstance(obj, pdf_stream.Stream)]
    seen = {id(stream) for stream in pending}
    while pending:
        stream = pending.pop()
        yield stream
        resources = getattr(stream, "_resources", None) or {}
        for kind in ("XObject", "Pattern"):
            for inner in (resources.get(kind) or {}).values():
                if isinstance(inner, pdf_stream.Stream) and id(inner) not in seen:
                    seen.add(id(inner))
                    pending.append(inner)


def _renumbered(item: bytes, mapping: dict[int, int], seen: set[int] | None = None,
                table: dict[bytes, tuple[bytes, int]] | None = None) -> bytes | None:
    """A `[…] TJ` item with each 2-byte code of its hex strings mapped (the old codes added to `seen`);
    None if it is not one such (`shown_text.pieces`) or holds a code outside `mapping`. `table`:
    `_code_table(mapping)`, made once for all of a font's items (else here)."""
    split = shown_text.pieces(item)
    if split is None:
        return None
    if table is None:
        table = _code_table(mapping)
    renumbered = [split[0]]
    append = renumbered.append
    for piece in split[1:]:
        # what WeasyPrint writes: one glyph a string (`<0d5e>`), or an empty one before a number (`<>6.3`),
        # each looked up as it stands; anything else code by code below, to the same bytes
        if piece[:1] == b">":
            append(piece)
            continue
        if piece[4:5] == b">":
            known = table.get(piece[:4])
            if known is not None:
                if seen is not None:
                    seen.add(known[1])
                append(known[0] + piece[4:])
                continue
        digits, _, number = piece.partition(b">")
        if len(digits) % 4:
            return None
        old = [int(digits[i:i + 4], 16) for i in range(0, len(digits), 4)]
        if seen is not None:
            seen.update(old)
        codes = [mapping.get(code, -1) for code in old]
        if -1 in codes:
            return None
        append(b"".join(b"%04x" % code for code in codes) + b">" + number)
    return b"[" + b"<".join(renumbered) + b"] TJ"


def _code_table(mapping: dict[int, int]) -> dict[bytes, tuple[bytes, int]]:
    """`mapping` as `_renumbered` reads a code written in four lower-case hex digits: those digits → (the
    new code's, as `_renumbered` writes it, and the old code)."""
    return {b"%04x" % old: (b"%04x" % new, old) for old, new in mapping.items() if 0 <= old <= 0xFFFF and new >= 0}


# ------------------------------------------------------------------- WeasyPrint 70's lost note bodies

_notes_lock = threading.Lock()
_notes_depth = 0
_linebox_original: list[Callable[..., Any]] = []


@contextlib.contextmanager
def called_notes_kept() -> Iterator[None]:
    """While the block runs, WeasyPrint lays out the notes called in a line it squeezed onto a page by
    moving the page's last notes to the next (`layout/block.py`, `_linebox_layout`, the `report` branch:
    the line is kept and its own notes were never laid out — their bodies printed nowhere): they follow
    the moved notes to the next page, in order, as WeasyPrint does with any note called after a moved one.
    Re-entrant and thread-safe; WeasyPrint's function is wrapped, not copied, and untouched otherwise."""
    global _notes_depth
    with _notes_lock:
        if _notes_depth == 0:
            _linebox_original.append(block._linebox_layout)
            block._linebox_layout = _linebox_layout
        _notes_depth += 1
    try:
        yield
    finally:
        with _notes_lock:
            _notes_depth -= 1
            if _notes_depth == 0:
                block._linebox_layout = _linebox_original.pop()


# on: a note body stays on its call's page — the squeeze that would move earlier bodies on is undone and the
# paragraph goes to the next page whole (`_linebox_layout`); off: WeasyPrint's squeeze, bodies on the next page
NOTES_ON_CALL_PAGE = True


def _linebox_layout(context: Any, box: Any, index: int, child: Any, new_children: list[Any],
                    page_is_empty: bool, *args: Any, **kwargs: Any) -> Any:
    before = len(new_children)
    reported = len(context.reported_footnotes)
    waiting = list(context.current_page_footnotes)
    result = _linebox_original[0](context, box, index, child, new_children, page_is_empty, *args, **kwargs)
    abort, _stop, _resume_at, _position_y, new_footnotes, _max_lines = result
    if abort:
        return result
    # (the squeeze may move the page's bodies with no note left waiting: the document's last ones)
    if NOTES_ON_CALL_PAGE and not page_is_empty and len(context.reported_footnotes) > reported \
            and _squeezed(context, reported, waiting, new_children[before:]):
        return (True, False, *result[2:])
    if not context.footnotes:
        return result
    for line in new_children[before:]:
        for descendant in line.descendants():
            # a line on the page whose note is still waiting: only the `report` branch leaves one
            if descendant.footnote is not None and descendant.footnote in context.footnotes:
                context.layout_footnote(descendant.footnote)
                context.report_footnote(descendant.footnote)
                new_footnotes.append(descendant.footnote)  # unlaid out with the line, should its box abort
    return result


def _squeezed(context: Any, reported: int, waiting: list[Any], lines: list[Any]) -> bool:
    """Whether WeasyPrint's `report` branch squeezed a line onto the page by moving bodies whose calls stay
    on it — the page's earlier notes (`waiting`) or those of the paragraph's lines kept (`lines`) — to the
    next page, where they would print beside another page's calls with their own page's marks. If so the
    bodies it moved of earlier notes are put back (in their order) and True is returned: the caller makes it
    an abort, which unlays the paragraph's own notes and sends the paragraph to the next page whole, as
    WeasyPrint does with a paragraph that cannot keep its orphans. A page with nothing before the paragraph
    is left as WeasyPrint makes it (aborting there would never end)."""
    moved = context.reported_footnotes[reported:]
    called = {descendant.footnote for line in lines for descendant in line.descendants()
              if descendant.footnote is not None}
    if not any(note in called or note in waiting for note in moved):
        return False
    earlier = [note for note in moved if note in waiting]
    context.reported_footnotes[reported:] = [note for note in moved if note not in waiting]
    kept = set(context.current_page_footnotes)
    context.current_page_footnotes[:] = [note for note in waiting if note in kept or note in earlier] + [
        note for note in context.current_page_footnotes if note not in waiting]
    context._update_footnote_area()
    return True


# ------------------------------------------------------------------------ full pages, page by page

# How many pages ended short, how many of their paragraphs were laid out alone (`_can_change`), how many
# pages were laid out again and how many of those layouts were kept: what a build costs beyond
# WeasyPrint's own layout (for tools/bench.py and the tests; process totals, never reset).
# "pages before": short pages offered to the page before them (`_fill_from_before`), "filled before":
# those it filled; its layouts (the page before, then the short page) count in "extra layouts".
# "combined": plans on the page before tried for the short page's own plans to finish (`pages.
# combined_plans`), "filled combined": short pages filled by a plan on the page before and one of theirs.
page_retries = {"short pages": 0, "paragraphs tried": 0, "extra layouts": 0, "filled": 0, "pages before": 0,
                "filled before": 0, "combined": 0, "filled combined": 0}
BODY = "_reportpress_body"  # LayoutContext attribute: the elements of the report's body (`_report_body`)
# off: a plan on the page before must fill the short page alone (`_fill_from_before`), as before
TWO_PAGE_PLANS = True


def _make_page(context: Any, root_box: Any, page_type: Any, resume_at: Any, page_number: int,
               page_state: Any) -> tuple[Any, Any, Any]:
    """WeasyPrint's `make_page` (`layout/page.py`, called by `remake_page` for each page); a page that
    ends short of its foot (`pages.free_lines`), not the last, not before a forced break, is laid out
    again with a paragraph or two set one line longer or shorter (`pages.page_plans`), and the first
    layout that leaves no line empty and no heading at the foot is kept; WeasyPrint then goes on from
    where that one ends. A plan changes only the lines of its paragraphs (`_iter_line_boxes`): the
    widow, orphan and keep rules are WeasyPrint's own, applied to each layout. Only a report's pages
    (their paragraphs in `<main>`, as `fill_page`'s): any other render keeps WeasyPrint's pages. A page
    kept as first laid out is recorded (`_Made`) for `_make_all_pages`, which may lay it out again for
    the page after it; so laid out (`_local.forced`), a page is made with that plan and no other."""
    make_page: Callable[..., tuple[Any, Any, Any]] = _originals["make_page"]
    if not FULL_PAGES or page_type.blank:
        return make_page(context, root_box, page_type, resume_at, page_number, page_state)
    forced: Plan | None = getattr(_local, "forced", None)
    if forced is not None:  # laid out again for the page after it (`_fill_from_before`): as planned, no more
        forced_naturals: dict[int, Natural | None] = getattr(_local, "forced_naturals", {})
        if getattr(_local, "forced_own", 0):  # … or, a short page after it, with its own plans too
            return _make_page_after(make_page, forced, forced_naturals, context, root_box, page_type, resume_at,
                                    page_number, page_state)
        return _make_planned_page(make_page, forced, forced_naturals, context, root_box,
                                  page_type, resume_at, page_number, page_state)
    before = _page_context(context, page_number, page_state)
    laid_out: dict[int, LaidOut] = {}
    _local.laid_out = laid_out
    try:
        result = make_page(context, root_box, page_type, resume_at, page_number, page_state)
    finally:
        _local.laid_out = None
    page, next_resume, next_page = result
    if next_resume is None or next_page["break"] != "any" or next_page["page"]:
        return result  # the last page, or a forced break (a glossary, an appendix) after this one
    free = free_lines(page)
    body = _report_body(context, root_box.element)
    if not body:
        return result  # not a report's page (the extension in any render)
    in_body = {key: laid for key, laid in laid_out.items() if key in body}
    made = _local.made = _Made(page_number, page, before, in_body)  # for `_make_all_pages`
    if not free:
        return result
    candidates = page_candidates(page, HEADING_TAGS, in_body, _reach)
    _local.tried = {}
    plans = itertools.islice(page_plans(candidates, free, _can_change), PAGE_TRIES)
    naturals = {id(candidate.element): candidate.natural() for candidate in candidates}
    page_retries["short pages"] += 1
    after = _page_context(context, page_number, page_state)
    try:
        for plan in plans:
            _restore_page_context(context, page_number, page_state, before)
            page_retries["extra layouts"] += 1
            trial = _make_planned_page(make_page, plan, naturals, context, root_box, page_type, resume_at,
                                       page_number, page_state)
            if _full(trial):
                page_retries["filled"] += 1
                _local.made = None  # a page changed for itself is not changed again for the next
                return trial
    finally:
        _local.tried = {}
    _restore_page_context(context, page_number, page_state, after)
    made.short = free, candidates
    return result


def _make_page_after(make_page: Callable[..., tuple[Any, Any, Any]], forced: Plan,
                     forced_naturals: dict[int, Natural | None], context: Any, root_box: Any, page_type: Any,
                     resume_at: Any, page_number: int, page_state: Any) -> tuple[Any, Any, Any]:
    """A short page laid out again after the page before it was (`_fill_from_before`): with `forced` (its
    paragraph crossing from the page before set as planned there), and when that still ends short, with
    one of its own plans as well (`page_plans` of its other paragraphs, `_local.forced_own` at most: what
    neither page can fill alone, the two may); the first full layout, else the first."""
    before = _page_context(context, page_number, page_state)
    laid_out: dict[int, LaidOut] = {}
    _local.laid_out = laid_out
    try:
        result = _make_planned_page(make_page, forced, forced_naturals, context, root_box, page_type, resume_at,
                                    page_number, page_state)
    finally:
        _local.laid_out = None
    page, next_resume, next_page = result
    free = free_lines(page)
    if not free or next_resume is None or next_page["break"] != "any" or next_page["page"]:
        return result
    body = _report_body(context, root_box.element)
    planned = {id(element) for element, _ in forced}
    in_body = {key: laid for key, laid in laid_out.items() if key in body and key not in planned}
    candidates = page_candidates(page, HEADING_TAGS, in_body, _reach)
    naturals = {**forced_naturals, **{id(candidate.element): candidate.natural() for candidate in candidates}}
    after = _page_context(context, page_number, page_state)
    tried, _local.tried = getattr(_local, "tried", {}), {}
    try:
        for plan in itertools.islice(page_plans(candidates, free, _can_change), _local.forced_own):
            _restore_page_context(context, page_number, page_state, before)
            page_retries["extra layouts"] += 1
            trial = _make_planned_page(make_page, forced + plan, naturals, context, root_box, page_type,
                                       resume_at, page_number, page_state)
            if _full(trial):
                page_retries["filled combined"] += 1
                return trial
    finally:
        _local.tried = tried
    _restore_page_context(context, page_number, page_state, after)
    return result


def _full(made: tuple[Any, ...]) -> bool:
    """Whether a page made (`make_page`, `remake_page`: the page, then where the next starts) is not
    the last and leaves no line empty and no heading at its foot."""
    return made[1] is not None and free_lines(made[0]) == 0 and not ends_with_heading(made[0], HEADING_TAGS)


class _Made:
    """A page as `_make_page` laid it out the first time, for `_make_all_pages`: its number, the page,
    the layout context before it (`_page_context`), how its body paragraphs' lines were laid out and,
    when it still ended short (no plan of its own filled it), its free lines and candidates. Only a
    report's page, not the last, not before a forced break, kept as WeasyPrint laid it out."""

    def __init__(self, number: int, page: Any, before: dict[str, Any], laid_out: dict[int, LaidOut]) -> None:
        self.number = number
        self.page = page
        self.before = before
        self.laid_out = laid_out
        self.short: tuple[int, list[Candidate]] | None = None


def _make_all_pages(context: Any, root_box: Any, html: Any, pages: list[Any]) -> Iterator[Any]:
    """WeasyPrint's `make_all_pages` (`layout/page.py`, a generator `layout_document` makes a list of),
    each page held back until the next is made: when that one ends short and no plan of its own filled
    it, the two are laid out again with a paragraph of the first set one line longer or shorter
    (`_fill_from_before`), and the new layouts go on in their place; WeasyPrint then makes the pages
    after from where the new short page ends (`remake_page` marks the next page to be made again). A
    page made again for the next one is not made again for its own next."""
    made_pages = _originals["make_all_pages"](context, root_box, html, pages)
    held: tuple[Any, _Made | None] | None = None
    _local.made = None
    for page in made_pages:
        made: _Made | None = getattr(_local, "made", None)
        _local.made = None
        if made is not None and made.page is not page:
            made = None  # an up-to-date page WeasyPrint did not make again, or a page it made plainly
        if held is not None and held[1] is not None and made is not None and made.short is not None:
            both = _fill_from_before(context, root_box, html, held[1], made)
            if both is not None:
                held, page, made = (both[0], None), both[1], None
        if held is not None:
            yield held[0]
        held = page, made
    if held is not None:
        yield held[0]


def _fill_from_before(context: Any, root_box: Any, html: Any, before: _Made, short: _Made) -> tuple[Any, Any] | None:
    """The page before a short page and the short page laid out again (`remake_page`), the first with
    a plan of `pages.before_plans` (BEFORE_TRIES at most), the second as WeasyPrint makes it (a planned
    paragraph crossing to it set as planned there too, `_carried`), when both then come out full
    (`_full`) and a crossing paragraph changed ends in FILLED_LAST_CHARACTERS or more (`_ends_filled`);
    else None, and all is as it was after the short page. A plan that leaves the page before short, or
    ending where it ended (the short page would come out the same), costs one layout; one kept, two; the
    crossing paragraph set longer, three at most (its rest as it comes, then narrowed). Then
    (`TWO_PAGE_PLANS`) COMBINED_TRIES plans that leave the short page a hole only its own plans can
    fill (`pages.combined_plans`); and after the last way of laying the short page out behind any plan,
    OWN_TRIES of its own plans where it is still short (`_make_page_after`): a layout each."""
    index = short.number - 1  # the short page's in `page_maker`
    if before.number != index or short.short is None or not _full((before.page, True)):
        return None
    free, candidates = short.short
    before_candidates = page_candidates(before.page, HEADING_TAGS, before.laid_out, _reach)
    page_maker = context.page_maker
    page_retries["pages before"] += 1
    after = _context_state(context)
    slots = [(at, page_maker[at], copy.deepcopy(page_maker[at][-1])) for at in (index - 1, index, index + 1)]
    start = page_maker[index][0]
    naturals = {id(candidate.element): candidate.natural() for candidate in before_candidates}
    _local.tried = {}
    can = _asked_once(_can_change)
    # the plans that fill the short page alone, then (`TWO_PAGE_PLANS`) those after which its own may
    plans = itertools.chain(
        ((plan, False) for plan in itertools.islice(before_plans(before_candidates, candidates, free, can),
                                                     BEFORE_TRIES)),
        ((plan, True) for plan in itertools.islice(combined_plans(before_candidates, candidates, free, can),
                                                    COMBINED_TRIES if TWO_PAGE_PLANS else 0)))
    try:
        for plan, combined in plans:
            page_retries["combined"] += combined
            _restore_context(context, before.before)
            _new_remake_state(page_maker[index - 1][-1])
            page_retries["extra layouts"] += 1
            made_before = _remake_page(index - 1, plan, naturals, context, root_box, html)
            if _full(made_before) and made_before[1] != start:
                laid_before = _context_state(context)
                crossing = candidates[0].element
                ways = _carried(plan, crossing)
                for number, carried in enumerate(ways, start=1):
                    _restore_context(context, laid_before)  # what a short page tried before changed
                    _new_remake_state(page_maker[index][-1])
                    page_retries["extra layouts"] += 1
                    # its rest set longer: one line more than it had there (`pages.planned_change`)
                    rest = {id(crossing): candidates[0].natural()} if carried else {}
                    # the short page's own plans after the last way only: a way that fills it alone first
                    own = OWN_TRIES if TWO_PAGE_PLANS and number == len(ways) else 0
                    made_short = _remake_page(index, carried, rest, context, root_box, html, own)
                    if _full(made_short) and (not _changes(plan, crossing) or _ends_filled(made_short[0], crossing)):
                        page_retries["filled before"] += 1
                        return made_before[0], made_short[0]
            _restore_pages(context, after, slots)
    finally:
        _local.tried = {}
    return None


def _asked_once(can: Callable[[Candidate, str], bool]) -> Callable[[Candidate, str], bool]:
    """`can`, each candidate asked of a mode once (`_fill_from_before`'s two kinds of plan ask the same)."""
    asked: dict[tuple[int, str], bool] = {}

    def once(candidate: Candidate, mode: str) -> bool:
        key = id(candidate), mode
        if key not in asked:
            asked[key] = can(candidate, mode)
        return asked[key]

    return once


def _carried(plan: Plan, crossing: Any) -> list[Plan]:
    """How the short page is laid out after the page before was with `plan` (`_fill_from_before`), in
    the order to try: the crossing paragraph's rest set as planned too — set shorter, every line of it
    from its first on the short page (`pages.CROSSING_REST`), as its lines up to the break were; set
    longer (`pages._crossing_longer`), first as it comes (what its lines on the page before sent on may
    make the line), then every line narrowed (`pages.CROSSING_LONGER_REST`). A paragraph above it set
    longer or shorter ends on the page before: the short page as WeasyPrint makes it."""
    modes = [mode for element, mode in plan if element is crossing]
    if not modes:
        return [()]
    if modes[0].startswith("shorter"):
        return [((crossing, CROSSING_REST),)]
    return [(), ((crossing, CROSSING_LONGER_REST),)]


def _changes(plan: Plan, element: Any) -> bool:
    return any(planned is element for planned, _ in plan)


def _ends_filled(page: Any, element: Any) -> bool:
    """Whether the paragraph of `element` ends on the page in a last line of FILLED_LAST_CHARACTERS or
    more: what a paragraph changed to fill a page keeps (`_keeps_rules`), checked where its rest was
    laid out as it came after its lines on the page before were changed (`_carried`)."""
    last = None
    for box in page.children[0].descendants():
        if type(box).__name__ == "LineBox" and getattr(box, "element", None) is element:
            last = box
    return last is not None and _line_characters(last) >= FILLED_LAST_CHARACTERS


def _remake_page(index: int, plan: Plan, naturals: dict[int, Natural | None], context: Any, root_box: Any,
                 html: Any, own: int = 0) -> tuple[Any, Any]:
    """`remake_page` of the page at `index`, laid out with `plan` (`_make_page`), and with `own` of its
    own plans at most where that leaves it short (`_make_page_after`)."""
    _local.forced, _local.forced_naturals, _local.forced_own = plan, naturals, own
    try:
        made: tuple[Any, Any] = layout_page.remake_page(index, context, root_box, html)
    finally:
        _local.forced, _local.forced_naturals, _local.forced_own = None, {}, 0
    return made


def _new_remake_state(remake_state: dict[str, Any]) -> None:
    """A page's remake state as `make_all_pages` resets it before it makes the page (nothing changed,
    no anchor, no lookup yet): the page made again adds its own."""
    remake_state.update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])


def _restore_pages(context: Any, saved: dict[str, Any],
                   slots: list[tuple[int, tuple[Any, ...], dict[str, Any]]]) -> None:
    """The layout context and the page maker's entries as `_fill_from_before` found them, and the anchors
    of the two pages cached again with their pages' counters (a layout tried may have cached one on the
    other page: what a `target-counter` in a table of contents reads)."""
    _restore_context(context, saved)
    page_maker = context.page_maker
    for at, item, remake_state in slots:
        page_maker[at] = item
        item[-1].clear()
        item[-1].update(copy.deepcopy(remake_state))
    for at, _, _ in slots[:2]:
        for anchor in page_maker[at][-1]["anchors"]:
            context.target_collector.cache_target_page_counters(anchor, page_maker[at + 1][3][1], at, page_maker)


def _report_body(context: Any, root: Any) -> frozenset[int]:
    """The `id`s of the elements inside the document's `<main>` (the report's body, where the text pass
    marks its paragraphs: `pages.mark_following`); none in a document without one. Once a render (kept
    on its layout context)."""
    body: frozenset[int] | None = getattr(context, BODY, None)
    if body is None:
        body = frozenset(id(element) for main in root.iter("main") for element in main.iter())
        setattr(context, BODY, body)
    return body


def _planned_change(mode: str, args: tuple[Any, ...], natural: Natural | None = None) -> Lines | None:
    """`pages.planned_change` with the lines narrowed no looser than PLANNED_EXTRA_EM."""
    _local.fill_extra = PLANNED_EXTRA_EM
    try:
        return planned_change(mode, args, _iter_in_mode, _keeps_rules, _loose_for_filling, natural, _reach)
    finally:
        _local.fill_extra = FILL_EXTRA_EM


def _can_change(candidate: Candidate, mode: str) -> bool:
    """Whether a paragraph of a page just laid out can be set one line longer or shorter (`mode`): its
    lines laid out again from where they started, outside the page (new lists for what they place,
    a formatting context of their own), as `_planned_change` will in the page laid out again; the
    lines kept for it (`_tried`)."""
    args = candidate.args
    if args is None or not getattr(args[1], CJK, False):
        return False  # Latin text is WeasyPrint's to set
    context, boxes_laid = args[0], (args[1], args[5])
    page_retries["paragraphs tried"] += 1
    placed: tuple[list[Any], list[Any]] = ([], [])
    # on its page's x: the boxes of a paragraph crossing to the next page were laid out there since
    shifted = [box.position_x for box in boxes_laid]
    for box, position_x in zip(boxes_laid, candidate.laid.position_x, strict=True):
        box.position_x = position_x
    context.create_block_formatting_context()
    try:
        changed = _planned_change(mode, (*args[:6], *placed, *args[8:]), candidate.natural())
    finally:
        context.finish_block_formatting_context()
        for box, position_x in zip(boxes_laid, shifted, strict=True):
            box.position_x = position_x
    if changed is not None and not any(placed):  # nothing placed beside the lines: they can be taken as such
        _local.tried[id(candidate.element), mode] = (args[2], args[4], changed)
    return changed is not None


def _tried(mode: str, args: tuple[Any, ...]) -> Lines | None:
    """The lines `_can_change` laid out for the paragraph `args` start, when the page laid out again
    starts it where the first layout did (the first paragraph of a plan, or one below nothing changed)."""
    kept: tuple[float, Any, Lines] | None = getattr(_local, "tried", {}).pop((id(args[5].element), mode), None)
    if kept is None or kept[0] != args[2] or kept[1] is not args[4]:
        return None
    return kept[2]


def _reach(line: Any, mode: str) -> float:
    """What a line could take in from the next ("shorter"), in whole characters, at most: its room, its
    end mark half width, and half an em for each pause mark it may push in (`_squeeze`); or send on
    ("longer"): a character, when its gaps stay within PLANNED_EXTRA_EM with a character's width more
    to spread."""
    texts = [leaf for leaf in _leaves(line) if isinstance(leaf, boxes.TextBox)]
    chars = [char for leaf in texts for char in visible_text(leaf.text)]
    slack = float(getattr(line, SLACK, 0.0))
    if mode == "longer":
        if any(getattr(leaf.pango_layout, PUSHED, ()) for leaf in texts):
            return 1.0  # it took a character in by pushing marks in (`_tighten`): laid out longer, it need not
        return 1.0 if (slack + 1) / max(len(chars) - 2, 1) <= PLANNED_EXTRA_EM else 0.0
    pushable = sum(1 for char in chars if char in PUSH_IN or char in PUSH_IN_BRACKETS or char in PUSH_IN_STOPS
                   or char in PUSH_IN_OPENING)
    return float(math.floor(slack + 0.5 + 0.5 * min(pushable, MAX_PUSH_IN)))


def _make_planned_page(make_page: Callable[..., Any], plan: Plan, naturals: dict[int, Natural | None],
                       *args: Any) -> tuple[Any, Any, Any]:
    _local.plan, _local.naturals = plan, naturals
    try:
        result: tuple[Any, Any, Any] = make_page(*args)
    finally:
        _local.plan, _local.naturals = None, {}
    return result


def _page_context(context: Any, page_number: int, page_state: Any) -> dict[str, Any]:
    """What laying out a page changes of the layout context and the page state (`make_page`: the notes
    waiting and moved on, the floats broken over, the running elements, the notes drawn, the page's
    remake state, the counters), copied so that the page can be laid out again from the same start."""
    remake_state = context.page_maker[page_number - 1][-1]
    return {**_context_state(context), "remake_state": copy.deepcopy(remake_state),
            "page_state": copy.deepcopy(page_state)}


def _context_state(context: Any) -> dict[str, Any]:
    """What laying out a page changes of the layout context (`_page_context`), copied."""
    return {
        "footnotes": list(context.footnotes),
        "reported_footnotes": list(context.reported_footnotes),
        "broken_out_of_flow": dict(context.broken_out_of_flow),
        "running_elements": {name: {page: list(found) for page, found in pages.items()}
                             for name, pages in context.running_elements.items()},
        "rendered_notes": list(context.rendered_notes or ()),
    }


def _restore_page_context(context: Any, page_number: int, page_state: Any, saved: dict[str, Any]) -> None:
    """Put back what `_page_context` copied, in the objects WeasyPrint holds (lists and dicts shared
    with the page maker and the caller are refilled, not replaced)."""
    _restore_context(context, saved)
    remake_state = context.page_maker[page_number - 1][-1]
    remake_state.clear()
    remake_state.update(copy.deepcopy(saved["remake_state"]))
    for held, kept in zip(page_state, copy.deepcopy(saved["page_state"]), strict=True):
        if isinstance(held, list):
            held[:] = kept
        else:
            held.clear()
            held.update(kept)


def _restore_context(context: Any, saved: dict[str, Any]) -> None:
    """Put back what `_context_state` copied (`_restore_page_context`)."""
    context.footnotes[:] = saved["footnotes"]
    context.reported_footnotes = list(saved["reported_footnotes"])
    context.broken_out_of_flow = dict(saved["broken_out_of_flow"])
    for name in list(context.running_elements):
        if name not in saved["running_elements"]:
            del context.running_elements[name]
    for name, pages in saved["running_elements"].items():
        running = context.running_elements[name]
        running.clear()
        running.update({page: list(found) for page, found in pages.items()})
    if context.rendered_notes is not None:
        context.rendered_notes[:] = saved["rendered_notes"]
