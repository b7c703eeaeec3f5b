"""Page layout: the text of one printed page becomes its articles.

A page holds banners, headline blocks, bylines, datelines, paragraphs (cut by column breaks in layout-order
text), subheads, boxes, photo captions and credits. `parse_page` mends the breaks, takes each line for what
it is (see `explain`), groups the lines into articles, and fills in reporters, dates and districts. The
credit forms live in `search.bylines`, the headline block in `search.headlines`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date as Date

from search import bylines, districts, headlines
from search.article import INVISIBLE, Article, clean_line, file_key
from search.metadata import ZHENGZHOU_PAPERS, PageMeta

_CJK = "\u4e00-\u9fff"
_END = "。！？!?…;；"              # a paragraph ending in one of these (before closing quotes) is complete
_CLOSERS = "”’」』)）》"
_CLAUSE = ",，;；。：:"             # clause punctuation inside a piece marks prose, not a headline
_BULLETS = "●■▲◆★"
_SPEAKER = re.compile(
    rf"^\S.*?(?:书记|主任|区长|县长|市长|局长|主席|部长|镇长|院长|负责人|董事长|总经理) [{_CJK}·]{{2,4}}$")
_ORDINAL = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]")   # in-article subheads
# Box and section labels printed alone on a line: never an author's name, never a new article.
_BOX = re.compile(r"^(?:人物小传|记者手记|核心阅读|链接|相关链接|延伸阅读|背景|开栏的话|编者按|小资料|名词解释|短评|"
                  r"【[^】]{1,8}】|[^\s：:]{2,6}[：:]|链接·.*)$")
_WHEN = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日|近日|日前|近期|昨日|昨天|今日|今天|前日|去年|明年|前年")
_TIME_PREFIX = re.compile(r"^(?:近日|日前|昨日|今日|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?)[,，]\s*")
_EDITOR_CODE = re.compile(r"(?<=[。！？”])[^\s。！？”()（）]{0,3}[\d①-⑳][^\s。！？”()（）]{0,3}$")
# A whole line quoted, short: at the top of an article it is a quoted headline (“这才是真正的河南!”).
_QUOTED = re.compile(r"“[^“”]{2,20}”")
# A list under a label ending in a colon (对话嘉宾：): one person a line, name then post (黄 龙 全国总工会…).
_ROSTER = re.compile(rf"(?:[{_CJK}]{{2,3}}|[{_CJK}] [{_CJK}]) [^\s。！？]{{4,30}}")
_PICTURE_LINE = re.compile(r"[^“”。！？，,]{4,20}。")      # one short plain sentence: 宋金和在研究物证与史料。
_FIGURE_REF = re.compile(r"[（(]见图[^)）]{0,4}[)）]$")     # prose pointing at a picture is not its caption
_LEAD_CHARS = 50          # of the body, with the headline, identify an article in its page


def _complete(text: str) -> bool:
    """Whether a piece ends a sentence, looking through closing quotes and brackets (…上来。” counts) and
    an editor's code glued to the last sentence (…发放成绩单。輥輳訛6)."""
    core = _EDITOR_CODE.sub("", text).rstrip(_CLOSERS)
    return bool(core) and core[-1] in _END


def _prose(text: str) -> bool:
    """Body text has clause punctuation or runs long; headlines are short phrases, parts separated by spaces."""
    return any(c in _CLAUSE for c in text) or (len(text) > 30 and " " not in text)


def _split_byline(text: str):
    """(text before, reporters, credit) when a piece ends with a byline: a whole byline line, a byline after a
    paragraph's last sentence ("…再上新台阶。记者 曹岩峰 …") or a photo credit after a caption."""
    for match in bylines.LABEL.finditer(text):
        start = match.start()
        if start and text[start - 1] not in " □" + _END + _CLOSERS:
            continue
        found = bylines.parse(text[start:])
        if found:
            return (text[:start].rstrip(" □"), *found)
    return None


def _note(text: str) -> bool:
    """A bracketed note ((作者为…), (据新华社电), (肖航参与采写)) or an editor's signature (——编  者): it
    belongs to the text above it."""
    return bool(re.fullmatch(r"[（(].*[)）]", text) and len(text) > 4 or re.fullmatch(r"——\s*编\s*者", text))


def _credit_line(text: str) -> bool:
    return bylines.photo_credit(text) or bylines.editor_credit(text)


