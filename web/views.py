"""HTML pages: search results, articles, slogans. Every state is in the URL; JavaScript only adds suggestions."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, render_template, request, url_for

from search.analysis import query_words
from search.query import QUOTES, parse
from web import charts
from web.api import run_search
from web.backend import engine, slogans
from web.params import SearchParams, facets, parse_search

bp = Blueprint("views", __name__)
RELATED = 5
PAGE_WINDOW = 2           # page links shown either side of the current one


def quoted_phrases(q: str) -> list[str]:
    """The query's exact phrases, as the engine's parser reads them."""
    return [u.text for u in parse(q).units if u.phrase]


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


def known_slogans(q: str) -> list[dict]:
    """Book entries for the quoted phrases of the query, with the anchor of each on /slogans."""
    book = slogans()
    found = (book.find(p) for p in quoted_phrases(q))
    return [{**e, "anchor": slogan_anchor(e["text"])} for e in found if e]


def slogan_anchor(text: str) -> str:
    return "s-" + "".join(text.split())


def no_results_help(params: SearchParams, result) -> dict:
    """Links that would find something: fewer filters, the phrase without quotes, the words one by one,
    the nearest known slogans; each with its count, and only those that find anything."""
    options: list[tuple[str, SearchParams]] = []
    for d in params.districts:
        options.append((f"去掉区县“{d}”", params.toggled("district", d)))
    for y in params.years:
        options.append((f"去掉年份“{y}”", params.toggled("year", y)))
    if len(params.districts) + len(params.years) > 1:
        options.append(("去掉全部筛选", replace(params, districts=(), years=(), page=1)))
    phrases = quoted_phrases(params.q)
    if phrases:
        unquoted = " ".join(params.q.translate(QUOTES).replace('"', " ").split())
        options.append((f"不加引号搜索“{unquoted}”", replace(params, q=unquoted, page=1)))
    units = parse(params.q).units
    words = [u.text for u in units] if len(units) > 1 else query_words(units[0].text) if units else []
    if len(words) > 1:
        for w in words[:6]:
            options.append((f"单独搜索“{w}”", replace(params, q=w, page=1)))
    counted = []
    for label, option in options:
        total = run_search(replace(option, per_page=1)).total
        if total:
            counted.append({"label": label, "url": option.url("views.search"), "total": total})
    book = slogans()
    nearest = [{"text": e["text"], "count": e.get("count"), "url": url_for("views.search", q=phrase_query(e["text"]))}
               for p in phrases for e in book.nearest(p, limit=5)]
    return {"options": counted, "nearest": nearest}


@bp.get("/")
@bp.get("/search")
def search():
    params = parse_search(request.args)
    result = run_search(params)
    missing_page = params.page > result.pages
    facet_items = facets(result, params, "views.search", current_app.config["FACET_SIZE"])
    context = {
        "params": params, "result": result, "missing_page": missing_page,
        "districts": charts.bars(facet_items["district"]), "timeline": charts.timeline(facet_items["year"]),
        "chips": [i for name in ("district", "year") for i in facet_items[name] if i["selected"]],
        "pages": pagination(params.page, result.pages),
        "slogans": known_slogans(params.q) if result.total else [],
        "help": no_results_help(params, result) if not result.total else None,
    }
    return render_template("search.html", **context), 404 if missing_page else 200


@bp.get("/articles/<article_id>")
def article(article_id: str):
    q = request.args.get("q", "")
    eng = engine()
    return render_template("article.html", article=eng.highlighted_article(article_id, q),
                           related=eng.related(article_id, limit=RELATED), params=SearchParams(q=q))


@bp.get("/slogans")
def slogan_list():
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
