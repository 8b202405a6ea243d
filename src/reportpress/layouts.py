"""Find a layout folder and read its `layout.toml` into a typed `Layout`.

A layout is data (DESIGN §5): page geometry, fonts and sizes per role, folio, notes. Both the HTML/CSS
writer and the DOCX writer read the same `Layout`, so the print copy and the Word file agree. Numbers
that follow from others (font size and line pitch from a character grid, GB/T 9704 §5.2.3) are derived
here once, not in each writer.

Lookup order for a layout name: `layouts/NAME/` of the current project, then the built-in layouts
installed with the package.

A layout's files run as templates and are read into the outputs, and a source is untrusted: so a source
names its layout only by NAME (`--layout PATH` on the command line may name any folder, since the user
typed it), a layout holds no link that leads out of its folder (nor is the project's `layouts/` a link out
of the project), and every file of it is read through `read_layout_file`, which opens it without
following any link out of the folder. Every number of `layout.toml` is checked against its bounds when
the layout is read (finite, sizes from 1 pt to the text block, a text block of at least 20 mm each way,
grid pitches that leave characters and lines room), so `check` refuses a layout a writer would crash on.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any, Literal, get_args

from reportpress.errors import LayoutError, shown_path
from reportpress.files import TooDeep, walk_entries
from reportpress.printable import UNPRINTABLE
from reportpress.units import Length, Mm, Pt, floor_to, parse_size

Role = Literal[
    "title", "subtitle", "author", "body", "heading1", "heading2", "heading3", "heading4",
    "lead", "folio", "note", "label", "emphasis",
]
ROLES: tuple[Role, ...] = get_args(Role)
HEADING_ROLES: tuple[Role, ...] = ("heading1", "heading2", "heading3", "heading4")  # by level, 1 first
# The kinds of text a writer sets in a font role of its own (issue 13: one table of font roles). The DOCX
# styles (writers/docx/styles.py, cover.py) and the font check (typeset/roles.py) look roles up here;
# tests/test_layout_roles.py checks that style.css.j2 sets each kind's selectors in the same role.
ElementKind = Literal[
    "title", "subtitle", "author", "body", "heading1", "heading2", "heading3", "heading4", "lead", "strong",
    "emphasis", "note", "notes_title", "appendix_label", "appendix_title", "toc_title", "folio", "cover_label",
    "cover_foot",
]
ELEMENT_ROLES: Mapping[ElementKind, Role] = MappingProxyType({
    "title": "title", "subtitle": "subtitle", "author": "author", "body": "body",
    "heading1": "heading1", "heading2": "heading2", "heading3": "heading3", "heading4": "heading4",
    "lead": "lead",  # a work report's bold run-in sentence
    "strong": "lead",  # `**x**` in body text and notes: the bold 仿宋 (a heading or a title keeps its own)
    "emphasis": "emphasis",  # `*x*`, when [styles] emphasis = "font"
    "note": "note",  # footnotes, end notes, glossary entries, the reference list, the imprint
    "notes_title": "heading1",  # the glossary's, the end notes' and the reference list's titles
    "appendix_label": "heading1",  # 附件1 (GB/T 9704 §8)
    "appendix_title": "title",
    "toc_title": "heading1",
    "folio": "folio",
    "cover_label": "label",  # the cover's document label
    "cover_foot": "subtitle",  # the cover's organisation and date
})


def heading_role(level: int) -> Role:
    """The font role of a heading of `level` (1–4; deeper levels take level 4's)."""
    return HEADING_ROLES[min(max(level, 1), len(HEADING_ROLES)) - 1]


FootnoteMarker = Literal["circled", "decimal"]
# footnote numbers restart on every page (the Chinese convention, ① per page) or run through the document
FootnoteNumbering = Literal["page", "document"]
# end notes' calls: ① (GB/T 15834 style), ［1］ in the text's own size, or a superscript 1
EndNoteMarker = Literal["circled", "bracket", "superscript"]
END_NOTE_MARKERS: tuple[EndNoteMarker, ...] = get_args(EndNoteMarker)
FolioPosition = Literal["alternate", "center", "right"]
PunctuationStyle = Literal["quanjiao", "kaiming", "banjiao", "none"]
Autospace = Literal["off", "quarter"]
# how `*x*` is set: in the [fonts] emphasis role, upright (楷体 in 仿宋 text, the Chinese print habit; a CJK
# face has no italic, and WeasyPrint draws no synthetic slant), bold, or italic (for Latin text)
EmphasisStyle = Literal["font", "bold", "italic"]
TableAlign = Literal["center", "left"]
PartHeadings = Literal["center", "left"]

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "B5": (176, 250), "16K": (185, 260),
    "LETTER": (215.9, 279.4),
}

LAYOUT_FILE = "layout.toml"
# a layout name: letters (any script), digits, `_`, `-`, `.`, not starting with a dot — never a path
_NAME = re.compile(r"(?!\.)[\w.-]+")
NAME_MAX_BYTES = 128  # well under the 255 bytes a file name may have
LAYOUT_FILE_MAX_BYTES = 16 * 1024 * 1024  # layout.toml, templates: text, never this large

