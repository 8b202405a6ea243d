"""The print PDF's side of issue 14 item 5: an ordered list keeps its first number (`3.` `4.`, not `1.`
`2.`), and a picture wider than the text block is scaled down to it. Read back with pdftotext and
PyMuPDF."""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PIL import Image

from reportpress.build import build
from reportpress.layouts import builtin_layout
from tests.pdfread import pdftotext


def test_an_ordered_list_keeps_its_start_and_a_wide_picture_fits_the_text_block(tmp_path: Path) -> None:
    Image.new("RGB", (3000, 600), "steelblue").save(tmp_path / "wide.png")  # 3000 px: ~794 mm at 96 dpi
    source = tmp_path / "report.md"
    source.write_text("---\ntitle: 列表与图片\n---\n\n正文。\n\n3. 第三项内容。\n4. 第四项内容。\n\n"
                      "![宽图](wide.png)\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    text = pdftotext(pdf)
    assert "3." in text and "4." in text and "1." not in text.replace("1.5", "")
    layout = builtin_layout("gov-report")
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


def test_a_list_is_set_as_the_bodys_paragraphs_in_both_outputs(tmp_path: Path) -> None:
    """GB/T 9704 §7.3.3, and the DOCX's numbering (docx/numbering.py): a list item's marker stands at the
    two-character indent inside its first line, its wrapped lines back at the margin; a level deeper,
    two characters further in. Read back with PyMuPDF from the print copy and LibreOffice's PDF of the
    DOCX: the marker's and the wrapped line's starts, against the first body line's."""
    from tests.writers.docx.test_docx_libreoffice import convert

    long_item = "推进企业开办“一表申请、一窗发放”，实现营业执照、公章刻制、发票申领、社保登记等事项一次办结"
    source = tmp_path / "lists.md"
    source.write_text(f"---\ntitle: 列表\n---\n\n正文第一段，说明下列各项。\n\n1. {long_item}；\n2. 第二项：\n\n"
                      "   1. 嵌套的第一项内容；\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    layout = builtin_layout("gov-report")
    indent = layout.indent.pt
    for pdf in (outputs["pdf"], convert(outputs["docx"], tmp_path / "lo")):
        starts: dict[str, float] = {}
        # rows of glyphs by baseline (LibreOffice sets each character of a grid line as a line of its own)
        rows: dict[float, list[tuple[float, str]]] = {}
        with pymupdf.open(pdf) as document:
            page = next(page for page in document if "说明下列" in "".join(page.get_text().split()))
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", ()):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if char["c"].strip():
                                rows.setdefault(round(char["origin"][1]), []).append((char["bbox"][0], char["c"]))
        for glyphs in rows.values():
            text = "".join(char for _, char in sorted(glyphs))
            if not text.startswith(("列表", "—")):
                starts.setdefault(text[:4], min(x for x, _ in glyphs))
        # a marker where the body's first line starts (two characters in: LibreOffice's character grid
        # makes its two characters wider than the print copy's), a level deeper two characters more
        first = starts.pop("正文第一")
        assert abs(starts.pop("1.推进") - first) < 1.5, (pdf.name, starts)
        assert abs(starts.pop("2.第二") - first) < 1.5, (pdf.name, starts)
        assert abs(starts.pop("1.嵌套") - (first + indent)) < 1.5, (pdf.name, starts)
        # what is left are the first item's wrapped lines, back at the margin, left of the first lines
        assert len(starts) >= 1 and len({round(x) for x in starts.values()}) == 1, (pdf.name, starts)
        assert min(starts.values()) < first - indent + 1.5, (pdf.name, starts)
