"""HTML and CMS markup left in scraped plain text: entities, tags, bold and bracket wrappers (issue 11 item 6).

In: the decoded lines of a plain-text input. Out: the same lines with the markup a copy from a web page or
a CMS export leaves in the text removed, and one decision per kind of markup mended. The classes of input:

- *HTML character references* a scraper did not resolve: `&nbsp;` `&ldquo;` `&#8220;` `&#x201C;` `&amp;`, and
  those escaped twice (`&amp;ldquo;`).
  They are resolved only where they are well formed (`&name;` with a name HTML knows, or a numeric
  reference of a character a text may hold): a bare `&` in the text stays as it is.
- *HTML tags* a scraper kept (`<p>`, `<br/>`, `<span style="…">`, `<strong>`, `<font …>`): the block tags
  (`p` `div` `br` `li` `tr` `h1`–`h6`) end a line, the inline ones go; `<sup>` stays (notes.py and
  references.py read `<sup>[1]</sup>` as a call). Only tags of these names are touched: a `<` in the text
  (`<5%`) is no tag.
- *CMS bold* written as Markdown in a text that is no Markdown (`**一、2023年工作回顾**`,
  `**（一）产业结构持续优化。**数字经济…`): the asterisks go; the heading and lead rules read the rest.
- *Emoji* a social-media copy decorates its text with (`👉点击上方蓝字`, `8家。👍`): removed.
- *Bracketed headings*: a CMS that sets a heading in 【】 or 〖〗 (`【一、2023年工作回顾】`): a line that is
  nothing but one such pair around official numbering loses the brackets.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5

from reportpress.importer.blocks import Line
from reportpress.importer.headings import NUMBERING
from reportpress.importer.report import Decision

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A reference escaped again by a second pass of a CMS (`&amp;nbsp;`, `&amp;amp;ldquo;`): its `&amp;`s stand for
# the `&` of the reference after them
_ESCAPED_AGAIN = re.compile(r"&(?:amp;)+(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_BLOCK_TAGS = "p|div|br|li|tr|td|th|h[1-6]|section|article|table|ul|ol|blockquote"
_INLINE_TAGS = "span|font|strong|b|em|i|u|a|o:p|small|big|center|st1:[a-z]+|img|tbody|thead"
_TAG_ATTRIBUTES = r"(?:\s+[^<>]{0,400})?"
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS}){_TAG_ATTRIBUTES}\s*/?>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS}){_TAG_ATTRIBUTES}\s*/?>", re.IGNORECASE)
# `**…**` pairs: at least one Han character inside, so that `2**3` or `**` alone is left as it is
_BOLD = re.compile(r"\*\*(?=[^*\n]*[\u4e00-\u9fff])([^*\n]{1,200}?)\*\*")
_BRACKETED_HEADING = re.compile(r"[【〖]([^【】〖〗]{2,50})[】〗]")
# Emoji a WeChat or Weibo copy decorates its text with (`👍`, `🔥`, `❤️`, `👩‍💻`): pictographs, and a symbol drawn
# as one by its emoji selector, with the joiners and selectors of their sequences. No report needs them and
# no font of a layout has them; the report's own bullets and marks (`★` `●` `▲` `✓`, no selector) stay.
_EMOJI = re.compile("(?:[\U0001f000-\U0001faff]|[\u2600-\u27bf\u2b00-\u2bff]\ufe0f)"
                    "(?:[\ufe0f\U0001f3fb-\U0001f3ff]|\u200d(?:[\U0001f000-\U0001faff\u2600-\u27bf]\ufe0f?))*")


def resolve_entity(match: re.Match[str]) -> str:
    """The character a well-formed reference names; the reference itself when it names none a text holds."""
    text = match.group()
    if not text.startswith("&#") and text[1:] not in html5:
        return text
    resolved = html.unescape(text)
    if resolved == text or any(unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") for char in resolved):
        return text
    return re.sub("[\u00a0\u2000-\u200a\u202f\u205f]", " ", resolved)  # `&emsp;` indents: spaces


def strip_markup(text: str) -> tuple[list[str], set[str]]:
    """One raw line → the lines it holds once its markup is removed, and the kinds of markup found."""
    kinds: set[str] = set()
    if "&" in text:
        resolved = _ENTITY.sub(resolve_entity, _ESCAPED_AGAIN.sub("&", text))
        if resolved != text:
            kinds.add("HTML character references")
            text = resolved
    if "<" in text and (_BLOCK_TAG.search(text) or _INLINE_TAG.search(text)):
        kinds.add("HTML tags")
        text = _INLINE_TAG.sub("", _BLOCK_TAG.sub("\n", text))
    if _EMOJI.search(text):
        kinds.add("emoji")
        text = _EMOJI.sub("", text)
    if "**" in text and _BOLD.search(text):
        kinds.add("CMS bold (`**…**`)")
        text = _BOLD.sub(r"\1", text)
    lines = text.split("\n") if "\n" in text else [text]
    result = []
    for line in lines:
        bracketed = _BRACKETED_HEADING.fullmatch(line.strip(" \t\u3000"))
        if bracketed and NUMBERING.match(bracketed.group(1)):
            kinds.add("headings in 【】")
            line = bracketed.group(1)
        result.append(line)
    return result, kinds


def strip_scraped_markup(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """Remove the markup of every line (see the module docstring); the lines a block tag splits one raw
    line into keep that raw line's number, for the report."""
    result: list[Line] = []
    found: dict[str, list[int]] = {}
    for line in lines:
        pieces, kinds = strip_markup(line.text)
        for kind in sorted(kinds):
            found.setdefault(kind, []).append(line.number)
        if len(pieces) > 1:  # a line of tags alone leaves one blank line, not several
            pieces = [piece for piece in pieces if piece.strip(" \t\u3000")] or [""]
        result.extend(Line(line.number, piece.rstrip(), line.indented) for piece in pieces)
    decisions = [Decision(tuple(numbers[:20]), "markup", f"{kind} left by a web page or a CMS: removed "
                          f"({len(numbers)} lines)", 0.8, "") for kind, numbers in found.items()]
    return result, decisions
