"""The cover's document label and the closing lines: `label:`, `::: signoff` and `::: imprint` (issue 11 item 5).

In: paragraphs. Out: what was found and the paragraphs without it. The classes of input:

- a *cover label*: before the title, one or two short lines naming the session and the document's
  number (`某市第十六届人民代表大会` / `第三次会议文件（12）`, `大会文件`, `…政协…会议文件之三`) → the
  front matter `label:`, the two lines joined;
- a *sign-off* (落款): at the end of the main text, an organisation line (short, no punctuation, ending
  in 人民政府, 委员会, 办公厅 …) and a date line (`2031年1月8日`, `二〇三一年一月八日`) → `::: signoff`;
- an *imprint* (印发): at the very end, an issuing office (`…秘书处`, `…办公室`) and a printing date
  (`2031年1月印`) → `::: imprint`; an official document's 版记 sets both on one line
  (`国务院办公厅　　2026年3月3日印发`, GB/T 9704 §7.4) with the bodies copied above (`抄送：…`, wrapped
  perhaps), which are its first lines.

Each needs both of its lines, in that shape, standing alone: one short line alone is as often a heading.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Line

_HAN_DIGITS = "〇零一二三四五六七八九十"
_DATE = re.compile(rf"(?:\d{{4}}|[{_HAN_DIGITS}]{{4}})\s*年\s*(?:\d{{1,2}}|[{_HAN_DIGITS}]{{1,3}})\s*月"
                   rf"(?:\s*(?:\d{{1,2}}|[{_HAN_DIGITS}]{{1,3}})\s*日)?")
_PRINT_DATE = re.compile(rf"{_DATE.pattern}\s*(?:印发?|编印|印制)")
_SIGN_DATE = re.compile(rf"[（(]?{_DATE.pattern}[）)]?")
_ORGANISATION = re.compile(
    r"[\u4e00-\u9fff（）()·]{2,40}(?:人民政府|政府|委员会|常委会|办公厅|办公室|国务院|代表大会|政协|厅|局|院|处|部"
    r"|调查队|总队|支队|中央|党委|党组|军委)"
)
_ISSUER = re.compile(
    r"[\u4e00-\u9fff（）()·]{2,40}(?:秘书处|办公厅|办公室|秘书组|秘书科)(?:[\u4e00-\u9fff]{0,4}印发?)?"
)
_LABEL = re.compile(
    r"[^。，；：！？]{0,40}(?:会议|大会)文件(?:之?[（(〔]?[\d一二三四五六七八九十]{1,4}[）)〕]?)?"
    # an official document's number (发文字号, GB/T 9704 §7.2.4) under or over its title: `国发〔2026〕7号`
    r"|[\u4e00-\u9fff]{1,12}[〔［\[(（]\d{4}[〕］\])）]\s*\d{1,4}\s*号"
)
_LABEL_MAX_CHARS = 60
_SIGNERS_MAX = 4  # organisations signing one text together (a joint letter of 中共中央 and 国务院)


def is_date_line(text: str) -> bool:
    """A line that is only a date, as a sign-off or imprint closes with (`2031年1月8日`, `2031年1月印`)."""
    return bool(_SIGN_DATE.fullmatch(text) or _PRINT_DATE.fullmatch(text))


def is_organisation(text: str) -> bool:
    """A line that is only the name of an organisation, as a sign-off opens with (`某市人民政府`)."""
    return bool(_ORGANISATION.fullmatch(text))


def find_label(opening: list[Line]) -> tuple[str, list[Line]]:
    """The cover label among the opening lines before the title (one line, or two joined), and the lines
    it took; ("", []) when there is none."""
    for index, line in enumerate(opening):
        if "报告" in line.text or "報告" in line.text:
            break  # the title: a label stands above it
        for count in (2, 1):
            lines = opening[index : index + count]
            if len(lines) < count or any("报告" in item.text or "報告" in item.text for item in lines):
                continue
            text = "".join(item.text for item in lines)
            if len(text) <= _LABEL_MAX_CHARS and _LABEL.fullmatch(text):
                return text, lines
    return "", []


_ISSUED = re.compile(rf"(?P<issuer>{_ISSUER.pattern})[ \t\u3000]+(?P<date>{_PRINT_DATE.pattern})")
_COPIED = re.compile(r"(?:抄送|抄报|分送)[：:]")
_COPIED_MAX_LINES = 4


def split_imprint(paragraphs: list[Line]) -> tuple[list[Line], list[Line]]:
    """Take the imprint, an issuer line and a printing date, off the very end of `paragraphs`."""
    if len(paragraphs) >= 4 and _PRINT_DATE.fullmatch(paragraphs[-1].text) and _ISSUER.fullmatch(paragraphs[-2].text):
        return paragraphs[:-2], paragraphs[-2:]
    issued = _ISSUED.fullmatch(paragraphs[-1].text) if len(paragraphs) >= 4 else None
    if issued is None:
        return paragraphs, []
    last = paragraphs[-1]
    imprint = [Line(last.number, issued.group("issuer")), Line(last.number, issued.group("date"))]
    # the `抄送：` line and the lines it wrapped onto, just above
    for start in range(len(paragraphs) - 2, max(len(paragraphs) - 2 - _COPIED_MAX_LINES, 0), -1):
        if _COPIED.match(paragraphs[start].text):
            copied = paragraphs[start : len(paragraphs) - 1]
            imprint.insert(0, Line(copied[0].number, "".join(line.text for line in copied)))
            return paragraphs[:start], imprint
    return paragraphs[:-1], imprint


# The 附注 (GB/T 9704 §7.3.6) one line under the sign-off's date: a bracketed line (`（此件主动公开）`,
# `（此件公开发布）`, `（联系人：张明，电话：1234567）`), an element of the document, not web furniture.
_NOTE = re.compile(r"[（(][^（）()\n]{2,60}[）)]")
PUBLICATION_NOTE = re.compile(r"[（(]\s*此件(?:公开发布|主动公开|依申请公开|不予公开|不公开|发至[^）)]{1,20})\s*[）)]")


def split_note(paragraphs: list[Line]) -> tuple[list[Line], list[Line]]:
    """Take the 附注 off the end of the main text when the sign-off stands right above it (see above): it is
    kept, written after `::: signoff` as a paragraph; (paragraphs, []) when there is none."""
    if (len(paragraphs) >= 4 and _NOTE.fullmatch(paragraphs[-1].text) and _SIGN_DATE.fullmatch(paragraphs[-2].text)
            and _ORGANISATION.fullmatch(paragraphs[-3].text)):
        return paragraphs[:-1], paragraphs[-1:]
    return paragraphs, []


def split_signoff(paragraphs: list[Line]) -> tuple[list[Line], list[Line]]:
    """Take the sign-off, its organisation lines and a date line, off the end of the main text: one
    organisation, or several that sign together over one date (`中共中央` / `国务院` / `2025年5月30日`)."""
    if len(paragraphs) < 3 or not _SIGN_DATE.fullmatch(paragraphs[-1].text):
        return paragraphs, []
    start = len(paragraphs) - 1
    while (start - 1 >= 1 and len(paragraphs) - 1 - start < _SIGNERS_MAX
           and _ORGANISATION.fullmatch(paragraphs[start - 1].text)):
        start -= 1
    if start == len(paragraphs) - 1:
        return paragraphs, []
    return paragraphs[:start], paragraphs[start:]
