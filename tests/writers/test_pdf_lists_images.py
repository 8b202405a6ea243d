"""The print PDF's side of issue 14 item 5: an ordered list keeps its first number (`3.` `4.`, not `1.`
`2.`), and a picture wider than the text block is scaled down to it. Read back with pdftotext and
PyMuPDF."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PIL import Image

from reportpress.build import build
from reportpress.layouts import load_layout
from tests.pdfread import pdftotext


def test_an_ordered_list_keeps_its_start_and_a_wide_picture_fits_the_text_block(tmp_path: Path) -> None:
    Image.new("RGB", (3000, 600), "steelblue").save(tmp_path / "wide.png")  # 3000 px: ~794 mm at 96 dpi
    source = tmp_path / "report.md"
    source.write_text("---\ntitle: 列表与图片\n---\n\n正文。\n\n3. 第三项内容。\n4. 第四项内容。\n\n"
                      "![宽图](wide.png)\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    text = pdftotext(pdf)
    assert "3." in text and "4." in text and "1." not in text.replace("1.5", "")
    layout = load_layout("gov-report")
    with pymupdf.open(pdf) as document:
        boxes = [(page.number, box) for page in document for info in page.get_images(full=True)
                 for box in page.get_image_rects(info[0])]
        assert len(boxes) == 1
        number, box = boxes[0]
        page_width = document[number].rect.width
    width = layout.page.text_width.pt
    assert box.width <= width + 0.5, (box.width, width)  # scaled down to the text block …
    # … and inside it: the block's left edge is 28 mm (inside, on a recto) or 26 mm (outside, on a verso)
    edges = (layout.page.inside.pt, layout.page.outside.pt)
    assert min(abs(box.x0 - edge) for edge in edges) < 1, box
    assert box.x1 <= page_width - min(edges) + 0.5, box
