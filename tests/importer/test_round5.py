"""Round five of the hidden-corpus hunt (session 26): classes of raw input the importer got wrong.

Each raw text under tests/data/importer/round5/ was written for these tests (none is a copy of a dev or
sample report), one or more classes in each; the cases compare what a reviewer would (title, level-1
headings, level-2 count, glossary and notes counts, sign-off, text that must or must not be there) on the
Markdown read back by the real reader, as test_generalisation.py does. The small tests after them pin each
class on a minimal text of its own, and the cases where the same rules must not fire.
"""

from __future__ import annotations

import pytest

from reportpress.importer import import_text
from reportpress.importer.noise import classify_noise
from reportpress.importer.salutation import is_salutation
from reportpress.importer.tables import numeric_enough

from .conftest import DATA
from .test_generalisation import Case, check, headings, read_back

ROUND5 = DATA / "round5"

_WORK_REPORT = ["一、2023年工作回顾", "二、2024年工作安排", "三、加强政府自身建设"]
CASES = [
    # salutation.py: a standing committee's address names its officers by title beside the vocative
    Case("audit-committee-salutation.txt", "关于2023年度市级预算执行和其他财政收支的审计工作报告",
         ["一、市级财政管理审计情况", "二、部门预算执行审计情况", "三、重大政策措施落实跟踪审计情况",
          "四、重点民生资金审计情况", "五、审计移送的违纪违法问题线索情况", "六、审计建议"], level2=2,
         present=("::: salutation\n主任、各位副主任、秘书长、各位委员：\n:::",)),
    # frontmatter.py: `（2024.1.18）` is the date; notes.py + glossary.py: `（注1）` entries and calls
    Case("court-dotted-date-zhu-notes.txt", "青河市中级人民法院工作报告",
         ["一、2023年工作回顾", "二、2024年工作安排"], level2=6, glossary=3,
         absent=("（注1）", "（注2）", "（注3）", "2024.1.18"),
         present=("date: 2024-01-18", "[审结、执结]{.term}", "\n审结、执结\n: 审结指")),
    # paragraphs.py: a decimal cut after its point (`增长6.` / `5%`); noise.py: `第 1 页 共 6 页` and the running head
    Case("pdf-page-of-decimal-cut.txt", "2024年政府工作报告", _WORK_REPORT,
         absent=("第 1 页", "\n2024年政府工作报告\n", "6.\n"),
         present=("增长6.5%；一般公共预算收入186.7亿元", "研发经费投入强度达到2.46%", "年度计划投资1580亿元。")),
    # noise.py: a footer line of site id, ICP and police record; the attachment's file name under 附件下载
    Case("county-web-footer-attachment.txt", "政府工作报告",
         ["一、2023年工作回顾", "二、2024年工作安排", "三、全面加强政府自身建设"],
         absent=(".pdf", "ICP", "网站标识码", "责任编辑", "分享到", "字号")),
    # leads.py: the paragraph under an address inside the text (`同志们：`) is no lead; frontmatter.py: 国务院总理
    Case("state-council-1985-parts.txt", "政府工作报告",
         ["第一部分\u3000一九八四年的工作", "第二部分\u3000关于经济体制改革", "第三部分\u3000一九八五年的经济工作",
          "第四部分\u3000关于加强社会主义精神文明建设"], level2=9,
         absent=("**我们的事业",), present=("organization: 国务院", "date: 1985-03-27")),
    # frontmatter.py: the cover's name of the report over the theme lines and the subtitle; contents.py: 目录
    Case("party-congress-cover-theme-contents.txt",
         "坚定信心\u3000奋勇争先\u3000为全面建设社会主义现代化青州而团结奋斗",
         ["一、过去五年的工作回顾", "二、今后五年的奋斗目标", "三、奋力推动高质量发展", "四、全面加强党的建设"],
         absent=("………", "\n坚定信心\u3000奋勇争先\n"),
         present=("label: 中国共产党青州市第十三次代表大会报告", "author: 陈志远",
                  "subtitle: ——在中国共产党青州市第十三次代表大会上的报告")),
    # notes.py + glossary.py: parenthesized digits `⑴`…`⑷` number the entries and call them after the term
    Case("district-parenthesized-digit-glossary.txt", "2024年长垣区人民政府工作报告", _WORK_REPORT, glossary=4,
         absent=("⑴", "⑵", "⑶", "⑷"), present=("[“三个一批”项目]{.term}86个", "\n“双倍增”行动\n: 指")),
    # frontmatter.py: `…工作总结和…工作计划` is a title, a sentence never; headings.py: `1、` over `（1）` are 1 and 2
    Case("bureau-summary-arabic-levels.txt", "青山市发展和改革委员会2023年工作总结和2024年工作计划",
         ["1、2023年工作总结", "2、存在的问题", "3、2024年工作计划"], level2=8,
         signoff=["青山市发展和改革委员会", "2024年1月5日"]),
    # salutation.py again, in a budget's final accounts (its tab table under a box title imported right already)
    Case("final-accounts-box-table.txt", "关于青溪市2023年市级决算的报告",
         ["一、2023年市级决算情况", "二、2023年预算执行效果", "三、落实市人大预算决议和审计查出问题整改情况",
          "四、下一步工作"], level2=7,
         present=("::: salutation\n主任、各位副主任、秘书长、各位委员：\n:::", "| 增值税 | 38.6 | 39.2 | 5.8% |")),
    # (`[1]` entries under 名词解释, called after their terms: imported right already)
    Case("procuratorate-bracket-glossary.txt", "青原市人民检察院工作报告",
         ["一、2023年主要工作", "二、2024年工作安排"], glossary=3, absent=("[1]", "[2]", "[3]")),
    # frontmatter.py: the organ under the subtitle gives the report; tables.py: a unit column and `6左右` targets
    Case("plan-gbk-organ-indicator-table.txt",
         "关于青峰市2023年国民经济和社会发展计划执行情况与2024年国民经济和社会发展计划草案的报告",
         ["一、2023年国民经济和社会发展计划执行情况", "二、2024年国民经济和社会发展计划主要目标",
          "三、2024年国民经济和社会发展计划主要任务"], glossary=2,
         absent=("\r", "\n青峰市发展和改革委员会\n"),
         present=("author: 青峰市发展和改革委员会", "organization: 青峰市发展和改革委员会",
                  "| 地区生产总值增长 | % | 6.2 | 6左右 |")),
    # paragraphs.py: a numbered heading a PDF's wrap cut in two is one heading
    Case("pdf-wrapped-headings.txt", "2024年白水县人民政府工作报告", ["一、2023年工作回顾", "二、2024年工作安排",
         "三、加强政府自身建设"], level2=5, absent=("- 2 -",),
         present=("## （一）坚持产业为基，苹果产业提质增效，现代农业体系加快构建\n",
                  "## （一）持续做强苹果产业，打造全国优质苹果生产基地和果业强县\n")),
    # noise.py: notes at the foot of each PDF page, between the text and the folio, go to the end as notes
    Case("pdf-page-foot-notes.txt", "2024年青石市人民政府工作报告", _WORK_REPORT, notes=4,
         absent=("— 1 —", "持续提升，①"), present=("持续提升，人民群众获得感", "“链长制”[^1]", "[^4]: “两业融合”：")),
    # frontmatter.py: `青江市市长` gives the government (full-width digits and parts imported right already)
    Case("city-1993-fullwidth-parts.txt", "政府工作报告",
         ["第一部分\u3000过去五年的回顾", "第二部分\u3000今后五年的任务", "第三部分\u3000加强社会主义民主和法制建设"],
         level2=5, present=("organization: 青江市人民政府", "date: 1993-03-15", "1987年的48.6亿元")),
    # frontmatter.py: an English title under the Chinese one does not end the opening (it stays a paragraph)
    Case("zone-english-title.txt", "2024年青州经济技术开发区管委会工作报告",
         ["一、2023年工作回顾", "二、2024年工作安排"],
         present=("subtitle: ——2024年1月20日在开发区第三届职工代表大会第二次会议上", "author: 管委会主任\u3000何立明",
                  "::: salutation\n各位代表：\n:::", "\nReport on the Work of Qingzhou")),
    # notes.py + glossary.py: superscript digits `¹` `²` `³` number the entries and call them
    Case("county-superscript-glossary.txt", "2024年青湖县人民政府工作报告", _WORK_REPORT[:2], glossary=3,
         absent=("¹", "²", "³"), present=("[“亩均论英雄”]{.term}改革", "\n“千万工程”\n: 指")),
    # damage.py: `一、` alone over its title; frontmatter.py: a bracketed subtitle a wrap cut (the glossary in
    # the middle, each line an entry, was read right already)
    Case("county-numerals-alone-wrapped-subtitle.txt", "2024年青松县人民政府工作报告", _WORK_REPORT, glossary=2,
         absent=("\n# 一、\n",), present=("subtitle: （2024年1月10日在青松县第十八届人民代表大会第三次会议上）",
                                         "date: 2024-01-10")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.file.removesuffix(".txt") for case in CASES])
