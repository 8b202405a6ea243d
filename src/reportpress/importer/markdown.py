"""Blocks, footnotes and glossary → the source Markdown text (DESIGN §3).

In: the front matter YAML, the body `Block`s with their spans, the footnote texts and the glossary
entries. Out: the source as one string: front matter, one block per paragraph or heading separated by
blank lines, `[^n]: …` footnote definitions, then the `::: glossary` fenced div holding a definition
list. Raw text is escaped so that nothing in it reads as Markdown: ASCII `\\ * _ [ ] ` < > &`
anywhere, and what would open a block at the start of a line (`#`, `>`, `-`, `+`, `:`, `1.`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportpress.importer.blocks import Block
from reportpress.importer.glossary import GlossaryEntry
from reportpress.importer.notes import PLACEHOLDER, placeholder_number
from reportpress.importer.references import REF_PREFIX, ReferenceEntry

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>~|])")
# a run of citation placeholders is one call `[@ref1; @ref2]`; any other placeholder stands alone
_PLACEHOLDER_AND_FOLLOWER = re.compile(f"([\U000f1800-\U000f1fff]+|{PLACEHOLDER.pattern})([(:])?")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What opens a block at a line start (CommonMark §4–5, Pandoc definition lists, fenced divs).
_BLOCK_START = re.compile(
    r"^(?:(#{1,6}(?=\s|$)|>|-(?=[\s-]|$)|\+(?=\s|$)|:(?=\s)|:{3,}|={2,}$)|(\d{1,9})([.)])(?=\s|$))"
)


def escape_inline(text: str) -> str:
    """Backslash-escape what CommonMark and our plugins would read as markup inside a line."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub("&amp;", text)


def escape_block_start(text: str) -> str:
    """Escape a leading `#`, `>`, `-`, `+`, `:` or `1.` that would open a heading, quote, list or term."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    if match.group(2):
        return f"{match.group(2)}\\{match.group(3)}{text[match.end() :]}"
    return "\\" + text


def render_placeholders(text: str) -> str:
    """Placeholders → `[^n]` footnote references and `[@refN; …]` citations; glossary-marker placeholders
    vanish (terms.py).

    A `(` right after `[^n]` would make it a link, `[^1](…)`, and a `:` a definition; both are escaped.
    """

    def replace(match: re.Match[str]) -> str:
        follower = "\\" + match.group(2) if match.group(2) else ""
        kind, number = placeholder_number(match.group(1)[0])
        if kind == "citation":
            keys = [f"@{REF_PREFIX}{placeholder_number(char)[1]}" for char in match.group(1)]
            return "[" + "; ".join(keys) + "]" + follower
        return (f"[^{number}]" if kind == "footnote" else "") + follower

    return _PLACEHOLDER_AND_FOLLOWER.sub(replace, text)


def render_part(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escaped `text` with the spans' markup around their ranges."""
    pieces: list[str] = []
    at = 0
    for start, end, before, after in sorted(spans):
        pieces.append(escape_inline(text[at:start]))
        pieces.append(before + escape_inline(text[start:end]) + after)
        at = end
    pieces.append(escape_inline(text[at:]))
    return render_placeholders("".join(pieces))


def block_to_markdown(block: Block) -> str:
    """One heading or paragraph as a Markdown block."""
    def spans_of(part: str) -> list[tuple[int, int, str, str]]:
        return [(s, e, b, a) for p, s, e, b, a in block.spans if p == part]

    text = render_part(block.text, spans_of("text"))
    if block.kind == "salutation":
        return f"::: salutation\n{escape_block_start(text)}\n:::"
    if block.kind == "heading":
        return "#" * block.level + " " + text
    if block.lead:
        return f"**{render_part(block.lead, spans_of('lead'))}**{text}"
    return escape_block_start(text)


def glossary_to_markdown(entries: list[GlossaryEntry], *, markdown: bool = False) -> str:
    """The `::: glossary` div: a definition list, one entry per term, blank lines between.

    Definitions are plain text, escaped, unless `markdown`: a Markdown input's are Markdown already, and
    keep their emphasis, code and links (mdinput.py)."""
    items = []
    for entry in entries:
        term = escape_block_start(escape_inline(entry.term))
        if entry.explicit_id:
            term += f" {{#{entry.id}}}"
        text = entry.definition if markdown else escape_inline(entry.definition)
        definition = escape_block_start(render_placeholders(text))
        items.append(f"{term}\n: {definition}")
    return "::: glossary\n" + "\n\n".join(items) + "\n:::\n"


