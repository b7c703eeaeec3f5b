"""HTML pages: search results, articles, slogans. Every state is in the URL; JavaScript only adds suggestions
and the citation's copy button."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, render_template, request, url_for

from search import cite
from search.errors import NotFound
from search.results import QUERY, SearchResult
from web import charts
from web.api import run_search
from web.backend import engine, slogans
from web.params import SearchParams, facets, more_links, parse_search, toggled

bp = Blueprint("views", __name__)
RELATED = 5
PAGE_WINDOW = 2           # page links shown either side of the current one
FACET_LABELS = {"district": "区县", "reporter": "作者", "year": "年份", "month": "月份", "date": "日期"}


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
    all filters together can help. The query options are new searches, only counted (Engine.matches)."""
    counted = []
    by_facet = {name: [f for f in result.filters if f.facet == name] for name in ("district", "reporter", "date")}
    by_facet["year"] = [f for f in result.filters if f.facet in ("year", "month")]
    for name, applied in by_facet.items():
        if len(applied) == 1 and result.unfiltered.get(name):
            f = applied[0]
            counted.append((f"去掉{FACET_LABELS[f.facet]}“{f.value}”", toggled(result, params, f.facet, f.value),
                            result.unfiltered[name]))
    if len(result.filters) > 1 and result.unfiltered.get("all"):
        in_query = any(f.source == QUERY for f in result.filters)
        cleared = replace(params, q=result.query_without_filters if in_query else params.q, districts=(),
                          years=(), reporters=(), months=(), date_from="", date_to="", include_undated=False,
                          page=1)
        counted.append(("去掉全部筛选", cleared, result.unfiltered["all"]))
    searches = []
    if result.phrases:
        searches.append((f"不加引号搜索“{result.unquoted}”", replace(params, q=result.unquoted, page=1)))
    if len(result.words) > 1:
        searches += [(f"单独搜索“{w}”", replace(params, q=w, page=1)) for w in result.words[:6]]
    for text, option in searches:
        if total := engine().matches(option.q, **option.filter_kwargs()).total:     # counted, nothing ranked
            counted.append((text, option, total))
    book = slogans()
    nearest = [{"text": e["text"], "count": e.get("count"), "url": url_for("views.search", q=phrase_query(e["text"]))}
               for p in result.phrases for e in book.nearest(p, limit=5)]
    return {"options": [{"label": text, "url": option.url("views.search"), "total": total}
                        for text, option, total in counted],
            "nearest": nearest}


def month_rows(items: list[dict], params: SearchParams) -> list[dict]:
    """The twelve months of each year opened on the timeline: a chosen year, or the year of a chosen month."""
    by_month = {i["value"]: i for i in items}
    rows = []
    for year in sorted(set(params.years) | {m[:4] for m in params.months}):
        months = [by_month.get(f"{year}-{m:02d}") for m in range(1, 13)]
        top = max((i["count"] for i in months if i), default=0) or 1
        rows.append({"year": year, "total": sum(i["count"] for i in months if i),
                     "months": [{"label": f"{m}月", "item": i, "count": i["count"] if i else 0,
                                 "pct": round(100 * (i["count"] if i else 0) / top, 1)}
                                for m, i in enumerate(months, 1)]})
    return rows


def range_chips(result: SearchResult, params: SearchParams) -> list[dict]:
    """A removable chip per date range (from/to, or date: in the query)."""
    return [{"label": "日期", "value": range_label(f.value),
             "toggle_url": toggled(result, params, "date", f.value).url("views.search")}
            for f in result.filters if f.facet == "date"]


def range_label(text: str) -> str:
    """2011..2018 → 2011 至 2018; 2011.. → 2011 起; ..2018 → 至 2018."""
    start, dots, stop = text.partition("..")
    if not dots:
        return text
    return f"{start} 至 {stop}" if start and stop else f"{start} 起" if start else f"至 {stop}"