# The bounds of layout.toml's numbers, checked when a layout is read, so that `check` refuses what would
# crash a writer (a zero size divides, a negative margin is out of OOXML's range) or lose text silently.
PAGE_SIDE_MAX = Mm(558.8)  # 22 in, the largest page Word takes (A3 is 420 mm)
TEXT_BLOCK_MIN = Mm(20)  # each way: room for a line of a few characters
SIZE_MIN = Pt(1)  # a type size; the largest is the text block's smaller side
WEIGHTS = tuple(range(100, 1000, 100))  # the font-weights WeasyPrint takes: it ignores any other, such as 350
BOLD_WEIGHT = 600  # from here a weight is bold: Word's `w:b`, and in the print copy the bold 仿宋's face
GRID_MAX = 10_000  # characters per line, lines per page: far past any page (the pitches below bind first)
FOLIO_INDENT_MAX = 10  # characters; GB/T 9704 says 1
# a table rule from 1/4 pt to 6 pt, the range of Word's `w:sz` (eighths of a point, 2 … 48 for single lines)
TABLE_BORDER_MIN, TABLE_BORDER_MAX = Pt(0.25), Pt(6)
TABLE_CELL_PADDING_MAX = Pt(36)  # each side; Word's cell margins go far higher, a text block does not
QUOTE_INDENT_MAX = 10  # characters on each side of a block quote
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    width: Length
    height: Length
    top: Length
    bottom: Length
    inside: Length  # the binding edge's margin
    outside: Length
    binding: Literal["left", "right"] = "left"
    mirror: bool = True  # even pages swap inside and outside (duplex printing)

    @property
    def text_width(self) -> Length:
        return Length(self.width - self.inside - self.outside)

    @property
    def text_height(self) -> Length:
        return Length(self.height - self.top - self.bottom)


@dataclass(frozen=True, slots=True, kw_only=True)
class Folio:
    format: str = "— {n} —"  # {n}: the page number
    position: FolioPosition = "alternate"  # odd pages right, even pages left
    distance: Length = Mm(7)  # from the bottom of the text block to the top of the folio's dash
    indent: float = 1.0  # characters (of the folio size) in from the text block's edge


@dataclass(frozen=True, slots=True, kw_only=True)
class Notes:
    footnote_marker: FootnoteMarker = "circled"  # ①②③ (GB/T 15834 style) or 1 2 3
    footnote_numbering: FootnoteNumbering = "page"  # ① again on every page, or straight through
    endnote_marker: Literal["decimal"] = "decimal"  # the glossary's endnotes
    glossary_title: str = "用语解释"
    end_marker: EndNoteMarker = "circled"  # end notes (`notes: end`, `::: notes`)
    end_title: str = "注释"
    references_title: str = "参考文献"
    appendix_label: str = "附件{n}"  # {n}: the appendix's number (GB/T 9704 §8)


