"""build.py: the stages in order, and what it warns about."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress import build as build_module
from reportpress.build import build


@pytest.mark.warns
def test_missing_harfbuzz_subsetter_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 warnings_logged) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    monkeypatch.setattr(build_module, "fast_subsetting_available", lambda: False)
    build(source, formats=["pdf"], out_dir=tmp_path / "out")
    assert any("libharfbuzz-subset0" in record.getMessage() and "47×" in record.getMessage()
               for record in warnings_logged)
    assert (tmp_path / "out" / "report.pdf").exists()


def test_unknown_pdf_variant_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    from reportpress.errors import RenderError

    source = tmp_path / "report.md"
    source.write_text("正文。\n", encoding="utf-8")
    with pytest.raises(RenderError, match="unknown PDF variant 'pdf/z-9'"):
        build(source, out_dir=tmp_path / "out", pdf_variant="pdf/z-9")
    assert not (tmp_path / "out").exists()
