"""`NAME.manifest.json`: what a build read and wrote, with SHA-256 digests and tool versions.

Inputs are the source, the layout's files, the fonts actually embedded in the PDF (read back from the
PDF and found through fontconfig) and any cover PDFs; outputs are the files written. Keys are sorted
and no time is recorded, so the same build gives the same manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

import pypdf

from reportpress import __version__
from reportpress.output import write_bytes_atomic

if TYPE_CHECKING:
    from reportpress.build import Format

TOOLS = ("weasyprint", "python-docx", "pypdf", "fonttools", "markdown-it-py")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it: manifests of two clones agree."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def entry(path: Path) -> dict[str, str]:
    return {"path": shown_path(path), "sha256": sha256(path)}


def embedded_font_names(pdf: bytes) -> list[str]:
    """The base names of the fonts embedded in `pdf`, without subset prefixes (`Noto-Serif-CJK-SC-Bold`)."""
    reader = pypdf.PdfReader(BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for font in fonts.get_object().values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(re.sub(r"^/?[A-Z]{6}\+", "", base).lstrip("/"))
    return sorted(name for name in names if name)


@cache
def _fontconfig_files() -> Mapping[tuple[str, str], str]:
    """(family, style) in lower case → font file, for every font fontconfig knows."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}|%{style}|%{file}\n"], capture_output=True,
                                 text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    files: dict[tuple[str, str], str] = {}
    for line in listing.splitlines():
        families, styles, file = [*line.split("|"), "", ""][:3]
        for family in families.split(","):
            for style in styles.split(","):
                files.setdefault((family.strip().lower(), style.strip().lower()), file)
    return files


def font_file(base_name: str) -> str | None:
    """The file of a font WeasyPrint named `Family-Words-Style` (its Pango description, dashed)."""
    words = base_name.replace("-", " ").split()
    files = _fontconfig_files()
    for split in range(len(words), 0, -1):
        family, style = " ".join(words[:split]).lower(), " ".join(words[split:]).lower()
        for candidate in ([style] if style else ["regular", "book", "medium", "normal"]):
            if (family, candidate) in files:
                return files[(family, candidate)]
    return None


def _tool_versions() -> dict[str, str]:
    versions = {"reportpress": __version__}
    for tool in TOOLS:
        try:
            versions[tool] = version(tool)
        except PackageNotFoundError:
            versions[tool] = "not installed"
    return versions


def write_manifest(target: Path, *, source: Path, layout_files: Iterable[Path], cover_files: Iterable[Path],
                   outputs: Mapping[Format, Path], pdf: bytes | None) -> None:
    inputs: dict[str, object] = {
        "source": entry(source),
        "layout": [entry(path) for path in sorted(layout_files)],
        "covers": [entry(path) for path in cover_files],
    }
    if pdf is not None:
        fonts = []
        for name in embedded_font_names(pdf):
            file = font_file(name)
            fonts.append({"name": name, "file": file, "sha256": sha256(Path(file)) if file else None})
        inputs["fonts"] = fonts
    manifest = {
        "inputs": inputs,
        "outputs": {fmt: entry(path) for fmt, path in sorted(outputs.items())},
        "tools": _tool_versions(),
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_bytes_atomic(target, text.encode("utf-8"))
