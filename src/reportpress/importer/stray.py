"""Stray `?` and U+FFFD left by a lossy re-encoding, in the lines that carry the structure.

In: the lines left after noise removal. Out: the same lines with the strays removed or mended, and a
`Decision` for each (the report lists them). A text converted to a code page that lacks a character
(GB2312 has no U+3000 in some converters, a web page's `&nbsp;`, a rare Han character) gets `?` or the
replacement character U+FFFD in its place. Chinese print text never writes a half-width `?` after a
full stop, nor at the end of a numbered heading, nor between an office and a name; so, with no
dictionary of the lost characters, three places are mended by their shape alone:

- right after a sentence or clause mark (`。?` `；?` `，?`): dropped, a mark never follows a mark;
- right before one (`进入前1?。`, `区?，`): a mark never follows a question mark either, so a character of
  the text was lost there (`前1‱`): marked `□` (below), a doubtful decision, to restore from the original;
- at the end of a line that opens with official numbering (`三、2014年重点工作?`): dropped, a heading
  is no question unless it is written with a full-width `？` and a question word;
- between two Han characters in a short line with no other punctuation (`国务院总理?李克强`): the lost
  character was the space between office and name, so it becomes U+3000.

Elsewhere a `?` is left for punctuation.py (a real question in a half-width copy). A U+FFFD left anywhere
else is a character lost for good (a GB18030 file with broken bytes, mojibake that dropped bytes): it
becomes `□` (U+25A1), the mark Chinese print sets for a lost or illegible character, which every CJK font
has, where U+FFFD is in none and would stop the build. The report names every mended line.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Line
from reportpress.importer.headings import NUMBERING
from reportpress.importer.report import Decision

_STRAY = "?\ufffd"
LOST_MARK = "\u25a1"  # □: the lost-character mark of Chinese print (缺字符号)
_AFTER_MARK = re.compile(rf"(?<=[。！？；：，、])[{_STRAY}]+")
# … and before one, where no question mark stands either (a `?` or U+FFFD after a mark went just above)
_BEFORE_MARK = re.compile(r"(?<![。！？；：，、?\ufffd])[?\ufffd](?=[。，、；：])")
_AT_HEADING_END = re.compile(rf"(?<=[\u4e00-\u9fff0-9A-Za-z）”])[{_STRAY}]+(?=[ \t\u3000]*$)")
_QUESTION_WORD = re.compile(r"吗|呢|么|如何|为何|怎样|何以|是否|哪")
_QUESTION_REACH = 8  # characters before a `?` looked at for a question word
_BETWEEN_HAN = re.compile(rf"(?<=[\u4e00-\u9fff])[{_STRAY}](?=[\u4e00-\u9fff])")
_SHORT_LINE = 24
_OTHER_PUNCTUATION = re.compile(r"[，。；：！？、,.;:!]")


def mend_line(text: str) -> tuple[str, str]:
    """(mended text, what was done) for one stripped line; what is "" when nothing was."""
    done: list[str] = []
    mended = _AFTER_MARK.sub("", text)
    if mended != text:
        done.append("a stray `?` after a punctuation mark dropped")
    # a question word just before it (`钱从哪里来?，`): a question after all, left for punctuation.py
    lost = _BEFORE_MARK.sub(lambda found: found.group() if _QUESTION_WORD.search(
        found.string[max(0, found.start() - _QUESTION_REACH):found.start()]) else LOST_MARK, mended)
    if lost != mended:
        done.append(f"a stray `?` before a punctuation mark: a lost character, marked {LOST_MARK}; restore it "
                    "from the original")
        mended = lost
    if NUMBERING.match(mended) and not _QUESTION_WORD.search(mended):
        cut = _AT_HEADING_END.sub("", mended)
        if cut != mended:
            done.append("a stray `?` ending a numbered line dropped")
            mended = cut
    if (
        len(mended) <= _SHORT_LINE
        and len(_BETWEEN_HAN.findall(mended)) == 1
        and not _OTHER_PUNCTUATION.search(mended)
    ):
        mended = _BETWEEN_HAN.sub("\u3000", mended)
        done.append("a stray `?` between two words of a short line read as a lost space")
    return mended, "; ".join(done)


def mend_strays(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Mend every line (see the module docstring); return the lines and one decision per mended line."""
    result: list[Line] = []
    decisions: list[Decision] = []
    for line in lines:
        if not any(char in line.text for char in _STRAY):
            result.append(line)
            continue
        indent = line.text[: len(line.text) - len(line.text.lstrip(" \t\u3000"))]
        mended, done = mend_line(line.text.strip(" \t\u3000"))
        if done:
            # a character marked lost is a doubt to resolve by hand; a stray dropped is most often right
            confidence = 0.3 if mended.count(LOST_MARK) > line.text.count(LOST_MARK) else 0.8
            decisions.append(Decision((line.number,), "stray character", done, confidence, mended))
            result.append(Line(line.number, indent + mended, line.indented))
        else:
            result.append(line)
    return result, decisions



def mark_lost_characters(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Every U+FFFD the stray rules left → `□` (see the module docstring), with one decision for them all."""
    marked = [line.number for line in lines if "\ufffd" in line.text]
    if not marked:
        return lines, []
    count = sum(line.text.count("\ufffd") for line in lines)
    result = [Line(line.number, line.text.replace("\ufffd", LOST_MARK), line.indented) if "\ufffd" in line.text
              else line for line in lines]
    what = (f"{count} characters lost in the raw text (replacement characters): marked {LOST_MARK}; restore them "
            "from the original")
    return result, [Decision(tuple(marked[:20]), "lost character", what, 0.3, "")]

