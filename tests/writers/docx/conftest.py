"""Fixtures for the DOCX writer's tests: the sample and the every-construct source, each written once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportpress.layouts import Layout, builtin_layout
from reportpress.model import Document
from reportpress.reader import read_source
from reportpress.writers.docx import write_docx
from tests.conftest import REPO, SAMPLE_SOURCE

EVERY_CONSTRUCT = REPO / "tests" / "data" / "sources" / "every-construct.md"


class _DropExpected(logging.Filter):
    """Drops the one warning every-construct.md provokes on purpose (an unused glossary entry)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "never used in the body" not in record.getMessage()


def read_quietly(path: Path) -> Document:
    quiet = _DropExpected()
    logger = logging.getLogger("reportpress.reader.notes")  # a logger's filters see only its own records
    logger.addFilter(quiet)
    try:
        return read_source(path)
    finally:
        logger.removeFilter(quiet)


@pytest.fixture(scope="session")
def layout() -> Layout:
    return builtin_layout("gov-report")


@pytest.fixture(scope="session")
def sample_document() -> Document:
    if not SAMPLE_SOURCE.is_file():
        pytest.skip(f"{SAMPLE_SOURCE} is absent")
    return read_source(SAMPLE_SOURCE)


@pytest.fixture(scope="session")
def sample_docx(sample_document: Document, layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx-sample") / "hongkou-2020.docx"
    write_docx(sample_document, layout, path)
    return path


@pytest.fixture(scope="session")
def construct_document() -> Document:
    return read_quietly(EVERY_CONSTRUCT)


@pytest.fixture(scope="session")
def construct_docx(construct_document: Document, layout: Layout,
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx-construct") / "every-construct.docx"
    write_docx(construct_document, layout, path)
    return path
