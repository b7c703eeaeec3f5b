"""Pages and API of the research views: terms over time, coverage, keyword in context, export and
citations. Each takes the search's own parameters (q, district, year, sort), so a result page, its trend,
its concordance and its download always describe the same set of articles."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, current_app, jsonify, render_template, request, stream_with_context, url_for

from search import cite, export, kwic, research, trends
from search.errors import QueryError
from search.query import MAX_QUERY_CHARS
from search.results import checked_number
from web import trendchart
from web.backend import engine
from web.params import SearchParams, filter_values, parse_search

bp = Blueprint("research", __name__)
CSV_TYPE = "text/csv"


def permalink(article_id: str) -> str:
    return url_for("views.article", article_id=article_id, _external=True)


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _number(args, name: str, high: int, default: int) -> int:
    text = args.get(name, "").strip()
    return checked_number(name, text, 1, high) if text else default


def _flag(args, name: str) -> bool:
    return args.get(name, "").strip() in ("1", "on", "true", "yes")


# ---------------------------------------------------------------- trends

def _trend_args(args) -> dict:
    queries = [q[:MAX_QUERY_CHARS] for q in args.getlist("q")]
    return {"queries": queries, "by": args.get("by", "").strip() or "year",
            "measure": args.get("measure", "").strip() or "share", "districts": filter_values(args, "district"),
            "per_district": _flag(args, "per_district")}


def _trend(args) -> dict:
    options = _trend_args(args)
    return research.trend(engine(), options["queries"], options["by"], options["measure"],
                          options["districts"], options["per_district"])


def _point_url(query: str, period: str, districts) -> str:
    """The search behind a point: its query in its year, or in its month."""
    period_filter = {"year": period} if len(period) == 4 else {"month": period}
    return url_for("views.search", q=query, district=list(districts) or None, **period_filter)


def _linker(districts):
    return lambda query, period: _point_url(query, period, districts)


def _charts(data: dict) -> dict:
    """The main chart and the small multiples, these on one shared scale so districts compare."""
    main = trendchart.chart(data["series"], data["periods"], data["measure"], _linker(data["districts"]))
    panels = []
    if data["panels"]:
        top = max(trendchart.top_value(p["series"], data["measure"]) for p in data["panels"])
        for panel in data["panels"]:
            chart = trendchart.chart(panel["series"], data["periods"], data["measure"], _linker([panel["district"]]),
                                     top=top, small=True)
            panels.append({"district": panel["district"], "chart": chart})
    return {"main": main, "panels": panels}


def _chart_label(data: dict) -> str:
    what = "占当期全部报道的比例" if data["measure"] == "share" else "报道篇数"
    return f"{'、'.join(s['query'] for s in data['series'])}按{'年' if data['by'] == 'year' else '月'}的{what}"


@bp.get("/trends")
def trends_page():
    """The form, and with queries the chart, its table and the downloads."""
    options = _trend_args(request.args)
    data = _trend(request.args) if any(q.strip() for q in options["queries"]) else None
    return render_template("trends.html", data=data, options=options, charts=_charts(data) if data else None,
                           label=_chart_label(data) if data else "",
                           max_series=trends.MAX_SERIES, districts=sorted(engine().coverage()["districts"]),
                           query_string=request.query_string.decode(), params=SearchParams())


@bp.get("/api/trends")
def trends_api():
    """The trend as JSON: periods, denominators, each query's points, the per-district panels."""
    return jsonify(_trend(request.args))


@bp.get("/trends.csv")
def trends_csv():
    """One row per query and period (and district, for the small multiples)."""
    return _download(trends.csv_text(_trend(request.args)), CSV_TYPE, "trends.csv")


@bp.get("/trends.svg")
def trends_svg():
    """The main chart as a standalone SVG file, the same drawing as on the page."""
    data = _trend(request.args)
    svg = render_template("trend_chart.svg", c=_charts(data)["main"], label=_chart_label(data))
    return _download(svg, "image/svg+xml", "trends.svg")


# ---------------------------------------------------------------- coverage

@bp.get("/api/coverage")
def coverage_api():
    """What the archive holds per year, month, district and paper, the build's date and size."""
    return jsonify(engine().coverage())


@bp.get("/coverage")
def coverage_page():
    """The coverage as tables: a year × month grid (empty cells are gaps), papers, districts."""
    cov = engine().coverage()
    years = sorted(cov["years"])
    span = trends.span(years, "year")
    grid = [{"year": y, "total": cov["years"].get(y), "months": [cov["months"].get(f"{y}-{m:02d}") for m in range(1, 13)]}
            for y in span]
    return render_template("coverage.html", cov=cov, grid=grid, params=SearchParams())


# ---------------------------------------------------------------- keyword in context

NO_KWIC_QUERY = "请用参数 q 给出要查看上下文的词语或短语。"


