"""Word bookmark names for headings, appendices and reference list entries.

In: the model's blocks and the number of references. Out: a bookmark name per heading and appendix
id (what `#id` links and a TOC's PAGEREF fields point at), and `ref_N` for reference entry N (what a
citation links to). Word truncates names longer than 40 characters and wants a letter first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reportpress.model import Appendix, Block, Heading, Quote

BOOKMARK_LIMIT = 40  # Word truncates longer bookmark names


def reference_bookmark(number: int) -> str:
    """The bookmark of reference list entry `number`, the anchor its citations link to."""
    return f"ref_{number}"


def bookmark_names(blocks: tuple[Block, ...], references: int, sections: Iterable[str] = ()) -> dict[str, str]:
    """A Word bookmark name per heading and appendix id, and per id of `sections` (the glossary's, the
    end notes' and the reference list's titles, which a contents page lists): a letter first, word
    characters, at most 40.

    `ref_1` … name the reference list's entries (`reference_bookmark`); no heading takes one of them.
    """
    used = {reference_bookmark(number) for number in range(1, references + 1)}
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
