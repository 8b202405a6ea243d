"""`reportpress fonts --fontconfig`: the layout's missing font names as fontconfig aliases of its stand-ins.

The rules are checked on a made-up machine (faces listed here), the file is read back by an XML parser and
by fontconfig itself (`fc-match` under a `FONTCONFIG_FILE` that adds it to the system's configuration), and
the print copy is shown not to change under it: the PDF of a source using every role is byte-identical
with and without the aliases (each build in its own process: fontconfig reads its configuration once)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reportpress.fontconfig import PROGRAM, fontconfig_aliases, fontconfig_weight, stand_ins
from reportpress.fonts import FontFace, discover_faces
from reportpress.layouts import builtin_layout

REPO = Path(__file__).resolve().parents[1]


def face(family: str, weight: int = 400, origin: str = "system") -> FontFace:
    return FontFace(path=Path(f"/fonts/{family}-{weight}.otf"), index=0, families=(family,), weight=weight,
                    origin=origin)  # type: ignore[arg-type]


# the open faces `make` installs, as fc-list lists them
MACHINE = [face("FandolFang"), face("FandolKai"), face("LXGW WenKai"), face("LXGW WenKai", 700),
           face("Noto Serif CJK SC"), face("Noto Serif CJK SC", 700), face("Noto Serif CJK SC Black", 900),
           face("Noto Sans CJK SC"), face("Noto Sans CJK SC", 700)]


def test_each_missing_name_takes_the_stand_ins_after_it_at_each_weight_a_role_asks() -> None:
    aliases = stand_ins(builtin_layout("gov-report"), MACHINE)
    # the subtitle (regular) lists FandolKai first, the bold level-2 heading LXGW WenKai (it has a bold)
    assert aliases["楷体_GB2312"] == {400: ("FandolKai", "LXGW WenKai"), 700: ("LXGW WenKai", "FandolKai")}
    # the body's 仿宋 is FandolFang; the bold roles skip it (no bold face) for Noto Serif CJK SC
    assert aliases["仿宋_GB2312"] == {400: ("FandolFang", "Noto Serif CJK SC"), 700: ("Noto Serif CJK SC",)}
    assert aliases["方正小标宋简体"] == {900: ("Noto Serif CJK SC Black", "Noto Serif CJK SC")}
    assert "FandolFang" not in aliases  # installed: never aliased


def test_a_weight_two_roles_disagree_on_is_left_out(tmp_path: Path) -> None:
    layout = builtin_layout("gov-report")
    fonts = dict(layout.fonts)
    fonts["note"] = ("仿宋_GB2312", "Noto Serif CJK SC", "FandolFang")  # regular like the body, another order
    changed = dataclasses.replace(layout, fonts=fonts)
    assert 400 not in stand_ins(changed, MACHINE)["仿宋_GB2312"]
    assert stand_ins(changed, MACHINE)["仿宋_GB2312"][700] == ("Noto Serif CJK SC",)


def test_project_faces_and_names_xml_cannot_carry_are_never_written() -> None:
    layout = builtin_layout("gov-report")
    fonts = dict(layout.fonts)
    fonts["body"] = ("仿宋_GB2312", "Project Fang", "FandolFang", "Noto Serif CJK SC")
    fonts["folio"] = ("宋\x01体", "Noto Serif CJK SC")
    changed = dataclasses.replace(layout, fonts=fonts)
    machine = [*MACHINE, face("Project Fang", origin="project")]
    aliases = stand_ins(changed, machine)
    assert aliases["仿宋_GB2312"][400] == ("FandolFang", "Noto Serif CJK SC")  # no project face: only the build has it
    assert not any("\x01" in name for name in aliases)


def test_the_file_is_well_formed_and_escapes_what_a_layout_names() -> None:
    layout = builtin_layout("gov-report")
    fonts = dict(layout.fonts)
    fonts["label"] = ("黑体 & <Co>", "Noto Sans CJK SC")
    text = fontconfig_aliases(dataclasses.replace(layout, fonts=fonts), MACHINE)
    root = ET.fromstring(text.split("\n", 2)[2])  # past the XML declaration and the DOCTYPE
    names = {test.find("string").text for match in root.iter("match")  # type: ignore[union-attr]
             for test in match.iter("test") if test.get("name") == "family"}
    assert {test.find("string").text for match in root.iter("match")  # type: ignore[union-attr]
            for test in match.iter("test") if test.get("name") == "prgname"} == {PROGRAM}
    assert "黑体 & <Co>" in names and "仿宋_GB2312" in names
    assert "--" not in text.split("<fontconfig>", 1)[1]  # nothing a comment could not hold either


def test_weights_map_as_fontconfig_maps_them() -> None:
    assert fontconfig_weight(400) == 80 and fontconfig_weight(700) == 200 and fontconfig_weight(900) == 210
    assert 80 < fontconfig_weight(550) < 200


def aliased_config(folder: Path) -> Path:
    """A fontconfig file (for `FONTCONFIG_FILE`) of the system's configuration and gov-report's aliases."""
    aliases = folder / "aliases.conf"
    aliases.write_text(fontconfig_aliases(builtin_layout("gov-report"), discover_faces()), encoding="utf-8")
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f"<fontconfig><include>/etc/fonts/fonts.conf</include><include>{aliases}</include>"
                      "</fontconfig>\n", encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def fontconfig_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("fc-match") is None:
        pytest.fail("fontconfig's fc-match is missing: `make test` installs the runtime packages")
    return aliased_config(tmp_path_factory.mktemp("fontconfig"))


def without_user_config(folder: Path, **extra: str) -> dict[str, str]:
    """The environment with no user fontconfig folder (`make` writes these aliases there too, which
    would make the plain side of a comparison aliased as well); the user's fonts are still found."""
    (folder / "no-user-config").mkdir(exist_ok=True)
    return {**os.environ, "XDG_CONFIG_HOME": str(folder / "no-user-config"), **extra}


