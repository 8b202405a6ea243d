"""Fonts: where a build may find them.

`fonts/` of the project is scanned before the fonts shipped with reportpress, and those before the
system's (DESIGN §6).
"""

from __future__ import annotations

from pathlib import Path


def fonts_dirs(project: Path | None = None) -> list[Path]:
    """Font folders a build may read: the project's `fonts/`, then the ones shipped with reportpress."""
    packaged = Path(__file__).parent / "_data" / "fonts"
    builtin = packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "fonts"
    dirs = [(project or Path.cwd()) / "fonts", builtin]
    return [folder for index, folder in enumerate(dirs)
            if folder.is_dir() and folder.resolve() not in [d.resolve() for d in dirs[:index]]]
