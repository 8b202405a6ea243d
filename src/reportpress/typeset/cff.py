"""A CID-keyed CFF font program's charset set to the identity (glyph N is CID N), in place.

In: an OpenType font file with a `CFF ` table (what HarfBuzz's subsetter makes of a CJK face). Out: the
same file with, when its CFF is CID-keyed, the charset rewritten so that every glyph's CID is its glyph
index, the table's checksum and `head.checkSumAdjustment` made right again; None when the file is not
one this reads (then nothing may rely on the identity).

Why: a PDF shows a CIDFontType0 font's glyphs by code, and readers disagree on what a code names in an
OpenType-wrapped CID-keyed CFF: poppler takes it as the glyph index, Ghostscript maps it as a CID through
the charset (ISO 32000-1 §9.7.4.2). A subset that keeps only the used glyphs, renumbered 0, 1, 2 …
(`weasy.compact_glyph_ids`), keeps their original CIDs in its charset; with the identity charset both
readings name the same glyph. WeasyPrint avoids the question by keeping every glyph index of the face
(empty glyphs up to the last one used): a CJK subset of 40 glyphs then holds 44,000 empty ones.

The CFF structures read (Adobe TN 5176): the header, the Name and Top DICT INDEXes, the Top DICT's
operands of `ROS` (12 30), `charset` (15) and `CharStrings` (17), the CharStrings INDEX's count and the
old charset's length. The identity charset is written where the old one was, never longer than it: a
range (format 1 for up to 257 glyphs, format 2 beyond) is 4 or 5 bytes, and any charset of two or more
glyphs that is not already one range is at least as long (format 0, a CID a glyph, is matched by an
identity in format 0); bytes the old one leaves over are unused.
"""

from __future__ import annotations

import struct

_HEAD_MAGIC = 0xB1B0AFBA  # OpenType: checkSumAdjustment = this − the whole file's checksum
_ROS = (12, 30)
_CHARSET = 15
_CHARSTRINGS = 17


class _Malformed(Exception):
    """The file is not laid out as this module reads it."""


def identity_charset(font: bytes) -> bytes | None:
    """`font` (OpenType) with its CID-keyed CFF's charset the identity; unchanged when the CFF is not
    CID-keyed (glyph names, no CIDs: a PDF reader takes codes as glyph indexes); None when unreadable."""
    try:
        tables = _tables(font)
        if "CFF " not in tables:
            return None
        offset, length = tables["CFF "]
        cff = font[offset:offset + length]
        patched = _identity_cff(cff)
    except (_Malformed, struct.error, IndexError):
        return None
    if patched is None:
        return font
    data = bytearray(font)
    data[offset:offset + length] = patched
    _set_checksums(data, "CFF ")
    return bytes(data)


def cid_keyed(font: bytes) -> bool | None:
    """Whether the CFF of `font` (OpenType) is CID-keyed (has a `ROS`); None when it has no readable CFF."""
    try:
        tables = _tables(font)
        if "CFF " not in tables:
            return None
        offset, length = tables["CFF "]
        return _ROS in _top_dict(memoryview(font)[offset:offset + length])
    except (_Malformed, struct.error, IndexError, ValueError):
        return None


def glyph_cids(font: bytes) -> list[int] | None:
    """The CID of each glyph of the CID-keyed CFF in `font` (OpenType), by glyph index; None when it has
    none (glyph names, TrueType) or is unreadable."""
    try:
        tables = _tables(font)
    except (_Malformed, struct.error):
        return None
    if "CFF " not in tables:
        return None
    offset, length = tables["CFF "]
    return table_cids(memoryview(font)[offset:offset + length])


def table_cids(cff: bytes | memoryview) -> list[int] | None:
    """The CID of each glyph of the CFF table `cff`, by glyph index; None when it is not CID-keyed or is
    unreadable. Reads the Top DICT and the charset only (a face's 16 MB table can be read in place)."""
    try:
        top = _top_dict(cff)
        if _ROS not in top:
            return None
        glyphs = _index_count(cff, int(top[_CHARSTRINGS][0]))
        return [0, *_charset_cids(cff, int(top[_CHARSET][0]), glyphs)] if glyphs else []
    except (_Malformed, struct.error, IndexError, KeyError, ValueError):
        return None


