"""JSON API: the same SearchResult as the pages, plus articles, suggestions and slogans."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from search.query import MAX_QUERY_CHARS
from web.backend import engine, slogans
from web.params import facets, more_links, parse_search

bp = Blueprint("api", __name__, url_prefix="/api")


def run_search(params):
    """Shared with the pages: the engine's result for validated params."""
    return engine().search(**params.search_kwargs(current_app.config["PER_PAGE"]))


@bp.get("/search")
def search():
    """The SearchResult as JSON, each facet value with the URL that toggles it; a page past the last is a 404."""
    params = parse_search(request.args)
    result = run_search(params)
    if result.past_last_page:
        raise result.missing_page()
    data = result.to_dict()
    data["facets"] = facets(result, params, "api.search", current_app.config["FACET_SIZE"])
    data["more"] = more_links(result, params, "api.search", current_app.config["FACET_SIZE"])
    return jsonify(data)


@bp.get("/articles/<article_id>")
def article(article_id: str):
    """One article's stored fields; an unknown id is a 404."""
    return jsonify(engine().article(article_id))


@bp.get("/suggest")
def suggest():
    """Slogans, then titles, matching what is typed so far (the search box's suggestions)."""
    q = request.args.get("q", "")[:MAX_QUERY_CHARS].strip()
    return jsonify(slogans().suggest(q, limit=current_app.config["SUGGEST_SIZE"]) if q else [])


@bp.get("/slogans")
def slogan_list():
    """The slogan book, optionally the slogans used in one district."""
    district = request.args.get("district", "").strip() or None
    return jsonify({"district": district, "slogans": slogans().entries(district)})
