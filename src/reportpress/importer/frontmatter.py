"""The opening lines of a report → YAML front matter: title, subtitle, speaker, organization, date.

In: the paragraphs of the report. Out: a `FrontMatter` and the index of the first body paragraph.
A work report opens with its title (`2020年上海市虹口区政府工作报告`), a subtitle (`——2020年1月8日
在…会议上`, which a scrape may split in two, and a plain-text copy may write with `--`), and the
speaker line (office and name, `虹口区区长 胡广杰`, possibly on two lines). The body begins at the
salutation (`各位代表：`), at the first numbered heading, or at the first long paragraph. A headline
before the real title (a news page's `2012年国务院政府工作报告` above `政府工作报告`) is dropped, and
lends its name of the government to `organization`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

import yaml

from reportpress.importer.blocks import Dropped, Line
from reportpress.importer.closing import PUBLICATION_NOTE, find_label, is_date_line, is_organisation
from reportpress.importer.headings import PART_NUMBER, is_framing_title, numbering_level
from reportpress.importer.salutation import is_salutation

_SALUTATION = re.compile(r"各位代表[：！，]?$|各位代表[：，]")
_DASH = re.compile(r"^[—\-－─―]+\s*")
# (a plan adopted by a session says so in brackets: `（2026年1月12日…会议批准）`; in traditional characters a
# Hong Kong or Macao text writes `會議上`, `講話`, `報告`)
_SUBTITLE_END = re.compile(
    r"(?:会议上|会上|讲话|报告|會議上|會上|講話|報告|会议批准|会议通过|會議批准|會議通過)[）)]?$")
_OFFICE = re.compile(r".*(?:长|總理|总理|主席|书记|書記|主任|市长|省长|区长|县长|旗长|州长|長|长官|長官)$")
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff]")
# A date in digits or in Chinese numerals, as a formal text writes it (`二〇二四年一月十日`, `二〇二四年十二月三十一日`)
_HAN = "〇零一二三四五六七八九十"
_HAN_DIGIT = {char: value for value, char in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE = re.compile(rf"(\d{{4}}|[{_HAN}]{{4}})年(\d{{1,2}}|[{_HAN}]{{1,3}})月(\d{{1,2}}|[{_HAN}]{{1,3}})日")
_DATE_LINE = re.compile(rf"[（(]?{_DATE.pattern}[）)]?")
# a date in dotted digits alone under the title (`（2024.1.18）`, `2024.01.18`): a court's or an office's print
# dates its report so; four digits, a month and a day, nothing else (`2.5`, `1.1.1` are no dates)
_DOTTED_DATE_LINE = re.compile(r"[（(]?(\d{4})[.．](\d{1,2})[.．](\d{1,2})[）)]?")
# `.*?`: `人民政府工作报告`, the second half of a title on two lines, names no place (`人民` is no name)
# (a bracketed note after the title, `（摘要）`, leaves the name as it is)
_TITLE_NAME = re.compile(r"^(.*?)(?:人民)?政府工作报告(?:[（(][^）)]{1,6}[）)])?$")
# A decree's header and number: `中华人民共和国国务院令`, `中华人民共和国主席令`, `某省人民政府令` / `第812号`
_DECREE = re.compile(r"[\u4e00-\u9fff]{2,30}(?:国务院|主席|人民政府|政府|委员会|部|局|署|总局)令")
_DECREE_NUMBER = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百零〇]{1,6}\s*号")
_ORGAN_REPORT = re.compile(r"^(?:[0-9]{4}年度?)?(.+?)工作报告$")
# a title's year, before or after the name (`国务院2014年…`), in digits with or without 年 (a headline's
# `2014国务院政府工作报告`) or in Chinese numerals with it (`二〇二六年…`)
_YEAR = re.compile(r"[0-9０-９]{4}\s*(?:年度?)?|[〇零一二三四五六七八九]{4}\s*年度?")
# (`我代表国务院`: the State Council needs no place before it)
_ON_BEHALF = re.compile(r"我代表([\u4e00-\u9fff]{2,20}?人民政府|[\u4e00-\u9fff]{0,20}?国务院)")
# What names a title line: a work report's `报告`, a white paper's `白皮书` (`《新时代的中国绿色发展》白皮书`)
_TITLE_WORD = re.compile(r"报告|報告|白皮书|白皮書")
_REPORT = re.compile(r"报告|報告")
# a subtitle saying what the text under the theme lines is: a report, or a speech (`——在…会议上的讲话`)
_NAMES_TEXT = re.compile(r"报告|報告|讲话|講話|致辞|致辭")
# A title ending with the name of its kind of document: a plan's outline (`…远景目标纲要`), a statistical
# bulletin (`…统计公报`), a State Council opinion or notice (`国务院关于…的意见`), a decision, a programme, a
# regulation and its kin (`…优化营商环境条例`, `…管理办法`, `…实施细则`), articled `第一条 …` under `第一章`
# (an office's yearly review and plan, `某局2023年工作总结和2024年工作计划`, `…工作要点`, also; and a letter)
_DOCUMENT_TITLE = re.compile(r"[^。，；：！？]{4,58}(?:纲要|綱要|公报|公報|意见|意見|通知|决定|決定|方案|规划|規劃"
                             r"|条例|條例|办法|辦法|规定|規定|细则|細則|章程|工作总结|工作總結|工作计划|工作計劃"
                             r"|工作要点|工作要點"
                             # a letter an organ sends (`致全国科技工作者的贺信`, `…的慰问信`, `给…的回信`)
                             r"|贺信|賀信|贺电|賀電|慰问信|慰問信|感谢信|感謝信|公开信|公開信|倡议书|倡議書|回信)")
# A sentence names no title: a paragraph saying `现将有关情况报告如下：` is the text's first, whatever its length
_SENTENCE = re.compile(r"[。！？；]|[：:，]$")
# A speech titled by its occasion (`在全市优化营商环境大会上的讲话`, `某某同志在…上的讲话`) when it opens the text;
# under a theme title it is the subtitle, with its dash
_SPEECH_TITLE = re.compile(r"[^—\-－（(。，；！？]{0,20}?在[^。；！？]{2,50}上的(?:讲话|講話|致辞|致辭|发言|發言)")
# The name of the WeChat or Weibo account that posted the report, on a line above its title (`青溪发布`,
# `青溪融媒`): its masthead, no part of the text
_ACCOUNT = re.compile(r"[\u4e00-\u9fff]{2,8}(?:发布|融媒|微报|头条|之窗)")
# A bracketed subtitle a wrap cut before its end: `（2024年1月10日在某县第十八届人民代表大会` / `第三次会议上）`
_OPEN_BRACKETED_SUBTITLE = re.compile(rf"[（(]{_DATE.pattern}在[^）)]{{2,60}}")
FRONT_MAX_PARAGRAPHS = 8
FRONT_MAX_CHARS = 60


@dataclass(slots=True)
class FrontMatter:
    """What the opening lines told: each field "" when not found."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    organization: str = ""
    date: str = ""
    glossary_title: str = ""
    label: str = ""  # the cover's document label (`…会议文件（12）`), from the lines above the title
    label_lines: tuple[int, ...] = ()
    toc: bool = False  # the raw had its own contents page (contents.lists_headings): `toc: true`
    # a decree's promulgation, and its signature and date, which open the text (`::: signoff` after it)
    decree: tuple[str, ...] = ()
    decree_signoff: tuple[str, ...] = ()
    doubts: list[str] = field(default_factory=list)


