"""Raw bytes → clean Unicode lines: encoding detection, line ends, invisible characters, full-width forms.

In: the bytes of a raw report (a web scrape, a PDF extraction, a GBK file …) and an optional encoding
the user named. Out: the text as a list of lines (no line-end characters) and the name of the encoding
used. Detection, from the surest evidence to the weakest:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8: multi-byte UTF-8 is so constrained that Chinese text in any other encoding almost
   never passes for it. A NUL byte does not change that (it is debris), unless NULs fill one side of
   nearly every byte pair: that is unmarked UTF-16 of Latin text, which is valid UTF-8 too;
3. strict GB18030 with no control character: GB2312/GBK/GB18030 text never holds one, while unmarked
   UTF-16 read as GB18030 gives control characters for its ASCII;
4. anything else (unmarked UTF-16 of Chinese text, GB18030 with broken bytes or debris) is genuinely
   undecided: charset-normalizer chooses between GB18030 and UTF-16 (it is right from a few dozen
   characters on), and GB18030, which decodes any bytes with replacement characters, is the fallback,
   so detection never fails.

Big5 is not left to a detector (its byte pairs are valid GB18030, and short GB18030 text looks like Big5 to
any): a strict GB18030 reading is Big5 when it is full of private-use characters and a strict Big5 reading
is not (`_big5_rather`); `--encoding big5` reads any other.
"""

from __future__ import annotations

import codecs
import re
import warnings

from charset_normalizer import from_bytes

from reportpress.errors import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What charset-normalizer may choose when detection is undecided, in its spelling → Python's usual one
# (the import report shows it)
_UNDECIDED = {"gb18030": "gb18030", "utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be"}

# C0 controls but tab and line ends: a GB18030 reading with one of them is not GB18030 text.
_GB_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Control characters other than tab and line ends: binary debris that no print text holds. Also the
# private-use characters notes.py takes as placeholders for note markers (no text uses them). C1
# controls and lone surrogates too: the reader refuses them (reader/limits.py), so an import must not
# write them (NEL is a line end, replaced before).
# The form feed is kept here: it is a page break, which noise.py uses (text joins across it) and drops.
_CONTROL = "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\U000f0000-\U000f1fff"
# Invisible format characters that no Chinese report needs and that only hide things (Unicode's
# Default_Ignorable_Code_Point, less those a script needs to be spelt right): soft hyphen, Arabic letter
# mark, zero-width space, LRM/RLM and every bidi embedding, override and isolate ("Trojan Source"), word
# joiner and the invisible math operators, deprecated format characters, a BOM inside the text, and the
# reserved ignorables. Kept on purpose: ZWNJ/ZWJ that join (Indic, Persian, emoji sequences), the variation
# selectors (CJK ideographic variation sequences choose a glyph with them), CGJ, Mongolian selectors,
# Hangul fillers and tags: they change what is drawn.
_INVISIBLE = "\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff0-\ufff8"
_DROPPED = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
# ZWNJ/ZWJ join only what stands on both sides of them (two emoji, two Indic letters): one beside Han text,
# a Chinese mark, ASCII or a line end joins nothing there, and is an editor's or a scraper's debris
_JOINS_NOTHING = "\x00-\x7f\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_STRAY_JOINER = re.compile(f"(?<![^{_JOINS_NOTHING}])[\u200c\u200d]|[\u200c\u200d](?![^{_JOINS_NOTHING}])")
# The no-break space and the typographic spaces of U+2000–U+200A (a web page's `&emsp;` indents, a PDF's thin
# spaces) are an ordinary space in plain text; U+3000, the ideographic space, stays (it is the indent).
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_FULL_WIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
# a number grouped by full-width commas: one to three digits, then groups of exactly three (not a decimal's
# digits, not a list of numbers of other lengths: `1，2，3`, `2019，2020年` stay)
_GROUPED_DIGITS = re.compile(r"(?<![\d.,，])\d{1,3}(?:，\d{3})+(?![\d，])")
# Full-width signs that belong to a number once its digits are ASCII: ２．５ → 2.5, ９％ → 9%, and the plus
# and solidus between two digits, `“5＋1”`, `2023／2024年` → `5+1`, `2023/2024` (GB/T 15834 §4.17: the 分隔号
# takes half a character; full width, each stood an em from its digits, `5 + 1`)
# The solidus only before a number that runs into Han text (`2023／2024年`): a line of `2022／2023` alone (a
# table's cell) stays as written, where a `2/23` would read as a folio and be dropped.
_NUMBER_SIGNS = re.compile(r"(?<=[0-9])(?:[．＋](?=[0-9])|／(?=[0-9.]+[\u4e00-\u9fff])|％)")


