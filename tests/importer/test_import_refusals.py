"""`reportpress import` refuses, with one message and nothing written, what it cannot make a source of:
a binary file (a program, random bytes: control bytes throughout and no text encoding that reads them),
and a raw file whose source would be over the 1 MiB `build` reads. Text with control debris, GB18030 and
UTF-16 still imports."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from reportpress.errors import SourceError
from reportpress.importer import write_import
from reportpress.reader.limits import MAX_SOURCE_BYTES

REPO = Path(__file__).resolve().parents[2]
PARAGRAPH = "全面推进城乡区域协调发展，持续改善生态环境质量，不断增进民生福祉，扎实推动高质量发展。"


def program_bytes() -> bytes:
    """What an executable looks like: a header, tables of small integers, a few strings."""
    table = b"".join(index.to_bytes(8, "little") for index in range(4000))
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + table + b"libc.so.6\x00main\x00" * 50


@pytest.mark.parametrize("raw", [program_bytes(), random.Random(7).randbytes(100_000)], ids=["program", "random"])
def test_a_binary_file_is_refused_and_nothing_is_written(tmp_path: Path, raw: bytes) -> None:
    source = tmp_path / "raw.txt"
    source.write_bytes(raw)
    target = tmp_path / "out.md"
    with pytest.raises(SourceError, match="a binary file") as error:
        write_import(source, target)
    assert "raw.txt" in str(error.value) and not target.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_text_with_control_debris_still_imports(tmp_path: Path, encoding: str) -> None:
    text = "\n\n".join(f"{PARAGRAPH}\x0b{index}\x00" for index in range(60))  # about one control char in 25
    source = tmp_path / "raw.txt"
    source.write_bytes(text.encode(encoding))
    write_import(source, tmp_path / "out.md")
    assert "扎实推动高质量发展" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_a_raw_file_whose_source_would_be_too_large_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "many.txt"
    count = MAX_SOURCE_BYTES // len(PARAGRAPH.encode()) + 100
    source.write_text("\n\n".join([PARAGRAPH] * count), encoding="utf-8")
    with pytest.raises(SourceError, match=r"over the 1,048,576 \(1 MiB\) a source may hold"):
        write_import(source, tmp_path / "many.md")
    assert not (tmp_path / "many.md").exists()


def test_the_command_says_it_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "prog").write_bytes(program_bytes())
    result = subprocess.run([sys.executable, "-m", "reportpress", "import", "prog", "-o", "prog.md"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src")}, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a binary file" in result.stderr and not (tmp_path / "prog.md").exists()
