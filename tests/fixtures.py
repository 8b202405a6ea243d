"""Read test cases kept in markdown-it's fixture format: title, `.`, input, `.`, expected, `.`."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Fixture(NamedTuple):
    line: int
    title: str
    input: str
    expected: str


def read_fixture_file(path: Path) -> list[Fixture]:
    lines = path.read_text(encoding="utf-8").split("\n")
    fixtures: list[Fixture] = []
    index = 0
    while index < len(lines):
        if index + 1 < len(lines) and lines[index + 1] == "." and lines[index].strip():
            title_line = index
            body: list[list[str]] = [[], []]
            index += 2
            for part in body:
                while lines[index] != ".":
                    part.append(lines[index])
                    index += 1
                index += 1
            fixtures.append(Fixture(title_line + 1, lines[title_line], "\n".join(body[0]) + "\n",
                                    "\n".join(body[1])))
        else:
            index += 1
    return fixtures
