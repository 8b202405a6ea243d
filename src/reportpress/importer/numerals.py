"""Numbers and numbering an OCR pass or a careless typist wrote with look-alike characters, and line numbers.

In: the decoded lines. Out: the same lines mended, and a `Decision` for each kind of mend (the report lists
them). The structure depends on these, and each look-alike is read by its place alone:

- `〇` among ASCII digits is a zero: `1〇6家`, `2〇24年`, `3〇〇个` (no number mixes the two), and so is `○` after a
  digit (`1○6`); a `○` opening the run is a list's bullet (`○2024年完成…`) and stays;
- `O`, `o`, `Ｏ`, `○` or `◯` among the Han numerals of a year is `〇`: `二O二四年`, `二○二三年` (a Big5 text writes
  `○`, which has no `〇`), so the date is read and the title names its government;
- a dash where the numeral `一` should open a numbered line: `—、2023年工作回顾`, `（—）产业转型`, `十—、` — no
  heading opens with a dash before `、`, and an OCR pass reads the one stroke of `一` as one;
- a Kangxi radical (U+2F00–U+2FD5, and the two of U+2E80–U+2EFF with a compatibility mapping) where the
  ideograph it looks like stands: a PDF whose font maps `一` `工` `生` to the radicals' code points extracts
  `⼀、2023年⼯作回顾`, which no rule reads as numbered and no font sets as the ideograph; a report never
  means the radical (Unicode's own mapping, NFKC, gives the ideograph); so a CJK compatibility ideograph
  (`更` U+F901 for 更) and a Latin ligature (`eﬃciency`) such a PDF gives;
- an enclosed numeral numbering a line: `㈠`…`㈩` (U+3220–U+3229) anywhere are `（一）`…`（十）`, and `⒈`…`⒛`
  (U+2488–U+249B, digits with a full stop) opening a line are `1．`…`20．` (a word processor's list numbers,
  kept as characters by a PDF or a copy); `⑴` `①` are left as they are: they are note calls too (notes.py);
- line numbers an editor or a legal draft's PDF put before every line (`1　2024年…`, `27　各位代表，…`): when
  nearly every line with text opens with a number and the numbers count up by one, they are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from reportpress.importer.blocks import Line
from reportpress.importer.decode import fold_full_width
from reportpress.importer.report import Decision

# a run of digits and zeros (a run, then the test for a digit in it: linear, where `[\d〇]*\d[\d〇]*` would go
# back over a long run of 〇 from each place in it)
_DIGITS_AND_ZEROS = re.compile(r"[\d〇○]+")
_HAN_NUMERAL = "一二三四五六七八九"
_YEAR_LOOKALIKE = re.compile(rf"[{_HAN_NUMERAL}〇零OoＯ○◯]{{4}}(?=\s*年)")
_DASH_NUMBERING = re.compile(rf"^(\s*)(?:([{_HAN_NUMERAL}十—－―─]{{1,3}})(?=、)|（([{_HAN_NUMERAL}十—－―─]{{1,3}})）)")
_DASHES = re.compile(r"[—－―─]")
# a line number: digits, then the spaces or the one ideographic space that part it from the line's text (an
# indent after them is the text's own, a paragraph start)
_LINE_NUMBER = re.compile(r"(\d{1,5})(?:[ \t]+|\u3000|$)")
# Kangxi radicals and the CJK radical supplement's characters that Unicode maps to an ideograph (NFKC); the CJK
# compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F: a font's duplicate code points, canonically the unified
# ideograph, NFC); the Latin ligatures ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ of an English line a PDF extracted with its ligature glyphs
_RADICALS = {char: unicodedata.normalize("NFKC", char) for char in map(chr, [*range(0x2E80, 0x2FE0),
                                                                              *range(0xF900, 0xFB07),
                                                                              *range(0x2F800, 0x2FA20)])
             if unicodedata.normalize("NFKC", char) != char}
_RADICAL = re.compile("[" + "".join(_RADICALS) + "]")
_HAN_TENS = "一二三四五六七八九十"
_ENCLOSED_HAN = re.compile(r"[\u3220-\u3229]")
_DIGIT_STOP = re.compile(r"^(\s*)([\u2488-\u249b])")
_NUMBERED_SHARE = 0.9
_NUMBERED_MIN = 10


def mend_zeros(text: str) -> str:
    """`1〇6家` → `106家` (see the module docstring); a run with no ASCII digit is left alone."""
    def zeros(found: re.Match[str]) -> str:
        run = found.group()
        if not any(char.isdigit() for char in run):
            return run
        bullet = len(run) - len(run.lstrip("○"))
        return run[:bullet] + run[bullet:].replace("〇", "0").replace("○", "0")
    return _DIGITS_AND_ZEROS.sub(zeros, text)


def mend_year(text: str) -> str:
    """`二O二四年` → `二〇二四年`: a year of four Han numerals, two at least real, the others look-alikes."""
    def year(found: re.Match[str]) -> str:
        digits = found.group()
        if sum(char in _HAN_NUMERAL for char in digits) < 2:
            return digits
        return re.sub(r"[OoＯ○◯]", "〇", digits)
    return _YEAR_LOOKALIKE.sub(year, text)


def mend_look_alikes(text: str) -> str:
    """`⼀、…⼯作` → `一、…工作`, `㈠` → `（一）`, a line's `⒈` → `1．` (see the module docstring)."""
    text = _RADICAL.sub(lambda found: _RADICALS[found.group()], text)
    text = _ENCLOSED_HAN.sub(lambda found: f"（{_HAN_TENS[ord(found.group()) - 0x3220]}）", text)
    return _DIGIT_STOP.sub(lambda found: f"{found.group(1)}{ord(found.group(2)) - 0x2487}．", text)


