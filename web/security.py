"""Response headers and request limits that keep the site from being framed, sniffed or flooded.

The pages load only their own script and stylesheet (no inline script or style anywhere), so the CSP can
forbid everything else. A request whose query string could not be a person's search is refused before
any parsing or searching: a 100 KB query used to be searched and echoed into every facet link (1.1 MB).
"""
from __future__ import annotations

from flask import abort, request

from search.errors import QueryError
from search.query import MAX_QUERY_CHARS

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# Percent-encoded, a Chinese character takes 9 bytes: a full query plus every filter fits well within this.
MAX_QUERY_STRING = 16384
# A query a little over the engine's cap (a pasted sentence) is searched by its start, with a notice;
# one five times longer is not a search.
MAX_QUERY_PARAM = 5 * MAX_QUERY_CHARS


def register(app) -> None:
    @app.before_request
    def refuse_oversized():
        if len(request.query_string) > MAX_QUERY_STRING:
            abort(414)
        q = request.args.get("q", "")
        if len(q) > MAX_QUERY_PARAM:
            raise QueryError(f"查询过长：最多 {MAX_QUERY_CHARS} 个字符，收到 {len(q)} 个。")

    @app.after_request
    def secure_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
