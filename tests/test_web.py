"""The web front end through Flask's test client: every page and API route, every error path, escaping."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from search import indexer, slogans
from search.corpus import Article
from search.errors import QueryError
from web import create_app

SLOGAN = "万人助万企"
QUOTED = f'"{SLOGAN}"'
TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"


def api(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    return response.get_json()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def args_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def without_marks(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


# ---------------------------------------------------------------- search page


def test_home_page_is_chinese_with_one_focused_search_box_and_facets(client, seed_articles):
    html = page(client, "/")
    assert '<html lang="zh-CN">' in html
    assert html.count('name="q"') == 1 and "autofocus" in html
    assert '<label class="visually-hidden" for="q">' in html
    assert 'role="combobox"' in html and 'aria-controls="suggestions"' in html
    assert 'method="get"' in html                     # works without JavaScript
    assert "区县" in html and "年份" in html and "<svg class=\"timeline\"" in html
    assert f"共 <strong>{len(seed_articles)}</strong> 篇报道" in html and "毫秒" in html
    per_year = Counter(a.date[:4] for a in seed_articles if a.date)        # the dated pages fill the timeline
    assert len(per_year) > 1
    for year, count in per_year.items():
        assert f"<title>{year} 年：{count} 篇</title>" in html


def test_quoted_slogan_is_marked_in_every_result(client, engine, containing):
    html = page(client, "/search?q=" + QUOTED)
    hits = re.findall(r'<li class="hit">(.*?)</li>', html, re.S)
    assert len(hits) == engine.search(QUOTED).total == len(containing(SLOGAN))
    assert all(f"<mark>{SLOGAN}</mark>" in h for h in hits)
    assert f'value="&#34;{SLOGAN}&#34;"' in html      # the query stays in the box, escaped


def test_hits_show_districts_date_and_reporters(client, engine):
    html = page(client, "/search?q=经开区")
    first = engine.search("经开区").hits[0]
    assert f'<span class="district">{first.districts[0]}</span>' in html
    for r in first.reporters:
        assert r["name"] in html
    dated = next(h for h in engine.search("", sort="date").hits if h.date)
    assert f'<time datetime="{dated.date}">' in page(client, "/search?sort=date")


def test_known_slogan_line_links_to_its_entry(client, containing):
    html = page(client, "/search?q=" + QUOTED)
    assert f"口号“{SLOGAN}”共见于 {len(containing(SLOGAN))} 篇报道" in html
    assert f'href="/slogans#s-{SLOGAN}"' in html
    assert f'id="s-{SLOGAN}"' in page(client, "/slogans")
    assert "共见于" not in page(client, "/search?q=" + SLOGAN)      # unquoted: not a slogan lookup


def test_district_facet_toggles_and_shows_chip(client, engine):
    html = page(client, "/search?q=" + QUOTED)
    toggle = re.search(r'<a class="facet" href="([^"]+)">\s*<svg class="bar".*?</svg>\s*<span class="name">中原区', html)
    url = toggle.group(1).replace("&amp;", "&")
    assert args_of(url) == {"q": [QUOTED], "district": ["中原区"]}
    filtered = page(client, url)
    total = engine.search(QUOTED, districts=["中原区"]).total
    assert total < 4 and f"共 <strong>{total}</strong> 篇报道" in filtered
    assert 'class="chip"' in filtered and 'aria-current="true"' in filtered
    chip = re.search(r'<a class="chip" href="([^"]+)"', filtered).group(1).replace("&amp;", "&")
    assert args_of(chip) == {"q": [QUOTED]}


def test_a_district_from_the_query_has_a_chip_that_removes_it(client, engine):
    html = page(client, "/search?q=发展 district:金水区")
    assert f"共 <strong>{engine.search('发展', districts=['金水区']).total}</strong> 篇报道" in html
    chip = re.search(r'<a class="chip" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert args_of(chip) == {"q": ["发展"]}                 # the query's district: is taken out, nothing added
    unfiltered = page(client, chip)
    assert f"共 <strong>{engine.search('发展').total}</strong> 篇报道" in unfiltered and 'class="chip"' not in unfiltered


def test_districts_and_years_are_repeatable(client, engine, seed_articles):
    # Two districts with dated articles, and a year of each: the filter is (either district) and (either year).
    dated = Counter(d for a in seed_articles if a.date for d in a.districts)
    districts = sorted(dated, key=lambda d: (-dated[d], d))[:2]
    years = sorted({next(a.date[:4] for a in seed_articles if a.date and d in a.districts) for d in districts})
    assert len(districts) == 2 and years
    query = "&".join([*(f"district={d}" for d in districts), *(f"year={y}" for y in years)])
    data = api(client, "/api/search?" + query)
    expected = engine.search("", districts=districts, years=years)
    truth = [a for a in seed_articles if set(districts) & set(a.districts) and (a.date or "")[:4] in years]
    assert data["total"] == expected.total == len(truth) > 0
    selected = {f["value"] for f in data["facets"]["district"] if f["selected"]}
    assert selected == set(districts)
    assert {f["value"] for f in data["facets"]["year"] if f["selected"]} == set(years)


def test_unknown_district_matches_nothing(client):
    assert api(client, "/api/search?district=火星区")["total"] == 0
    html = page(client, "/search?district=火星区")
    assert "没有找到相关报道" in html and "火星区" in html


def test_sort_by_date(client):
    data = api(client, "/api/search?q=经开区&sort=date&per_page=100")
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    html = page(client, "/search?q=经开区&sort=date")
    assert '<strong aria-current="true">按日期</strong>' in html
    assert 'href="/search?q=%E7%BB%8F%E5%BC%80%E5%8C%BA">按相关度</a>' in html


def test_pagination_links_and_page_two(client):
    html = page(client, "/search")
    assert '<strong aria-current="page">1</strong>' in html
    assert 'rel="next" href="/search?page=2"' in html
    second = page(client, "/search?page=2")
    assert '<strong aria-current="page">2</strong>' in second and 'rel="prev" href="/search"' in second
    first_ids = {h["id"] for h in api(client, "/api/search")["hits"]}
    second_ids = {h["id"] for h in api(client, "/api/search?page=2")["hits"]}
    assert len(second_ids) == 10 and not first_ids & second_ids


def test_page_past_the_last_says_so_and_links_to_page_one(client):
    html = page(client, "/search?q=经开区&page=7", status=404)
    assert "第 7 页不存在" in html
    assert 'href="/search?q=%E7%BB%8F%E5%BC%80%E5%8C%BA">回到第 1 页</a>' in html


def test_notice_is_shown_plainly(client):
    html = page(client, '/search?q="万人助万企')
    assert '<p class="notice" role="status">引号不成对' in html
    long_q = "郑州" * 150
    assert "只按前 200 个字符搜索" in page(client, "/search?q=" + long_q)
    assert "只按前 200 个字符搜索" in api(client, "/api/search?q=" + long_q)["notice"]


def test_facet_size_keeps_selected_values(seed_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(seed_index), "FACET_SIZE": 2}).test_client()
    values = [f["value"] for f in api(client, "/api/search?district=新密市")["facets"]["district"]]
    assert len(values) == 3 and "新密市" in values


# ---------------------------------------------------------------- no results


def test_no_results_offers_links_that_find_something(client, engine):
    html = page(client, '/search?q="万人助企业"')
    assert "没有找到相关报道" in html
    assert 'href="/search?q=%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%BC%81%E4%B8%9A">不加引号搜索“万人助企业”</a>' in html
    assert "单独搜索“企业”" in html
    assert "相近的口号" in html and f'href="/search?q=%22{"%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81"}%22">{SLOGAN}</a>' in html


def test_no_results_help_counts_its_options_without_running_searches(client, engine, monkeypatch):
    from search.engine import Engine

    alone = engine.search("企业").total
    searched = []
    search = Engine.search
    monkeypatch.setattr(Engine, "search", lambda self, q="", **kw: searched.append(q) or search(self, q, **kw))
    html = page(client, '/search?q="万人助企业"')
    assert searched == ['"万人助企业"']                 # the page's own search; the options are only counted
    assert f"单独搜索“企业”</a>（{alone} 篇）" in html and alone > 0


def test_no_results_offers_dropping_a_filter(client, seed_articles, containing):
    using = containing(SLOGAN)
    assert using and not any("登封市" in a.districts for a in seed_articles if a.id in using)
    html = page(client, f"/search?q={QUOTED}&district=登封市")
    assert "没有找到相关报道" in html
    assert f'href="/search?q=%22{"%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81"}%22">去掉区县“登封市”</a>（{len(using)} 篇）' in html
    html = page(client, f"/search?q={QUOTED}&district=登封市&district=火星区")
    assert f"去掉全部筛选</a>（{len(using)} 篇）" in html
    assert "去掉区县" not in html            # dropping either one alone still finds nothing: not offered
    html = page(client, f"/search?q={QUOTED}%20district:登封市")          # the filter written in the query
    assert f'href="/search?q=%22{"%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81"}%22">去掉区县“登封市”</a>（{len(using)} 篇）' in html
    html = page(client, f"/search?q={QUOTED}%20district:登封市%20district:火星区")
    assert f'href="/search?q=%22{"%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81"}%22">去掉全部筛选</a>（{len(using)} 篇）' in html


# ---------------------------------------------------------------- article page


def test_article_page_highlights_and_links(client, engine):
    hit = engine.search(QUOTED).hits[0]
    html = page(client, f"/articles/{hit.id}?q={QUOTED}")
    article = engine.article(hit.id)
    assert re.search(rf'<mark id="k-b\d+">{SLOGAN}</mark>', html)
    assert f"<code>{article['source']['file']}</code>，第 {article['source']['order']} 篇" in html
    for d in article["districts"]:
        assert f'>{d}</a>' in html and "district=" in html
    for r in article["reporters"]:
        assert r["name"] in html
    for r in engine.related(hit.id):
        assert f'href="/articles/{r["id"]}"' in html
    assert "返回“" in html


def test_article_without_query_has_no_marks(client, engine):
    hit = engine.search("").hits[0]
    html = page(client, f"/articles/{hit.id}")
    assert "<mark" not in html and engine.article(hit.id)["title"] in html


def test_unknown_article_is_404(client):
    assert "找不到" in page(client, "/articles/nope", status=404)
    assert api(client, "/api/articles/nope", status=404)["status"] == 404


def test_unknown_id_of_a_known_page_offers_its_articles(client, engine):
    html = page(client, "/articles/zzrb_2012-07-04_06-00000000", status=404)
    assert "没有编号为“zzrb_2012-07-04_06-00000000”的文章" in html
    assert 'href="/articles/zzrb_2012-07-04_06-350d4393"' in html and "楼院菜场不见了" in html
    assert 'href="/search?q=title:%22%E6%A5%BC%E9%99%A2%E8%8F%9C%E5%9C%BA%E4%B8%8D%E8%A7%81%E4%BA%86%22"' in html


def test_article_page_cites_the_article(client):
    html = page(client, "/articles/zzrb_2012-07-04_06-350d4393")
    assert '<output id="citation">聂春洁, 王雯静. 楼院菜场不见了[N]. 郑州日报, 2012-07-04(6).</output>' in html
    assert 'href="/articles/zzrb_2012-07-04_06-350d4393/cite.ris"' in html
    assert 'href="/articles/zzrb_2012-07-04_06-350d4393/cite.bib"' in html
    assert 'href="http://localhost/articles/zzrb_2012-07-04_06-350d4393"' in html
    assert "<script>" not in html and "onclick" not in html


# ---------------------------------------------------------------- JSON API


def test_api_search_is_the_search_result_with_toggle_urls(client, engine):
    data = api(client, f"/api/search?q={QUOTED}&district=中原区&per_page=2")
    expected = engine.search(QUOTED, districts=["中原区"], per_page=2).to_dict()
    for name, items in expected["facets"].items():
        for item in items:
            params = {"q": [QUOTED], "per_page": ["2"], "district": ["中原区"]}
            chosen = {f["value"] for f in items if f["selected"]} ^ {item["value"]}
            params.pop(name, None)
            if chosen:
                params[name] = sorted(chosen)
            got = next(f for f in data["facets"][name] if f["value"] == item["value"])
            assert urlsplit(got["toggle_url"]).path == "/api/search"
            assert {k: sorted(v) for k, v in args_of(got["toggle_url"]).items()} == params
            item["toggle_url"] = got["toggle_url"]
    data.pop("took_ms"), expected.pop("took_ms")
    assert data.pop("more") == {}                # no facet of these 2 articles is cut short
    assert data == expected


def test_api_article_is_the_article(client, engine):
    hit = engine.search("").hits[0]
    assert api(client, f"/api/articles/{hit.id}") == engine.article(hit.id)


@pytest.mark.parametrize("query, message", [
    ("page=0", "page"), ("page=abc", "page"), ("page=-1", "page"), ("page=１", "page"),
    ("per_page=0", "per_page"), ("per_page=101", "per_page"), ("per_page=x", "per_page"),
    ("sort=random", "sort"), ("year=22", "year"), ("year=abcd", "year"),
])
def test_api_bad_parameters_are_400_with_a_message(client, query, message):
    data = api(client, "/api/search?" + query, status=400)
    assert data["status"] == 400 and message in data["error"]


def test_page_past_the_last_is_404_with_one_message_on_page_and_api(client, seed_articles):
    last = -(-len(seed_articles) // 10)
    assert len(api(client, f"/api/search?page={last}")["hits"]) == len(seed_articles) - 10 * (last - 1)
    data = api(client, f"/api/search?page={last + 1}", status=404)
    assert data["status"] == 404 and data["error"] == f"第 {last + 1} 页不存在：共 {last} 页。"
    assert data["error"] in page(client, f"/search?page={last + 1}", status=404)


def test_bad_parameters_on_the_page_are_400_not_500(client):
    assert "参数 page" in page(client, "/search?page=x", status=400)


@pytest.mark.parametrize("name, value, call", [
    ("page", "0", {"page": 0}), ("per_page", "101", {"per_page": 101}), ("sort", "new", {"sort": "new"}),
    ("year", "23", {"years": ["23"]}),
])
def test_the_api_and_the_engine_refuse_a_bad_request_with_one_message(client, engine, name, value, call):
    with pytest.raises(QueryError) as refused:
        engine.search("", **call)
    assert api(client, f"/api/search?{name}={value}", status=400)["error"] == str(refused.value)


def test_per_page_up_to_100(client, seed_articles):
    assert len(seed_articles) <= 100
    hits = api(client, "/api/search?per_page=100")["hits"]
    assert sorted(h["id"] for h in hits) == sorted(a.id for a in seed_articles)


@pytest.mark.parametrize("q", [
    "", " ", "OR", "OR OR", "-", "--x", '"', '""', '" "', "title:", "district:", "title:\"\"", "-\"\"",
    "*", "?", "((", "\\", "%", "\x00", "\u200b", "🙂", "a" * 5000, "经开区 " * 300, "<>&'\"", "district:不存在",
    "-经开区", "经开区 OR", "OR 经开区", "title:经开区 -title:经开区",
])
def test_any_query_text_is_answered_without_a_500(client, q):
    from web.security import MAX_QUERY_PARAM

    for url in ("/api/search", "/search", "/api/suggest"):
        response = client.get(url, query_string={"q": q, "district": q[:60] or "x", "year": "2021"})
        assert response.status_code == (400 if len(q) > MAX_QUERY_PARAM else 200), (url, q)


def test_undecodable_parameters_are_not_a_500(client):
    for url in ("/api/search?q=%ED%A0%80%FF&district=%C3", "/search?q=%FF%FE", "/api/suggest?q=%FF"):
        assert client.get(url).status_code == 200


def test_unknown_routes_and_methods(client):
    assert "没有这个页面" in page(client, "/nowhere", status=404)
    assert api(client, "/api/nowhere", status=404)["error"]
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["status"] == 405


# ---------------------------------------------------------------- no index, rebuilt index


def test_no_index_is_503_saying_how_to_build_one(tmp_path, seed_articles):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    for url in ("/", "/search?q=x", "/articles/x", "/slogans"):
        html = page(client, url, status=503)
        assert "make run" in html and "python -m search build" in html and "Traceback" not in html
    for url in ("/api/search", "/api/articles/x", "/api/suggest?q=万人", "/api/slogans"):
        assert "make run" in api(client, url, status=503)["error"]
    indexer.build(seed_articles[:5], tmp_path / "index", procs=1, after_write=slogans.store)
    assert api(client, "/api/search")["total"] == 5      # the same app, once the index exists


def test_one_engine_serves_every_request(app):
    client = app.test_client()
    client.get("/search?q=经开区")
    first = app.extensions["search"].engine()
    client.get("/api/search?q=金水区")
    assert app.extensions["search"].engine() is first


def test_rebuilt_index_is_picked_up_without_restart(tmp_path, seed_articles):
    folder = tmp_path / "index"
    indexer.build(seed_articles[:3], folder, procs=1, after_write=slogans.store)
    client = create_app({"TESTING": True, "INDEX_DIR": str(folder)}).test_client()
    assert api(client, "/api/search")["total"] == 3
    before = api(client, "/api/slogans")["slogans"]
    indexer.build(seed_articles, folder, procs=1, after_write=slogans.store)
    assert api(client, "/api/search")["total"] == len(seed_articles)
    assert api(client, "/api/slogans")["slogans"] != before


# ---------------------------------------------------------------- safety


HOSTILE_TITLE = "<script>alert('t')</script>万人助万企 标题"
HOSTILE_BODY = '本报讯 "><img src=x onerror=alert(1)> 万人助万企 活动 <script>alert("b")</script> 继续推进。'


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory, seed_articles):
    folder = tmp_path_factory.mktemp("hostile-index")
    hostile = Article(id="zz_hostile-01", title=HOSTILE_TITLE, body=HOSTILE_BODY, date="2023-03-01",
                      districts=["金水区"], reporters=[{"name": "<b>记者</b>", "role": None}],
                      source={"file": "<i>x</i>.txt", "order": 1})
    indexer.build([*seed_articles, hostile], folder, procs=1, after_write=slogans.store)
    app = create_app({"TESTING": True, "INDEX_DIR": str(folder)})
    return app.test_client()


@pytest.mark.parametrize("q", ["万人助万企 标题", '"><img onerror=alert(1)>', "<script>alert", 'script "万人助万企 活动"'])
def test_markup_from_corpus_or_query_is_never_live(hostile_client, q):
    data = hostile_client.get("/api/search", query_string={"q": q}).get_json()
    for hit in data["hits"]:
        for key in ("title_html", "snippet_html"):
            assert "<" not in without_marks(hit[key]), hit[key]
    html = hostile_client.get("/search", query_string={"q": q}).get_data(as_text=True)
    article = hostile_client.get("/articles/zz_hostile-01", query_string={"q": q}).get_data(as_text=True)
    for text in (html, article):
        assert "<script>alert" not in text and "<img" not in text and "<b>记者" not in text and "<i>x" not in text
    assert "&lt;script&gt;" in article and "&lt;b&gt;记者&lt;/b&gt;" in article


def test_hostile_article_is_found_and_escaped(hostile_client):
    data = hostile_client.get("/api/search", query_string={"q": "万人助万企 标题"}).get_json()
    assert data["hits"][0]["id"] == "zz_hostile-01"
    assert data["hits"][0]["title_html"].startswith("&lt;script&gt;")
    assert hostile_client.get("/api/articles/zz_hostile-01").get_json()["title"] == HOSTILE_TITLE


def test_only_engine_html_fields_are_marked_safe():
    """Escaping happens in one place: a template may mark safe only a field whose name ends in _html."""
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "autoescape false" not in text and "Markup" not in text
        for expression in re.findall(r"\{\{([^}]*\|\s*safe[^}]*)\}\}", text):
            assert re.fullmatch(r"\s*[\w.]+_html\s*\|\s*safe\s*", expression), (template.name, expression)


# ---------------------------------------------------------------- suggestions and slogans


def test_suggest_returns_slogans_then_titles(client, containing):
    found = api(client, "/api/suggest?q=万人")
    assert found[0] == {"text": SLOGAN, "kind": "slogan", "count": len(containing(SLOGAN)), "query": f'"{SLOGAN}"'}
    assert 1 <= len(api(client, "/api/suggest?q=区")) <= 10
    assert api(client, "/api/suggest?q=") == [] and api(client, "/api/suggest") == []
    title = next(s for s in api(client, "/api/suggest?q=经开区") if s["kind"] == "title")
    assert set(title) == {"text", "kind", "id"}


def test_slogans_page_lists_counts_sparklines_and_links(client):
    html = page(client, "/slogans")
    row = re.search(rf'<tr id="s-{SLOGAN}">(.*?)</tr>', html, re.S).group(1)
    assert f'<a href="/search?q=%22%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81%22">{SLOGAN}</a>' in row
    assert '<td class="num">4</td>' in row and "<polyline points=" in row
    assert 'href="/slogans?district=' in row


def test_slogans_filter_by_district(client, engine):
    data = api(client, "/api/slogans?district=经开区")
    assert data["district"] == "经开区" and data["slogans"]
    assert all(any(d["value"] == "经开区" for d in e["districts"]) for e in data["slogans"])
    everything = api(client, "/api/slogans")
    assert everything["district"] is None and len(everything["slogans"]) > len(data["slogans"])
    html = page(client, "/slogans?district=经开区")
    assert '<strong class="chip current" aria-current="true">经开区</strong>' in html
    assert html.count("<tr id=") == len(data["slogans"])
    assert "没有收录到口号" in page(client, "/slogans?district=火星区")


def test_screenshot_is_committed_and_in_the_readme():
    root = TEMPLATES.parent.parent
    assert (root / "docs" / "screenshot.png").stat().st_size > 10_000
    assert "docs/screenshot.png" in (root / "README.md").read_text(encoding="utf-8")
