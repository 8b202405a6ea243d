"""The CJK text pass: the HTML of a document → the same HTML marked up for Chinese typesetting.

In: the HTML string `writers/html.py` made, and the layout's `Typesetting`. Out: that HTML with

- **punctuation compression** (标点挤压, CLREQ #punctuation_width_adjustment): each full-width mark
  that gives up its blank half is wrapped in `<span class="rp-halt-r">` (blank on the right: closing
  marks, ，。、；：！？) or `rp-halt-l` (blank on the left: opening marks). In `quanjiao` style that is
  the closing mark of an adjacent pair, or the second of two opening marks, so `。”` `”，` `）、`
  `”“` take 1.5 em; `kaiming` compresses every mark but 。？！; `banjiao` every mark; `none` none.
  In every style but `none`, a closing mark right before a note call (a footnote's, an end note's, a
  glossary entry's or a citation's raised mark) gives up its blank too (`rp-halt-call`, all of it but
  what keeps the text layer in order: `CALL_TUCK_EM`), so the call sits against the mark it belongs
  to (`准制”¹，`, not `准制” ¹，`);
  The CSS takes half an em off with a negative margin, so it works with any font that sets marks
  in GB positions (Noto CJK SC, LXGW WenKai), whether or not it has a `halt` feature;
- **long marks kept whole** (CLREQ #prohibition_rules_for_unbreakable_marks, GB/T 15834 §5.1.4,
  §5.1.6): a run of `—` or `…` goes in `<span class="rp-long">` (`fwid`: exactly 1 em per mark, so
  `——` and `……` are 2 em) after a U+2060 WORD JOINER, so neither a `——` nor a connector `—` ever
  starts a line, and the pair is never split;
- **line breaks around quotes**: Pango (UAX #14 class QU) allows none before `“` or after `”`, so
  `达“12345”热线` moves whole to the next line and leaves a loose one; a U+200B after `”` and before
  `“` between two wide characters gives back the breaks Chinese allows (never before a mark that
  may not start a line);
- **push-in points** (挤进, CLREQ #line_adjustment): a U+200B after each full-width ）」』”… and 、，；： (and in
  `quanjiao` style 。？！, the last resort) before a wide character, a letter or a digit
  (`push_in_points`), where `weasy.py` may take the mark's blank half back when a loose line needs the
  room to take in the next character; none in `none` style;
- **no line starts with `·` or `～`** (GB/T 15834 §5.1.6–5.1.7; Pango allows it, typography.md
  §b10): a U+2060 before each;
- **break hints in URLs** (Pango breaks a URL at few of its delimiters): a U+200B after
  each `/` `.` `-` `?` `&` `=` of a URL (never between the two slashes of `://`, never after its last
  character), so a long address breaks at its delimiters instead of running into the margin; any
  other run longer than the line (a 52-letter word) breaks anywhere, as a last resort: where the line
  ends (`break_anywhere`, which `weasy.py` applies once it knows the measure), else wherever
  `overflow-wrap: anywhere` (in `TYPESET_CSS`) puts the break;
- **Han–Latin spacing** when the layout asks for it (`autospace = "quarter"`, CLREQ
  #mixed_text_composition_in_horizontal_writing_mode): a run of Latin letters or digits touching a Han
  character goes in a span with ¼ em margin on the Han side (`rp-as-l`, `rp-as-r`); the
  justification extension (`typeset/weasy.py`) takes that margin away at the start and end of a line.

Nothing else changes: the only characters added are U+2060 and U+200B, which draw nothing and never
reach the PDF's text layer. Only the `<body>` is touched, and only text nodes in it.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from markupsafe import escape

from reportpress.layouts import Typesetting
from reportpress.typeset.chars import (
    CLOSING,
    COMPRESSIBLE,
    DASH,
    ELLIPSIS,
    GLUE_BEFORE,
    INVISIBLE,
    KAIMING_FULL,
    NO_START,
    OPENING,
    PUSH_IN,
    PUSH_IN_BRACKETS,
    PUSH_IN_OPENING,
    QUOTES_CLOSING,
    QUOTES_OPENING,
    SOLIDI,
    UNITS,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    glued_mark,
    is_extend,
    is_han_like,
    is_latin_like,
    is_wide,
)
from reportpress.typeset.pages import mark_following

IDEOGRAPHIC_SPACE = "\u3000"
HALT_RIGHT = "rp-halt-r"
HALT_LEFT = "rp-halt-l"
HALT_CALL = "rp-halt-call"
LONG = "rp-long"
AUTOSPACE_LEFT = "rp-as-l"
AUTOSPACE_RIGHT = "rp-as-r"
AUTOSPACE_CLASSES = frozenset((AUTOSPACE_LEFT, AUTOSPACE_RIGHT))

# How far a closing mark before a note call is pulled in, in em: not the whole blank half. The mark's
# ink ends 0.42 em into its box (FandolFang, Noto CJK), so the call still sits against it; but poppler's
# text extraction (pdftotext) read a raised call pulled in the full half em, which then starts just left
# of the middle of the mark's box, as coming before the mark (`1制”`); at 0.45 em it reads `制”1`.
CALL_TUCK_EM = 0.45
# The stylesheet of the classes this pass emits; `writers/pdf/` adds it after the layout's own.
TYPESET_CSS = f"""
body {{ overflow-wrap: anywhere; }}
.{HALT_RIGHT} {{ margin-right: -0.5em; }}
.{HALT_LEFT} {{ margin-left: -0.5em; }}
.{HALT_CALL} {{ margin-right: -{CALL_TUCK_EM}em; }}
.{LONG} {{ font-feature-settings: "fwid"; }}
.{AUTOSPACE_LEFT} {{ margin-left: 0.25em; }}
.{AUTOSPACE_RIGHT} {{ margin-right: 0.25em; }}
"""

# Inline elements: text on both sides of their tags is one line of text. Any other tag ends a run.
INLINE_TAGS = frozenset(("a", "abbr", "b", "cite", "code", "em", "i", "mark", "q", "s", "small", "span",
                         "strong", "sub", "sup", "u"))
# Inline elements whose content is a separate flow (a footnote body floats to the page foot).
SEPARATE_FLOW_CLASSES = frozenset(("footnote",))
# Raised note calls (`writers/html.py`): a glossary entry's, an end note's, a citation's. A footnote's
# call is WeasyPrint's ::footnote-call, where the footnote element stands.
CALL_CLASSES = frozenset(("endnote-call", "end-note-call", "citation"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
RAW_TEXT_TAGS = frozenset(("script", "style", "title", "textarea"))
OBJECT = "\ufffc"  # stands for an image inside a run: it separates the characters around it

# A URL: a scheme or `www.`, then printable ASCII; it ends at the first space, quote, angle bracket or
# non-ASCII character (Chinese text follows it directly: `链接https://…/index.html查看`). A scheme has at
# most 32 characters (real ones have under 20): unbounded, every letter of a long run of letters would
# scan the rest of the run for a `://`, and the pass would be quadratic in the run's length.
_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]{0,31}://|www\.)[!#-;=?-~]+")
URL_BREAK_AFTER = frozenset("/.-?&=")
# The stops a loose line may set half width in quanjiao style, after its pause marks (CLREQ
# #line_adjustment, reduction order step 7: 。？！ down to ½ em; kaiming keeps them full width)
PUSH_IN_STOPS = frozenset("。？！")
# Inside a Latin run broken anywhere: no line starts with these, none ends with those (ASCII 禁则).
NO_BREAK_BEFORE = NO_START | frozenset(",.;:!?)]}%'\"")
NO_BREAK_AFTER = frozenset("([{")
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


@dataclass(slots=True)
class _Run:
    """The text nodes of one line of text (a block, or a footnote body), in order."""

    pieces: list[tuple[int, str]] = field(default_factory=list)  # (token index, unescaped text)
    # U+2060/U+200B may be added: not in headings, whose text WeasyPrint copies into the PDF outline
    invisible_ok: bool = True
    calls: set[int] = field(default_factory=set)  # where a note call starts (indices into the text)

    def text(self) -> str:
        return "".join(text for _, text in self.pieces)

    def length(self) -> int:
        return sum(len(text) for _, text in self.pieces)


def typeset_html(document: str, settings: Typesetting) -> str:
    """The text pass over the body of `document` (see the module docstring)."""
    match = _BODY.search(document)
    if match is None:
        return document
    head, body = document[: match.end()], document[match.end():]
    tokens = [token.group(0) for token in _TOKEN.finditer(body)]
    for run in _runs(tokens):
        _typeset_run(run, tokens, settings)
    return mark_following(head + "".join(tokens))


def _classes(tag: str) -> set[str]:
    found = _CLASS.search(tag)
    if not found:
        return set()
    return set(next(group for group in found.groups() if group is not None).split())


def _runs(tokens: list[str]) -> Iterator[_Run]:
    """Split the body's text nodes into runs of text that sit on the same lines."""
    open_runs: list[_Run] = [_Run()]  # innermost last: a footnote body interrupts the run around it
    inline_stack: list[bool] = []  # for each open inline element: whether it starts a separate flow
    raw_until: str | None = None
    for index, token in enumerate(tokens):
        if raw_until is not None:
            if token.lower().startswith(f"</{raw_until}"):
                raw_until = None
            continue
        if token.startswith("<!--"):
            continue
        if not token.startswith("<"):
            open_runs[-1].pieces.append((index, html.unescape(token)))
            continue
        name_match = _TAG_NAME.match(token)
        if not name_match:
            continue  # a doctype or a stray `<`: not text, not structure
        name = name_match.group(1).lower()
        closing = token.startswith("</")
        if name in RAW_TEXT_TAGS and not closing:
            raw_until = name
            continue
        if name == "img":
            open_runs[-1].pieces.append((-1, OBJECT))
            continue
        if name not in INLINE_TAGS:  # a block boundary (p, h2, li, br…) ends the current run
            yield open_runs[-1]
            in_heading = (not closing and name in HEADING_TAGS) or (name == "br" and not open_runs[-1].invisible_ok)
            open_runs[-1] = _Run(invisible_ok=not in_heading)
            continue
        if token.endswith("/>"):
            continue
        if not closing:
            classes = _classes(token)
            separate = bool(classes & SEPARATE_FLOW_CLASSES)
            inline_stack.append(separate)
            if separate or classes & CALL_CLASSES:
                open_runs[-1].calls.add(open_runs[-1].length())
            if separate:  # its call marker stands where it was: the text around it is not adjacent
                open_runs[-1].pieces.append((-1, OBJECT))
                open_runs.append(_Run())
        elif inline_stack and inline_stack.pop() and len(open_runs) > 1:
            yield open_runs.pop()
    yield from open_runs


