"""Shared fixtures: paths, the built sample, and a guard that fails any test logging an unexpected warning."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_SOURCE = REPO / "source" / "hongkou-2020.md"


class _Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(request: pytest.FixtureRequest) -> Iterator[_Recorder]:
    """Fail a test that logs a warning through reportpress's loggers unless it is marked `warns`
    (`warns(match=REGEX)`: only warnings matching REGEX are expected)."""
    recorder = _Recorder()
    logger = logging.getLogger("reportpress")
    logger.addHandler(recorder)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)
    marker = request.node.get_closest_marker("warns")
    expected = re.compile(marker.kwargs["match"]) if marker and "match" in marker.kwargs else None
    unexpected = [record.getMessage() for record in recorder.records
                  if marker is None or (expected is not None and not expected.search(record.getMessage()))]
    if unexpected:
        pytest.fail("unexpected warnings:\n" + "\n".join(unexpected))


@pytest.fixture
def warnings_logged(no_unexpected_warnings: _Recorder) -> list[logging.LogRecord]:
    """The warnings a test marked `warns` logged."""
    return no_unexpected_warnings.records


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "warns(match=None): the test expects reportpress to log warnings "
                                       "(those matching `match`, when given)")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} (the shared folder beside the checkout) is absent")
    return SHARED
