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
    assert split_lines("一\r\n二\r三\n四\x00\x07\f五\u2028六") == ["一", "二", "三", "四五", "六"]


def test_full_width_digits_and_letters_folded() -> None:
    assert fold_full_width("２０１０年ＧＤＰ增长１０．３％，ＰＭ２．５") == "2010年GDP增长10.3%，PM2.5"
    assert fold_full_width("第一．") == "第一．"  # a full-width stop after no digit stays
