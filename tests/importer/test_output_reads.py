"""What the importer writes, the reader reads: no source errors on any sample or test input."""

from __future__ import annotations

import pytest

from reportpress.importer import import_text
from reportpress.model import Appendix, Block, Glossary, Heading
from reportpress.reader import read_text

from .conftest import DATA, shared_sample


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.glob("*.txt")))
def test_test_inputs_read_back(name: str) -> None:
    result = import_text((DATA / name).read_bytes())
    document = read_text(result.markdown, name)
    assert document.meta.title
    assert len(document.glossary) == len(result.report.glossary_entries)
    assert all(entry.anchored for entry in document.glossary)
    assert len(document.footnotes) == result.report.footnotes


@pytest.mark.parametrize(
    ("name", "entries"),
    [("jiangxi-2026-web.txt", 26), ("hailar-2015-gb18030-crlf.txt", 0)],
)
def test_dev_samples_read_back(name: str, entries: int) -> None:
    result = import_text(shared_sample(f"dev/{name}"))
    document = read_text(result.markdown, name)
    assert len(document.glossary) == entries
    assert all(entry.anchored for entry in document.glossary)
    headings = [block for block in document.blocks if isinstance(block, Heading)]
    assert len(headings) == sum(len(texts) for texts in result.report.headings.values())
    # the glossary may stand in an appendix (jiangxi's `附件`)
    assert any(isinstance(block, Glossary) for block in top_and_appendix_blocks(document.blocks)) == bool(entries)


def top_and_appendix_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    """The body's blocks, and the blocks of its appendices."""
    return [inner for block in blocks
            for inner in ((block, *block.blocks) if isinstance(block, Appendix) else (block,))]


@pytest.mark.warns
def test_state_council_reads_back_with_one_unused_entry(warnings_logged: list[object]) -> None:
    result = import_text(shared_sample("dev/state-council-2012-gb18030.txt"))
    document = read_text(result.markdown, "state-council.md")
    assert len(document.glossary) == 9
    unanchored = [entry.id for entry in document.glossary if not entry.anchored]
    assert unanchored == ["服务业营业税改征增值税"]
    assert len(warnings_logged) == 1
