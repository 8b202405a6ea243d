"""Lines that are not the report: web and forum debris, PDF folios and running heads.

In: the decoded lines. Out: the lines to keep and the `Dropped` ones with a reason each (the import
report lists them, text and all, so nothing disappears silently). Only whole lines are dropped, and
only when they match a pattern below or repeat like a running head: a line that merely looks odd stays.
Web pages add their furniture (a share bar, 上一篇/下一篇 links, a record's hex id, a related-article list
from its heading to the end) and repeat the title and the opening at the end (`drop_page_repeats`, run
once the front matter is known).
"""

from __future__ import annotations

import re
from collections import Counter

from reportpress.importer.blocks import Dropped, Line
from reportpress.importer.headings import NUMBERING

# Each pattern matches a whole line (after stripping). Order only decides which reason is reported.
_NOISE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("forum edit stamp", re.compile(r"本帖最后由\s*.*\s*于\s*[\d\-/: ]+\s*编辑")),
    (
        "web toolbar",
        re.compile(
            r"[【\[]?\s*(?:下载|打印|全屏|收藏|分享|分享到|加大|还原|减小|放大|缩小|大|中|小|"
            r"打印本页|关闭窗口|关闭|返回顶部|返回|字号|字体|字号：|字体：|默认|"
            r"【字号：|字号：\s*[大中小 ]+|字体：\s*[大中小 ]+|扫一扫|二维码|"
            r"纠错|上一篇|下一篇|网站地图|微信|微博|背景色|护眼模式|我要打印)\s*[】\]]?[:：]?"
        ),
    ),
    ("web toolbar", re.compile(r"[【\[]?字[号体][:：]?\s*[【\[]?\s*(?:[大中小]\s*){1,3}[】\]]?(?:\s*[】\]])?")),
    # a government CMS's size and colour switches: `字号：T | T`, `视力保护色：` and its swatches
    ("web toolbar", re.compile(r"字[号体]\s*[:：]\s*T\s*[|｜]?\s*T"
                               r"|视力保护色\s*[:：]?\s*(?:[【\[][^】\]]{1,4}[】\]]\s*)*")),
    # a share bar names its targets: `分享到：微信 微博 QQ空间`
    ("web toolbar", re.compile(r"[【\[]?(?:分享到|分享至|转发到)\s*[:：]?.{0,40}")),
    # the links to the neighbouring articles: `上一篇：某某市召开…`, `下一篇:…`
    ("web page navigation",
     re.compile(r"[【\[]?(?:上一篇|下一篇|上一条|下一条|前一篇|后一篇)\s*[】\]]?\s*[:：].{0,80}")),
    # a CMS's record id: 8 or more hex digits with a digit and a letter among them, perhaps as a UUID or
    # after a short field name (`ID：5f2b9c0a-…`); a Latin word (`deadbeef`) has no digit
    ("hex id", re.compile(r"(?:[A-Za-z]{1,10}\s*[:：=]\s*)?(?=[0-9a-fA-F\-]*\d)(?=[0-9a-fA-F\-]*[a-fA-F])"
                          r"[0-9a-fA-F]{8,}(?:-[0-9a-fA-F]{4,})*")),
    ("lone bracket or bar", re.compile(r"[|｜【】\[\]()（）<>《》]+")),
    (
        "web byline",
        re.compile(
            r"[（(【]?\s*(?:来源|来源于|信息来源|文章来源|本文来源|稿件来源|新闻来源|时间|发布时间|发布日期|日期|作者|责任编辑|编辑|编审|审核|"
            r"责编|校对|原标题|发布者|发布机构|发布单位|索引号|主题分类|发文机关|成文日期|网站标识码|主办单位|主办|承办|"
            r"浏览次数|点击数|点击量|阅读数|阅读次数|阅读量|访问量|访问次数|浏览量|浏览|文字|图片|监制|统筹|出品|制作)"
            # a WeChat article writes the field and its value apart by a bar: `来源 | 云州发布`, `编辑丨张三`
            r"\s*(?:[:：]|\s[|｜丨]\s|[|｜丨]).{0,40}?[）)】]?"
        ),
    ),
    # a news agency's dateline above a reprinted report: `新华社北京3月14日电`, `本报讯（记者 王明）`
    ("news dateline", re.compile(r"[（(]?(?:[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日电|本报讯)"
                                 r"(?:\s*[（(]记者[^）)]{1,30}[）)])?[）)]?")),
    # a reporter's credit on a line of its own: `（记者 王明）`, `(通讯员 李华 记者 张强)`
    ("news byline", re.compile(r"[（(]\s*(?:记者|通讯员|本报记者)[^）)]{1,30}[）)]")),
    # a site's footer and its media prompts: the ICP licence, the police record, `点击查看大图` …
    # (a footer line may hold all three: `网站标识码：3410230001　皖ICP备05001234号　皖公网安备34102302000123号`)
    ("web page footer", re.compile(r".{0,40}(?:ICP[备证]|公网安备)\s*[:：]?\s*\d{4,}.{0,40}")),
    # the CMS's credit line many government sites print at the foot (`Produced By 大汉网络 大汉版通发布系统`)
    ("web page footer", re.compile(r"(?i:produced\s+by|powered\s+by)\s+.{1,60}")),
    # the file an attachment link offers, its name alone on a line (`2024年政府工作报告.pdf`, `附件1.docx（56KB）`)
    ("web page furniture", re.compile(r"[^\s。，；！？]{1,80}\.(?i:pdf|docx?|wps|ofd|xlsx?|et|zip|rar)"
                                      r"(?:\s*[（(]\s*\d+(?:\.\d+)?\s*(?i:[KM]B?)\s*[）)])?")),
    ("web page furniture", re.compile(r"[【\[]?\s*(?:点击查看大图|点击图片查看大图|视频加载中\.*|扫码阅读手机版|"
                                      r"扫一扫在手机(?:上)?"
                                      r"(?:打开|查看)(?:当前页面?)?|我要纠错|附件下载[:：]?|全文下载|打印此页|手机版|无障碍浏览|"
                                      r"长者模式|关怀版|相关附件[:：]?|(?:报告)?全文如下[:：]?|以下(?:为|是)(?:报告)?全文[:：]?)\s*[】\]]?")),
    # the page's QR code and its prompt (`扫描二维码分享到微信`, `用手机扫描二维码在手机上继续观看该页`, `本页二维码`,
    # `手机扫一扫`), the link to the page itself (`原文链接：http…`), a follow prompt (`关注微信公众号`)
    ("web page furniture", re.compile(r"(?:用?手机)?(?:扫描|扫一扫|扫码|识别|长按)(?:本页|页面|下方|上方|左侧|右侧)?"
                                      r"二维码[^，。；]{0,20}"
                                      r"|(?:用?手机)?(?:扫一扫|扫码)[^，。；]{0,6}(?:分享|打开|查看|阅读|浏览|观看|关注)[^，。；]{0,12}"
                                      r"|(?:本页|本文|页面|手机版?|微信)二维码|手机扫一扫|(?:请)?关注(?:我们的)?微信公众号"
                                      r"|(?:原文|本文|文章|页面)(?:链接|地址)\s*[:：]\s*(?i:https?://)\S{1,200}")),
    # the page numbers of an article a site splits over pages: `上一页 1 2 3 下一页`, `[1] [2] [下一页]`
    ("web pagination", re.compile(r"(?=.*(?:上一页|下一页))(?:共\s*\d{1,3}\s*页\s*[:：]?\s*)?"
                                  r"(?:(?:首页|尾页|上一页|下一页|末页|[\[【]?\d{1,3}[\]】]?(?=\s|$|[\[【])"
                                  r"|[\[【](?:上一页|下一页)[\]】])\s*){3,}")),
    # a WeChat article's furniture: its prompts and its end marks
    ("web page furniture", re.compile(r"[-—\s]*(?:END|End|end)[-—\s]*|[▼▲↓]+|点击蓝字关注我们|点击上方蓝字.{0,20}|"
                                      r"阅读原文|在看|点赞|长按识别二维码.{0,20}|长按二维码.{0,20}|往期推荐|往期精彩|"
                                      r"点个在看.{0,20}|.{0,10}点(?:个|一下)\s*[“\"]?在看[”\"]?.{0,20}")),
    # an online library's page furniture (Wikisource and its like): its name line, the skip links, the
    # navigation between the year's texts (`← 1955年 | 1957年 →`), categories, the edit stamp, the tool links
    ("online library furniture", re.compile(
        r"(?:维基文库|维基百科)(?:\s*[，,]\s*自由的(?:图书馆|百科全书))?|跳转到(?:导航|搜索)|来自(?:维基文库|[^，。]{0,10}文库)"
        r"|[←→«»].{0,40}[←→«»]?|姊妹计划\s*[:：].{0,40}|(?:分类|页面分类|隐藏分类)\s*[:：].{0,80}"
        r"|(?:此|本)页面?最后(?:编辑|修订|修改)于.{0,60}|下载为PDF|可打印版本|查看历史|隐私政策|免责声明|移动版视图")),
    # a CMS's publication timestamp alone: `2024-01-22 09:30:15`, `2024年01月22日 09:30` (a signing date
    # written in Han, `2024年1月22日`, is no timestamp and stays)
    # (a WeChat article's: `2024-01-15 18:30 发表于青溪`, where it was posted from)
    ("web timestamp", re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
                                 r"(?:\s*发表于.{0,12})?"
                                 r"|\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?::\d{2})?")),
    ("photo caption", re.compile(r".{0,80}(?:记者|摄影|通讯员|图片来源).{0,20}摄[）)]?")),
    # a WeChat article's caption under a photo: `▲` then what it shows, its source in brackets (`（资料图）`,
    # `（图源：…）`, `（…供图）`); a `▲` bullet in the text has no such bracket at its end
    ("photo caption", re.compile(r"[▲△↑]\s*[^。！？]{0,60}[（(](?:资料图|资料照片|图片?来源[^）)]{0,20}"
                                 r"|图源[^）)]{0,20}|[^）)]{0,20}供图|[^）)]{0,20}摄)[）)]")),
    # a news page's caption under its photo, the photo gone: one sentence opening with what it shows (`图为…`,
    # `上图：…`), or ending with the picture's source in brackets (`…一角。（资料图）`, `（青州市委宣传部供图）`)
    ("photo caption", re.compile(r"(?:图为(?!什么)|图片为|[上下左右]图为?|图[:：])[^。！？]{1,60}[。！]?"
                                 r"(?:\s*[（(][^（()）]{1,24}[）)])?"
                                 r"|[^。！？]{2,60}[。！]?\s*[（(](?:资料图|资料照片|图片?来源[^）)]{0,20}"
                                 r"|图源[^）)]{0,20}|[^）)]{0,20}供图)[）)]")),
    # `— 3 —`, `—2—`, `- 3 -`, and a folio cut at either side by the extraction (`— 23`, `23 —`)
    ("page folio", re.compile(r"[—–\-－─]{1,3}\s*\d{1,4}\s*[—–\-－─]{0,3}|\d{1,4}\s*[—–\-－─]{1,3}")),
    ("page folio", re.compile(r"[—–\-－─]{1,3}\s*\d{1,4}\s*/\s*\d{1,4}\s*[—–\-－─]{1,3}")),  # `- 3 / 20 -`
    ("page folio", re.compile(r"(?:第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})")),
    ("page folio", re.compile(r"\d{1,4}")),
    # a journal's `·12·`, an English `Page 3` / `page 3 of 20`, `共20页 第3页`
    ("page folio", re.compile(r"[·•]\s*\d{1,4}\s*[·•]|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
                              r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页")),
    # a folio and the running head on one line (`政府工作报告　— 3 —`, `— 3 — 政府工作报告`): the dashes on both
    # sides of the number make it a folio, the short title beside it (no punctuation) a running head
    ("page folio and running head",
     re.compile(r"[^\s，。；：！？、]{2,24}\s+[—–\-－─]{1,3}\s*\d{1,4}\s*[—–\-－─]{1,3}"
                r"|[—–\-－─]{1,3}\s*\d{1,4}\s*[—–\-－─]{1,3}\s+[^\s，。；：！？、]{2,24}")),
    # a news article's end mark and its correction link: `（完）`, `（全文完）`, `【纠错】`
    ("end of article", re.compile(r"[（(【\[]\s*(?:全文)?完\s*[）)】\]]|[（(]?\s*[Ee][Nn][Dd]\s*[）)]?")),
    # a site's breadcrumb trail above the article: `首页 > 政务公开 > 政府工作报告`, `当前位置：首页>>…`
    ("web breadcrumb", re.compile(r"(?:当前位置\s*[:：]\s*)?(?:首页|主页|网站首页)"
                                  r"\s*(?:[>＞»→/]+\s*[^>＞»→/]{1,20}\s*){1,6}")),
    # … and `您当前的位置：` before one: only with a trail after it (a `>` or the home page), never a field
    # of the text (`所在位置：城东新区中心大道沿线`)
    ("web breadcrumb", re.compile(r"(?:您(?:当前|现在)?的?(?:所在)?位置|当前位置|所在位置)\s*[:：]"
                                  r"(?=.{0,60}?(?:[>＞»→]|首页|主页)).{0,60}")),
    # a forum thread's furniture around the post: the floor names, the post header with its date, the
    # buttons under each post (the report itself is in the posts; nothing of it has this shape)
    ("forum post furniture", re.compile(
        r"(?:楼主|沙发|板凳|地板|地下室|\d{1,4}\s*(?:楼|#|＃))(?:\s*[|｜]?\s*(?:发表于|只看该作者|电梯直达).*)?"
        r"|(?:[\u4e00-\u9fffA-Za-z0-9_]{1,20}\s+)?发表于\s*\d{4}[-/年]\d{1,2}[-/月]\d{1,2}.{0,40}"
        r"|(?:(?:回复|举报|引用|评分|支持|反对|收藏|分享|使用道具|只看该作者|倒序浏览|阅读模式|楼主|点评)"
        r"(?:\s*[|｜(（]?\s*\d{0,6}\s*[)）]?)?\s*){1,8}"
        r"|[【\[]?\s*(?:转帖|转载|原创|分享)\s*[】\]]\s*.{0,60}")),
    # (the publication note under an official document's date, `（此件公开发布）`, is no noise: it is the
    # document's 附注, GB/T 9704 §7.3.6, kept after the sign-off by closing.split_note)
    # a wiki's or a CMS's data fields scraped with the text: a licence name, a bare boolean
    ("web page data", re.compile(r"(?i:public domain|true|false|null|undefined|none|nan)")),
)

# From one of these lines to the end, a web page lists other articles, not the report.
_PAGE_TAIL = re.compile(r"(?:相关报道|相关阅读|相关新闻|相关链接|相关文章|相关推荐|相关稿件|延伸阅读|推荐阅读|"
                        r"热点推荐|热门文章|热门推荐|更多阅读|更多新闻|猜你喜欢|往期回顾|精彩推荐)\s*[:：]?")
# A licence or copyright statement (Wikisource's 本作品…属于公有领域, a site's 版权所有…) opens the page
# footer: from its first line to the end, nothing is the report. It must name a licence within a few lines,
# and what follows must be short: a report's own text that cites 著作权法 goes on far longer.
_LICENCE_START = re.compile(r"(?:本作品|本文|本页面?|本网站?|本站|版权所有|Copyright|©)", re.IGNORECASE)
_LICENCE_WORDS = re.compile(
    r"公有领域|著作权|版权所有|版权归|许可协议|授权|知识共享|Creative Commons|CC[- ]BY|GFDL|public domain",
    re.IGNORECASE,
)
_LICENCE_WINDOW = 12
_LICENCE_TAIL_MAX = 40
_FOLIOS = frozenset({"page folio", "page folio and running head"})
_PAGE_FURNITURE = _FOLIOS | {"running head", "page break"}
_OPENING_LINES = 8
_SENTENCE_END = re.compile(r"[。！？：；…」』”]$")


# The items of a web toolbar, which a scrape puts on one line (`【字体：大 中 小】　打印本页　关闭窗口`,
# `分享 | 打印 | 关闭`): a line made of these and separators alone is the toolbar.
_TOOLBAR_ITEM = re.compile(
    r"[【\[]?\s*(?:字[号体]\s*[:：]?\s*(?:[大中小]\s*){1,3}|打印本页|打印此页|打印|关闭窗口|关闭|下载|全屏|收藏|"
    r"分享到?|加大|还原|减小|放大|缩小|返回顶部|返回|纠错|扫一扫|二维码|默认|微信|微博|QQ空间|[大中小]|"
    # a site footer's links on one line: `网站地图 | 联系我们 | 法律声明`
    r"我要打印|网站地图|联系我们|关于我们|法律声明|隐私声明|网站声明|使用帮助)\s*[】\]]?")
_TOOLBAR_LEFT = re.compile(r"[\s|｜/、,，:：]*")


_FOOT_PARTS = frozenset({"web toolbar", "web byline", "web timestamp", "end of article", "web page furniture"})
_BYLINE_PART = "|".join(f"(?:{pattern.pattern})" for reason, pattern in _NOISE
                        if reason in ("web byline", "web timestamp"))
_BYLINE_LINE = re.compile(rf"(?:{_BYLINE_PART})(?:\s+(?:{_BYLINE_PART}))+")


def classify_noise(text: str) -> str | None:
    """The reason a stripped line is noise, or None if it may be report text."""
    for reason, pattern in _NOISE:
        if pattern.fullmatch(text):
            return reason
    if len(text) <= 80 and _TOOLBAR_ITEM.search(text) and _TOOLBAR_LEFT.fullmatch(_TOOLBAR_ITEM.sub(" ", text)):
        return "web toolbar"
    # an article's header line of several fields, a timestamp among them (`2024-01-16 08:42　来源：…　作者：…`,
    # `2024年01月20日 09:30 来源：…`): each part, apart from the next by spaces, is a field or the timestamp
    if len(text) <= 120 and _BYLINE_LINE.fullmatch(text):
        return "web byline"
    # the foot of a news page, its parts apart by spaces: the correction link, the editor's credit, the end
    # mark (`【纠错】　【责任编辑：张华】`, `（完）　编辑：李明`): every part of it page furniture of its own
    parts = text.split()
    if 1 < len(parts) <= 6 and len(text) <= 120 and all(
            any(reason in _FOOT_PARTS and pattern.fullmatch(part) for reason, pattern in _NOISE) for part in parts):
        return "web page furniture"
    return None


def find_running_heads(lines: list[Line]) -> set[str]:
    """Short lines that repeat three times or more without ending a sentence: PDF running heads.

    A repeated `各位代表！` is a real paragraph, which is why a running head must not end in
    sentence punctuation, and must not carry official numbering (a heading is never repeated).
    """
    counts = Counter(text for line in lines if 0 < len(text := line.text.strip(" \t\u3000")) <= 30)
    # a running head is a title: a line with a clause mark inside (`，` `；` `、`) is wrapped running text
    return {
        text
        for text, count in counts.items()
        if count >= 3 and not _SENTENCE_END.search(text) and not NUMBERING.match(text)
        and not re.search(r"[，,；;、]", text)
    }


def find_page_top_heads(lines: list[Line], page_breaks: set[int]) -> set[str]:
    """Short lines that open two pages or more, right after a page break (a form feed or a folio): the
    running head of a short PDF (a budget report of three pages repeats its head twice only).

    The same shape as `find_running_heads` asks for: no sentence end, no numbering, no clause mark."""
    breaks = sorted(page_breaks | {at for at, line in enumerate(lines)
                                   if classify_noise(line.text.strip(" \t\u3000")) in _FOLIOS})
    tops: Counter[str] = Counter()
    for at in breaks:
        following = at + 1 if at not in page_breaks or not lines[at].text.strip(" \t\u3000") else at
        while following < len(lines) and not lines[following].text.strip(" \t\u3000"):
            following += 1
        if following < len(lines):
            text = lines[following].text.strip(" \t\u3000")
            if 0 < len(text) <= 30 and classify_noise(text) is None:
                tops[text] += 1
    return {text for text, count in tops.items()
            if count >= 2 and not _SENTENCE_END.search(text) and not NUMBERING.match(text)
            and not re.search(r"[，,；;、]", text)}


def licence_tail_start(lines: list[Line]) -> int:
    """Index of the line that opens a licence footer at the end of the text, or len(lines)."""
    texts = [line.text.strip(" \t\u3000") for line in lines]
    non_blank = [index for index, text in enumerate(texts) if text]
    for position, index in enumerate(non_blank):
        if len(non_blank) - position > _LICENCE_TAIL_MAX:
            continue
        # `本文注释：` opens the report's own notes, not a footer: a section title is never the licence
        if not _LICENCE_START.match(texts[index]) or texts[index].endswith(("：", ":")):
            continue
        window = "".join(texts[i] for i in non_blank[position : position + _LICENCE_WINDOW])
        if _LICENCE_WORDS.search(window) and not any(NUMBERING.match(texts[i]) for i in non_blank[position:]):
            return index
    return len(lines)


_GOES_ON_NUMBER = re.compile(r"[0-9A-Za-z.%％]")


def number_piece(lines: list[Line], at: int) -> bool:
    """Whether the bare number at `at` is a piece of a number a scrape split (`完成投资` / `1` / `2.3亿元`,
    `建成` / `5` / `G基站`), not a folio: it stands between two lines with no blank line, the one before
    stopping mid-sentence and the one after going on with a digit, a letter or `.` `%`. A folio sits
    between pages, which an extraction separates by blank lines or a form feed (damage.py joins it)."""
    if at == 0 or at + 1 >= len(lines):
        return False
    before, after = (lines[at - 1].text.strip(" \t\u3000"), lines[at + 1].text.strip(" \t\u3000"))
    return (bool(before) and not _SENTENCE_END.search(before) and not NUMBERING.fullmatch(before)
            and bool(_GOES_ON_NUMBER.match(after)))


# A note at the foot of a PDF page: its mark opening the line, its text after it (`①“链长制”：指…`, `［2］…`);
# the lines of a note wrapped over two go with it
_FOOT_NOTE = re.compile(r"(?:[\u2460-\u2473\u2474-\u2487]|［\d{1,3}］|\[\d{1,3}\]|〔\d{1,3}〕)(?=\s*\S)")
_FOOT_NOTE_MAX_LINES = 12


def foot_mark_number(mark: str) -> int:
    """`③` → 3, `⑶` → 3, `［3］` → 3."""
    if len(mark) == 1:
        return ord(mark) - (0x2460 if mark <= "\u2473" else 0x2474) + 1
    return int(mark[1:-1])


def take_page_notes(kept: list[Line]) -> list[Line]:
    """Take the notes at the foot of the page that ends with `kept` off it, and return them (else []).

    A PDF set with page footnotes puts each page's notes between its last line of text and its folio, so the
    extraction runs them into the text, in the middle of a paragraph that goes on on the next page. They
    are notes when the page's last lines each open with a note mark, numbered one up from the first (a
    wrapped note's second line with them), and the text above them calls every one of those marks; moved to
    the end of the text, they are the notes section notes.py reads, and the paragraph joins across the page
    as any other."""
    end = len(kept)
    while end and not kept[end - 1].text.strip(" \t\u3000"):
        end -= 1
    for start in range(end - 1, max(end - _FOOT_NOTE_MAX_LINES, 0) - 1, -1):
        if not _FOOT_NOTE.match(kept[start].text.strip(" \t\u3000")):
            continue
        marks = [m.group() for line in kept[start:end] if (m := _FOOT_NOTE.match(line.text.strip(" \t\u3000")))]
        numbers = [foot_mark_number(mark) for mark in marks]
        above = "".join(line.text for line in kept[max(start - 60, 0) : start])
        if (numbers == list(range(numbers[0], numbers[0] + len(numbers))) and all(mark in above for mark in marks)
                and start > 0 and not _FOOT_NOTE.match(kept[start - 1].text.strip(" \t\u3000"))):
            notes = kept[start:end]
            del kept[start:]
            return notes
    return []


def drop_noise(lines: list[Line]) -> tuple[list[Line], list[Dropped]]:
    """Split `lines` into the report's lines and the dropped ones (blank lines are kept).

    Blank lines around a folio or running head go too: they are the page break, not a paragraph end,
    and hard-wrapped text joins across them. A running head's text within the opening lines is the
    title itself and stays. Notes at the foot of a page (`take_page_notes`) go to the end of the text.
    """
    kept: list[Line] = []
    dropped: list[Dropped] = []
    page_notes: list[Line] = []
    in_tail = False
    after_page_break = False
    non_blank = 0
    # a form feed is a page break: like a folio, it joins the text before it to the text after
    page_breaks = {at for at, line in enumerate(lines) if "\f" in line.text}
    lines = [Line(line.number, line.text.replace("\f", ""), line.indented) if at in page_breaks else line
             for at, line in enumerate(lines)]
    running_heads = find_running_heads(lines) | find_page_top_heads(lines, page_breaks)
    licence = licence_tail_start(lines)
    for at, line in enumerate(lines):
        if at in page_breaks:
            page_notes += take_page_notes(kept)
            while kept and not kept[-1].text.strip(" \t\u3000"):
                kept.pop()
            after_page_break = True
            if not line.text.strip(" \t\u3000"):
                dropped.append(Dropped(line.number, "(form feed)", "page break"))
                continue
        text = line.text.strip(" \t\u3000")
        if not text:
            if not after_page_break:
                kept.append(line)
            continue
        non_blank += 1
        if at >= licence:
            dropped.append(Dropped(line.number, text, "licence footer"))
            continue
        if in_tail or _PAGE_TAIL.fullmatch(text):
            in_tail = True
            dropped.append(Dropped(line.number, text, "web page tail (related articles)"))
            continue
        reason = classify_noise(text)
        if reason == "page folio" and text.isdigit() and number_piece(lines, at):
            reason = None
        if reason is None and text in running_heads and non_blank > _OPENING_LINES:
            reason = "running head"
        if reason is None:
            kept.append(line)
            after_page_break = False
            continue
        dropped.append(Dropped(line.number, text, reason))
        if reason in _PAGE_FURNITURE:
            page_notes += take_page_notes(kept)
            while kept and not kept[-1].text.strip(" \t\u3000"):
                kept.pop()
            after_page_break = True
    if page_notes:
        # each note a paragraph of its own: a blank line before each, as the page's foot set them apart
        kept += [item for note in page_notes for item in (
            (Line(note.number, ""), note) if _FOOT_NOTE.match(note.text.strip(" \t\u3000")) else (note,))]
    return kept, dropped


# A web page repeats the article's title and its opening at the end (a share card, the page's description):
# they are found among the last paragraphs only, and matched after spaces, quotes, 《》 and a `（全文）` go.
_REPEAT_WINDOW = 12
_OPENING_PREFIX_MIN = 12
_NOT_COMPARED = re.compile(r"[\s\u3000《》“”\"]|[（(]全文[）)]|[：:。…．.]+$")


def comparable(text: str) -> str:
    """`text` as it is compared for a repeat: no spaces, quotes, 《》, `（全文）` or final marks."""
    previous = None
    while previous != text:
        previous, text = text, _NOT_COMPARED.sub("", text)
    return text


def drop_page_repeats(body: list[Line], title: str, subtitle: str) -> tuple[list[Line], list[Dropped]]:
    """Drop the title, the subtitle and the opening paragraph where a web page repeats them at its end.

    The opening is the first paragraph of 12 characters or more; a repeat of it may be cut (`现在，我代表
    市人民政府……`): a paragraph of at least 12 characters that the opening begins with. Each dropped line
    is returned with its reason, for the report."""
    opening_index = next((index for index, line in enumerate(body) if len(line.text) >= _OPENING_PREFIX_MIN), -1)
    if opening_index == -1:
        return body, []
    opening = comparable(body[opening_index].text)
    titles = {comparable(text) for text in (title, subtitle) if comparable(text)}
    kept: list[Line] = []
    dropped: list[Dropped] = []
    first = max(opening_index + 1, len(body) - _REPEAT_WINDOW)
    for index, line in enumerate(body):
        text = comparable(line.text)
        if index >= first and text in titles:
            dropped.append(Dropped(line.number, line.text, "the title repeated at the page end"))
        elif index >= first and len(text) >= _OPENING_PREFIX_MIN and opening.startswith(text):
            dropped.append(Dropped(line.number, line.text, "the opening repeated at the page end"))
        else:
            kept.append(line)
    return kept, dropped
