"""The title role's open 小标宋 stand-in: Noto Serif CJK SC Black, installed by tools/ensure-noto-serif-heavy.

Like the Fandol tests in test_fonts.py these do not skip when the face is missing: `make` installs it (CI
included), so a missing face is a failure. Where a licensed 小标宋 (or 华文中宋) is installed, it serves
the title instead, and the tests check that it does.
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pymupdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree  # type: ignore[import-untyped]

from reportpress.build import build
from reportpress.fonts import FontFace, RoleFonts, discover_faces, resolve_fontset
from reportpress.layouts import builtin_layout
from tests.conftest import REPO
from tests.test_cli import run

STAND_IN = "Noto Serif CJK SC Black"
SCRIPT = REPO / "tools" / "ensure-noto-serif-heavy"
FONT_FILE = "NotoSerifCJK-Black.ttc"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# a cover (一号), the title block (二号) under a 黑体 label, and an appendix title (二号)
SOURCE = """---
title: 关于加快推进城市更新的实施意见
subtitle: ——在某市第十届人民代表大会第三次会议上
author: 某市人民政府市长　张某某
label: 某市第十届人民代表大会第三次会议文件（十二）
---

# 一、工作回顾

过去一年，全市经济社会发展主要目标任务顺利完成。

::: appendix
# 重点项目安排表

重点项目共一百二十个。
:::
"""
TITLES = ["关于加快推进城市更新的实施意见", "重点项目安排表"]


@pytest.fixture(scope="module")
def title_stack() -> RoleFonts:
    return resolve_fontset(builtin_layout("gov-report"), discover_faces())["title"]


def stand_in_serves(stack: RoleFonts) -> bool:
    """Whether no family ahead of the open stand-in is installed (no licensed 小标宋 here)."""
    names = [name for name, _ in stack.families]
    return all(face is None for _, face in stack.families[:names.index(STAND_IN)])


def test_the_title_is_served_by_the_black_at_900_and_bold_without_it(title_stack: RoleFonts) -> None:
    assert title_stack.weight == 900
    black = dict(title_stack.families)[STAND_IN]
    assert black is not None, f"{STAND_IN} is not installed: run tools/ensure-noto-serif-heavy (make does)"
    assert black.weight == 900 and black.path.name == FONT_FILE
    if stand_in_serves(title_stack):
        assert title_stack.faces[0] == black
    # without the Black, the next family of the stack, Noto Serif CJK SC, serves at its weight nearest 900
    without = [face for face in discover_faces() if STAND_IN not in face.families]
    fallback = resolve_fontset(builtin_layout("gov-report"), without)["title"]
    if stand_in_serves(fallback):
        assert "Noto Serif CJK SC" in fallback.faces[0].families and fallback.faces[0].weight == 700


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("title-font")
    source = folder / "titles.md"
    source.write_text(SOURCE, encoding="utf-8")
    result = build(source, out_dir=folder / "out", project=folder)
    return {path.suffix[1:]: path for path in result.outputs.values()}


def embedded_font(document: pymupdf.Document, page: int, basefont: str) -> TTFont:
    """The font program `basefont` (as a span names it: no subset prefix) embedded for `page`."""
    for xref, _ext, _kind, name, *_rest in document[page].get_fonts():
        if name.split("+")[-1] == basefont:
            return TTFont(io.BytesIO(document.extract_font(xref)[3]))
    raise AssertionError(f"{basefont} is not embedded on page {page + 1}")


def test_the_pdf_sets_cover_title_and_appendix_title_in_the_stand_in(outputs: dict[str, Path],
                                                                     title_stack: RoleFonts) -> None:
    """Every title line, at 一号 on the cover and 二号 on the pages, is drawn by the face `reportpress
    fonts` names for the title role: the embedded font's own name table and weight say which."""
    serving = title_stack.faces[0]
    seen: list[tuple[str, float]] = []
    with pymupdf.open(outputs["pdf"]) as document:
        for number, page in enumerate(document):
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    if not text or not any(text in title or title in text for title in TITLES):
                        continue
                    for span in line["spans"]:
                        font = embedded_font(document, number, span["font"])
                        full_name = font["name"].getDebugName(4)
                        assert full_name in serving.families or font["name"].getDebugName(1) in serving.families, (
                            span["text"], full_name, serving)
                        if stand_in_serves(title_stack):
                            assert full_name == STAND_IN and font["OS/2"].usWeightClass == 900
                        seen.append((span["text"], round(span["size"])))
    sizes = {size for _, size in seen}
    assert sizes == {26, 22}, seen  # the cover's 一号, the title block's and the appendix's 二号
    assert "".join(text for text, _ in seen).count("重点项目安排表") == 1