@dataclass(frozen=True, slots=True, kw_only=True)
class Typesetting:
    punctuation: PunctuationStyle = "quanjiao"  # 标点挤压 style (clreq §3.1.6)
    autospace: Autospace = "off"  # Han–Latin spacing; off keeps a character grid
    justify: bool = True
    keep_units: bool = False  # a number never parted from the unit or counter after it (`2026年`, `17个`)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextStyles:
    """The `[styles]` table: what only a layout decides about emphasis, strong, links, tables and quotes
    (issue 13 item 2). `style.css.j2` reads it as `layout.styles` and `writers/docx/styles.py` builds the
    Emphasis, Strong, Hyperlink, Table Grid and Quote styles from the same fields, so the two agree."""

    emphasis: EmphasisStyle = "font"  # `*x*`: the emphasis role's font, upright; or bold; or italic
    strong_weight: int = 700  # `**x**`; Word can only say bold (600 and above) or not
    link_color: str = ""  # a link's text colour, `RRGGBB`; "" = the colour of the text around it
    link_underline: bool = False  # print: a link looks like the text around it (GB/T 9704 §5.2.4: black)
    table_border: Length = Pt(0.5)  # every rule of a table; 0 = none
    table_border_color: str = "000000"  # `RRGGBB`
    table_head_weight: int = 700  # the head row(s)
    table_cell_padding: Length = Pt(4)  # left and right of a cell's text
    table_align: TableAlign = "center"  # a table narrower than the text block sits in its middle
    quote_indent: float = 2.0  # characters, on both sides of a block quote
    part_headings: PartHeadings = "center"  # 第X编/章/节 headings: centred, or at the body's indent

    @property
    def bold_strong(self) -> bool:
        """Whether `**x**` is bold: then set in the bold 仿宋 (the lead role's families) in body text."""
        return self.strong_weight >= BOLD_WEIGHT

    @property
    def bold_head(self) -> bool:
        """Whether a table's head is bold: then set in the bold 仿宋 too."""
        return self.table_head_weight >= BOLD_WEIGHT

    @property
    def link_css_color(self) -> str:
        """The CSS value of a link's colour: `inherit` keeps the surrounding text's."""
        return f"#{self.link_color}" if self.link_color else "inherit"

    @property
    def table_border_css(self) -> str:
        return f"{self.table_border.css()} solid #{self.table_border_color}" if self.table_border else "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class CoverSettings:
    """The front cover's title, read by `cover-front.html.j2` and `writers/docx/cover.py` alike."""

    title_max_size: Length = Pt(26)  # 一号: a short title is set this large
    title_fill: float = 0.98  # the share of the text width a long title, shrunk to one line, may take
    title_line_height: float = 1.5  # the title's line height, a multiple of its size
    title_drop: float = 0.22  # the title's line starts this share of the text block's height down


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    name: str
    folder: Path
    description: str
    page: Page
    chars_per_line: int | None
    lines_per_page: int | None
    fonts: Mapping[Role, tuple[str, ...]]
    sizes: Mapping[Role, Length]
    weights: Mapping[Role, int]
    folio: Folio
    notes: Notes
    typesetting: Typesetting
    docx: Mapping[str, Any]
    cover: CoverSettings = CoverSettings()
    styles: TextStyles = TextStyles()

    # ------------------------------------------------------------------------------ derived numbers

    @property
    def body_size(self) -> Length:
        return self.sizes["body"]

    @property
    def line_pitch(self) -> Length:
        """Baseline to baseline in the body; from the grid when there is one (GB/T 9704: 28.95 pt)."""
        if self.lines_per_page:
            # whole twips, rounded down: 22 × 29 pt overflows a 225 mm block and Word then sets 21 lines
            return Length(floor_to(self.page.text_height / self.lines_per_page, 0.05))
        return Length(round(self.body_size * 1.8, 2))

    @property
    def letter_spacing(self) -> Length:
        """Extra advance per character so that `chars_per_line` characters fill the text block."""
        if not self.chars_per_line:
            return Length(0)
        # rounded down to 1/100 pt so that float rounding can never leave one character too few
        return Length(floor_to(self.page.text_width / self.chars_per_line - self.body_size, 0.01))

    @property
    def char_pitch(self) -> Length:
        return Length(self.body_size + self.letter_spacing)

    @property
    def indent(self) -> Length:
        """The two-character first-line indent of body paragraphs, on the character grid."""
        return Length(2 * self.char_pitch)

    @property
    def quote_indent(self) -> Length:
        """A block quote's indent on each side: `[styles] quote_indent` characters of the grid."""
        return Length(self.styles.quote_indent * self.char_pitch)

    # ------------------------------------------------------------------------------ derived faces

    def emphasis_role(self, role: Role) -> Role:
        """The role whose face sets `*x*` (`[styles] emphasis = "font"`) inside text of `role`: the
        emphasis role's (楷体 in 仿宋 text), unless the two family lists share a family (`_share_a_face`),
        so that it might change nothing (楷 in a 楷 heading, subtitle or speaker line); then the body's
        仿宋 — in a bold role the lead's, the bold 仿宋 — or else heading1's 黑体, the first that shares no
        family with `role`. Both writers ask this: the DOCX for its runs, the stylesheet for its `em`."""
        plain: Role = "lead" if self.weights[role] >= BOLD_WEIGHT else "body"
        candidates: tuple[Role, ...] = ("emphasis", plain, "heading1")
        return next((candidate for candidate in candidates if not self._share_a_face(role, candidate)), "emphasis")

    def _share_a_face(self, one: Role, other: Role) -> bool:
        """Whether the family lists of two roles may set their text in the same face: they share a
        family other than the last of a list of several, the last resort every list may end in (a layout
        that appends Noto Serif CJK SC to its 楷 list has not made its 楷 a 宋)."""

        def telling(families: tuple[str, ...]) -> set[str]:
            return set(families[:-1] if len(families) > 1 else families)

        first, second = self.fonts[one], self.fonts[other]
        return bool((telling(first) & set(second)) | (set(first) & telling(second)))

    def cover_title_size(self, title: str) -> Length:
        """The cover title's size: `title_max_size`, in up to three balanced lines (typeset/balance.py);
        smaller only when even three lines do not hold it.

        Rounded down to 1/100 pt, so a line never overflows; the DOCX rounds this down again to the
        half points Word can set.
        """
        from reportpress.typeset.balance import cover_title_size  # here: balance.py reads the layout

        return Length(cover_title_size(title, self))

    def cover_line_size(self, text: str, role: str) -> Length:
        """The size of the cover's subtitle or speaker line (`role`: cover-subtitle, cover-author): the
        role's, or a half point or more smaller where that keeps the text's words and names whole on
        lines that do not grow downward (`typeset.balance.cover_line_size`); both covers set it."""
        from reportpress.typeset.balance import cover_line_size  # here: balance.py reads the layout

        return Length(cover_line_size(text, role, self))

    @property
    def cover_title_drop(self) -> Length:
        """From the top of the text block to the top of the cover title's line, in whole twips."""
        return Length(round(self.page.text_height * self.cover.title_drop * 20) / 20)

    def template(self, name: str) -> Path | None:
        """The path of template `name` in this layout, or None when the layout has none.

        A LayoutError when `name` is not a name inside the layout or leads out of it through a link: a
        template that escapes is refused, not skipped.
        """
        path = self.folder / name
        return path if confined_layout_path(self.folder, name).is_file() else None


