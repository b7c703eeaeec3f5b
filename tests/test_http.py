"""HTTP hygiene: security headers on every response, oversized requests refused before any work, 405s
that say what is allowed."""
from __future__ import annotations

import re

import pytest

from search.query import MAX_QUERY_CHARS
from web.security import MAX_QUERY_PARAM


@pytest.mark.parametrize("url", ["/", "/search?q=氢能", "/api/search?q=氢能", "/slogans", "/nope",
                                 "/static/style.css", "/api/articles/nope"])
def test_every_response_carries_the_security_headers(client, url):
    with client.get(url) as response:            # a static file's response holds the file open until closed
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client):
    for url in ["/search?q=高质量发展", "/slogans", "/search?q=%22万人助万企%22&district=中原区"]:
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html) and " style=" not in html and "<style" not in html
        assert not re.search(r"\son[a-z]+=", html)


def test_huge_query_string_is_refused_before_searching(client, app, monkeypatch):
    from web import backend

    monkeypatch.setattr(backend.Backend, "engine", lambda self: pytest.fail("searched an oversized request"))
    response = client.get("/search?q=" + "氢" * 12_000)
    assert response.status_code == 414 and len(response.get_data()) < 20_000
    api = client.get("/api/search", query_string={"q": "氢" * (MAX_QUERY_PARAM + 1)})
    assert api.status_code == 400 and "查询过长" in api.get_json()["error"]


def test_links_carry_only_the_searched_part_of_a_long_query(client):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    q = "发展 " * (MAX_QUERY_PARAM // 3)
    html = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    links = [parse_qs(urlsplit(unescape(h)).query) for h in re.findall(r'href="([^"]*\?[^"]*)"', html)]
    assert len(links) > 5 and all(len(link.get("q", [""])[0]) <= MAX_QUERY_CHARS for link in links)


def test_method_not_allowed_says_what_is_allowed(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
