"""Where a title, a subtitle or a heading breaks into lines: at word boundaries, into balanced lines.

In: a text (the plain text of a title, subtitle or heading), its measure in em (line width / font
size) and the layout's punctuation style. Out: the positions at which its lines start (`break_lines`),
or its lines (`balanced_lines`), which the writers set with `<br>` (PDF) or `w:br` (DOCX): a break
adds a line break only, never a character, so the text layer keeps the title's characters in order.

GB/T 9704-2012 §7.3.1: a title that runs to a second line breaks so that each line keeps whole words
(词意完整) and the lines stand symmetrically (排列对称, 长短适宜, 梯形或菱形). So:

- A line may break only at a word boundary: jieba's dictionary and its algorithm (the route of
  highest probability through the graph of dictionary words, `jieba.Tokenizer.calc`) cut a run of
  Han characters into words; a Latin word or a number is one word, and stays with the Han character
  after it (`2024年`, `5G网络`), as `第` stays with the number after it. Never before a mark that may
  not start a line nor after one that may not end one (`chars.NO_START`, `chars.NO_END`).
- Not all word boundaries are equal (`boundary_costs`, from the words' parts of speech in jieba's
  dictionary, the tags `jieba.posseg` gives, and a list of function words): a break between phrases
  (after a mark or 的/等, before 和/与/及 or 在/关于/对, after a verb: before its object; between a
  subject and a predicate that goes on, `…高质量发展 / 取得新成效`) is best; one between two verbs
  (`加快 / 建设`) is a plain one; one inside what reads as one unit — a noun compound the segmenter cut
  in two (`城市 / 更新`, `乡村 / 振兴`, `营商 / 环境`), before 的, after a preposition or a conjunction
  (a line ending on 和 reads as cut off) — is taken only when no other gives
  balanced lines, and then between a compound's modifiers rather than before its head
  (`民营企业 / 高质量发展`, not `民营企业高质量 / 发展`).
- A centred block (title, subtitle, cover title) gets the fewest lines it needs. Of the breaks whose
  shortest line is at least 60 % of the longest: the fewest inside compounds, then the most between
  phrases, then those that are not 沙漏形 (a middle line the shortest: for one, breaks as good that
  are not one are taken with a shortest line down to `HOURGLASS_SHARE`), then those whose lines do not
  grow downward (倒梯形 or 矩形, as printed reports set their
  subtitles; a centred line in the body's size shorter than the one below it also reads as a ragged
  line to a checker that infers the block's edges from a cover's few lines, so a subtitle breaks
  inside a long word rather than grow), then the longest line shortest. Without such breaks: the
  longest line shortest, then the shortest line longest, of equal choices the one whose upper line
  is shorter — between phrases or plain words when those give as few lines.
- The cover's subtitle and speaker (`COVER_LINE_ROLES`, `Measure.descending`) stand alone on the page
  in the body's size: their lines never grow downward (a line is taken for no shorter than its Latin
  at the narrowest CJK fonts draw it, `LATIN_LEAST`, and may be `GROW_SLACK` longer than the one above).
  They keep words and session names whole at the role's size when they can; else a named size (字号)
  smaller, 小三 15, 四号 14 or 小四 12, in as many lines or fewer (`cover_line_size`: `——2012年3月5日在第十一届全国
  人民代表大会第五次会议上` takes one line of 15 pt, not `…第十一届全国 / 人民代表大会…`); else in a line
  more; else with the least cut (a name's joint) that keeps them from growing.
- A left-aligned heading that wraps keeps its lines full, breaking at the last word boundary that
  fits (greedy over words) — unless that is inside a compound: then at the last other boundary that
  leaves the line at most `PULL_BACK` (a third) short, or else before a modifier rather than the head;
  and a clause's mark (`CLAUSE_MARKS`) within that third ends the line rather than a word after it.
- In both, the last line never holds only one or two characters (letters and digits, as `reportpress
  proof` counts them); a text with no such break at word boundaries falls back to any break 禁则
  allows, and a word longer than the measure is broken where it must.

Widths: a wide character (Han, full-width mark) is 1 em, less the half em the layout's punctuation
style takes from compressed marks (`cjk.compressed_marks`, the text pass's own rule); Latin letters,
digits and spaces have no font at hand here, so each gets a conservative estimate of the proportional
Latin of CJK fonts (`LATIN_EM`): wide enough that a line estimated to fit does fit.

jieba is used lazily and quietly: only its dictionary file is read (`dict.txt`, found without
importing the package), no logger is set up, no cache file is written; the words made only of the
characters of the texts at hand are looked up in one pass over it (`Lexicon.prepare`), with their
parts of speech, so a build pays a few milliseconds, not the 0.6 s of building jieba's prefix
dictionary (nor `jieba.posseg`'s load of its HMM tables: with the HMM off, as here, posseg tags each
dictionary word with the dictionary's own tag, which is what `Lexicon.tags` holds). Deterministic: the same
text and measure give the same breaks.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from reportpress.errors import SourceError
from reportpress.model import SourcePos
from reportpress.typeset.chars import INVISIBLE, LONG_MARKS, NO_END, NO_START, is_wide
from reportpress.typeset.cjk import compressed_marks
from reportpress.units import CHINESE_SIZES

if TYPE_CHECKING:
    from reportpress.layouts import Layout, Role
    from reportpress.model import Document
    from reportpress.resolve import CallMark
    from reportpress.writers.covers import CoverSpec

# --------------------------------------------------------------------------------------- widths

# Conservative advances (em) of the proportional Latin in CJK fonts (Noto Serif/Sans CJK, FandolFang,
# LXGW WenKai measured 0.22–0.84): the widest letters of each class, so a line estimated to fit fits.
LATIN_EM = {"narrow": 0.32, "lower": 0.58, "upper": 0.74, "wide": 0.95, "digit": 0.58, "space": 0.34,
            "other": 0.6}
# The narrowest advances of the same classes in those fonts (0.47 the digits of Noto Serif CJK SC, 0.39
# the lower case of FandolFang): a line is taken for no shorter than this when the line under it must not
# be longer (`_Lines.grows`), so that a line of digits estimated wide is not counted on to cover one below.
LATIN_LEAST = {"narrow": 0.2, "lower": 0.39, "upper": 0.4, "wide": 0.5, "digit": 0.47, "space": 0.22,
               "other": 0.33}
_NARROW = frozenset("fijlrtI.,:;'!|()[]")
_WIDE = frozenset("mwMW@%&")
CENTRED_ROOM = 1.0  # em a centred line keeps free on each side: a line filling the measure reads as justified
BALANCE_MAX = 200  # characters: a longer "title" is left to the renderer (the search is quadratic in length)
BALANCED_SHARE = 0.6  # a centred block's shortest line, as a share of its longest, for its shape to count
HOURGLASS_SHARE = 0.45  # the same share, for a block that escapes 沙漏形 by it (`_shaped`)
SHAPED_LINES = 3  # blocks of up to this many lines get the shape rule (`_shaped`)
# em a centred line may be longer than the one above it and still count as not growing: under half the
# half em of a compressed mark (Han lines differ by whole or half ems, so those must not grow at all), and
# at 三号 (16 pt) 2.4 pt, under the 1.5 pt a side by which typocheck reads a centred upper line ending short
# of the one below as a ragged line (`reportpress proof` and typocheck measure from the glyphs)
GROW_SLACK = 0.15
SHORTEST_LAST = 3  # letters and digits the last line holds at least (proof's `unbalanced-title`: ≤ 2 is not)
FIT = 1e-6  # float slack: 28 characters of 15.79 pt fill a 442.2 pt line
PULL_BACK = 1 / 3  # the share of its measure a heading's line may end short, so as not to end inside a compound
# em a line holding a raised note call keeps free: the call's width is an estimate (its mark in another
# size, maybe another font), and a line it would fill exactly leaves the renderer no room for the
# estimate's error: it wraps before the `<br>`, leaving a character alone. (`LATIN_EM` already errs wide.)
CALL_ROOM = 0.25
CALL_SCALE = 0.6  # a raised call's size, as a share of its line's (style.css.j2: `font-size: 0.6em`)
COVER_LINES = 3  # a cover title breaks into up to this many lines before it shrinks
COVER_TITLE_FLOOR = 12.0  # pt (小四): a cover title that would be smaller in `COVER_LINES` lines is refused
VARIATION_SELECTORS = frozenset(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
EMOJI_MODIFIERS = frozenset(map(chr, range(0x1F3FB, 0x1F400)))
ZWJ = "\u200d"


def extends(char: str) -> bool:
    """Whether `char` belongs to the grapheme cluster of the character before it (UAX #29 Extend):
    a combining mark (Mn, Mc, Me), a variation selector, an emoji modifier, a zero-width joiner.
    A line never starts with one, and it takes no width of its own here."""
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char in VARIATION_SELECTORS
            or char in EMOJI_MODIFIERS or char == ZWJ)


def char_width(char: str, latin: Mapping[str, float] = LATIN_EM) -> float:
    """The advance of one character in em, before punctuation compression; a Latin letter, digit or
    space at its class's advance in `latin` (`LATIN_EM`, the widest; `LATIN_LEAST`, the narrowest)."""
    if char in INVISIBLE or extends(char):
        return 0.0  # a combining mark sits on its letter; a selector only picks the glyph of the one before
    if is_wide(char):
        return 1.0
    if char.isspace():
        return latin["space"]
    if unicodedata.east_asian_width(char) == "A" and not char.isalpha():
        return 1.0  # ① ※ § ×: CJK fonts draw these ambiguous-width symbols a full em wide
    if char in _NARROW:
        return latin["narrow"]
    if char in _WIDE:
        return latin["wide"]
    if char.isdigit():
        return latin["digit"]
    if char.isupper():
        return latin["upper"]
    if char.isalpha():
        return latin["lower"]
    return latin["other"]


def char_widths(text: str, punctuation: str = "quanjiao", latin: Mapping[str, float] = LATIN_EM) -> list[float]:
    """Each character's advance in em, compressed marks at half (the text pass's rule, `compressed_marks`)."""
    widths = [char_width(char, latin) for char in text]
    for index in compressed_marks(text, punctuation):
        widths[index] = 0.5
    return widths


def call_width(mark: str) -> float:
    """The advance, in em of its line, of a raised note call reading `mark` (`①`, `［3］`, `[2,5-7]`)."""
    return CALL_SCALE * sum(char_widths(mark))


def call_widths(marks: Iterable[CallMark], tracking: float) -> dict[int, float]:
    """The raised calls' widths in em of the line (`call_width` of each mark, a tracked one with the
    line's letter spacing `tracking` per character), summed by the offset into the plain text."""
    widths: dict[int, float] = {}
    for offset, mark, tracked in marks:
        widths[offset] = widths.get(offset, 0.0) + call_width(mark) + (tracking * len(mark) if tracked else 0.0)
    return widths


def count_characters(text: str) -> int:
    """Letters and digits: what a short last line is counted in (punctuation does not count)."""
    return sum(1 for char in text if unicodedata.category(char)[0] in ("L", "N"))


# ------------------------------------------------------------------------------------- segmenter

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# The sum of the counts in jieba 0.42.1's dict.txt (the version pyproject pins; a test recounts it):
# the denominator of jieba's word probabilities, counted once here rather than in every process.
JIEBA_TOTAL = 60101967


def jieba_dictionary() -> Path | None:
    """jieba's dictionary file, found without importing jieba (whose import loads its HMM tables and
    sets up a logger), or None when jieba is not installed: then every Han character is a word."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


class Lexicon:
    """The words of jieba's dictionary made only of characters already asked for, with their counts
    and their parts of speech (the dictionary's third column, the tags `jieba.posseg` gives them).

    One regular-expression pass over the dictionary file finds them (`prepare`); a text with a
    character not yet asked for makes another pass. The dictionary's total count, the denominator
    of jieba's word probabilities, is counted in the first pass.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._text: str | None = None
        self._chars: set[str] = set()
        self.words: dict[str, int] = {}
        self.tags: dict[str, str] = {}  # each word's part of speech, as jieba.posseg reads it from dict.txt
        self.total = 0
        self.longest = 1

    def _dictionary(self) -> str | None:
        if self._text is None:
            path = jieba_dictionary()
            try:
                text = "\n" + path.read_text("utf-8") if path is not None else ""
            except (OSError, UnicodeDecodeError):
                text = ""
            self.total = JIEBA_TOTAL  # before `_text`: a lexicon with a dictionary always has its total
            self._text = text
        return self._text or None

    def prepare(self, texts: Iterable[str]) -> None:
        """Look up, in one pass, the words that can occur in `texts`.

        Interruptible: a pass stopped part way (the template deadline's SIGALRM, Ctrl-C) leaves the
        lexicon as it was, and the next call makes the pass again. The state changes only after the
        pass, in an order in which each step alone is consistent: `longest` only grows, `words` gains
        words, and `_chars` says the pass was made."""
        wanted = {char for text in texts for run in _HAN.findall(text) for char in run}
        with self._lock:  # the check too: another thread (watch's server) may be making this very pass
            wanted -= self._chars
            if not wanted:
                return
            dictionary = self._dictionary()
            if dictionary is not None:
                chars = "".join(sorted(self._chars | wanted))
                pattern = re.compile(r"\n([" + re.escape(chars) + r"]{1,32}) (\d+) ([a-z]*)")
                found = pattern.findall(dictionary)
                words = {word: int(count) for word, count, _ in found}
                self.longest = max(self.longest, max(map(len, words), default=1))
                self.tags = {word: tag for word, _, tag in found}  # before `words`: a word has its tag
                self.words = words
            self._chars = self._chars | wanted

    def cut(self, run: str) -> list[str]:
        """A run of Han characters cut into words: jieba's route of highest probability (HMM off)."""
        self.prepare((run,))
        table, longest = self.words, self.longest  # one table throughout, should another thread grow it
        if not table:
            return list(run)
        log_total = math.log(self.total or 1)
        size = len(run)
        best: list[tuple[float, int]] = [(0.0, 0)] * (size + 1)
        for start in range(size - 1, -1, -1):
            ends = [end for end in range(start + 1, min(size, start + longest) + 1)
                    if end == start + 1 or run[start:end] in table]
            best[start] = max((math.log(table.get(run[start:end]) or 1) - log_total + best[end][0], end)
                              for end in ends)
        words: list[str] = []
        start = 0
        while start < size:
            end = best[start][1]
            words.append(run[start:end])
            start = end
        return words


LEXICON = Lexicon()


def word_boundaries(text: str) -> set[int]:
    """Positions between two words of `text` (a Han run cut by the lexicon; Latin words and numbers whole)."""
    bounds: set[int] = set()
    position = 0
    for match in _HAN.finditer(text):
        bounds.update(range(position, match.start() + 1))  # outside Han runs: every position, 禁则 decide
        offset = match.start()
        for word in LEXICON.cut(match.group()):
            bounds.add(offset)
            offset += len(word)
        position = match.end()
    bounds.update(range(position, len(text) + 1))
    return bounds


def compound_boundaries(text: str) -> set[int]:
    """Positions inside a long word where it is two words of the lexicon (`全国人民|代表大会`): where a
    centred block may break when no break between whole words gives it its shape."""
    bounds: set[int] = set()
    for match in _HAN.finditer(text):
        offset = match.start()
        for word in LEXICON.cut(match.group()):
            bounds.update(offset + cut for cut in range(2, len(word) - 1)
                          if word[:cut] in LEXICON.words and word[cut:] in LEXICON.words)
            offset += len(word)
    return bounds


# ------------------------------------------------------------------------------ phrase boundaries

# What a break between two words costs, by the words on either side (`boundary_costs`): a title reads
# best broken between phrases, and worst inside a noun compound (`城市 / 更新`, `乡村 / 振兴`), which the
# segmenter cuts into two words all the same. A break at a `BOUND` boundary or worse is taken only when
# no other gives balanced lines; of those, one before a compound's head (`HEAD`: a Chinese compound
# ends in its head, `高质量 / 发展`) is the last resort, after one between its modifiers (`民营企业 /
# 高质量发展`).
PHRASE, PLAIN, BOUND, HEAD = 0, 1, 2, 3
# jieba's tags (dict.txt, ICTCLAS style) are a guide, not a grammar (`更新` is an adverb there, `着力` a
# noun), so the function words a title turns on are also named here, by the side of them a break goes.
PARTICLES = frozenset({"的", "之", "地", "得", "等", "等等", "了", "着", "过"})  # break after, never before
CONJUNCTIONS = frozenset({"和", "与", "及", "并", "或", "而", "同", "跟", "以及", "及其", "或者", "并且", "暨"})
PREPOSITIONS = frozenset({"在", "关于", "对", "对于", "为", "以", "于", "向", "从", "把", "被", "由", "通过",
                          "按照", "根据", "面向", "围绕", "就", "给"})  # break before: a preposition keeps its object
# a modifier or a noun on the left and a noun or a verb on the right make a compound (`营商环境`,
# `高质量发展`, `乡村振兴`, `生态环境保护`); a verb on the left takes the rest as its object (`推进 / 城市更新`)
# (`vn`, a verb used as a noun, is taken for a modifier: `服务 / 体系` and `经营 / 主体` are compounds, and
# `优化 / 营商环境`, a verb and its object, then breaks before the verb; `a`, an adjective, is not, as titles
# use it as a verb: `健全 / 现代化产业体系`)
_MODIFIERS = ("n", "vn", "an", "b", "j", "l")  # tag prefixes: nouns of every kind start with n
_HEADS = ("n", "vn", "an", "j", "l", "v")
_NAMES = frozenset({"ns", "nr", "nt", "nrt", "nrfg"})  # places, people, organisations


# The name of a body's session (`第十六届人民代表大会第七次会议`, `政协青山县第十届委员会第二次会议`,
# `十三届全国人大一次会议`, `…人民代表大会常务委员会第十二次会议`) reads as one name: a centred block breaks
# inside it only when no break outside gives balanced lines (`session_costs`), and then at one of its
# joints — before the term's ordinal (`政协青山县 / 第十届…`), between the term and the body (`第十一届 /
# 全国人民代表大会…`), before the session's ordinal (`…委员会 / 第二次会议`) — rather than inside the
# body's name (`全国 / 人民代表大会`, `人民代表大会 / 常务委员会`). The place before `第…届` stays outside it:
# `上海市虹口区 / 第十六届…` is a break between phrases.
_ORDINAL = "第?[〇零一二三四五六七八九十百两0-9０-９]{1,6}"
SESSION_NAME = re.compile(
    rf"(?P<prefix>(?:中国人民政治协商会议|政协)[\u4e00-\u9fff]{{0,12}}?)?(?P<term>{_ORDINAL}届)"
    r"(?P<body>[\u4e00-\u9fff]{0,12}?(?:人民代表大会|人大|委员会))(?P<standing>常务委员会|常委会)?"
    rf"(?P<session>{_ORDINAL}次(?:全体)?(?:会议|大会))")


def session_names(text: str) -> list[tuple[int, int]]:
    """Where `text` names a session of a people's congress or a CPPCC committee: (start, end) of each."""
    return [match.span() for match in SESSION_NAME.finditer(text)]


def session_costs(text: str) -> dict[int, int]:
    """What a break inside a session's name costs (`SESSION_NAME`): `BOUND` at its joints (before the
    term, the body, its standing committee and the session), `HEAD` anywhere else in it."""
    costs: dict[int, int] = {}
    for match in SESSION_NAME.finditer(text):
        joints = {match.start(group) for group in ("term", "body", "standing", "session")}
        costs.update({position: BOUND if position in joints else HEAD
                      for position in range(match.start() + 1, match.end())})
    return costs


def _tag(word: str) -> str:
    """A token's part of speech: jieba's tag for a Han word (`x` when the dictionary lacks it), `w`
    for punctuation and spaces, `eng` for letters and digits; the named function words' own."""
    if word in PARTICLES:
        return "u"
    if word in CONJUNCTIONS:
        return "c"
    if word in PREPOSITIONS:
        return "p"
    if word in REPORT_WORDS:
        return REPORT_WORDS[word]
    if _HAN.fullmatch(word):
        if len(word) == 1 or word in LEXICON.tags:
            return LEXICON.tags.get(word, "x")
        # a longer word the dictionary lacks is a run of single characters (`_words`): a verb when it
        # starts with one (`提|质`, `筑|牢`, `抓|实`), else a noun (`低|碳`, `宜|业`)
        first = LEXICON.tags.get(word[0], "x")
        return "v" if first.startswith("v") and first != "vn" else "n"
    return "eng" if unicodedata.category(word[0])[0] in ("L", "N") else "w"


def _tokens(text: str) -> list[str]:
    """`text` as words: its Han runs cut by the lexicon, every other character a token of its own."""
    tokens: list[str] = []
    position = 0
    for match in _HAN.finditer(text):
        tokens.extend(text[position:match.start()])
        tokens.extend(LEXICON.cut(match.group()))
        position = match.end()
    tokens.extend(text[position:])
    return tokens


def boundary_cost(left: str, right: str, following: str | None = None) -> int:
    """What a break between the words `left` and `right` (and `following`, the word after `right`,
    None at the text's end) costs: `PHRASE` at a phrase boundary (after a mark, after a particle, before
    a conjunction or a preposition, after a verb: between it and its object; between a subject and a
    predicate that takes an object, `发展 / 取得新成效`), `BOUND` inside what reads as one unit (before
    a particle, after a preposition or a conjunction, between two words that are one in the dictionary
    — `城市更新` — or two single characters, or a modifier or noun and a noun or a verb that ends its
    phrase, `乡村振兴`), else `PLAIN` (between two verbs, `加快 / 建设`: one predicate)."""
    before, after = _tag(left), _tag(right)
    if "w" in (before, after):
        return PHRASE
    if after.startswith("u"):
        return BOUND  # 的 and 等 stay with what they follow
    if before.startswith("u") or after in ("c", "p"):
        return PHRASE
    if before in ("p", "c"):
        return BOUND  # a preposition keeps its object; a line ending on 和 reads as cut off (break before it)
    if "eng" in (before, after):
        return PLAIN
    if right in PLACE_SUFFIXES and (before in _NAMES or before.startswith("n")):
        return HEAD  # a place and the 县 or 市 that ends its name (`青山 / 县`)
    if _NUMERAL.fullmatch(left) and _NUMERAL.fullmatch(right):
        return HEAD  # one number (`十五 / 五`)
    if left + right in LEXICON.words or len(left) == len(right) == 1:
        # one word of the dictionary that the segmenter cut in two; or two single characters, which is
        # how it leaves a word its dictionary lacks (`老旧`, `施策`)
        return BOUND
    verb = after.startswith("v") and after != "vn"
    if before.startswith("v") and before != "vn":
        # a verb and its object (`推进 / 城市更新`); two verbs in a row are one predicate (`深入实施`,
        # `加快建设`): a break before the first reads better than between them
        return PLAIN if after.startswith("v") else PHRASE
    if before in _NAMES and verb:
        return PLAIN  # a name and a verb: the subject and its predicate (`青山区 / 推进…`)
    if verb and before.startswith(_MODIFIERS) and _takes_object(following):
        # a noun and a verb with words after it: the subject (or topic) and its predicate (`…高质量发展 /
        # 取得新成效`, `…城市更新行动 / 加快建设…`); a verb that ends its phrase is a compound's head
        # (`乡村振兴`, `乡村振兴的`, `全面振兴，`)
        return PHRASE
    if before.startswith(_MODIFIERS) and after.startswith(_HEADS):
        return BOUND
    return PLAIN


def _takes_object(following: str | None) -> bool:
    """Whether a verb followed by the word `following` reads as a predicate with more after it: a verb,
    an adjective, a number… — not the text's end, a mark, a particle or a conjunction, after which it
    ends its phrase, nor a noun, which it may modify as a compound's part (`乡村振兴项目`)."""
    if following is None:
        return False
    tag = _tag(following)
    return tag not in ("w", "c", "eng", "x") and not tag.startswith(("u", "n", "j", "l"))


# Han numerals: two of them side by side are one number the segmenter cut (`十五|五` of “十五五”)
_NUMERAL = re.compile("[〇零一二三四五六七八九十百千万亿两]+")
# the one-character ends of a place's name (`青山|县`, `政协青山|县`): jieba tags them apart (`zg`, `n`)
PLACE_SUFFIXES = frozenset("省市县区州盟旗镇乡村")


# Words of government reports that jieba 0.42.1's dictionary lacks and cuts into pieces whose tags say
# nothing about the word (`低|碳`: an adjective and a noun; `十五|五`; `碳|达峰`), with the tag the word
# reads as; `_words` keeps each whole. (Compounds of words it has, `营商|环境`, `高质量|发展`, are
# `boundary_cost`'s: a break between their words is a last resort, not a break inside a word.)
REPORT_WORDS: Mapping[str, str] = {
    "低碳": "n", "绿色低碳": "n", "十三五": "m", "十五五": "m", "六稳": "j", "六保": "j", "双碳": "j",
    "碳达峰": "vn", "碳中和": "vn", "放管服": "j", "一带一路": "nz", "专精特新": "j", "一网通办": "l",
    "一网统管": "l", "两个确立": "l", "两个维护": "l",
}
_REPORT_WORD = re.compile("|".join(sorted(REPORT_WORDS, key=len, reverse=True)))


def _words(text: str, tokens: Sequence[str]) -> list[str]:
    """`tokens` (`text` as the segmenter cuts it) joined where they are one word all the same: a word of
    `REPORT_WORDS`, and a run of single Han characters that are not named function words — how the
    segmenter leaves a word its dictionary lacks (`六|稳|六|保`), whose characters' own tags (`低` an
    adjective) say nothing about the word (`_tag` takes the joined run for a noun)."""
    inside = {position for match in _REPORT_WORD.finditer(text) for position in range(match.start() + 1, match.end())}
    words: list[str] = []
    joinable = False  # whether the last word is made of single characters only
    position = 0
    for token in tokens:
        single = _single(token)
        if words and (position in inside or (single and joinable)):
            words[-1] += token
            joinable = single and joinable
        else:
            words.append(token)
            joinable = single
        position += len(token)
    return words


# single characters that are words of their own, never a piece of a longer one the dictionary lacks:
# function words (particles, conjunctions, prepositions: `_tag`'s), adverbs (`d`: 也 都 更 还), localisers
# (`f`: 中 上 下), numerals and measures (`m`, `q`), pronouns (`r`), and these verbs
_WHOLE_TAGS = ("u", "c", "p", "d", "f", "m", "q", "r")
_WHOLE_VERBS = frozenset("是有要会能让使将")


def _single(token: str) -> bool:
    """A single Han character that may be a piece of a word the dictionary lacks: not a word of its own
    (`_WHOLE_TAGS`, `_WHOLE_VERBS`), nor a place's suffix (`县`)."""
    return (len(token) == 1 and bool(_HAN.fullmatch(token)) and not _tag(token).startswith(_WHOLE_TAGS)
            and token not in _WHOLE_VERBS and token not in PLACE_SUFFIXES)


def boundary_costs(text: str, *, names: bool = True) -> dict[int, int]:
    """Each position between two words of `text` (as `word_boundaries` cuts it) and what a break there
    costs: `boundary_cost`, and `HEAD` for the last break inside a run of compound words (the one
    before the run's last word, its head); inside a session's name (`names`) at least `session_costs`.
    A word the segmenter cut (`_words`) is costed as the one word it is, `HEAD` inside it."""
    cut = _tokens(text)
    inner = _inner_positions(cut, tokens := _words(text, cut))
    positions = list(itertools.accumulate(len(token) for token in tokens[:-1]))
    paid = [boundary_cost(left, right, tokens[index + 2] if index + 2 < len(tokens) else None)
            for index, (left, right) in enumerate(pairwise(tokens))]
    # a compound's boundaries: BOUND between two content words (not before a particle, not after a
    # preposition or a conjunction)
    inside = [cost == BOUND and not _tag(right).startswith("u") and _tag(left) not in ("p", "c")
              for cost, (left, right) in zip(paid, pairwise(tokens), strict=True)]
    for index, compound in enumerate(inside):
        if compound and not (index + 1 < len(inside) and inside[index + 1]):
            paid[index] = HEAD
    costs = dict(zip(positions, paid, strict=True)) | dict.fromkeys(inner, HEAD)
    for position, cost in (session_costs(text) if names else {}).items():
        if position in costs:
            costs[position] = max(costs[position], cost)
    for start, end in fixed_terms(text):
        for position in range(start + 1, end):
            if position in costs:
                costs[position] = HEAD
    for position, cost in issued_name_costs(text).items():
        if position in costs and (cost == PHRASE or costs[position] == PLAIN):
            costs[position] = cost
    return costs


# Set terms of Chinese policy language that jieba's dictionary cuts in two and a title must keep whole, as
# one word (GB/T 9704 §7.3.1, 词意完整; `在全市数字经济高质量 / 发展大会上的讲话` was the review of session 26's):
# the typographer's own dictionary beside jieba's, of terms every work report uses
FIXED_TERMS = (
    "高质量发展", "新质生产力", "数字经济", "实体经济", "营商环境", "乡村振兴", "共同富裕", "碳达峰", "碳中和",
    "一带一路", "放管服", "新发展理念", "新发展格局", "现代化产业体系", "全过程人民民主", "中国式现代化",
    "供给侧结构性改革", "粤港澳大湾区", "长三角一体化", "京津冀协同发展", "双循环", "专精特新",
    "人民代表大会", "政治协商会议", "常务委员会",
)
_FIXED_TERMS = re.compile("|".join(sorted(map(re.escape, FIXED_TERMS), key=len, reverse=True)))


def fixed_terms(text: str) -> list[tuple[int, int]]:
    """Where the set terms (`FIXED_TERMS`) stand in `text`, as (start, end)."""
    return [match.span() for match in _FIXED_TERMS.finditer(text)]


# a 公文 title issuing, forwarding or approving a document (`关于印发某市…方案的通知`): what follows the
# verb, up to `的通知`, is the name of that document (GB/T 9704 §7.3.1, 词意完整)
ISSUED_NAME = re.compile(r"(?:印发|转发|批转|发布|颁布|公布)(?!的)(.{4,}?)的(?:通知|决定|意见|批复|函|报告|公告)$")


def issued_name_costs(text: str) -> dict[int, int]:
    """A break before the issued document's name is one between phrases (`PHRASE`: the verb, then its
    object); a plain one inside the name (`boundary_cost`: between two words of no particular kind)
    `BOUND`, as inside a compound (`…关于印发某市 / 老旧小区…方案` cut a place from its plan), while the
    name's own phrase breaks stay (`…发展改革委 / 关于推动…意见的通知`). A bracket the name ends with
    (`（2025—2027年）`) is part of it."""
    match = ISSUED_NAME.search(text)
    if match is None:
        return {}
    start, end = match.span(1)
    return {start: PHRASE} | dict.fromkeys(range(start + 1, end), BOUND)


def _inner_positions(cut: Sequence[str], joined: Sequence[str]) -> set[int]:
    """The positions between two tokens of `cut` that `joined` (the same text, runs joined) has not."""
    def bounds(tokens: Sequence[str]) -> set[int]:
        return set(itertools.accumulate(len(token) for token in tokens[:-1]))
    return bounds(cut) - bounds(joined)


def _latin(char: str) -> bool:
    return not is_wide(char) and unicodedata.category(char)[0] in ("L", "N")


def may_break(text: str, position: int) -> bool:
    """Whether a line may start at `position` by the 禁则 and the word rules that need no dictionary."""
    before, after = text[position - 1], text[position]
    if extends(after) or before == ZWJ:
        return False  # inside a grapheme cluster: a letter and its accents, an emoji sequence
    base = position - 1
    while base > 0 and extends(text[base]):
        base -= 1
    before = text[base]  # the letter an accent sits on: `é́|x` is inside a word as `é|x` is
    if after in NO_START or before in NO_END or after in INVISIBLE or before in INVISIBLE:
        return False
    if before in LONG_MARKS and after in LONG_MARKS:
        return False
    if _latin(before) and (_latin(after) or after in ".,-'%"):
        return False  # inside a Latin word or a number (`3.5`, `COVID-19`)
    if before.isdigit() and not after.isspace():
        return False  # a number stays with what follows it: 2024年, 5G, 30%
    if before == "第" and after.isdigit():
        return False
    return not (before.isspace() and after.isspace())


def break_candidates(text: str, *, words: bool = True, compounds: bool = False) -> list[int]:
    """Positions where a line of `text` may start: at word boundaries (all of them when not `words`),
    and inside compounds too when `compounds`."""
    bounds = word_boundaries(text) if words else set(range(len(text) + 1))
    if words and compounds:
        bounds |= compound_boundaries(text)
    return [position for position in range(1, len(text)) if position in bounds and may_break(text, position)]


# ------------------------------------------------------------------------------------ line breaks


@dataclass(frozen=True, slots=True)
class Measure:
    """How wide a block's lines are, in em of its font: `width` each, the first `indent` less;
    `tracking` is the letter spacing each character adds (em). `shape_first`: a centred block whose
    lines must not grow downward even at the cost of a break inside a compound (`break_lines`).
    `keep_names`: a `shape_first` block grows downward a little rather than break a session's name
    (`SESSION_NAME`) where a break outside it balances the lines. `descending`: the lines never grow
    downward (`_Lines.grows`), and of such breaks one that keeps words and names whole is taken in
    another line before one that cuts them (`_descending`): the cover's subtitle and speaker, whose few
    lines stand alone on the page (`role_measure`; `cover_line_size` sets them smaller first)."""

    width: float
    indent: float = 0.0
    tracking: float = 0.0
    centred: bool = True
    punctuation: str = "quanjiao"
    shape_first: bool = False
    keep_names: bool = True
    descending: bool = False


class _Lines:
    """Widths of any slice of one text, trailing spaces not counted (they hang at a line's end).

    `calls` are the raised note calls set in the text: their width in em by the position they follow
    (a call stays with the character before it); a line holding one keeps `CALL_ROOM` free.
    """

    def __init__(self, text: str, measure: Measure, calls: Mapping[int, float] | None = None) -> None:
        self.text = text
        self.measure = measure
        widths = char_widths(text, measure.punctuation)
        least = char_widths(text, measure.punctuation, LATIN_LEAST)
        called = [False] * len(text)
        for position, width in (calls or {}).items():
            if text and width > 0:  # on the character it follows (a call before any text: the first)
                index = min(max(position, 1), len(text)) - 1
                widths[index] += width
                least[index] += width
                called[index] = True
        self.sums = [0.0]
        self.least = [0.0]  # the same sums at the narrowest Latin advances (`LATIN_LEAST`)
        self.calls = [0]  # how many characters up to each position carry a call
        for width, narrow, call in zip(widths, least, called, strict=True):
            self.sums.append(self.sums[-1] + width + (measure.tracking if width else 0.0))
            self.least.append(self.least[-1] + narrow + (measure.tracking if narrow else 0.0))
            self.calls.append(self.calls[-1] + call)

    def width(self, start: int, end: int) -> float:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return self.sums[end] - self.sums[start]

    def narrowest(self, start: int, end: int) -> float:
        """The slice's width with its Latin at the narrowest advances CJK fonts give it (`LATIN_LEAST`)."""
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return self.least[end] - self.least[start]

    def grows(self, bounds: Sequence[int]) -> bool:
        """Whether, cut at `bounds` (0, the breaks, the end), a line is longer than the one above it by
        more than `GROW_SLACK`, the upper line taken at its narrowest (`narrowest`), the lower at its
        widest (`width`): a line with digits is not counted on to be as wide as estimated."""
        spans = list(pairwise(bounds))
        return any(self.width(*lower) > self.narrowest(*upper) + GROW_SLACK for upper, lower in pairwise(spans))

    def fits(self, start: int, end: int) -> bool:
        room = self.measure.width - (self.measure.indent if start == 0 else 0.0)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if self.calls[end] > self.calls[start]:
            room -= CALL_ROOM
        return self.sums[end] - self.sums[start] <= room + FIT

    def last_ok(self, start: int) -> bool:
        return count_characters(self.text[start:]) >= min(SHORTEST_LAST, count_characters(self.text))


def _fewest_lines(lines: _Lines, stops: Sequence[int]) -> dict[int, int]:
    """For each stop (a line start), the fewest lines from it to the end; unreachable stops are absent."""
    end = len(lines.text)
    fewest: dict[int, int] = {}
    for index in range(len(stops) - 1, -1, -1):
        start = stops[index]
        if lines.fits(start, end) and lines.last_ok(start):
            fewest[start] = 1
            continue
        options = [fewest[stop] for stop in stops[index + 1:] if stop in fewest and lines.fits(start, stop)]
        if options:
            fewest[start] = 1 + min(options)
    return fewest


# compounds, heads, plain breaks, hourglass, grows, longest, -shortest: `_shaped`'s order of choices
_ShapeKey = tuple[int, int, int, bool, bool, float, float]


def _shaped(lines: _Lines, stops: Sequence[int], count: int, costs: Mapping[int, int] | None = None, *,
            growing: bool = True, share: float = BALANCED_SHARE) -> tuple[int, ...] | None:
    """Of the breaks into `count` lines whose shortest line is at least `BALANCED_SHARE` of the longest,
    those with the fewest breaks inside a compound or a name (`BOUND` or `HEAD` in `costs`; a stop `costs`
    lacks is inside a word, `HEAD`), then the fewest before a compound's head, then the fewest that are
    not between phrases (`PLAIN`), then those that are not 沙漏形 (`hourglass`: §7.3.1 wants 梯形 or 菱形),
    then those whose lines do not grow downward (`_Lines.grows`, which does not count on a line of digits
    being as wide as estimated: 倒梯形 or 矩形, §7.3.1's 梯形 upside down), then the longest line
    shortest; None when
    none is balanced enough (or, not `growing`, when every balanced choice grows downward). When the
    choice is an hourglass, breaks that cost no more and are not one are taken instead even with a
    shortest line down to `HOURGLASS_SHARE` of the longest (a 梯形 whose top line is short:
    `2025年某某市推进 / 城市更新和高质量发展工作情况 / 及…的报告`). Tried for up to three lines: every
    choice of breaks is looked at. Without `costs` every break costs the same. `share`: the
    `BALANCED_SHARE` asked for (a `descending` block's last resort asks for less, `_descending`)."""
    end = len(lines.text)
    best: tuple[_ShapeKey, tuple[int, ...]] | None = None
    loose: tuple[_ShapeKey, tuple[int, ...]] | None = None  # not hourglass, shortest under BALANCED_SHARE
    for breaks in combinations(stops[1:], count - 1):
        bounds = [0, *breaks, end]
        if not all(lines.fits(a, b) for a, b in pairwise(bounds)) or not lines.last_ok(bounds[-2]):
            continue
        widths = [lines.width(a, b) for a, b in pairwise(bounds)]
        if min(widths) < HOURGLASS_SHARE * max(widths):
            continue
        grows = lines.grows(bounds)
        if grows and not growing:
            continue
        paid = [costs.get(stop, HEAD) for stop in breaks] if costs is not None else []
        pinched = hourglass(widths)
        key = (sum(cost >= BOUND for cost in paid), paid.count(HEAD), paid.count(PLAIN), pinched, grows,
               max(widths), -min(widths))
        if min(widths) >= share * max(widths):
            if best is None or key < best[0]:
                best = (key, breaks)
        elif not pinched and (loose is None or key < loose[0]):
            loose = (key, breaks)
    if best is not None and best[0][3] and loose is not None and loose[0][:3] <= best[0][:3]:
        return loose[1]
    return best[1] if best else None


def hourglass(widths: Sequence[float], slack: float = FIT) -> bool:
    """Whether lines of these widths (three or more) are 沙漏形: a line between the first and the last
    is the shortest, shorter (by more than `slack`) than both."""
    if len(widths) < 3:
        return False
    return min(widths[1:-1]) < min(widths[0], widths[-1]) - slack


def _balanced(lines: _Lines, stops: Sequence[int], count: int, costs: Mapping[int, int] | None = None
              ) -> tuple[int, ...] | None:
    """The breaks into `count` lines whose longest line is shortest, then whose shortest is longest:
    shaped (`_shaped`) when there are few lines; else between phrases or plain words when such
    breaks give `count` lines, inside compounds only when they do not."""
    if count <= SHAPED_LINES:
        shaped = _shaped(lines, stops, count, costs)
        if shaped is not None:
            return shaped
    if costs is not None:
        free = [stop for stop in stops if stop == 0 or costs.get(stop, BOUND) < BOUND]
        if free != list(stops):
            breaks = _evened(lines, free, count)
            if breaks is not None:
                return breaks
    return _evened(lines, stops, count)


def _evened(lines: _Lines, stops: Sequence[int], count: int) -> tuple[int, ...] | None:
    """The breaks at `stops` into `count` lines whose longest line is shortest, then whose shortest is longest."""
    end = len(lines.text)
    targets = [*stops[1:], end]

    @cache
    def longest(start: int, left: int) -> float:
        """The least possible longest line of text[start:] in `left` lines."""
        if left == 1:
            return lines.width(start, end) if lines.fits(start, end) and lines.last_ok(start) else math.inf
        return min((max(lines.width(start, stop), longest(stop, left - 1)) for stop in targets
                    if start < stop < end and lines.fits(start, stop)), default=math.inf)

    bound = longest(0, count)
    if bound == math.inf:
        return None

    @cache
    def shortest(start: int, left: int) -> tuple[float, tuple[int, ...]]:
        """The greatest possible shortest line of text[start:] in `left` lines no longer than `bound`."""
        if left == 1:
            fine = lines.fits(start, end) and lines.last_ok(start) and lines.width(start, end) <= bound + FIT
            return (lines.width(start, end), ()) if fine else (-math.inf, ())
        best: tuple[float, tuple[int, ...]] = (-math.inf, ())
        for stop in targets:  # in order: of equal choices the first, whose upper line is shorter
            if not start < stop < end or not lines.fits(start, stop) or lines.width(start, stop) > bound + FIT:
                continue
            rest, breaks = shortest(stop, left - 1)
            value = min(lines.width(start, stop), rest)
            if value > best[0] + FIT:
                best = (value, (stop, *breaks))
        return best

    value, breaks = shortest(0, count)
    return breaks if value > -math.inf else None


def _greedy(lines: _Lines, stops: Sequence[int], fewest: dict[int, int], costs: Mapping[int, int] | None = None
            ) -> tuple[int, ...]:
    """The breaks that keep each line as full as it can be, in the fewest lines, the last not short;
    a line that would end inside a compound (`BOUND` or worse in `costs`) ends instead at the last other
    boundary that leaves it at most `PULL_BACK` of the measure short, or else between the compound's
    modifiers (`BOUND`) rather than before its head (`HEAD`)."""
    end = len(lines.text)
    breaks: list[int] = []
    start, left = 0, fewest[0]
    while left > 1:
        fitting = [stop for stop in stops if stop > start and fewest.get(stop) == left - 1 and lines.fits(start, stop)]
        fullest = max(fitting)
        if costs is not None:
            room = lines.measure.width - (lines.measure.indent if start == 0 else 0.0)
            near = [stop for stop in fitting if lines.width(start, stop) >= (1 - PULL_BACK) * room - FIT]
            marked = [stop for stop in near if _after_mark(lines.text, stop)]
            if marked and not _after_mark(lines.text, fullest):
                fullest = max(marked)  # a clause's end: `…全面振兴， / 促进城乡融合发展`, not `…，促进 / 城乡…`
            elif costs.get(fullest, HEAD) >= BOUND:
                fullest = max(near or [fullest], key=lambda stop: (-max(costs.get(stop, HEAD), PLAIN), stop))
        start = fullest
        breaks.append(start)
        left -= 1
    assert lines.fits(start, end)
    return tuple(breaks)


CLAUSE_MARKS = frozenset("，、；：。！？,;:!?")  # marks that end a clause: a heading's line ends there by choice


def _after_mark(text: str, position: int) -> bool:
    """Whether `position` follows a mark that ends a clause (`，` `；` `、`: not a quote or a bracket)."""
    return text[position - 1] in CLAUSE_MARKS


def break_lines(text: str, measure: Measure, calls: Mapping[int, float] | None = None) -> tuple[int, ...]:
    """The positions in `text` at which its second, third… lines start; () when it fits one line.

    `calls`: the widths (em) of the note calls raised in the text, by the position each follows
    (`call_width`), which the text itself does not hold."""
    lines = _Lines(text, measure, calls)
    if not text or len(text) > BALANCE_MAX or lines.fits(0, len(text)):
        return ()
    for words in (True, False):
        stops = [0, *break_candidates(text, words=words)]
        fewest = _fewest_lines(lines, stops)
        if 0 not in fewest:
            continue
        costs = boundary_costs(text) if words else None
        if not measure.centred:
            return _greedy(lines, stops, fewest, costs)
        if words and measure.descending and fewest[0] <= SHAPED_LINES:
            descending = _descending(lines, stops, fewest[0], costs)
            if descending is not None:
                return descending
        if words and fewest[0] <= SHAPED_LINES and _shaped(lines, stops, fewest[0], costs, growing=False) is None \
                and (measure.shape_first or _bound(_shaped(lines, stops, fewest[0], costs), costs)):
            # no break between whole words keeps the lines from growing downward, and the block is set in
            # the body's size (`shape_first`: its shorter upper line reads as a ragged line of the text) or
            # the balanced breaks are inside compounds all the same: inside a long word (`…第十二届全国人民 /
            # 代表大会第二次会议上`) rather than a block whose upper line is shorter
            inner = [0, *(stop for stop in break_candidates(text, compounds=True) if stop)]
            shaped = _shaped(lines, inner, fewest[0], costs, growing=False) if inner != stops else None
            if shaped is not None and not (measure.keep_names and _names_kept_over(
                    _shaped(lines, stops, fewest[0], costs), shaped, text)):
                return shaped
        breaks = _balanced(lines, stops, fewest[0], costs)
        if breaks is not None:
            return breaks
    return ()  # not even a character break fits (a single over-long word): the renderer breaks it


def _whole(lines: _Lines, stops: Sequence[int], count: int, costs: Mapping[int, int] | None
           ) -> tuple[int, ...] | None:
    """Balanced breaks into `count` lines that keep every word and name whole (none `BOUND` or worse in
    `costs`) and whose lines do not grow downward (`_Lines.grows`), or None when there are none."""
    if count > SHAPED_LINES:
        return None
    shaped = _shaped(lines, stops, count, costs, growing=False)
    return None if _bound(shaped, costs) else shaped


def _descending(lines: _Lines, stops: Sequence[int], count: int, costs: Mapping[int, int] | None
                ) -> tuple[int, ...] | None:
    """A `descending` block's breaks, none of whose lines is longer than the one above (`_Lines.grows`):
    in `count` lines keeping words and names whole (`_whole`); else in one line more (a line more
    reads better than a name cut: `cover_line_size` has already tried a smaller size in fewer lines);
    else in `count` lines, or one more, cutting as little as the costs allow (at a session name's
    joints, rather than inside the body's name); else inside a long word (`compound_boundaries`); else,
    as a last resort before growing, the least cut with a shortest line down to `HOURGLASS_SHARE` of
    the longest, in as few lines as can be (`——2027年1月9日在青山市第十七届人民代表大会 / 常务委员会第二十三次
    会议上`, 22.5 em over 13); None when every choice grows (then `_balanced` decides)."""
    counts = [lines_count for lines_count in (count, count + 1) if lines_count <= SHAPED_LINES]
    for lines_count in counts:
        whole = _whole(lines, stops, lines_count, costs)
        if whole is not None:
            return whole
    for lines_count in counts:
        shaped = _shaped(lines, stops, lines_count, costs, growing=False)
        if shaped is not None:
            return shaped
    inner = [0, *(stop for stop in break_candidates(lines.text, compounds=True) if stop)]
    shaped = _shaped(lines, inner, count, costs, growing=False) if inner != list(stops) else None
    for lines_count, candidates in itertools.product(counts, (stops, inner)):
        if shaped is None:
            shaped = _shaped(lines, candidates, lines_count, costs, growing=False, share=HOURGLASS_SHARE)
    return shaped


def _names_kept_over(whole: Sequence[int] | None, inner: Sequence[int], text: str) -> bool:
    """Whether the breaks at word boundaries (`whole`, which may grow downward) keep the words of a
    session's name whole (`session_costs`: at its joints at most) where the breaks inside long words
    (`inner`) cut one: a name cut (`第十一届全国 / 人民代表大会…`) reads worse than a line a little longer
    than the one above it (`第十一届 / 全国人民代表大会…`)."""
    named = session_costs(text)
    if whole is None or not named:
        return False
    return (not any(named.get(stop) == HEAD for stop in whole)
            and any(named.get(stop) == HEAD for stop in inner))


def _bound(breaks: Sequence[int] | None, costs: Mapping[int, int] | None) -> bool:
    """Whether `breaks` (None: there are none) break inside a compound (`BOUND` in `costs`)."""
    return breaks is None or costs is None or any(costs.get(stop, BOUND) >= BOUND for stop in breaks)


def split_at(text: str, breaks: Sequence[int]) -> list[str]:
    """`text` cut at `breaks`: its lines, which joined give `text` back."""
    bounds = [0, *breaks, len(text)]
    return [text[start:end] for start, end in pairwise(bounds)]


def lines_to_html(lines: Sequence[str]) -> Markup:
    """Lines as escaped HTML joined by `<br>` (a line break only: the text layer reads them in order)."""
    return Markup("<br>").join(escape(line) for line in lines)


# ------------------------------------------------------------------------------------ layout roles

# the blocks whose lines are balanced: centred ones, and the headings, which wrap left-aligned
BalancedRole = str
# each centred role and the layout role whose size it is set in
CENTRED_BASES: dict[str, Role] = {"title": "title", "subtitle": "subtitle", "author": "author",
                                  "appendix-title": "title", "cover-subtitle": "subtitle",
                                  "cover-author": "author"}
HEADING_ROLES = ("heading1", "heading2", "heading3", "heading4")
BALANCED_ROLES = (*CENTRED_BASES, "cover-title", *HEADING_ROLES)


def role_measure(layout: Layout, role: BalancedRole, text: str = "") -> Measure:
    """The measure of a block in `role` in the print copy (the stylesheet's numbers, read from `layout`).

    Centred blocks have no letter spacing (`.title-block`, `.appendix-title`, the cover) and keep
    `CENTRED_ROOM` free on each side; those set in the body's size (subtitle, speaker) are `shape_first`:
    among the body's lines, and to `typocheck`, an upper line shorter than the one below reads as a
    ragged line, which a display title in its own size does not; headings keep the body's grid spacing
    and its two-character indent (style.css.j2). The cover title is set at `Layout.cover_title_size(text)` and may take
    `[cover] title_fill` of the width, as cover-front.html.j2 sets it.
    """
    width = float(layout.page.text_width)
    punctuation = layout.typesetting.punctuation
    if role in HEADING_ROLES:
        font = float(layout.sizes[role])  # type: ignore[index]
        return Measure(width / font, indent=float(layout.indent) / font,
                       tracking=float(layout.letter_spacing) / font, centred=False, punctuation=punctuation)
    if role == "cover-title":
        font = float(layout.cover_title_size(text))
        return Measure(width * layout.cover.title_fill / font, punctuation=punctuation)
    base = CENTRED_BASES.get(role)
    if base is None:
        raise ValueError(f"no balanced lines for role {role!r}; roles are {', '.join(BALANCED_ROLES)}")
    font = cover_line_size(text, role, layout) if role in COVER_LINE_ROLES else float(layout.sizes[base])
    return _centred_measure(layout, role, font)


def _centred_measure(layout: Layout, role: BalancedRole, font: float) -> Measure:
    """The measure of a centred block in `role` set at `font` pt."""
    # the cover's subtitle and speaker stand alone on the page: an upper line shorter than the one below
    # reads as a ragged line (to typocheck too, which infers the block's edges from those few lines)
    cover = role in COVER_LINE_ROLES
    return Measure(float(layout.page.text_width) / font - 2 * CENTRED_ROOM, punctuation=layout.typesetting.punctuation,
                   shape_first=font == float(layout.body_size), keep_names=not cover, descending=cover)


# the cover's blocks under its title, which stand alone on the page: their lines never grow downward
# (`Measure.descending`), and they are set smaller (`cover_line_size`) rather than break a word or a name
COVER_LINE_ROLES = frozenset({"cover-subtitle", "cover-author"})
# the sizes a cover line is set smaller in: the named Chinese sizes (字号) under its own, 小三 15, 四号 14,
# 小四 12 — a print shop's sizes (typography.md a1), not 14.5 pt (review, session 24); whole or half points,
# which Word sets, so both covers agree
COVER_LINE_SIZES = tuple(sorted({size for size in CHINESE_SIZES.values() if size >= 12.0}, reverse=True))


def cover_line_size(text: str, role: BalancedRole, layout: Layout) -> float:
    """The size (pt) of the cover's subtitle or speaker line (`COVER_LINE_ROLES`) reading `text`.

    The role's size in `layout` when the text fits one line there, or breaks into lines that keep words
    and names whole and do not grow downward (`_whole`); else the largest named size under it
    (`COVER_LINE_SIZES`) down to `COVER_TITLE_FLOOR` (小四, the least a cover sets its title in), at
    which it does so in as many
    lines or fewer — a subtitle naming its session, `——2012年3月5日在第十一届全国人民代表大会第五次会议上`,
    is too long for one line of 三号 and has no break outside the name that keeps the lower line the
    shorter: it takes one line a size smaller. Else the role's size: `_descending` then tries a line
    more, then the least cut."""
    base = float(layout.sizes[CENTRED_BASES[role]])
    if not text or len(text) > BALANCE_MAX or role not in COVER_LINE_ROLES:
        return base
    count, whole = _whole_lines(text, _centred_measure(layout, role, base))
    if whole:
        return base
    for size in COVER_LINE_SIZES:
        if size >= base - FIT or size < COVER_TITLE_FLOOR - FIT:
            continue
        fewer, whole = _whole_lines(text, _centred_measure(layout, role, size))
        if whole and fewer <= count:
            return size
    return base


def _whole_lines(text: str, measure: Measure) -> tuple[int, bool]:
    """The fewest lines `text` takes in `measure`, broken at word boundaries (`BALANCE_MAX` when no
    such break fits), and whether it fits one line or breaks into that many lines keeping words and
    names whole without growing downward (`_whole`)."""
    lines = _Lines(text, measure)
    if lines.fits(0, len(text)):
        return 1, True
    stops = [0, *break_candidates(text)]
    fewest = _fewest_lines(lines, stops).get(0)
    if fewest is None:
        return BALANCE_MAX, False
    return fewest, _whole(lines, stops, fewest, boundary_costs(text)) is not None


def balanced_lines(text: str, role: BalancedRole, layout: Layout) -> list[str]:
    """The lines `text` is set in, in `role` of `layout`: one line when it fits."""
    return split_at(text, break_lines(text, role_measure(layout, role, text)))


def cover_title_size(title: str, layout: Layout, *, max_lines: int = COVER_LINES) -> float:
    """The cover title's size in pt: `[cover] title_max_size` when the title fits one line there, or
    balanced lines at word boundaries, up to `max_lines` (a long title breaks rather than shrinks);
    smaller only when even `max_lines` lines do not hold it, so that its longest line takes
    `title_fill` of the text width. Rounded down to 1/100 pt.

    A title longer than `BALANCE_MAX` is not broken here (the renderer wraps it, as many characters
    on each line as fit): its size is the one at which those lines are `max_lines` or fewer, so the
    cover keeps one page. `check_cover_title` refuses a title that would be set under
    `COVER_TITLE_FLOOR`."""
    largest = float(layout.cover.title_max_size)
    full = float(layout.page.text_width) * layout.cover.title_fill
    punctuation = layout.typesetting.punctuation
    if len(title) > BALANCE_MAX:
        return _rounded(min(largest, full / _wrapped_measure(title, max_lines, punctuation)))
    measure = Measure(full / largest, punctuation=punctuation)
    breaks = break_lines(title, measure)
    if len(breaks) < max_lines:
        return largest
    # the widest line of `max_lines` balanced lines at a measure just wide enough, found by halving
    lines = _Lines(title, measure)
    low, high = measure.width, lines.width(0, len(title))
    for _ in range(24):
        middle = (low + high) / 2
        if len(break_lines(title, Measure(middle, punctuation=measure.punctuation))) < max_lines:
            high = middle
        else:
            low = middle
    return _rounded(min(largest, full / high))


def _rounded(size: float) -> float:
    return math.floor(size * 100) / 100


def wrapped_lines(text: str, measure: Measure) -> int:
    """How many lines the renderer's own wrapping gives `text` (as many characters on each line as
    fit, breaking where 禁则 allow, inside a word only when one word is wider than the measure):
    linear, for texts too long for `break_lines`."""
    lines = _Lines(text, measure)
    count, start, last = 1, 0, 0  # `last`: the latest position a line may start at
    for end in range(1, len(text) + 1):
        if end < len(text) and may_break(text, end) and lines.fits(start, end):
            last = end
        if not lines.fits(start, end):
            start = last if last > start else end - 1
            count += 1
    return count


def _wrapped_measure(text: str, max_lines: int, punctuation: str) -> float:
    """A measure (em) at which the renderer's wrapping of `text` takes at most `max_lines` lines:
    the text's width shared by the lines, plus the widest character each line may leave unused,
    widened by steps until the count holds (a long unbreakable word leaves more)."""
    total = _Lines(text, Measure(1.0, punctuation=punctuation)).width(0, len(text))
    widest = max(char_widths(text, punctuation), default=1.0)
    measure = total / max_lines + widest
    while measure < total + widest and wrapped_lines(text, Measure(measure, punctuation=punctuation)) > max_lines:
        measure *= 1.05
    return measure


def check_cover_title(document: Document, layout: Layout, covers: Sequence[CoverSpec]) -> None:
    """Refuse a title that a template front cover (and the DOCX cover, which follows the print one)
    would set under `COVER_TITLE_FLOOR` even in `COVER_LINES` lines: too small to read as a title,
    and longer still it would run the cover onto a second page. `reportpress check` and `build`
    call this (`stages.check_inputs`) with the document's covers."""
    title = document.meta.title
    if not title.strip() or not any(spec.side == "front" and spec.kind == "template" for spec in covers):
        return
    full = float(layout.page.text_width) * layout.cover.title_fill
    # no line of `COVER_LINES` is narrower than their share of the title's width: a bound without the search
    share = _Lines(title, Measure(1.0, punctuation=layout.typesetting.punctuation)).width(0, len(title)) / COVER_LINES
    size = full / share if share and full / share < COVER_TITLE_FLOOR else cover_title_size(title, layout)
    if size >= COVER_TITLE_FLOOR:
        return
    most = math.floor(COVER_LINES * full / COVER_TITLE_FLOOR)
    raise SourceError(
        f"title of {len(title)} characters: the cover would set it at {size:.1f} pt at most, under the "
        f"{COVER_TITLE_FLOOR:g} pt a cover title takes at least ({COVER_LINES} lines of layout "
        f"{layout.name!r} hold about {most} characters)",
        document.meta.pos("title", document.path) or SourcePos(document.path or "<source>", 1),
        hint="shorten the title and move the rest to `subtitle:`, or set `cover: none`")
