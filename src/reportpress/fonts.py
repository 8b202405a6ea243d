"""Fonts: where a build finds them, which file serves each role, and whether they cover the text.

In: a layout's fontset (`[fonts]`: role → family list, DESIGN §6) and a document. Out:

- `fonts_dirs()`: the font folders a build may read — the project's `fonts/`, then the ones shipped
  with reportpress;
- `discover_faces()`: every font face, those in the font folders first (read with fontTools), then the
  system's (listed by fontconfig's `fc-list`, which is what Pango will pick from);
- `resolve_fontset()`: for each role, the faces its families name, in order, nearest the role's weight;
- `check_coverage()`: every character of the document checked against its role's faces with fontTools
  (cmaps cached on disk by `reportpress.cache`, keyed by file, size and mtime). A character no face of
  its role covers — or a Chinese character or mark whose first covering face is Latin-only — raises
  `FontCoverageError` with the characters and their source lines: no tofu, and no CJK drawn by a Latin font, ever.
- `font_face_css()`: `@font-face` rules for the fonts in the font folders, so WeasyPrint uses them
  before any system font of the same family.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from reportpress import cache
from reportpress.css import css_string
from reportpress.errors import FontCoverageError, shown_path
from reportpress.files import TooDeep, walk_entries
from reportpress.layouts import ROLES, Layout, Role
from reportpress.logcollect import library_records
from reportpress.model import Document, SourcePos
from reportpress.resources import MAX_RESOURCE_BYTES

logger = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
MAX_FONT_BYTES = MAX_RESOURCE_BYTES  # a font of the project is embedded like a cover PDF: the same bound
MAX_COLLECTION_FACES = 64  # a CJK collection holds a few weights; a header claiming 10^6 is an attack
# The project's fonts together: a build holds them in memory and copies them to each worker. Ten CJK
# collections are 300–600 MB; thirty names hard-linked to one 60 MB file (a sparse one: no disk) took 2 GB.
MAX_PROJECT_FONT_BYTES = 1024 * 1024 * 1024
SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                    Path.home() / ".fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                    Path("C:/Windows/Fonts"))
# fontconfig weight → CSS weight (fontconfig.h FC_WEIGHT_*)
FC_WEIGHTS = ((0, 100), (40, 200), (50, 300), (80, 400), (100, 500), (180, 600), (200, 700), (205, 800),
               (210, 900))
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1), as inclusive ranges:
# characters a renderer draws as nothing when the font has no glyph for them (HarfBuzz puts an invisible
# glyph in their place), so they can never print as tofu and the coverage check skips them. Less the four
# Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the shorthand format controls (U+1BCA0–U+1BCA3),
# which HarfBuzz does draw as ordinary glyphs.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFF8), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def builtin_fonts_dirs() -> list[Path]:
    """The font folder shipped with reportpress (package data when installed, the repo's in a checkout)."""
    packaged = Path(__file__).parent / "_data" / "fonts"
    builtin = packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "fonts"
    return [builtin] if builtin.is_dir() else []


def fonts_dirs(project: Path) -> list[Path]:
    """Font folders a build may read: the project's `fonts/` (unless it is a link out of the project), then
    the ones shipped with reportpress."""
    own = project / "fonts"
    if own.is_dir() and not own.resolve().is_relative_to(project.resolve()):
        logger.warning("%s: not used: it is a link to %s, outside the project (copy the fonts into it)",
                       own, own.resolve())
        return builtin_fonts_dirs()
    dirs = [own, *builtin_fonts_dirs()]
    return [folder for index, folder in enumerate(dirs)
            if folder.is_dir() and folder.resolve() not in [d.resolve() for d in dirs[:index]]]


# ------------------------------------------------------------------------------------------ discovery


@dataclass(frozen=True, slots=True)
class FontFace:
    """One face of a font file (a collection holds several, told apart by `index`)."""

    path: Path
    index: int
    families: tuple[str, ...]  # every name the face answers to, localized ones included (仿宋_GB2312)
    weight: int  # CSS weight
    origin: Literal["project", "system"]

    def __str__(self) -> str:
        return f"{shown_path(self.path)}#{self.index}" if self.index else shown_path(self.path)


def discover_faces(dirs: Sequence[Path] = ()) -> tuple[FontFace, ...]:
    """The faces in `dirs` (in that order), then the system's."""
    found: list[FontFace] = []
    for folder in dirs:
        found.extend(_folder_faces(folder.resolve()))
    return (*found, *system_faces())


def _folder_faces(folder: Path, origin: Literal["project", "system"] = "project") -> list[FontFace]:
    """The faces of the font files in `folder`, a resolved path.

    A font folder of the project is a confinement: a file in it that is a symlink to a file outside it is
    not read (a hostile project could otherwise embed any font file the user can read), and is named in a
    warning. The faces' paths are the files' real paths, so that swapping a link after this check changes
    nothing. The system's folders are trusted as they are. The project's fonts are read (and a build copies
    them) whole: past MAX_PROJECT_FONT_BYTES together, in name order, the rest are not used, with a warning.
    """
    faces = []
    total = 0
    for path in sorted(walk_entries(folder, too_deep=_warn_too_deep)):
        if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():  # is_file: no FIFO, no device
            continue
        real = path.resolve()
        if origin == "project" and not utf8_path(real):
            # the manifest (JSON) names each embedded font's file, and a font's path keys its coverage cache
            if _first_warning(path):
                logger.warning("%s: not used: the file name is not UTF-8 text (rename the font)", path)
            continue
        if origin == "project" and not real.is_relative_to(folder):
            if not _quiet():
                logger.warning("%s: not used: it is a link to %s, outside %s (copy the font into the folder)",
                               path, real, folder)
            continue
        found = _file_faces(real, origin)
        if found and origin == "project":
            total += real.stat().st_size
            if total > MAX_PROJECT_FONT_BYTES:
                key = ("fonts together", str(folder))
                if key not in _warned and not _quiet():
                    _warned.add(key)
                    logger.warning("%s and the fonts after it: not used: the project's fonts together would pass "
                                   "%d MiB (keep in fonts/ only the fonts the layouts use)", path,
                                   MAX_PROJECT_FONT_BYTES // 2**20)
                break
        faces.extend(found)
    return faces


def project_font_files(folder: Path) -> set[Path]:
    """The real paths of the files in the project's font `folder` that a build uses (`_folder_faces`): fonts
    that read, inside the folder, within the limits — what a build copies to its workers, and no other."""
    return {face.path for face in _folder_faces(folder.resolve())}


def utf8_path(path: Path) -> bool:
    """Whether `path` is UTF-8 text (no byte of its name was decoded as a surrogate)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def system_faces() -> tuple[FontFace, ...]:
    """The system's faces, as fontconfig lists them (the fonts Pango falls back to); else a folder scan."""
    if shutil.which("fc-list"):
        try:
            listing = subprocess.run(["fc-list", "-f", "%{file}\t%{index}\t%{family}\t%{weight}\n"],
                                     capture_output=True, text=True, check=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        faces = [_fc_face(line) for line in listing.splitlines() if line.count("\t") == 3]
        if faces:
            return tuple(sorted(faces, key=lambda face: (str(face.path), face.index)))
    return tuple(face for folder in SYSTEM_FONT_DIRS if folder.is_dir() for face in _folder_faces(folder, "system"))


def _fc_face(line: str) -> FontFace:
    path, index, families, weight = line.split("\t")
    fc_weight = int(float(weight.split()[0].strip("[]") or 80)) if weight else 80
    css_weight = min(FC_WEIGHTS, key=lambda pair: abs(pair[0] - fc_weight))[1]
    return FontFace(path=Path(path), index=int(index or 0), families=tuple(families.split(",")),
                    weight=css_weight, origin="system")


def _file_faces(path: Path, origin: Literal["project", "system"]) -> list[FontFace]:
    """The faces of the font file `path`; none, with one warning naming it, when it is no font fontTools
    can read through — a project's fonts are untrusted, and a 12-byte collection header raised
    `struct.error`, a truncated OpenType file `TTLibError` when its cmap was read."""
    try:
        return _read_faces(path, origin)
    except Exception as exc:
        _warn_unreadable(path, exc)
        return []


def _read_faces(path: Path, origin: Literal["project", "system"]) -> list[FontFace]:
    """The faces of `path`; what fontTools logged about its tables while reading them is one warning
    naming the file (`_warn_damaged`) — a file that cannot be read at all is `_warn_unreadable`'s alone."""
    with library_records() as records:
        faces = _read_font_file(path, origin)
    if records:
        _warn_damaged(path, records)
    return faces


def _read_font_file(path: Path, origin: Literal["project", "system"]) -> list[FontFace]:
    from fontTools.ttLib import TTCollection, TTFont

    # opened here, not by fontTools, so that a file its constructor fails on is closed all the same
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_FONT_BYTES:
            raise ValueError(f"{size} bytes, over the {MAX_FONT_BYTES} a font file may have")
        _check_sfnt(file)
        if path.suffix.lower() in (".ttc", ".otc"):
            _check_face_count(file)
            fonts = list(TTCollection(file, lazy=True).fonts)
        else:
            fonts = [TTFont(file, lazy=True)]
        faces = []
        for index, font in enumerate(fonts):
            _check_tables(font, size)
            names = {record.toUnicode() for record in font["name"].names if record.nameID in (1, 16)}
            weight = font["OS/2"].usWeightClass if "OS/2" in font else 400
            faces.append(FontFace(path=path, index=index, families=tuple(sorted(names)), weight=weight,
                                  origin=origin))
    return faces


# The first four bytes of a font file fontTools reads without inflating anything: TrueType, CFF-flavoured
# OpenType, Apple's `true`, a collection of those (`ttcf`: fontTools refuses a web font inside one).
SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
WEB_FONTS = {b"wOFF": "WOFF", b"wOF2": "WOFF2"}


def _check_sfnt(file: BinaryIO) -> None:
    """A ValueError unless `file` is a plain font file (sfnt) or a collection of them.

    fontTools reads a file by what its first bytes say, whatever its name: a WOFF or WOFF2 font named
    `.ttf` was inflated into memory whole when its tables were read — a 2 MB file whose name table is a
    zlib stream of 2 GiB took 34 s and 4.2 GB; WOFF2 brotli-decompresses every table at once. Web fonts
    are for browsers: a font folder holds the fonts they were made from.
    """
    magic = file.read(4)
    file.seek(0)
    if magic in WEB_FONTS:
        raise ValueError(f"it is a compressed web font ({WEB_FONTS[magic]}), which reportpress does not "
                         "inflate; use the .ttf/.otf it was made from")
    if magic not in SFNT_VERSIONS:
        raise ValueError("it does not start as a TrueType or OpenType file")


def _check_face_count(file: BinaryIO) -> None:
    """A ValueError when the collection's header claims more than MAX_COLLECTION_FACES faces: fontTools
    makes an object per face the header claims, so 10^6 of them kept `check` busy for minutes."""
    header = file.read(12)
    file.seek(0)
    if len(header) == 12 and header[:4] == b"ttcf":
        count = int.from_bytes(header[8:12], "big")
        if count > MAX_COLLECTION_FACES:
            raise ValueError(f"its header claims {count} faces, over the {MAX_COLLECTION_FACES} a "
                             "collection may have")


def _check_tables(font: object, size: int) -> None:
    """Every table of `font` inside its file of `size` bytes, and a cmap among them: what `coverage` and
    Pango read later (the name table at the start of a file cut short reads well; its cmap does not)."""
    tables = getattr(getattr(font, "reader", None), "tables", {})
    for tag, entry in tables.items():
        if entry.offset + entry.length > size:
            raise ValueError(f"its {tag.strip()} table ends past the end of the file (the file is cut short)")
    if "cmap" not in tables:
        raise ValueError("it has no cmap table")


_warned: set[tuple[str, str]] = set()
# a folder of thousands of broken files is a handful of warnings, not thousands of lines
MAX_FONT_WARNINGS = 20


_said_by_client = threading.local()


@contextlib.contextmanager
def warned_by_client() -> Iterator[None]:
    """While in the block, this thread gives no warning about a font file or folder: a batch worker's are
    a copy of the project's `fonts/` under a temporary name, which the client warned about once, naming
    the project's path, when it prepared the Job (`job.prepare` reads every font file of the project and
    checks the coverage a render needs, on the same machine's system fonts for a local pool). Each
    worker warned again, naming its copy: `-j 2` gave the user the same warning three times."""
    was = getattr(_said_by_client, "active", False)
    _said_by_client.active = True
    try:
        yield
    finally:
        _said_by_client.active = was


def _quiet() -> bool:
    return bool(getattr(_said_by_client, "active", False))


def _warn_too_deep(deep: TooDeep) -> None:
    """One warning per font folder nested too deep to be looked into (its fonts are not used)."""
    key = ("too deep", str(deep.folder))
    if key not in _warned and not _quiet():
        _warned.add(key)
        logger.warning("%s: not used: more than %d folders deep inside the font folder; move its fonts "
                       "nearer the top of fonts/", deep.folder, deep.depth)


def _warn_unreadable(path: Path, exc: BaseException) -> None:
    """One warning per unreadable font file, however many times the fonts are looked up — its name and
    bytes are the key, not its path, so a build's copy of the project's `fonts/` (`job.py`) is not
    warned about again in the same process."""
    if _first_warning(path):
        reason = str(exc)[:120] or type(exc).__name__
        logger.warning("%s: not used: not a font file that can be read (%s); replace it with a complete "
                       ".ttf/.otf/.ttc file, or remove it", path, reason)


def _warn_damaged(path: Path, records: Sequence[logging.LogRecord]) -> None:
    """One warning for a font file that reads, but of whose tables fontTools complained (`too much 'OS/2'
    table data`): its lines reached stderr bare, naming no file. Said once per file, as `_warn_unreadable`."""
    if _first_warning(path):
        said = "; ".join(dict.fromkeys(record.getMessage() for record in records))
        logger.warning("%s: a table of this font is damaged (fontTools: %s); it is used as it reads: if its "
                       "text prints wrong, replace it with a complete .ttf/.otf/.ttc file", path, said[:200])


def _first_warning(path: Path) -> bool:
    """Whether to warn about the font file `path` now: not said already in this process (its name and
    bytes are the key), not a worker's copy (`warned_by_client`), and within `MAX_FONT_WARNINGS` — past it,
    one warning that there are more."""
    if _quiet():
        return False
    try:
        key = (path.name, _digest(path))
    except OSError:
        key = (path.name, str(path))
    if key in _warned:
        return False
    _warned.add(key)
    listed = len(_warned)  # font warnings of this process so far, this one included
    if listed > MAX_FONT_WARNINGS:
        if listed == MAX_FONT_WARNINGS + 1:
            logger.warning("%s: more font files that cannot be read: only the first %d are listed; check the "
                           "font folder", path.parent, MAX_FONT_WARNINGS)
        return False
    return True


def _digest(path: Path) -> str:
    """The file's SHA-256, read in chunks; for a file over MAX_FONT_BYTES (never read) its size instead."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_FONT_BYTES:
            return f"{size} bytes"
        return hashlib.file_digest(file, "sha256").hexdigest()


# ------------------------------------------------------------------------------------------- fontsets


@dataclass(frozen=True, slots=True)
class RoleFonts:
    """The font stack of one role: each family the layout names, and the face that answers it (or None)."""

    role: Role
    weight: int
    families: tuple[tuple[str, FontFace | None], ...]

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return tuple(face for _, face in self.families if face is not None)


def find_face(family: str, weight: int, faces: Iterable[FontFace]) -> FontFace | None:
    """The face of `family` nearest `weight`; the font folders win over the system at equal distance."""
    wanted = family.casefold()
    return _nearest([face for face in faces if any(name.casefold() == wanted for name in face.families)], weight)


def _nearest(matches: Sequence[FontFace], weight: int) -> FontFace | None:
    if not matches:
        return None
    return min(matches, key=lambda face: (abs(face.weight - weight), face.origin != "project", face.weight))


def _faces_by_family(faces: Iterable[FontFace]) -> dict[str, list[FontFace]]:
    """The faces under each of their family names, casefolded, in the order of `faces`."""
    by_family: dict[str, list[FontFace]] = {}
    for face in faces:
        for name in dict.fromkeys(name.casefold() for name in face.families):
            by_family.setdefault(name, []).append(face)
    return by_family


def resolve_fontset(layout: Layout, faces: Sequence[FontFace]) -> dict[Role, RoleFonts]:
    """Each role's font stack, resolved against `faces` (`find_face` for each family, the faces indexed
    by family once: a system has hundreds of faces and a layout names some 80 families)."""
    by_family = _faces_by_family(faces)
    return {role: RoleFonts(role=role, weight=layout.weights[role],
                            families=tuple((family, _nearest(by_family.get(family.casefold(), []),
                                                             layout.weights[role]))
                                           for family in layout.fonts[role]))
            for role in ROLES}


# ------------------------------------------------------------------------------------------- coverage


@dataclass(frozen=True, slots=True)
class Coverage:
    """The code points a face maps, as sorted inclusive ranges."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        position = bisect.bisect_right(self.starts, code) - 1
        return position >= 0 and code <= self.ends[position]

    @classmethod
    def from_codes(cls, codes: Iterable[int]) -> Coverage:
        starts: list[int] = []
        ends: list[int] = []
        for code in sorted(codes):
            if ends and code == ends[-1] + 1:
                ends[-1] = code
            else:
                starts.append(code)
                ends.append(code)
        return cls(tuple(starts), tuple(ends))


DRAWS_NOTHING = Coverage(tuple(start for start, _ in _DEFAULT_IGNORABLE), tuple(end for _, end in _DEFAULT_IGNORABLE))


# The largest cmap cache file read back: a CJK face's is about 70 KB (some 4,000 ranges); a face with
# every other code point of Unicode mapped, the worst case a font can make, would need far more.
CMAP_CACHE_LIMIT = 4 * 1024 * 1024


@functools.cache
def coverage(path: Path, index: int) -> Coverage:
    """The cmap of face `index` of `path`, read with fontTools once and then from the disk cache
    (`reportpress.cache`, kind `cmaps`)."""
    stat = path.stat()
    # os.fsencode: a system font's name may hold bytes that are not UTF-8
    key = hashlib.sha256(os.fsencode(f"{path.resolve()}|{index}|{stat.st_size}|{stat.st_mtime_ns}")).hexdigest()[:32]
    name = f"{key}.json"
    found = _read_cached(name)
    if found is not None:
        return found
    from fontTools.ttLib import TTFont

    try:
        # opened and checked here, as discovery did (`_check_sfnt`): the file may have changed since
        with library_records() as records, path.open("rb") as file:
            _check_sfnt(file)
            with TTFont(file, fontNumber=index, lazy=True) as font:
                result = Coverage.from_codes((font.getBestCmap() or {}).keys())
    except Exception as exc:
        _warn_unreadable(path, exc)
        return Coverage((), ())
    if records:
        _warn_damaged(path, records)
    cache.store_json("cmaps", name, list(zip(result.starts, result.ends, strict=True)), limit=CMAP_CACHE_LIMIT)
    return result


def _read_cached(name: str) -> Coverage | None:
    """The cmap cached as `name`, or None when there is none or it is not what `coverage` writes.

    Anything else in the file — garbage, JSON of the wrong shape or types, ranges out of order or beyond
    U+10FFFF — counts as no cache: the cmap is read from the font again and the file rewritten.
    """
    found = cache.load_json("cmaps", name, limit=CMAP_CACHE_LIMIT)
    if found is None:
        return None
    (ranges,) = found
    if not isinstance(ranges, list) or not all(type(pair) is list and len(pair) == 2 for pair in ranges):
        return None
    # checked a column at a time (each cold build reads seven of these, some 4,000 ranges each)
    starts, ends = tuple(pair[0] for pair in ranges), tuple(pair[1] for pair in ranges)
    if not all(type(code) is int for code in (*starts, *ends)):  # `type`: a bool is an int too
        return None
    return Coverage(starts, ends) if _ordered(starts, ends) else None


def _ordered(starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:
    """Whether the ranges `starts[i]`–`ends[i]` each run forwards, each after the one before, within
    U+0000–U+10FFFF (in order, the first start and the last end bound them all)."""
    forwards = all(start <= end for start, end in zip(starts, ends, strict=True))
    apart = all(end < start for end, start in zip(ends[:-1], starts[1:], strict=True))
    return forwards and apart and (not starts or (starts[0] >= 0 and ends[-1] <= 0x10FFFF))


def is_cjk_face(face: FontFace) -> bool:
    """A face that draws Chinese (covers 一 and 。), as opposed to a Latin-only one."""
    cmap = coverage(face.path, face.index)
    return 0x4E00 in cmap and 0x3002 in cmap


def _needs_cjk_face(char: str) -> bool:
    from reportpress.typeset.chars import is_wide

    return is_wide(char) or char in "“”‘’—…·"


@dataclass(frozen=True, slots=True)
class Missing:
    """A character of `role` that no face of its stack may draw, and where the source uses it."""

    char: str
    role: Role
    places: tuple[SourcePos, ...]
    reason: str = "no font covers it"

    def __str__(self) -> str:
        lines = ", ".join(sorted({str(place.line) for place in self.places}, key=int)[:12])
        path = self.places[0].path if self.places else ""
        return f"{path}:{lines}: {self.reason}: {self.char!r} (U+{ord(self.char):04X}), role {self.role}"


@dataclass(frozen=True, slots=True)
class FontReport:
    """What `reportpress fonts` shows: each role's stack, the face serving it, and what is missing."""

    fontset: Mapping[Role, RoleFonts]
    used_roles: tuple[Role, ...]
    missing: tuple[Missing, ...] = field(default_factory=tuple)


def check_text_coverage(texts: Mapping[Role, Mapping[str, Sequence[SourcePos]]],
                        fontset: Mapping[Role, RoleFonts]) -> tuple[Missing, ...]:
    """Every character of each role's text against the role's faces."""
    missing: list[Missing] = []
    for role, chars in texts.items():
        faces = fontset[role].faces
        for char, places in sorted(chars.items()):
            code = ord(char)
            if code in DRAWS_NOTHING:
                continue
            serving = next((face for face in faces if code in coverage(face.path, face.index)), None)
            if serving is None:
                names = ", ".join(family for family, _ in fontset[role].families)
                reason = "no font covers it" if faces else f"none of the fonts is installed ({names})"
                missing.append(Missing(char=char, role=role, places=tuple(places), reason=reason))
            elif _needs_cjk_face(char) and not is_cjk_face(serving):
                missing.append(Missing(char=char, role=role, places=tuple(places),
                                       reason=f"only the Latin font {serving.families[0]} covers it"))
    return tuple(missing)


def font_report(texts: Mapping[Role, Mapping[str, Sequence[SourcePos]]], layout: Layout,
                dirs: Sequence[Path] = ()) -> FontReport:
    """Resolve the layout's fontset and check `texts` (role → character → places) against it."""
    fontset = resolve_fontset(layout, discover_faces(dirs))
    return FontReport(fontset=fontset, used_roles=tuple(role for role in ROLES if texts.get(role)),
                      missing=check_text_coverage(texts, fontset))


def raise_missing(missing: Sequence[Missing]) -> None:
    """Stop with a FontCoverageError listing every missing character, if there is any."""
    if missing:
        raise FontCoverageError("characters no font of their role can draw (they would print as tofu):\n"
                                + "\n".join(f"  {item}" for item in missing)
                                + "\nInstall a font that covers them, drop one into fonts/, or add it to the "
                                  "layout's [fonts].")


def font_face_css(dirs: Sequence[Path]) -> str:
    """`@font-face` rules for the faces in the font folders (first face of a collection only)."""
    rules = []
    for folder in dirs:
        for face in _folder_faces(folder.resolve()):
            if face.index:
                continue  # CSS cannot name a face inside a collection; fontconfig still sees the file
            for family in face.families:
                # a font's name table is as untrusted as a source: it reaches CSS only through css_string
                rules.append(f'@font-face {{ font-family: {css_string(family)}; src: url("{face.path.as_uri()}"); '
                             f"font-weight: {face.weight}; }}")
    return "\n".join(rules)


def check_fonts(document: Document, layout: Layout, project: Path) -> FontReport:
    """The font report of `document` in `layout`: stacks, serving faces, missing characters."""
    from reportpress.typeset.roles import role_texts

    return font_report(role_texts(document, layout), layout, fonts_dirs(project))


def check_coverage(document: Document, layout: Layout, project: Path) -> FontReport:
    """`check_fonts`, stopping with a FontCoverageError when a character has no font."""
    report = check_fonts(document, layout, project)
    raise_missing(report.missing)
    return report
