"""A process made ready to build before the first source arrives: what a first build pays once —
WeasyPrint's import and the C declarations its first calls parse, the layout's templates, the font
subsetter, the word list titles are broken by — paid by one small build in memory.

`LocalEngine` (batch.py) names this module in its forkserver's preload: the server imports it once,
while the client still reads the first sources, and every pool worker forked from it starts warm and
shares those pages with its siblings (copy-on-write) instead of paying for them each. Importing this
module runs the warm-up (that is the only hook a forkserver preload has); it never raises, logs nothing
above debug, and leaves no file behind.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

# Every construct whose writer code the first build of a real report reaches: a balanced title, a
# subtitle, headings of two levels, a footnote, a glossary term (a Word endnote) and its entry.
SOURCE = """---
title: 关于二〇二〇年国民经济和社会发展计划执行情况与二〇二一年计划草案的报告
subtitle: ——在第一次会议上
author: 报告人
date: 2020-01-01
---

# 一、总体情况

## （一）经济运行

过去一年，全区经济运行总体平稳，[“营商环境”]{.term}持续优化，民生保障有力有效[^data]。

[^data]: 数据来自统计公报。

::: glossary
“营商环境”
: 是指市场主体在准入、生产经营、退出等过程中涉及的环境。
:::
"""

WARMED = False  # whether this process was warmed: a test reads it in a pool worker


def warm_up() -> bool:
    """Build `SOURCE` in memory (PDF and DOCX), in a folder removed afterwards; whether it went through.

    Nothing of it stays but what any build leaves in this process — imported modules and the caches
    `cache.py` keys by content — so it changes no later output. The Assets folder it made goes with the
    temporary folder: a worker forked later makes its own (`job.Workspace` is per process)."""
    global WARMED
    from reportpress.job import WORKSPACE, collecting_warnings, prepare, run_job

    folder = Path(tempfile.mkdtemp(prefix="reportpress-warm-"))
    parent = WORKSPACE.parent
    WORKSPACE.parent = str(folder)
    try:
        (folder / "source").mkdir()
        source = folder / "source" / "warm.md"
        source.write_text(SOURCE, encoding="utf-8")
        with collecting_warnings(propagate=False):
            run_job(prepare(source, project=folder), ("pdf", "docx"))
        WARMED = True
    except Exception:  # a warm-up that fails costs only its time: the first real build pays instead
        logger.debug("the warm-up build failed", exc_info=True)
    finally:
        WORKSPACE.parent = parent
        shutil.rmtree(folder, ignore_errors=True)
    return WARMED


warm_up()