def compressed_marks(text: str, style: str, calls: Iterable[int] = ()) -> dict[int, str]:
    """The marks of `text` that give up half their width: index → the side they lose.

    `calls` are the indices where a note call starts: a closing mark right before one (invisible
    characters looked through) loses its blank half, whatever the style but `none`.
    """
    found: dict[int, str] = {}
    if style == "none":
        return found
    for index, char in enumerate(text):
        if char not in COMPRESSIBLE:
            continue
        side = "r" if char in CLOSING else "l"
        if style == "banjiao" or (style == "kaiming" and char not in KAIMING_FULL):
            found[index] = side
    if style == "banjiao":
        return _no_overlap(text, found)  # every mark is half already: a call sits against it
    _beside_spaces(text, found)
    # quanjiao (and kaiming's full-width stops): of two adjacent marks, one takes half an em.
    for index in range(len(text) - 1):
        first, second = text[index], text[index + 1]
        if first not in COMPRESSIBLE or second not in COMPRESSIBLE:
            continue
        if first in CLOSING:
            if index not in found:  # kaiming's full 。 before a half ） still gives up its blank half
                found[index] = "r"
        elif index + 1 in found:
            continue  # an opening mark before a mark that is half already: the pair is 1.5 em
        elif second in OPENING:
            found[index + 1] = "l"
        else:  # an opening mark right before a closing one, as in （）: the inner sides have no blank
            found[index + 1] = "r"
    _before_calls(text, calls, found)
    return _no_overlap(text, found)


