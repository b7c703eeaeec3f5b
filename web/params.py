"""Request parsing shared by the HTML pages and the JSON API: one place validates page, per_page, sort,
district and year, and builds the URLs (pages, sort, facet toggles) that keep all state in the query string."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flask import url_for

from search.engine import MAX_PER_PAGE, SORTS
from search.errors import QueryError
from search.query import MAX_QUERY_CHARS

YEAR = re.compile(r"\d{4}")
MAX_FILTERS = 20          # more filters than this is not a person clicking facets
MAX_FILTER_CHARS = 50


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    districts: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int | None = None            # None: the app's PER_PAGE, left out of URLs

    def query_args(self) -> dict:
        """The non-default parameters, as url_for takes them (lists become repeated keys)."""
        # links carry what was searched (the engine's cap), not all of a pasted essay
        args = {"q": self.q[:MAX_QUERY_CHARS] or None, "district": list(self.districts) or None,
                "year": list(self.years) or None,
                "sort": None if self.sort == "relevance" else self.sort,
                "page": None if self.page == 1 else self.page, "per_page": self.per_page}
        return {k: v for k, v in args.items() if v is not None}

    def url(self, endpoint: str, **changes) -> str:
        return url_for(endpoint, **replace(self, **changes).query_args())

    def toggled(self, facet: str, value: str) -> SearchParams:
        """Adds or removes one filter value; back to page 1, since the result set changes."""
        field = {"district": "districts", "year": "years"}[facet]
        current = getattr(self, field)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, **{field: values}, page=1)

    def search_kwargs(self, default_per_page: int) -> dict:
        return {"q": self.q, "districts": self.districts, "years": self.years, "sort": self.sort,
                "page": self.page, "per_page": self.per_page or default_per_page}


def _whole_number(args, name: str, low: int, high: int | None) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= (high or int(raw)):
        limit = f" {low} 到 {high} 之间" if high else f"不小于 {low} "
        raise QueryError(f"参数 {name} 应为{limit}的整数，收到的是“{raw[:20]}”。")
    return int(raw)


def _values(args, name: str) -> tuple[str, ...]:
    values = [v.strip()[:MAX_FILTER_CHARS] for v in args.getlist(name)]
    return tuple(dict.fromkeys(v for v in values if v))[:MAX_FILTERS]


def parse_search(args) -> SearchParams:
    """Unknown districts are kept (they match nothing); a bad page, per_page, sort or year is a QueryError (400)."""
    sort = args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise QueryError(f"参数 sort 只能是 {' 或 '.join(SORTS)}，收到的是“{sort[:20]}”。")
    years = _values(args, "year")
    for year in years:
        if not YEAR.fullmatch(year) or not year.isascii():
            raise QueryError(f"参数 year 应为四位年份（如 2022），收到的是“{year}”。")
    return SearchParams(
        q=args.get("q", ""), districts=_values(args, "district"), years=years, sort=sort,
        page=_whole_number(args, "page", 1, None) or 1,
        per_page=_whole_number(args, "per_page", 1, MAX_PER_PAGE),
    )


def facets(result, params: SearchParams, endpoint: str, size: int) -> dict:
    """The engine's facets plus each value's toggle_url; districts cut to the `size` largest (selected ones stay)."""
    out = {}
    for name, items in result.facets.items():
        kept = items if name == "year" else [
            item for i, item in enumerate(items) if i < size or item["selected"]]
        out[name] = [{**item, "toggle_url": params.toggled(name, item["value"]).url(endpoint)} for item in kept]
    return out