def glyph_count(font: bytes) -> int | None:
    """The glyphs of an OpenType font: its CFF's CharStrings, else `maxp`; None when unreadable."""
    try:
        tables = _tables(font)
        if "CFF " in tables:
            offset, length = tables["CFF "]
            cff = font[offset:offset + length]
            return _index_count(cff, int(_top_dict(cff)[_CHARSTRINGS][0]))
        offset, _ = tables["maxp"]
        (count,) = struct.unpack_from(">H", font, offset + 4)
        return int(count)
    except (_Malformed, struct.error, IndexError, KeyError):
        return None


# ------------------------------------------------------------------------------------------ OpenType


def _tables(font: bytes) -> dict[str, tuple[int, int]]:
    """The table directory: (offset, length) by tag."""
    if font[:4] not in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
        raise _Malformed("not an OpenType font")
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        if offset + length > len(font):
            raise _Malformed("a table runs past the file's end")
        tables[tag.decode("latin-1")] = (offset, length)
    return tables


def _checksum(data: bytes | bytearray) -> int:
    padded = bytes(data) + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _set_checksums(font: bytearray, tag: str) -> None:
    """The directory checksum of table `tag`, then `head.checkSumAdjustment`, computed again."""
    (count,) = struct.unpack_from(">H", font, 4)
    records = {struct.unpack_from(">4s", font, 12 + 16 * i)[0].decode("latin-1"): 12 + 16 * i for i in range(count)}
    _, _, offset, length = struct.unpack_from(">4sIII", font, records[tag])
    struct.pack_into(">I", font, records[tag] + 4, _checksum(font[offset:offset + length]))
    if "head" in records:
        _, _, head, _ = struct.unpack_from(">4sIII", font, records["head"])
        struct.pack_into(">I", font, head + 8, 0)
        struct.pack_into(">I", font, head + 8, (_HEAD_MAGIC - _checksum(font)) & 0xFFFFFFFF)


# ------------------------------------------------------------------------------------------ CFF


def _identity_cff(cff: bytes) -> bytes | None:
    """The CFF table with an identity charset; None when it is not CID-keyed (nothing to do)."""
    top = _top_dict(cff)
    if _ROS not in top:
        return None
    if _CHARSET not in top or _CHARSTRINGS not in top:
        raise _Malformed("a CID-keyed CFF without charset or CharStrings")
    charset = int(top[_CHARSET][0])
    glyphs = _index_count(cff, int(top[_CHARSTRINGS][0]))
    if glyphs < 2:
        return cff
    if charset < 3:  # 0–2 name the predefined charsets, which a CID-keyed font cannot have
        raise _Malformed("a CID-keyed CFF with a predefined charset")
    old = _charset_length(cff, charset, glyphs)
    new = next((form for form in _identity_forms(glyphs) if len(form) <= old), None)
    if new is None:
        raise _Malformed("no room for the identity charset")
    return cff[:charset] + new + cff[charset + len(new):]


def _identity_forms(glyphs: int) -> list[bytes]:
    """The identity charset of `glyphs` glyphs in each format that can hold it, shortest first: one range
    (glyphs 1 … glyphs−1 are CIDs 1 … glyphs−1) or, format 0, each CID."""
    left = glyphs - 2
    forms = [struct.pack(">B", 0) + b"".join(struct.pack(">H", cid) for cid in range(1, glyphs)),
             struct.pack(">BHH", 2, 1, left)]
    if left <= 0xFF:
        forms.append(struct.pack(">BHB", 1, 1, left))
    return sorted(forms, key=len)


def _top_dict(cff: bytes | memoryview) -> dict[int | tuple[int, int], list[float]]:
    """The operands of each operator of the (first) Top DICT."""
    header_size = cff[2]
    after_names = _index_end(cff, header_size)
    (count,) = struct.unpack_from(">H", cff, after_names)
    if count < 1:
        raise _Malformed("no Top DICT")
    start, end = _index_item(cff, after_names, 0)
    return _dict(cff[start:end])