def _before_calls(text: str, calls: Iterable[int], found: dict[int, str]) -> None:
    """A raised call belongs to the character before it (CLREQ #prohibition_rules_for_line_start_end):
    after a closing mark, whose blank is on its right, the call would float half an em from its term."""
    for call in calls:
        index = call - 1
        while index >= 0 and text[index] in INVISIBLE:
            index -= 1
        if index >= 0 and text[index] in CLOSING and index not in found:
            found[index] = "c"


def _beside_spaces(text: str, found: dict[int, str]) -> None:
    """An ideographic space is a blank of its own (a glossary entry's `5．　“术语”`): a closing mark
    right before it and an opening mark right after it give up their blank halves, so the gap between
    the number and the term is the space's one em, whatever the term starts with. Invisible characters
    (the word joiner after the space) are looked through."""
    for index, char in enumerate(text):
        if char != IDEOGRAPHIC_SPACE:
            continue
        if index > 0 and text[index - 1] in CLOSING:
            found[index - 1] = "r"
        after = index + 1
        while after < len(text) and text[after] in INVISIBLE:
            after += 1
        if after < len(text) and text[after] in OPENING:
            found[after] = "l"


def _no_overlap(text: str, found: dict[int, str]) -> dict[int, str]:
    """Keep ”“ at 1.5 em: with both halves gone the two glyphs would share one em box, and the
    grid's negative letter spacing would put the second before the first in the text layer."""
    for index in range(len(text) - 1):
        if found.get(index) == "r" and found.get(index + 1) == "l":
            del found[index + 1]
    return found


