"""The document model: what the reader produces and every writer consumes.

Plain, frozen data (DESIGN §4): no rendering, no I/O. Every node carries the place in the source it
came from (`SourcePos`), so a writer or a check can name a file and a line without seeing source text.
Writers dispatch on these classes with `match` and end in `typing.assert_never`, so adding a node
type makes the type checker point at every writer that does not handle it yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, assert_never

from reportpress.printable import shown_path


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A place in a source file: the path as the user gave it, 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{shown_path(self.path)}:{self.line}"  # a path with a newline or ESC prints as escapes


# ---------------------------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    text: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Strong:
    inlines: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Emphasis:
    inlines: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    inlines: tuple[Inline, ...]
    url: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Image:
    """A picture; `src` is a path relative to the source file's folder (the reader allows nothing else)."""

    src: str
    alt: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class LineBreak:
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class FootnoteRef:
    """A call of note `id`; its body is `Document.footnote(id)`, at the page foot or at the end."""

    id: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A call citing one or more entries of the reference list (`[@a; @b]`, GB/T 7714 numeric style).

    `keys` are in the order the source wrote them; writers show their numbers as `resolve.citation_label`
    makes them: ascending, consecutive ones as a range (`[2-5]`, `[2,5,7]`).
    """

    keys: tuple[str, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class TermRef:
    """A use of glossary term `term_id`, shown as `inlines`.

    `anchor` is true on exactly one reference per entry: the first, where the entry's endnote is
    called (numbered marker in the PDF, `w:endnoteReference` in the DOCX).
    """

    term_id: str
    inlines: tuple[Inline, ...]
    anchor: bool = False
    pos: SourcePos


Inline = Text | Strong | Emphasis | Link | Image | LineBreak | FootnoteRef | Citation | TermRef


# ----------------------------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    level: Literal[1, 2, 3, 4]
    inlines: tuple[Inline, ...]
    id: str  # unique in the document; the target of bookmarks and links
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    lead: tuple[Inline, ...] = ()  # bold run-in sentence of a work-report paragraph, without its markup
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock:
    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    head: tuple[tuple[tuple[Inline, ...], ...], ...]  # rows of cells of inlines
    body: tuple[tuple[tuple[Inline, ...], ...], ...]
    # each column's alignment as the delimiter row writes it (`:--` left, `:-:` center, `--:` right),
    # "" where it writes none (the writers' default: text from the start, as Pandoc's AlignDefault)
    aligns: tuple[str, ...] = ()
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    blocks: tuple[Block, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Glossary:
    """Where the glossary stands in the document; its entries are `Document.glossary`."""

    title: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class EndNotes:
    """Where the end notes stand (`Document.end_notes`); `title` empty: the layout's `[notes] end_title`."""

    title: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class References:
    """Where the reference list stands (`Document.references`); `title` empty: the layout's."""

    title: str
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Salutation:
    """The 称谓 a report opens with (`各位代表：`): set flush left in the body role (GB/T 9704 §7.3.2)."""

    inlines: tuple[Inline, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class SignOff:
    """A right-aligned closing block: the 落款 (organisation, date; §7.3.5) or an imprint such as
    `大会秘书处` / `2024年1月印` (§7.4). One entry of `lines` per printed line."""

    lines: tuple[tuple[Inline, ...], ...]
    kind: Literal["signoff", "imprint"] = "signoff"
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Appendix:
    """An appendix (附件, GB/T 9704 §8): a new page, its label (`附件1`) flush left, its title centred.

    `number` is its place among the appendices (1-based); `label` is the label the source gave, empty
    for the layout's `[appendix] label` with the number. Its headings are its own: they nest under the
    appendix in the PDF outline and never count as body sections. Its `blocks` may hold the `Glossary`.
    """

    number: int
    label: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    id: str  # unique in the document, like a heading's
    pos: SourcePos


Block = (Heading | Paragraph | ListBlock | Table | Quote | Glossary | EndNotes | References | Salutation
         | SignOff | Appendix)


# ---------------------------------------------------------------------------------------------- notes


NotePlacement = Literal["foot", "end"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A note the body calls with `FootnoteRef`: at the foot of its page, or collected at the end."""

    id: str
    blocks: tuple[Block, ...]
    placement: NotePlacement = "foot"
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class GlossaryEntry:
    """One term and its definition; becomes an endnote anchored at the term's first use."""

    id: str
    term: tuple[Inline, ...]
    definition: tuple[Block, ...]
    anchored: bool = True  # false for an entry the body never uses (a warning); it has no endnote call
    pos: SourcePos


@dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """One entry of the reference list (参考文献), as the source wrote it (GB/T 7714 text)."""

    id: str  # the citation key: `[@id]`
    inlines: tuple[Inline, ...]
    cited: bool = True  # false for an entry no citation names (a warning); numbered after the cited ones
    pos: SourcePos


# ------------------------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True, kw_only=True)
class Cover:
    """A cover named in the front matter: a layout template name or a PDF path (relative to the source)."""

    front: str | None = None
    back: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    organization: str = ""
    date: str = ""  # ISO 8601 (YYYY-MM-DD) or empty
    lang: str = "zh-CN"
    layout: str = "gov-report"
    cover: Cover = Cover()
    duplex: bool = False  # printed on both sides: blank versos so the body starts on a right-hand page
    label: str = ""  # on the cover above the title: `某市第十届人民代表大会第三次会议文件（十二）`, `大会文件`
    notes: NotePlacement = "foot"  # where notes go unless a `::: notes` div places them at the end
    note_marker: str = ""  # end notes' calls (layouts.EndNoteMarker); empty: the layout's [notes] end_marker
    glossary_title: str = ""  # empty: the layout's [notes] glossary_title
    toc: bool = False
    keywords: tuple[str, ...] = ()
    extra: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    # the 1-based source line of each front matter key, so that a later error about a key can name it
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def pos(self, key: str, path: str) -> SourcePos | None:
        """Where front matter `key` is in the source at `path`, if the source gave it."""
        line = self.lines.get(key)
        return SourcePos(path, line) if line else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A whole source: front matter, body blocks, and the notes the body calls.

    `glossary` is in endnote order, the order of the terms' first references in the body, then the
    entries the body never uses in source order, so an entry's number is its index + 1 in every writer.
    `footnotes` holds every note; those placed at the end (`Document.end_notes`) are in the order of
    their first call and numbered so. `references` is in GB/T 7714 numeric order: first citation, then
    the entries never cited.
    """

    meta: Meta
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    references: tuple[Reference, ...] = ()
    path: str = ""
    # where each id stands in its list, made once: writers look a note or an entry up at every call
    _places: Mapping[tuple[str, str], int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lists: dict[str, tuple[Footnote | GlossaryEntry | Reference, ...]] = {
            "note": self.footnotes, "end": self.end_notes, "term": self.glossary, "ref": self.references}
        places = {(kind, item.id): index for kind, items in lists.items()
                  for index, item in reversed(list(enumerate(items)))}  # the first of an id, as a search finds
        object.__setattr__(self, "_places", places)  # frozen: set once, here

    def _place(self, kind: str, key: str) -> int:
        try:
            return self._places[kind, key]
        except KeyError:
            raise KeyError(key) from None

    @property
    def end_notes(self) -> tuple[Footnote, ...]:
        return tuple(note for note in self.footnotes if note.placement == "end")

    def footnote(self, note_id: str) -> Footnote:
        return self.footnotes[self._place("note", note_id)]

    def glossary_entry(self, term_id: str) -> GlossaryEntry:
        return self.glossary[self._place("term", term_id)]

    def reference(self, key: str) -> Reference:
        return self.references[self._place("ref", key)]

    def endnote_number(self, term_id: str) -> int:
        """The number of glossary entry `term_id` (1-based: in reference order, then the unused ones)."""
        return self._place("term", term_id) + 1

    def end_note_number(self, note_id: str) -> int:
        """The number of end note `note_id` (1-based, in the order of first calls)."""
        return self._place("end", note_id) + 1

    def reference_number(self, key: str) -> int:
        """The number of reference `key` in the list (1-based)."""
        return self._place("ref", key) + 1


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text a reader sees in `inlines`, without note markers."""
    parts: list[str] = []
    for node in inlines:
        match node:
            case Text(text=text):
                parts.append(text)
            case Strong(inlines=children) | Emphasis(inlines=children) | Link(inlines=children):
                parts.append(plain_text(children))
            case TermRef(inlines=children):
                parts.append(plain_text(children))
            case LineBreak():
                parts.append("\n")
            case Image() | FootnoteRef() | Citation():
                pass
            case _:
                assert_never(node)
    return "".join(parts)
