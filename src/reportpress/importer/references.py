"""A `参考文献` list and the body's numbered calls to it → `::: references` and `[@refN]` citations.

In: the body paragraphs (appendices split off). Out: the paragraphs without the list, with each call
to an entry replaced by a citation placeholder, and the entries. The class of input: a reference list
(GB/T 7714 style) standing after the text under a title line (`参考文献`, `主要参考文献`, `参考资料`,
letter-spaced `参 考 文 献` too), its entries numbered in sequence `[1]` `［1］` `1.` `（1）` `〔1〕`; an
entry hard-wrapped over several lines is joined. The body calls an entry by its number in brackets,
alone or in a list or range: `[1]`, `［2］`, `<sup>[3]</sup>`, `[1,2]`, `[1-3]`, `［4，6］`.

A numbered call to a reference list is a citation and nothing else: when the report also has notes or
a glossary numbered `[n]`, the calls belong to the list (notes are the ones numbered ① …). Keys are
`ref1`, `ref2` … by the list's numbering, so the reviewer can match them to the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportpress.importer.blocks import Line
from reportpress.importer.glossary import is_glossary_title
from reportpress.importer.notes import CITATION_BASE

_TITLE = re.compile(r"(?:主要|附[：:]?)?(?:参考文献|参考资料|引用文献|参考书目)(?:目录|列表)?[：:]?")
# a call of one or more entries, `<sup>[1]</sup>` (group 1) or bare `[1-3]` (group 2): `call_numbers` reads it
CALL = re.compile(
    r"<sup>\s*[\[［]([\d,，、\-－–—~～\s]{1,40})[\]］]\s*</sup>|[\[［](\d{1,3}(?:\s*[,，、\-－–—~～]\s*\d{1,3}){0,20})[\]］]"
)
_MAX_ENTRIES = 0x7FF  # citation placeholders run from CITATION_BASE to the end of the private range
REF_PREFIX = "ref"


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """One entry of the list: its number as printed, its text, its key and raw line."""

    number: int
    text: str
    line: int

    @property
    def key(self) -> str:
        return f"{REF_PREFIX}{self.number}"


def entry_mark(number: int) -> re.Pattern[str]:
    """The ways entry `number` is numbered at the start of its line."""
    return re.compile(rf"\s*(?:\[{number}\]|［{number}］|〔{number}〕|（{number}）|\({number}\)|{number}\s*[.．、])\s*")


def is_references_title(text: str) -> bool:
    return len(text) <= 20 and bool(_TITLE.fullmatch(text))


def read_entries(lines: list[Line]) -> tuple[list[ReferenceEntry], int]:
    """The entries at the start of `lines` and how many lines they took (a glossary title ends them)."""
    entries: list[ReferenceEntry] = []
    used = 0
    for line in lines:
        mark = entry_mark(len(entries) + 1).match(line.text)
        if mark and line.text[mark.end():].strip():
            entries.append(ReferenceEntry(len(entries) + 1, line.text[mark.end():].strip(), line.number))
        elif entries and not is_glossary_title(line.text) and not entry_mark(1).match(line.text):
            last = entries[-1]  # a hard-wrapped entry: the line goes on with it
            entries[-1] = ReferenceEntry(last.number, last.text + line.text.strip(), last.line)
        else:
            break
        used += 1
        if len(entries) >= _MAX_ENTRIES:
            break
    return entries, used


def call_numbers(text: str) -> list[int]:
    """`1,2` → [1, 2]; `1-3` → [1, 2, 3]; [] when the list is not a plain rising list of numbers."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", text.strip()):
        bounds = re.split(r"\s*[\-－–—~～]\s*", part)
        if not all(bound.isdigit() for bound in bounds) or len(bounds) > 2:
            return []
        low, high = int(bounds[0]), int(bounds[-1])
        if high < low or high - low > 50:
            return []
        numbers += range(low, high + 1)
    return numbers


def citation_placeholder(number: int) -> str:
    return chr(CITATION_BASE + number)


def replace_calls(paragraphs: list[Line], count: int) -> tuple[list[Line], set[int]]:
    """Each call whose numbers are all entries → citation placeholders; the paragraphs and numbers cited."""
    cited: set[int] = set()

    def swap(match: re.Match[str]) -> str:
        numbers = call_numbers(match.group(1) or match.group(2))
        if not numbers or not all(0 < number <= count for number in numbers):
            return match.group()
        cited.update(numbers)
        return "".join(citation_placeholder(number) for number in numbers)

    result = [Line(line.number, CALL.sub(swap, line.text), line.indented) for line in paragraphs]
    return result, cited


def read_references(paragraphs: list[Line]) -> tuple[list[Line], str, list[ReferenceEntry], list[int]]:
    """Split off the reference list: (paragraphs with calls replaced, title, entries, raw lines of the list).

    The last references title followed by an entry numbered 1 opens the list; no calls are replaced
    when there is none.
    """
    for index in range(len(paragraphs) - 2, -1, -1):
        if not is_references_title(paragraphs[index].text):
            continue
        entries, used = read_entries(paragraphs[index + 1 :])
        if not entries:
            continue
        section = paragraphs[index : index + 1 + used]
        rest = paragraphs[:index] + paragraphs[index + 1 + used :]
        rest, _ = replace_calls(rest, len(entries))
        title = re.sub(r"[：:]$", "", paragraphs[index].text)
        return rest, title, entries, [line.number for line in section]
    return paragraphs, "", [], []
