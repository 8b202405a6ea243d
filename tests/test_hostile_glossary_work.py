"""A long glossary over a long body (session 25): each term was linked at its first use by walking and
rebuilding every body block until one held it, so the reading cost terms × blocks block rebuilds — 2,000
terms over 1,000 paragraphs took 110 s to read (4.4 s now), and a source within the box bound could hold
1,250 terms over 2,500 paragraphs. Now a block none of whose text holds the term is skipped unwalked."""

from __future__ import annotations

import logging

import pytest

import reportpress.reader.notes as notes
from reportpress.model import Block, Paragraph, TermRef
from reportpress.reader import document_from_bytes
from reportpress.walk import InlineChange, iter_block_inlines

HEAD = "---\ntitle: 报告\n---\n\n"


@pytest.mark.warns(match="never used in the body")
def test_each_term_walks_only_the_block_it_is_linked_in(monkeypatch: pytest.MonkeyPatch,
                                                        warnings_logged: list[logging.LogRecord]) -> None:
    walked: list[Block] = []
    real = notes.map_block_inlines

    def counting(block: Block, change: InlineChange) -> Block:
        if getattr(change, "__name__", "") == "link":  # the first-use linker's walks; the anchoring walks once
            walked.append(block)
        return real(block, change)

    monkeypatch.setattr(notes, "map_block_inlines", counting)
    terms = 200
    body = ("".join(f"第{n}段正文。\n\n" for n in range(400))
            + "".join(f"正文用到术语{n:03d}号。\n\n" for n in range(0, terms, 2)))
    entries = "".join(f"术语{n:03d}号\n: 释义{n}。\n\n" for n in range(terms))
    document = document_from_bytes((HEAD + body + "::: glossary\n" + entries + ":::\n").encode(), "source/r.md")
    linked = [node.term_id for block in document.blocks for node in iter_block_inlines(block)
              if isinstance(node, TermRef)]
    assert linked == [f"术语{n:03d}号" for n in range(0, terms, 2)]  # each used term at its first use, in order
    # a term used walks the paragraph it is linked in, an unused one none; before, every paragraph up to
    # its use, or all 500
    assert len(walked) == terms // 2, len(walked)
    assert all(isinstance(block, Paragraph) for block in walked)
