"""The proof tests' fixtures: gov-report's layout, and `proof(doc)` — a synthetic PDF written and proofed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportpress.layouts import Layout, builtin_layout
from reportpress.proof import ProofReport, proof_pdf
from tests.proof.pdfs import Doc


@pytest.fixture(scope="module")
def layout() -> Layout:
    return builtin_layout("gov-report")


@pytest.fixture
def proof(tmp_path: Path, layout: Layout) -> Callable[[Doc], ProofReport]:
    def run(doc: Doc) -> ProofReport:
        return proof_pdf(doc.write(tmp_path / "doc.pdf"), layout)

    return run
