"""Word bookmark names for headings, appendices, reference list entries and end notes in text.

In: the model's blocks, the number of references and of end notes written as text. Out: a bookmark
name per heading and appendix id (what `#id` links and a TOC's PAGEREF fields point at), `ref_N` for
reference entry N (what a citation links to), `en_N` and `en_call_N` for end note N and its first
call (the two ends of its links). Word truncates names longer than 40 characters and wants a letter
first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reportpress.model import Appendix, Block, Heading, Quote

BOOKMARK_LIMIT = 40  # Word truncates longer bookmark names


def reference_bookmark(number: int) -> str:
    """The bookmark of reference list entry `number`, the anchor its citations link to."""
    return f"ref_{number}"


def end_note_bookmark(number: int) -> str:
    """The bookmark of end note `number` under its title, the anchor its calls link to."""
    return f"en_{number}"


def end_note_call_bookmark(number: int) -> str:
    """The bookmark of end note `number`'s first call, the anchor the note's mark links back to."""
    return f"en_call_{number}"


def bookmark_names(blocks: tuple[Block, ...], references: int, sections: Iterable[str] = (), *,
                   end_notes: int = 0) -> dict[str, str]:
    """A Word bookmark name per heading and appendix id, and per id of `sections` (the glossary's, the
    end notes' and the reference list's titles, which a contents page lists): a letter first, word
    characters, at most 40.

    `ref_1` … name the reference list's entries (`reference_bookmark`), `en_1`, `en_call_1` … the
    `end_notes` end notes written as text; no heading takes one of them.
    """
    used = {reference_bookmark(number) for number in range(1, references + 1)}
    used |= {name(number) for number in range(1, end_notes + 1)
             for name in (end_note_bookmark, end_note_call_bookmark)}
    names: dict[str, str] = {}
    for target_id in (*bookmark_targets(blocks), *sections):
        if target_id in names:
            continue
        name = re.sub(r"\W", "_", target_id)[:BOOKMARK_LIMIT]
        if not name[:1].isalpha():
            name = ("h_" + name)[:BOOKMARK_LIMIT]
        base, suffix = name, 1
        while name in used:
            suffix += 1
            name = f"{base[:BOOKMARK_LIMIT - len(str(suffix)) - 1]}_{suffix}"
        used.add(name)
        names[target_id] = name
    return names


def bookmark_targets(blocks: tuple[Block, ...]) -> Iterator[str]:
    """The ids of headings (in quotes and appendices too) and of appendices, in document order."""
    for block in blocks:
        if isinstance(block, Heading):
            yield block.id
        elif isinstance(block, Quote):
            yield from bookmark_targets(block.blocks)
        elif isinstance(block, Appendix):
            yield block.id
            yield from bookmark_targets(block.blocks)