# ----------------------------------------------------------------------------------------- lookup


def builtin_layouts_dir() -> Path:
    """The layouts that ship with reportpress: package data when installed, the repo's folder in a checkout."""
    packaged = Path(__file__).parent / "_data" / "layouts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "layouts"


def layout_dirs(project: Path) -> list[Path]:
    """Where layouts are looked for, first match wins."""
    dirs = [project / "layouts", builtin_layouts_dir()]
    unique: list[Path] = []
    for folder in dirs:
        if folder.resolve() not in [d.resolve() for d in unique]:
            unique.append(folder)
    return unique


def list_layouts(project: Path) -> dict[str, Path]:
    """Every layout that can be named, mapped to its folder (project layouts shadow built-in ones)."""
    found: dict[str, Path] = {}
    for folder in layout_dirs(project):
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if (child / LAYOUT_FILE).is_file():
                    found.setdefault(child.name, child)
    return found


def _holds_layout(folder: Path) -> bool:
    try:
        return (folder / LAYOUT_FILE).is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL: not a folder
        return False


def is_name(value: str) -> bool:
    """Whether `value` is a plain name (of a layout or a cover template), not a path."""
    return bool(_NAME.fullmatch(value)) and len(value.encode("utf-8", "surrogatepass")) <= NAME_MAX_BYTES


def find_layout(name: str, project: Path, *, allow_path: bool = False) -> Path:
    """The folder of layout `name`, looked up in `layout_dirs`.

    Only with `allow_path` (a `--layout` the user typed) may `name` be a path to a layout folder; a
    source's front matter names a layout only by name, so it cannot run the templates of any folder on
    the disk.
    """
    if allow_path and _holds_layout(Path(name)):
        return Path(name)
    found = list_layouts(project)
    if allow_path and not is_name(name):
        raise LayoutError(f"--layout {name}: no layout folder there (a layout folder holds {LAYOUT_FILE}; "
                          f"or name a layout: {', '.join(sorted(found)) or 'none'})")
    known = ", ".join(sorted(found)) or "none"
    if not is_name(name):
        raise LayoutError(f"layout {name!r} is not a layout name (name one of: {known}; a layout folder "
                          "elsewhere can be given on the command line with --layout PATH)")
    if name not in found:
        raise LayoutError(f"unknown layout {name!r} (known layouts: {known}; see `reportpress layouts`)")
    folder = found[name]
    _check_not_linked_out(name, folder, project)
    return folder


def _check_not_linked_out(name: str, folder: Path, project: Path) -> None:
    """A LayoutError when layout `name`, found at `folder`, is a link out of its layouts folder, or that
    folder is the project's `layouts/` and a link out of the project: either way a source would run, and
    its templates include, files from wherever the link leads."""
    parent = folder.parent
    if parent.resolve() != builtin_layouts_dir().resolve() and not parent.resolve().is_relative_to(project.resolve()):
        raise LayoutError(f"layout {name!r}: {parent} is a link to {parent.resolve()}, outside the project "
                          f"{project} (make {parent} a folder of the project, or give the layout's folder "
                          "with --layout PATH)")
    if not folder.resolve().is_relative_to(parent.resolve()):
        raise LayoutError(f"layout {name!r}: {folder} is a link to {folder.resolve()}, outside "
                          f"{parent} (copy the layout there, or give its folder with --layout PATH)")


def builtin_layout(name: str) -> Layout:
    """A layout that ships with reportpress, by name (what `import` writes for, and the tests' layouts)."""
    return read_layout(builtin_layouts_dir() / name)


def load_layout(name: str, project: Path, *, allow_path: bool = False) -> Layout:
    """Find layout `name` and read it; `allow_path` as for `find_layout`."""
    return read_layout(find_layout(name, project, allow_path=allow_path))


# ------------------------------------------------------------------------------------ confined files


def confined_layout_path(folder: Path, name: str) -> Path:
    """`folder/name` with links followed, when it stays inside `folder` (links followed); else a LayoutError.

    `name` is relative, `/`-separated and without `..`: a template may include `parts/x.html.j2`, never
    `/etc/passwd` or `../../x`.
    """
    relative = PurePosixPath(name)
    if not name or "\0" in name or relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise LayoutError(f"{name!r} is not a file name inside the layout {shown_path(folder)} (a layout uses "
                          "only its own files, named relative to its folder, without `..`)")
    root = folder.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise _outside_error(folder / name, target, folder)
    return target


