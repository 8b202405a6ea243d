"""layouts.py: the [cover] table read into `CoverSettings`, the numbers gov-report derives from its
grid (GB/T 9704 §5.2: a 156 × 225 mm text block, 22 lines of 28 characters in 三号), and how layouts are
found and read: by name only from a source, and no file read from outside the layout's folder."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from reportpress import layouts
from reportpress.errors import LayoutError
from reportpress.layouts import (
    CoverSettings,
    Layout,
    builtin_layout,
    find_layout,
    load_layout,
    read_layout,
    read_layout_file,
)

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
    return builtin_layout("gov-report")


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
    # a long title breaks into balanced lines at 一号 rather than shrink (typeset/balance.py) …
    assert gov_report.cover_title_size("2020年上海市虹口区政府工作报告") == 26
    assert gov_report.cover_title_size("很" * 29) == 26
    # … and shrinks only when three lines do not hold it: then each line takes at most 98 % of 156 mm
    for length in (60, 90):
        size = gov_report.cover_title_size("很" * length)
        assert size < 26 and size * -(-length // 3) <= gov_report.page.text_width * 0.98
    assert gov_report.cover_title_size("") == 26
    assert gov_report.cover_title_drop == pytest.approx(140.3)  # 22 % of 225 mm, in whole twips
    assert gov_report.cover_title_drop.twips == 2806


# ------------------------------------------------------------------------------------------- lookup


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose layouts/ holds `mine`, a copy of gov-report, and an `evil` copy outside it."""
    builtin = builtin_layout("gov-report").folder
    shutil.copytree(builtin, tmp_path / "project" / "layouts" / "mine")
    shutil.copytree(builtin, tmp_path / "outside" / "evil")
    (tmp_path / "project" / "source").mkdir()
    return tmp_path / "project"


@pytest.mark.parametrize("name", ["{outside}/evil", "../outside/evil", "layouts/mine", "./mine", "mine/",
                                  "source/evil", ".hidden", "a\x00b", "长" * 100, ""])
def test_a_source_names_a_layout_only_by_name(project: Path, name: str) -> None:
    name = name.format(outside=project.parent / "outside")
    with pytest.raises(LayoutError, match="is not a layout name"):
        find_layout(name, project)


def test_names_are_found_in_the_project_then_built_in(project: Path) -> None:
    assert find_layout("mine", project) == project / "layouts" / "mine"
    assert find_layout("gov-report", project) == builtin_layout("gov-report").folder
    with pytest.raises(LayoutError, match=r"unknown layout 'nope' \(known layouts: gov-report, mine"):
        find_layout("nope", project)


def test_the_command_line_may_name_a_layout_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    evil = project.parent / "outside" / "evil"
    assert find_layout(str(evil), project, allow_path=True) == evil
    assert load_layout("layouts/mine", project, allow_path=True).folder == Path("layouts/mine")
    for bad in ("/etc", "x" * 300, "a\x00b"):
        with pytest.raises(LayoutError, match="no layout folder there"):
            find_layout(bad, project, allow_path=True)


def test_a_project_layout_that_is_a_link_out_of_layouts_is_refused(project: Path) -> None:
    (project / "layouts" / "linked").symlink_to(project.parent / "outside" / "evil")
    with pytest.raises(LayoutError, match=r"layout 'linked': .* is a link to .*outside/evil, outside"):
        find_layout("linked", project)


def test_a_project_layouts_folder_that_is_a_link_out_of_the_project_is_refused(project: Path) -> None:
    """The link is the project's layouts/ itself, not a layout in it: a source named `evil`, and its
    templates could include any file beside it (the reviewer's `{% include "secret.txt" %}`)."""
    outside = project.parent / "outside"
    (outside / "secret.txt").write_text("CANARY", encoding="utf-8")
    shutil.rmtree(project / "layouts")
    (project / "layouts").symlink_to(outside)
    with pytest.raises(LayoutError, match=rf"layout 'evil': {project}/layouts is a link to {outside}, outside the "
                                          rf"project {project} \(make .* a folder of the project"):
        find_layout("evil", project)
    with pytest.raises(LayoutError, match="is a link to"):
        load_layout("evil", project, allow_path=True)  # `--layout evil` is a name too, looked up the same way
    assert find_layout("gov-report", project) == builtin_layout("gov-report").folder  # built-in: not from the link
    assert load_layout(str(outside / "evil"), project, allow_path=True).name == "gov-report"  # a path the user typed


