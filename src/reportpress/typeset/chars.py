"""Character classes of Chinese typesetting, shared by the text pass and the justification extension.

In: single characters. Out: which class a character belongs to (CLREQ #punctuation_width_adjustment,
#prohibition_rules_for_line_start_end; GB/T 15834-2011 §4, §5.1). Pure functions over `str`, no I/O.

Positions are those of simplified Chinese (GB style): pause and stop marks (，。、；：！？) sit in the
left half of their em box, like closing brackets; opening brackets sit in the right half. That is
what decides which half `halt` removes.
"""

from __future__ import annotations

import functools
import unicodedata

# Full-width marks whose blank is on the right (GB positions): stops, pauses and closing brackets.
CLOSING = frozenset("，。、；：！？）》」』”’〕】〉〗〙〛．")
# Full-width marks whose blank is on the left: opening brackets and quotes.
OPENING = frozenset("（《「『“‘〔【〈〖〘〚")
# Marks that take a full em in quanjiao and that adjacency compresses (CLREQ: "any two adjacent marks").
COMPRESSIBLE = CLOSING | OPENING
# Sentence-final stops kept full width in the kaiming (开明) style (xeCJK KaiMingPunct).
KAIMING_FULL = frozenset("。．？！")

# Pause marks that a loose line may set half width mid-line to take in what follows (挤进, push-in:
# CLREQ #line_adjustment; GB/T 15834 allows it for 、，；： but not for the stops 。？！).
PUSH_IN = frozenset("、，；：")
# Closing brackets and quotes a loose line may set half width mid-line too, before its pause marks
# (CLREQ #line_adjustment, reduction order step 4, brackets; step 5, pause marks): their blank is on
# the right, as a pause mark's. In a quote or bracket the mark closes, `）的` reads as `），`.
PUSH_IN_BRACKETS = frozenset("）》」』〕】〉〗〙〛”’")
# … and opening ones, whose blank is on the left: the space before them is taken back (`做好“六稳”`)
PUSH_IN_OPENING = OPENING

# Long marks: a pair is one unit of exactly 2 em, never split (CLREQ #prohibition_rules_for_unbreakable_marks).
DASH = "\u2014"  # — EM DASH: —— is 破折号, a single one the 一字线 connector
ELLIPSIS = "\u2026"  # …
LONG_MARKS = frozenset((DASH, ELLIPSIS, "\u2e3a", "\u22ef"))
# Marks that must never start a line but that Pango lets start one (typography.md §b10):
# 间隔号 · and 浪纹线 ～ (GB/T 15834 §5.1.6–5.1.7); the single — is handled with LONG_MARKS.
GLUE_BEFORE = frozenset("·～\u30fb\u2027")
# Connectors and solidi: no justification space around them (CLREQ #line_adjustment).
CONNECTORS = frozenset("·～\u30fb\u2027/／-－\u2013") | LONG_MARKS

# Quotes that Pango 1.50 (UAX #14 class QU) glues to both neighbours: no break before “ nor after ”, so
# “12345” or ”“ pull whole phrases to the next line and leave loose lines. Chinese allows both breaks.
QUOTES_OPENING = frozenset("“‘")
QUOTES_CLOSING = frozenset("”’")
# 分隔号, the solidus (GB/T 15834 §4.17, §5.1.8): never at a line's start nor at its end, so `微克/立方米`,
# `30μg/m³`, `2023/2024年` stay whole where Pango (UAX #14, class SY) breaks after the slash. Not in a URL,
# which is Latin text and breaks after its slashes (`cjk.url_break_points`).
SOLIDI = frozenset("/／")
# What must never start a line (GB/T 15834 §5.1; typocheck's list).
NO_START = CLOSING | LONG_MARKS | GLUE_BEFORE | SOLIDI | frozenset("%‰°")
# What must never end a line: opening brackets and quotes, and the solidus (GB/T 15834 §5.1).
NO_END = OPENING | SOLIDI

# What a number keeps after it when the layout asks (`[typesetting] keep_units`, typography.md b2): the
# calendar's 年 月 日 (`2026 / 年` is what offices object to). Measure words and money units (`17 / 个`,
# `97.4 / 亿元`) are left to break: kept too, they left the 1956 budget's lines of long figures ragged
# (typocheck: 4) and loose lines 23 → 29 over the corpus.
UNITS = frozenset("年月日")
WORD_JOINER = "\u2060"  # draws nothing, forbids a line break on both sides; never reaches the text layer
ZERO_WIDTH_SPACE = "\u200b"  # draws nothing, allows a line break after it; never reaches the text layer
# Characters that draw nothing: they must take no letter spacing and no justification space.
INVISIBLE = frozenset((WORD_JOINER, "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"))


