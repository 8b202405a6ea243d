"""Small PDFs for the proof tests, made with WeasyPrint: a clean GB/T 9704 page set and its defects.

The clean document follows gov-report's numbers exactly (A4, 37/35/28/26 mm mirrored, 16 pt on a
28.95 pt grid of 22 lines × 28 characters, folio `— N —` 14 pt, its dash 7 mm below the text block,
odd folios right and even left, body starting on PDF page 1). Paragraphs are Han characters only, of
a length chosen in lines, so every page's fill and every line's content is known in advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import weasyprint

HAN = "经济社会发展稳中有进城市治理水平持续提升民生保障更加有力改革开放不断深化创新动能加快集聚"
FIRST, FULL = 26, 28  # characters on a paragraph's first line (two indented) and on a full line
# The folio's line box starts at the text block's foot; its dash's ink starts 8.85 pt below the top of
# a 14 pt line box of Noto Serif CJK SC (measured), so the padding puts the dash's top 7 mm down.
FOLIO = ('content: "— " counter(page) " —"; font: 14pt/14pt "Noto Serif CJK SC"; vertical-align: top; '
         "padding-top: calc(7mm - 8.85pt);")
CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-right {{ {FOLIO} text-align: right; padding-right: 1em; }} }}
@page :left {{ margin: 37mm 28mm 35mm 26mm;
  @bottom-right {{ content: none; }}
  @bottom-left {{ {FOLIO} text-align: left; padding-left: 1em; }} }}
html {{ font-family: "Noto Serif CJK SC"; font-size: 16pt; line-height: 28.95pt; }}
body {{ margin: 0; letter-spacing: -0.21pt; orphans: 1; widows: 1; }}
p {{ margin: 0; text-indent: 31.58pt; }}
h1 {{ font: 700 22pt/43.425pt "Noto Serif CJK SC"; text-align: center; margin: 0 0 14.475pt; letter-spacing: 0; }}
h2 {{ font: 400 16pt/28.95pt "Noto Sans CJK SC"; margin: 0; text-indent: 31.58pt; break-after: auto; }}
"""


def han(count: int, start: int = 0) -> str:
    return "".join(HAN[(start + i) % len(HAN)] for i in range(count))


def paragraph_text(lines: int, last: int, start: int = 0) -> str:
    """A paragraph of `lines` lines whose last holds `last` characters, the final one a 。."""
    count = FIRST + FULL * (lines - 2) + last if lines > 1 else last
    return han(count - 1, start) + "。"


@dataclass
class Doc:
    """A document as a list of HTML blocks; `css` is added after the base sheet."""

    blocks: list[str] = field(default_factory=list)
    css: str = ""

    def title(self, text: str) -> Doc:
        self.blocks.append(f"<h1>{text}</h1>")
        return self

    def heading(self, text: str, style: str = "") -> Doc:
        self.blocks.append(f'<h2 style="{style}">{text}</h2>')
        return self

    def paragraph(self, lines: int, last: int = 10, style: str = "", text: str | None = None) -> Doc:
        body = text if text is not None else paragraph_text(lines, last, start=len(self.blocks) * 7)
        self.blocks.append(f'<p style="{style}">{body}</p>')
        return self

    def write(self, path: Path) -> Path:
        html = f'<html lang="zh-CN"><body>{"".join(self.blocks)}</body></html>'
        weasyprint.HTML(string=html).write_pdf(path, stylesheets=[weasyprint.CSS(string=CSS + self.css)])
        return path


def clean_doc() -> Doc:
    """Three pages: two full ones (22 lines each) and a short last page; nothing to find."""
    return (Doc().title("二〇二六年某某区政府工作报告")
            .paragraph(5).heading("一、二〇二五年工作回顾").paragraph(6).paragraph(8)  # 2 + 5 + 1 + 6 + 8 = 22
            .paragraph(10).heading("二、二〇二六年主要任务").paragraph(11)  # 22
            .paragraph(4))


def unembedded_font_pdf(path: Path) -> Path:
    """One A4 page with a line of Latin text in Helvetica, a standard font no PDF maker embeds."""
    content = b"BT /F1 16 Tf 80 700 Td (Hello, printer) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.276 841.89] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