def test_structure_of_a_round_five_class(case: Case) -> None:
    check(case, (ROUND5 / case.file).read_bytes())


def markdown_of(text: str) -> str:
    return import_text(text.encode("utf-8")).markdown


_OPENING = ("2024年青溪市人民政府工作报告\n——2024年1月8日在青溪市第十届人民代表大会第三次会议上\n"
            "市长　王大明\n各位代表：\n")


# ------------------------------------------------------------------------------------------ one class each


def test_officers_beside_a_vocative_are_the_salutation() -> None:
    assert is_salutation("主任、各位副主任、秘书长、各位委员：")
    assert is_salutation("主席、各位副主席、秘书长、各位常委：")
    # an office title alone (a speaker's label in minutes), or titles with no vocative, are none
    assert not is_salutation("主任：") and not is_salutation("主任、秘书长：")


def test_zhu_numbered_entries_and_calls() -> None:
    text = (_OPENING + "一、工作回顾\n全年推行“府院联动”机制（注1），盘活资产47.3亿元。\n"
            "建立“一庭两所”机制（注2），化解纠纷2万件。\n注释：\n"
            "（注1）“府院联动”机制：指政府与法院协同处置企业破产的机制。\n"
            "（注2）“一庭两所”机制：指人民法庭与派出所、司法所联合化解纠纷的机制。\n")
    markdown, document = read_back(text.encode("utf-8"))
    assert len(document.glossary) == 2 and "（注" not in markdown
    assert "[“府院联动”机制]{.term}" in markdown


