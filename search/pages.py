"""Page layout: the text of one printed page, in layout order, becomes its articles.

A page holds banners, headlines, leads, paragraphs cut by column breaks, bylines and photo captions;
`parse_page` mends the breaks, groups the pieces into articles and pulls out reporters, the dateline date
and the districts. One module because the layout rules only make sense together.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date as Date

from search import districts
from search.metadata import PageMeta
from search.article import INVISIBLE, Article, clean_line, file_key

_CJK = "\u4e00-\u9fff"
_END = "。！？!?…;；"              # a paragraph ending in one of these (before closing quotes) is complete
_CLOSERS = "”’」』)）》"
_CLAUSE = ",，;；。：:"             # clause punctuation inside a piece marks prose, not a headline
_BULLETS = "●■▲◆★"
_LABEL = re.compile(rf"[{_CJK}]{{0,8}}(?:记者|通讯员)|[{_CJK}]{{2,8}}(?:时报|日报|晚报|报社|电视台)")
_LABEL_START = re.compile(r"(?:本报|郑报全媒体)?(?:记者|通讯员)")
_NAME = re.compile(rf"[{_CJK}·]{{2,4}}")
_PHOTO_CREDITS = ("摄", "图", "摄影")
_CREDITS = ("文/图", "文") + _PHOTO_CREDITS
_LEAD_BYLINE = re.compile(r"^本报讯\s*[(（]([^()（）]*)[)）]\s*")
_SPEAKER = re.compile(
    rf"^\S.*?(?:书记|主任|区长|县长|市长|局长|主席|部长|镇长|院长|负责人|董事长|总经理) [{_CJK}·]{{2,4}}$")
_ORDINAL = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]")   # in-article subheads
_BANNER = re.compile(rf"[{_CJK}]{{2,4}}(?: [{_CJK}]{{2,4}}){{2,}}")
_WHEN = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日|近日|日前|近期|昨日|昨天|今日|今天|前日|去年|明年|前年")
_YEAR = re.compile(r"(总结了?|回顾|到|至)?(?<!\d)((?:19|20)\d{2})年(是[^。,，;；]{0,12}?的一年)?")
_TIME_PREFIX = re.compile(r"^(?:近日|日前|昨日|今日|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?)[,，]\s*")


def _complete(text: str) -> bool:
    """Whether a piece ends a sentence, looking through closing quotes and brackets (…上来。” counts)."""
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _END


def _prose(text: str) -> bool:
    """Body text has clause punctuation or runs long; headlines are short phrases, parts separated by spaces."""
    return any(c in _CLAUSE for c in text) or (len(text) > 30 and " " not in text)


def _byline(text: str):
    """(reporters, credit) for a byline such as "记者 王军方 航空港时报 曾碧娟 文/图", else None. A label gives
    the names after it their role: 记者 or 通讯员; an outlet (航空港时报) says nothing of the role, so None."""
    tokens = text.split()
    credit = tokens.pop() if tokens and tokens[-1] in _CREDITS else ""
    people, role, waiting = [], None, False
    if not tokens or not _LABEL.fullmatch(tokens[0]):
        return None
    for token in tokens:
        if _LABEL.fullmatch(token):
            if waiting:
                return None
            role = "记者" if token.endswith("记者") else "通讯员" if token.endswith("通讯员") else None
            waiting = True
        elif _NAME.fullmatch(token):
            people.append({"name": token, "role": role})
            waiting = False
        else:
            return None
    return (people, credit) if people and not waiting else None


def _split_byline(text: str):
    """(text before, reporters, credit) when a piece ends with a byline: a whole byline line, a byline after a
    paragraph's last sentence ("…再上新台阶。记者 曹岩峰 …") or a photo credit after a caption."""
    for match in _LABEL_START.finditer(text):
        start = match.start()
        if start and text[start - 1] not in " " + _END + _CLOSERS:
            continue
        found = _byline(text[start:])
        if found:
            return (text[:start].rstrip(), *found)
    return None