def read_layout_file(folder: Path, name: str) -> bytes:
    """The bytes of file `name` of the layout in `folder`, confined to that folder.

    The path is checked (`confined_layout_path`), then opened component by component from the folder
    with O_NOFOLLOW: a link swapped in after the check makes the open fail instead of leaving the
    folder. Only a regular file is read (never a FIFO or a device), and at most LAYOUT_FILE_MAX_BYTES.
    """
    target = confined_layout_path(folder, name)
    shown = folder / name
    root = folder.resolve()
    parts = target.relative_to(root).parts
    descriptors: list[int] = []
    try:
        try:
            descriptors.append(os.open(root, os.O_RDONLY | os.O_DIRECTORY))
            for part in parts[:-1]:
                descriptors.append(os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                                           dir_fd=descriptors[-1]))
            # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it anyway
            descriptors.append(os.open(parts[-1] if parts else ".", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK,
                                       dir_fd=descriptors[-1]))
        except FileNotFoundError:
            raise LayoutError(f"{shown_path(shown)}: no such file in the layout") from None
        except OSError as exc:
            # ELOOP, ENOTDIR: a link where the check saw none, swapped in since
            swapped = "; a link was swapped in while reading" if exc.errno in (errno.ELOOP, errno.ENOTDIR) else ""
            raise LayoutError(f"{shown_path(shown)}: cannot open it inside the layout folder "
                              f"({exc.strerror or exc}{swapped})") from None
        if not stat.S_ISREG(os.fstat(descriptors[-1]).st_mode):
            raise LayoutError(f"{shown_path(shown)}: not a regular file (a layout's files are text and fonts)")
        with os.fdopen(descriptors.pop(), "rb") as file:
            data = file.read(LAYOUT_FILE_MAX_BYTES + 1)
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
    if len(data) > LAYOUT_FILE_MAX_BYTES:
        raise LayoutError(f"{shown_path(shown)}: over the {LAYOUT_FILE_MAX_BYTES} bytes a layout file may have")
    return data


def check_layout_links(folder: Path) -> None:
    """A LayoutError when the layout folder holds a link, at any depth, that leads out of it.

    Checked when a layout is read, so that `check` and `build` refuse it before anything renders, and
    whatever later reads the layout's files (templates, WeasyPrint, the manifest) finds only its own.
    """
    root = folder.resolve()
    for path in layout_entries(folder):  # links are not followed, so a linked folder is one entry
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            raise _outside_error(folder / path.relative_to(root), path.resolve(), folder)


def layout_entries(folder: Path) -> Iterator[Path]:
    """Every entry of the layout folder (its resolved path below), at any depth down to MAX_FOLDER_DEPTH;
    a LayoutError naming a folder nested deeper (no layout needs it, and an unbounded walk is an attack)."""
    root = folder.resolve()
    try:
        yield from walk_entries(root)
    except TooDeep as deep:
        raise LayoutError(f"{shown_path(folder / deep.folder.relative_to(root))}: a folder more than "
                          f"{deep.depth} levels deep in the layout folder {shown_path(folder)} (move its files "
                          "nearer the top, or remove it)") from None


def _outside_error(shown: Path, target: Path, folder: Path) -> LayoutError:
    return LayoutError(f"{shown_path(shown)}: a link to {shown_path(target)}, outside the layout folder "
                       f"{shown_path(folder)} (a layout reads only its own files: copy the file into the folder)")


# ----------------------------------------------------------------------------------------- reading