def detect_encoding(raw: bytes) -> str:
    """The encoding `raw` is most likely in (a Python codec name). See the module docstring."""
    for mark, name in _BOMS:
        if raw.startswith(mark):
            return name
    if _strictly(raw, "utf-8") is not None:
        return utf16_of_ascii(raw) or "utf-8"
    gb_text = _strictly(raw, "gb18030")
    if gb_text is not None and not _GB_CONTROL.search(gb_text):
        return _big5_rather(raw, gb_text) or "gb18030"
    return _undecided(raw)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _big5_rather(raw: bytes, gb_text: str) -> str | None:
    """"cp950" (or "big5hkscs") when `raw`, valid GB18030, is Big5 text; else None.

    Big5's byte pairs are valid GB18030, but a Big5 text read so is full of GB18030's user-defined areas:
    the traditional characters whose first byte is 0xAA–0xAF or whose second is 0x40–0xA0 under 0xA1–0xA7
    land in the Private Use Area, where no GB text has more than a stray glyph of its own. Only when they
    make up 2% of the text and the bytes read strictly as Big5, with (almost) none of it private, is it Big5.
    """
    private = len(_PRIVATE_USE.findall(gb_text))
    if private < 3 or private * 50 < len(_NON_ASCII.findall(gb_text)):
        return None
    for name in ("cp950", "big5hkscs"):
        big5_text = _strictly(raw, name)
        if big5_text is not None and len(_PRIVATE_USE.findall(big5_text)) * 10 < private:
            return name
    return None


