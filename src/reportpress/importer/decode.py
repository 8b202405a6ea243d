"""Raw bytes → clean Unicode lines: encoding detection, line ends, full-width digits and letters.

In: the bytes of a raw report (a web scrape, a PDF extraction, a GBK file …) and an optional encoding
the user named. Out: the text as a list of lines (no line-end characters) and the name of the encoding
used. Detection order: a byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-16 without a mark (NUL
bytes in every other position), then strict UTF-8, then GB18030 (a superset of GBK and GB2312, and
able to decode any byte string, so detection never fails).
"""

from __future__ import annotations

import codecs
import re

from reportpress.errors import SourceError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters other than tab and line ends: binary debris that no print text holds. Also the
# private-use characters notes.py takes as placeholders for note markers (no text uses them). C1
# controls and lone surrogates too: the reader refuses them (reader/limits.py), so an import must not
# write them (NEL is a line end, replaced before).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\U000f0000-\U000f1fff]")
_FULL_WIDTH_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]")
# Full-width signs that belong to a number once its digits are ASCII: ２．５ → 2.5, ９％ → 9%.
_NUMBER_SIGNS = re.compile(r"(?<=[0-9])(?:．(?=[0-9])|％)")


def detect_encoding(raw: bytes) -> str:
    """The encoding `raw` is most likely in (a Python codec name)."""
    for mark, name in _BOMS:
        if raw.startswith(mark):
            return name
    if len(raw) >= 4:
        sample = raw[:4096]
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        half = len(sample) // 2
        # Text with ASCII in it (digits, spaces, line ends) has a NUL in one byte of many UTF-16
        # pairs. CJK-only UTF-16 without a mark is not detected: --encoding utf-16 reads it.
        # UTF-8 and GB18030 text never holds NUL; UTF-16 has it on one side of a pair only.
        if odd_nuls > half * 0.02 and even_nuls * 4 < odd_nuls:
            return "utf-16-le"
        if even_nuls > half * 0.02 and odd_nuls * 4 < even_nuls:
            return "utf-16-be"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def decode_bytes(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode `raw` with `encoding` (or the detected one); return (text, encoding used).

    A named encoding that does not exist, or does not fit the bytes, is the user's error and raised as
    `SourceError`; a detected encoding decodes with replacement characters rather than fail.
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise SourceError(f"unknown encoding {encoding!r}", hint="try utf-8, gb18030 or utf-16") from exc
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"the input is not valid {encoding}: the bytes at offset {exc.start} cannot be decoded",
                hint="leave out --encoding to detect it",
            ) from exc
    detected = detect_encoding(raw)
    return raw.decode(detected, errors="replace"), detected


def fold_full_width(text: str) -> str:
    """Full-width digits and Latin letters → ASCII (２０１０年 → 2010年), as Chinese print sets them."""
    text = _FULL_WIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return _NUMBER_SIGNS.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def split_lines(text: str) -> list[str]:
    """Text → lines: CRLF, CR and Unicode line separators end a line; control characters go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    return [fold_full_width(line).rstrip() for line in text.split("\n")]