def test_parenthesized_digit_notes() -> None:
    text = (_OPENING + "一、工作回顾\n全年新增高新技术企业68家⑴，城镇新增就业1.2万人⑵。\n"
            "⑴按新口径统计。\n⑵含灵活就业人员。\n")
    markdown, document = read_back(text.encode("utf-8"))
    assert len(document.footnotes) == 2 and "⑴" not in markdown and "[^1]" in markdown


def test_parenthesized_digits_are_no_calls_of_circled_notes() -> None:
    """A text numbering its notes ① writes `（⑵⑶）` for list items: they stay (the 1956 budget's class)."""
    text = (_OPENING + "一、工作回顾\n粮食产量增长①，详见上文（⑵⑶）。\n"
            "①按可比价格计算。\n")
    markdown = markdown_of(text)
    assert "（⑵⑶）" in markdown and "[^1]" in markdown


def test_dotted_date_under_the_title() -> None:
    text = ("青溪市中级人民法院工作报告\n（2024.1.18）\n青溪市中级人民法院院长　陈立新\n各位代表：\n"
            "一、工作回顾\n全年审结案件1万件。\n")
    markdown = markdown_of(text)
    assert "date: 2024-01-18" in markdown and "2024.1.18" not in markdown
    # a day that does not exist is no date: the line stays
    assert "（2024.2.31）" in markdown_of(text.replace("2024.1.18", "2024.2.31"))