# The note under a regulation's or a plan's title of the sessions that adopted and approved it, in brackets: it
# names two sessions and their dates when a higher congress approved the text (`（2023年10月26日…会议通过　2023年
# 12月1日…会议批准）`), and is longer than any other front line
_ADOPTION_NOTE = re.compile(r"[（(][^（()）。；]{10,150}(?:会议批准|会议通过|會議批准|會議通過)[）)]")


def is_adoption_note(text: str) -> bool:
    return bool(_ADOPTION_NOTE.fullmatch(text))


# The title in English under the Chinese one (a development zone's, a city's for its foreign readers): Latin
# words alone, long as a Chinese paragraph is but no paragraph of the text (it stays one, the report says so)
_ENGLISH_TITLE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'&()\-–—:]{10,200}")


# A part, chapter, section or article number opens the body (`第一章　总　　则`, `第一条　为了…`, `第二部分`): a
# regulation has no salutation and no `一、`, and its short articles are shorter than a long front line
_PART_OR_ARTICLE = re.compile(PART_NUMBER + r"(?:部分|章|篇|编|节|条)(?:[\s\u3000：:]|$)")


def body_start(paragraphs: list[Line]) -> int:
    """Index of the first body paragraph."""
    for index, line in enumerate(paragraphs[: FRONT_MAX_PARAGRAPHS + 1]):
        text = line.text
        if _SALUTATION.match(text) or is_salutation(text) or numbering_level(text) or _PART_OR_ARTICLE.match(text) or (
                len(text) > FRONT_MAX_CHARS and not is_adoption_note(text)
                and not (index > 0 and _ENGLISH_TITLE.fullmatch(text))):
            return index
    return 0


