"""Finding what you mean, on the seed index: aliases, reporters, date ranges and months, proximity,
wildcards, parentheses and the explain object; engine, JSON API, HTML page and command line.

Expected values come from the seed texts, either read there (the file and line are named) or computed
from the seed articles by a plain substring scan, never from the engine's own output."""
import json
import random
import re
from collections import Counter

import pytest

from search import cli
from search.analysis import compact
from search.schema import body_text, headline_text

AIRPORT_ZONE = ("航空港区", "航空港实验区", "郑州航空港经济综合实验区", "航空港经济综合实验区", "郑州航空港区")


@pytest.fixture(scope="module")
def texts(seed_articles) -> dict[str, str]:
    """Each seed article's compact headline|body, as phrases are matched."""
    return {a.id: f"{compact(headline_text(a))}|{compact(body_text(a))}" for a in seed_articles}


def ids(engine, q, **kw) -> set[str]:
    result = engine.search(q, per_page=100, **kw)
    assert result.total <= 100
    return {h.id for h in result.hits}


def api(client, path, **params):
    response = client.get(path, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def page(client, **params) -> str:
    response = client.get("/search", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- aliases

def test_the_three_airport_zone_names_find_the_same_articles(engine, texts):
    expected = {i for i, t in texts.items() if any(name in t for name in AIRPORT_ZONE)}
    assert len(expected) == 9          # 航空港区 in 5 articles, 航空港实验区 in 9 (grep), together 9
    for q in ("航空港区", "航空港实验区", "郑州航空港经济综合实验区"):
        assert ids(engine, q) == expected, q


def test_quoted_names_and_expansion_off_search_as_typed(engine, texts):
    typed = {i for i, t in texts.items() if "航空港区" in t}
    assert len(typed) == 5
    assert ids(engine, '"航空港区"') == typed
    assert ids(engine, "航空港区", expand=False) == typed


def test_api_and_page_say_which_names_were_added_with_a_link_to_turn_it_off(client):
    data = api(client, "/api/search", q="航空港区")
    added = data["explain"]["aliases"][0]
    assert added["word"] == "航空港区" and "郑州航空港经济综合实验区" in added["added"]
    assert data["explain"]["expand"] is True
    html = page(client, q="航空港区")
    line = re.search(r'<p class="aliases">(.*?)</p>', html, re.S).group(1)
    assert "同时检索了：" in line and "航空港实验区" in line
    off = re.search(r'href="([^"]+)">只搜索输入的词', line).group(1).replace("&amp;", "&")
    assert "expand=0" in off
    assert "共 <strong>5</strong> 篇报道" in client.get(off).get_data(as_text=True)


def test_the_article_page_marks_alias_names_only_when_the_search_expanded_them(client, texts):
    both = sorted(i for i, t in texts.items() if "航空港区" in t and "航空港实验区" in t)
    assert both                          # an article naming the zone both ways (grep)
    expanded = client.get(f"/articles/{both[0]}?q=航空港区").get_data(as_text=True)
    typed = client.get(f"/articles/{both[0]}?q=航空港区&expand=0").get_data(as_text=True)
    assert re.search(r"<mark[^>]*>航空港实验区</mark>", expanded)
    assert not re.search(r"<mark[^>]*>航空港实验区</mark>", typed)
    assert re.search(r"<mark[^>]*>航空港区</mark>", typed)
    results = page(client, q="航空港区", expand="0")
    assert re.search(r'href="/articles/[^"]+\?q=[^"]*expand=0"', results)    # the hits' links carry it


def test_alias_names_are_marked_in_the_hits(client):
    html = page(client, q="航空港区", per_page=20)
    assert "<mark>航空港实验区</mark>" in html


# ---------------------------------------------------------------- reporters

def test_reporter_filter_counts(engine, seed_articles):
    # seeds/000_25265fb441160fb6.txt signs four articles `记者 王赛华` (lines 28, 48, 64, 73);
    # seeds/004_e2ee4c39575207b8.txt line 57 has `(郑报全媒体记者 王世瑾 通讯员 王欣)`.
    assert engine.search("reporter:王赛华").total == 4
    assert engine.search("作者:王世瑾").total == 1
    assert engine.search("作者：王世瑾").total == 1
    assert engine.search("", reporters=["王赛华"]).total == 4
    by_scan = Counter(r["name"] for a in seed_articles for r in a.reporters)
    facet = {f["value"]: f["count"] for f in engine.search("").facets["reporter"]}
    assert facet == dict(by_scan)


def test_a_bare_name_finds_the_reporters_articles_ranked_below_text_matches(engine, texts):
    assert not any("王赛华" in t for t in texts.values())          # the name is in no article's text
    result = engine.search("王赛华")
    assert result.total == 4 and result.explain["reporters"] == ["王赛华"]
    assert {h.id for h in result.hits} == ids(engine, "reporter:王赛华")
    mixed = engine.search("王赛华 OR 航空港区", per_page=100)
    text_hits = {i for i, t in texts.items() if any(n in t for n in AIRPORT_ZONE)}
    order = [h.id in text_hits for h in mixed.hits]
    assert order == sorted(order, reverse=True)                  # every text match before the name-only ones


def test_reporter_facet_has_a_more_link_and_reporter_links(client, engine):
    html = page(client)
    assert len(engine.search("").facets["reporter"]) > 12       # FACET_SIZE
    more = re.search(r'<p class="more"><a href="([^"]+)">更多作者', html).group(1).replace("&amp;", "&")
    full = client.get(more).get_data(as_text=True)
    section = full.split('id="facet-reporter"')[1]
    assert section.count('class="facet') == len(engine.search("").facets["reporter"])
    hit_page = page(client, q="reporter:王赛华")
    assert 'class="reporter" href="/search?reporter=%E7%8E%8B%E8%B5%9B%E5%8D%8E"' in hit_page
    listing = api(client, "/api/search")
    assert len(listing["facets"]["reporter"]) == 12 and listing["more"]["reporter"].endswith("more=reporter")
    assert len(api(client, "/api/search", more="reporter")["facets"]["reporter"]) == len(
        engine.search("").facets["reporter"])
    data = api(client, "/api/search", q="reporter:王赛华")
    assert data["total"] == 4 and data["filters"][0]["facet"] == "reporter"
    chosen = [f for f in data["facets"]["reporter"] if f["selected"]]
    assert [(f["value"], f["count"]) for f in chosen] == [("王赛华", 4)]
    assert "reporter=" not in chosen[0]["toggle_url"]             # its toggle removes the query's filter


def test_article_page_links_its_reporters(client, engine):
    hit = engine.search("reporter:王世瑾").hits[0]
    html = client.get(f"/articles/{hit.id}").get_data(as_text=True)
    assert 'href="/search?reporter=%E7%8E%8B%E4%B8%96%E7%91%BE"' in html


# ---------------------------------------------------------------- dates and months

def test_a_range_includes_its_dated_articles_and_excludes_the_undated(engine, seed_articles):
    inside = {a.id for a in seed_articles if a.date and "2011" <= a.date[:4] <= "2018"}
    undated = {a.id for a in seed_articles if not a.date}
    result = engine.search("", date_from="2011", date_to="2018", per_page=100)
    assert {h.id for h in result.hits} == inside
    assert result.undated == {"count": len(undated), "range": True, "included": False}
    included = engine.search("", date_from="2011", date_to="2018", include_undated=True, per_page=100)
    assert {h.id for h in included.hits} == inside | undated and included.undated["included"]


def test_one_article_in_and_out_of_a_range(engine, seed_articles):
    # seeds/zzrb_2011-12-07_14.txt and zzwb_2011-12-14_A38.txt are the two December 2011 pages
    december = {a.id for a in seed_articles if (a.date or "").startswith("2011-12")}
    assert len(december) == 2
    assert ids(engine, "date:2011-12") == december
    assert ids(engine, "", date_from="2011-12", date_to="2011-12") == december
    assert not ids(engine, "date:2012..") & december                 # a range that excludes them
    assert ids(engine, "date:2011-12-07") | ids(engine, "date:2011-12-14") == december
    assert ids(engine, "date:2011-12-01..2011-12-10") < december


def test_month_counts_sum_to_the_year(engine, seed_articles):
    for result in (engine.search(""), engine.search("", districts=["金水区"]), engine.search("发展")):
        months = result.facets["month"]
        for year in result.facets["year"]:
            assert sum(m["count"] for m in months if m["value"].startswith(year["value"])) == year["count"]
    by_month = Counter(a.date[:7] for a in seed_articles if a.date)
    assert {m["value"]: m["count"] for m in engine.search("").facets["month"]} == dict(by_month)


def test_month_filter_and_its_api(client, seed_articles):
    data = api(client, "/api/search", month="2011-12")
    assert data["total"] == 2 and data["filters"] == [
        {"facet": "month", "value": "2011-12", "source": "parameter", "query_without": None}]
    ranged = api(client, "/api/search", **{"from": "2011", "to": "2018"})
    assert ranged["undated"] == {"count": sum(1 for a in seed_articles if not a.date), "range": True,
                                 "included": False}


def test_page_says_whether_a_range_leaves_out_undated_articles(client, seed_articles):
    undated = sum(1 for a in seed_articles if not a.date)
    html = page(client, **{"from": "2011", "to": "2018"})
    assert f"日期范围不包括 {undated} 篇无日期的报道" in html
    html = page(client, **{"from": "2011", "to": "2018", "undated": "include"})
    assert f"日期范围包括了 {undated} 篇无日期的报道" in html
    assert f"无日期：{undated} 篇" in page(client)


def test_year_opens_its_months_and_a_month_link_filters(client):
    html = page(client, year="2011")
    assert "2011 年各月（3 篇）" in html                # 2011-01 (zzwb_2011-01-17) and two in December
    months = html.split('class="bars months"')[1].split("</ul>")[0]
    link = re.search(r'<a class="facet" href="([^"]+)">\s*<svg[^>]*><rect[^>]*/></svg>\s*<span class="name">12月',
                     months).group(1).replace("&amp;", "&")
    assert "month=2011-12" in link and "year=" not in link
    filtered = client.get(link).get_data(as_text=True)
    assert "共 <strong>2</strong> 篇报道" in filtered and "2011 年各月（3 篇）" in filtered


@pytest.mark.parametrize("params", [{"from": "2011-13"}, {"to": "20x"}, {"from": "2019", "to": "2011"},
                                    {"month": "2011-1"}, {"month": "2011-13"}, {"undated": "maybe"},
                                    {"expand": "no"}, {"more": "everything"}])
def test_bad_date_and_switch_parameters_are_400_with_a_message(client, params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400 and response.get_json()["error"]
    assert client.get("/search", query_string=params).status_code == 400


# ---------------------------------------------------------------- proximity, wildcards, parentheses

def test_proximity_match_and_non_match(engine, texts):
    # seeds/004_e2ee4c39575207b8.txt line 57: “万人助万企”活动,中原区 — two characters between
    assert len(ids(engine, '"中原区 万人助万企"~2')) == 1
    assert ids(engine, '"中原区 万人助万企"~1') == set()
    # line 65: 惠济区大河路街道办事处开展“推动创业担保贷款惠企惠民”“万人助万企” — 22 characters between
    assert len(ids(engine, '"惠济区 万人助万企"~22')) == 1 and not ids(engine, '"惠济区 万人助万企"~21')
    # seeds/003_…: 金水区 and 万人助万企 in one article, some 2,000 characters apart
    both = {i for i, t in texts.items() if "金水区" in t and "万人助万企" in t}
    assert both and ids(engine, '金水区 "万人助万企"') == both
    assert ids(engine, '"金水区 万人助万企"~20') == set()


def test_wildcard_fillers_with_counts(engine, texts):
    assert engine.search('"万人助万*"').fillers[0]["fillers"] == [
        {"text": "企", "count": 4, "query": '"万人助万企"'}]
    assert [(f["text"], f["count"]) for f in engine.search('"一年起势、三年**"').fillers[0]["fillers"]] == [("成势", 1)]
    filled = engine.search('郑州 "一年起势、三年*"').fillers[0]["fillers"]
    assert filled and filled[0]["query"] == f'郑州 "一年起势、三年{filled[0]["text"]}"'    # the rest kept as typed
    scan = Counter()
    for t in texts.values():
        scan.update({m.group(1) for field in t.split("|") for m in re.finditer("(?=高质量(.))", field)})
    got = {f["text"]: f["count"] for f in engine.search('"高质量*"').fillers[0]["fillers"]}
    assert got == dict(scan) and got["发"] == 15


def test_wildcard_fillers_are_links_on_the_page(client):
    html = page(client, q='"万人助万*"')
    line = re.search(r'<p class="fillers">(.*?)</p>', html, re.S).group(1)
    assert re.search(r'<a href="/search\?q=%22%E4%B8%87%E4%BA%BA%E5%8A%A9%E4%B8%87%E4%BC%81%22">企</a>（4 篇）', line)
    assert api(client, "/api/search", q='"万人助万*"')["fillers"][0]["fillers"][0]["count"] == 4


def test_proximity_in_the_api_and_marked_on_the_page(client):
    assert api(client, "/api/search", q='"中原区 万人助万企"~2')["total"] == 1
    html = page(client, q='"中原区 万人助万企"~2')
    assert "<mark>万人助万企</mark>" in html and "<mark>中原区</mark>" in html


def test_parentheses_or_inside_and(engine, client):
    grouped = ids(engine, "(氢能 OR 新能源) 汽车")
    assert grouped and grouped == ids(engine, "氢能 汽车") | ids(engine, "新能源 汽车")
    assert api(client, "/api/search", q="(氢能 OR 新能源) 汽车")["total"] == len(grouped)
    assert f"共 <strong>{len(grouped)}</strong> 篇报道" in page(client, q="（氢能 OR 新能源） 汽车")


def test_fuzzed_queries_on_the_index_never_fail(client):
    rng = random.Random(11)
    alphabet = list('()（）"“”*~-:： OR title district reporter 作者 date 2011-12.. 万人助万 金水区 航空港区 王赛华 20')
    for _ in range(150):
        q = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        response = client.get("/api/search", query_string={"q": q})
        assert response.status_code == 200, (q, response.get_data(as_text=True)[:200])


@pytest.mark.parametrize("q", ['((((', '"a"~', '"*"~3', ')) OR (', 'date:..', 'reporter:', '作者:"',
                               '"金水区 "~99999999999', '(-(-(x)))', '"**万**"', 'title:(a OR b)'])
def test_malformed_queries_answer_with_a_notice_not_an_error(client, q):
    assert client.get("/api/search", query_string={"q": q}).status_code == 200
    assert client.get("/search", query_string={"q": q}).status_code == 200


# ---------------------------------------------------------------- explain

def test_api_explain_object(client):
    e = api(client, "/api/search", q='航空港区 "万人助万企" "中原区 万人助万企"~2 -氢能 王赛华 date:2011..')["explain"]
    assert set(e) >= {"words", "phrases", "near", "wildcards", "excluded", "aliases", "reporters", "filters",
                      "undated", "date_ranges", "fallback", "skipped", "expand"}
    assert e["phrases"] == ["万人助万企"] and e["excluded"] == ["氢能"]
    assert e["near"] == [{"words": ["中原区", "万人助万企"], "within": 2}]
    assert e["filters"][0]["facet"] == "date" and e["filters"][0]["source"] == "query"
    assert e["date_ranges"] == [{"from": "2011", "to": None, "text": "2011.."}]
    fallback = api(client, "/api/search", q="桥梁检测 万人助万企")["explain"]["fallback"]
    assert fallback["used"] == "any_word" and fallback["why"]


def test_page_has_a_short_explain_line(client):
    html = page(client, q="航空港区 -氢能")
    line = re.search(r'<p class="explain">(.*?)</p>', html, re.S).group(1)
    assert "词语 航空港区" in line and "排除 氢能" in line


def test_cli_query_explain(seed_index, capsys):
    code = cli.main(["query", "--index", str(seed_index), "--explain", "--per-page", "1", "航空港区 王赛华"])
    out = capsys.readouterr().out
    assert code == 0
    assert "aliases:   航空港区 → 郑州航空港经济综合实验区" in out
    assert "reporter:  王赛华" in out and "fallback:" in out
    cli.main(["query", "--index", str(seed_index), "--json", "--from", "2011", "--to", "2018", ""])
    data = json.loads(capsys.readouterr().out)
    assert data["explain"]["filters"] == [{"facet": "date", "value": "2011..2018", "source": "parameter",
                                           "query_without": None}]


def test_open_ended_ranges_read_as_such_on_their_chips(client):
    assert "</span>2011 起<span" in page(client, **{"from": "2011"})
    assert "</span>至 2010<span" in page(client, q="date:..2010")