def _pieces(text: str) -> list[tuple[int, str]]:
    """Non-empty lines with the number of blank lines above each, column breaks mended.

    A layout break leaves a prose piece without its sentence end ("…把智慧" / "和力量凝聚…。"): it is joined to
    the next piece when that one reads as a continuation (not a lead, byline, bullet or headline).
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
    return not _complete(text) and _prose(text) and not _split_byline(text)


def _continues(text: str) -> bool:
    return (not text.startswith("本报讯") and text[0] not in _BULLETS and not _split_byline(text)
            and (_complete(text) or _prose(text)))


@dataclass
class _Draft:
    title: list[str] = field(default_factory=list)
    paras: list[str] = field(default_factory=list)
    reporters: list[dict] = field(default_factory=list)
    kind: str = "article"
    speaker: bool = False      # one speaker's remarks in a roundup: inherits the roundup's byline and date
    closed: bool = False       # its end byline was seen; further text starts a new article
    pictured: bool = False     # its byline credits a picture (文/图), so a stray caption line is that picture's


def _affinity(line: str, text: str) -> float:
    """Share of a headline's character bigrams found in a text: which body a displaced headline belongs to."""
    def grams(s):
        return {a + b for run in re.findall(rf"[{_CJK}]+", s) for a, b in zip(run, run[1:])}
    mine = grams(line)
    return len(mine & grams(text)) / len(mine) if mine else 0.0


class _Assembler:
    """Walks a page's pieces in layout order; headline lines wait in a stack until the text they head arrives."""

    def __init__(self):
        self.drafts: list[_Draft] = []
        self.stack: list[tuple[int, str]] = []
        self.cur: _Draft | None = None

    def start(self, title=(), **kwargs) -> _Draft:
        self.cur = _Draft(list(title), **kwargs)
        self.drafts.append(self.cur)
        return self.cur

    def feed(self, gap: int, text: str) -> None:
        split = _split_byline(text)
        if split and split[0]:
            text, people, credit = split
            if credit in _PHOTO_CREDITS:
                self.drafts.append(_Draft(self.headline_lines(), [text], people, kind="photo"))
                return
            self.paragraph(text)
            self.credit(people, credit)
        elif split:
            self.credit(split[1], split[2])
        elif (text.startswith("本报讯") or _complete(text) or text[0] in _BULLETS or len(text) > 64
              or (_ORDINAL.match(text) and self.cur and not self.cur.closed and not self.stack)):
            self.paragraph(text)
        else:
            self.stack.append((gap, text))

    def credit(self, people: list[dict], credit: str) -> None:
        """A byline line: a photo credit takes the paragraph just above as its caption; otherwise the byline
        ends the current article (a headline waiting above it starts one)."""
        if credit in _PHOTO_CREDITS and (self.stack or self.cur and self.cur.paras):
            title, caption = [], " ".join(self.headline_lines())   # a short caption waits like a headline
            if not caption:
                caption = self.cur.paras.pop()
                if not self.cur.paras:      # a caption alone under a headline takes the headline along
                    title, self.cur.title = self.cur.title, []
            self.drafts.append(_Draft(title, [caption], people, kind="photo"))
            return
        if self.stack or self.cur is None:
            self.start(self.headline_lines())
        self.cur.reporters += people
        self.cur.closed = bool(self.cur.paras)
        self.cur.pictured |= "图" in credit

    def paragraph(self, text: str) -> None:
        lead = text.startswith("本报讯")
        if self.stack:
            self.place(self.headline_lines(), lead, text)
        elif lead or self.cur is None or self.cur.closed:
            self.start()
        self.cur.paras.append(text)

    def headline_lines(self) -> list[str]:
        """The waiting headline lines, minus a column banner (稳经济 促发展 强信心). Lines cut off from the rest
        by two or more blank lines and followed by no text of their own become captions of their own."""
        stack, self.stack = self.stack, []
        kept = [(g, t) for g, t in stack if not (_BANNER.fullmatch(t) and len(stack) > 1)]
        gaps, lines = [g for g, _ in kept], [t for _, t in kept]
        cut = max((i for i in range(1, len(lines)) if gaps[i] >= 2), default=0)
        for orphan in lines[:cut]:
            pictured = self.cur is not None and self.cur.pictured
            reporters = list(self.cur.reporters) if pictured else []
            self.drafts.append(_Draft([orphan], [orphan], reporters, kind="photo" if pictured else "article"))
        return lines[cut:]

    def place(self, lines: list[str], lead: bool, text: str) -> None:
        """Give waiting headline lines to the text below them, or to a headless body above them.

        A speaker line (航空港实验区党工委书记 张俊峰) opens one speaker's remarks in a roundup. A body without
        headline followed by headlines is a headline printed after its body: if the text below has its own
        lead (本报讯), the lines are shared out by which body they resemble; otherwise the body above is an
        introduction and the text below continues it under these headlines.
        """
        cur = self.cur
        if lines and _SPEAKER.fullmatch(lines[0]):
            self.start(lines[1:], speaker=True).paras.append(lines[0])
        elif cur and cur.kind == "article" and not cur.title and cur.paras and not cur.speaker:
            if not lead:
                cur.title, cur.closed = lines, False
                return
            above = "\n".join(cur.paras)
            k = max(range(len(lines)), key=lambda k: sum(_affinity(x, above) for x in lines[:k])
                    + sum(_affinity(x, text) for x in lines[k:]))
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
                self.drafts.append(_Draft(lines, [" ".join(lines)]))
        return [d for d in self.drafts if d.paras]


