"""Raw report text → a marked-up source a person only has to review (issue 6, DESIGN §1 and §3).

`import_text(raw)` is the importer's public entry: bytes in, `ImportResult` out (the Markdown and an
`ImportReport`). `write_import()` adds the file handling the `reportpress import` command needs: it
reads only a regular file (a FIFO, a device such as /dev/zero or a folder is refused before a byte is
read) of at most `MAX_RAW_BYTES` (32 MiB, a hundred times the longest report), and writes atomically.
The stages, one module each, in the order they run:

    decode.py       bytes → lines: encoding, line ends, full-width digits and letters
    mail.py         a mail's `>` quoting and the header of a forwarded message
    numerals.py     look-alike numerals (`1〇6`, `二O二四年`, `—、`) mended, an editor's line numbers dropped
    scraped.py      HTML entities and tags, CMS bold and 【】 headings left in scraped text
    columns.py      two-column pages of a layout-keeping PDF extraction read down each column
    tables.py       text tables (tabs, aligned columns, one cell a line) → placeholders, Markdown tables
    noise.py        forum/web debris, folios and running heads dropped (and reported)
    stray.py        stray `?`/U+FFFD of a lossy re-encoding mended in structural lines
    damage.py       scrape damage: breaks inside a number or word rejoined, lost first characters flagged
    paragraphs.py   one-line scrapes split, hard wraps joined, letter spacing closed
      punctuation.py  half-width → full-width punctuation in Chinese text, stray spaces
    contents.py     a table of contents copied with the text, dropped
    frontmatter.py  title, subtitle, speaker, organization, date, cover label → YAML
                    (then noise.py again: the title and opening a web page repeats at its end)
    closing.py      the imprint at the very end, the sign-off ending the main text
    appendix.py     `附件N` parts after the closing → appendices
    glossary.py     the glossary section → entries with ids
    references.py   a 参考文献 list → references; the body's ［1］ calls to it → citations
    notes.py        ［1］ markers and a notes section → footnotes (or glossary anchors)
    salutation.py   the opening form of address (`各位代表：`)
    headings.py     official numbering → headings; numbered run-in leads
    parts.py        unnumbered part titles above restarting 一、 sections → level 1, the rest one down;
                    a text whose numbering a Word export lost: its titles between paragraphs → headings
    leads.py        bold run-in lead sentences
    terms.py        each glossary term referenced at its first use
    markdown.py     everything → the source text, escaped
    mdinput.py      a Markdown input instead: its markup kept, title, levels, math, images, references
    report.py       what was found and what is doubtful
    decisions.py    every structural decision, with its raw lines and a confidence
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from reportpress.errors import OutputError, SourceError, SourceErrors
from reportpress.files import NotRegularFile, TooLarge, read_regular
from reportpress.importer.appendix import RawAppendix, number_label, split_appendices
from reportpress.importer.blocks import Block, Line
from reportpress.importer.closing import split_imprint, split_note, split_signoff
from reportpress.importer.columns import read_columns
from reportpress.importer.contents import drop_contents, lists_headings
from reportpress.importer.damage import lost_first_characters, rejoin_breaks
from reportpress.importer.decisions import structural_decisions
from reportpress.importer.decode import decode_bytes, repair_mojibake, split_lines, utf16_of_ascii
from reportpress.importer.frontmatter import (
    FrontMatter,
    drop_cover_notice,
    front_matter_to_yaml,
    organization_from,
    read_front_matter,
    text_language,
)
from reportpress.importer.glossary import GlossaryEntry, read_glossary
from reportpress.importer.headings import (
    classify_blocks,
    close_level_gaps,
    numbering_level,
    split_runs_together,
)
from reportpress.importer.leads import mark_leads
from reportpress.importer.mail import strip_mail_quoting
from reportpress.importer.markdown import AppendixSource, source_markdown
from reportpress.importer.mdinput import convert_markdown, looks_like_markdown, opening_lines
from reportpress.importer.noise import drop_noise, drop_page_repeats
from reportpress.importer.notes import read_notes_section
from reportpress.importer.numerals import mend_numerals
from reportpress.importer.paragraphs import read_paragraphs
from reportpress.importer.parts import mark_framing_sections, mark_lost_numbering, mark_parts
from reportpress.importer.references import read_references
from reportpress.importer.report import (
    Decision,
    ImportReport,
    ImportResult,
    LinkedTerm,
    format_report,
    report_to_json,
)
from reportpress.importer.salutation import find_salutation
from reportpress.importer.scraped import strip_scraped_markup
from reportpress.importer.stray import LOST_MARK, mark_lost_characters, mend_strays
from reportpress.importer.tables import find_tables
from reportpress.importer.terms import link_terms, term_forms
from reportpress.output import write_bytes_atomic
from reportpress.reader import read_text
from reportpress.reader.limits import MAX_SOURCE_BYTES

__all__ = ["MAX_RAW_BYTES", "Decision", "ImportReport", "ImportResult", "format_report", "import_text",
           "read_raw", "report_to_json", "write_import"]

MAX_RAW_BYTES = 32 * 1024 * 1024


def import_text(raw: bytes, *, encoding: str | None = None, markdown: bool | None = None,
                folder: Path | None = None) -> ImportResult:
    """Import the raw report `raw`; `encoding` overrides detection.

    `markdown` True reads the input as Markdown (a `.md` file), None when it clearly is one (mdinput.py);
    `folder` is where its images are looked for. Raises `SourceError` only for an `encoding` that does
    not exist or does not fit the bytes; any other input, however broken, gives a source (perhaps an empty
    one) and a report saying so.
    """
    text, used_encoding = decode_bytes(raw, encoding)
    repairs: list[Decision] = []
    if encoding is None:
        text, mojibake_of = repair_mojibake(text)
        if mojibake_of:
            repairs.append(Decision((), "encoding", f"mojibake: {mojibake_of} text that was read as Windows-1252 "
                                    "and saved again; read back as it was written", 0.8))
    decoded = split_lines(text)
    if markdown or (markdown is None and looks_like_markdown("\n".join(decoded))):
        result = import_markdown("\n".join(decoded), used_encoding, folder)
        refusal = source_refusal(result.markdown)
        if refusal is None:
            return result
        # Markdown the reader refuses (an undefined footnote, a stray fenced div …) is imported as text:
        # escaped, it always reads, and the reviewer is told why
        plain = import_plain(decoded, used_encoding)
        decision = Decision((), "markdown", f"Markdown, but it does not read as a source ({refusal}): imported "
                            "as plain text instead; mend the Markdown and import it again", 0.3)
        return ImportResult(plain.markdown, replace(plain.report, decisions=(decision, *plain.report.decisions)))
    plain = import_plain(decoded, used_encoding)
    return replace(plain, report=replace(plain.report, decisions=(*repairs, *plain.report.decisions)))


def source_refusal(markdown: str) -> str | None:
    """The reader's first objection to `markdown`, or None when it reads; its warnings are not shown here
    (the reviewer's `reportpress check` shows them, once)."""
    logger = logging.getLogger("reportpress.reader")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        read_text(markdown, "<import>")
    except SourceError as exc:
        return str(exc)
    except SourceErrors as exc:
        return str(exc.errors[0]) + (f" and {len(exc.errors) - 1} more" if len(exc.errors) > 1 else "")
    finally:
        logger.setLevel(level)
    return None


def import_plain(decoded: list[str], used_encoding: str) -> ImportResult:
    """Import the decoded lines of a plain-text report (every stage, in the order of the module docstring)."""
    lines = [Line(number, line) for number, line in enumerate(decoded, start=1)]
    lines, mail_decisions = strip_mail_quoting(lines)
    lines, numeral_decisions = mend_numerals(lines)
    numeral_decisions = mail_decisions + numeral_decisions
    lines, markup_decisions = strip_scraped_markup(lines)
    markup_decisions = numeral_decisions + markup_decisions
    lines, column_decisions = read_columns(lines)
    markup_decisions += column_decisions
    lines, tables = find_tables(lines)  # before noise.py: a table's bare numbers are no folios
    markup_decisions += tables.decisions
    kept, dropped = drop_noise(lines)
    kept, decisions = mend_strays(kept)
    kept, lost_decisions = mark_lost_characters(kept)
    decisions = markup_decisions + decisions + lost_decisions
    kept, break_decisions = rejoin_breaks(kept)
    decisions += break_decisions
    paragraphs, dropped_parts = read_paragraphs(kept)
    paragraphs, dropped_contents = drop_contents(paragraphs)
    dropped_parts += dropped_contents
    paragraphs, dropped_cover = drop_cover_notice(paragraphs)
    dropped_parts += dropped_cover
    front, body, dropped_opening = read_front_matter(paragraphs)
    if text_language("\n".join(decoded)) != "zh-CN":
        front.doubts.append("the text is in traditional characters: lang stays zh-CN, the layout's; write `lang: "
                            "zh-TW` (or zh-HK) for the fonts to set its glyphs and punctuation as Taiwan (Hong Kong) "
                            "print them")
    body, dropped_repeats = drop_page_repeats(body, front.title, front.subtitle)
    body, imprint = split_imprint(body)
    body, raw_appendices = split_appendices(body)
    body, references_title, references, references_lines = read_references(body)
    body, glossary_title, entries, leftovers, dropped_glossary = read_glossary(body)
    body_leftovers = leftovers  # lines a glossary in an appendix did not understand stay in the appendix
    if not entries:
        glossary_title, entries, leftovers = glossary_of_appendices(raw_appendices)
        body_leftovers = []
    doubts = list(front.doubts)
    for line in leftovers:
        doubts.append(f"line {line.number}: in the glossary section but not an entry, kept as a paragraph")
    body, footnotes, notes_title, notes_lines = read_notes_section(
        body + body_leftovers, len(entries), [term_forms(entry.term) for entry in entries])
    body, note = split_note(body)
    body, signoff = split_signoff(body)
    body = split_runs_together(body)
    blocks = classify_blocks(body)
    salutation = find_salutation(body)
    if salutation != -1:
        blocks[salutation].kind = "salutation"
    blocks, damage_decisions = lost_first_characters(blocks)
    decisions += damage_decisions
    blocks, part_decisions = mark_parts(blocks)
    decisions += part_decisions
    blocks, framing_decisions = mark_framing_sections(blocks)
    decisions += framing_decisions
    blocks, lost_decisions = mark_lost_numbering(blocks)
    decisions += lost_decisions
    blocks, gap_decisions = close_level_gaps(blocks)
    decisions += gap_decisions
    blocks = mark_leads(blocks)
    appendices = tuple(appendix_source(appendix, number) for number, appendix in enumerate(raw_appendices, 1))
    linked = link_terms(blocks, entries)
    front.glossary_title = glossary_title if entries else ""
    front.toc = lists_headings(dropped_contents, [block.text for block in blocks if block.kind == "heading"])
    source = source_markdown(front_matter_to_yaml(front), blocks, footnotes, entries,
                               notes_title=notes_title, appendices=appendices, references=references,
                               references_title=references_title,
                               signoff=tuple(line.text for line in signoff),
                               imprint=tuple(line.text for line in imprint),
                               note=tuple(line.text for line in note), decree=front.decree,
                               decree_signoff=front.decree_signoff)
    source = tables.put_back(source)
    all_dropped = tuple(sorted(dropped + dropped_parts + dropped_opening + dropped_repeats + dropped_glossary,
                               key=lambda item: item.number))
    decisions += structural_decisions(
        front=front, blocks=blocks, appendices=raw_appendices, appendix_blocks=[a.blocks for a in appendices],
        entries=entries, leftovers=leftovers, notes_lines=notes_lines, footnotes=len(footnotes),
        dropped=all_dropped, references_lines=references_lines, references=len(references),
        signoff=signoff, imprint=imprint,
    )
    report = ImportReport(
        encoding=used_encoding,
        title=front.title,
        label=front.label,
        signoff=tuple(line.text for line in signoff + imprint),
        headings=headings_by_level(blocks),
        paragraphs=sum(1 for block in blocks if block.kind == "paragraph" and not tables.holds(block.text)),
        leads=sum(1 for block in blocks if block.lead),
        numbered_leads=tuple(block.lead for block in blocks if block.lead and numbering_level(block.lead)),
        glossary_title=front.glossary_title,
        glossary_entries=tuple(entry.term for entry in entries),
        terms=tuple(
            LinkedTerm(term_id, None if index is None else index + 1) for term_id, index in linked.items()
        ),
        footnotes=len(footnotes),
        references=len(references),
        dropped=all_dropped,
        doubts=tuple(doubts + tables.doubts),  # put_back may add one
        decisions=tuple(sorted(decisions, key=lambda item: item.lines)),
    )
    return ImportResult(source, report)


def import_markdown(text: str, used_encoding: str, folder: Path | None) -> ImportResult:
    """A Markdown input: its markup kept, its title to the front matter (see mdinput.py)."""
    # a character lost for good is marked as in plain text (stray.py): no font has U+FFFD
    converted = convert_markdown(text.replace("\ufffd", LOST_MARK), folder)
    title = converted.title
    front = FrontMatter(title=title, organization=organization_from(title) if title else "",
                        glossary_title=converted.glossary_title)
    body = converted.body
    opening, rest = opening_lines(body) if title else ([], body)
    if opening:
        # the subtitle, speaker and date under the title heading (often quoted, `> 2024年1月12日在…会议上`) are
        # read as in plain text, when every line of them is one of those (a salutation closes the opening)
        lines = [Line(0, title), *(Line(n, line) for n, line in enumerate(opening, 1)), Line(0, "各位代表：")]
        read, after, _ = read_front_matter(lines)
        if read.title == title and len(after) == 1 and (read.subtitle or read.author or read.date):
            front.subtitle, front.author, front.date = read.subtitle, read.author, read.date
            front.organization = front.organization or read.organization
            body = rest
    levels: dict[int, list[str]] = {}
    for line in converted.body.splitlines():
        heading = re.match(r"(#{1,4}) (.*)", line)
        if heading:
            levels.setdefault(len(heading.group(1)), []).append(heading.group(2))
    report = ImportReport(encoding=used_encoding, title=title, references=converted.references,
                          headings={level: tuple(texts) for level, texts in sorted(levels.items())},
                          glossary_title=converted.glossary_title,
                          glossary_entries=tuple(entry.term for entry in converted.glossary),
                          doubts=() if title else ("no title: the Markdown does not open with a heading",),
                          decisions=converted.decisions)
    return ImportResult(front_matter_to_yaml(front) + "\n" + body, report)


def glossary_of_appendices(appendices: list[RawAppendix]) -> tuple[str, list[GlossaryEntry], list[Line]]:
    """The glossary standing in a glossary appendix: (title, entries, lines not understood).

    The first appendix whose paragraphs open with a glossary title and hold entries is given the glossary
    (a document has one); its paragraphs become the glossary's. A glossary appendix with no entries keeps
    its first line as its title, so that it is an ordinary appendix.
    """
    found: tuple[str, list[GlossaryEntry], list[Line]] = ("", [], [])
    for appendix in appendices:
        if not appendix.glossary:
            continue
        rest, title, entries, leftovers, _ = read_glossary(appendix.lines)
        if entries and not found[1]:
            appendix.lines = rest + leftovers
            found = (title, entries, leftovers)
            continue
        appendix.glossary = False
        if appendix.lines:
            appendix.title, appendix.title_line = appendix.lines[0].text, appendix.lines[0].number
            appendix.lines = appendix.lines[1:]
    return found


def appendix_source(appendix: RawAppendix, number: int) -> AppendixSource:
    """What the Markdown writer needs of appendix `number`: its items classified inside it."""
    blocks = mark_leads(classify_blocks(split_runs_together(appendix.lines)))
    return AppendixSource(number_label(appendix.label, number), appendix.title, blocks, appendix.glossary)


def headings_by_level(blocks: list[Block]) -> dict[int, tuple[str, ...]]:
    """Level → the texts of the headings of that level, in order."""
    levels: dict[int, list[str]] = {}
    for block in blocks:
        if block.kind == "heading":
            levels.setdefault(block.level, []).append(block.text)
    return {level: tuple(texts) for level, texts in sorted(levels.items())}


def write_import(
    raw_path: Path, out_path: Path, *, encoding: str | None = None, force: bool = False
) -> ImportResult:
    """Import the file `raw_path` into `out_path` (atomically); refuse to overwrite unless `force`."""
    if out_path.is_dir():
        raise OutputError(f"{out_path}: is a folder (name the source file to write, such as {out_path / 'NAME.md'})")
    if out_path.exists() and not force:
        raise OutputError(f"{out_path}: already exists (use --force to overwrite it)")
    raw = read_raw(raw_path)
    if encoding is None and (share := binary_share(raw)) > BINARY_SHARE:
        raise SourceError(f"{raw_path}: {share:.0%} of its first bytes are control bytes: a binary file (a "
                          "program, an image, a compressed or office file), not a report's text",
                          hint="import the text: save it as plain text (UTF-8 or GBK) first, or name its "
                               "encoding with --encoding")
    try:
        markdown = True if raw_path.suffix.lower() in (".md", ".markdown") else None
        result = import_text(raw, encoding=encoding, markdown=markdown, folder=raw_path.parent)
    except SourceError as exc:
        raise SourceError(f"{raw_path}: {exc.message}", hint=exc.hint) from exc
    written = result.markdown.encode("utf-8")
    if len(written) > MAX_SOURCE_BYTES:  # `build` would refuse what it wrote: say so now, write nothing
        raise SourceError(f"{raw_path}: its source would be {len(written):,} bytes, over the "
                          f"{MAX_SOURCE_BYTES:,} (1 MiB) a source may hold", hint="import one report at a "
                          "time: split the raw file where one report ends and the next begins")
    write_bytes_atomic(out_path, written)
    return result


# the share of control bytes (C0 but tab, line feed, form feed and carriage return, and DEL) in a raw
# file's first BINARY_SAMPLE bytes past which it is a binary file: a report's text has a few as debris
# (a U+000B, a NUL from a bad copy), a program or an image a fifth or more; UTF-16 text, whose NULs are
# half its bytes, and any text that decodes throughout, is told apart first
BINARY_SHARE = 0.05
BINARY_SAMPLE = 64 * 1024
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}


