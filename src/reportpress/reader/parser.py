"""The one MarkdownIt instance that reads reportpress sources: preset, plugins and options in one list.

CommonMark with raw HTML off (sources are untrusted: `<img src=…>` stays text), plus the Pandoc-style
extensions of DESIGN §3. `cjk_friendly` fixes CommonMark's emphasis flanking next to full-width
punctuation, without which `**产业结构调整优化。**围绕…` would not be bold.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from reportpress.reader.limits import PARSER_MAX_NESTING
from reportpress.reader.plugins import footnote_lines_plugin, glossary_plugin, term_plugin


def _accept_every_url(url: str) -> bool:
    """Let every link and image URL through to the reader, which refuses unsafe ones with a clear error.

    markdown-it's own check would silently leave `![](file:///etc/passwd)` as text, hiding the mistake.
    """
    return True


@cache
def markdown_parser() -> MarkdownIt:
    """The parser; cached because building it compiles every rule."""
    md = (
        # maxNesting: CommonMark's 20 silently drops what lies deeper; limits.check_nesting refuses
        # deep sources well before markdown-it's limit is reached
        MarkdownIt("commonmark", {"html": False, "typographer": False, "maxNesting": PARSER_MAX_NESTING})
        .enable("table")
        .use(front_matter_plugin)
        # always_match_refs: an undefined [^x] must reach our check instead of silently staying text;
        # inline: Pandoc's inline notes `^[…]` become ordinary footnotes of the model
        .use(footnote_plugin, inline=True, always_match_refs=True)
        .use(footnote_lines_plugin)
        .use(deflist_plugin)
        .use(glossary_plugin)
        .use(term_plugin)
        .use(cjk_friendly)
    )
    md.validateLink = _accept_every_url  # type: ignore[method-assign]  # markdown-it's documented hook
    return md
