"""Import classes from typography review 26: an official document's 附件说明 and 附注, notes under 注释
called in the body, a speech's bracketed date, an office's 目录, parallel leads, names lists and short
table rows. Each raw text here is made up for its class; the source is read back by the reader."""

from __future__ import annotations

from reportpress.importer import import_text
from reportpress.importer.blocks import Block
from reportpress.importer.leads import mark_leads
from reportpress.model import Heading, Paragraph, SignOff, plain_text
from reportpress.reader import read_text


def imported(raw: str) -> str:
    return import_text(raw.encode("utf-8")).markdown


# --- a speech's or a party congress report's bracketed date under its title -------------------------------

SPEECH = """在全县乡村振兴推进会上的讲话

（2031年4月16日）

县委书记　李明远

同志们：

今天召开全县乡村振兴推进会，主要任务是总结去年工作，部署今年任务。下面，我讲两点意见。

一、认清形势，增强做好乡村振兴工作的责任感

去年全县农村居民人均可支配收入增长7.2%，粮食产量稳定在30万吨以上。

二、突出重点，推动乡村振兴取得新成效

要抓好产业发展，抓好人才队伍，抓好基层组织建设。
"""

CONGRESS = """凝心聚力谱新篇
奋勇争先再出发

——在中国共产党某某区第九次代表大会上的报告

王建国

（2031年10月9日）

同志们：

现在，我代表中国共产党某某区第八届委员会向大会作报告。

一、过去五年的工作

五年来，全区地区生产总值年均增长6.1%，城乡面貌发生深刻变化。

二、今后五年的目标任务

今后五年，要坚持稳中求进工作总基调，推动全区高质量发展。
"""


def test_a_speech_keeps_its_bracketed_date_under_the_title() -> None:
    meta = read_text(imported(SPEECH)).meta
    assert meta.title == "在全县乡村振兴推进会上的讲话"
    assert meta.subtitle == "（2031年4月16日）"  # printed by the title block, as the raw shows it
    assert meta.date == "2031-04-16"
    assert meta.author == "县委书记　李明远"


def test_a_congress_report_appends_its_bracketed_date_to_the_subtitle() -> None:
    meta = read_text(imported(CONGRESS)).meta
    assert meta.subtitle == "——在中国共产党某某区第九次代表大会上的报告（2031年10月9日）"
    assert meta.date == "2031-10-09"
    assert meta.author == "王建国"


# --- an office's own 目录 -------------------------------------------------------------------------------

CONTENTS = """某某区2031年国民经济和社会发展计划执行情况的报告

目　录

一、2031年计划执行情况
二、2032年经济社会发展的主要目标
三、2032年的主要任务

各位代表：

受区人民政府委托，现将计划执行情况报告如下，请予审议。

一、2031年计划执行情况

全区经济运行总体平稳，地区生产总值增长5.6%。

二、2032年经济社会发展的主要目标

地区生产总值增长5.5%左右，城镇调查失业率控制在5.5%以内。

三、2032年的主要任务

着力扩大有效需求，着力推进产业转型，着力保障和改善民生。
"""


def test_a_dropped_contents_page_that_lists_the_headings_asks_for_one() -> None:
    source = imported(CONTENTS)
    document = read_text(source)
    assert document.meta.toc
    assert "目　录" not in source and source.count("一、2031年计划执行情况") == 1  # listed once, as a heading


def test_no_contents_page_no_toc() -> None:
    source = imported(CONTENTS.replace("目　录\n\n一、2031年计划执行情况\n二、2032年经济社会发展的主要目标\n"
                                       "三、2032年的主要任务\n\n", ""))
    assert not read_text(source).meta.toc
    assert "toc:" not in source


# --- parallel leads under one heading ---------------------------------------------------------------------


def test_the_first_of_parallel_task_leads_is_a_lead_however_short() -> None:
    blocks = [
        Block("heading", "（二）坚持从严治院，建设过硬队伍", 1, level=2),
        Block("paragraph", "强化理论武装。开展专题研讨42场次。", 2),
        Block("paragraph", "强化业务培训。举办培训班18期，培训干警2,100人次。", 3),
        Block("paragraph", "强化监督制约。严格执行“三个规定”。", 4),
        Block("heading", "（三）坚持服务大局", 5, level=2),
        Block("paragraph", "深化执行难综合治理。执结案件3,000件。", 6),
        Block("paragraph", "推进诉源治理。化解纠纷8,000件。", 7),
        Block("paragraph", "审判质效稳步提升。", 8),  # nothing to lead into
        Block("heading", "（四）坚持改革创新", 9, level=2),
        # a section's opening states or coins: no task, however its siblings are led
        Block("paragraph", "改革是法院工作的动力。要抓好各项改革任务。", 10),
        Block("paragraph", "深化司法体制改革。完善审判权力运行机制。", 11),
        Block("paragraph", "推进智慧法院建设。建成电子诉讼平台。", 12),
        Block("heading", "（五）坚持司法为民", 13, level=2),
        Block("paragraph", "民为邦本，本固邦宁。要办好群众身边的案件。", 14),
        Block("paragraph", "推进一站式诉讼服务。全年网上立案1.2万件。", 15),
    ]
    mark_leads(blocks)
    assert [block.lead for block in blocks] == [
        "", "强化理论武装。", "强化业务培训。", "强化监督制约。",
        "", "深化执行难综合治理。", "推进诉源治理。", "",
        "", "", "深化司法体制改革。", "推进智慧法院建设。",
        "", "", "推进一站式诉讼服务。"]


# --- an official document's 附件说明 and 附注 --------------------------------------------------------------

