"""The embedded fonts' files are not read whole (`weasy._face_data`, issue 13's peak memory).

WeasyPrint copied each face's whole file when it first met a font; the copy went (`weasy._FontFile`),
but making it had touched every page of the mapped file, so a 25 MB CJK collection counted whole in the
process's resident memory. Measured in a fresh process (a face another test touched would count), from
the kernel's own account of the mapping (`/proc/self/smaps`), with the PDF read back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.conftest import REPO

# In the child: render with the justification extension, then report, while the document and its fonts
# are alive, the resident size of every mapping of the font file, and write the PDF.
CHILD = """
import json, sys
import weasyprint
from reportpress.typeset import weasy

font_file, out = sys.argv[1], sys.argv[2]
html = ('<html lang="zh-CN"><body style="font: 16pt \\'Noto Serif CJK SC\\'">'
        + '<p>字体文件不整个读入内存。</p>' * 40 + '</body></html>')
with weasy.inter_character_justification():
    document = weasyprint.HTML(string=html).render()
    data = document.write_pdf()
resident, mapping = 0, None
with open('/proc/self/smaps', encoding='utf-8') as smaps:
    for line in smaps:
        fields = line.split()
        if fields and '-' in fields[0] and not fields[0].endswith(':'):
            mapping = fields[5] if len(fields) > 5 else None
        elif fields and fields[0] == 'Rss:' and mapping == font_file:
            resident += int(fields[1]) * 1024
with open(out, 'wb') as pdf:
    pdf.write(data)
print(json.dumps({'resident': resident, 'fonts': len(document.fonts)}))
"""


def _font_file(family: str) -> Path:
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True)
    return Path(found.stdout)


def test_a_cjk_face_is_not_resident_whole_while_its_document_is_written(tmp_path: Path) -> None:
    font_file = _font_file("Noto Serif CJK SC")
    if "NotoSerifCJK" not in font_file.name:
        pytest.skip("Noto Serif CJK SC is not installed")
    out = tmp_path / "out.pdf"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    child = subprocess.run([sys.executable, "-c", CHILD, str(font_file), str(out)], capture_output=True,
                           text=True, env=env, check=True, cwd=tmp_path)
    report = json.loads(child.stdout.strip().splitlines()[-1])
    size = font_file.stat().st_size
    # shaping and subsetting read the cmap, metrics, layout tables and the glyphs drawn: a few MB of a
    # 25 MB collection; a copy of the file had all of it resident
    assert 0 < report["resident"] < size / 4, (report, size)
    document = pymupdf.open(out)
    assert "字体文件不整个读入内存。" in document[0].get_text().replace("\n", "")
    embedded = [document.extract_font(xref) for xref, *_ in document.get_page_fonts(0)]
    assert embedded and all(0 < len(font[3]) < 200_000 for font in embedded)  # the subset, from the face