def _typeset_run(run: _Run, tokens: list[str], settings: Typesetting) -> None:
    """Rewrite the text tokens of one run in place."""
    text = run.text()
    if not text or (text.isascii() and _URL.search(text) is None):
        return
    bounds = _piece_bounds(run)
    compress = compressed_marks(text, settings.punctuation, run.calls)
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    for start, end in _split(_long_runs(text), bounds):
        joiner = WORD_JOINER if start > 0 and text[start - 1] != WORD_JOINER and run.invisible_ok else ""
        before[start] = before.get(start, "") + f'<span class="{LONG}">{joiner}'
        after[end - 1] = "</span>" + after.get(end - 1, "")
    for index, char in enumerate(text):
        if ((char in GLUE_BEFORE and index > 0) or glued_mark(text, index)) and text[index - 1] != WORD_JOINER \
                and run.invisible_ok:
            before[index] = WORD_JOINER + before.get(index, "")
    if run.invisible_ok:
        glued = [*solidus_glue_points(text), *(unit_glue_points(text) if settings.keep_units else ())]
        for index in sorted(set(glued)):
            before[index] = WORD_JOINER + before.get(index, "")
    breaks = {*break_points(text), *url_break_points(text)} if run.invisible_ok else set()
    if run.invisible_ok and settings.punctuation != "none":
        # not before a glued note mark: the U+200B a push-in needs is a break opportunity too
        breaks.update(index for index in push_in_points(text, compress, settings.punctuation)
                      if not glued_mark(text, index + 1))
    for index in sorted(breaks):
        after[index] = after.get(index, "") + ZERO_WIDTH_SPACE
    for index, side in compress.items():
        css_class = {"r": HALT_RIGHT, "l": HALT_LEFT}.get(side, HALT_CALL)
        before[index] = before.get(index, "") + f'<span class="{css_class}">'
        # a space right after a halved mark goes into its span: left alone in a text box of its own
        # between two elements, WeasyPrint keeps its width but drops it from the PDF's text layer
        end = index + 1 if side == "r" and text[index + 1:index + 2] == IDEOGRAPHIC_SPACE \
            and index + 1 not in bounds else index
        after[end] = "</span>" + after.get(end, "")
    if settings.autospace == "quarter":
        for start, end, classes in autospace_runs(text, bounds):
            before[start] = before.get(start, "") + f'<span class="{" ".join(classes)}">'
            after[end - 1] = "</span>" + after.get(end - 1, "")
    if not before and not after:
        return
    offset = 0
    for token_index, piece in run.pieces:
        if token_index >= 0:
            tokens[token_index] = _rewrite(piece, offset, before, after)
        offset += len(piece)


