"""The research views over HTTP: trends, coverage, keyword in context, export and citation downloads."""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import rispy

SLOGAN = "万人助万企"
QUOTED = f'"{SLOGAN}"'


def test_trends_api_counts_equal_search_totals(client):
    data = client.get("/api/trends", query_string={"q": ["郑州", QUOTED], "measure": "count"}).get_json()
    assert [s["query"] for s in data["series"]] == ["郑州", QUOTED]
    for line in data["series"]:
        assert line["total"] == client.get("/api/search", query_string={"q": line["query"]}).get_json()["total"]
        for point in line["points"]:
            found = client.get("/api/search", query_string={"q": line["query"], "year": point["period"]}).get_json()
            assert point["count"] == found["total"]


def test_trends_page_draws_both_series_with_linked_points_and_a_table(client):
    html = client.get("/trends", query_string={"q": ["郑州", QUOTED]}).get_data(as_text=True)
    assert html.count('<g class="series"') == 2
    links = re.findall(r'<a href="(/search\?[^"]+)"><circle', html)
    assert links
    first = parse_qs(urlsplit(links[0].replace("&amp;", "&")).query)
    assert first["q"] == ["郑州"] and re.fullmatch(r"\d{4}", first["year"][0])
    assert '<table class="trend-table">' in html and "<svg" in html and "style=" not in html
    assert 'href="/coverage"' in html


def test_trend_downloads(client):
    svg = client.get("/trends.svg", query_string={"q": "郑州"})
    assert svg.mimetype == "image/svg+xml" and "attachment" in svg.headers["Content-Disposition"]
    assert svg.get_data(as_text=True).startswith("<svg xmlns=")
    text = client.get("/trends.csv", query_string={"q": ["郑州", QUOTED]}).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    api = client.get("/api/trends", query_string={"q": ["郑州", QUOTED]}).get_json()
    assert len(rows) == 2 * len(api["periods"])
    assert {(r["query"], r["period"]): int(r["count"]) for r in rows} == {
        (s["query"], p["period"]): p["count"] for s in api["series"] for p in s["points"]}


@pytest.mark.parametrize("args", [{"q": "a", "by": "week"}, {"q": ["a"] * 7}, {"measure": "share"}])
def test_bad_trend_requests_are_400(client, args):
    r = client.get("/api/trends", query_string=args)
    assert r.status_code == 400 and r.get_json()["error"]


def test_coverage_api_and_page(client, seed_articles):
    cov = client.get("/api/coverage").get_json()
    assert cov["articles"] == len(seed_articles)
    html = client.get("/coverage").get_data(as_text=True)
    assert f'<strong id="cov-articles">{len(seed_articles)}</strong>' in html
    assert 'href="/trends"' in html


def test_footer_links_coverage_and_trends(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/coverage"' in html and 'href="/trends"' in html


def test_kwic_api_lines_are_pieces_of_their_articles(client):
    data = client.get("/api/kwic", query_string={"q": QUOTED, "sort_by": "right", "per_page": 100}).get_json()
    assert data["total"] == len(data["lines"]) > 0
    rights = [ln["right"] for ln in data["lines"]]
    assert [" ".join(r.split()) for r in rights] == sorted(" ".join(r.split()) for r in rights)
    for line in data["lines"]:
        article = client.get(f"/api/articles/{line['id']}").get_json()
        assert line["left"] + line["match"] + line["right"] in article[line["field"]]


def test_kwic_page_links_each_line_to_its_occurrence(client):
    html = client.get("/kwic", query_string={"q": QUOTED}).get_data(as_text=True)
    total = int(re.search(r'<strong id="kwic-total">(\d+)</strong>', html).group(1))
    anchors = re.findall(r'href="/articles/[^"#]+#(k-b\d+)"', html)
    assert len(anchors) == total > 0
    assert 'href="/kwic.csv?q=' in html


def test_kwic_csv_has_every_line(client):
    total = client.get("/api/kwic", query_string={"q": QUOTED}).get_json()["total"]
    text = client.get("/kwic.csv", query_string={"q": QUOTED}).get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))) == total


def test_kwic_without_a_query(client):
    assert client.get("/kwic").status_code == 200
    assert client.get("/api/kwic").status_code == 400


def test_export_csv_and_jsonl_have_every_row_of_the_search(client):
    args = {"q": "郑州", "sort": "date"}
    total = client.get("/api/search", query_string=args).get_json()["total"]
    r = client.get("/export.csv", query_string=args)
    assert r.mimetype == "text/csv" and r.headers["X-Total-Count"] == str(total)
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True).lstrip("\ufeff"), newline="")))
    assert len(rows) == total
    assert rows[0]["permalink"] == f"http://localhost/articles/{rows[0]['id']}"
    lines = client.get("/export.jsonl", query_string={**args, "text": "1"}).get_data(as_text=True).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [row["id"] for row in rows]
    last = json.loads(lines[-1])
    assert last["text"] == client.get(f"/api/articles/{last['id']}").get_json()["body"]


