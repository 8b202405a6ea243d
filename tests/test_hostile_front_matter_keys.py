"""Front matter keys that are one key once loaded (session 26).

Round five refused a key written twice, comparing keys as written: `1:` and `0x1:` (or `+1:`, or `1:` and
`true:`, which Python's dict takes for one) passed, and PyYAML kept the last value without a word. At the
top level, `1:` and `'1':` are two YAML keys but one name in `meta.extra` (the templates see text): one
value was lost there too.
"""

from __future__ import annotations

import pytest

from reportpress.errors import SourceError
from reportpress.reader import read_text


def _read(lines: str) -> object:
    return read_text(f"---\ntitle: 报告\n{lines}---\n\n正文。\n", "r.md")


@pytest.mark.parametrize(("lines", "message"), [
    ("1: a\n0x1: b\n", "r.md:4: front matter: key `0x1` given twice (first on line 3)"),
    ("x: {1: a, +1: b}\n", "r.md:3: front matter: key `+1` given twice (first on line 3)"),
    ("x:\n  1: a\n  true: b\n", "r.md:5: front matter: key `true` given twice (first on line 4)"),
    ("x:\n  ~: a\n  null: b\n", "r.md:5: front matter: key `null` given twice (first on line 4)"),
    ("8: a\n010: b\n", "r.md:4: front matter: key `010` given twice (first on line 3)"),  # YAML 1.1 octal
    ("1: a\n'1': b\n", "r.md:4: front matter: key `1` given twice (as int and str)"),
])
def test_keys_that_load_as_one_are_refused_at_the_second(lines: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        _read(lines)
    assert str(caught.value).startswith(message), caught.value


def test_keys_that_stay_apart_pass() -> None:
    document = _read("x: {1: a, '1': b, 1.5: c, '0x1': d}\n'yes': e\n")
    assert document.meta.extra["x"] == {1: "a", "1": "b", 1.5: "c", "0x1": "d"}  # type: ignore[attr-defined]
    assert document.meta.extra["yes"] == "e"  # type: ignore[attr-defined]