def read_layout(folder: Path) -> Layout:
    """Read `folder/layout.toml` into a Layout; every mistake names the file and the key.

    The file is untrusted (a project's own layout): tables or arrays nested thousands deep made tomllib
    — and the walks after it — recurse past Python's limit (`[[[[…`, `a = {a = {a = …`), so a
    RecursionError or MemoryError is this file's LayoutError too, and the structure is bounded before
    anything else reads it."""
    path = folder / LAYOUT_FILE
    check_layout_links(folder)
    try:
        data = tomllib.loads(read_layout_file(folder, LAYOUT_FILE).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LayoutError(f"{shown_path(path)}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{shown_path(path)}: not valid TOML: {exc}") from exc
    except (RecursionError, MemoryError):
        raise LayoutError(f"{shown_path(path)}: tables or arrays nested too deep to read (a layout.toml nests at most "
                          f"{LAYOUT_NESTING_MAX} levels)") from None
    try:
        _check_values(data)  # bounds the nesting, so what reads the data after it cannot recurse too deep
        return _layout_from_toml(folder, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise LayoutError(f"{shown_path(path)}: {exc}") from exc


LAYOUT_NESTING_MAX = 8  # `[fonts] body = [...]` is two levels; more is a mistake or an attack


def _check_values(value: Any, key: str = "", depth: int = 0) -> None:
    """ValueError naming the key when `value` (a layout.toml's data) nests deeper than
    LAYOUT_NESTING_MAX or a string in it holds a control character — whatever the key, read or not. What
    no layout string may hold is what no message may print (`printable.UNPRINTABLE`: C0 and C1 controls,
    DEL, the line separators, the bidi controls): a NUL in `[folio] format` was reported against the
    source, with font advice."""
    if depth > LAYOUT_NESTING_MAX:
        raise ValueError(f"{key}: tables or arrays nested too deep to read (a layout.toml nests at most "
                         f"{LAYOUT_NESTING_MAX} levels)")
    if isinstance(value, Mapping):
        for name, item in value.items():
            _check_values(item, _key_path(key, name, depth), depth + 1)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _check_values(item, f"{key}[{number}]", depth + 1)
    elif isinstance(value, str) and (found := UNPRINTABLE.search(value)):
        raise ValueError(f"{key} holds the control character U+{ord(found.group()):04X}; remove it "
                         "(write the text as it should print)")


def _key_path(parent: str, name: str, depth: int) -> str:
    """`[table] key` at the top two levels, as the other messages name keys; dotted below."""
    shown = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else repr(name)
    if not parent:
        return shown
    return f"[{parent}] {shown}" if depth == 1 else f"{parent}.{shown}"


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise TypeError(f"[{key}] must be a table")
    return value


def _choice(value: Any, allowed: Any, key: str) -> Any:
    options = get_args(allowed)
    if value not in options:
        raise ValueError(f"{key} = {value!r}: use one of {', '.join(map(repr, options))}")
    return value


def _text(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise ValueError(f"{key} must be a text of 1 to 100 characters, not {value!r}")
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in value):
        raise ValueError(f"{key} must not hold control characters")
    return value


def _appendix_label(value: Any) -> str:
    label = _text(value, "[notes] appendix_label")
    rest = label.replace("{n}", "", 1)
    if "{n}" not in label or "{" in rest or "}" in rest:
        raise ValueError(f"[notes] appendix_label {label!r} must hold {{n}} once and no other braces")
    return label


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):  # bool("false") is True: a string is a mistake, not a yes
        raise ValueError(f"{key} = {value!r}: use true or false")
    return value


def _number(value: Any, key: str, low: float, high: float, *, whole: bool = False, unit: str = "") -> float:
    """A number of layout.toml from `low` to `high` inclusive (so never NaN or infinite); `key` reads
    `[table] key`. A string, a boolean, or with `whole` a fraction, is refused rather than converted."""
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
        what = "a whole number" if whole else "a number"
        raise ValueError(f"{key} = {value!r}: use {what} from {low:g} to {high:g}{unit}")
    return value


def _size(value: Any, key: str, largest: Length) -> Length:
    """A type size (points, `'5mm'`, a Chinese size name) from SIZE_MIN to `largest`."""
    try:
        size = parse_size(value)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None
    if not SIZE_MIN <= size <= largest:  # NaN fails this too
        raise ValueError(f"{key} = {value!r}: use a size from {SIZE_MIN.pt:g} pt to {largest.pt:g} pt, "
                         "the text block's smaller side")
    return size


def _weight(value: Any, role: Role) -> int:
    if isinstance(value, bool) or value not in WEIGHTS:  # 700.0 == 700 is taken, as TOML's 700
        raise ValueError(f"[weights] {role} = {value!r}: use one of {', '.join(map(str, WEIGHTS))} (400 regular, "
                         "700 bold)")
    return int(value)


def _page_from_toml(page: Mapping[str, Any]) -> Page:
    size = page.get("size", "A4")
    if isinstance(size, str) and size.upper() in PAPER_SIZES_MM:
        width_mm, height_mm = PAPER_SIZES_MM[size.upper()]
        width, height = Mm(width_mm), Mm(height_mm)
    elif isinstance(size, str) and len(size.split()) == 2:
        try:
            width, height = (parse_size(part) for part in size.split())
        except ValueError as exc:
            raise ValueError(f"[page] size = {size!r}: {exc}") from None
        if not 0 < min(width, height) <= max(width, height) <= PAGE_SIDE_MAX:
            raise ValueError(f"[page] size = {size!r}: each side must be above 0 and at most "
                             f"{PAGE_SIDE_MAX.mm:g} mm, the largest page Word takes")
    else:
        raise ValueError(f"[page] size = {size!r}: use A4, A5, B5, 16K or two lengths like '185mm 260mm'")
    margins = _table(page, "margins")
    missing = [side for side in ("top", "bottom", "inside", "outside") if side not in margins]
    if missing:
        raise KeyError(f"[page.margins] needs {', '.join(missing)} (in mm)")
    side_mm = {side: _number(margins[side], f"[page.margins] {side}", 0, PAGE_SIDE_MAX.mm, unit=" mm")
               for side in ("top", "bottom", "inside", "outside")}
    result = Page(
        width=width,
        height=height,
        top=Mm(side_mm["top"]),
        bottom=Mm(side_mm["bottom"]),
        inside=Mm(side_mm["inside"]),
        outside=Mm(side_mm["outside"]),
        binding=_choice(page.get("binding", "left"), Literal["left", "right"], "[page] binding"),
        mirror=_flag(page.get("mirror", True), "[page] mirror"),
    )
    if min(result.text_width, result.text_height) < TEXT_BLOCK_MIN - 1e-9:
        raise ValueError(f"[page] margins leave a text block of {result.text_width.mm:g} × "
                         f"{result.text_height.mm:g} mm; it must be at least {TEXT_BLOCK_MIN.mm:g} mm each way "
                         "(make the margins smaller or the page larger)")
    return result


def _cover_from_toml(cover: Mapping[str, Any], largest: Length) -> CoverSettings:
    default = CoverSettings()
    unknown = sorted(set(cover) - {"title_max_size", "title_fill", "title_line_height", "title_drop"})
    if unknown:
        raise ValueError(f"[cover] unknown key(s) {', '.join(unknown)}; "
                         "keys are title_max_size, title_fill, title_line_height, title_drop")
    return CoverSettings(
        title_max_size=_size(cover.get("title_max_size", default.title_max_size), "[cover] title_max_size",
                             largest),
        title_fill=float(_number(cover.get("title_fill", default.title_fill), "[cover] title_fill", 0.1, 1)),
        title_line_height=float(_number(cover.get("title_line_height", default.title_line_height),
                                        "[cover] title_line_height", 1, 5)),
        title_drop=float(_number(cover.get("title_drop", default.title_drop), "[cover] title_drop", 0, 0.9)),
    )


STYLE_KEYS = tuple(field for field in TextStyles.__dataclass_fields__)


def _color(value: Any, key: str, *, empty: bool = False) -> str:
    """A colour `#RRGGBB` as `RRGGBB` (upper case, as OOXML writes it); with `empty`, "" too."""
    if isinstance(value, str) and (_COLOR.fullmatch(value) or (empty and value == "")):
        return value[1:].upper()
    also = ', or "" for the colour of the text around it' if empty else ""
    raise ValueError(f"{key} = {value!r}: use a colour as \"#RRGGBB\" (e.g. \"#000000\"){also}")


def _styles_from_toml(table: Mapping[str, Any]) -> TextStyles:
    default = TextStyles()
    unknown = sorted(set(table) - set(STYLE_KEYS))
    if unknown:
        raise ValueError(f"[styles] unknown key(s) {', '.join(unknown)}; keys are {', '.join(STYLE_KEYS)}")

    def weight(key: str, value: int) -> int:
        value = table.get(key, value)
        if isinstance(value, bool) or value not in WEIGHTS:
            raise ValueError(f"[styles] {key} = {value!r}: use one of {', '.join(map(str, WEIGHTS))} "
                             "(400 regular, 700 bold)")
        return int(value)

    border = _number(table.get("table_border", default.table_border.pt), "[styles] table_border", 0,
                     TABLE_BORDER_MAX.pt, unit=" pt (0: no rules)")
    if 0 < border < TABLE_BORDER_MIN.pt:
        raise ValueError(f"[styles] table_border = {border!r}: use 0 (no rules) or {TABLE_BORDER_MIN.pt:g} to "
                         f"{TABLE_BORDER_MAX.pt:g} pt, the rules Word can draw")
    return TextStyles(
        emphasis=_choice(table.get("emphasis", default.emphasis), EmphasisStyle, "[styles] emphasis"),
        strong_weight=weight("strong_weight", default.strong_weight),
        link_color=_color(table.get("link_color", ""), "[styles] link_color", empty=True),
        link_underline=_flag(table.get("link_underline", default.link_underline), "[styles] link_underline"),
        table_border=Pt(border),
        table_border_color=_color(table.get("table_border_color", "#" + default.table_border_color),
                                  "[styles] table_border_color"),
        table_head_weight=weight("table_head_weight", default.table_head_weight),
        table_cell_padding=Pt(_number(table.get("table_cell_padding", default.table_cell_padding.pt),
                                      "[styles] table_cell_padding", 0, TABLE_CELL_PADDING_MAX.pt, unit=" pt")),
        table_align=_choice(table.get("table_align", default.table_align), TableAlign, "[styles] table_align"),
        quote_indent=float(_number(table.get("quote_indent", default.quote_indent), "[styles] quote_indent", 0,
                                   QUOTE_INDENT_MAX, unit=" characters")),
        part_headings=_choice(table.get("part_headings", default.part_headings), PartHeadings,
                              "[styles] part_headings"),
    )


def _grid_count(grid: Mapping[str, Any], key: str) -> int | None:
    return int(_number(grid[key], f"[grid] {key}", 1, GRID_MAX, whole=True)) if key in grid else None


def _folio_from_toml(folio: Mapping[str, Any], page: Page, size: Length) -> Folio:
    # the folio's middle sits `distance` below the text block: the whole folio must stay on the page
    # (the DOCX footer's distance from the page edge, bottom − distance − size/2, cannot be negative)
    furthest = page.bottom.mm - size.mm / 2
    if furthest < 0:
        raise ValueError(f"[page.margins] bottom = {page.bottom.mm:g} mm: no room for the folio, whose middle sits "
                         f"in the bottom margin (at least {size.mm / 2:.1f} mm for [sizes] folio = {size.pt:g} pt)")
    folio_format = folio.get("format", "— {n} —")
    # `{n}` is the page number, once: the PDF and the DOCX put it in one place, and other braces mean nothing
    if not isinstance(folio_format, str) or folio_format.count("{n}") != 1 \
            or "{" in folio_format.replace("{n}", "") or "}" in folio_format.replace("{n}", ""):
        raise ValueError(f"[folio] format = {folio_format!r}: write the page number as {{n}}, once, and no other "
                         "braces (e.g. '— {n} —')")
    return Folio(
        format=folio_format,
        position=_choice(folio.get("position", "alternate"), FolioPosition, "[folio] position"),
        distance=Mm(_number(folio.get("distance", 7), "[folio] distance", 0, round(furthest, 3),
                            unit=" mm (the folio must stay inside the bottom margin)")),
        indent=float(_number(folio.get("indent", 1), "[folio] indent", 0, FOLIO_INDENT_MAX, unit=" characters")),
    )


def _check_pitches(layout: Layout) -> None:
    """The grid's pitches, derived from its counts, must leave characters and lines room to be read:
    a character pitch of at least half the body size (GB/T 9704's own grid squeezes 16 pt characters to
    15.79 pt), a line pitch of at least the body size (lines never overlap)."""
    body = layout.body_size
    if layout.chars_per_line and layout.char_pitch < body / 2:
        raise ValueError(f"[grid] chars_per_line = {layout.chars_per_line}: {layout.page.text_width.mm:g} mm "
                         f"shared by as many characters leaves each {layout.char_pitch.pt:g} pt, under half the "
                         f"body size ({body.pt:g} pt): use fewer characters per line or a smaller [sizes] body")
    if layout.lines_per_page and layout.line_pitch < body:
        raise ValueError(f"[grid] lines_per_page = {layout.lines_per_page}: {layout.page.text_height.mm:g} mm "
                         f"shared by as many lines leaves each {layout.line_pitch.pt:g} pt, under the body size "
                         f"({body.pt:g} pt), so lines would overlap: use fewer lines or a smaller [sizes] body")


def _roles(table: Mapping[str, Any], key: str) -> None:
    unknown = sorted(set(table) - set(ROLES))
    if unknown:
        raise ValueError(f"[{key}] unknown role(s) {', '.join(unknown)}; roles are {', '.join(ROLES)}")


def _layout_from_toml(folder: Path, data: Mapping[str, Any]) -> Layout:
    fonts_table = _table(data, "fonts")
    sizes_table = _table(data, "sizes")
    weights_table = _table(data, "weights")
    for key, table in (("fonts", fonts_table), ("sizes", sizes_table), ("weights", weights_table)):
        _roles(table, key)
    if "body" not in fonts_table or "body" not in sizes_table:
        raise KeyError("[fonts] and [sizes] need at least the role body")

    def families(role: Role) -> tuple[str, ...]:
        value = fonts_table.get(role, fonts_table["body"])
        value = [value] if isinstance(value, str) else value
        if not value or not all(isinstance(name, str) and name for name in value):
            raise ValueError(f"[fonts] {role} must be a family name or a list of them")
        return tuple(value)

    page = _page_from_toml(_table(data, "page"))
    largest = Length(min(page.text_width, page.text_height))
    body = _size(sizes_table["body"], "[sizes] body", largest)  # first: the roles not named take it
    sizes = {role: _size(sizes_table[role], f"[sizes] {role}", largest) if role in sizes_table else body
             for role in ROLES}
    grid = _table(data, "grid")
    notes = _table(data, "notes")
    typesetting = _table(data, "typesetting")
    layout = Layout(
        name=str(data.get("name", folder.name)),
        folder=folder,
        description=str(data.get("description", "")),
        page=page,
        chars_per_line=_grid_count(grid, "chars_per_line"),
        lines_per_page=_grid_count(grid, "lines_per_page"),
        fonts=MappingProxyType({role: families(role) for role in ROLES}),
        sizes=MappingProxyType(sizes),
        weights=MappingProxyType({role: _weight(weights_table.get(role, 400), role) for role in ROLES}),
        folio=_folio_from_toml(_table(data, "folio"), page, sizes["folio"]),
        notes=Notes(
            footnote_marker=_choice(notes.get("footnote_marker", "circled"), FootnoteMarker,
                                    "[notes] footnote_marker"),
            footnote_numbering=_choice(notes.get("footnote_numbering", "page"), FootnoteNumbering,
                                       "[notes] footnote_numbering"),
            glossary_title=_text(notes.get("glossary_title", "用语解释"), "[notes] glossary_title"),
            end_marker=_choice(notes.get("end_marker", "circled"), EndNoteMarker, "[notes] end_marker"),
            end_title=_text(notes.get("end_title", "注释"), "[notes] end_title"),
            references_title=_text(notes.get("references_title", "参考文献"), "[notes] references_title"),
            appendix_label=_appendix_label(notes.get("appendix_label", "附件{n}")),
        ),
        typesetting=Typesetting(
            punctuation=_choice(typesetting.get("punctuation", "quanjiao"), PunctuationStyle,
                                "[typesetting] punctuation"),
            autospace=_choice(typesetting.get("autospace", "off"), Autospace, "[typesetting] autospace"),
            justify=_flag(typesetting.get("justify", True), "[typesetting] justify"),
            keep_units=_flag(typesetting.get("keep_units", False), "[typesetting] keep_units"),
        ),
        docx=MappingProxyType(dict(_table(data, "docx"))),
        cover=_cover_from_toml(_table(data, "cover"), largest),
        styles=_styles_from_toml(_table(data, "styles")),
    )
    _check_pitches(layout)
    return layout