_PLACE_HEAD = re.compile(r"([\u4e00-\u9fff]{1,15}?[省市县区旗州盟])(?:人民政府)?代?[省市县区旗州盟]长")


def organization_from(*names: str) -> str:
    """`上海市虹口区` from a title → `上海市虹口区人民政府`; `国务院` stays; "" when none names one."""
    for name in names:
        match = _TITLE_NAME.match(name)
        body = _YEAR.sub("", match.group(1)).strip() if match else ""
        if body:
            return body if body.endswith(("国务院", "政府")) else body + "人民政府"
        # (a document the State Council or a government issues opens with its name: `国务院关于…的意见`)
        # (and the premier's office line, `国务院总理`)
        office = re.match(r"(.+?(?:人民政府|国务院)(?:办公厅|办公室)?|国务院(?:办公厅|办公室)?(?=关于)"
                          r"|国务院(?=副?总理))", name)
        if office:
            return office.group(1)
        # another organ's report names it the same way (`某市中级人民法院工作报告`, `…常务委员会工作报告`)
        organ = _ORGAN_REPORT.match(name)
        if organ and is_organisation(organ.group(1)):
            return organ.group(1)
        # a mayor's or a governor's office line names the government (`青江市市长`, `某县人民政府县长`)
        head = _PLACE_HEAD.fullmatch(name)
        if head:
            return head.group(1) + "人民政府"
    return ""


def split_speaker(text: str) -> tuple[str, str] | None:
    """`虹口区区长 胡广杰` → (office, name); None when `text` is not such a line. A two-character name set to the
    width of three (`市长　王　明`, as print sets one beside longer names) is a name, and keeps its space."""
    parts = re.split(r"[ \u3000]+", text)
    if len(parts) == 3 and all(len(part) == 1 and _NAME_CHAR.fullmatch(part) for part in parts[1:]):
        parts = [parts[0], "\u3000".join(parts[1:])]
    if len(parts) == 2 and _OFFICE.match(parts[0]) and _NAME.fullmatch(parts[1].replace("\u3000", "")):
        return parts[0], parts[1]
    return None


def spaced_name(text: str) -> str:
    """`李　强` → `李强`: a two-character name set to the width of three, read as a name (it is printed so)."""
    return text.replace("\u3000", "").replace(" ", "") if _SPACED_NAME.fullmatch(text) else text


_SPACED_NAME = re.compile(r"[\u4e00-\u9fff][ \u3000]{1,2}[\u4e00-\u9fff]")


def speaker_line(office: str, name: str) -> str:
    """Office and name as the front matter writes them: one ideographic space between."""
    return f"{office}\u3000{name}"


