"""Credit lines of Chinese papers: bylines, datelines, photo and editor credits, closing notes.

Each function takes one line (or paragraph) and says whether it is such a credit and who it names, so the
page splitter can tell credits from headlines and body text. Names are stored without the padding spaces
papers put into two-character names (`乔  栋` → `乔栋`).
"""
from __future__ import annotations

import re

_CJK = "\u4e00-\u9fff"
_OUTLET = rf"(?:本报|新华社|中新社|人民日报|郑报融媒|郑报全媒体|晚报|日报|[{_CJK}]{{2,8}}?(?:日报|晚报|时报|报社|电视台|融媒体中心|融媒))"
# A label gives the names after it their role; an outlet alone (中牟时报) gives none.
LABEL = re.compile(rf"(?:{_OUTLET}|[{_CJK}]{{2,6}}?)?(?:首席|特约|见习|实习|摄影)?(?:记者|通讯员)|实习生|{_OUTLET}")
_NAME = re.compile(rf"[{_CJK}·]{{2,4}}")
# What a byline's last word credits: a picture alone (its caption is above it), or writing too.
PICTURE_CREDITS = ("摄", "图", "摄影")
CREDITS = PICTURE_CREDITS + ("文", "摄影报道", "文/图", "图/文")
_NAME_CREDIT = re.compile(rf"^([{_CJK}·]{{2,4}})/(文|图)$")

# A whole line crediting a picture: "新华社记者  姜  帆摄", "何华文摄（人民视觉）", "南开大学供图", "洪  琥绘".
_PHOTO_LINE = re.compile(
    rf"^(?:[{_CJK}·]{{0,12}}(?:记者|通讯员))?\s*(?:[{_CJK}·]{{1,4}}\s?){{1,6}}(?:摄|绘|供图|摄影报道|摄影|提供)"
    rf"(?:[（(][{_CJK}·]{{2,10}}[)）])?$"
    rf"|^(?:以上|本版|本组)?图片(?:均)?(?:为|由|来源)|^审图号|^图[①-⑳\d]?[：:]?[{_CJK}]{{0,20}}提供$"
    rf"|^[{_CJK}]{{2,20}}供图(?:[（(][{_CJK}]{{2,10}}[)）])?$")
# "图片由晚报记者张翼飞翻拍于…,文字由晚报记者张改华采写": who made the picture and who wrote the text.
_MADE_BY = re.compile(rf"(?:图片|照片|文字|图|文)由\s*(?P<label>{LABEL.pattern})?\s*(?P<name>[{_CJK}]{{2,3}}?)"
                      rf"(?:翻拍|拍摄|摄|提供|采写|撰写|整理)")
_EDITOR = re.compile(r"^(?:版式设计|本期统筹|责任编辑|本版编辑|美术编辑|图表制作|制图|线索提供|数据支持)[:：\s]")

# "本报讯", "本报北京1月7日电", "新华社北京1月7日电", "郑州晚报讯", with the bracketed byline after it.
DATELINE = re.compile(
    rf"^(?P<where>本报讯|(?:本报|新华社|中新社)[{_CJK}]{{0,8}}?(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日电"
    rf"|[{_CJK}]{{2,8}}(?:报|网)讯)\s*(?:[（(](?P<who>[^（）()]{{1,60}})[)）])?\s*")
# Closing notes naming writers: "（肖航参与采写）", "（本报记者郑智文采访整理）", "（…，本报记者魏哲哲整理）".
_CLOSING = re.compile(rf"[（(](?:[^（）()]*?[，,、])?(?:本报)?(?:记者)?\s*([{_CJK}、\s]{{2,20}}?)"
                      rf"\s*(?:参与采写|采访整理|整理)[)）]$")
_AUTHOR_NOTE = re.compile(rf"^[（(]\s*([{_CJK}·]{{1,2}}\s*[{_CJK}·]{{1,3}})\s*[)）]$")


def _tokens(text: str) -> list[str]:
    """Split a credit into tokens, pairing the single characters of a padded name (王 某 → 王某)."""
    raw = re.sub(r"[、，,]", " ", text).split()
    out: list[str] = []
    for token in raw:
        if len(token) == 1 and re.match(rf"[{_CJK}]", token) and out and len(out[-1]) == 1 \
                and re.match(rf"[{_CJK}]", out[-1]):
            out[-1] += token
        else:
            out.append(token)
    return out