def _pieces(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with the number of blank lines above each, column breaks mended.

    A layout break leaves a prose piece without its sentence end ("…把智慧" / "和力量凝聚…。"): it is joined to
    the next piece when that one reads as a continuation (not a lead, byline, credit, bullet or headline).
    """
    pieces: list[tuple[int, str]] = []
    gap = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = clean_line(raw)
        if not line:
            gap += 1
            continue
        if pieces and _broken(pieces[-1][1]) and _continues(line):
            pieces[-1] = (pieces[-1][0], pieces[-1][1] + line)
        else:
            pieces.append((gap, line))
        gap = 0
    return pieces


def _broken(text: str) -> bool:
    return (not _complete(text) and not text.endswith("——") and not headlines.column_tag(text)[1] and _prose(text) and not _split_byline(text) and not _credit_line(text)
            and not _BOX.match(text))


def _continues(text: str) -> bool:
    return (not bylines.DATELINE.match(text) and text[0] not in _BULLETS and not _split_byline(text)
            and not _credit_line(text) and (_complete(text) or _prose(text)))


@dataclass
class _Draft:
    title: list[tuple[int, str]] = field(default_factory=list)    # headline lines, with blank lines above each
    paras: list[str] = field(default_factory=list)
    reporters: list[dict] = field(default_factory=list)
    kind: str = "article"
    speaker: bool = False      # one speaker's remarks in a roundup: inherits the roundup's byline and date
    closed: bool = False       # its end byline was seen; further text starts a new article
    pictured: bool = False     # its byline credits a picture (文/图), so a stray caption line is that picture's
    follows: str = "body"      # what came under its headline: "byline", "wire" (a dated dateline) or "body"
    captions: list[str] = field(default_factory=list)
    photographers: list[dict] = field(default_factory=list)
    written: bool = False      # a byline or dateline credits its writers
    subhead_at: int | None = None   # where its last subhead is among its paragraphs
    last_gap: int = 0          # blank lines above its last paragraph: a caption two lines off stands alone
    photo_report: bool = False # its byline says 摄影报道: a short first sentence is its picture's caption
    package: bool = False      # a package headline over several stories, each with its own headline
    coded: bool = False        # its text ended with an editor's code (…成绩单。輥輳訛6): what follows is not text


def _affinity(line: str, text: str) -> float:
    """Share of a headline's character bigrams found in a text: which body a displaced headline belongs to."""
    def grams(s):
        return {a + b for run in re.findall(rf"[{_CJK}]+", s) for a, b in zip(run, run[1:])}
    mine = grams(line)
    return len(mine & grams(text)) / len(mine) if mine else 0.0


class _Assembler:
    """Walks a page's pieces in order; headline lines wait in a stack until the text they head arrives."""

    def __init__(self):
        self.drafts: list[_Draft] = []
        self.stack: list[tuple[int, str]] = []
        self.cur: _Draft | None = None
        self.roles: list[tuple[str, str]] = []     # (role, text) of each piece, for `explain`

    def start(self, title=(), **kwargs) -> _Draft:
        """A new draft under these headline lines, or a new story of the open package."""
        if self.packs(title):
            self.cur.package, self.cur.closed = True, False
            for _, line in title:
                self.cur.paras.append(line)
                self.note("subhead", line)
            return self.cur
        self.cur = _Draft(list(title), **kwargs)
        self.drafts.append(self.cur)
        return self.cur

    def packs(self, title) -> bool:
        """Whether headline lines head a story of the open package: a column-tagged headline with only pictures
        under it (年轻的心，随音乐律动（文化市场新观察） and four captions) heads the stories below it, each with
        its own headline and byline, until a headline with a column tag of its own."""
        cur = self.cur
        if not title or cur is None or any(headlines.column_tag(t)[1] for _, t in title):
            return False
        return cur.package or (not cur.paras and bool(cur.captions)
                               and any(headlines.column_tag(t)[1] for _, t in cur.title))

    def note(self, role: str, text: str) -> None:
        self.roles.append((role, text))

    def feed(self, gap: int, text: str) -> None:
        if bylines.editor_credit(text):
            self.note("credit", text)
            return
        if _note(text) and self.cur and self.cur.paras and not self.stack:
            self.note("note", text)
            self.cur.paras.append(text)
            return
        if _BOX.match(text) and (self.stack or self.cur and not self.cur.closed):
            self.paragraph(text, gap)           # a box or vox-pop label (链接, 市民反映:) opens text
            return
        if bylines.photo_credit(text) and not _split_byline(text):
            self.photo_credit(gap, text)
            return
        if self.stack and self.author_line(text):
            return
        split = None if _BOX.match(text) else _split_byline(text)
        if split and split[0]:
            text, people, credit = split
            if self.cur and self.cur.coded and not self.stack and len(text) <= 40 and text.count("。") <= 1:
                self.note("caption", text)          # a caption printed after the text's end, with its credit
                self.cur.captions.append(text)
                self.cur.photographers += people
                return
            if credit in bylines.PICTURE_CREDITS and not _complete(text):
                self.note("caption", text)
                self.note("credit", "")
                self.drafts.append(_Draft(self.headline_lines(), [text], people, kind="photo"))
                return
            self.paragraph(text, gap)
            self.credit(people, credit, "")
        elif split:
            self.credit(split[1], split[2], text)
        elif _QUOTED.fullmatch(text) and not self.stack and (self.cur is None or self.cur.closed):
            self.stack.append((gap, text))
        elif (bylines.DATELINE.match(text) or _complete(text) or text[0] in _BULLETS or len(text) > 64
              or (_ORDINAL.match(text) and self.cur and not self.cur.closed and not self.stack)
              or (_ROSTER.fullmatch(text) and self.listing())):
            self.paragraph(text, gap)
        else:
            self.stack.append((gap, text))

    def listing(self) -> bool:
        """Whether the open article's last paragraph opens a list (对话嘉宾：) or is an entry of one."""
        cur = self.cur
        if self.stack or cur is None or cur.closed or not cur.paras:
            return False
        last = cur.paras[-1]
        return bool(_BOX.match(last) and last[-1] in "：:" or _ROSTER.fullmatch(last))

    def author_line(self, text: str) -> bool:
        """A bare name under a headline is its author (commentaries print no label)."""
        found = bylines.parse(text, labelled=False)
        if not found or len(found[0]) > 2 or found[1]:
            return False
        self.start(self.headline_lines(), follows="byline", written=True).reporters += found[0]
        self.note("byline", text)
        return True

    def photo_credit(self, gap: int, text: str) -> None:
        self.note("credit", text)
        self.picture(bylines.photo_credit_names(text), text)

    def picture(self, people: list[dict], credit: str = "") -> None:
        """A photo credit: the caption above it goes to the article it is printed in, or stands alone as a
        photo item when it is cut off from any open article (after an end byline, or two blank lines)."""
        cur = self.cur
        if self.stack:
            gap, caption = self.stack[0][0], " ".join(t for _, t in self.stack)
            self.stack = []
        elif cur and cur.paras and not _FIGURE_REF.search(cur.paras[-1]):
            gap, caption = cur.last_gap, cur.paras.pop()
        else:
            return
        self.note("caption", caption)
        if gap >= 2 or cur is None or cur.closed:
            title = []
            if cur and not cur.paras and cur.title and not cur.written:   # a caption alone under a headline
                title, cur.title = cur.title, []
            self.drafts.append(_Draft(title, [caption], people, kind="photo", closed=True))
            return
        if self.photo_story(people, credit, caption):
            return
        if not cur.written or credit.startswith(("以上", "本组")):   # all captions so far ("以上图片均为…")
            cur.captions += cur.paras
            cur.paras = []
        elif cur.paras and len(cur.paras[-1]) <= 8 and not _complete(cur.paras[-1]):
            cur.captions.append(cur.paras.pop())        # a picture's label (过筘) above its caption
        cur.captions.append(caption)
        cur.photographers += people

    def photo_story(self, people: list[dict], credit: str, caption: str) -> bool:
        """A photo report printed under a one-line headline between two articles (乡村大舞台 … X摄（影像中国）)
        looks like a subhead with its paragraphs until its credit arrives: then it becomes its own item."""
        cur = self.cur
        story = people and ("摄影报道" in credit or caption.startswith("图为") or re.search(r"[（(][^)）]+[)）]$", credit))
        if not story or cur.subhead_at is None or len(cur.paras) - cur.subhead_at > 4:
            return False
        head, texts = cur.paras[cur.subhead_at], cur.paras[cur.subhead_at + 1:] + [caption]
        del cur.paras[cur.subhead_at:]
        cur.subhead_at = None
        self.cur = _Draft([(1, head)], texts, people, kind="photo", closed=True, written=True)
        self.drafts.append(self.cur)
        return True

    def credit(self, people: list[dict], credit: str, line: str) -> None:
        """A byline line ends the current article (a headline waiting above it starts one), or credits a
        picture (X 摄)."""
        if credit in bylines.PICTURE_CREDITS and (self.stack or self.cur and self.cur.paras):
            self.note("credit", line)
            self.picture(people, line)
            return
        self.note("byline", line)
        if self.stack or self.cur is None:
            self.start(self.headline_lines(), follows="byline")
        self.cur.reporters += people
        self.cur.written = True
        self.cur.closed = bool(self.cur.paras) and not self.cur.package
        self.cur.pictured |= "图" in credit
        self.cur.photo_report |= credit == "摄影报道"

    def paragraph(self, text: str, gap: int = 1) -> None:
        lead = bool(bylines.DATELINE.match(text))
        self.note("dateline" if lead else "body", text)
        cur = self.cur
        if self.stack:
            if cur and not cur.closed and (cur.paras or cur.title) and not lead and self.subhead():
                return self.add(text, gap)
            self.place(self.headline_lines(), lead, text)
        elif lead and cur and not cur.paras and not cur.closed and cur.title:
            pass                        # the lead under a headline whose captions came first
        elif lead or cur is None or cur.closed:
            self.start()
        self.add(text, gap)

    def add(self, text: str, gap: int) -> None:
        cur = self.cur
        if cur.photo_report and not cur.paras and not cur.captions and _PICTURE_LINE.fullmatch(text):
            self.roles[-1] = ("caption", text)   # 宋金和在研究物证与史料。 under 本报记者 方 圆摄影报道
            cur.captions.append(text)
            return
        cur.last_gap = gap
        match = bylines.dateline(text)
        if match and not cur.paras:
            cur.written = cur.written or bool(match[1])
            if match[0].group("m"):
                cur.follows = "wire"
        cur.paras.append(text)
        cur.coded = bool(_EDITOR_CODE.search(text))

    def subhead(self) -> bool:
        """Waiting lines inside an open article are its subheads when they are single lines apart from each
        other and carry no column tag: a new headline block stacks its lines."""
        lines = self.stack
        if any(g == 0 for g, _ in lines[1:]) or len(lines) > 2:
            return False
        if any(headlines.column_tag(t)[1] or _SPEAKER.fullmatch(t) for _, t in lines):
            return False
        self.cur.subhead_at = len(self.cur.paras)
        for _, line in lines:
            self.cur.paras.append(line)
            self.note("subhead", line)
        self.stack = []
        return True

    def headline_lines(self) -> list[tuple[int, str]]:
        """The waiting headline lines. Lines cut off from the rest by two or more blank lines and followed by
        no text of their own become captions of their own."""
        stack, self.stack = self.stack, []
        kept = [(g, t) for g, t in stack if not (headlines.BANNER.fullmatch(t) and len(stack) > 1)]
        banner = [(g, t) for g, t in stack if (g, t) not in kept]
        cut = max((i for i in range(1, len(kept)) if kept[i][0] >= 2), default=0)
        for _, orphan in kept[:cut]:
            if self.cur is not None and self.cur.pictured:      # the caption of the picture its byline credits
                self.cur.captions.append(orphan)
                self.note("caption", orphan)
            else:
                self.drafts.append(_Draft([(0, orphan)], [orphan]))
        for _, line in kept[cut:]:
            self.note("headline", line)
        return banner + kept[cut:]

    def place(self, lines: list[tuple[int, str]], lead: bool, text: str) -> None:
        """Give waiting headline lines to the text below them, or to a headless body above them.

        A speaker line (航空港实验区党工委书记 张俊峰) opens one speaker's remarks in a roundup. A body without
        headline followed by headlines is a headline printed after its body: if the text below has its own
        lead (本报讯), the lines are shared out by which body they resemble; otherwise the body above is an
        introduction and the text below continues it under these headlines.
        """
        cur = self.cur
        if lines and _SPEAKER.fullmatch(lines[0][1]):
            self.start(lines[1:], speaker=True).paras.append(lines[0][1])
        elif cur and cur.kind == "article" and not cur.title and cur.paras and not cur.speaker:
            if not lead:
                cur.title, cur.closed = lines, False
                return
            above = "\n".join(cur.paras)
            k = max(range(len(lines)), key=lambda k: sum(_affinity(x, above) for _, x in lines[:k])
                    + sum(_affinity(x, text) for _, x in lines[k:]))
            cur.title = lines[:k]
            self.start(lines[k:])
        else:
            self.start(lines)

    def finish(self) -> list[_Draft]:
        if self.stack:
            lines = self.headline_lines()
            cur = self.cur
            if cur and cur.kind == "article" and not cur.title and cur.paras:
                cur.title = lines
            elif lines:
                self.drafts.append(_Draft(lines, [" ".join(t for _, t in lines)]))
        return [d for d in self.drafts if d.paras or d.captions]


def _dateline(lead: str, year: int | None) -> tuple[str | None, bool]:
    """The day a lead names, and whether the lead states its year (2006年6月26日: the only year the text
    makes certain). A dated dateline (本报北京1月7日电) wins; else the lead's first time expression
    ("本报讯 2月18日,"); 近日/日前/昨日 give no day. YYYY-MM-DD with a known year, --MM-DD without."""
    wire = bylines.dateline(lead)
    match = _WHEN.search(wire[0].group() if wire and wire[0].group("m") else lead[:40])
    if not match or not match.group(2):
        return None, False
    month, day = int(match.group(2)), int(match.group(3))
    year = int(match.group(1)) if match.group(1) else year
    try:
        Date(year or 2000, month, day)
    except ValueError:
        return None, False
    return (f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"), bool(match.group(1))


def _lead_people(paragraph: str) -> tuple[str, list[dict]]:
    """"本报讯(记者 党贺喜)记者从…" → ("本报讯 记者从…", [党贺喜]): the lead's byline out of the body text."""
    found = bylines.dateline(paragraph)
    if not found or not found[1]:
        return paragraph, []
    match, people = found
    return f"{match.group('where')} {paragraph[match.end():]}", people


def _derive_title(text: str) -> str:
    """A title for text printed without headline (photo captions): its first sentence, shortened to a clause."""
    sentence = re.split(r"[。！？!?]", bylines.DATELINE.sub("", text), maxsplit=1)[0]
    sentence = _TIME_PREFIX.sub("", sentence).strip()
    if len(sentence) > 50:
        cut = max(sentence.rfind(c, 0, 50) for c in ",，;；、")
        sentence = sentence[:cut] if cut >= 8 else sentence[:50]
    return sentence


def _tidy_end(paras: list[str]) -> tuple[list[str], list[dict]]:
    """Drop an editor's code glued to the last paragraph (…成绩单。②9) and a closing author line (（秦  超）);
    names from closing notes that stay in the body ((肖航参与采写)) become reporters."""
    people: list[dict] = []
    while paras and bylines.author_note(paras[-1]):
        people = bylines.author_note(paras.pop()) + people
    if paras:
        paras[-1] = _EDITOR_CODE.sub("", paras[-1])
        for para in paras[-2:]:
            people += bylines.closing_names(para)
    return paras, people


def _stable_id(key: str, title: str, body: str, taken: set[str]) -> str:
    """The page's key and a short hash of the article's own headline and lead: a better splitter keeps it."""
    seed = re.sub(r"\W", "", title + body[:_LEAD_CHARS])
    digest = hashlib.sha1(seed.encode("utf-8")).hexdigest()
    for width in (8, 12, 40):
        candidate = f"{key}-{digest[:width]}"
        if candidate not in taken:
            return candidate
    n = 2
    while f"{key}-{digest}-{n}" in taken:
        n += 1
    return f"{key}-{digest}-{n}"


def _article(draft: _Draft, order: int, meta: PageMeta, host: Article | None, taken: set[str], key: str,
             file_name: str, local: bool | str | None) -> Article:
    unwrapped = [_lead_people(p) for p in draft.paras]
    paras = [p for p, _ in unwrapped]
    kind = draft.kind
    reporters = draft.reporters + [person for _, people in unwrapped for person in people]
    captions = list(draft.captions)
    title_lines = draft.title
    if not paras:                   # a picture with its caption and nothing else: the caption is its text
        paras, captions, kind = captions, [], "photo"
        if _labels(title_lines):
            captions, title_lines = [t for _, t in title_lines], []
    paras, closing = _tidy_end(paras)
    reporters += closing
    if not reporters and draft.photographers and not draft.written:
        reporters, kind = list(draft.photographers), "photo"
    head = headlines.split(title_lines, draft.follows)
    title = head["title"] or _derive_title(paras[0])
    body = "\n".join(paras)
    day, year_stated = _dateline(paras[0], meta.year)
    if draft.speaker and host:
        reporters = reporters or list(host.reporters)
    unique: dict[str, dict] = {}
    for person in reporters:
        unique.setdefault(person["name"], person)
    date = meta.date or (day if year_stated else None)
    article_id = _stable_id(key, title, body, taken)
    taken.add(article_id)
    return Article(article_id, title, body, kind, list(unique.values()), date,
                   districts.detect(title, body, local), {"file": file_name, "order": order},
                   kicker=head["kicker"], subtitle=head["subtitle"], column=head["column"], dateline=day,
                   paper=meta.paper, page=meta.page, page_name=meta.page_name, captions=captions)


def _labels(lines: list[tuple[int, str]]) -> bool:
    """Whether the lines above a photo item are its pictures' labels, not a headline: two or more short
    phrases set apart by blank lines (上世纪40年代的郑州火车站 / 上世纪70年代的郑州火车站)."""
    return len(lines) >= 2 and all(g >= 1 for g, _ in lines[1:]) and all(
        len(t) <= 20 and not headlines.column_tag(t)[1] and not any(c in _CLAUSE + _END for c in t) for _, t in lines)


def _stacked(piece: str, following: tuple[int, str] | None) -> bool:
    """A short line with another short line right under it (no blank line between) opens a headline block:
    a kicker such as "生成图像、合成语音、伪装客服、伪造场景……" even though it ends like a sentence."""
    if following is None or following[0] != 0:
        return False
    nxt = following[1]
    return (len(piece) <= 50 and len(nxt) <= 50 and not bylines.DATELINE.match(piece)
            and not _split_byline(piece) and not _credit_line(piece) and not _note(piece)
            and not bylines.DATELINE.match(nxt) and not _split_byline(nxt) and not _credit_line(nxt))


def assemble(text: str) -> _Assembler:
    assembler = _Assembler()
    pieces = _pieces(text.translate(INVISIBLE))
    for n, (gap, piece) in enumerate(pieces):
        following = pieces[n + 1] if n + 1 < len(pieces) else None
        if _stacked(piece, following) or (assembler.stack and gap == 0 and len(piece) <= 50
                                          and not _credit_line(piece) and not _split_byline(piece)):
            assembler.stack.append((gap, piece))
        else:
            assembler.feed(gap, piece)
    return assembler


def parse_page(text: str, file_name: str, meta: PageMeta = PageMeta()) -> list[Article]:
    """Split one page's text into articles and photo items, in page order."""
    key = file_key(file_name)
    articles: list[Article] = []
    taken: set[str] = set()
    host: Article | None = None     # the last non-speaker article: a roundup's introduction
    # A Zhengzhou paper's generic names (高新区) are Zhengzhou's; a page of unknown paper is Zhengzhou's when
    # it says so anywhere, and its places are when it names no other city or province; a known other
    # paper's article only when the article itself says so.
    local: bool | str | None = None
    if meta.paper in ZHENGZHOU_PAPERS or not meta.paper and districts.local_context(text):
        local = True
    elif not meta.paper and not districts.elsewhere(text):
        local = districts.PLACES_ONLY
    for order, draft in enumerate(assemble(text).finish(), 1):
        article = _article(draft, order, meta, host, taken, key, file_name, local)
        if draft.kind == "article" and not draft.speaker:
            host = article
        articles.append(article)
    return articles


def explain(text: str) -> list[tuple[str, str]]:
    """What each line of a page was taken as: banner, kicker, title, subtitle, byline, dateline, body,
    subhead, note, caption or credit, in the order the splitter read them."""
    assembler = assemble(text)
    heads: dict[str, str] = {}
    for draft in assembler.finish():
        head = headlines.split(draft.title, draft.follows)
        for _, line in draft.title:
            core = headlines.column_tag(line)[0]
            heads[line] = ("banner" if line == head["column"] else
                           next((part for part in ("kicker", "subtitle") if head[part] and core in head[part]), "title"))
    return [(heads.get(line, role) if role == "headline" else role, line) for role, line in assembler.roles if line]
