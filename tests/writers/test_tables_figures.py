"""Tables and figures as a budget report or a statistical communiqué prints them, in both outputs:

- a column aligns as the source's delimiter row says (`--:` right, `:-:` centred);
- a number is never cut across lines (GB/T 15835 §5.1.7), nor a short cell (单位, 亿元);
- a row never splits across a page, and the head repeats on the next;
- a table and a picture keep the line grid: the text after them is on it (GB/T 9704 §5.2.3);
- a picture alone in its paragraph with an alternative text is a figure, its caption below it, at
  the same size in the PDF and the DOCX, and at the resolution its file states.

Read back with PyMuPDF (the print copy), LibreOffice → PyMuPDF and pandoc (the DOCX)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from reportpress.build import build
from reportpress.layouts import builtin_layout
from reportpress.model import Table
from reportpress.reader import read_source
from tests.writers.docx.test_docx_libreoffice import convert

LAYOUT = builtin_layout("gov-report")
PITCH = LAYOUT.line_pitch.pt
ROWS = 30  # rows of the long table: more than a page holds

# a row's label, then numbers as a budget table writes them
NUMBERS = [(f"{index + 1:d},{(index * 7919) % 1000:03d}.{index % 10}", f"{(index * 104729) % 100000:,}.67",
            f"{(index * 3) % 20 - 5:.1f}") for index in range(ROWS)]


def label(index: int) -> str:
    """A row's label: long enough to take two or three lines of its column, so that a page foot falls
    inside some row; it starts `第N项` and ends `第N笔）`."""
    return f"第{index + 1}项收入（含上年结转资金、调入资金和其他各项收入第{index + 1}笔）"


def source_text() -> str:
    rows = "\n".join(f"| {label(index)} | 亿元 | {a} | {b} | {c} |" for index, (a, b, c) in enumerate(NUMBERS))
    return (
        "---\ntitle: 表格与插图\n---\n\n"
        "开头一段正文，说明下表各项收入的情况。\n\n"
        "表1　2025年各项收入完成情况\n\n单位：亿元\n\n"
        "| 项目 | 单位 | 预算数 | 完成数 | 增长（%） |\n|:--|:-:|--:|--:|--:|\n" + rows + "\n\n"
        "表后的第一段正文，应当回到版心的行格上。\n\n"
        "![图1　2021—2025年地区生产总值及增长速度](chart.png)\n\n"
        "图后的第一段正文，也应当回到版心的行格上，这一段要写得长一些，好让它折成两行以上来检查。\n\n"
        "![](scan.png)\n\n"
        "扫描图后的一段正文。\n"
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tables-figures")
    Image.new("RGB", (600, 300), "steelblue").save(folder / "chart.png")  # no resolution: 96 dpi, 450 × 225 pt
    Image.new("RGB", (600, 300), "seagreen").save(folder / "scan.png", dpi=(300, 300))  # 144 × 72 pt
    source = folder / "report.md"
    source.write_text(source_text(), encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=folder / "out").outputs
    return {"source": source, "pdf": outputs["pdf"], "docx": outputs["docx"],
            "lo": convert(outputs["docx"], folder / "lo")}


def lines(pdf: Path) -> list[str]:
    """Every line of text PyMuPDF reads, spaces removed (neighbouring cells may run together)."""
    with pymupdf.open(pdf) as document:
        return ["".join(line.split()) for page in document for line in page.get_text("text").splitlines()]


def places(pdf: Path, text: str) -> list[tuple[int, pymupdf.Rect]]:
    """Where `text` is printed: (page, its box) for each time."""
    with pymupdf.open(pdf) as document:
        return [(page.number, rect) for page in document for rect in page.search_for(text)]


def test_the_reader_keeps_each_columns_alignment(built: dict[str, Path]) -> None:
    document = read_source(built["source"])
    tables = [block for block in document.blocks if isinstance(block, Table)]
    assert [table.aligns for table in tables] == [("left", "center", "right", "right", "right")]


@pytest.mark.parametrize("output", ["pdf", "lo"])
def test_numbers_and_units_stay_whole_and_right_aligned(built: dict[str, Path], output: str) -> None:
    printed = lines(built[output])
    for a, b, _ in NUMBERS:
        for number in (a, b):
            assert any(number in line for line in printed), f"{number} is cut across lines in the {output}"
    assert sum(line.count("亿元") for line in printed) == ROWS + 1  # never 亿 / 元 (and the unit line's)
    # right-aligned: on each page the 完成数 column's numbers end at one x, however long they are
    ends: dict[int, list[float]] = {}
    for _, b, _ in NUMBERS:
        for page, rect in places(built[output], b)[:1]:
            ends.setdefault(page, []).append(rect.x1)
    assert sum(len(found) for found in ends.values()) == ROWS
    for page, found in ends.items():
        assert max(found) - min(found) <= 1.0, (output, page, sorted(found))


def test_a_row_never_splits_across_a_page_and_the_head_repeats(built: dict[str, Path]) -> None:
    pdf = built["pdf"]
    table_pages: set[int] = set()
    for index, (a, b, _) in enumerate(NUMBERS):
        row_pages = {page for text in (f"第{index + 1}项收入", f"第{index + 1}笔）", a, b)
                     for page, _ in places(pdf, text)[:1]}
        assert len(row_pages) == 1, (index + 1, row_pages)
        table_pages |= row_pages
    assert len(table_pages) >= 2, "the table should cross a page"
    assert {page for page, _ in places(pdf, "完成数")} == table_pages  # the head on each of its pages


AFTER = ("表后的第一段", "图后的第一段", "扫描图后")


def baselines(pdf: Path) -> dict[str, tuple[int, float]]:
    """The page and baseline of the first line starting with each of AFTER and 开头一段."""
    found: dict[str, tuple[int, float]] = {}
    with pymupdf.open(pdf) as document:
        for page in document:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", ()):
                    text = "".join(span["text"] for span in line["spans"])
                    for start in (*AFTER, "开头一段"):
                        if text.startswith(start) and start not in found:
                            found[start] = (page.number, line["spans"][0]["origin"][1])
    return found


def test_the_text_after_a_table_and_a_picture_is_on_the_grid(built: dict[str, Path]) -> None:
    # every page's grid has the phase of its text block's top: the first paragraph's baseline is on it
    found = baselines(built["pdf"])
    _, reference = found["开头一段"]
    for start in AFTER:
        page, baseline = found[start]
        lines = (baseline - reference) / PITCH
        assert abs(lines - round(lines)) * PITCH < 0.5, (start, page, baseline - reference)


def pictures(pdf: Path) -> list[tuple[int, pymupdf.Rect]]:
    with pymupdf.open(pdf) as document:
        return [(page.number, rect) for page in document for info in page.get_images(full=True)
                for rect in page.get_image_rects(info[0])]


def test_a_figure_has_its_caption_below_it_and_a_picture_prints_at_its_files_resolution(
        built: dict[str, Path]) -> None:
    (chart_page, chart), (_, scan) = sorted(pictures(built["pdf"]), key=lambda item: (item[0], item[1].y0))
    # 600 px at 96 dpi is 450 pt: wider than the text block, so shrunk to it
    assert abs(chart.width - LAYOUT.page.text_width.pt) < 1, chart
    assert abs(chart.width / chart.height - 2) < 0.01
    # 600 px at 300 dpi: two inches
    assert abs(scan.width - 144) < 1 and abs(scan.height - 72) < 1, scan
    caption = [rect for page, rect in places(built["pdf"], "图1") if page == chart_page]
    assert caption, "the figure's caption is printed"
    assert chart.y1 <= caption[0].y0 < chart.y1 + PITCH, (chart, caption[0])  # in the line below the picture


def test_the_docx_shows_the_figure_at_the_print_copys_size_with_its_caption(built: dict[str, Path]) -> None:
    printed = sorted((rect.width, rect.height) for _, rect in pictures(built["pdf"]))
    shown = sorted((rect.width, rect.height) for _, rect in pictures(built["lo"]))
    assert len(shown) == 2
    for (width, height), (lo_width, lo_height) in zip(printed, shown, strict=True):
        assert abs(width - lo_width) < 1 and abs(height - lo_height) < 1, (printed, shown)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    plain = subprocess.run([pandoc, "-f", "docx", "-t", "plain", str(built["docx"])], capture_output=True,
                           text=True, check=True).stdout
    assert re.search(r"图1\s*2021—2025年地区生产总值及增长速度", plain), plain[-400:]


WIDE_NUMBERS = [f"{10000 + index * 12345 % 90000:,}.5" for index in range(1, 7)]  # six numbers of 8 characters


def test_a_table_too_wide_at_the_bodys_size_is_set_smaller_and_stays_in_the_text_block(tmp_path: Path) -> None:
    """Seven columns, six of numbers like 22,345.5, take some 33 em at 16 pt, the block 28: the table is
    set in the largest of 四号, 小四, 五号, 小五 at which every number stands whole, in both outputs."""
    head = "| 地区 | " + " | ".join(f"{year}年" for year in range(2019, 2025)) + " |"
    rule = "|:--|" + "--:|" * 6
    rows = "\n".join(f"| 第{index}区 | " + " | ".join(WIDE_NUMBERS) + " |" for index in range(1, 4))
    source = tmp_path / "wide.md"
    source.write_text(f"---\ntitle: 宽表\n---\n\n正文。\n\n{head}\n{rule}\n{rows}\n\n表后正文。\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    printed = lines(outputs["pdf"])
    for number in WIDE_NUMBERS:
        assert sum(line.count(number) for line in printed) == 3, number  # whole, in each row
    with pymupdf.open(outputs["pdf"]) as document:
        page = next(page for page in document if page.search_for(WIDE_NUMBERS[0]))
        sizes = {round(span["size"], 1) for block in page.get_text("dict")["blocks"] for line in block.get("lines", ())
                 for span in line["spans"] if span["text"].strip() in WIDE_NUMBERS}
        right = max(rect.x1 for number in WIDE_NUMBERS for rect in page.search_for(number))
        left = min(rect.x0 for rect in page.search_for("第1区"))
        number = page.number
    assert len(sizes) == 1 and sizes <= {14.0, 12.0, 10.5, 9.0}, sizes
    block_left = LAYOUT.page.inside.pt if number % 2 == 0 else LAYOUT.page.outside.pt  # PDF page 1: a recto
    assert left >= block_left - 0.5 and right <= block_left + LAYOUT.page.text_width.pt + 0.5, (left, right)
    lo = convert(outputs["docx"], tmp_path / "lo")
    with pymupdf.open(lo) as document:
        shown = {round(span["size"], 1) for page in document for block in page.get_text("dict")["blocks"]
                 for line in block.get("lines", ()) for span in line["spans"] if span["text"].strip() in WIDE_NUMBERS}
    assert shown == sizes, (shown, sizes)
    assert all(any(number in line for line in lines(lo)) for number in WIDE_NUMBERS)


def test_a_tables_caption_is_centred_its_unit_flush_right_both_kept_with_it(built: dict[str, Path]) -> None:
    with pymupdf.open(built["pdf"]) as document:
        (page, caption), = [(page.number, rect) for page in document for rect in page.search_for("表1")]
        (_, unit), = [(page.number, rect) for page in document for rect in page.search_for("单位：亿元")]
        (head_page, head), = [(page.number, rect) for page in document for rect in page.search_for("预算数")][:1]
        first_row = document[page].search_for("第1项收入")
        spans = [span for block in document[page].get_text("dict")["blocks"] for line in block.get("lines", ())
                 for span in line["spans"] if span["text"].startswith(("表1", "单位："))]
    left = LAYOUT.page.inside.pt if page % 2 == 0 else LAYOUT.page.outside.pt
    right = left + LAYOUT.page.text_width.pt
    assert first_row and head_page == page, "the caption, the head and the first row on one page"
    assert caption.y0 < unit.y0 < head.y0 < first_row[0].y0
    assert abs(right - unit.x1) < 1.5, (unit, right)  # flush right
    assert {round(span["size"]) for span in spans} == {round(LAYOUT.sizes["note"].pt)}  # the note role
    with pymupdf.open(built["pdf"]) as document:
        line = next(line for block in document[page].get_text("dict")["blocks"] for line in block.get("lines", ())
                    if "".join(span["text"] for span in line["spans"]).startswith("表1"))
    middle = (line["bbox"][0] + line["bbox"][2]) / 2
    assert abs(middle - (left + right) / 2) < 2, (middle, left, right)  # centred


def test_no_page_holds_a_single_row_of_a_table_at_its_foot_or_head(built: dict[str, Path]) -> None:
    rows_on: dict[int, int] = {}
    for index in range(ROWS):
        (page, _), = places(built["pdf"], f"第{index + 1}项收入")[:1]
        rows_on[page] = rows_on.get(page, 0) + 1
    assert len(rows_on) >= 2 and min(rows_on.values()) >= 2, rows_on


def test_a_footnote_called_in_a_short_cell_wraps_inside_the_text_block(tmp_path: Path) -> None:
    """A cell of four characters or fewer is kept on one line (`white-space: nowrap`); the footnote it
    calls is not: its text wraps at the text block's edge, every word of it printed."""
    note = "非税收入包括专项收入、行政事业性收费收入、罚没收入、国有资源（资产）有偿使用收入等各项收入。"
    source = tmp_path / "note.md"
    source.write_text(f"---\ntitle: 表中注\n---\n\n正文。\n\n| 项目 | 数额 |\n|:--|--:|\n| 非税[^1] | 1.0 |\n"
                      f"| 税收 | 2.0 |\n\n[^1]: {note}\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    with pymupdf.open(pdf) as document:
        page = next(page for page in document if page.search_for("国有资源"))
        widest = max(block["bbox"][2] for block in page.get_text("dict")["blocks"])
        width = page.rect.width
    assert widest <= width - min(LAYOUT.page.inside.pt, LAYOUT.page.outside.pt) + 1, (widest, width)
    assert "".join(note.split()) in "".join(lines(pdf))


def test_table_captions_need_a_number_and_stand_right_above_a_table() -> None:
    from reportpress.reader import read_text
    from reportpress.tables import table_captions

    table = "| a | b |\n|--|--|\n| 1 | 2 |\n\n"
    document = read_text(f"表示感谢。\n\n{table}表2　收入\n\n正文一段。\n\n{table}单位：万元\n\n续表3　支出\n\n{table}")
    kinds = {plain_text_of(block): kind for block in document.blocks for key, kind in
             table_captions(document.blocks).items() if key == id(block)}
    assert kinds == {"单位：万元": "unit", "续表3　支出": "caption"}, kinds


def plain_text_of(block: object) -> str:
    from reportpress.model import Paragraph, plain_text

    return plain_text(block.inlines) if isinstance(block, Paragraph) else ""


# ---------------------------------------------------------------------------- hostile review, session 24


def test_a_row_taller_than_half_a_page_splits_and_the_head_stays_at_the_tables_top(tmp_path: Path) -> None:
    """A row kept whole (`tr { break-inside: avoid }`) that a page cannot hold printed the head in the
    table's middle and left pages blank: a row taller than half a page may split (`tables.whole_rows`)."""
    long_cell = "这是一个很长的单元格内容，用来检查表格行的分页。" * 24  # 576 characters: 24 lines of its column
    source = tmp_path / "tall.md"
    source.write_text(f"---\ntitle: 高行\n---\n\n正文。\n\n| 项目 | 说明 |\n|:--|:--|\n| 甲 | {long_cell} |\n"
                      "| 乙 | 短。 |\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    with pymupdf.open(outputs["pdf"]) as document:
        pages = [page.number for page in document if "单元格内容" in page.get_text()]
        heads = [(page.number, rect.y0) for page in document for rect in page.search_for("说明")]
        starts = {page.number: min(rect.y0 for rect in page.search_for("这是一个")) for page in document
                  if page.search_for("这是一个")}
        counts = {page.number: page.get_text().count("单元格内容") for page in document}
    assert len(pages) >= 2 and pages == list(range(pages[0], pages[-1] + 1)), pages  # consecutive pages
    assert all(counts[page] >= 8 for page in pages[:-1]), counts  # each full of the row, none blank
    for page, y in heads:  # the head above the row on every page it stands on
        assert page not in starts or y < starts[page], (page, y, starts)
    assert b"cantSplit" not in zip_part(outputs["docx"], "word/document.xml").split(b"<w:tr>")[2].split(b"</w:tr>")[0]


def zip_part(path: Path, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def test_a_photo_stored_turned_prints_upright_at_its_shape_in_both_outputs(tmp_path: Path) -> None:
    """EXIF orientation 6 (a phone's portrait photo): 800 × 400 pixels stored, 400 × 800 meant."""
    picture = Image.new("RGB", (800, 400), "red")
    exif = picture.getexif()
    exif[0x0112] = 6
    picture.save(tmp_path / "photo.jpg", exif=exif.tobytes())
    source = tmp_path / "photo.md"
    source.write_text("---\ntitle: 照片\n---\n\n正文。\n\n![图1　手机照片](photo.jpg)\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    (_, printed), = pictures(outputs["pdf"])
    assert abs(printed.height / printed.width - 2) < 0.02, printed
    (_, shown), = pictures(convert(outputs["docx"], tmp_path / "lo"))
    assert abs(shown.width - printed.width) < 1 and abs(shown.height - printed.height) < 1, (shown, printed)


def test_a_long_caption_stays_whole_with_its_picture(tmp_path: Path) -> None:
    """The lines a picture leaves free on its page are its caption's (`pictures.caption_lines`), not two."""
    Image.new("RGB", (400, 1200), "navy").save(tmp_path / "tall.png")  # 300 × 900 pt: shrunk to a page
    caption = "图2　" + "各区县地区生产总值及其增长速度的比较，" * 6
    source = tmp_path / "cap.md"
    source.write_text(f"---\ntitle: 长题注\n---\n\n正文。\n\n![{caption}](tall.png)\n\n正文二。\n", encoding="utf-8")
    pdf = build(source, formats=["pdf"], out_dir=tmp_path / "out").outputs["pdf"]
    (page, _), = pictures(pdf)
    with pymupdf.open(pdf) as document:
        on_page = "".join(document[page].get_text().split())
        after = "".join(text for other in document if other.number > page for text in other.get_text().split())
    assert "".join(caption.split()) in on_page, "the caption whole on the picture's page"
    assert "比较" not in after


def test_ambiguous_width_characters_are_full_width_in_the_estimate() -> None:
    from reportpress.tables import LATIN_EM, text_width

    assert text_width("①②③④") == 4.0 and text_width("——") == 2.0 and text_width("“”") == 2.0
    assert text_width("12.5") == pytest.approx(4 * LATIN_EM)


def test_a_picture_in_a_cell_keeps_its_width_in_the_docx(tmp_path: Path) -> None:
    """The estimate cannot see a picture: a table holding one is left to Word's and LibreOffice's own
    fitting, not squeezed into a column of its text's width."""
    Image.new("RGB", (160, 80), "teal").save(tmp_path / "icon.png")  # 120 × 60 pt
    source = tmp_path / "cell.md"
    source.write_text("---\ntitle: 单元格图\n---\n\n正文。\n\n| 项目 | 图 |\n|:--|:--|\n| 甲 | ![](icon.png) |\n",
                      encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    assert b"tblLayout" not in zip_part(outputs["docx"], "word/document.xml")
    (_, shown), = pictures(convert(outputs["docx"], tmp_path / "lo"))
    assert shown.width > 100, shown


def test_a_jpeg_stating_no_resolution_is_refused_with_its_line_not_a_traceback(tmp_path: Path) -> None:
    """EXIF XResolution 0/0: python-docx divides by it (ZeroDivisionError, hostile review of session 24)."""
    from PIL.TiffImagePlugin import IFDRational

    from reportpress.errors import SourceError

    picture = Image.new("RGB", (40, 20), "gray")
    exif = picture.getexif()
    exif[0x011A], exif[0x011B], exif[0x0128] = IFDRational(0, 0), IFDRational(0, 0), 2
    picture.save(tmp_path / "zero.jpg", exif=exif.tobytes())
    source = tmp_path / "zero.md"
    source.write_text("---\ntitle: 零\n---\n\n正文。\n\n![](zero.jpg)\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"zero\.md:7.*zero\.jpg.*cannot read its header"):
        build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_head_over_numbers_beside_long_names_breaks_between_its_words_in_both_outputs(tmp_path: Path) -> None:
    """Water-filling (`tables.whole_columns`): the columns of numbers stay whole, and a head wider than
    its column breaks between its words (`tables.head_cells`: `2023年 / 决算数`, a line break in both
    outputs), not where the column ends (`2023年决 / 算数`)."""
    names = ["国有资源（资产）有偿使用收入", "行政事业性收费收入", "城市维护建设税", "城镇土地使用税"]
    rows = "\n".join(f"| {names[index % 4]}（第{index + 1}项） | {1000 + index * 37:,}.25 | {2000 + index * 53:,}.50 | "
                     f"{index % 9}.{index % 7} |" for index in range(8))
    source = tmp_path / "heads.md"
    source.write_text("---\ntitle: 表头\n---\n\n正文一段。\n\n| 项目 | 2023年决算数 | 2024年预算数 | 增长（%） |\n"
                      "|:--|--:|--:|--:|\n" + rows + "\n\n表后正文。\n", encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    for pdf in (outputs["pdf"], convert(outputs["docx"], tmp_path / "lo")):
        for word in ("决算数", "预算数", "1,259.25", "2,371.50"):
            found = places(pdf, word)  # whole, on one line
            assert found and all(rect.height < PITCH for _page, rect in found), (pdf, word, found)
        assert not places(pdf, "年决") and not places(pdf, "年预")


def test_a_tables_notes_below_it_are_set_in_the_note_role_flush_left_in_both_outputs(tmp_path: Path) -> None:
    """`注：…` and `资料来源：…` right below a table are its notes (`tables.table_captions`): the note role,
    no first-line indent, kept with the table in print; `Table Note` in the DOCX. A paragraph after them,
    or one that only mentions a note (`注意…`), is body text."""
    from reportpress.reader import read_text
    from reportpress.tables import table_captions

    table = "| 项目 | 数额 |\n|:--|--:|\n| 税收 | 1.0 |\n| 非税 | 2.0 |\n\n"
    text = (f"---\ntitle: 表注\n---\n\n正文一段。\n\n{table}注：表中数据为快报数，决算时可能有所调整。\n\n"
            "资料来源：县财政局。\n\n表后的正文一段。\n\n" + table + "注意，以上为预计数。\n")
    document = read_text(text)
    kinds = {plain_text_of(block): kind for block in document.blocks for key, kind in
             table_captions(document.blocks).items() if key == id(block)}
    assert kinds == {"注：表中数据为快报数，决算时可能有所调整。": "note", "资料来源：县财政局。": "note"}, kinds
    source = tmp_path / "notes.md"
    source.write_text(text, encoding="utf-8")
    outputs = build(source, formats=["pdf", "docx"], out_dir=tmp_path / "out").outputs
    with pymupdf.open(outputs["pdf"]) as document:
        spans = {span["text"].strip()[:3]: span for page in document for block in page.get_text("dict")["blocks"]
                 for line in block.get("lines", ()) for span in line["spans"]}
        table_left = min(rect.x0 for page in document for rect in page.search_for("税收"))
    assert round(spans["注：表"]["size"]) == round(spans["资料来"]["size"]) == round(LAYOUT.sizes["note"].pt)
    assert round(spans["表后的"]["size"]) == round(spans["注意，"]["size"]) == round(LAYOUT.body_size.pt)
    assert spans["注：表"]["bbox"][0] < table_left  # flush left with the table, not indented two characters
    styles = subprocess.run(["pandoc", str(outputs["docx"]), "-f", "docx+styles", "-t", "native"],
                            capture_output=True, text=True, check=True).stdout
    assert styles.count('"custom-style" , "Table Note"') == 2, styles[:2000]