def _split_label(token: str) -> list[str]:
    """"记者魏哲哲" → ["记者", "魏哲哲"]: a label written without a space before the name."""
    match = LABEL.match(token)
    if match and match.end() < len(token) and _NAME.fullmatch(token[match.end():]):
        return [token[:match.end()], token[match.end():]]
    return [token]


def parse(text: str, labelled: bool = True):
    """(people, credit) for a byline such as "本报记者  王  某", "晚报记者 X/文 Y/图", "记者 王军方 航空港时报
    曾碧娟 文/图", else None. With `labelled=False` bare names count too (a commentary's author)."""
    credit = ""
    glued = re.search(rf"(?<=[{_CJK}])(摄影报道|摄影|摄)$", text)
    if glued:
        text, credit = text[:glued.start()], glued.group(1)
    tokens = [part for token in _tokens(text) for part in _split_label(token)]
    if tokens and tokens[-1] in CREDITS and not credit:
        credit = tokens.pop()
    if not tokens or (labelled and not LABEL.fullmatch(tokens[0])):
        return None
    people, role, waiting = [], None, False
    for token in tokens:
        named = _NAME_CREDIT.match(token)
        if LABEL.fullmatch(token) and not (people and not waiting and _NAME.fullmatch(token) and not labelled):
            if waiting:
                return None
            role = "通讯员" if token.endswith("通讯员") else "实习生" if token == "实习生" else \
                "记者" if token.endswith("记者") else None
            waiting = True
        elif named or _NAME.fullmatch(token):
            people.append({"name": named.group(1) if named else token, "role": role})
            waiting = False
            credit = credit or (named.group(2) if named else "")
        else:
            return None
    return (people, credit) if people and not waiting else None


def photo_credit(text: str) -> bool:
    """A line that only credits a picture (or map): never a headline, never body."""
    return bool(_PHOTO_LINE.search(text)) and len(text) <= 60


def editor_credit(text: str) -> bool:
    return bool(_EDITOR.match(text))


def photo_credit_names(text: str) -> list[dict]:
    """The photographers a photo credit names ("牛宏超  周学津摄影报道" → both), for a photo item, and the
    writer too where it names one ("图片由晚报记者张翼飞翻拍…,文字由晚报记者张改华采写")."""
    made = [(m.group("label"), m.group("name")) for m in _MADE_BY.finditer(text)]
    if made:
        return [{"name": name, "role": "记者" if label else None} for label, name in made]
    core = re.sub(r"[（(][^）)]*[)）]$", "", text)
    core = re.sub(r"(?:摄影报道|摄影|摄|绘)$", "", core.strip())
    core = re.sub(rf"^[{_CJK}·]{{0,12}}?(?:记者|通讯员)\s*", "", core)
    names = [t for t in _tokens(core) if re.fullmatch(rf"[{_CJK}·]{{2,6}}", t)]      # 旦增尼玛曲珠
    return [{"name": n, "role": None} for n in names] if names and len(names) == len(_tokens(core)) else []


def dateline(paragraph: str):
    """(match, people) when a paragraph opens with a dateline; people from its bracketed byline."""
    match = DATELINE.match(paragraph)
    if not match:
        return None
    people = []
    if match.group("who"):
        found = parse(match.group("who")) or parse(match.group("who"), labelled=False)
        people = found[0] if found else []
    return match, people


def closing_names(paragraph: str) -> list[dict]:
    """Writers named by a closing note that stays in the body: "（肖航参与采写）"."""
    match = _CLOSING.search(paragraph)
    if not match:
        return []
    names = [t for t in _tokens(match.group(1)) if _NAME.fullmatch(t)]
    return [{"name": n, "role": "记者"} for n in names]


def author_note(paragraph: str) -> list[dict]:
    """"（秦  超）" printed alone after a commentary: its author, not body."""
    match = _AUTHOR_NOTE.match(paragraph)
    return [{"name": re.sub(r"\s", "", match.group(1)), "role": None}] if match else []
