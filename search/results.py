"""What a search returns and what a search request may ask, independent of the backend that answers it.

The web pages, the JSON API and the CLI all render a `SearchResult`, and all check a request's sort,
page and per_page here, so every front end gives the same messages. Nothing here touches an index: a
second backend would return the same objects.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from search.errors import NotFound, QueryError

SORTS = ("relevance", "date")
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
YEAR = re.compile(r"[0-9]{4}")
MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
PARAMETER, QUERY = "parameter", "query"      # where a filter came from: URL parameter / CLI option, or the query


def checked_sort(value: str) -> str:
    if value not in SORTS:
        raise QueryError(f"参数 sort 只能是 {' 或 '.join(SORTS)}，收到的是“{str(value)[:20]}”。")
    return value


def checked_number(name: str, value: int | str, low: int, high: int | None = None) -> int:
    """A whole number in [low, high], from an int or from a URL parameter's text."""
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or not low <= int(text) <= (high or int(text)):
        limit = f" {low} 到 {high} 之间" if high else f"不小于 {low} "
        raise QueryError(f"参数 {name} 应为{limit}的整数，收到的是“{text[:20]}”。")
    return int(text)


def checked_page(value: int | str) -> int:
    return checked_number("page", value, 1)


def checked_per_page(value: int | str) -> int:
    return checked_number("per_page", value, 1, MAX_PER_PAGE)


def checked_month(value: str) -> str:
    text = str(value).strip()
    if not MONTH.fullmatch(text) or not 1 <= int(text[5:]) <= 12:
        raise QueryError(f"参数 month 应写作 年-月（如 2022-06），收到的是“{text[:20]}”。")
    return text


def checked_year(value: int | str) -> str:
    text = str(value).strip()
    if not YEAR.fullmatch(text):
        raise QueryError(f"参数 year 应为四位年份（如 2022），收到的是“{text[:20]}”。")
    return text


@dataclass
class Hit:
    id: str
    title: str
    title_html: str
    snippet_html: str
    districts: list[str]
    date: str | None
    reporters: list[dict]
    kind: str
    score: float


@dataclass(frozen=True)
class Filter:
    """One filter the search applied. A `query` filter is removed by searching `query_without`, a
    `parameter` one by dropping the parameter (a filter given both ways is a `query` one)."""
    facet: str                          # "district", "reporter", "year", "month" or "date" (a range)
    value: str
    source: str                         # PARAMETER or QUERY
    query_without: str | None = None    # the query text without this filter, for a QUERY filter

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    notice: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    sort: str = "relevance"
    words: list[str] = field(default_factory=list)       # the searched words, phrases segmented, in query order
    phrases: list[str] = field(default_factory=list)     # the quoted phrases
    unquoted: str = ""                                   # the query without its quote marks
    filters: list[Filter] = field(default_factory=list)  # the filters in effect
    query_without_filters: str = ""                      # the query text without its filters (district: …)
    # the total with each kind of filter dropped (district, reporter, year, date) and with all of them dropped
    unfiltered: dict[str, int] = field(default_factory=dict)
    # undated articles: {"count": among the matches, "range": a date range applies, "included": it lets them in}
    undated: dict = field(default_factory=dict)
    explain: dict = field(default_factory=dict)          # what the query was read as (search.parsed.explain + filters)
    fillers: list[dict] = field(default_factory=list)    # per wildcard phrase, its slot's fillers with counts

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def past_last_page(self) -> bool:
        return self.page > self.pages

    def missing_page(self) -> NotFound:
        """The error for a page past the last one (404 on the pages and in the API)."""
        return NotFound(f"第 {self.page} 页不存在：共 {self.pages} 页。")

    def to_dict(self) -> dict:
        return asdict(self)