def test_a_project_layouts_folder_linked_inside_the_project_or_to_the_built_in_ones_is_fine(project: Path) -> None:
    (project / "shared").mkdir()
    (project / "layouts").rename(project / "shared" / "layouts")
    (project / "layouts").symlink_to(project / "shared" / "layouts")
    assert find_layout("mine", project) == project / "layouts" / "mine"
    (project / "layouts").unlink()
    (project / "layouts").symlink_to(builtin_layout("gov-report").folder.parent)
    assert find_layout("gov-report", project).resolve() == builtin_layout("gov-report").folder.resolve()


# --------------------------------------------------------------------------------- confined reading


@pytest.mark.parametrize("link", ["document.html.j2", "style.css.j2", "layout.toml", "fonts/x.otf", "sub"])
def test_a_layout_holding_a_link_out_of_its_folder_is_refused(project: Path, link: str) -> None:
    folder = project / "layouts" / "mine"
    canary = project.parent / "canary.txt"
    canary.write_text("CANARY", encoding="utf-8")
    path = folder / link
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(canary if link != "sub" else project.parent / "outside")
    with pytest.raises(LayoutError, match=rf"mine/{link}: a link to .*, outside the layout folder"):
        read_layout(folder)


def test_links_inside_the_layout_are_fine(project: Path) -> None:
    folder = project / "layouts" / "mine"
    (folder / "parts").mkdir()
    (folder / "parts" / "style.css.j2").symlink_to(folder / "style.css.j2")
    assert read_layout(folder).name == "gov-report"
    assert read_layout_file(folder, "parts/style.css.j2") == (folder / "style.css.j2").read_bytes()


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x", "a\\..\\x", "", "a\x00"])
def test_read_layout_file_takes_only_names_inside_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(LayoutError, match="is not a file name inside the layout"):
        read_layout_file(tmp_path, name)


def test_read_layout_file_reads_only_regular_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "fifo")  # opening it for reading must not wait for a writer
    (tmp_path / "dir").mkdir()
    for name in ("fifo", "dir"):
        with pytest.raises(LayoutError, match=f"{name}: not a regular file"):
            read_layout_file(tmp_path, name)
    with pytest.raises(LayoutError, match="gone: no such file in the layout"):
        read_layout_file(tmp_path, "gone")
    (tmp_path / "big").write_bytes(b"x" * 11)
    monkeypatch.setattr(layouts, "LAYOUT_FILE_MAX_BYTES", 10)
    with pytest.raises(LayoutError, match="big: over the 10 bytes a layout file may have"):
        read_layout_file(tmp_path, "big")


def test_a_link_swapped_in_after_the_check_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, outside = tmp_path / "layout", tmp_path / "outside"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "a.j2").write_text("ours", encoding="utf-8")
    outside.mkdir()
    (outside / "a.j2").write_text("CANARY", encoding="utf-8")
    checked = layouts.confined_layout_path

    def check_then_swap(root: Path, name: str) -> Path:
        target = checked(root, name)
        shutil.rmtree(folder / "parts")  # an attacker's move between the check and the open
        (folder / "parts").symlink_to(outside)
        return target

    monkeypatch.setattr(layouts, "confined_layout_path", check_then_swap)
    with pytest.raises(LayoutError, match=r"parts/a\.j2: cannot open it inside .*; a link was swapped in"):
        read_layout_file(folder, "parts/a.j2")