@dataclass
class Concordance:
    """A keyword-in-context request as read from the URL, and its lines (None without a query)."""
    params: SearchParams
    width: int
    by: str
    per_page: int
    found: list | None = None
    notice: str = ""

    def needed(self) -> list:
        if self.found is None:
            raise QueryError(NO_KWIC_QUERY)
        return self.found


def _kwic(args) -> Concordance:
    params = parse_search(args)
    c = Concordance(params, _number(args, "width", kwic.MAX_WIDTH, kwic.WIDTH),
                    args.get("sort_by", "").strip() or "left", _number(args, "per_page", kwic.MAX_PER_PAGE, kwic.PER_PAGE))
    if params.q.strip():
        found, c.notice = research.kwic_lines(engine(), params.q, c.width, **params.filter_kwargs())
        c.found = kwic.sort_lines(found, c.by)
    return c


@bp.get("/kwic")
def kwic_page():
    """The form, and with a query its lines aligned on the match, sortable and paged, and the CSV link."""
    c = _kwic(request.args)
    found = c.found or []
    pages = max(1, -(-len(found) // c.per_page))
    lines = kwic.page(found, c.params.page, c.per_page) if found else []
    base = {**c.params.query_args(), "width": c.width if c.width != kwic.WIDTH else None}
    base.pop("page", None)

    def url(**changes):
        return url_for("research.kwic_page", **{k: v for k, v in {**base, "sort_by": c.by, **changes}.items()
                                               if v is not None})
    return render_template("kwic.html", params=c.params, width=c.width, by=c.by, lines=lines, total=len(found),
                           articles=len({ln.id for ln in found}), page=c.params.page, pages=pages, url=url,
                           notice=c.notice, flat=kwic.flat,
                           csv_url=url_for("research.kwic_csv", **{k: v for k, v in base.items() if v}))


@bp.get("/api/kwic")
def kwic_api():
    """One page of lines as JSON, with the totals and the search's notice."""
    c = _kwic(request.args)
    found = c.needed()
    return jsonify({"query": c.params.q, "sort": c.by, "width": c.width, "total": len(found),
                    "articles": len({ln.id for ln in found}), "notice": c.notice, "page": c.params.page,
                    "per_page": c.per_page,
                    "lines": [ln.to_dict() for ln in kwic.page(found, c.params.page, c.per_page)] if found else []})


@bp.get("/kwic.csv")
def kwic_csv():
    """Every line, in the requested order."""
    return _download(kwic.csv_chunks(_kwic(request.args).needed()), CSV_TYPE, "kwic.csv")


# ---------------------------------------------------------------- export and citations

def _result_set(args):
    params = parse_search(args)
    found = research.result_set(engine(), params.q, params.sort, **params.filter_kwargs())
    export.check_size(found.total, current_app.config.get("EXPORT_MAX_ROWS", export.MAX_ROWS))
    return found


def _export(fmt: str):
    found = _result_set(request.args)
    rows = research.export_rows(engine(), found, permalink, with_text=_flag(request.args, "text"))
    body = export.chunks(fmt, rows, with_text=_flag(request.args, "text"))
    mimetype = CSV_TYPE if fmt == "csv" else "application/x-ndjson"
    response = _download(stream_with_context(body), mimetype, f"export.{fmt}")
    response.headers["X-Total-Count"] = str(found.total)
    return response


@bp.get("/export.csv")
def export_csv():
    """The whole result set as CSV, streamed; `text=1` adds the article text."""
    return _export("csv")


@bp.get("/export.jsonl")
def export_jsonl():
    """The whole result set as JSON Lines, streamed; `text=1` adds the article text."""
    return _export("jsonl")


@bp.get("/export.ris")
def export_ris():
    """The whole result set as RIS records, streamed."""
    found = _result_set(request.args)
    body = stream_with_context(cite.ris_chunks(research.articles(engine(), found), permalink))
    return _download(body, "application/x-research-info-systems", "export.ris")


@bp.get("/export.bib")
def export_bib():
    """The whole result set as BibTeX entries, streamed."""
    found = _result_set(request.args)
    body = stream_with_context(cite.bibtex_chunks(research.articles(engine(), found), permalink))
    return _download(body, "application/x-bibtex", "export.bib")


@bp.get("/articles/<article_id>/cite.ris")
def article_ris(article_id: str):
    """One article's RIS record."""
    return _download(cite.ris([engine().article(article_id)], permalink), "application/x-research-info-systems",
                     f"{article_id}.ris")


@bp.get("/articles/<article_id>/cite.bib")
def article_bib(article_id: str):
    """One article's BibTeX entry."""
    return _download(cite.bibtex([engine().article(article_id)], permalink), "application/x-bibtex",
                     f"{article_id}.bib")


@bp.app_template_global()
def export_url(params: SearchParams, fmt: str) -> str:
    """The download of a results page's whole result set (every page, not just this one)."""
    return params.url(f"research.export_{fmt}", page=1, per_page=None)

