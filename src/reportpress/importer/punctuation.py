"""Half-width punctuation in Chinese text → the full-width forms print uses; stray spaces removed.

In: one line of text. Out: the same line with `, : ; ( ) ! ?` made `，：；（）！？` where they punctuate
Chinese (GB/T 15834-2011 uses the full-width forms in Chinese text), and spaces next to full-width
punctuation removed. Left alone: numbers, dates, times and formulas (`2020-7-6 10:12`, `1,000`,
`2+4+X`, `117.0`, `PM2.5`), URLs, and punctuation inside runs of Latin text.

The rule: a mark is Chinese when, looking left and right past numbers and Latin letters (and `.%+-`),
the first character met on either side is Chinese (a Han character or full-width punctuation).
So `86.5%,PM2.5年` gets `，` (left of `86.5%` is `达`), while `Hello, world` does not. A pair of
brackets is converted together, when its content or its surroundings are Chinese.
"""

from __future__ import annotations

import re

_CHINESE = re.compile(r"[\u2014\u2018-\u201d\u00b7\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# What the search for the nearest Chinese character steps over: a number or a Latin word.
_TRANSPARENT = frozenset("0123456789.%+-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
_THOUSANDS = re.compile(r"\d{3}(?!\d)")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_CHINESE_PUNCTUATION = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’"
_SPACE_AT_PUNCTUATION = re.compile(rf" +(?=[{_CHINESE_PUNCTUATION}])|(?<=[{_CHINESE_PUNCTUATION}]) +")
_SPACE_HAN_LATIN = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[\u4e00-\u9fff])")


def is_chinese(ch: str) -> bool:
    return bool(_CHINESE.match(ch))


def near_chinese(text: str, index: int) -> bool:
    """Whether the nearest non-number, non-Latin character on either side of `index` is Chinese."""
    left = index - 1
    while left >= 0 and text[left] in _TRANSPARENT:
        left -= 1
    if left >= 0 and is_chinese(text[left]):
        return True
    right = index + 1
    while right < len(text) and text[right] in _TRANSPARENT:
        right += 1
    return right < len(text) and is_chinese(text[right])


def protected_indexes(text: str) -> bytearray:
    """A flag per character of `text`: 1 where it must not be touched (inside a URL)."""
    flags = bytearray(len(text))
    for match in _URL.finditer(text):
        flags[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return flags


def make_full_width(text: str) -> str:
    """Make the half-width punctuation of Chinese text full-width (see the module docstring)."""
    if not any(mark in text for mark in _FULL_WIDTH):
        return text
    protected = protected_indexes(text)
    chars = list(text)

    def free(index: int) -> bool:
        return not protected[index]

    for match in re.finditer(r"\(([^()]*)\)", text):
        start, end = match.start(), match.end() - 1
        chinese_inside = any(is_chinese(ch) for ch in match.group(1))
        if free(start) and (chinese_inside or near_chinese(text, start) or near_chinese(text, end)):
            chars[start], chars[end] = "（", "）"
    for index, mark in enumerate(text):
        if mark not in ",:;!?" or not free(index):
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        # 10:12 and 1:500 are times and scales; 1,000 groups digits
        if mark == ":" and before.isdigit() and after.isdigit():
            continue
        if mark == "," and before.isdigit() and _THOUSANDS.match(text, index + 1):
            continue
        if near_chinese(text, index):
            chars[index] = _FULL_WIDTH[mark]
    return "".join(chars)


def tidy_spaces(text: str) -> str:
    """Remove spaces that Chinese print never has: beside full-width punctuation, between Han and Latin.

    The spacing between Han characters and Latin letters or digits is the typesetter's job (a quarter
    em, CLREQ §3.4), not a typed space.
    """
    text = _SPACE_AT_PUNCTUATION.sub("", text)
    return _SPACE_HAN_LATIN.sub("", text)
