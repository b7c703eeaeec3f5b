"""HTML pages: search results, articles, slogans. Every state is in the URL; JavaScript only adds suggestions."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, render_template, request, url_for

from search.results import QUERY, SearchResult
from web import charts
from web.api import run_search
from web.backend import engine, slogans
from web.params import SearchParams, facets, parse_search, toggled

bp = Blueprint("views", __name__)
RELATED = 5
PAGE_WINDOW = 2           # page links shown either side of the current one


def phrase_query(text: str) -> str:
    return f'"{text}"'


def pagination(page: int, pages: int) -> list[int | None]:
    """Page numbers to link, None where a run is left out: 1 … 4 5 [6] 7 8 … 20."""
    keep = {1, pages, *range(page - PAGE_WINDOW, page + PAGE_WINDOW + 1)}
    out: list[int | None] = []
    for n in range(1, pages + 1):
        if n in keep:
            out.append(n)
        elif out[-1] is not None:
            out.append(None)
    return out


def known_slogans(result: SearchResult) -> list[dict]:
    """Book entries for the quoted phrases of the query, with the anchor of each on /slogans."""
    book = slogans()
    found = (book.find(p) for p in result.phrases)
    return [{**e, "anchor": slogan_anchor(e["text"])} for e in found if e]


def slogan_anchor(text: str) -> str:
    return "s-" + "".join(text.split())


def no_results_help(params: SearchParams, result: SearchResult) -> dict:
    """Links that would find something: fewer filters, the phrase without quotes, the words one by one,
    the nearest known slogans; each with its count, and only those that find anything.

    The filter counts are the engine's (`result.unfiltered`): as filters of one facet are ORed, dropping
    one of several values cannot find more than the empty union did, so only a facet's single value or
    all filters together can help. The query options are new searches, counted with one hit each."""
    counted = []
    by_facet = {name: [f for f in result.filters if f.facet == name] for name in ("district", "year")}
    label = {"district": "区县", "year": "年份"}
    for name, applied in by_facet.items():
        if len(applied) == 1 and result.unfiltered.get(name):
            f = applied[0]
            counted.append((f"去掉{label[name]}“{f.value}”", toggled(result, params, name, f.value),
                            result.unfiltered[name]))
    if len(result.filters) > 1 and result.unfiltered.get("all"):
        in_query = any(f.source == QUERY for f in result.filters)
        cleared = replace(params, q=result.query_without_filters if in_query else params.q, districts=(),
                          years=(), page=1)
        counted.append(("去掉全部筛选", cleared, result.unfiltered["all"]))
    searches = []
    if result.phrases:
        searches.append((f"不加引号搜索“{result.unquoted}”", replace(params, q=result.unquoted, page=1)))
    if len(result.words) > 1:
        searches += [(f"单独搜索“{w}”", replace(params, q=w, page=1)) for w in result.words[:6]]
    for text, option in searches:
        if total := run_search(replace(option, per_page=1)).total:
            counted.append((text, option, total))
    book = slogans()
    nearest = [{"text": e["text"], "count": e.get("count"), "url": url_for("views.search", q=phrase_query(e["text"]))}
               for p in result.phrases for e in book.nearest(p, limit=5)]
    return {"options": [{"label": text, "url": option.url("views.search"), "total": total}
                        for text, option, total in counted],
            "nearest": nearest}


@bp.get("/")
@bp.get("/search")
def search():
    """The results page: hits, facets, pager, and for no results the searches that would find something.
    A page past the last one is a 404 with a link back to the first."""
    params = parse_search(request.args)
    result = run_search(params)
    missing_page = result.past_last_page
    facet_items = facets(result, params, "views.search", current_app.config["FACET_SIZE"])
    context = {
        "params": params, "result": result, "missing_page": missing_page,
        "districts": charts.bars(facet_items["district"]), "timeline": charts.timeline(facet_items["year"]),
        "chips": [i for name in ("district", "year") for i in facet_items[name] if i["selected"]],
        "pages": pagination(params.page, result.pages),
        "missing_message": str(result.missing_page()) if missing_page else "",
        "slogans": known_slogans(result) if result.total else [],
        "help": no_results_help(params, result) if not result.total else None,
    }
    return render_template("search.html", **context), 404 if missing_page else 200


@bp.get("/articles/<article_id>")
def article(article_id: str):
    """One article, the query's matches marked (q is carried from the results), with related articles."""
    q = request.args.get("q", "")
    eng = engine()
    return render_template("article.html", article=eng.highlighted_article(article_id, q),
                           related=eng.related(article_id, limit=RELATED), params=SearchParams(q=q))


@bp.get("/slogans")
def slogan_list():
    """The slogan book: every slogan with its use over the years, optionally those of one district."""
    district = request.args.get("district", "").strip() or None
    book = slogans()
    entries = book.entries(district)
    every = book.entries() if district else entries
    span = charts.year_span({y for e in every for y in e["years"]})
    rows = [{**e, "anchor": slogan_anchor(e["text"]), "url": url_for("views.search", q=phrase_query(e["text"])),
             "spark": charts.sparkline(e["years"], span)} for e in entries]
    districts = sorted({d["value"] for e in every for d in e["districts"]})
    return render_template("slogans.html", rows=rows, district=district, districts=districts, span=span,
                           params=SearchParams())