def mend_numbering(text: str) -> str:
    """`—、…` → `一、…`, `（—）…` → `（一）…`: a dash inside the Han numeral that opens a numbered line."""
    found = _DASH_NUMBERING.match(text)
    if not found:
        return text
    numeral = found.group(2) or found.group(3)
    if not _DASHES.search(numeral):
        return text
    mended = _DASHES.sub("一", numeral)
    start, end = found.span(2) if found.group(2) else found.span(3)
    return text[:start] + mended + text[end:]


def strip_line_numbers(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """The lines without the line numbers an editor put before each (see the module docstring)."""
    texts = [(index, line) for index, line in enumerate(lines) if line.text.strip()]
    if len(texts) < _NUMBERED_MIN:
        return lines, []
    numbers = [_LINE_NUMBER.match(line.text.lstrip()) for _, line in texts]
    counted = 0
    previous = None
    for found in numbers:
        if found is not None:
            value = int(found.group(1))
            if previous is not None and value == previous + 1:
                counted += 1
            previous = value
    if counted < _NUMBERED_SHARE * (len(texts) - 1):
        return lines, []
    result = list(lines)
    for (index, line), found in zip(texts, numbers, strict=True):
        if found is not None:
            stripped = line.text.lstrip()
            result[index] = Line(line.number, stripped[found.end():], line.indented)
    what = f"line numbers before {counted + 1} lines dropped (they count up by one: an editor's, not the text's)"
    return result, [Decision((texts[0][1].number, texts[-1][1].number), "line numbers", what, 0.8, "")]


def mend_numerals(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Every look-alike numeral mended (see the module docstring); one decision listing the lines mended."""
    lines, decisions = strip_line_numbers(lines)
    mended_lines: list[int] = []
    result: list[Line] = []
    for line in lines:
        text = mend_numbering(mend_year(mend_zeros(mend_look_alikes(line.text))))
        if text != line.text:  # `８〇．２％` was folded only up to its 〇: with the zero read, `．` `％` are a number's
            text = fold_full_width(text)
        if text != line.text:
            mended_lines.append(line.number)
            result.append(Line(line.number, text, line.indented))
        else:
            result.append(line)
    if mended_lines:
        what = ("look-alike numerals mended: 〇 among digits read 0, O or ○ in a Han year read 〇, a dash opening "
                "a numbered line read 一, a Kangxi radical or a compatibility ideograph read as its ideograph, a "
                "Latin ligature as its letters, ㈠ read （一）, ⒈ read 1．")
        decisions.append(Decision(tuple(mended_lines[:20]), "numerals", what, 0.7, ""))
    return result, decisions