@functools.cache  # called for every character of every line: a few thousand distinct ones
def is_wide(char: str) -> bool:
    """A character that takes a full em in Chinese text: Han, kana, full-width forms, CJK punctuation."""
    if char in COMPRESSIBLE or char in LONG_MARKS:
        return True
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.cache
def is_han_like(char: str) -> bool:
    """A wide character that is not punctuation: Han, kana, hangul, full-width letters and digits."""
    if not is_wide(char) or char in COMPRESSIBLE or char in LONG_MARKS or char in CONNECTORS:
        return False
    return not unicodedata.category(char).startswith(("P", "S", "Z"))


@functools.cache
def is_latin_like(char: str) -> bool:
    """A narrow letter or digit: the Western side of Han–Latin spacing (CLREQ #mixed_text_composition)."""
    return not is_wide(char) and unicodedata.category(char)[0] in ("L", "N")


@functools.cache
def is_extend(char: str) -> bool:
    """A character that belongs to the grapheme before it (combining marks, variation selectors, ZWJ)."""
    code = ord(char)
    return (unicodedata.category(char) in ("Mn", "Me") or 0xFE00 <= code <= 0xFE0F
            or 0xE0100 <= code <= 0xE01EF or code in (0x200C, 0x200D))


@functools.cache
def is_expandable(char: str, loose: bool = False) -> bool:
    """Whether justification may add space beside `char` (Pango splits it evenly on both sides).

    Wide characters and spaces are; Latin letters and digits are not (a word or a number stays
    whole), nor are long marks and connectors (—— stays 2 em, 中国—东盟 stays joined), nor
    characters that draw nothing. A `loose` line — one whose gaps would otherwise grow so wide that
    text extraction reads them as spaces — also spreads letters and digits.
    """
    if char in (" ", "\u00a0", "\u3000"):
        return True
    if char in CONNECTORS or char in INVISIBLE:
        return False
    return is_wide(char) or (loose and not char.isspace())


# The ideographic em box, in em above and below the baseline: the OS/2 typo ascender and descender of
# CJK fonts (Noto CJK, Source Han, Fandol: 880/−120). In Chinese, Japanese or Korean text with a fixed
# line height the PDF centres it in the line (typeset/weasy.py `strut`); the folio's dash is placed by
# it (writers/pdf/folio.py), and `proof` checks the grid against it.
IDEOGRAPHIC_EM_BOX = (0.88, 0.12)
CJK_LANGUAGES = ("zh", "ja", "ko")


def is_cjk_language(lang: str) -> bool:
    """Whether a BCP 47 tag (`zh-CN`) names Chinese, Japanese or Korean."""
    return lang.lower().startswith(CJK_LANGUAGES)

# ① to ⑳: the circled numbers Unicode has in one run (U+2460–U+2473), the note marks of Chinese print
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# … and all the enclosed numbers a text may hold as its own note marks: ① … ⑳, ㉑ … ㉟, ㊱ … ㊿
ENCLOSED_NUMBERS = frozenset(CIRCLED + "".join(map(chr, (*range(0x3251, 0x3260), *range(0x32B1, 0x32C0)))))


def glued_mark(text: str, index: int) -> bool:
    """Whether `text[index]` is an enclosed number that marks a note on what it follows (`“八项本领”㊶`,
    `产业①`): after a character or a closing bracket or quote, it belongs to that text and never starts a
    line (CLREQ #prohibition_rules_for_line_start_end, as a note call). After a space, a pause or stop
    mark or an opening bracket it is an enumerator (`主要是：①…；②…`), which may. After another enclosed
    number it is not glued: a run of them (`①②③…`) keeps its breaks, so the run the layout may have to
    set without a break stays two characters, whatever the reader's limit on such runs lets through."""
    if index <= 0 or text[index] not in ENCLOSED_NUMBERS:
        return False
    before = text[index - 1]
    return not (before.isspace() or before in OPENING or before in ENCLOSED_NUMBERS
                or (before in CLOSING and before not in PUSH_IN_BRACKETS))