def break_points(text: str) -> Iterator[int]:
    """Indices after which a U+200B opens a line break Pango would not allow: around Chinese quotes.

    Only between two wide characters, and only where the next line would not start with a mark
    that may not start one, nor the line end with one that may not end it (CLREQ
    #prohibition_rules_for_line_start_end).
    """
    for index in range(len(text) - 1):
        char, following = text[index], text[index + 1]
        if not (is_wide(char) and is_wide(following)):
            continue
        if following in NO_START or char in OPENING or glued_mark(text, index + 1):
            continue
        if char in QUOTES_CLOSING or following in QUOTES_OPENING:
            yield index


def push_in_points(text: str, compressed: Iterable[int] = (), style: str = "quanjiao") -> Iterator[int]:
    """Indices of the marks that a loose line may set half width (挤进): a U+200B after each is where
    `weasy.py` takes the mark's blank half back (negative letter spacing on a character that draws
    nothing, so the mark's glyph stays where it is and what follows moves in).

    The closing brackets and quotes ）》」』”’ … (`chars.PUSH_IN_BRACKETS`, CLREQ #line_adjustment, step 4
    of the reduction order; for an opening one, “（《 …, the index before it: its blank is on the left),
    the pause marks 、，；： (step 5), and in `quanjiao`
    style the stops 。？！ too (`PUSH_IN_STOPS`, step 7, the last resort: `weasy.py` takes them after the
    pause marks). `kaiming` keeps its stops full width by definition, and `banjiao` has halved them
    already. A paragraph's first line is two characters shorter and often holds no pause mark but the
    stop after its lead sentence (`扎实推进教育公平。深入…`): without it, a character pushed over with
    its mark (`要。`) leaves one em spread over 25 gaps.

    Only a mark at full width (not `compressed` already) followed by a wide character that may start a
    line, or a letter or digit: the break after the mark, which Chinese (and Pango) allow anyway, stays
    the only one the U+200B opens.
    """
    halved = set(compressed)
    marks = PUSH_IN | PUSH_IN_BRACKETS | (PUSH_IN_STOPS if style == "quanjiao" else frozenset())
    for index in range(len(text) - 1):
        following = text[index + 1]
        if text[index] in marks and index not in halved and following not in NO_START \
                and (is_wide(following) or is_latin_like(following)):
            yield index
        elif following in PUSH_IN_OPENING and index + 1 not in halved \
                and (is_han_like(text[index]) or is_latin_like(text[index])):
            yield index  # the U+200B before an opening mark (after a character): its blank is on the left


def _url_indices(text: str) -> set[int]:
    """The indices of `text` inside a URL (`_URL`): Latin text, which keeps its own breaks."""
    return {index for match in _URL.finditer(text) for index in range(*match.span())}


def unit_glue_points(text: str) -> Iterator[int]:
    """Indices of the 年 月 日 (`chars.UNITS`) right after a digit, before which a word joiner keeps the
    number's last digit with them (`2026年`, `3月`): `[typesetting] keep_units`. Not in a URL."""
    in_url: set[int] | None = None  # found only for a text that has a digit before a unit
    for index in range(1, len(text)):
        if text[index] in UNITS and text[index - 1].isdecimal():
            in_url = _url_indices(text) if in_url is None else in_url
            if index not in in_url:
                yield index


def solidus_glue_points(text: str) -> Iterator[int]:
    """Indices before which a word joiner keeps a solidus (`chars.SOLIDI`) to its neighbours: before the
    slash and before what follows it, where neither side is a space, outside URLs. GB/T 15834 lets the
    分隔号 neither start nor end a line; Pango breaks after it."""
    in_url: set[int] | None = None  # found only for a text that has a slash
    for index, char in enumerate(text):
        if char not in SOLIDI:
            continue
        in_url = _url_indices(text) if in_url is None else in_url
        if index in in_url:
            continue
        if index > 0 and not text[index - 1].isspace() and text[index - 1] != WORD_JOINER:
            yield index
        if index + 1 < len(text) and not text[index + 1].isspace() and text[index + 1] != WORD_JOINER:
            yield index + 1


def url_break_points(text: str) -> Iterator[int]:
    """Indices after which a U+200B lets a URL break: after `/ . - ? & =`, not inside `//`, not at its end.

    Only these, so a line never ends in the middle of a name (`exam|ple`); a URL part longer than
    the line is left to `overflow-wrap: anywhere`.
    """
    for match in _URL.finditer(text):
        for index in range(match.start(), match.end() - 1):
            if text[index] in URL_BREAK_AFTER and text[index:index + 2] != "//":
                yield index