def test_pdffonts_lists_the_black_and_the_docx_names_it_unbolded(outputs: dict[str, Path],
                                                                  title_stack: RoleFonts) -> None:
    """pdffonts shows the Black embedded; the DOCX's Title style names 方正小标宋简体 without w:b (a bold
    would be drawn a second time over a heavy face), and its font table gives Word the Black as the
    alternate name before Noto Serif CJK SC (whose Bold Word would not pick for an unbolded run)."""
    if stand_in_serves(title_stack):
        listing = subprocess.run(["pdffonts", str(outputs["pdf"])], capture_output=True, text=True,
                                 check=True).stdout
        assert "Noto-Serif-CJK-SC-Heavy" in listing  # WeasyPrint's name for the weight-900 face
    with zipfile.ZipFile(outputs["docx"]) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        table = etree.fromstring(package.read("word/fontTable.xml"))
    (title,) = styles.xpath("//w:style[@w:styleId='Title']", namespaces={"w": W[1:-1]})
    assert title.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    assert title.find(f"{W}rPr/{W}b") is None
    (entry,) = table.xpath("//w:font[@w:name='方正小标宋简体']", namespaces={"w": W[1:-1]})
    alternates = entry.find(f"{W}altName").get(f"{W}val").split(",")
    assert alternates.index(STAND_IN) < alternates.index("Noto Serif CJK SC")


def test_reportpress_fonts_names_the_stand_in_serving_the_title(tmp_path: Path, title_stack: RoleFonts) -> None:
    (tmp_path / "titles.md").write_text(SOURCE, encoding="utf-8")
    result = run("fonts", "titles.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("title (weight 900): "))
    assert lines[start].endswith(str(title_stack.faces[0]))
    if stand_in_serves(title_stack):
        stack_lines = lines[start:start + len(title_stack.families) + 1]
        assert f"  → {STAND_IN}: {title_stack.faces[0]}" in stack_lines
        # "Noto Serif CJK SC" matches the same face: listed as that, with the arrow on the first only
        assert sum(line.startswith("  → ") for line in stack_lines) == 1
        assert f"    Noto Serif CJK SC: {title_stack.faces[0]} (the same face)" in stack_lines


# ------------------------------------------------------------------------- tools/ensure-noto-serif-heavy


def black_face() -> FontFace:
    face = next((face for face in discover_faces() if STAND_IN in face.families), None)
    assert face is not None, f"{STAND_IN} is not installed: run tools/ensure-noto-serif-heavy (make does)"
    return face


def fake_apt(tmp_path: Path, font: bytes | None) -> tuple[dict[str, str], Path]:
    """An environment whose `apt-get download fonts-noto-cjk-extra` hands over a .deb holding `font` as
    NotoSerifCJK-Black.ttc (None: apt-get fails the test when called), and whose fontconfig sees only the
    system's fonts and this home's: the real home's fonts (where the Black may be) stay out of sight."""
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    if font is None:
        body = f'echo "apt-get $*" >> {log}; exit 3'
    else:
        tree = tmp_path / "deb"
        (tree / "DEBIAN").mkdir(parents=True)
        (tree / "DEBIAN" / "control").write_text(
            "Package: fonts-noto-cjk-extra\nVersion: 1:20220127+repack1-1\nArchitecture: all\n"
            "Maintainer: test <test@example.org>\nDescription: test package\n", encoding="utf-8")
        fonts = tree / "usr/share/fonts/opentype/noto"
        fonts.mkdir(parents=True)
        (fonts / FONT_FILE).write_bytes(font)
        (fonts / "NotoSansCJK-Black.ttc").write_bytes(b"not wanted")
        doc = tree / "usr/share/doc/fonts-noto-cjk-extra"
        doc.mkdir(parents=True)
        (doc / "copyright").write_text("License: SIL-1.1\n SIL OPEN FONT LICENSE Version 1.1\n", encoding="utf-8")
        deb = tmp_path / "fonts-noto-cjk-extra_1%3a20220127+repack1-1_all.deb"
        subprocess.run(["dpkg-deb", "-Znone", "--root-owner-group", "-b", str(tree), str(deb)], check=True,
                       capture_output=True)
        body = f'echo "apt-get $*" >> {log}; [ "$1 $2 $3" = "download -qq fonts-noto-cjk-extra" ] && cp {deb} .'
    (bin_dir / "apt-get").write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    (bin_dir / "apt-get").chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config"), "LANG": "C.UTF-8"}
    return env, log


def ensure(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT)], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_script_installs_the_one_face_checked_and_then_does_nothing(tmp_path: Path) -> None:
    if any(face.path.is_relative_to("/usr") for face in discover_faces() if STAND_IN in face.families):
        pytest.skip("the Black is installed system-wide (fonts-noto-cjk-extra): the script has nothing to do")
    env, log = fake_apt(tmp_path, black_face().path.read_bytes())
    first = ensure(env, tmp_path)
    assert first.returncode == 0, first.stderr
    target = tmp_path / "home/data/fonts/noto-serif-cjk-heavy"
    assert sorted(path.name for path in target.iterdir()) == ["COPYRIGHT", FONT_FILE]  # no Sans, no temporary
    assert "SIL OPEN FONT LICENSE" in (target / "COPYRIGHT").read_text(encoding="utf-8")
    listed = subprocess.run(["fc-list", STAND_IN, "file"], env=env, capture_output=True, text=True, check=True)
    assert str(target / FONT_FILE) in listed.stdout  # fontconfig (so WeasyPrint) sees it
    log.unlink()
    second = ensure(env, tmp_path)
    assert second.returncode == 0 and second.stdout == "" and not log.exists()  # idempotent: no download