NOTICE = """某县人民政府办公室关于印发某县农村饮水安全巩固提升方案的通知

各乡镇人民政府，县政府各部门：

《某县农村饮水安全巩固提升方案》已经县政府同意，现印发给你们，请认真组织实施。

附件：1.某县农村饮水安全巩固提升方案
2.2031年某县农村供水工程项目表
3.某县农村饮水安全工作专班成员名单

某县人民政府办公室
2031年6月2日

（此件公开发布）
"""


def test_an_attachment_note_is_never_a_heading() -> None:
    source = imported(NOTICE)
    document = read_text(source)
    assert not [block for block in document.blocks if isinstance(block, Heading)]
    items = ["附件：1.某县农村饮水安全巩固提升方案", "2.2031年某县农村供水工程项目表",
             "3.某县农村饮水安全工作专班成员名单"]
    # consecutive paragraphs, kept as written, in order, just before the sign-off
    assert "\n\n".join(items) + "\n\n::: signoff\n" in source
    texts = [plain_text(block.inlines) for block in document.blocks if isinstance(block, Paragraph)]
    assert texts[1:4] == items


def test_the_publication_note_under_the_signoff_is_kept_after_it() -> None:
    document = read_text(imported(NOTICE))
    signoff = next(index for index, block in enumerate(document.blocks) if isinstance(block, SignOff))
    assert [plain_text(line) for line in document.blocks[signoff].lines] == ["某县人民政府办公室", "2031年6月2日"]
    note = document.blocks[signoff + 1]
    assert isinstance(note, Paragraph) and plain_text(note.inlines) == "（此件公开发布）"
    assert signoff + 2 == len(document.blocks)


def test_a_contact_note_under_the_signoff_is_kept_too() -> None:
    document = read_text(imported(NOTICE.replace("（此件公开发布）", "（联系人：张明，电话：0551-1234567）")))
    assert isinstance(document.blocks[-2], SignOff)
    note = document.blocks[-1]
    assert isinstance(note, Paragraph) and plain_text(note.inlines) == "（联系人：张明，电话：0551-1234567）"


# --- notes under 注释, each called in the body -----------------------------------------------------------

COURT = """某县人民法院工作报告

各位代表：

一、2030年工作回顾

全年受理案件12,406件，审结11,873件，法官人均结案312.5件①。审结“套路贷”②案件14件，同比下降17.5%③。

二、2031年工作安排

深化“分调裁审”机制改革，推动矛盾纠纷源头化解。

注释：

①法官人均结案数：指一定时期内人民法院结案总数与员额法官人数之比。

②“套路贷”：指以非法占有为目的，假借民间借贷之名诈骗钱财的违法犯罪活动。

③同比下降：与上年同期相比的降幅。
"""


def test_notes_under_a_notes_title_called_in_order_are_notes_and_keep_their_calls() -> None:
    source = imported(COURT)
    document = read_text(source)
    assert not document.glossary
    assert len(document.end_notes) == 3
    # each call stays where the text put it, also right after a number or a percent sign
    assert "312.5件[^1]。" in source and "“套路贷”[^2]案件" in source and "17.5%[^3]。" in source
    assert not any(mark in source.split("::: notes", 1)[0] for mark in "①②③")
    assert "[^1]: 法官人均结案数：指一定时期内" in source


def test_a_glossary_called_at_its_terms_stays_a_glossary() -> None:
    # every mark follows its own term: the entries are terms, the calls their references (README)
    raw = (COURT.replace("法官人均结案312.5件①", "“法官人均结案数”①为312.5件")
           .replace("同比下降17.5%③", "“同比下降”③17.5%")
           .replace("①法官人均结案数", "①“法官人均结案数”").replace("③同比下降", "③“同比下降”"))
    source = imported(raw)
    document = read_text(source)
    assert len(document.glossary) == 3 and not document.footnotes
    assert "[“法官人均结案数”]{.term}为312.5件" in source


# --- a tab-laid table's short total row ---------------------------------------------------------------------

TABLE = """某县2031年农村公路建设情况

各乡镇建设情况如下：

序号\t乡镇\t路线名称\t开工年份\t里程（公里）\t投资（万元）
1\t城关镇\t城南环线\t2029\t12.4\t3,860
2\t河口镇\t河口至石门\t2030\t8.6\t2,410
3\t石门乡\t石门至青山\t2031\t5.0\t1,530
{total}

以上项目均已按期完工。
"""


def table_rows(source: str) -> list[list[str]]:
    rows = [line for line in source.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_a_total_row_leaving_blanks_after_its_label_puts_its_figures_under_the_last_columns() -> None:
    result = import_text(TABLE.format(total="合计\t\t\t26.0\t7,800").encode("utf-8"))
    assert table_rows(result.markdown)[-1] == ["合计", "", "", "", "26.0", "7,800"]
    assert [doubt for doubt in result.report.doubts if "fewer cells" in doubt and "6 columns" in doubt]


def test_a_short_row_with_no_blanks_is_padded_at_its_end_with_a_doubt() -> None:
    result = import_text(TABLE.format(total="合计\t26.0\t7,800").encode("utf-8"))
    assert table_rows(result.markdown)[-1] == ["合计", "26.0", "7,800", "", "", ""]
    assert [doubt for doubt in result.report.doubts if "fewer cells" in doubt]


def test_a_full_table_raises_no_doubt() -> None:
    result = import_text(TABLE.format(total="合计\t\t\t\t26.0\t7,800").encode("utf-8"))
    assert table_rows(result.markdown)[-1] == ["合计", "", "", "", "26.0", "7,800"]
    assert not [doubt for doubt in result.report.doubts if "fewer cells" in doubt]