def read_front_matter(paragraphs: list[Line]) -> tuple[FrontMatter, list[Line], list[Dropped]]:
    """Read the front matter off the opening paragraphs; return it, the body and the dropped lines.

    An opening line that is none of title, subtitle, speaker or date stays: it begins the body, and
    the report names it.
    """
    front = FrontMatter()
    start = body_start(paragraphs)
    opening = paragraphs[:start]
    front.label, label_lines = find_label(opening)
    front.label_lines = tuple(line.number for line in label_lines)
    opening = [line for line in opening if line not in label_lines]
    # A decree (`中华人民共和国国务院令` / `第812号` / `《…条例》已经…通过，现予公布…` / `总理　李强` / its date)
    # over the regulation it makes public: the header and number are the cover's label, the regulation's name
    # the title; the promulgation, its signature and date stay the text's opening, in their order (the signer
    # is no speaker)
    decree = len(opening) >= 3 and bool(_DECREE.fullmatch(opening[0].text)) and bool(
        _DECREE_NUMBER.fullmatch(opening[1].text))
    if decree and not front.label:
        front.label = f"{opening[0].text}\u3000{opening[1].text}"
        front.label_lines = (opening[0].number, opening[1].number)
        opening = opening[2:]
    kept: list[Line] = []
    dropped: list[Dropped] = []
    titles: list[Line] = []
    organ = ""
    subtitle_at = subtitle_end = -1  # the index in `opening` of the subtitle's first line, and of its last
    index = 0
    bracketed_date = ""  # a speech's `（2024年5月8日）` line, printed under the title (see below)
    while index < len(opening):
        line = opening[index]
        text = line.text
        date_line = _DATE_LINE.fullmatch(text) or _DOTTED_DATE_LINE.fullmatch(text)
        if date_line and not front.date and iso_date(date_line):
            front.date = iso_date(date_line)
            if text.startswith(("（", "(")):
                bracketed_date = text
            if decree:
                front.decree_signoff += (text,)  # the decree's date, under its signature
        elif decree and not _DOCUMENT_TITLE.fullmatch(text):
            if split_speaker(text) or (_NAME.fullmatch(spaced_name(text)) and not front.decree_signoff):
                front.decree_signoff += (text,)  # its signer: `总理　李强`
            elif front.decree_signoff:
                kept.append(line)  # after the signature: not the decree's, kept as the text's
            else:
                front.decree += (text,)
        elif index == 0 and _SPEECH_TITLE.fullmatch(text):
            titles.append(line)
        elif (_DASH.match(text) or (_SUBTITLE_END.search(text) and not _REPORT.search(text))
              or _OPEN_BRACKETED_SUBTITLE.fullmatch(text)) and not front.subtitle:
            # a subtitle in brackets (`（2031年1月8日在…会议上）`) is printed so: it takes no dash
            subtitle = text if text.startswith(("（", "(")) else "——" + _DASH.sub("", text)
            subtitle_at = index
            # a scrape may have split the subtitle at a space: join what completes it
            while not _SUBTITLE_END.search(subtitle) and index + 1 < len(opening):
                following = opening[index + 1].text
                if len(following) > 40 or _OFFICE.match(following) or split_speaker(following):
                    break
                subtitle += following
                index += 1
            front.subtitle, subtitle_end = subtitle, index
        elif ((_TITLE_WORD.search(text) or _DOCUMENT_TITLE.fullmatch(text)) and not front.subtitle
              and not front.author and not _SENTENCE.search(text)):
            titles.append(line)
        elif not front.author:
            speaker = split_speaker(text)
            if speaker:
                front.author = speaker_line(*speaker)
            elif (
                _OFFICE.match(text)
                and index + 1 < len(opening)
                and _NAME.fullmatch(opening[index + 1].text)
            ):
                front.author = speaker_line(text, opening[index + 1].text)
                index += 1
            elif index == subtitle_end + 1 and subtitle_end != -1 and is_organisation(text) and titles:
                # the organ that gives the report, named under the subtitle in the speaker's place (a plan's or a
                # budget's report `受市人民政府委托` by the office that drew it up: `某市发展和改革委员会`)
                front.author = organ = text
            elif (front.subtitle or front.date) and _NAME.fullmatch(spaced_name(text)) and (
                    not is_framing_title(text)) and (
                    index > 0 and opening[index - 1] not in kept and opening[index - 1] not in titles):
                # a party congress report names its speaker alone, under the subtitle and the date
                front.author = text
            else:
                kept.append(line)
        else:
            kept.append(line)
        index += 1
    theme = theme_under(opening, titles[-1], kept, subtitle_at) if titles and _NAMES_TEXT.search(front.subtitle) else []
    if theme:
        # the line above is the cover's name of the document: its label, or a headline when it has one
        cover = titles.pop()
        if front.label:
            dropped.append(Dropped(cover.number, cover.text, "headline before the title"))
        else:
            front.label, front.label_lines = cover.text, (cover.number,)
        for line in theme:
            kept.remove(line)
        titles = [Line(theme[0].number, "\u3000".join(line.text for line in theme))]
    first_half = title_first_half(opening, titles[-1], kept) if titles and not theme else None
    if first_half is not None:
        kept.remove(first_half)
    elif titles and not theme and (above := organ_above(opening, titles[-1], kept)) is not None:
        kept.remove(above)
        organ = organ or above.text
    if not titles:
        titles = slogan_title(opening, kept, front.subtitle)
        for line in titles:
            kept.remove(line)
        if len(titles) > 1:
            # its lines are one title, printed as two phrases: joined they stay two (`……之路　奋力……`)
            titles = [Line(titles[0].number, "\u3000".join(line.text for line in titles))]
    issuer = ""
    if not titles:
        titles, dated, issued = display_title(opening, kept)
        for line in [*titles, *dated, *issued]:
            kept.remove(line)
        front.subtitle = front.subtitle or "".join(line.text for line in dated)
        issuer = "".join(line.text for line in issued)
    else:
        issued = issuers_under(opening, titles[-1], kept)
        for line in issued:
            kept.remove(line)
        issuer = "\u3000".join(line.text for line in issued)
        month = month_under(opening, titles[-1], issued, kept)
        if month is not None and not front.subtitle:
            kept.remove(month)
            front.subtitle = month.text
    for line in [line for line in kept if titles and line.number < titles[0].number and _ACCOUNT.fullmatch(line.text)]:
        kept.remove(line)
        dropped.append(Dropped(line.number, line.text, "the name of the account that posted it, above the title"))
    for line in kept:
        front.doubts.append(f"line {line.number}: not understood in the opening, kept as a paragraph: {line.text}")
    site = ""
    if titles:
        front.title, site = split_site(clean_title((first_half.text if first_half else "") + titles[-1].text))
        for headline in titles[:-1]:
            dropped.append(Dropped(headline.number, headline.text, "headline before the title"))
    else:
        front.doubts.append("no title found in the opening lines")
    if bracketed_date and (_NAMES_TEXT.search(front.subtitle) or _SPEECH_TITLE.fullmatch(front.title)):
        # A speech (`在…上的讲话`) or a party congress report (`——在…代表大会上的报告`) prints its date in
        # brackets under the title (`（2024年5月8日）`); `date:` alone is not printed by the title block, so the
        # line stays visible as (the end of) the subtitle, as the raw shows it. A work report's date line
        # (`（2024.1.18）`, `（2021年1月6日）` over `在…会议上`) is read as its date only, as before.
        front.subtitle += bracketed_date
    date = _DATE.search(front.subtitle)
    if date and not front.date:
        front.date = iso_date(date)
    office = front.author.split("\u3000")[0]
    front.organization = organization_from(front.title, *[t.text for t in reversed(titles[:-1])], office,
                                           site) or issuer or organ
    if not front.organization:
        # `现在，我代表虹口区人民政府，向大会报告…` names it in the opening paragraphs
        for line in paragraphs[start : start + 3]:
            named = _ON_BEHALF.search(line.text)
            if named:
                front.organization = named.group(1)
                break
    return front, kept + paragraphs[start:], dropped


