"""What one line of a page is, judged alone or with the line under it: complete prose, a headline candidate,
a byline, a credit, a note, a list entry. The assembler (`search.assembler`) decides from these which lines
make which article; the credit forms themselves live in `search.bylines`.
"""
from __future__ import annotations

import re

from search import bylines, headlines
from search.article import clean_line

CJK = "\u4e00-\u9fff"
END = "。！？!?…;；"              # a paragraph ending in one of these (before closing quotes) is complete
CLOSERS = "”’」』)）》"
CLAUSE = ",，;；。：:"             # clause punctuation inside a piece marks prose, not a headline
BULLETS = "●■▲◆★"
SPEAKER = re.compile(
    rf"^\S.*?(?:书记|主任|区长|县长|市长|局长|主席|部长|镇长|院长|负责人|董事长|总经理) [{CJK}·]{{2,4}}$")
ORDINAL = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]")   # in-article subheads
# Box and section labels printed alone on a line: never an author's name, never a new article.
BOX = re.compile(r"^(?:人物小传|记者手记|核心阅读|链接|相关链接|延伸阅读|背景|开栏的话|编者按|小资料|名词解释|短评|"
                  r"【[^】]{1,8}】|[^\s：:]{2,6}[：:]|链接·.*)$")
EDITOR_CODE = re.compile(r"(?<=[。！？”])[^\s。！？”()（）]{0,3}[\d①-⑳][^\s。！？”()（）]{0,3}$")
# A whole line quoted, short: at the top of an article it is a quoted headline (“这才是真正的河南!”).
QUOTED = re.compile(r"“[^“”]{2,20}”")
# A list under a label ending in a colon (对话嘉宾：): one person a line, name then post (黄 龙 全国总工会…).
ROSTER = re.compile(rf"(?:[{CJK}]{{2,3}}|[{CJK}] [{CJK}]) [^\s。！？]{{4,30}}")
PICTURE_LINE = re.compile(r"[^“”。！？，,]{4,20}。")      # one short plain sentence: 宋金和在研究物证与史料。
FIGURE_REF = re.compile(r"[（(]见图[^)）]{0,4}[)）]$")     # prose pointing at a picture is not its caption


def complete(text: str) -> bool:
    """Whether a piece ends a sentence, looking through closing quotes and brackets (…上来。” counts) and
    an editor's code glued to the last sentence (…发放成绩单。輥輳訛6)."""
    core = EDITOR_CODE.sub("", text).rstrip(CLOSERS)
    return bool(core) and core[-1] in END


def prose(text: str) -> bool:
    """Body text has clause punctuation or runs long; headlines are short phrases, parts separated by spaces."""
    return any(c in CLAUSE for c in text) or (len(text) > 30 and " " not in text)


def split_byline(text: str):
    """(text before, reporters, credit) when a piece ends with a byline: a whole byline line, a byline after a
    paragraph's last sentence ("…再上新台阶。记者 曹岩峰 …") or a photo credit after a caption."""
    for match in bylines.LABEL.finditer(text):
        start = match.start()
        if start and text[start - 1] not in " □" + END + CLOSERS:
            continue
        found = bylines.parse(text[start:])
        if found:
            return (text[:start].rstrip(" □"), *found)
    return None


def note_line(text: str) -> bool:
    """A bracketed note ((作者为…), (据新华社电), (肖航参与采写)) or an editor's signature (——编  者): it
    belongs to the text above it."""
    return bool(re.fullmatch(r"[（(].*[)）]", text) and len(text) > 4 or re.fullmatch(r"——\s*编\s*者", text))


def credit_line(text: str) -> bool:
    return bylines.photo_credit(text) or bylines.editor_credit(text)


def pieces(text: str) -> list[tuple[int, str]]:
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
    return (not complete(text) and not text.endswith("——") and not headlines.column_tag(text)[1] and prose(text) and not split_byline(text) and not credit_line(text)
            and not BOX.match(text))


def _continues(text: str) -> bool:
    return (not bylines.DATELINE.match(text) and text[0] not in BULLETS and not split_byline(text)
            and not credit_line(text) and (complete(text) or prose(text)))



def labels(lines: list[tuple[int, str]]) -> bool:
    """Whether the lines above a photo item are its pictures' labels, not a headline: two or more short
    phrases set apart by blank lines (上世纪40年代的郑州火车站 / 上世纪70年代的郑州火车站)."""
    return len(lines) >= 2 and all(g >= 1 for g, _ in lines[1:]) and all(
        len(t) <= 20 and not headlines.column_tag(t)[1] and not any(c in CLAUSE + END for c in t) for _, t in lines)


def stacked(piece: str, following: tuple[int, str] | None) -> bool:
    """A short line with another short line right under it (no blank line between) opens a headline block:
    a kicker such as "生成图像、合成语音、伪装客服、伪造场景……" even though it ends like a sentence."""
    if following is None or following[0] != 0:
        return False
    nxt = following[1]
    return (len(piece) <= 50 and len(nxt) <= 50 and not bylines.DATELINE.match(piece)
            and not split_byline(piece) and not credit_line(piece) and not note_line(piece)
            and not bylines.DATELINE.match(nxt) and not split_byline(nxt) and not credit_line(nxt))


