"""`NAME.manifest.json`: what a build read and wrote, with SHA-256 digests and tool versions.

Inputs are the source, the layout's files (every one, at any depth), the fonts actually embedded in the
PDF (`fonts_used`: read back from the PDF and found among the faces `fonts.py` discovers, where the PDF was
made — a batch worker — and sent back with it) and any cover PDFs; outputs are the files written. Every
digest is of the bytes the build used, never of a file read again when the outputs are written; paths are
shown relative to the project. Keys are sorted and no time is recorded, so the same build gives the same
manifest.

The manifest is computed in memory from the bytes the build is about to write (never by reading the
written files back), and written last (`output.replace_files`): when its digests match the files
beside it, the set is complete. `stale_outputs` is that check, for a build that finds a previous set.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from json import JSONDecodeError
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportpress import __version__, cache
from reportpress.files import read_regular
from reportpress.fonts import FontFace, discover_faces, find_face
from reportpress.layouts import builtin_layouts_dir

if TYPE_CHECKING:
    from reportpress.formats import Format

TOOLS = ("weasyprint", "python-docx", "pypdf", "fonttools", "markdown-it-py")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256(path: Path) -> str:
    return digest(path.read_bytes())


BUILTIN = "builtin:"  # how a file of a layout that ships with reportpress is named


def shown_path(path: Path, project: Path) -> str:
    """The path relative to the project when it is inside it, a built-in layout's file as
    `builtin:NAME/FILE` (not where reportpress is installed, a project's `.venv` included): manifests of
    two clones agree. A project file whose name starts `builtin:` is shown `./builtin:…`."""
    resolved = (project / path).resolve()
    builtin = builtin_layouts_dir().resolve()
    if resolved.is_relative_to(builtin):
        return BUILTIN + resolved.relative_to(builtin).as_posix()
    if resolved.is_relative_to(project.resolve()):
        shown = resolved.relative_to(project.resolve()).as_posix()
        return f"./{shown}" if shown.startswith(BUILTIN) else shown
    return str(path)


def listed_path(name: str, project: Path) -> Path:
    """The file a manifest names `name` (`shown_path`'s inverse)."""
    if name.startswith(BUILTIN):
        return builtin_layouts_dir() / name.removeprefix(BUILTIN)
    return project / name


_DIGEST = re.compile(r"[0-9a-f]{64}")
_font_digests: dict[str, str] = {}
_DIGEST_CACHE_LIMIT = 128  # a digest cache file: 64 hex digits


def font_sha256(path: Path) -> str:
    """The SHA-256 of a font file, computed once per version of the file (path, size, modification time)
    and kept in this process and in the cache folder (`reportpress.cache`, kind `digests`): a CJK face is
    20–30 MB, and hashing the five a report embeds took 0.1 s of every build.

    The manifest states a cached digest as it stands, so it is only as good as the cache folder: one only
    the user can write is trusted like the user's own files (as the fonts in it are); any other is not
    used (`reportpress.cache`), and the file is hashed."""
    stat = path.stat()
    key = digest(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())[:32]
    if key in _font_digests:
        return _font_digests[key]
    found = cache.load("digests", key, limit=_DIGEST_CACHE_LIMIT)
    text = found.decode("ascii", "replace").strip() if found is not None else ""
    if not _DIGEST.fullmatch(text):  # none yet, or not what this function writes: hash the file
        text = sha256(path)
        cache.store("digests", key, text.encode("ascii"), limit=_DIGEST_CACHE_LIMIT)
    _font_digests[key] = text
    return text


def entry(path: Path, data: bytes, project: Path) -> dict[str, str]:
    """A manifest entry for `path`, with the digest of `data`, the bytes the build used."""
    return {"path": shown_path(path, project), "sha256": digest(data)}


def embedded_font_names(pdf: bytes) -> list[str]:
    """The base names of the fonts embedded in `pdf`, without subset prefixes (`Noto-Serif-CJK-SC-Bold`):
    what `write_pdf` recorded when this process made it, else read from the file."""
    from reportpress.writers.pdf import written_fonts

    known = written_fonts(pdf)
    if known is not None:
        return [name for name in known if name]
    import pypdf  # loaded only for a PDF this process did not write (a designer's cover merged in)

    # the PDF holds a cover's pages: every object is read as what it may be, a non-dictionary as empty
    reader = pypdf.PdfReader(BytesIO(pdf))
    names: set[str] = set()
    for page in reader.pages:
        for font in _dictionary_values(_dictionary_at(_dictionary_at(page, "/Resources"), "/Font")):
            base = _dictionary_at(font, None).get("/BaseFont", "")
            names.add(re.sub(r"^/?[A-Z]{6}\+", "", str(base)).lstrip("/"))
    return sorted(name for name in names if name)


def _dictionary_at(holder: object, key: str | None) -> Mapping[str, object]:
    """`holder[key]` (or `holder` itself, key None) resolved, when it is a dictionary; else an empty one:
    a reference to a missing object reads as null."""
    from pypdf.generic import DictionaryObject, PdfObject

    value = holder.get(key) if key is not None and isinstance(holder, Mapping) else holder
    if isinstance(value, PdfObject):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else {}


def _dictionary_values(dictionary: Mapping[str, object]) -> list[Mapping[str, object]]:
    return [_dictionary_at(value, None) for value in dictionary.values()]


STYLE_WEIGHTS = {"thin": 100, "extralight": 200, "light": 300, "regular": 400, "medium": 500,
                 "semibold": 600, "bold": 700, "extrabold": 800, "black": 900, "heavy": 900}


def font_file(base_name: str, faces: Sequence[FontFace]) -> str | None:
    """The file of a font WeasyPrint named `Family-Words-Style` (its Pango description, dashed)."""
    words = base_name.replace("-", " ").split()
    for split in range(len(words), 0, -1):
        style = "".join(words[split:]).lower()
        if style and style not in STYLE_WEIGHTS:
            continue
        face = find_face(" ".join(words[:split]), STYLE_WEIGHTS.get(style, 400), faces)
        if face is not None:
            return str(face.path)
    return None


@dataclass(frozen=True, slots=True)
class FontUse:
    """A font embedded in a PDF: its base name, its file and the file's SHA-256 (None: no file found).

    `file` is relative to the project's `fonts/` when `in_project` (the build may have run where that
    folder has another name), else the path of the file where the build ran (a system font)."""

    name: str
    file: str | None
    sha256: str | None
    in_project: bool = False


def fonts_used(pdf: bytes, dirs: Sequence[Path], project_fonts: Path | None) -> tuple[FontUse, ...]:
    """The fonts embedded in `pdf`, found among the faces of `dirs` (`fonts.fonts_dirs` of the build);
    those below `project_fonts` named relative to it. Called where the PDF was made."""
    faces = discover_faces(dirs)
    own = project_fonts.resolve() if project_fonts is not None else None
    found = []
    for name in embedded_font_names(pdf):
        file = font_file(name, faces)
        if file is None:
            found.append(FontUse(name, None, None))
            continue
        path = Path(file).resolve()
        if own is not None and path.is_relative_to(own):
            found.append(FontUse(name, path.relative_to(own).as_posix(), font_sha256(path), in_project=True))
        else:
            found.append(FontUse(name, file, font_sha256(Path(file))))
    return tuple(found)


def _tool_versions() -> dict[str, str]:
    versions = {"reportpress": __version__}
    for tool in TOOLS:
        try:
            versions[tool] = version(tool)
        except PackageNotFoundError:
            versions[tool] = "not installed"
    return versions


def manifest_bytes(*, project: Path, source: Path, source_data: bytes, layout_folder: Path,
                   layout_files: Iterable[tuple[str, bytes]], covers: Iterable[tuple[Path, bytes]],
                   outputs: Mapping[Format, tuple[Path, bytes]], fonts: Sequence[FontUse] | None) -> bytes:
    """The manifest of a build whose `outputs` (format → path, bytes) are not written yet.

    `layout_files` are the layout's files the build used (relative path, bytes), `fonts` the fonts its PDF
    embeds (None: no PDF made); paths are shown relative to `project`.
    """
    inputs: dict[str, object] = {
        "source": entry(source, source_data, project),
        "layout": [entry(layout_folder / name, data, project) for name, data in sorted(layout_files)],
        "covers": [entry(path, data, project) for path, data in covers],
    }
    if fonts is not None:
        inputs["fonts"] = [{"name": font.name, "sha256": font.sha256,
                            "file": shown_path(project / "fonts" / font.file, project)
                            if font.in_project and font.file else font.file} for font in fonts]
    manifest = {
        "inputs": inputs,
        "outputs": {fmt: entry(path, data, project) for fmt, (path, data) in sorted(outputs.items())},
        "tools": _tool_versions(),
    }
    # backslashreplace: a path outside the project (a system font, `--layout PATH`) may hold bytes that are
    # not UTF-8; each is written as the JSON escape of its surrogate (`"\\udcff"`), which reads back as it
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return text.encode("utf-8", "backslashreplace")


# An output folder is the user's, but what lies in it may not be what a build wrote: the files a stale-
# manifest check reads are opened without following links, only when regular, and read in bounded chunks
OUTPUT_READ_MAX = 1024 * 1024 * 1024
MANIFEST_READ_MAX = 16 * 1024 * 1024
_CHUNK = 1024 * 1024


@contextlib.contextmanager
def _open_regular(path: Path) -> Iterator[BinaryIO]:
    """`path` opened for reading when it is a regular file, not a link, FIFO or device; else OSError."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        yield file


def _output_sha256(path: Path, limit: int = OUTPUT_READ_MAX) -> str:
    """The SHA-256 of the regular file `path`, read in chunks; OSError when it is no such file or too big."""
    hasher, read = hashlib.sha256(), 0
    with _open_regular(path) as file:
        while chunk := file.read(_CHUNK):
            read += len(chunk)
            if read > limit:
                raise OSError(f"{path}: over {limit} bytes")
            hasher.update(chunk)
    return hasher.hexdigest()


def stale_outputs(manifest: Path) -> list[str]:
    """The outputs an existing `manifest` lists whose files (beside it) no longer match it.

    Empty when there is no manifest or it matches; `["NAME.manifest.json"]` when it cannot be read.
    """
    try:
        data = json.loads(read_regular(manifest, MANIFEST_READ_MAX, follow_links=False))
        listed = {Path(item["path"]).name: item["sha256"] for item in data["outputs"].values()}
    except FileNotFoundError:
        return []
    except (OSError, JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, AttributeError,
            RecursionError):  # RecursionError: `[[[[…` 100,000 deep (json recurses once per level)
        return [manifest.name]
    stale = []
    for name, expected in sorted(listed.items()):
        try:
            matches = _output_sha256(manifest.parent / name) == expected
        except OSError:
            matches = False
        if not matches:
            stale.append(name)
    return stale
