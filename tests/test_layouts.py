"""layouts.py: the [cover] table read into `CoverSettings`, and the numbers gov-report derives from its
grid (GB/T 9704 §5.2: a 156 × 225 mm text block, 22 lines of 28 characters in 三号)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.errors import LayoutError
from reportpress.layouts import CoverSettings, Layout, load_layout, read_layout

MINIMAL = """\
[page]
size = "A4"
margins = { top = 37, bottom = 35, inside = 28, outside = 26 }

[fonts]
body = "Noto Serif CJK SC"

[sizes]
body = "三号"
"""


@pytest.fixture(scope="module")
def gov_report() -> Layout:
    return load_layout("gov-report")


def layout_with(tmp_path: Path, cover: str) -> Layout:
    """A minimal layout whose layout.toml ends with `cover` (TOML text)."""
    folder = tmp_path / "minimal"
    folder.mkdir(exist_ok=True)
    (folder / "layout.toml").write_text(MINIMAL + cover, encoding="utf-8")
    return read_layout(folder)


# ----------------------------------------------------------------------------------------------- [cover]


def test_cover_defaults_without_a_cover_table(tmp_path: Path) -> None:
    cover = layout_with(tmp_path, "").cover
    assert cover == CoverSettings()
    assert (cover.title_max_size, cover.title_fill, cover.title_line_height, cover.title_drop) == (26, 0.98, 1.5, 0.22)
    assert cover.title_max_size.pt == 26  # a Length, like every size


def test_gov_report_states_the_defaults(gov_report: Layout) -> None:
    assert gov_report.cover == CoverSettings()


@pytest.mark.parametrize(("value", "points"), [('"小初"', 36), ('"一号"', 26), ('"小二"', 18), ("30", 30),
                                               ('"24.5pt"', 24.5)])
def test_title_max_size_takes_a_chinese_size_name_or_points(tmp_path: Path, value: str, points: float) -> None:
    assert layout_with(tmp_path, f"[cover]\ntitle_max_size = {value}\n").cover.title_max_size == points


def test_cover_numbers_are_read(tmp_path: Path) -> None:
    cover = layout_with(tmp_path, "[cover]\ntitle_fill = 0.9\ntitle_line_height = 2\ntitle_drop = 0\n").cover
    assert (cover.title_fill, cover.title_line_height, cover.title_drop) == (0.9, 2.0, 0.0)


@pytest.mark.parametrize(("line", "key"), [
    ('title_max_size = "巨号"', "title_max_size"),
    ("title_max_size = 0", "title_max_size"),
    ("title_max_size = true", "title_max_size"),
    ("title_fill = 1.2", "title_fill"),
    ('title_fill = "0.98"', "title_fill"),
    ("title_line_height = 0.5", "title_line_height"),
    ("title_drop = -0.1", "title_drop"),
    ("title_drop = true", "title_drop"),
    ("title_size = 26", "title_size"),  # unknown key
])
def test_a_bad_cover_value_is_a_layout_error_naming_the_key(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(LayoutError, match=rf"layout\.toml: \[cover\] (unknown key\(s\) )?{key}\b"):
        layout_with(tmp_path, f"[cover]\n{line}\n")


def test_cover_must_be_a_table(tmp_path: Path) -> None:
    (tmp_path / "layout.toml").write_text('cover = "一号"\n' + MINIMAL, encoding="utf-8")
    with pytest.raises(LayoutError, match=r"\[cover\] must be a table"):
        read_layout(tmp_path)


# ------------------------------------------------------------------------------- gov-report's numbers


def test_gov_report_text_block_is_156_by_225_mm(gov_report: Layout) -> None:
    assert gov_report.page.text_width.mm == pytest.approx(156)
    assert gov_report.page.text_height.mm == pytest.approx(225)


def test_gov_report_grid_numbers(gov_report: Layout) -> None:
    assert gov_report.body_size == 16  # 三号
    assert gov_report.line_pitch == pytest.approx(28.95)  # 225 mm / 22, down to whole twips
    assert gov_report.line_pitch.twips * 22 <= round(gov_report.page.text_height * 20)
    assert gov_report.letter_spacing == pytest.approx(-0.21)  # 156 mm / 28 − 16 pt, down to 1/100 pt
    assert gov_report.char_pitch * 28 <= gov_report.page.text_width
    assert gov_report.indent == pytest.approx(31.58)  # two characters on the grid


def test_gov_report_cover_title(gov_report: Layout) -> None:
    assert gov_report.cover_title_size("报告") == 26  # 一号 at most
    # 17 characters at 98 % of 156 mm: 25.498… pt, rounded down to 1/100 pt
    assert gov_report.cover_title_size("2020年上海市虹口区政府工作报告") == pytest.approx(25.49)
    for length in (18, 29, 40):
        assert gov_report.cover_title_size("很" * length) * length <= gov_report.page.text_width * 0.98
    assert gov_report.cover_title_size("") == 26
    assert gov_report.cover_title_drop == pytest.approx(140.3)  # 22 % of 225 mm, in whole twips
    assert gov_report.cover_title_drop.twips == 2806
