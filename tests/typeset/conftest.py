"""Fixtures of the typesetting tests: the shared yardstick `typocheck.py`, loaded as a module."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="session")
def typocheck(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("typocheck", shared / "tools" / "typocheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