def binary_share(raw: bytes) -> float:
    """The share of control bytes in the first BINARY_SAMPLE bytes of `raw`; 0 for text with a UTF-16
    signature and for text that reads as UTF-8 or GB18030 throughout (debris and all)."""
    sample = raw[:BINARY_SAMPLE]
    if not sample or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 0.0
    share = sum(1 for byte in sample if byte in _CONTROL_BYTES) / len(sample)
    whole = sample if len(raw) <= BINARY_SAMPLE else sample[:-4]  # a cut may split a character
    if utf16_of_ascii(raw) is not None:
        return 0.0  # Latin text in UTF-16: a NUL in every other byte
    for encoding in ("utf-8", "gb18030"):
        try:
            whole.decode(encoding)
        except UnicodeDecodeError:
            continue
        return 0.0
    return share


def read_raw(raw_path: Path, limit: int = MAX_RAW_BYTES) -> bytes:
    """The bytes of the regular file `raw_path`, at most `limit` of them, else a `SourceError`.

    The file is opened before it is looked at (so what is checked is what is read) and without blocking
    (a FIFO with no writer would hang `open`); reading stops one byte past `limit`, so neither an endless
    device nor a file growing while it is read can fill the memory.
    """
    try:
        return read_regular(raw_path, limit)
    except FileNotFoundError:
        raise SourceError(f"{raw_path}: no such file") from None
    except NotRegularFile as exc:
        raise SourceError(f"{raw_path}: {exc.kind}, not a text file",
                          hint="import reads a saved file: save the text to a file first") from None
    except TooLarge:
        raise SourceError(f"{raw_path}: more than {limit // (1024 * 1024)} MiB, too large for a report",
                          hint="import one report at a time, or split the file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SourceError(f"{raw_path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