def test_the_script_refuses_a_font_whose_checksum_is_not_known(tmp_path: Path) -> None:
    font = bytearray(black_face().path.read_bytes()[:4096])
    font[-1] ^= 1
    env, _log = fake_apt(tmp_path, bytes(font))
    result = ensure(env, tmp_path)
    assert result.returncode == 1
    assert "not a known one; not installed" in result.stderr
    assert not (tmp_path / "home/data/fonts").exists()


def test_the_script_says_what_to_do_when_the_package_cannot_be_had(tmp_path: Path) -> None:
    env, log = fake_apt(tmp_path, None)  # as root the script runs apt-get update and tries again: both fail
    result = ensure(env, tmp_path)
    assert result.returncode == 1
    assert "could not download fonts-noto-cjk-extra" in result.stderr and FONT_FILE in result.stderr
    assert log.read_text(encoding="utf-8").startswith("apt-get download -qq fonts-noto-cjk-extra")
    assert not (tmp_path / "home/data/fonts").exists()


def test_the_script_writes_through_no_link_a_prepared_home_holds(tmp_path: Path) -> None:
    """A home someone else prepared (`sudo -E make`): links where the script's files go are replaced, never
    written through — the files they point at stay as they were (hostile review)."""
    if any(face.path.is_relative_to("/usr") for face in discover_faces() if STAND_IN in face.families):
        pytest.skip("the Black is installed system-wide (fonts-noto-cjk-extra): the script has nothing to do")
    env, _log = fake_apt(tmp_path, black_face().path.read_bytes())
    target = tmp_path / "home/data/fonts/noto-serif-cjk-heavy"
    target.mkdir(parents=True)
    victims = [tmp_path / "victim1", tmp_path / "victim2"]
    for victim in victims:
        victim.write_text("precious", encoding="utf-8")
    (target / "COPYRIGHT").symlink_to(victims[0])
    (target / FONT_FILE).symlink_to(victims[1])
    result = ensure(env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert [victim.read_text(encoding="utf-8") for victim in victims] == ["precious", "precious"]
    assert not (target / "COPYRIGHT").is_symlink() and not (target / FONT_FILE).is_symlink()


def test_the_script_refuses_a_font_folder_that_is_a_link(tmp_path: Path) -> None:
    env, _log = fake_apt(tmp_path, black_face().path.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "home/data/fonts").mkdir(parents=True)
    (tmp_path / "home/data/fonts/noto-serif-cjk-heavy").symlink_to(elsewhere)
    result = ensure(env, tmp_path)
    assert result.returncode == 1 and "is a link" in result.stderr
    assert list(elsewhere.iterdir()) == []