def test_yearly_summary_title_and_no_sentence_as_title() -> None:
    text = ("青山市发展和改革委员会2023年工作总结和2024年工作计划\n"
            "2023年，市发改委各项工作取得积极成效。现将有关情况报告如下：\n1、工作总结\n全年完成投资10亿元。\n")
    markdown = markdown_of(text)
    assert "title: 青山市发展和改革委员会2023年工作总结和2024年工作计划\n" in markdown
    assert "\n2023年，市发改委各项工作取得积极成效。现将有关情况报告如下：\n" in markdown


def test_arabic_numbered_outline_starts_at_level_one() -> None:
    text = ("某局2023年工作总结\n现将有关情况报告如下：\n1、主要工作\n（1）抓项目\n全年完成投资10亿元。\n"
            "（2）抓改革\n全年完成改革任务20项。\n2、存在的问题\n项目储备不足。\n")
    _, document = read_back(text.encode("utf-8"))
    assert headings(document, 1) == ["1、主要工作", "2、存在的问题"]
    assert headings(document, 2) == ["（1）抓项目", "（2）抓改革"]


def test_arabic_levels_under_han_numbered_headings_stay() -> None:
    """`1.` under `一、` closes up one level only (the rule of round two), and `（一）` excerpts stay at 2."""
    text = _OPENING + "一、工作回顾\n1.抓项目\n全年完成投资10亿元。\n2.抓改革\n全年完成改革任务20项。\n"
    _, document = read_back(text.encode("utf-8"))
    assert headings(document, 1) == ["一、工作回顾"] and headings(document, 2) == ["1.抓项目", "2.抓改革"]
    excerpt = "（一）抓项目\n全年完成投资10亿元。\n（二）抓改革\n全年完成改革任务20项。\n"
    _, document = read_back(excerpt.encode("utf-8"))
    assert headings(document, 2) == ["（一）抓项目", "（二）抓改革"]


def test_cover_name_over_theme_lines() -> None:
    text = ("中国共产党青州市第十三次代表大会报告\n坚定信心　奋勇争先\n为全面建设现代化青州而团结奋斗\n"
            "——在中国共产党青州市第十三次代表大会上的报告\n陈志远\n同志们：\n一、过去五年的工作回顾\n五年来成绩显著。\n")
    markdown = markdown_of(text)
    assert "title: 坚定信心　奋勇争先　为全面建设现代化青州而团结奋斗\n" in markdown
    assert "label: 中国共产党青州市第十三次代表大会报告\n" in markdown and "author: 陈志远\n" in markdown
    # a bracketed note under the title is no theme: the title stays
    draft = markdown_of(text.replace("坚定信心　奋勇争先\n为全面建设现代化青州而团结奋斗\n", "（草案）\n"))
    assert "title: 中国共产党青州市第十三次代表大会报告\n" in draft


def test_organ_under_the_subtitle_gives_the_report() -> None:
    text = ("关于青峰市2023年预算执行情况和2024年预算草案的报告\n"
            "——2024年1月15日在青峰市第十六届人民代表大会第四次会议上\n青峰市财政局\n各位代表：\n一、2023年预算执行情况\n全年收入增长5%。\n")
    markdown = markdown_of(text)
    assert "author: 青峰市财政局\n" in markdown and "organization: 青峰市财政局\n" in markdown
    assert "\n青峰市财政局\n" not in markdown.split("\n---\n", 1)[1]