def test_export_past_the_cap_says_so(seed_index):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(seed_index), "EXPORT_MAX_ROWS": 3}).test_client()
    r = client.get("/export.csv", query_string={"q": "郑州"})
    assert r.status_code == 400 and "超过导出上限 3 篇" in r.get_data(as_text=True)


def test_citation_downloads(client):
    r = client.get("/articles/zzrb_2012-07-04_06-350d4393/cite.ris")
    [record] = rispy.loads(r.get_data(as_text=True))
    assert record["title"] == "楼院菜场不见了" and record["authors"] == ["聂春洁", "王雯静"]
    assert record["urls"] == ["http://localhost/articles/zzrb_2012-07-04_06-350d4393"]
    bib = client.get("/articles/zzrb_2012-07-04_06-350d4393/cite.bib").get_data(as_text=True)
    assert bib.startswith("@article{zzrb_2012-07-04_06-350d4393,")
    total = client.get("/api/search", query_string={"q": QUOTED}).get_json()["total"]
    assert len(rispy.loads(client.get("/export.ris", query_string={"q": QUOTED}).get_data(as_text=True))) == total
    assert client.get("/articles/nope/cite.ris").status_code == 404


def test_trends_per_district_draws_a_panel_per_district(client):
    data = client.get("/api/trends", query_string={"q": "郑州", "per_district": "1"}).get_json()
    html = client.get("/trends", query_string={"q": "郑州", "per_district": "1"}).get_data(as_text=True)
    assert data["per_district"] and len(data["panels"]) == html.count('<figure class="panel">') > 1
    first = data["panels"][0]["district"]
    assert f"<figcaption>{first}</figcaption>" in html
    point = next(p for p in data["panels"][0]["series"][0]["points"] if p["count"])
    assert re.search(rf'href="/search\?q=%E9%83%91%E5%B7%9E&amp;district=[^"&]+&amp;year={point["period"]}"', html)


def test_kwic_and_trends_say_when_the_search_fell_back_to_any_word(client):
    q = "万人助万企 女足"                                   # no seed article holds both
    search = client.get("/api/search", query_string={"q": q}).get_json()
    assert search["notice"] and search["total"] > 0
    kwic = client.get("/api/kwic", query_string={"q": q}).get_json()
    assert kwic["notice"] == search["notice"] and kwic["articles"] == search["total"]
    trend = client.get("/api/trends", query_string={"q": q}).get_json()["series"][0]
    assert trend["notice"] == search["notice"] and trend["total"] == search["total"]


@pytest.mark.parametrize("url", ["/trends", "/trends.svg", "/kwic"])
def test_queries_are_escaped_in_charts_and_concordances(client, url):
    body = client.get(url, query_string={"q": '<b onmouseover="x">郑州</b>'}).get_data(as_text=True)
    assert "<b " not in body and "&lt;b onmouseover=" in body


def test_a_month_point_links_to_the_search_in_that_month(client):
    data = client.get("/api/trends", query_string={"q": "郑州", "by": "month", "measure": "count"}).get_json()
    point = next(p for p in data["series"][0]["points"] if p["count"])
    html = client.get("/trends", query_string={"q": "郑州", "by": "month"}).get_data(as_text=True)
    link = f'/search?q=%E9%83%91%E5%B7%9E&amp;month={point["period"]}'
    assert link in html
    found = client.get("/api/search", query_string={"q": "郑州", "month": point["period"]}).get_json()
    assert found["total"] == point["count"]


@pytest.mark.parametrize("filters", [
    {"reporter": "王赛华"},
    {"from": "2023-02", "to": "2023-02"},
    {"from": "2023", "undated": "include"},
    {"q": "航空港区", "expand": "0"},
])
def test_export_and_kwic_use_every_filter_of_the_search(client, filters):
    args = {"q": "郑州", **filters}
    total = client.get("/api/search", query_string=args).get_json()["total"]
    rows = client.get("/export.jsonl", query_string=args).get_data(as_text=True).splitlines()
    assert len(rows) == total
    lines = client.get("/api/kwic", query_string=args).get_json()
    assert lines["articles"] <= total and (lines["articles"] > 0) == (total > 0)
    whole = client.get("/api/kwic", query_string={"q": args["q"]}).get_json()
    assert lines["total"] <= whole["total"]
