"""Request parsing shared by the HTML pages and the JSON API: reads page, per_page, sort, the facet
filters (district, reporter, year, month), the date range (from, to, undated) and the switches (expand,
more), checked by search.results, whose messages every front end shows; builds the URLs (pages, sort,
facet toggles) that keep all state in the query string."""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import url_for

from search.dates import checked_range
from search.errors import QueryError
from search.query import MAX_QUERY_CHARS
from search.results import (QUERY, SearchResult, checked_month, checked_page, checked_per_page,
                            checked_sort, checked_year)

MAX_FILTERS = 20          # more filters than this is not a person clicking facets
MAX_FILTER_CHARS = 50
FIELDS = {"district": "districts", "year": "years", "month": "months", "reporter": "reporters"}
LONG_FACETS = ("district", "reporter")     # cut to the app's FACET_SIZE, with a "more" link for reporters


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    districts: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int | None = None            # None: the app's PER_PAGE, left out of URLs
    reporters: tuple[str, ...] = ()
    months: tuple[str, ...] = ()           # "2011-12"
    date_from: str = ""
    date_to: str = ""
    include_undated: bool = False
    expand: bool = True                    # alias expansion (expand=0 turns it off)
    more: str = ""                         # a facet shown in full ("reporter")

    def query_args(self) -> dict:
        """The non-default parameters, as url_for takes them (lists become repeated keys)."""
        # links carry what was searched (the engine's cap), not all of a pasted essay
        args = {"q": self.q[:MAX_QUERY_CHARS] or None, "district": list(self.districts) or None,
                "reporter": list(self.reporters) or None, "year": list(self.years) or None,
                "month": list(self.months) or None, "from": self.date_from or None, "to": self.date_to or None,
                "undated": "include" if self.include_undated else None, "expand": None if self.expand else "0",
                "more": self.more or None,
                "sort": None if self.sort == "relevance" else self.sort,
                "page": None if self.page == 1 else self.page, "per_page": self.per_page}
        return {k: v for k, v in args.items() if v is not None}

    def url(self, endpoint: str, **changes) -> str:
        return url_for(endpoint, **replace(self, **changes).query_args())

    def without(self, facet: str, value: str, query_without: str | None) -> SearchParams:
        """Drops a filter wherever it was given: the URL parameter and, when it came from the query's
        `district:`, `reporter:` or `date:`, that part of the query."""
        if facet == "date":
            changes = {"date_from": "", "date_to": "", "include_undated": False} if query_without is None else {}
        else:
            field = FIELDS[facet]
            changes = {field: tuple(v for v in getattr(self, field) if v != value)}
        return replace(self, **changes, page=1, **({"q": query_without} if query_without is not None else {}))

    def toggled(self, facet: str, value: str) -> SearchParams:
        """Adds or removes one filter value; back to page 1, since the result set changes. Choosing a
        month of a chosen year narrows to the month (the year's other months are dropped)."""
        field = FIELDS[facet]
        current = getattr(self, field)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        changes = {field: values}
        if facet == "month" and value not in current:
            changes["years"] = tuple(y for y in self.years if y != value[:4])
        return replace(self, **changes, page=1)

    def filter_kwargs(self) -> dict:
        """The filters as Engine.search and Engine.matches take them (the query itself apart)."""
        return {"districts": self.districts, "years": self.years, "reporters": self.reporters,
                "months": self.months, "date_from": self.date_from or None, "date_to": self.date_to or None,
                "include_undated": self.include_undated, "expand": self.expand}

    def search_kwargs(self, default_per_page: int) -> dict:
        return {"q": self.q, "sort": self.sort, "page": self.page, "per_page": self.per_page or default_per_page,
                **self.filter_kwargs()}


def filter_values(args, name: str) -> tuple[str, ...]:
    values = [v.strip()[:MAX_FILTER_CHARS] for v in args.getlist(name)]
    return tuple(dict.fromkeys(v for v in values if v))[:MAX_FILTERS]


def _choice(args, name: str, allowed: tuple[str, ...]) -> str:
    value = args.get(name, "").strip()
    if value not in allowed:
        raise QueryError(f"参数 {name} 只能是 {' 或 '.join(a for a in allowed if a)}，收到的是“{value[:20]}”。")
    return value


def parse_search(args) -> SearchParams:
    """Unknown districts and reporters are kept (they match nothing); a bad page, per_page, sort, year,
    month, from, to, undated, expand or more is a QueryError (400)."""
    sort = checked_sort(args.get("sort", "").strip() or "relevance")
    page, per_page = args.get("page", "").strip(), args.get("per_page", "").strip()
    date_from, date_to = args.get("from", "").strip()[:10], args.get("to", "").strip()[:10]
    checked_range(date_from, date_to)
    return SearchParams(
        q=args.get("q", ""), districts=filter_values(args, "district"),
        years=tuple(checked_year(y) for y in filter_values(args, "year")), sort=sort,
        page=checked_page(page) if page else 1, per_page=checked_per_page(per_page) if per_page else None,
        reporters=filter_values(args, "reporter"), months=tuple(checked_month(m) for m in filter_values(args, "month")),
        date_from=date_from, date_to=date_to,
        include_undated=_choice(args, "undated", ("", "include", "exclude")) == "include",
        expand=_choice(args, "expand", ("", "0", "1")) != "0", more=_choice(args, "more", ("", "reporter")),
    )


def toggled(result: SearchResult, params: SearchParams, facet: str, value: str) -> SearchParams:
    """The search with one facet value switched: a filter in effect is removed wherever it came from."""
    applied = next((f for f in result.filters if f.facet == facet and f.value == value), None)
    if applied is None:
        return params.toggled(facet, value)
    return params.without(facet, value, applied.query_without if applied.source == QUERY else None)


def facets(result: SearchResult, params: SearchParams, endpoint: str, size: int) -> dict:
    """The engine's facets plus each value's toggle_url; districts and reporters cut to the `size` largest
    (selected ones stay; `more=reporter` shows every reporter)."""
    out = {}
    for name, items in result.facets.items():
        whole = name not in LONG_FACETS or params.more == name
        kept = items if whole else [item for i, item in enumerate(items) if i < size or item["selected"]]
        out[name] = [{**item, "toggle_url": toggled(result, params, name, item["value"]).url(endpoint)}
                     for item in kept]
    return out


def more_links(result: SearchResult, params: SearchParams, endpoint: str, size: int) -> dict:
    """For a facet cut short, the link showing it whole (and, shown whole, the link back)."""
    out = {}
    if len(result.facets.get("reporter", [])) > size:
        out["reporter"] = params.url(endpoint, more="" if params.more == "reporter" else "reporter")
    return out
