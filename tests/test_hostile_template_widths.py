"""Template expressions that make a huge value in one call (session 26).

A width, a count or a precision asks for memory in one C call, which neither the output count nor the
deadline can stop. Round five checked widths given as arguments (`"x"|center(n)`), but not those written
inside a format (`'%300000000d' % 1`, `'{:>300000000}'.format(1)`: 300 MB each, built with exit 0),
`[1]|batch(300000000, 'x')` (58 s, 4.7 GB, exit 0), `[1]|tojson(indent=300000000)` (63 s, 2.4 GB) nor
`(1).to_bytes(300000000, 'big')`. `str.format` was not checked at all: the sandbox hands it out wrapped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportpress.writers.html import render_template, template_environment
from tests.writers.test_html import assert_refused_before_the_call, layout_with_template

HUGE = 300_000_000


@pytest.mark.parametrize("expression", [
    f"'%{HUGE}d' % 1", f"'%.{HUGE}f' % 1.0", f"'%(a){HUGE}s' % {{'a': 1}}", f"'%*d' % ({HUGE}, 1)",
    f"'%{HUGE}d'|format(1)", f"'{{:>{HUGE}}}'.format(1)", f"'{{a:.{HUGE}f}}'.format_map({{'a': 1.0}})",
    f"'{{:>{{}}}}'.format(1, {HUGE})", f"[1]|batch({HUGE}, 'x')|first", f"[1]|tojson(indent={HUGE})",
    f"(1).to_bytes({HUGE}, 'big')",
])
def test_a_width_count_or_precision_of_a_huge_value_is_refused_before_the_call(tmp_path: Path,
                                                                                expression: str) -> None:
    assert_refused_before_the_call(tmp_path, expression)


@pytest.mark.parametrize(("expression", "expected"), [
    ("'%5d' % 1", "5"), ("'%%300000000d' % ()", "11"), ("'%d' % 123456789", "9"), ("'%d'|format(123456789)", "9"),
    ("'%.2f'|format(3.14159)", "4"),
    ("'{:>5}'.format(1)", "5"), ("'{:,}'.format(123456789)", "11"), ("'{a:08.3f}'.format_map({'a': 1.5})", "8"),
    ("'{:>{}}'.format(1, 7)", "7"), ("[1, 2, 3]|batch(2, 0)|list|last", "2"), ("[1]|batch(300000000)|first", "1"),
    ("{'a': 1}|tojson(indent=2)", "12"), ("(258).to_bytes(2, 'big')", "2"),
])
def test_formats_and_counts_of_ordinary_sizes_still_work(tmp_path: Path, expression: str, expected: str) -> None:
    """A big number formatted is data, not a width: `'%d'|format(123456789)` was refused before."""
    layout = layout_with_template(tmp_path, "{{ (" + expression + ")|length }}", name="part.j2")
    assert render_template(template_environment(layout), "part.j2") == expected