@dataclass(frozen=True, slots=True)
class AppendixSource:
    """An appendix to write: the label when it is not the automatic `附件N`, its title and blocks, and
    whether the glossary stands in it (then the glossary is its content and gives its title)."""

    label: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    glossary: bool = False


def notes_to_markdown(footnotes: dict[int, str], title: str) -> str:
    """The `::: notes` div holding the definitions of the notes the raw text collected at its end."""
    definitions = [
        f"[^{number}]: {escape_block_start(render_placeholders(escape_inline(text)))}"
        for number, text in sorted(footnotes.items())
    ]
    heading = [f"# {escape_inline(title)}"] if title else []
    return "::: notes\n" + "\n\n".join(heading + definitions) + "\n:::"


def references_to_markdown(entries: list[ReferenceEntry], title: str) -> str:
    """The `::: references` div: the list's title as its heading, then `refN` / `: entry` pairs."""
    heading = [f"# {escape_inline(title)}"] if title else []
    items = [f"{entry.key}\n: {escape_block_start(escape_inline(entry.text))}" for entry in entries]
    return "::: references\n" + "\n\n".join(heading + items) + "\n:::"


def appendix_to_markdown(appendix: AppendixSource, entries: list[GlossaryEntry], closing: str = "") -> str:
    """One `::: appendix` div; a longer fence when a glossary div nests inside it; `closing` (the imprint of a
    document that ends with this appendix) last inside it.

    The label is one of `附件` `附件二` `附表1` … (appendix.py reads nothing else), safe inside `label="…"`.
    """
    fence = "::::" if appendix.glossary else ":::"
    opening = f'{fence} {{.appendix label="{appendix.label}"}}' if appendix.label else f"{fence} appendix"
    parts = [f"# {escape_inline(appendix.title)}"] if appendix.title and not appendix.glossary else []
    if appendix.glossary:
        parts.append(glossary_to_markdown(entries).rstrip("\n"))
    parts += [block_to_markdown(block) for block in appendix.blocks if block.text or block.lead]
    parts += [closing] if closing else []
    return opening + "\n" + "\n\n".join(parts) + "\n" + fence


def source_markdown(
    front_matter: str,
    blocks: list[Block],
    footnotes: dict[int, str],
    entries: list[GlossaryEntry],
    *,
    notes_title: str = "",
    appendices: tuple[AppendixSource, ...] = (),
    references: list[ReferenceEntry] | None = None,
    references_title: str = "",
    signoff: tuple[str, ...] = (),
    imprint: tuple[str, ...] = (),
    note: tuple[str, ...] = (),
    decree: tuple[str, ...] = (),
    decree_signoff: tuple[str, ...] = (),
) -> str:
    """The whole source text: body, end notes, references, glossary, appendices (the reader's order,
    issue 10), and the imprint last of all: the document's last block, or the last block of the appendix
    that ends it (GB/T 9704 §7.4: the 版记 closes the document, after its attachments)."""
    def div(kind: str, lines: tuple[str, ...]) -> str:  # one printed line a source line
        return f"::: {kind}\n" + "\n".join(escape_block_start(escape_inline(line)) for line in lines) + "\n:::"

    closing = {kind: div(kind, lines) for kind, lines in (("signoff", signoff), ("imprint", imprint)) if lines}
    # a decree's promulgation and its signed, dated sign-off open the text, before the regulation it makes public
    parts = [escape_block_start(escape_inline(line)) for line in decree]
    if decree_signoff:
        parts.append(div("signoff", decree_signoff))
    parts += [block_to_markdown(block) for block in blocks if block.text or block.lead]
    if "signoff" in closing:
        parts.append(closing["signoff"])
    # the 附注 under the sign-off (`（此件主动公开）`, GB/T 9704 §7.3.6): a paragraph of its own after it
    parts.extend(escape_block_start(escape_inline(line)) for line in note)
    if footnotes:
        parts.append(notes_to_markdown(footnotes, notes_title))
    if references:
        parts.append(references_to_markdown(references, references_title))
    body = "\n\n".join(parts)
    text = front_matter + ("\n" + body + "\n" if body else "")
    in_appendix = any(appendix.glossary for appendix in appendices)
    if entries and not in_appendix:
        text += "\n" + glossary_to_markdown(entries)
    for number, appendix in enumerate(appendices, start=1):
        last = number == len(appendices)
        text += "\n" + appendix_to_markdown(appendix, entries, closing.get("imprint", "") if last else "") + "\n"
    if "imprint" in closing and not appendices:
        text += "\n" + closing["imprint"] + "\n"
    return text
