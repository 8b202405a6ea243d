"""Fonts (`fonts.py`): discovery, fontsets, glyph coverage with cached cmaps, and `reportpress fonts`.

A character no font of its role covers stops `check` and `build` with its source line; a Chinese mark
first covered by a Latin-only font is refused too.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reportpress.errors import FontCoverageError
from reportpress.fonts import (
    Coverage,
    check_coverage,
    check_fonts,
    coverage,
    discover_faces,
    find_face,
    font_face_css,
    resolve_fontset,
)
from reportpress.layouts import builtin_layout
from reportpress.stages import open_source
from tests.conftest import SAMPLE_SOURCE
from tests.test_cli import run

MISSING = "\U000f0001"  # a Plane-15 private-use character: no font has it


@pytest.fixture(autouse=True)
def cmap_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.getbasetemp() / "cmap-cache"
    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(folder))
    return folder


def test_coverage_ranges() -> None:
    cmap = Coverage.from_codes([0x41, 0x42, 0x43, 0x4E00, 0x4E01, 0x10000])
    assert cmap.starts == (0x41, 0x4E00, 0x10000) and cmap.ends == (0x43, 0x4E01, 0x10000)
    assert 0x42 in cmap and 0x4E01 in cmap and 0x10000 in cmap
    assert 0x44 not in cmap and 0x40 not in cmap and 0x4E02 not in cmap


# The open stand-ins `make` installs (RUNTIME_DEBS, tools/ensure-fandol and tools/ensure-noto-serif-heavy) for
# the faces GB/T 9704 names.
OPEN_STAND_INS = {"仿宋": "FandolFang", "楷体": "FandolKai", "黑体": "Noto Sans CJK SC",
                  "小标宋": "Noto Serif CJK SC Black"}


def test_the_open_fonts_serve_every_role_of_gov_report() -> None:
    """Every role is served, by the first installed family of its stack; where no licensed face is
    installed, that is the open stand-in `make` installs: FandolFang for 仿宋, FandolKai for 楷体, Noto Serif
    CJK SC Black for 小标宋."""
    layout = builtin_layout("gov-report")
    fontset = resolve_fontset(layout, discover_faces())
    for role, fonts in fontset.items():
        installed = [face for _, face in fonts.families if face is not None]
        assert installed, f"no font of the {role} stack is installed"
        assert fonts.faces[0] == installed[0]
    stand_ins = {"body": "仿宋", "note": "仿宋", "heading4": "仿宋", "subtitle": "楷体", "author": "楷体",
                 "heading2": "楷体", "heading1": "黑体", "title": "小标宋"}
    for role, face in stand_ins.items():
        names = [name for name, _ in fontset[role].families]
        ahead = fontset[role].families[:names.index(OPEN_STAND_INS[face])]
        if all(found is None for _, found in ahead):  # no licensed face: the open one serves the role
            assert OPEN_STAND_INS[face] in fontset[role].faces[0].families, (role, fontset[role].faces[0])
    # the bold roles get a face that is bold: WeasyPrint draws no synthetic bold (Kozea/WeasyPrint#1470);
    # the title's is the Black
    for role, weight in (("lead", 700), ("heading3", 700), ("title", 900)):
        assert layout.weights[role] == weight, role
        assert fontset[role].faces[0].weight == weight, (role, fontset[role].faces[0])


def test_cmaps_are_cached_on_disk(cmap_cache: Path) -> None:
    face = resolve_fontset(builtin_layout("gov-report"), discover_faces())["body"].faces[0]
    coverage.cache_clear()
    first = coverage(face.path, face.index)
    assert 0x4E00 in first and 0x3002 in first
    assert list((cmap_cache / "cmaps").glob("*.json"))
    coverage.cache_clear()
    assert coverage(face.path, face.index) == first  # read back from the cache file


def test_the_sample_is_covered() -> None:
    report = check_coverage(*open_source(SAMPLE_SOURCE, project=Path.cwd()), Path.cwd())
    assert report.missing == ()
    assert set(report.used_roles) >= {"title", "subtitle", "author", "body", "heading1", "heading2", "lead",
                                      "folio", "note"}


def test_a_character_no_font_covers_stops_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "tofu.md"
    source.write_text(f"---\ntitle: 报告\n---\n\n第一段。\n\n第二段有{MISSING}字。\n", encoding="utf-8")
    with pytest.raises(FontCoverageError) as caught:
        check_coverage(*open_source(source, project=tmp_path), tmp_path)
    message = str(caught.value)
    assert f"{source}:7:" in message and "U+F0001" in message and "role body" in message


def test_a_front_matter_character_no_font_covers_gives_its_key_line(tmp_path: Path) -> None:
    source = tmp_path / "tofu.md"
    source.write_text(f"---\nauthor: 某\nsubtitle: 副\ntitle: 报{MISSING}告\n---\n\n正文。\n", encoding="utf-8")
    with pytest.raises(FontCoverageError) as caught:
        check_coverage(*open_source(source, project=tmp_path), tmp_path)
    assert f"{source}:4:" in str(caught.value) and "role title" in str(caught.value)


def test_a_chinese_mark_first_covered_by_a_latin_font_is_refused(tmp_path: Path) -> None:
    document, layout = open_source(SAMPLE_SOURCE, project=Path.cwd())
    fonts = dict(layout.fonts)
    fonts["body"] = ("DejaVu Serif", *fonts["body"])  # DejaVu has “” and —, and no Han
    latin_first = dataclasses.replace(layout, fonts=fonts)
    if find_face("DejaVu Serif", 400, discover_faces()) is None:
        pytest.skip("DejaVu Serif is not installed")
    missing = check_fonts(document, latin_first, tmp_path).missing
    assert {item.char for item in missing} >= {"“", "”"}
    assert all("Latin font DejaVu Serif" in item.reason for item in missing)


def test_project_fonts_come_first_and_get_font_face_rules(tmp_path: Path) -> None:
    face = resolve_fontset(builtin_layout("gov-report"), discover_faces())["heading2"].faces[0]  # one font a file
    (tmp_path / "fonts").mkdir()
    copy = tmp_path / "fonts" / face.path.name
    copy.write_bytes(face.path.read_bytes())
    found = find_face(face.families[0], face.weight, discover_faces([tmp_path / "fonts"]))
    assert found is not None and found.path == copy and found.origin == "project"
    assert f'src: url("{copy.as_uri()}")' in font_face_css([tmp_path / "fonts"])


def test_fonts_command_shows_each_role_and_what_is_missing(tmp_path: Path) -> None:
    result = run("fonts", str(SAMPLE_SOURCE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    fontset = resolve_fontset(builtin_layout("gov-report"), discover_faces())
    for role in ("body", "heading2"):  # the arrow marks the family that serves the role, with its file
        face = fontset[role].faces[0]
        family = next(name for name, found in fontset[role].families if found == face)
        assert f"{role} (weight {fontset[role].weight}): {face.path}" in result.stdout
        assert f"→ {family}: {face.path}" in result.stdout
    assert "仿宋_GB2312: not installed" in result.stdout
    (tmp_path / "tofu.md").write_text(f"正文{MISSING}。\n", encoding="utf-8")
    result = run("fonts", "tofu.md", cwd=tmp_path)
    assert result.returncode == 1 and "missing: tofu.md:1: no font covers it" in result.stderr


@pytest.mark.parametrize("command", [["check"], ["build", "--to", "pdf"]])
def test_check_and_build_stop_on_a_missing_character(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "tofu.md").write_text(f"正文。\n\n另一段{MISSING}。\n", encoding="utf-8")
    result = run(*command, "tofu.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "tofu.md:3: no font covers it" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "output" / "tofu.pdf").exists()


# (the bidirectional controls LRM, RLM and the isolates draw nothing too, but the reader refuses them:
# tests/test_hostile_text.py)
INVISIBLE = "\u200b\u2060\ufeff\u00ad\u200c\u200d\u034f\ufe0f\U000e0020"


def test_characters_that_draw_nothing_need_no_font(tmp_path: Path) -> None:
    """A hand-written source with zero-width and format characters builds, and nothing is tofu (issue 9)."""
    import pymupdf

    from reportpress.build import build

    source = tmp_path / "invisible.md"
    source.write_text(f"---\ntitle: 报告\n---\n\n正文{INVISIBLE}继续。\n", encoding="utf-8")
    assert check_coverage(*open_source(source, project=tmp_path), tmp_path).missing == ()
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as opened:
        glyphs = [char for page in opened for span in page.get_texttrace() for char in span["chars"]]
    assert glyphs and all(glyph != 0 for _, glyph, *_ in glyphs)  # glyph 0 is .notdef, the tofu box


def test_hangul_fillers_are_not_taken_for_invisible() -> None:
    from reportpress.fonts import DRAWS_NOTHING

    assert all(ord(char) in DRAWS_NOTHING for char in INVISIBLE)
    assert not any(code in DRAWS_NOTHING for code in (0x115F, 0x1160, 0x3164, 0xFFA0, 0x1BCA0, 0x20, 0x4E00))


@pytest.mark.parametrize("garbage", [
    b"\xff\xfe garbage", b"", b"null", b"{}", b'{"ab": 1}', b"[1, 2]", b'[[1, "x"]]', b"[[1, 2, 3]]", b"[[5, 1]]",
    b"[[1, 2], [2, 3]]", b"[[true, false]]", b"[[1.5, 2]]", b"[[-1, 2]]", b"[[1, 1114112]]", b"[" * 100_000,
])
def test_a_bad_cache_file_is_treated_as_empty_and_rebuilt(garbage: bytes, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 9 item 5: a cache with wrong JSON types was a traceback at check time, or a wrong cmap."""
    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(tmp_path))
    face = resolve_fontset(builtin_layout("gov-report"), discover_faces())["body"].faces[0]
    coverage.cache_clear()
    good = coverage(face.path, face.index)
    files = list((tmp_path / "cmaps").glob("*.json"))
    assert len(files) == 1
    for file in files:
        file.write_bytes(garbage)
    coverage.cache_clear()
    assert coverage(face.path, face.index) == good
    assert all(file.read_bytes() != garbage for file in files)  # rewritten


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_cache_file_that_is_a_fifo_or_a_folder_is_ignored(kind: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setenv("REPORTPRESS_CACHE_DIR", str(tmp_path))
    face = resolve_fontset(builtin_layout("gov-report"), discover_faces())["body"].faces[0]
    coverage.cache_clear()
    good = coverage(face.path, face.index)
    for file in (tmp_path / "cmaps").glob("*.json"):
        file.unlink()
        os.mkfifo(file) if kind == "fifo" else file.mkdir()  # a FIFO: reading it would block forever
    coverage.cache_clear()
    assert coverage(face.path, face.index) == good


def _outside_font(tmp_path: Path) -> Path:
    face = resolve_fontset(builtin_layout("gov-report"), discover_faces())["heading2"].faces[0]  # a .ttf
    outside = tmp_path / "outside"
    outside.mkdir()
    copy = outside / face.path.name
    copy.write_bytes(face.path.read_bytes())
    return copy


@pytest.mark.warns(match=r"not used: it is a link to .*, outside")
def test_no_font_is_read_through_a_link_out_of_fonts(tmp_path: Path, warnings_logged: list[object]) -> None:
    """Issue 9 item 2: a project could embed any font file its user can read by linking to it."""
    outside = _outside_font(tmp_path)
    project = tmp_path / "project"
    (project / "fonts" / "sub").mkdir(parents=True)
    (project / "fonts" / "evil.ttf").symlink_to(outside)
    (project / "fonts" / "sub" / "inside.ttf").write_bytes(outside.read_bytes())
    (project / "fonts" / "alias.ttf").symlink_to(project / "fonts" / "sub" / "inside.ttf")  # stays inside: fine
    faces = discover_faces([project / "fonts"])
    assert outside not in {face.path for face in faces}
    assert {face.path for face in faces if face.origin == "project"} == {project / "fonts" / "sub" / "inside.ttf"}
    css = font_face_css([project / "fonts"])
    assert outside.as_uri() not in css and "evil" not in css and (project / "fonts/sub/inside.ttf").as_uri() in css
    assert warnings_logged and "evil.ttf" in str(getattr(warnings_logged[0], "getMessage", lambda: "")())


@pytest.mark.warns(match=r"fonts: not used: it is a link to .*, outside the project")
def test_a_fonts_folder_linking_out_of_the_project_is_not_used(tmp_path: Path) -> None:
    from reportpress.fonts import fonts_dirs

    outside = _outside_font(tmp_path)
    project = tmp_path / "project"
    project.mkdir()
    (project / "fonts").symlink_to(outside.parent)
    assert all(not folder.resolve().is_relative_to(outside.parent) for folder in fonts_dirs(project))