def fc_match(pattern: str, config: Path, program: str = PROGRAM) -> str:
    """What fontconfig answers `pattern` with, asked as `program` would ask (its `prgname`)."""
    result = subprocess.run(["fc-match", "-f", "%{family[0]}:%{weight}", f"{pattern}:prgname={program}"],
                            capture_output=True, text=True,
                            env=without_user_config(config.parent, FONTCONFIG_FILE=str(config)), check=True)
    assert "Fontconfig error" not in result.stderr, result.stderr
    return result.stdout


@pytest.mark.parametrize(("pattern", "expected"), [
    ("仿宋_GB2312", "FandolFang:80"), ("仿宋_GB2312:bold", "Noto Serif CJK SC:200"),
    ("楷体_GB2312", "FandolKai:80"), ("楷体_GB2312:bold", "LXGW WenKai:200"),
    ("黑体", "Noto Sans CJK SC:80"), ("方正小标宋简体", "Noto Serif CJK SC:210"), ("宋体", "Noto Serif CJK SC:80"),
])
def test_fontconfig_answers_each_name_with_the_print_copys_face(fontconfig_file: Path, pattern: str,
                                                               expected: str) -> None:
    assert fc_match(pattern, fontconfig_file) == expected


@pytest.mark.parametrize("pattern", ["仿宋_GB2312", "楷体_GB2312:bold", "黑体", "方正小标宋简体"])
def test_no_other_program_sees_the_aliases(fontconfig_file: Path, pattern: str) -> None:
    """Pango in the build asks as python: it gets what it got without the file (the CSS stack decides)."""
    plain = subprocess.run(["fc-match", "-f", "%{family[0]}:%{weight}", f"{pattern}:prgname=python3"],
                           capture_output=True, text=True, env=without_user_config(fontconfig_file.parent),
                           check=True).stdout
    assert fc_match(pattern, fontconfig_file, "python3") == plain != fc_match(pattern, fontconfig_file)


ALL_ROLES = """---
title: 字体别名测试报告
subtitle: ——在测试会议上
author: 测试人
date: 2024-01-08
---

## 一、总体*要求*

各位代表：现在，我向大会报告工作，请予审议，并请各位政协委员提出意见。我们坚持稳中求进，*强调*内容。

### （一）主要目标

**加快推进。**全面落实各项任务，推动高质量发展取得新成效。

#### 1．具体**措施**

全力以赴做好各项工作，确保目标任务圆满完成。
"""


def test_the_print_copy_is_the_same_with_the_aliases(fontconfig_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "source" / "roles.md"
    source.parent.mkdir()
    source.write_text(ALL_ROLES, encoding="utf-8")
    built = []
    # the comparison means something: without the aliases, fontconfig answers the body's name otherwise
    unaliased = subprocess.run(["fc-match", "-f", "%{family[0]}", "楷体_GB2312:bold"], capture_output=True, text=True,
                               env=without_user_config(tmp_path), check=True).stdout
    assert unaliased != "LXGW WenKai"
    for name, extra in (("plain", {}), ("aliased", {"FONTCONFIG_FILE": str(fontconfig_file)})):
        out = tmp_path / name
        env = without_user_config(tmp_path, PYTHONPATH=str(REPO / "src"), **extra)
        subprocess.run([sys.executable, "-m", "reportpress", "build", str(source), "--to", "pdf", "--out", str(out)],
                       cwd=tmp_path, env=env, check=True, capture_output=True)
        built.append((out / "roles.pdf").read_bytes())
    assert built[0] == built[1]


def test_the_command_prints_the_file_and_fonts_without_a_source_says_what_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    printed = subprocess.run([sys.executable, "-m", "reportpress", "fonts", "--fontconfig"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, check=True).stdout
    assert printed == fontconfig_aliases(builtin_layout("gov-report"), discover_faces())
    refused = subprocess.run([sys.executable, "-m", "reportpress", "fonts"], cwd=tmp_path, env=env,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "name the SOURCE" in refused.stderr and "Traceback" not in refused.stderr