def _index_count(cff: bytes | memoryview, at: int) -> int:
    (count,) = struct.unpack_from(">H", cff, at)
    return int(count)


def _index_offsets(cff: bytes | memoryview, at: int) -> tuple[int, int, int]:
    """(count, offSize, where the data starts − 1) of the INDEX at `at`."""
    (count,) = struct.unpack_from(">H", cff, at)
    if count == 0:
        return 0, 0, at + 2
    size = cff[at + 2]
    if not 1 <= size <= 4:
        raise _Malformed("an INDEX offSize out of range")
    return count, size, at + 3 + (count + 1) * size - 1


def _offset(cff: bytes | memoryview, at: int, size: int) -> int:
    return int.from_bytes(cff[at:at + size], "big")


def _index_item(cff: bytes | memoryview, at: int, item: int) -> tuple[int, int]:
    count, size, base = _index_offsets(cff, at)
    if item >= count:
        raise _Malformed("an INDEX item out of range")
    first = at + 3 + item * size
    return base + _offset(cff, first, size), base + _offset(cff, first + size, size)


def _index_end(cff: bytes | memoryview, at: int) -> int:
    count, size, base = _index_offsets(cff, at)
    if count == 0:
        return at + 2
    return base + _offset(cff, at + 3 + count * size, size)


def _dict(data: bytes | memoryview) -> dict[int | tuple[int, int], list[float]]:
    """A CFF DICT: operator → operands (TN 5176 §4, table 3)."""
    entries: dict[int | tuple[int, int], list[float]] = {}
    operands: list[float] = []
    at = 0
    while at < len(data):
        b0 = data[at]
        if b0 <= 21:  # an operator
            key: int | tuple[int, int] = (12, data[at + 1]) if b0 == 12 else b0
            at += 2 if b0 == 12 else 1
            entries[key], operands = operands, []
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, at + 1)[0])
            at += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, at + 1)[0])
            at += 5
        elif b0 == 30:  # a real: nibbles to 0xf; its value is not needed here
            at += 1
            while at < len(data) and (data[at] & 0x0F) != 0x0F and (data[at] >> 4) != 0x0F:
                at += 1
            at += 1
            operands.append(0.0)
        elif 32 <= b0 <= 246:
            operands.append(b0 - 139)
            at += 1
        elif 247 <= b0 <= 250:
            operands.append((b0 - 247) * 256 + data[at + 1] + 108)
            at += 2
        elif 251 <= b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[at + 1] - 108)
            at += 2
        else:
            raise _Malformed(f"a reserved DICT byte {b0}")
    return entries


def _charset_length(cff: bytes | memoryview, at: int, glyphs: int) -> int:
    """The bytes of the charset at `at` of a font of `glyphs` glyphs (.notdef has no entry)."""
    form = cff[at]
    if form == 0:
        return 1 + 2 * (glyphs - 1)
    if form not in (1, 2):
        raise _Malformed(f"charset format {form}")
    left_size = 1 if form == 1 else 2
    covered, position = 1, at + 1
    while covered < glyphs:
        left = int.from_bytes(cff[position + 2:position + 2 + left_size], "big")
        covered += left + 1
        position += 2 + left_size
    if covered != glyphs:
        raise _Malformed("a charset that does not cover the glyphs exactly")
    return position - at


def _charset_cids(cff: bytes | memoryview, at: int, glyphs: int) -> list[int]:
    """The CIDs of glyphs 1 … glyphs−1 from the charset at `at`."""
    if at < 3:
        raise _Malformed("a CID-keyed CFF with a predefined charset")
    form = cff[at]
    if form == 0:
        return list(struct.unpack_from(f">{glyphs - 1}H", cff, at + 1))
    if form not in (1, 2):
        raise _Malformed(f"charset format {form}")
    left_size = 1 if form == 1 else 2
    cids: list[int] = []
    position = at + 1
    while len(cids) < glyphs - 1:
        (first,) = struct.unpack_from(">H", cff, position)
        left = int.from_bytes(cff[position + 2:position + 2 + left_size], "big")
        cids.extend(range(first, first + left + 1))
        position += 2 + left_size
    return cids[:glyphs - 1]