def _page_year(text: str) -> int | None:
    """The year a page is written in, or None when the text does not say.

    Each "YYYY年" votes for its year, except targets ("到2022年", skipped) and a year spoken of as a whole
    or summed up ("2020年是极不平凡的一年", "总结了2021年"), which votes for the year after. The most voted
    year wins; a tie gives None, so no date is ever guessed.
    """
    votes: Counter[int] = Counter()
    for before, year, whole in _YEAR.findall(text):
        if before in ("到", "至"):
            continue
        votes[int(year) + (1 if before or whole else 0)] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _dateline(lead: str, year: int | None) -> str | None:
    """The date in a lead's first time expression ("本报讯 2月18日,"); 近日/日前/昨日 give no day, so None."""
    match = _WHEN.search(lead)
    if not match or not match.group(2):
        return None
    year = int(match.group(1)) if match.group(1) else year
    try:
        return Date(year, int(match.group(2)), int(match.group(3))).isoformat() if year else None
    except ValueError:
        return None


def _unwrap_lead(paragraph: str) -> tuple[str, list[dict]]:
    """"本报讯(记者 党贺喜)记者从…" → ("本报讯 记者从…", [党贺喜]): reporters out of the body text."""
    match = _LEAD_BYLINE.match(paragraph)
    found = _byline(match.group(1)) if match else None
    if not found:
        return paragraph, []
    return "本报讯 " + paragraph[match.end():], found[0]


def _derive_title(text: str) -> str:
    """A title for text printed without headline (photo captions): its first sentence, shortened to a clause."""
    sentence = re.split(r"[。！？!?]", re.sub(r"^本报讯\s*", "", text), maxsplit=1)[0]
    sentence = _TIME_PREFIX.sub("", sentence).strip()
    if len(sentence) > 50:
        cut = max(sentence.rfind(c, 0, 50) for c in ",，;；、")
        sentence = sentence[:cut] if cut >= 8 else sentence[:50]
    return sentence


def parse_page(text: str, file_name: str, meta: PageMeta = PageMeta()) -> list[Article]:
    """Split one page's text into articles and photo items, in layout order."""
    assembler = _Assembler()
    for gap, piece in _pieces(text.translate(INVISIBLE)):
        assembler.feed(gap, piece)
    year = _page_year(text)
    key = file_key(file_name)
    articles: list[Article] = []
    host: Article | None = None     # the last non-speaker article: a roundup's introduction
    for order, draft in enumerate(assembler.finish(), 1):
        unwrapped = [_unwrap_lead(p) for p in draft.paras]
        paras = [p for p, _ in unwrapped]
        reporters = draft.reporters + [person for _, people in unwrapped for person in people]
        title = " ".join(draft.title) or _derive_title(paras[0])
        body = "\n".join(paras)
        day = _dateline(paras[0], year)
        if draft.speaker and host:
            reporters, day = reporters or list(host.reporters), day or host.date
        unique: dict[str, dict] = {}
        for person in reporters:
            unique.setdefault(person["name"], person)
        article = Article(f"{key}-{order:02d}", title, body, draft.kind, list(unique.values()), day,
                          districts.detect(title, body), {"file": file_name, "order": order})
        if draft.kind == "article" and not draft.speaker:
            host = article
        articles.append(article)
    return articles