# ------------------------------------------------------------------------------------- numbers' bounds


def gov_report_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of gov-report whose layout.toml has its one line `old` replaced by `new`."""
    folder = tmp_path / "edited"
    shutil.copytree(builtin_layout("gov-report").folder, folder)
    toml = folder / "layout.toml"
    text = toml.read_text(encoding="utf-8")
    assert len(re.findall(rf"^{re.escape(old)}", text, flags=re.MULTILINE)) == 1, old
    toml.write_text(re.sub(rf"^{re.escape(old)}", new, text, flags=re.MULTILINE), encoding="utf-8")
    return folder


SIZE = 'body = "三号"'
MARGINS = "margins = { top = 37, bottom = 35, inside = 28, outside = 26 }"


@pytest.mark.parametrize(("old", "new", "key"), [
    (SIZE, 'body = "0pt"', r"\[sizes\] body"),  # a ZeroDivisionError in typeset/weasy.py, once
    (SIZE, "body = 0", r"\[sizes\] body"),
    (SIZE, "body = -16", r"\[sizes\] body"),
    (SIZE, "body = nan", r"\[sizes\] body"),
    (SIZE, "body = inf", r"\[sizes\] body"),
    (SIZE, 'body = "0.5pt"', r"\[sizes\] body"),
    (SIZE, 'body = "160mm"', r"\[sizes\] body"),  # wider than the 156 mm text block
    ('title = "二号"', "title = 1e308", r"\[sizes\] title"),
    ('note = "四号"', "note = true", r"\[sizes\] note"),
    ("chars_per_line = 28", "chars_per_line = -1", r"\[grid\] chars_per_line"),  # body text was missing
    ("chars_per_line = 28", "chars_per_line = 0", r"\[grid\] chars_per_line"),
    ("chars_per_line = 28", "chars_per_line = 28.5", r"\[grid\] chars_per_line"),
    ("chars_per_line = 28", 'chars_per_line = "28"', r"\[grid\] chars_per_line"),
    ("chars_per_line = 28", "chars_per_line = 56", r"\[grid\] chars_per_line = 56: .* under half the body size"),
    ("chars_per_line = 28", "chars_per_line = 100000", r"\[grid\] chars_per_line"),
    ("lines_per_page = 22", "lines_per_page = -3", r"\[grid\] lines_per_page"),
    ("lines_per_page = 22", "lines_per_page = 40", r"\[grid\] lines_per_page = 40: .* lines would overlap"),
    (MARGINS, "margins = { top = -37, bottom = 35, inside = 28, outside = 26 }", r"\[page\.margins\] top"),
    (MARGINS, "margins = { top = 37, bottom = 35, inside = nan, outside = 26 }", r"\[page\.margins\] inside"),
    (MARGINS, 'margins = { top = 37, bottom = 35, inside = 28, outside = "26" }', r"\[page\.margins\] outside"),
    (MARGINS, "margins = { top = 37, bottom = 35, inside = 28, outside = inf }", r"\[page\.margins\] outside"),
    (MARGINS, "margins = { top = 150, bottom = 130, inside = 28, outside = 26 }",
     r"\[page\] margins leave a text block of 156 × 17 mm; it must be at least 20 mm each way"),
    (MARGINS, "margins = { top = 37, bottom = 0, inside = 28, outside = 26 }",
     r"\[page\.margins\] bottom = 0 mm: no room for the folio"),
    ('size = "A4"', 'size = "1mm 1mm"', r"\[page\] margins leave a text block"),
    ('size = "A4"', 'size = "0mm 297mm"', r"\[page\] size = '0mm 297mm': each side"),
    ('size = "A4"', 'size = "600mm 800mm"', r"\[page\] size = '600mm 800mm': each side"),
    ('size = "A4"', 'size = "-1mm 297mm"', r"\[page\] size = '-1mm 297mm'"),
    ("distance = 7", "distance = nan", r"\[folio\] distance = nan"),
    ('format = "— {n} —"', 'format = "{x}"', r"\[folio\] format = '\{x\}': write the page number as \{n\}, once"),
    ('format = "— {n} —"', 'format = "{n}{n}"', r"\[folio\] format = '\{n\}\{n\}'"),
    ('format = "— {n} —"', 'format = "{n.__class__}"', r"\[folio\] format"),
    ('format = "— {n} —"', "format = 5", r"\[folio\] format = 5"),  # "cannot convert float NaN", once
    ("distance = 7", "distance = -1", r"\[folio\] distance"),
    ("distance = 7", "distance = 33", r"\[folio\] distance = 33: .* inside the bottom margin"),
    ("distance = 7", 'distance = "7"', r"\[folio\] distance"),
    ("indent = 1", "indent = -1", r"\[folio\] indent"),
    ("indent = 1", "indent = nan", r"\[folio\] indent"),
    ("indent = 1", "indent = 11", r"\[folio\] indent"),
    ("title = 900", "title = 0", r"\[weights\] title"),
    ("title = 900", "title = 1001", r"\[weights\] title"),
    ("title = 900", "title = 700.5", r"\[weights\] title"),
    ("title = 900", "title = 350", r"\[weights\] title = 350: use one of 100, 200, 300"),  # WeasyPrint ignores it
    ("title = 900", "title = 1", r"\[weights\] title"),
    ("title = 900", 'title = "bold"', r"\[weights\] title"),
    ('title_max_size = "一号"', "title_max_size = nan", r"\[cover\] title_max_size"),
    ('title_max_size = "一号"', "title_max_size = 1000", r"\[cover\] title_max_size"),
    ("title_fill = 0.98", "title_fill = nan", r"\[cover\] title_fill"),
    ("mirror = true", 'mirror = "no"', r"\[page\] mirror"),
    ("justify = true", 'justify = "false"', r"\[typesetting\] justify"),
])
def test_every_number_is_checked_when_the_layout_is_read(tmp_path: Path, old: str, new: str, key: str) -> None:
    """Refused with the file, the table and the key, so that `check` refuses what a build would crash on
    or lose text with."""
    folder = gov_report_with(tmp_path, old, new)
    with pytest.raises(LayoutError, match=rf"^{re.escape(str(folder))}/layout\.toml: {key}"):
        read_layout(folder)


@pytest.mark.parametrize(("old", "new"), [
    (MARGINS, "margins = { top = 0, bottom = 9.5, inside = 0, outside = 0 }"),  # 7 mm + half the folio: it fits
    ("chars_per_line = 28", "chars_per_line = 55"),  # 7.9 pt each for 16 pt characters: tight, but readable
    ("chars_per_line = 28", "chars_per_line = 1"),
    ("lines_per_page = 22", "lines_per_page = 39"),
    ("distance = 7", "distance = 0"),
    ("indent = 1", "indent = 0"),
    ("title = 900", "title = 100"),
    ("lead = 700", "lead = 900"),
    (SIZE, "body = 1"),
    ('size = "A4"', 'size = "558.8mm 558.8mm"'),
])
def test_numbers_at_their_bounds_are_taken(tmp_path: Path, old: str, new: str) -> None:
    read_layout(gov_report_with(tmp_path, old, new))


def test_a_text_block_of_20_mm_each_way_is_the_smallest(tmp_path: Path) -> None:
    folder = gov_report_with(tmp_path, 'size = "A4"', 'size = "74mm 92mm"')  # 20 × 20 mm inside the margins
    toml = folder / "layout.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("chars_per_line = 28", "chars_per_line = 3")
                    .replace("lines_per_page = 22", "lines_per_page = 3"), encoding="utf-8")
    layout = read_layout(folder)
    assert (round(layout.page.text_width.mm, 6), round(layout.page.text_height.mm, 6)) == (20, 20)
    assert layout.body_size == 16  # as large as a 20 mm block takes (56.7 pt), and not larger
