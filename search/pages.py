"""Page layout: the text of one printed page becomes its articles.

A page holds banners, headline blocks, bylines, datelines, paragraphs (cut by column breaks in layout-order
text), subheads, boxes, photo captions and credits. `parse_page` runs three stages: `search.lines` mends the
breaks and judges each line, `search.assembler` groups the lines into drafts, and this module makes each
draft an `Article` with its headline parts (`search.headlines`), reporters (`search.bylines`), dates and
districts. `explain` shows what each line was taken as.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date as Date

from search import bylines, districts, headlines
from search.article import Article, file_key
from search.assembler import Draft, assemble
from search.lines import EDITOR_CODE, labels
from search.metadata import ZHENGZHOU_PAPERS, PageMeta

_WHEN = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日|近日|日前|近期|昨日|昨天|今日|今天|前日|去年|明年|前年")
_TIME_PREFIX = re.compile(r"^(?:近日|日前|昨日|今日|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?)?)[,，]\s*")
_LEAD_CHARS = 50          # of the body, with the headline, identify an article in its page


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
        paras[-1] = EDITOR_CODE.sub("", paras[-1])
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


def _article(draft: Draft, order: int, meta: PageMeta, host: Article | None, taken: set[str], key: str,
             file_name: str, local: bool | str | None) -> Article:
    unwrapped = [_lead_people(p) for p in draft.paras]
    paras = [p for p, _ in unwrapped]
    kind = draft.kind
    reporters = draft.reporters + [person for _, people in unwrapped for person in people]
    captions = list(draft.captions)
    title_lines = draft.title
    if not paras:                   # a picture with its caption and nothing else: the caption is its text
        paras, captions, kind = captions, [], "photo"
        if labels(title_lines):
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
