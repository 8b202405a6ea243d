"""The opening form of address (称谓) → a salutation block (issue 10, `::: salutation`).

In: the body paragraphs, front matter already split off. Out: the index of the salutation paragraph, or
-1. A speech opens by addressing its audience on a line of its own: `各位代表：`, `各位委员：`,
`同志们：`, `尊敬的各位来宾：`, `各位代表、各位委员：`. What makes such a line one, with no list of
audiences to keep up to date:

- it is short (at most 24 characters) and ends with a colon, the address introducing the speech;
- it holds no sentence or clause punctuation (`。；！？`) before the colon: `、` and `，` may join two
  audiences, and then each of them must be a vocative;
- each audience has the shape of a vocative: it opens with `各位` `尊敬的` `亲爱的` or ends with a plural
  `们` or a title of address (代表 委员 同志 同事 领导 来宾 嘉宾 朋友 …);
- it stands near the start of the body: among the first three paragraphs, before any numbered heading.

A standing committee is addressed by its officers' titles beside the vocative (`主任、各位副主任、秘书长、
各位委员：`): an office title (主任, 秘书长, 主席 …) counts as an audience when another audience of the line
is a vocative, so that a lone `主任：` (a speaker's label in minutes) is none.

A repeated `各位代表！` inside the speech is an exclamation that opens a paragraph, not the salutation.

An official document (通知, 意见, 决定) opens instead by naming the bodies it is sent to, its 主送机关
(GB/T 9704-2012 §7.3.2: `各省、自治区、直辖市人民政府，国务院各部委、各直属机构：`), flush left before its text
as a salutation stands: a line ending with a colon, no sentence mark before it, that addresses `各…` bodies
and ends with the name of one (人民政府, 部门, 单位, 机构 …). It is written as the salutation.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Line
from reportpress.importer.headings import numbering_level

SALUTATION_MAX_CHARS = 24
_WITHIN = 3
_VOCATIVE_START = re.compile(r"(?:各位|诸位|尊敬的|亲爱的)")
_VOCATIVE_END = re.compile(
    r"(?:们|代表|委员|同志|同事|领导|来宾|嘉宾|朋友|女士|先生|老师|同学|乡亲|父老|战友|专家)$"
)
# officers a standing committee's or a conference's address names by title, each beside a vocative
_OFFICE = re.compile(r"(?:副?主任|副?主席|副?秘书长|副?议长|副?理事长|副?会长)")
_INSIDE = re.compile(r"[。；！？;!?：:]")
ADDRESSEE_MAX_CHARS = 100
_BODY_ADDRESSED = re.compile(
    r"(?:人民政府|政府|机构|部门|单位|部委|委员会|党委|党组|机关|厅|局|委|办|院|所|公司|企业|学校|高校|团体|组织)$"
)


def is_addressee(text: str) -> bool:
    """Whether `text` is an official document's 主送机关 line (see the module docstring)."""
    if not text.endswith(("：", ":")) or len(text) > ADDRESSEE_MAX_CHARS or _INSIDE.search(text[:-1]):
        return False
    return "各" in text and bool(_BODY_ADDRESSED.search(text[:-1])) and not numbering_level(text)


def is_salutation(text: str) -> bool:
    """Whether the paragraph `text` is a form of address standing alone (see the module docstring)."""
    if is_addressee(text):
        return True
    if not text.endswith(("：", ":")) or len(text) > SALUTATION_MAX_CHARS or len(text) < 3:
        return False
    if _INSIDE.search(text[:-1]) or numbering_level(text):
        return False
    audiences = re.split(r"[、，,]", text[:-1])
    vocatives = [bool(part and (_VOCATIVE_START.match(part) or _VOCATIVE_END.search(part))) for part in audiences]
    return any(vocatives) and all(vocative or _OFFICE.fullmatch(part)
                                  for vocative, part in zip(vocatives, audiences, strict=True))


def find_salutation(body: list[Line]) -> int:
    """Index of the salutation among the first paragraphs of `body`, or -1."""
    for index, line in enumerate(body[:_WITHIN]):
        if numbering_level(line.text):
            return -1
        if is_salutation(line.text):
            return index
    return -1
