"""Keyword in context: every occurrence of the query's words and phrases in a set of articles, with the
characters either side, sorted and paged; and the article text with each occurrence given an anchor.

Occurrences are found as the engine matches: in the normalised text, whatever punctuation or spaces stand
between a phrase's characters (search.hits.patterns). Normalisation keeps every character in place, so
a match's offsets are offsets into the stored text, and left + match + right is always a piece of it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from search import highlight, hits
from search.errors import QueryError
from search.export import csv_stream

WIDTH = 20
MAX_WIDTH = 80
SORTS = ("left", "right", "date", "district")
PER_PAGE = 50
MAX_PER_PAGE = 500
FIELDS = ("title", "body")
CSV_COLUMNS = ("id", "date", "districts", "field", "start", "left", "match", "right", "title")
_SPACE = re.compile(r"\s+")


@dataclass
class Line:
    id: str
    title: str
    date: str | None
    districts: list[str]
    field: str                 # "title" or "body"
    start: int                 # offsets of the match in the stored field
    end: int
    left: str
    match: str
    right: str
    anchor: str                # the fragment id of the marked occurrence on the article page

    def to_dict(self) -> dict:
        return asdict(self)


def anchor_id(field: str, start: int) -> str:
    return f"k-{field[0]}{start}"


def article_lines(article: dict, pats, width: int = WIDTH) -> list[Line]:
    """The occurrences in one article (a dict with id, title, body, date, districts)."""
    out = []
    for field in FIELDS:
        text = article[field]
        found = sorted(hits.spans(text, pats, field == "title"))
        owners = [s for s, _ in highlight.merge(found, text)]   # the article page marks merged spans: link to those
        for start, end in found:
            owner = owners[bisect_right(owners, start) - 1]
            out.append(Line(article["id"], article["title"], article.get("date"), list(article["districts"]),
                            field, start, end, text[max(0, start - width):start], text[start:end],
                            text[end:end + width], anchor_id(field, owner)))
    return out


def lines(articles: Iterable[dict], units, width: int = WIDTH) -> list[Line]:
    if not 1 <= width <= MAX_WIDTH:
        raise QueryError(f"上下文字数应在 1 到 {MAX_WIDTH} 之间，收到的是 {width}。")
    pats = hits.patterns(units)
    if not pats:
        raise QueryError("请输入要查看上下文的词语或短语。")
    return [line for article in articles for line in article_lines(article, pats, width)]


def flat(text: str) -> str:
    """Context as one line: newlines and runs of spaces shown as one space."""
    return _SPACE.sub(" ", text)


def sort_lines(found: list[Line], by: str) -> list[Line]:
    """By the left context read backwards from the match (so words ending just before it group together),
    by the right context, by date (undated last) or by first district (none last); ties keep article and
    position order."""
    if by not in SORTS:
        raise QueryError(f"未知的排序方式“{by}”，可用：{'、'.join(SORTS)}")
    keys = {
        "left": lambda ln: flat(ln.left)[::-1],
        "right": lambda ln: flat(ln.right),
        "date": lambda ln: (ln.date is None, ln.date or ""),
        "district": lambda ln: (not ln.districts, ln.districts[0] if ln.districts else ""),
    }
    key = keys[by]
    return sorted(found, key=lambda ln: (key(ln), ln.id, ln.field != "title", ln.start))


def page(found: list[Line], number: int, per_page: int = PER_PAGE) -> list[Line]:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"每页条数必须在 1 到 {MAX_PER_PAGE} 之间")
    pages = max(1, -(-len(found) // per_page))
    if number < 1 or number > pages:
        raise QueryError(f"第 {number} 页不存在：共 {pages} 页。")
    return found[(number - 1) * per_page:number * per_page]


def csv_chunks(found: Iterable[Line]) -> Iterator[str]:
    """CSV text, a row at a time, with a BOM so spreadsheet programs read it as UTF-8."""
    return csv_stream(CSV_COLUMNS, ([ln.id, ln.date or "", ";".join(ln.districts), ln.field, ln.start,
                                     ln.left, ln.match, ln.right, ln.title] for ln in found))


def anchored_mark(text: str, found: list[tuple[int, int]], field: str) -> str:
    """text escaped, each (merged) match in a <mark> whose id a KWIC line links to (…#k-b120); the
    targeted one is picked out by the stylesheet's :target rule, so no script is needed."""
    return highlight.mark(text, found, mark_id=lambda start: anchor_id(field, start))
