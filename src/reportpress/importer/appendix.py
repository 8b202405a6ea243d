"""Appendices after the closing (`附件1` / `附件` / `附件2　名词解释`) → `::: appendix` parts (issue 11 item 3).

In: the body paragraphs (front matter split off). Out: the main text and the appendices, each with its
label as the source writes it, its title and its paragraphs. A report's attachments follow its last
paragraph, each opened by a label line that stands alone (GB/T 9704-2012 §8.4: `附件` or `附件2`, flush
left, the title on the next line or after the label). So a line is an appendix label when

- it is `附件`, optionally a number (`1`, `二`) and optionally, after a colon or a space, a short title; or
  `附表` so (a budget report's `附表1` / `某市2023年一般公共预算收入执行情况表`: its tables after its closing,
  each an appendix labelled as the raw labels it);
- it is not one of the first paragraphs of the body (the closing must come first);
- its title (on the line or the next paragraph) is short, ends no sentence and is not a numbered item:
  `附件：1．…名单` before a sign-off is a list of attachments, not an appendix;
- the sign-off (an organisation line, a date line) does not follow it: `附件：…分工表` right above it is the
  document's note of its attachments (附件说明, GB/T 9704 §7.3.5), which stays in the main text.

An appendix whose next paragraph is a glossary title (`《政府工作报告》用语解释`) is a glossary appendix:
glossary.py reads its entries, and the appendix takes its title from the glossary. The numbered items of
an appendix (`一、` …) are classified inside it and never join the main outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportpress.importer.blocks import Line
from reportpress.importer.closing import is_date_line, is_organisation
from reportpress.importer.glossary import is_glossary_title
from reportpress.importer.headings import numbering_level

_LABEL = re.compile(
    r"附\s*(?P<kind>[件表])\s*(?P<number>[0-9]{1,2}|[一二三四五六七八九十]{1,3})?"
    r"(?:(?:[：:]|[ \t\u3000]+)\s*(?P<title>.*))?"
)
# `附：` alone (or `附：title`) labels what a report appends after its closing without numbering it (`附：` /
# `2024年市政府十件民生实事`); a glossary under it is glossary.py's, as before
_ATTACHED = re.compile(r"附\s*[：:]\s*(?P<title>.*)")
TITLE_MAX_CHARS = 40
_MIN_BODY = 3
_ENDS_SENTENCE = re.compile(r"[。；！？，]$")


@dataclass(slots=True)
class RawAppendix:
    """One appendix as found: the label line, the label text, the title (and its line), its paragraphs."""

    line: int
    label: str
    title: str = ""
    title_line: int = 0
    lines: list[Line] = field(default_factory=list)
    glossary: bool = False  # its paragraphs open with a glossary title: the glossary reads them


def read_label(text: str) -> tuple[str, str] | None:
    """(label, title on the same line) for an appendix label line, or None."""
    match = _LABEL.fullmatch(text)
    attached = _ATTACHED.fullmatch(text) if not match else None
    if not match and not attached:
        return None
    title = ((match or attached).group("title") or "").strip()  # type: ignore[union-attr]
    if len(title) > TITLE_MAX_CHARS or _ENDS_SENTENCE.search(title) or numbering_level(title):
        return None
    if attached:
        return "附", title
    return "附" + match.group("kind") + (match.group("number") or ""), title  # type: ignore[union-attr]


def good_title(text: str) -> bool:
    return 0 < len(text) <= TITLE_MAX_CHARS and not _ENDS_SENTENCE.search(text) and not numbering_level(text)


def split_appendices(body: list[Line]) -> tuple[list[Line], list[RawAppendix]]:
    """(main text, appendices) of `body`; a label line with no usable title stays text."""
    appendices: list[RawAppendix] = []
    main: list[Line] = []
    index = 0
    while index < len(body):
        line = body[index]
        found = read_label(line.text) if index >= _MIN_BODY else None
        following = body[index + 1].text if index + 1 < len(body) else ""
        if found is not None and found[1] and signoff_follows(body, index + 1):
            found = None
        if found is not None and found[0] == "附" and not after_the_text(body, index, found[1], following):
            found = None
        if found is not None:
            label, title = found
            appendix = RawAppendix(line.number, label)
            if title and is_glossary_title(title):
                appendix.glossary = True
                appendix.lines.append(Line(line.number, title))
            elif title:
                appendix.title, appendix.title_line = title, line.number
            elif following and is_glossary_title(following):
                appendix.glossary = True
            elif good_title(following):
                appendix.title, appendix.title_line = following, body[index + 1].number
                index += 1
            else:
                found = None
            if found is not None:
                appendices.append(appendix)
                index += 1
                continue
        if appendices and appendices[-1].label.startswith("附表") and is_glossary_title(line.text):
            # a table appendix holds its table: a glossary title after it heads the report's glossary, which a
            # budget report prints after its 附表 (the lines from it go back to the main text, glossary.py's)
            main += body[index:]
            break
        (appendices[-1].lines if appendices else main).append(line)
        index += 1
    return main, appendices


def after_the_text(body: list[Line], at: int, title: str, following: str) -> bool:
    """Whether a bare `附：` label at `at` opens back matter: no part of the text's outline (`一、`) after it,
    and no glossary under it (glossary.py reads that)."""
    if is_glossary_title(title) or (not title and is_glossary_title(following)):
        return False
    return not any(numbering_level(line.text) == 1 for line in body[at + 1 :])


def signoff_follows(body: list[Line], at: int) -> bool:
    """Whether an organisation line and a date line, the sign-off, stand at `at` in `body`."""
    return (at + 1 < len(body) and is_organisation(body[at].text) and is_date_line(body[at + 1].text))


def number_label(label: str, number: int) -> str:
    """The label to write as `label="…"`: "" when it is the automatic `附件N`."""
    return "" if label == f"附件{number}" else label
