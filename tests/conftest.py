"""Shared fixtures: paths, the built sample, a guard that fails any test logging an unexpected warning, and
the hypothesis profiles.

Hypothesis profiles (issue 9): `ci`, chosen when the `CI` environment variable is set, makes every
property test reproducible: examples derived from each test's name (`derandomize`), no example database
carried between runs, a bounded number of examples and no deadline (a shared CI machine's pauses are
not failures). `dev`, the default elsewhere, keeps exploring: new random examples every run, failures
remembered in `.hypothesis/` and replayed first. `fuzz` is the long local campaign (`make fuzz`):
`REPORTPRESS_FUZZ_EXAMPLES` examples per fuzz test (default 20,000). `HYPOTHESIS_PROFILE` names a profile
outright. A test's own `@settings(max_examples=…)` still wins over its profile's.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, database=None, max_examples=100, deadline=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.register_profile("fuzz", max_examples=int(os.environ.get("REPORTPRESS_FUZZ_EXAMPLES", "20000")),
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

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