def break_anywhere(text: str, too_wide: Callable[[str], bool], shortest: int) -> str:
    """`text` with a U+200B between the characters of each narrow run (no space, no wide character)
    of at least `shortest` characters that `too_wide` says cannot fit on a line.

    Such a run breaks somewhere whatever we do; with these hints it breaks where the line ends, so
    the line it starts on is full (WeasyPrint's `overflow-wrap: anywhere` breaks it only once it
    starts a line, leaving the line before short). Never before a combining mark, nor where ASCII
    punctuation would start or end a line.
    """
    if len(text) < shortest:
        return text
    parts: list[str] = []
    position = 0
    for start, end in _narrow_runs(text, (match.span() for match in re.finditer(r"\S+", text))):
        if end - start < shortest or not too_wide(text[start:end]):
            continue
        parts.append(text[position:start])
        for index in range(start, end):
            char = text[index]
            if index > start and not (is_extend(char) or char in NO_BREAK_BEFORE
                                      or text[index - 1] in NO_BREAK_AFTER):
                parts.append(ZERO_WIDTH_SPACE)
            parts.append(char)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _piece_bounds(run: _Run) -> list[int]:
    """Where one text node of the run ends and the next begins (indices into the run's text)."""
    bounds, offset = [], 0
    for _, piece in run.pieces:
        offset += len(piece)
        bounds.append(offset)
    return bounds


def _split(spans: Iterator[tuple[int, int]], bounds: list[int]) -> Iterator[tuple[int, int]]:
    """Cut spans at text-node boundaries, so that the markup added around them nests in the HTML.

    `bounds` is sorted: each span looks only at the bounds inside it (bisect), so a paragraph of many
    text nodes and many spans costs their sum, not their product.
    """
    for start, end in spans:
        index = bisect.bisect_right(bounds, start)
        while index < len(bounds) and bounds[index] < end:
            yield start, bounds[index]
            start = bounds[index]
            index += 1
        yield start, end


def _long_runs(text: str) -> Iterator[tuple[int, int]]:
    """Runs of — or … : (start, end) indices."""
    for match in re.finditer(f"{DASH}+|{ELLIPSIS}+|\u2e3a+|\u22ef+", text):
        yield match.start(), match.end()


def autospace_runs(text: str, bounds: list[int] | None = None) -> Iterator[tuple[int, int, list[str]]]:
    """Narrow runs (Latin letters, digits, Western signs) that touch a Han character, and their sides.

    Space goes only between a Han character and a letter or digit (CLREQ; CSS text-autospace's
    ideograph-alpha and ideograph-numeric): never next to punctuation, `%` or a typed space.
    """
    narrow = (match.span() for match in re.finditer(r"[^\s\u2060\ufffc]+", text))
    for start, end in _split(_narrow_runs(text, narrow), bounds or []):
        classes = []
        if start > 0 and is_han_like(text[start - 1]) and is_latin_like(text[start]):
            classes.append(AUTOSPACE_LEFT)
        if end < len(text) and is_han_like(text[end]) and is_latin_like(text[end - 1]):
            classes.append(AUTOSPACE_RIGHT)
        if classes:
            yield start, end, classes


def _narrow_runs(text: str, words: Iterator[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Maximal runs of narrow characters inside each space-free word."""
    for start, end in words:
        index = start
        while index < end:
            if is_wide(text[index]) or text[index] in INVISIBLE:
                index += 1
                continue
            run_start = index
            while index < end and not is_wide(text[index]) and text[index] not in INVISIBLE:
                index += 1
            yield run_start, index


def _rewrite(piece: str, offset: int, before: dict[int, str], after: dict[int, str]) -> str:
    """One text token, escaped again, with the markup of the characters it holds."""
    parts: list[str] = []
    for position, char in enumerate(piece, start=offset):
        if position in before:
            parts.append(before[position])
        parts.append(str(escape(char)))
        if position in after:
            parts.append(after[position])
    return "".join(parts)