def utf16_of_ascii(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" if `raw` has UTF-16's signature for Latin text, a NUL in (almost) every
    other byte; else None. UTF-8 text holds a NUL only as debris, never in a pattern like that."""
    sample = raw[:4096]
    units = len(sample) // 2
    if units < 4 or len(raw) % 2:
        return None
    for side, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        if sample[side::2].count(0) >= units * 0.9 and _strictly(raw, name) is not None:
            return name
    return None


def _strictly(raw: bytes, encoding: str) -> str | None:
    """`raw` decoded with `encoding`, or None if some bytes do not fit it."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _undecided(raw: bytes) -> str:
    """charset-normalizer's choice between GB18030 and UTF-16; GB18030 when neither reads `raw` as text.

    The detector samples the bytes itself, so this stays fast on a 10 MB input.
    """
    best = from_bytes(raw, cp_isolation=list(_UNDECIDED)).best()
    return "gb18030" if best is None else _UNDECIDED.get(best.encoding, "gb18030")


def decode_bytes(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode `raw` with `encoding` (or the detected one); return (text, encoding used).

    A named encoding that does not exist, is not a text encoding (rot13, base64, hex …), or does not
    fit the bytes, is the user's error and raised as `SourceError`; a detected encoding decodes with
    replacement characters rather than fail.
    """
    if encoding is None:
        detected = detect_encoding(raw)
        return raw.decode(detected, errors="replace"), detected
    shown = encoding if len(encoding) <= 40 else f"{encoding[:40]}…"
    try:
        codecs.lookup(encoding)
    except (LookupError, ValueError) as exc:  # ValueError: a NUL in the name
        raise SourceError(f"unknown encoding {shown!r}", hint="try utf-8, gb18030 or utf-16") from exc
    try:
        with warnings.catch_warnings():  # unicode_escape warns of an invalid escape: the bytes do not fit
            warnings.simplefilter("error", DeprecationWarning)
            return raw.decode(encoding), encoding
    except (UnicodeDecodeError, DeprecationWarning) as exc:
        if isinstance(exc, DeprecationWarning):
            raise SourceError(f"the input is not valid {shown}: {exc}",
                              hint="leave out --encoding to detect it") from exc
        raise SourceError(
            f"the input is not valid {shown}: the bytes at offset {exc.start} cannot be decoded",
            hint="leave out --encoding to detect it",
        ) from exc
    except LookupError as exc:  # a bytes-to-bytes or str-to-str codec: codecs.lookup knows it, decode() not
        raise SourceError(f"{shown!r} is not a text encoding", hint="try utf-8, gb18030 or utf-16") from exc
    except UnicodeError as exc:  # codecs such as `undefined` or `punycode` raise the bare base class
        raise SourceError(f"the input cannot be decoded as {shown}: {exc}",
                          hint="leave out --encoding to detect it") from exc


def fold_full_width(text: str) -> str:
    """Full-width digits and Latin letters → ASCII (２０１０年 → 2010年), as Chinese print sets them; a
    full-width comma grouping a number's digits by three (２７，２０３，３１９元) → `,` (27,203,319元), which
    no line may break after — as a `，` it is a pause mark, and a line broke inside the number."""
    text = _FULL_WIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    text = _NUMBER_SIGNS.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return _GROUPED_DIGITS.sub(lambda m: m.group().replace("，", ","), text)


def split_lines(text: str) -> list[str]:
    """Text → lines: CRLF, CR, Word's manual breaks and Unicode line separators end a line; control and
    invisible characters go,
    but for the form feed (a page break, noise.py drops it); line numbers are an editor's, a form feed
    starting no line of its own."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    # Word's manual line break (Shift+Enter) is a U+000B in the text it saves: a line end (a title block set
    # with them would run title, subtitle and speaker into one line)
    text = text.replace("\x0b", "\n")
    text = _SPACES.sub(" ", _DROPPED.sub("", _STRAY_JOINER.sub("", text)))
    return [fold_full_width(line).rstrip() for line in text.split("\n")]


# Mojibake: UTF-8 (or GB18030) bytes that a tool on the way read as Windows-1252 or Latin-1 and saved again
# (`æ”¿åºœå·¥ä½œæŠ¥å‘Š` for 政府工作报告, `ÕþžªÎ¤×÷±šžæ` for GB18030). The text is then all Latin-1 letters and
# Windows-1252 signs where Chinese stood: mapped back to the bytes they were read from, the bytes decode
# strictly to Chinese. A text is repaired only when that holds for nearly all of it.
_CP1252_SIGNS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE_CHAR = re.compile(f"[\u00a0-\u00ff\u0080-\u009f{_CP1252_SIGNS}]")
_HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_MOJIBAKE_MIN = 20


def _byte_of(char: str) -> int | None:
    """The byte a Windows-1252 (or, for its five holes and the C1 range, Latin-1) reading made `char` of;
    None for U+FFFD, which a tool wrote for a byte Windows-1252 leaves undefined."""
    if ord(char) < 0x100:
        return ord(char)
    if char == "\ufffd":
        return None
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return -1


# The five bytes Windows-1252 leaves undefined: a tool that read UTF-8 as Windows-1252 dropped each of them, or
# wrote `?` or U+FFFD for it. Where a UTF-8 sequence lacks one byte, it was one of these.
_HOLES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _sequence_length(lead: int) -> int:
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0


def _rarity(char: str) -> int:
    """0 for GB2312's marks and first-level characters (the 3,755 common ones), 1 for its second level, 2 else."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return 2
    return 0 if len(encoded) == 2 and (0xA1 <= encoded[0] <= 0xA9 or 0xB0 <= encoded[0] <= 0xD7) else 1


def _mend_sequence(lead: int, body: list[int | None], missing: int) -> str:
    """The character a UTF-8 sequence with one hole byte lost (unknown, or `missing` anywhere after the lead)
    stood for: `、` when it is a candidate, else the one candidate more common than the others (GB2312's first
    level before its second); U+FFFD when none or several fit."""
    if body.count(None) + missing != 1:
        return "\ufffd"
    known = [byte for byte in body if byte is not None]
    shapes = ([[*known[:place], -1, *known[place:]] for place in range(len(known) + 1)] if missing
              else [[-1 if byte is None else byte for byte in body]])
    candidates: set[str] = set()
    for shape in shapes:
        for hole in _HOLES:
            try:
                candidates.add(bytes([lead, *(hole if byte == -1 else byte for byte in shape)]).decode("utf-8"))
            except UnicodeDecodeError:
                continue
    if "、" in candidates:  # the commonest mark of all, and the one official numbering needs (`一、`)
        return "、"
    best = min((_rarity(char) for char in candidates), default=2)
    chosen = [char for char in candidates if _rarity(char) == best]
    # two common characters fit as well: guessing would print a wrong word, so the loss stays marked
    return chosen[0] if len(chosen) == 1 and best < 2 else "\ufffd"


def decode_utf8_with_holes(raw: list[int | None]) -> str:
    """UTF-8 bytes of which some holes were lost (None, `?` inside a sequence, or dropped) → text."""
    out: list[str] = []
    at = 0
    while at < len(raw):
        lead = raw[at]
        if lead is None or not _sequence_length(lead):
            out.append(chr(lead) if lead is not None and lead < 0x80 else "\ufffd")
            at += 1
            continue
        length = _sequence_length(lead)
        body: list[int | None] = []
        following = at + 1
        while following < len(raw) and len(body) < length - 1:
            byte = raw[following]
            if byte is None or byte == 0x3F:  # a hole written as U+FFFD or `?`
                body.append(None)
            elif 0x80 <= byte <= 0xBF:
                body.append(byte)
            else:
                break
            following += 1
        missing = length - 1 - len(body)
        if missing or None in body:
            out.append(_mend_sequence(lead, body, missing))
        else:
            out.append(bytes([lead, *(byte for byte in body if byte is not None)]).decode("utf-8", errors="replace"))
        at = following
    return "".join(out)


def repair_mojibake(text: str) -> tuple[str, str]:
    """(text, the encoding its bytes were really in) for mojibake as above; (text, "") for any other text."""
    suspects = len(_MOJIBAKE_CHAR.findall(text))
    if suspects < _MOJIBAKE_MIN or len(_HAN.findall(text)) * 4 > suspects:
        return text, ""
    raw = [_byte_of(char) for char in text]
    if -1 in raw:  # a character no Windows-1252 reading gives: not mojibake of this kind
        return text, ""
    for encoding in ("utf-8", "gb18030"):
        if encoding == "utf-8":
            repaired = decode_utf8_with_holes(raw)
        else:
            repaired = bytes(byte if byte is not None else 0x3F for byte in raw).decode(encoding, errors="replace")
        han = len(_HAN.findall(repaired))
        # what could not be mended leaves a replacement character, which stray.py and the report point at
        if han * 2 >= suspects // 3 and repaired.count("\ufffd") * 4 <= han:
            return repaired, encoding
    return text, ""
