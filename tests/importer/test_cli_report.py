"""`reportpress import RAW --report FILE.json` (issue 11 item 9), run as a user runs it: a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import DATA, REPO

# A raw report of a kind no dev document is: a county report with a doubtful heading number (三、 after 一、)
# and a web toolbar line: the decisions must name their raw lines, the least sure first.
RAW = """\
2031年某某县人民政府工作报告
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。
一、过去一年的工作
过去一年，我们坚持稳中求进，全县生产总值增长百分之五。
打印本页
三、今年的主要任务
今年，我们将抓好三件大事，确保“强县富民”目标实现。
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "reportpress", "import", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_report_json_is_written_utf8_doubtful_first(tmp_path: Path) -> None:
    raw = tmp_path / "county.txt"
    raw.write_text(RAW, encoding="utf-8")
    result = run(str(raw), "-o", "out.md", "--report", "out.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "wrote out.json" in result.stdout
    data = (tmp_path / "out.json").read_bytes()
    assert "三、今年的主要任务".encode() in data  # UTF-8, not \\u escapes
    report = json.loads(data.decode("utf-8"))
    assert report["title"] == "2031年某某县人民政府工作报告"
    decisions = report["decisions"]
    confidences = [item["confidence"] for item in decisions]
    assert confidences == sorted(confidences)
    first = decisions[0]
    assert first["kind"] == "heading" and first["lines"] == [7] and first["text"] == "三、今年的主要任务"
    dropped = [item for item in decisions if item["kind"] == "dropped"]
    assert dropped == [{"lines": [6], "kind": "dropped", "what": "web toolbar", "confidence": 0.9,
                        "text": "打印本页"}]
    # the text report on stderr lists the same decisions, most doubtful first, with the raw line
    text = result.stderr
    assert "structural decisions, most doubtful first" in text
    assert text.index("line 7: heading") < text.index("line 6: dropped")


def test_report_path_refused_before_anything_is_written(tmp_path: Path) -> None:
    raw = DATA / "excerpt-lines.txt"
    (tmp_path / "old.json").write_text("keep", encoding="utf-8")
    refused = run(str(raw), "-o", "a.md", "--report", "old.json", cwd=tmp_path)
    assert refused.returncode == 2 and "old.json: already exists (use --force" in refused.stderr
    assert not (tmp_path / "a.md").exists()
    assert (tmp_path / "old.json").read_text(encoding="utf-8") == "keep"
    same = run(str(raw), "-o", "a.md", "--report", "a.md", cwd=tmp_path)
    assert same.returncode == 2 and "would overwrite the source" in same.stderr
    assert run(str(raw), "-o", "a.md", "--report", "missing/r.json", cwd=tmp_path).returncode == 2
    assert not (tmp_path / "a.md").exists()
    forced = run(str(raw), "-o", "a.md", "--report", "old.json", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert json.loads((tmp_path / "old.json").read_text(encoding="utf-8"))["encoding"]
