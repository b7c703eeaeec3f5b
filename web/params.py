"""Request parsing shared by the HTML pages and the JSON API: reads page, per_page, sort, district and year
(checked by search.results, whose messages every front end shows), and builds the URLs (pages, sort, facet
toggles) that keep all state in the query string."""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import url_for

from search.query import MAX_QUERY_CHARS
from search.results import QUERY, SearchResult, checked_page, checked_per_page, checked_sort, checked_year

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

    def without(self, facet: str, value: str, query_without: str | None) -> SearchParams:
        """Drops a filter wherever it was given: the URL parameter and, when it came from the query's
        `district:`, that part of the query."""
        field = {"district": "districts", "year": "years"}[facet]
        changes = {field: tuple(v for v in getattr(self, field) if v != value), "page": 1}
        return replace(self, **changes, **({"q": query_without} if query_without is not None else {}))

    def toggled(self, facet: str, value: str) -> SearchParams:
        """Adds or removes one filter value; back to page 1, since the result set changes."""
        field = {"district": "districts", "year": "years"}[facet]
        current = getattr(self, field)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return replace(self, **{field: values}, page=1)

    def search_kwargs(self, default_per_page: int) -> dict:
        return {"q": self.q, "districts": self.districts, "years": self.years, "sort": self.sort,
                "page": self.page, "per_page": self.per_page or default_per_page}


def _values(args, name: str) -> tuple[str, ...]:
    values = [v.strip()[:MAX_FILTER_CHARS] for v in args.getlist(name)]
    return tuple(dict.fromkeys(v for v in values if v))[:MAX_FILTERS]


def parse_search(args) -> SearchParams:
    """Unknown districts are kept (they match nothing); a bad page, per_page, sort or year is a QueryError (400)."""
    sort = checked_sort(args.get("sort", "").strip() or "relevance")
    page, per_page = args.get("page", "").strip(), args.get("per_page", "").strip()
    years = tuple(checked_year(y) for y in _values(args, "year"))
    return SearchParams(
        q=args.get("q", ""), districts=_values(args, "district"), years=years, sort=sort,
        page=checked_page(page) if page else 1, per_page=checked_per_page(per_page) if per_page else None,
    )


def toggled(result: SearchResult, params: SearchParams, facet: str, value: str) -> SearchParams:
    """The search with one facet value switched: a filter in effect is removed wherever it came from."""
    applied = next((f for f in result.filters if f.facet == facet and f.value == value), None)
    if applied is None:
        return params.toggled(facet, value)
    return params.without(facet, value, applied.query_without if applied.source == QUERY else None)


def facets(result: SearchResult, params: SearchParams, endpoint: str, size: int) -> dict:
    """The engine's facets plus each value's toggle_url; districts cut to the `size` largest (selected ones stay)."""
    out = {}
    for name, items in result.facets.items():
        kept = items if name == "year" else [
            item for i, item in enumerate(items) if i < size or item["selected"]]
        out[name] = [{**item, "toggle_url": toggled(result, params, name, item["value"]).url(endpoint)}
                     for item in kept]
    return out