def test_indicator_table_with_units_and_targets() -> None:
    rows = [("指标", "单位", "2023年", "2024年目标"), ("地区生产总值增长", "%", "6.2", "6左右"),
            ("一般公共预算收入增长", "%", "7.1", "5以上"), ("城镇新增就业", "万人", "8.6", "8")]
    assert numeric_enough(rows)
    text = _OPENING + "一、主要指标\n" + "\n".join("\t".join(row) for row in rows) + "\n全年目标明确。\n"
    assert "| 一般公共预算收入增长 | % | 7.1 | 5以上 |" in markdown_of(text)


def test_unit_cells_make_no_table_of_words() -> None:
    """Units are neither figures nor words: a row of units and labels alone is still no table."""
    assert not numeric_enough([("项目", "单位"), ("就业", "万人"), ("投资", "亿元")])


def test_decimal_cut_after_its_point() -> None:
    line = "过去一年，全县上下坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实"
    wrapped = [line[i:] + line[:i] for i in range(0, 8)]
    text = _OPENING + "一、工作回顾\n" + "\n".join(wrapped) + "\n地区生产总值增长6.\n5%；一般公共预算收入增长8%。\n"
    assert "地区生产总值增长6.5%；一般公共预算收入增长8%。" in markdown_of(text)
    # a point before Han text is a full stop an extraction wrote half-width
    assert "增长6.\n\n年内完成。" in markdown_of(text.replace("\n5%；一般公共预算收入增长8%。", "\n年内完成。"))


def test_web_footer_fields_and_attachment_file_names() -> None:
    assert classify_noise("网站标识码：3410230001　皖ICP备05001234号　皖公网安备34102302000123号")
    assert classify_noise("2024年桐山县人民政府工作报告.pdf")
    assert classify_noise("附件1.docx（56KB）")
    # a sentence naming a file is the text's
    assert not classify_noise("请登录网站下载附件.pdf后填写。")


def test_government_cms_furniture() -> None:
    """A government CMS's size and colour switches, its credit line, its QR prompt and a byline in 【】."""
    furniture = ["字号：T | T", "视力保护色：【默认】【护眼】", "Produced By 大汉网络 大汉版通发布系统",
                 "扫一扫在手机上查看当前页面", "【责任编辑：王芳】"]
    text = "\n".join(furniture[:2]) + "\n" + _OPENING + "一、工作回顾\n全年完成投资10亿元。\n"
    markdown = markdown_of(text + "\n".join(furniture[2:]) + "\n")
    assert not [line for line in furniture if line in markdown]
    # the words in a sentence are the text's
    assert not classify_noise("视力保护色是指什么") and not classify_noise("本系统由某公司开发。")


def test_no_lead_under_an_address_inside_the_text() -> None:
    text = (_OPENING + "一、工作回顾\n全年完成投资10亿元，增长8%，为历年最高水平，各项工作取得积极成效。\n同志们：\n"
            "我们的事业是伟大的，前途是光明的。让我们团结一致，为实现今年的目标而努力奋斗！\n")
    markdown = markdown_of(text)
    assert "\n我们的事业是伟大的，前途是光明的。让我们" in markdown and "**我们的事业" not in markdown


def test_premier_gives_the_state_council() -> None:
    text = ("政府工作报告\n——1985年3月27日在第六届全国人民代表大会第三次会议上\n国务院总理　赵紫阳\n各位代表：\n"
            "一、工作回顾\n粮食丰收。\n")
    assert "organization: 国务院\n" in markdown_of(text)


