"""Fixtures for the importer tests: the shared raw samples (skipped when absent) and test data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO.parent / "shared" / "samples"
DATA = REPO / "tests" / "data" / "importer"


def shared_sample(relative: str) -> bytes:
    """The bytes of a shared sample, or skip: the samples sit beside the checkout, not in it."""
    path = SAMPLES / relative
    if not path.is_file():
        pytest.skip(f"shared sample not found at {path}")
    return path.read_bytes()


@pytest.fixture
def hongkou_raw() -> bytes:
    return shared_sample("hongkou-2020-raw.txt")


@pytest.fixture
def hongkou_source() -> str:
    return (REPO / "source" / "hongkou-2020.md").read_text(encoding="utf-8")


def data_file(name: str) -> bytes:
    return (DATA / name).read_bytes()
