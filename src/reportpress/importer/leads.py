"""Bold run-in lead sentences: `**产业结构调整优化。**围绕上海加快…` (DESIGN §3, paragraph leads).

In: classified blocks. Out: the same blocks, with `lead` set on the paragraphs that open with a lead
sentence. A work report's sub-points open with a short topic sentence, printed bold, that the
paragraph then details. The rule, fitted on the Hongkou 2020 report and checked on the dev corpus:

- the first sentence (up to the first `。`) is at most 25 characters, with at most one `，` and no
  `：；！？` (a lead names a topic; it does not list, ask or exclaim),
- the paragraph goes on after it (a one-sentence paragraph has nothing to lead into),
- the first paragraph after a heading usually introduces the section (`把蓝图变为现实，是一场新的
  长征。` under 三、 is short but is no lead); it is taken as a lead only when the next paragraph has
  a lead too, its own lead is short (16 characters at most) and it is a full paragraph of 100
  characters or more: a section that starts straight with its first sub-point, as 海拉尔 2015
  `抓好投资、融资工作。`, but not the 2012 national report's `改革开放是决定中国前途命运的正确抉择。`
  that opens (八),
- a form of address standing alone inside the text (an old report's closing `同志们：`) opens the passage
  after it as the salutation opens the text: the paragraph under it is taken as under a heading,
- it does not open with a form of address (`各位代表，…`), and holds a word (`。` alone is a mark cut off a line),
- it states no measured fact: a quantity (`4.6万人`, `0.3%`) makes it a statistical bulletin's finding
  (`全年城镇新增就业4.6万人。年末…`), not a topic; a year (`1955年…`) or a plan's name (`“1269”行动`) is no
  quantity.
- it is no article of a regulation (`第三条　市绿化行政主管部门负责…。区绿化…`): an article opens with its
  number and says what it provides in full sentences; its first sentence names no topic, and no regulation
  prints it bold,
- a text without headings (a 贺信, a short speech) has no sub-points, so no leads: `科技是第一生产力、人才是
  第一资源、创新是第一动力。` opening a letter's paragraph is a saying, not a topic,
- a shorter first paragraph after a heading is a lead too when its lead and the next paragraph's each
  name a task, one clause with no `是` and no comma (parallel sub-points, `加强政治建设。` /
  `加强能力建设。`, `深化司法责任制综合配套改革。` / `推进数字法院建设。`).
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Block
from reportpress.importer.headings import ARTICLE
from reportpress.importer.salutation import is_salutation

LEAD_MAX_CHARS = 25
FIRST_LEAD_MIN_CHARS = 100
FIRST_LEAD_MAX_CHARS = 16
_NOT_IN_LEAD = re.compile(r"[：；！？]")
_ADDRESS = re.compile(r"各位代表|同志们|各位委员")
_ARTICLE = re.compile(ARTICLE)  # an article's number opens the article's paragraph
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# a number with its unit: a percentage, or digits before a Han counter or unit other than a date's
_QUANTITY = re.compile(r"\d[%‰]|\d(?![\d.,年月日号届])[\u4e00-\u9fff]")


def find_lead(text: str) -> str:
    """The lead sentence `text` opens with, or "" (the paragraph-position rule is the caller's)."""
    stop = text.find("。")
    if stop == -1 or stop == len(text) - 1:
        return ""
    first = text[: stop + 1]
    # a paragraph opening with `。` (a mark an extraction pushed to the next line) leads into nothing
    if not _WORD.search(first) or len(first) > LEAD_MAX_CHARS or first.count("，") > 1:
        return ""
    if _NOT_IN_LEAD.search(first) or _ADDRESS.match(first) or _QUANTITY.search(first) or _ARTICLE.match(first):
        return ""
    return first


# A lead naming a task is one clause, a verb and its object (`加强政治建设。`, `深化司法责任制综合配套改革。`):
# no copula (`…是…的首要任务。` states), no comma or enumeration comma (`民惟邦本，本固邦宁。`, `开放与改革相伴而生、
# 相互促进。` are a section's opening words)
_NOT_IN_TASK = re.compile(r"[，、是]")


def is_task(lead: str) -> bool:
    """Whether the lead sentence `lead` names a task (see above)."""
    return bool(lead) and not _NOT_IN_TASK.search(lead)


def mark_leads(blocks: list[Block]) -> list[Block]:
    """Set `lead` on each paragraph that opens with a run-in lead sentence."""
    if not any(block.kind == "heading" for block in blocks):
        return blocks  # a text of no headings (a letter, a short speech) has no sub-points to lead
    leads = [find_lead(block.text) if block.kind == "paragraph" and not block.lead else "" for block in blocks]
    after_heading = True  # the report's first paragraph is an opening, as after a heading
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "salutation"):
            # the salutation opens nothing: the paragraph after it opens the text, as after a heading
            after_heading = after_heading or block.kind == "heading"
            continue
        if block.kind == "paragraph" and not block.lead and is_salutation(block.text):
            after_heading = True  # an address inside the text (`同志们：`) opens what follows
            continue
        lead = leads[index]
        if lead and after_heading:
            # A section may start straight with its first sub-point: a long lead paragraph followed
            # by another lead paragraph is one, where a short opening sentence is not.
            following = leads[index + 1] if index + 1 < len(blocks) else ""
            # … and so is a short one naming a task as its sibling after it does (`加强政治建设。…` /
            # `加强能力建设。…`): a section's opening states (`改革是今年政府工作的首要任务。`) or coins
            # (`民惟邦本，本固邦宁。`), it names no task
            parallel = is_task(lead) and is_task(following)
            if not following or len(lead) > FIRST_LEAD_MAX_CHARS or (
                    len(block.text) < FIRST_LEAD_MIN_CHARS and not parallel):
                lead = ""
        if lead:
            block.lead, block.text = lead, block.text[len(lead) :]
        after_heading = False
    return blocks