def explain_parts(result: SearchResult) -> list[str]:
    """The short "how the query was read" line: words, phrases, proximity, wildcards, exclusions,
    reporters matched by name, filters, and the fallback if one was used."""
    e = result.explain
    parts = []
    if e.get("words"):
        parts.append("词语 " + "、".join(e["words"]))
    if e.get("phrases"):
        parts.append("短语 " + "、".join(f"“{p}”" for p in e["phrases"]))
    parts += [f"邻近 {' 与 '.join(n['words'])}（相距不超过 {n['within']} 字）" for n in e.get("near", [])]
    if e.get("wildcards"):
        parts.append("通配 " + "、".join(f"“{w}”" for w in e["wildcards"]))
    if e.get("excluded"):
        parts.append("排除 " + "、".join(e["excluded"]))
    if e.get("reporters"):
        parts.append("也包括作者 " + "、".join(e["reporters"]) + " 署名的报道")
    parts += [f"{FACET_LABELS[f['facet']]} {f['value']}" for f in e.get("filters", [])]
    if e.get("fallback"):
        parts.append("未找到同时包含全部词语的报道，改为包含任一词语")
    return parts


def alias_line(result: SearchResult, params: SearchParams) -> dict | None:
    """"同时检索了：…" with a link that searches the words as typed (or, expansion off, turns it back on)."""
    names = [n for a in result.explain.get("aliases", []) for n in a["added"]]
    if not names:
        return None
    return {"names": names, "expanded": params.expand,
            "url": params.url("views.search", expand=not params.expand, page=1)}


def filler_links(result: SearchResult, params: SearchParams) -> list[dict]:
    """Each wildcard phrase's most frequent fillers, each a link searching the phrase filled in."""
    return [{"phrase": f["phrase"],
             "fillers": [{**x, "url": replace(params, q=x["query"], page=1).url("views.search")} for x in f["fillers"]]}
            for f in result.fillers]


@bp.get("/")
@bp.get("/search")
def search():
    """The results page: hits, facets, pager, and for no results the searches that would find something.
    A page past the last one is a 404 with a link back to the first."""
    params = parse_search(request.args)
    result = run_search(params)
    missing_page = result.past_last_page
    size = current_app.config["FACET_SIZE"]
    facet_items = facets(result, params, "views.search", size)
    context = {
        "params": params, "result": result, "missing_page": missing_page,
        "districts": charts.bars(facet_items["district"]), "timeline": charts.timeline(facet_items["year"]),
        "months": month_rows(facet_items["month"], params), "reporters": charts.bars(facet_items["reporter"]),
        "more": more_links(result, params, "views.search", size),
        "chips": [{**i, "label": FACET_LABELS[name]} for name in ("district", "reporter", "year", "month")
                  for i in facet_items[name] if i["selected"]] + range_chips(result, params),
        "explain": explain_parts(result), "aliases": alias_line(result, params), "fillers": filler_links(result, params),
        "pages": pagination(params.page, result.pages),
        "missing_message": str(result.missing_page()) if missing_page else "",
        "slogans": known_slogans(result) if result.total else [],
        "help": no_results_help(params, result) if not result.total else None,
    }
    return render_template("search.html", **context), 404 if missing_page else 200


@bp.get("/articles/<article_id>")
def article(article_id: str):
    """One article, the query's matches marked (q is carried from the results), its citation and related
    articles; an id not in the archive gets a 404 page listing the articles now held from its page."""
    q, expand = request.args.get("q", ""), request.args.get("expand") != "0"
    eng = engine()
    try:
        article = eng.highlighted_article(article_id, q, expand)
    except NotFound as e:          # an old link: say so, and offer what is now held from its page
        return render_template("missing.html", message=str(e), same_page=eng.same_page(article_id),
                               params=SearchParams(q=q)), 404
    return render_template("article.html", article=article, citation=cite.gbt7714(article),
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