def test_page_foot_notes_go_to_the_end() -> None:
    line = "过去一年，全县上下坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实"
    wrapped = [line[i:] + line[:i] for i in range(0, 8)]
    text = (_OPENING + "一、工作回顾\n" + "\n".join(wrapped) + "\n全面实施“链长制”①，推动产业链发展壮大，\n"
            "①“链长制”：指由市领导统筹推进产业链发展的工作机制。\n\n— 1 —\n\n规上工业增加值增长9.6%。\n"
            + "\n".join(wrapped) + "。\n")
    markdown, document = read_back(text.encode("utf-8"))
    assert len(document.footnotes) == 1 and "推动产业链发展壮大，规上工业增加值增长9.6%。" in markdown


def test_numbered_lines_at_a_page_foot_that_nothing_calls_stay() -> None:
    """A list numbered ① ② at the foot of a page is text when the text above calls none of its marks."""
    text = (_OPENING + "一、工作回顾\n主要做了以下工作：\n①抓项目，全年完成投资10亿元。\n②抓改革，完成改革任务20项。\n"
            "\n— 1 —\n\n二、工作安排\n全年目标明确。\n")
    markdown, document = read_back(text.encode("utf-8"))
    assert not document.footnotes and markdown.index("①抓项目") < markdown.index("# 二、工作安排")


def test_superscript_powers_are_no_calls() -> None:
    text = (_OPENING + "一、工作回顾\n新建绿地12km²，实施“链长制”¹。\n"
            "注释：\n¹“链长制”：指由市领导统筹推进产业链发展的工作机制。\n")
    markdown = markdown_of(text)
    assert "12km²" in markdown and "¹" not in markdown and "[“链长制”]{.term}" in markdown


def test_english_title_under_the_chinese_one() -> None:
    # (longer than any line of the opening: a Chinese line so long is the text's first paragraph)
    text = ("2024年青溪市人民政府工作报告\nReport on the Work of the Government of Qingxi Municipality in 2024\n"
            "——2024年1月8日在青溪市第十届人民代表大会第三次会议上\n市长　王大明\n各位代表：\n"
            "一、工作回顾\n全年完成投资10亿元。\n")
    markdown = markdown_of(text)
    assert "subtitle: ——2024年1月8日" in markdown and "author: 市长　王大明" in markdown
    assert "\nReport on the Work of the Government of Qingxi Municipality in 2024\n" in markdown


def test_heading_number_alone_over_its_title() -> None:
    text = _OPENING + "一、\n工作回顾\n全年完成投资10亿元。\n（一）\n抓项目\n全年完成投资10亿元。\n"
    _, document = read_back(text.encode("utf-8"))
    assert headings(document, 1) == ["一、工作回顾"] and headings(document, 2) == ["（一）抓项目"]
    # a blank line between, or a number under it, keeps them apart
    assert "一、工作回顾" not in markdown_of(_OPENING + "一、\n\n工作回顾\n全年完成。\n")
    assert "（1）（2）" not in markdown_of(_OPENING + "主要工作：\n（1）\n（2）\n全年完成。\n")


def test_bracketed_subtitle_cut_by_a_wrap() -> None:
    text = ("2024年青溪县人民政府工作报告\n（2024年1月10日在青溪县第十八届人民代表大会\n第三次会议上）\n县长　王大明\n"
            "各位代表：\n一、工作回顾\n全年完成投资10亿元。\n")
    markdown = markdown_of(text)
    assert "subtitle: （2024年1月10日在青溪县第十八届人民代表大会第三次会议上）\n" in markdown
    assert "date: 2024-01-10" in markdown


def test_wrapped_heading_is_one() -> None:
    line = "过去一年，全县上下坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实"
    paragraph = [line[i:] + line[:i] for i in range(0, 8)]
    text = (_OPENING + "一、工作回顾\n" + "\n".join(paragraph) + "。\n"
            "（一）坚持产业为基，苹果产业提质增效，现代农业体\n系加快构建\n" + "\n".join(paragraph) + "。\n")
    _, document = read_back(text.encode("utf-8"))
    assert headings(document, 2) == ["（一）坚持产业为基，苹果产业提质增效，现代农业体系加快构建"]
