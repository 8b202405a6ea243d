"""A report that came by mail: the quoting of a reply or a forward, and the header of the forwarded message.

In: the decoded lines of a plain-text input. Out: the lines without the quote marks and the header, and one
decision saying so. A mail client quotes each line of the message it replies to or forwards with `>` (nested
replies `> >`); the text under the marks is the report as it was sent. The rule is for the whole text: most
of its lines (three in five of those with text) are quoted, else a `>` opening a line is text. A forward's
header (`---------- Forwarded message ---------`, `-----原始邮件-----`, then `发件人：` / `From:` … lines) stands
over the quoted text; its lines are dropped only there, above the first quoted line.
"""

from __future__ import annotations

import re

from reportpress.importer.blocks import Line
from reportpress.importer.report import Decision

_QUOTE = re.compile(r"(?:>[ \t]?)+")
_SEPARATOR = re.compile(r"-{3,}\s*(?:Forwarded message|Original Message|原始邮件|转发邮件|邮件原文)\s*-{3,}",
                        re.IGNORECASE)
_HEADER_FIELD = re.compile(r"(?:发件人|收件人|抄送人|日期|发送时间|时间|主题|From|To|Cc|Date|Sent|Subject)\s*[：:].*",
                           re.IGNORECASE)
_QUOTED_SHARE = 0.6


def strip_mail_quoting(lines: list[Line]) -> tuple[list[Line], list[Decision]]:
    """`lines` with a mail's quote marks and the forward header above them removed (see the module docstring)."""
    texts = [line for line in lines if line.text.strip()]
    quoted = [line for line in texts if _QUOTE.match(line.text)]
    if not texts or len(quoted) < _QUOTED_SHARE * len(texts):
        return lines, []
    first = next(index for index, line in enumerate(lines) if _QUOTE.match(line.text))
    header = [line for line in lines[:first]
              if _SEPARATOR.fullmatch(line.text.strip()) or _HEADER_FIELD.fullmatch(line.text.strip())]
    kept = [Line(line.number, _QUOTE.sub("", line.text, count=1) if _QUOTE.match(line.text) else line.text,
                 line.indented)
            for line in lines if line not in header]
    what = f"a mail's quoting: the `>` marks of {len(quoted)} lines removed"
    if header:
        what += f", the forwarded message's header ({len(header)} lines) dropped"
    return kept, [Decision(tuple(line.number for line in (header + quoted)[:20]), "mail", what, 0.8, "")]
