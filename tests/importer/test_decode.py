"""decode.py: encodings detected and overridable, line ends, full-width digits folded."""

from __future__ import annotations

import pytest

from reportpress.errors import SourceError
from reportpress.importer.decode import decode_bytes, detect_encoding, fold_full_width, split_lines

TEXT = "各位代表：\n现在，我代表虹口区人民政府，向大会报告政府工作，请予审议。"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-8-sig"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (("2020年" + TEXT).encode("utf-16-le"), "utf-16-le"),
        (("2020年" + TEXT).encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-32"), "utf-32"),
    ],
)
def test_detect_encoding(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected
    assert decode_bytes(data)[0].lstrip("\ufeff") == ("2020年" + TEXT if "2020年" in data.decode(expected) else TEXT)


def test_a_nul_in_short_utf8_text_is_debris_not_utf16() -> None:
    """Issue 9 item 1: one NUL in short UTF-8 text made it UTF-16-LE (`郥趽믤ꢡ볯`), ~1 CI run in 10."""
    raw = "各位代表：\x00".encode()
    assert detect_encoding(raw) == "utf-8"
    assert split_lines(decode_bytes(raw)[0]) == ["各位代表："]
    assert detect_encoding(b",\x00") == "utf-8"  # UTF-16 of ",", but too short to outweigh UTF-8


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_unmarked_utf16_is_detected(encoding: str) -> None:
    latin = "Report of the Government, 2020\r\nGDP grew by 6.1%.\r\n"
    assert detect_encoding(latin.encode(encoding)) == encoding  # valid UTF-8 too: the NUL pattern decides
    chinese = TEXT * 2  # no ASCII at all but two line ends: charset-normalizer decides
    assert detect_encoding(chinese.encode(encoding)) == encoding
    assert decode_bytes(chinese.encode(encoding))[0] == chinese


def test_gb18030_with_debris_is_still_gb18030() -> None:
    for debris in ("\x00", "\x01", "\x1a", "\x00\x00"):
        raw = (TEXT[:20] + debris + TEXT[20:]).encode("gb18030")
        assert detect_encoding(raw) == "gb18030", repr(debris)
        assert split_lines(decode_bytes(raw)[0]) == TEXT.split("\n")


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "uu", "bz2"])
def test_a_codec_that_is_not_a_text_encoding_is_a_source_error(codec: str) -> None:
    with pytest.raises(SourceError, match=f"'{codec}' is not a text encoding"):
        decode_bytes(TEXT.encode(), codec)


@pytest.mark.parametrize(("codec", "message"), [
    ("undefined", "cannot be decoded as undefined"),
    ("punycode", "cannot be decoded as punycode"),
    ("utf\x008", "unknown encoding 'utf\\x008'"),
    ("x" * 500, "unknown encoding 'xxxxxxxx"),
])
def test_odd_encoding_names_are_source_errors(codec: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        decode_bytes(b"\\x", codec)
    assert message in str(caught.value) and len(str(caught.value)) < 200


def test_named_encoding_wins() -> None:
    data = TEXT.encode("gb18030")
    assert decode_bytes(data, "gbk") == (TEXT, "gbk")


def test_named_encoding_errors_are_source_errors() -> None:
    with pytest.raises(SourceError, match="unknown encoding 'klingon'"):
        decode_bytes(b"abc", "klingon")
    with pytest.raises(SourceError, match="not valid utf-8"):
        decode_bytes(TEXT.encode("gb18030"), "utf-8")


def test_undecodable_bytes_never_fail_detection() -> None:
    text, encoding = decode_bytes(bytes(range(256)))
    assert encoding == "gb18030" and isinstance(text, str)


def test_line_ends_and_control_characters() -> None:
    # the form feed stays for noise.py, which takes it for a page break and drops it (test_noise.py)
    assert split_lines("一\r\n二\r三\n四\x00\x07\f五\u2028六") == ["一", "二", "三", "四\f五", "六"]


def test_invisible_characters_are_dropped() -> None:
    hidden = "\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u2061"
    assert split_lines(f"各位{hidden}代表\ufeff：") == ["各位代表："]
    # what a script needs stays: ZWJ in an emoji sequence, ZWNJ, an ideographic variation selector
    kept = "👩\u200d💻 می\u200cخواهم 葛\U000e0100"
    assert split_lines(kept) == [kept]


def test_full_width_digits_and_letters_folded() -> None:
    assert fold_full_width("２０１０年ＧＤＰ增长１０．３％，ＰＭ２．５") == "2010年GDP增长10.3%，PM2.5"
    assert fold_full_width("第一．") == "第一．"  # a full-width stop after no digit stays


@pytest.mark.parametrize(("text", "expected"), [
    ("本年收入合计２７，２０３，３１９，０００元，", "本年收入合计27,203,319,000元，"),  # the 1956 budget's style
    ("新建12，130套住房", "新建12,130套住房"),
    ("分别为1，2，3项", "分别为1，2，3项"),  # a list: groups not of three
    ("2019，2020年", "2019，2020年"),
    ("增长3.5，100户", "增长3.5，100户"),  # a decimal's digits are no group
    ("共100，第二批", "共100，第二批"),
    ("1，000，00", "1，000，00"),  # a last group of two: not a grouped number
])
def test_a_full_width_comma_grouping_digits_becomes_a_comma(text: str, expected: str) -> None:
    """A `，` between groups of three digits is a thousands separator, not a pause: as `,` no line breaks
    inside the number (`8， / 544，082` was set)."""
    assert fold_full_width(text) == expected