# A long title set on two lines, the first without `报告`: `关于2031年预算执行情况和2032年` / `预算草案的报告`,
# `关于…计划执行情况` / `与…计划草案的报告`, `某市2031年` / `政府工作报告`, `2031年某市` / `人民政府工作报告`.
_TITLE_CONTINUES = re.compile(r"[与和及暨并的]")
_TITLE_OPENS = re.compile(r"关于|.{0,20}\d{4}年度?$")
# `2031年某市` / `人民政府工作报告`: the year and the place above, the government's report below
_TITLE_PLACE = re.compile(r"\d{4}年度?[\u4e00-\u9fff]{1,15}[省市县区州旗盟]")
_TITLE_GOVERNMENT = re.compile(r"(?:人民)?政府工作报告")
# … and `2031年某市人民政府` / `工作报告`: the line cut after the government's name
_TITLE_PLACE_GOVERNMENT = re.compile(rf"{_TITLE_PLACE.pattern}(?:人民)?政府")
_TITLE_MAX_CHARS = 60


# An organ's report set with its name on a line of its own (`中国人民政治协商会议某市委员会` / `常务委员会工作报告`,
# `某市中级人民法院` / `工作报告`): the first line names an organ, the second is the report's short name. A
# session's name (`…人民代表大会`, a cover label) above a title is no half of it.
_ORGAN_TITLE_MAX_CHARS = 16


# A session's or an organ's own act, titled `发文机关 + 关于…的决议`: set on two lines (`某市第十七届人民代表大会第三次
# 会议` / `关于政府工作报告的决议`, `某市人民政府` / `关于…的决定`), the name above is the title's first half. A
# report to a session (`关于…的报告`) is not its act: a session's name above one is the cover's, as above.
_ISSUED_TITLE = re.compile(r"关于.{2,50}的(?:决议|決議|决定|決定|意见|意見|通知|批复|批復|通告)")
_SESSION = re.compile(r"[\u4e00-\u9fff]{2,30}(?:代表大会|委员会|委員會)第[一二三四五六七八九十]{1,3}次(?:全体)?会议")


# What a web page adds to the title it carries: book-title marks around it all (`《2031年某市政府工作报告》`), a
# note that this is the whole text (`（全文）`, `全文`, `（附全文）`). A `（摘要）` says what the text is and stays.
_TITLE_MARKS = re.compile(r"《([^《》]+)》")
_FULL_TEXT = re.compile(r"\s*(?:[（(](?:附)?全文[）)]|全文)$")


