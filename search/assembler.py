"""Which lines of a page make which article: a walk over the page's pieces in order, headline lines waiting
in a stack until the text they head arrives. Each piece is judged by `search.lines`; the drafts made here
become articles in `search.pages`.

About 300 lines, one class: every rule reads and changes the same walk state (the open draft, the waiting
headline lines), so splitting the rules across modules would pass that state around instead of keeping it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from search import bylines, headlines
from search.article import INVISIBLE
from search.lines import (BOX, BULLETS, CJK, EDITOR_CODE, FIGURE_REF, ORDINAL, PICTURE_LINE, QUOTED, ROSTER, SPEAKER,
                          complete, credit_line, note_line, pieces, split_byline, stacked)


@dataclass
class Draft:
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
        return {a + b for run in re.findall(rf"[{CJK}]+", s) for a, b in zip(run, run[1:])}
    mine = grams(line)
    return len(mine & grams(text)) / len(mine) if mine else 0.0


class Assembler:
    """Walks a page's pieces in order; headline lines wait in a stack until the text they head arrives."""

    def __init__(self):
        self.drafts: list[Draft] = []
        self.stack: list[tuple[int, str]] = []
        self.cur: Draft | None = None
        self.roles: list[tuple[str, str]] = []     # (role, text) of each piece, for `explain`

    def start(self, title=(), **kwargs) -> Draft:
        """A new draft under these headline lines, or a new story of the open package."""
        if self.packs(title):
            self.cur.package, self.cur.closed = True, False
            for _, line in title:
                self.cur.paras.append(line)
                self.note("subhead", line)
            return self.cur
        self.cur = Draft(list(title), **kwargs)
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
        if note_line(text) and self.cur and self.cur.paras and not self.stack:
            self.note("note", text)
            self.cur.paras.append(text)
            return
        if BOX.match(text) and (self.stack or self.cur and not self.cur.closed):
            self.paragraph(text, gap)           # a box or vox-pop label (链接, 市民反映:) opens text
            return
        if bylines.photo_credit(text) and not split_byline(text):
            self.photo_credit(gap, text)
            return
        if self.stack and self.author_line(text):
            return
        split = None if BOX.match(text) else split_byline(text)
        if split and split[0]:
            text, people, credit = split
            if self.cur and self.cur.coded and not self.stack and len(text) <= 40 and text.count("。") <= 1:
                self.note("caption", text)          # a caption printed after the text's end, with its credit
                self.cur.captions.append(text)
                self.cur.photographers += people
                return
            if credit in bylines.PICTURE_CREDITS and not complete(text):
                self.note("caption", text)
                self.note("credit", "")
                self.drafts.append(Draft(self.headline_lines(), [text], people, kind="photo"))
                return
            self.paragraph(text, gap)
            self.credit(people, credit, "")
        elif split:
            self.credit(split[1], split[2], text)
        elif QUOTED.fullmatch(text) and not self.stack and (self.cur is None or self.cur.closed):
            self.stack.append((gap, text))
        elif (bylines.DATELINE.match(text) or complete(text) or text[0] in BULLETS or len(text) > 64
              or (ORDINAL.match(text) and self.cur and not self.cur.closed and not self.stack)
              or (ROSTER.fullmatch(text) and self.listing())):
            self.paragraph(text, gap)
        else:
            self.stack.append((gap, text))

    def listing(self) -> bool:
        """Whether the open article's last paragraph opens a list (对话嘉宾：) or is an entry of one."""
        cur = self.cur
        if self.stack or cur is None or cur.closed or not cur.paras:
            return False
        last = cur.paras[-1]
        return bool(BOX.match(last) and last[-1] in "：:" or ROSTER.fullmatch(last))

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
        elif cur and cur.paras and not FIGURE_REF.search(cur.paras[-1]):
            gap, caption = cur.last_gap, cur.paras.pop()
        else:
            return
        self.note("caption", caption)
        if gap >= 2 or cur is None or cur.closed:
            title = []
            if cur and not cur.paras and cur.title and not cur.written:   # a caption alone under a headline
                title, cur.title = cur.title, []
            self.drafts.append(Draft(title, [caption], people, kind="photo", closed=True))
            return
        if self.photo_story(people, credit, caption):
            return
        if not cur.written or credit.startswith(("以上", "本组")):   # all captions so far ("以上图片均为…")
            cur.captions += cur.paras
            cur.paras = []
        elif cur.paras and len(cur.paras[-1]) <= 8 and not complete(cur.paras[-1]):
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
        self.cur = Draft([(1, head)], texts, people, kind="photo", closed=True, written=True)
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
        if cur.photo_report and not cur.paras and not cur.captions and PICTURE_LINE.fullmatch(text):
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
        cur.coded = bool(EDITOR_CODE.search(text))

    def subhead(self) -> bool:
        """Waiting lines inside an open article are its subheads when they are single lines apart from each
        other and carry no column tag: a new headline block stacks its lines."""
        lines = self.stack
        if any(g == 0 for g, _ in lines[1:]) or len(lines) > 2:
            return False
        if any(headlines.column_tag(t)[1] or SPEAKER.fullmatch(t) for _, t in lines):
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
                self.drafts.append(Draft([(0, orphan)], [orphan]))
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
        if lines and SPEAKER.fullmatch(lines[0][1]):
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

    def finish(self) -> list[Draft]:
        if self.stack:
            lines = self.headline_lines()
            cur = self.cur
            if cur and cur.kind == "article" and not cur.title and cur.paras:
                cur.title = lines
            elif lines:
                self.drafts.append(Draft(lines, [" ".join(t for _, t in lines)]))
        return [d for d in self.drafts if d.paras or d.captions]


def assemble(text: str) -> Assembler:
    """Walk a page's pieces: stacked short lines wait as headline lines, the rest is fed in order."""
    assembler = Assembler()
    parts = pieces(text.translate(INVISIBLE))
    for n, (gap, piece) in enumerate(parts):
        following = parts[n + 1] if n + 1 < len(parts) else None
        if stacked(piece, following) or (assembler.stack and gap == 0 and len(piece) <= 50
                                          and not credit_line(piece) and not split_byline(piece)):
            assembler.stack.append((gap, piece))
        else:
            assembler.feed(gap, piece)
    return assembler