# A page's `<title>` copied as the first line: the site's name and the article's, apart by a dash, a bar or an
# underscore between spaces (`某市人民政府门户网站 - 2023年政府工作报告`, `2023年政府工作报告_某市人民政府网`)
_SITE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,30}?(?:门户网站|门户网|网站|官网|政府网|网|频道|在线)")
_SITE_SEPARATOR = re.compile(r"\s*(?:\s[-－—|｜]\s|[_＿|｜])\s*")


def split_site(title: str) -> tuple[str, str]:
    """(the article's title, the site's name without `门户网站` …) of a `<title>` line, else (`title`, "")."""
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) != 2:
        return title, ""
    for site, article in ((parts[0], parts[1]), (parts[1], parts[0])):
        found = _SITE.fullmatch(site)
        if found and _TITLE_WORD.search(article) and not _TITLE_WORD.search(site):
            return article, re.sub(r"(?:门户网站|门户网|网站|官网|政府网|网|频道|在线)$", "", site)
    return title, ""


def clean_title(title: str) -> str:
    """`title` without the web page's additions (see above)."""
    marked = _TITLE_MARKS.fullmatch(title)
    title = marked.group(1) if marked and _TITLE_WORD.search(marked.group(1)) else title
    return _FULL_TEXT.sub("", title)


def title_first_half(opening: list[Line], title: Line, kept: list[Line]) -> Line | None:
    """The opening line just above `title` that is the first half of it (see above), or None."""
    at = opening.index(title)
    if at == 0 or opening[at - 1] not in kept:
        return None
    before = opening[at - 1].text
    if re.search(r"[。，；：！？、]", before) or len(before) + len(title.text) > _TITLE_MAX_CHARS:
        return None
    organ = (is_organisation(before) and not before.endswith("代表大会")
             and len(title.text) <= _ORGAN_TITLE_MAX_CHARS and not _YEAR.search(title.text))
    place = bool((_TITLE_PLACE.fullmatch(before) and _TITLE_GOVERNMENT.fullmatch(title.text))
                 or (_TITLE_PLACE_GOVERNMENT.fullmatch(before) and title.text == "工作报告"))
    issued = bool(_ISSUED_TITLE.fullmatch(title.text) and (is_organisation(before) or _SESSION.fullmatch(before)))
    if not (organ or place or issued or _TITLE_OPENS.match(before) or _TITLE_CONTINUES.match(title.text)):
        return None
    return opening[at - 1]


def organ_above(opening: list[Line], title: Line, kept: list[Line]) -> Line | None:
    """The organ's name on the line right above a title that is no half of it (`某市人民政府` / `2031年政府工作报告`):
    the organ that gives the report, its organization, as the cover prints it; None when there is none. A
    session's name there (`…第十七届人民代表大会`) is the occasion's, not the report's organ."""
    at = opening.index(title) if title in opening else 0
    above = opening[at - 1] if at > 0 else None
    if above is None or above not in kept or not is_organisation(above.text) or above.text.endswith("代表大会"):
        return None
    return None if "届" in above.text else above


# A party congress report is titled by its theme, in one or two phrases with no `报告` (`坚定不移走好新时代赶考
# 之路` / `奋力谱写某市高质量发展新篇章`), and says what it is in the subtitle under them (`——在中国共产党某市第八次代表
# 大会上的报告`). Only lines right above that subtitle, with no sentence mark, are the title.
_SLOGAN_MAX_LINES = 2
_SLOGAN_MAX_CHARS = 30


# A white paper (or a like publication) opens with its title alone, its month in brackets under it and the
# issuing office (`新时代的某市生态文明建设` / `（2031年6月）` / `某市人民政府新闻办公室`), or the office and the month
# under it (`中国的绿色发展` / `中华人民共和国` / `国务院新闻办公室` / `2023年1月`, the state's name on a line of
# its own): the title names no report; the date and the office say it is one.
# The state's name printed on a line of its own above the office that issues a white paper
_STATE = re.compile(r"中华人民共和国|中華人民共和國")


def display_title(opening: list[Line], kept: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(title, bracketed date, issuer) lines of such an opening (see above), each [] when not there."""
    if len(opening) < 2 or opening[0] not in kept or opening[1] not in kept:
        return [], [], []
    title, after = opening[0], opening[1]
    if (len(title.text) > _SLOGAN_MAX_CHARS or re.search(r"[。，；：！？、]", title.text)
            or is_framing_title(title.text) or is_organisation(title.text)):
        return [], [], []
    dated = [after] if is_date_line(after.text) and after.text.startswith(("（", "(")) else []
    rest = opening[1 + len(dated) :]
    issued = [rest[0]] if rest and rest[0] in kept and is_organisation(rest[0].text) else []
    if not issued and len(rest) > 1 and rest[0] in kept and rest[1] in kept and (
            _STATE.fullmatch(rest[0].text) and is_organisation(rest[0].text + rest[1].text)):
        issued = rest[:2]  # `中华人民共和国` / `国务院新闻办公室`: the state's name over its office, one issuer
    if issued and not dated:
        # the month alone under the issuer (`2023年1月`), as the State Council's white papers print it
        under = opening[1 + len(issued)] if len(opening) > 1 + len(issued) else None
        dated = [under] if under is not None and under in kept and is_date_line(under.text) else []
    if not dated and not issued:
        return [], [], []
    return [title], dated, issued


def issuers_under(opening: list[Line], title: Line, kept: list[Line]) -> list[Line]:
    """The organisation lines right under the title, before anything else (a bulletin's `某市统计局` /
    `国家统计局某市调查队`, its date after them): they issue it, and are its organisation."""
    issued: list[Line] = []
    if title not in opening:  # a title joined of two lines (theme lines) is never over its office
        return issued
    for line in opening[opening.index(title) + 1 :]:
        if line not in kept or not is_organisation(line.text):
            break
        issued.append(line)
    return issued


def month_under(opening: list[Line], title: Line, issued: list[Line], kept: list[Line]) -> Line | None:
    """The line of a month alone right under the title and its issuers (a white paper's `2026年7月`), or None.

    It dates the document, as a full date there does (`date:`); but the front matter's date is a day, and a
    day made up would print on the cover, so the month is the subtitle, as `display_title` makes a bracketed
    `（2031年6月）` one. A paragraph opening with a date (`2026年7月，我们…`) is no date line."""
    if title not in opening:
        return None
    at = opening.index(title) + 1 + len(issued)
    line = opening[at] if at < len(opening) else None
    return line if line is not None and line in kept and is_date_line(line.text) else None


def theme_under(opening: list[Line], title: Line, kept: list[Line], subtitle_at: int) -> list[Line]:
    """The theme lines between a line naming the report and the subtitle (a party congress report's cover:
    `中国共产党某市第十三次代表大会报告` / `坚定信心　奋勇争先` / `为…而团结奋斗` / `——在…大会上的报告`); [] when
    no such lines stand there. The theme is the title, as `slogan_title` reads it with no cover line above."""
    if title not in opening or subtitle_at == -1:
        return []
    lines = opening[opening.index(title) + 1 : subtitle_at]
    # (a bracketed note under the title, `（草案）`, says what the text is: no theme)
    if (not lines or len(lines) > _SLOGAN_MAX_LINES or any(line not in kept for line in lines)
            or any(line.text.startswith(("（", "(")) for line in lines)
            or any(len(line.text) > _SLOGAN_MAX_CHARS or re.search(r"[。，；：！？、]", line.text) for line in lines)):
        return []
    return lines


def slogan_title(opening: list[Line], kept: list[Line], subtitle: str) -> list[Line]:
    """The theme lines standing above the subtitle as the title (see above); [] when there are none."""
    if not subtitle or not _NAMES_TEXT.search(subtitle):
        return []
    at = next((index for index, line in enumerate(opening) if line not in kept), len(opening))
    lines = opening[:at]
    if (not lines or len(lines) > _SLOGAN_MAX_LINES or at == len(opening)
            or any(len(line.text) > _SLOGAN_MAX_CHARS or re.search(r"[。，；：！？、]", line.text) for line in lines)):
        return []
    return lines


# A cover notice: a site publishes the report under the notice that issued it (`某市人民政府关于印发2031年政府
# 工作报告的通知`, its document number, its addressees, one or two sentences, the issuing office and the date,
# perhaps `（此件公开发布）`), and the report's own title follows.
_NOTICE_TITLE = re.compile(r".{2,60}(?:的通知|的函|的决定)")
_COVER_MAX_PARAGRAPHS = 16


def drop_cover_notice(paragraphs: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Drop the cover notice above the report (see above): from a notice title among the first paragraphs to
    the date of its sign-off, when a report title comes right after; the paragraphs unchanged otherwise."""
    opening = paragraphs[:_COVER_MAX_PARAGRAPHS]
    start = next((index for index, line in enumerate(opening) if _NOTICE_TITLE.fullmatch(line.text)), -1)
    if start == -1:
        return paragraphs, []
    for index in range(start + 2, len(opening) - 1):
        # the notice's 附注 under its date (`（此件公开发布）`) is the notice's, dropped with it
        noted = index + 2 < len(opening) and PUBLICATION_NOTE.fullmatch(opening[index + 1].text)
        end = index + 2 if noted else index + 1
        if (is_date_line(opening[index].text) and is_organisation(opening[index - 1].text)
                and _TITLE_WORD.search(opening[end].text) and len(opening[end].text) <= FRONT_MAX_CHARS):
            dropped = [Dropped(line.number, line.text, "cover notice above the report")
                       for line in paragraphs[start:end]]
            return paragraphs[:start] + paragraphs[end:], dropped
    return paragraphs, []


def date_number(text: str) -> int:
    """A date's number in digits or in Chinese numerals: `2024`, `二〇二四` (digit by digit), `十`, `二十一`."""
    if text.isascii():
        return int(text)
    if "十" not in text:  # a year, or a day below ten: each character is a digit
        return int("".join(str(_HAN_DIGIT[char]) for char in text))
    tens, _, ones = text.partition("十")
    return (date_number(tens) if tens else 1) * 10 + (date_number(ones) if ones else 0)


def iso_date(match: re.Match[str]) -> str:
    """`2020年1月8日` (as matched by `_DATE`) → `2020-01-08`; "" for a day that does not exist."""
    year, month, day = (date_number(group) for group in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def yaml_scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if value and yaml.safe_load(value) == value and "\n" not in value and not value.startswith(" "):
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


# Frequent characters in their simplified and their traditional forms (neither form of a pair is used for the other
# word in running text, unlike 后/後 or 准/準): a text writing the traditional ones is in traditional characters
# (a Taiwan or Hong Kong report, often Big5). Its `lang` stays zh-CN, the layout's (GB/T 9704, as the README
# says since round three), but the reviewer is told: the CJK fonts choose glyphs by language (`locl`), so
# `lang: zh-TW` or `zh-HK` would set its punctuation and some characters as Taiwan or Hong Kong print them.
_SCRIPT_PAIRS = ("们們这這个個国國会會发發经經对對说說时時来來为為与與学學实實区區体體关關进進过過还還动動员員现現设設"
                 "务務业業产產长長开開从從点點东東样樣问問当當电電将將应應议議报報计計办辦资資济濟机機统統级級质質论論"
                 "领領导導农農华華门門网網万萬亿億书書广廣乡鄉县縣边邊热熱认認让讓话話语語总總结結组組织織构構标標规規"
                 "验驗难難爱愛")  # simplified, traditional, …
_SIMPLIFIED = re.compile("[" + _SCRIPT_PAIRS[0::2] + "]")
_TRADITIONAL = re.compile("[" + _SCRIPT_PAIRS[1::2] + "]")
_TRADITIONAL_MIN = 10  # a few traditional forms are quotations, names or a title in the old script
_TRADITIONAL_SHARE = 4  # times the simplified ones


def text_language(text: str) -> str:
    """`zh-TW` for a text in traditional characters (see above), else `zh-CN` (zh-TW or zh-HK: the characters
    do not tell them apart)."""
    traditional = len(_TRADITIONAL.findall(text))
    simplified = len(_SIMPLIFIED.findall(text))
    return "zh-TW" if traditional >= _TRADITIONAL_MIN and traditional > _TRADITIONAL_SHARE * simplified else "zh-CN"


def front_matter_to_yaml(front: FrontMatter) -> str:
    """The `---` fenced YAML block that opens the source (DESIGN §3)."""
    fields = [
        ("title", front.title),
        ("subtitle", front.subtitle),
        ("author", front.author),
        ("organization", front.organization),
        ("date", front.date),
        ("label", front.label),
        ("lang", "zh-CN"),
        ("layout", "gov-report"),
        ("glossary-title", front.glossary_title),
    ]
    # the date is ISO 8601 already, and YAML reads it as a date, which the reader wants
    lines = [f"{key}: {value if key == 'date' else yaml_scalar(value)}" for key, value in fields if value]
    if front.toc:
        lines.append("toc: true")
    return "---\n" + "\n".join(lines) + "\n---\n"
