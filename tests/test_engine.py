"""Search over the seed index: phrases equal substring truth, words, fallback, exclusion, facets, highlights."""
import re
from collections import Counter

import pytest

from search.analysis import compact, query_words
from search.engine import FALLBACK_NOTICE
from search.errors import NotFound, QueryError
from search.results import PARAMETER, QUERY, Filter


def all_hits(engine, q, **kw):
    first = engine.search(q, per_page=100, **kw)
    return first, [h.id for h in first.hits]


@pytest.mark.parametrize("phrase", ["万人助万企", "开门红", "一号工程", "双轮驱动", "枢纽+开放", "高质量发展",
                                    "一年起势、三年成势、五年胜势", "招商引资", "十大战略"])
def test_quoted_phrase_returns_exactly_the_articles_containing_it(engine, seed_articles, phrase, containing):
    expected = containing(phrase)
    assert expected, phrase
    result, ids = all_hits(engine, f'"{phrase}"')
    assert result.total == len(expected)
    assert set(ids) == expected


def test_phrase_is_insensitive_to_punctuation_and_spaces(engine, seed_articles, containing):
    a = all_hits(engine, '"一年起势三年成势五年胜势"')[1]
    b = all_hits(engine, '"一年起势 三年成势、五年胜势"')[1]
    assert a == b and set(a) == containing("一年起势、三年成势、五年胜势")
    hit = engine.search('"一年起势三年成势五年胜势"').hits[0]
    assert "<mark>一年起势、三年成势、五年胜势</mark>" in hit.snippet_html


def test_unquoted_words_are_all_required(engine, seed_articles):
    result, ids = all_hits(engine, "桥梁检测")
    assert ids and result.notice == ""
    for article in seed_articles:
        if article.id in ids:
            assert "桥梁" in article.title + article.body and "检测" in article.title + article.body
    assert "<mark>" in result.hits[0].snippet_html


def test_word_inside_a_longer_word_is_found(engine, seed_articles, containing):
    ids = all_hits(engine, "氢能")[1]
    assert set(ids) == containing("氢能")
    hydrogen = next(a for a in seed_articles if "氢能源" in a.title)
    hit = next(h for h in engine.search("氢能", per_page=100).hits if h.id == hydrogen.id)
    assert "<mark>氢能</mark>源" in hit.title_html


def test_title_words_rank_first(engine):
    hits = engine.search("开门红").hits
    assert "开门红" in hits[0].title


def test_fallback_to_any_word_says_so(engine, seed_articles, containing):
    result, ids = all_hits(engine, "桥梁 巡察")
    assert FALLBACK_NOTICE in result.notice
    assert set(ids) == containing("桥梁") | containing("巡察")


def test_exclusion_or_and_title_prefix(engine, seed_articles, containing):
    with_red = containing("开门红")
    excluded = all_hits(engine, "开门红 -万人助万企")[1]
    assert set(excluded) == with_red - containing("万人助万企")
    either = all_hits(engine, "巡察 OR 桥梁")[1]
    assert set(either) == containing("巡察") | containing("桥梁")
    titled = all_hits(engine, "title:开门红")[1]
    assert set(titled) == {a.id for a in seed_articles if "开门红" in a.title}


def test_traditional_and_full_width_input(engine):
    assert all_hits(engine, "開門紅")[1] == all_hits(engine, "开门红")[1]
    assert all_hits(engine, "ＶＯＣｓ")[0].total == all_hits(engine, "vocs")[0].total >= 1


def test_facet_counts_cover_the_whole_result_set(engine, seed_articles, containing):
    result = engine.search("高质量发展", per_page=1)
    matching = [a for a in seed_articles if a.id in containing("高质量发展")]
    expected = {}
    for a in matching:
        for d in a.districts:
            expected[d] = expected.get(d, 0) + 1
    assert {f["value"]: f["count"] for f in result.facets["district"]} == expected
    assert len(result.hits) == 1 and result.total == len(matching)


def test_district_filters_or_within_the_facet(engine, seed_articles):
    one = engine.search("", districts=["经开区"], per_page=100)
    two = engine.search("", districts=["经开区", "航空港区"], per_page=100)
    in_either = {a.id for a in seed_articles if {"经开区", "航空港区"} & set(a.districts)}
    assert {h.id for h in two.hits} == in_either
    assert one.total < two.total
    selected = [f["value"] for f in two.facets["district"] if f["selected"]]
    assert sorted(selected) == ["经开区", "航空港区"]
    assert engine.search("", districts=["不存在区"]).total == 0


def test_empty_query_with_a_filter_browses_newest_first(engine, seed_articles):
    # The district with most dated articles (from the dated pages), which also has undated ones (the seeds).
    dated = Counter(d for a in seed_articles if a.date for d in a.districts)
    district = max(dated, key=lambda d: (dated[d], d))
    result = engine.search("", districts=[district], per_page=100)
    assert result.total == sum(district in a.districts for a in seed_articles)
    dates = [h.date for h in result.hits]
    assert len([d for d in dates if d]) == dated[district] >= 2
    assert dates == sorted(dates, key=lambda d: d or "", reverse=True)      # newest first, undated last


def test_year_filter(engine, seed_articles):
    per_year = Counter(a.date[:4] for a in seed_articles if a.date)
    assert len(per_year) > 1
    busiest = max(per_year, key=lambda y: (per_year[y], y))
    result = engine.search("", years=[busiest], per_page=100)
    assert result.total == per_year[busiest] > 1
    assert {h.id for h in result.hits} == {a.id for a in seed_articles if (a.date or "").startswith(busiest)}
    two = sorted(per_year)[:2]
    both = engine.search("", years=two, per_page=100)
    assert both.total == per_year[two[0]] + per_year[two[1]]
    assert {f["value"]: f["count"] for f in engine.search("").facets["year"]} == dict(per_year)


def test_kicker_subtitle_and_captions_are_searched(engine, seed_articles):
    """The headline block is searched with the title, captions with the body, as when they were part of them."""
    kicked = next(a for a in seed_articles if a.kicker and a.kicker not in a.body)
    found = engine.search(f'"{kicked.kicker}"')
    assert kicked.id in {h.id for h in found.hits}
    assert kicked.id in {h.id for h in engine.search(f'title:"{kicked.kicker}"').hits}
    captioned = next(a for a in seed_articles if a.captions and a.captions[0] not in a.body)
    assert captioned.id in {h.id for h in engine.search(f'"{captioned.captions[0]}"').hits}
    assert captioned.id not in {h.id for h in engine.search(f'title:"{captioned.captions[0]}"').hits}


def test_paging(engine):
    first = engine.search("发展", per_page=3)
    second = engine.search("发展", page=2, per_page=3)
    assert first.total == second.total > 6
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert engine.search("发展", page=999).hits == []
    with pytest.raises(QueryError):
        engine.search("发展", page=0)
    with pytest.raises(QueryError):
        engine.search("发展", sort="colour")


@pytest.mark.parametrize("q", ['"', '"万人助万企', "title:", "district:", "-", "OR", "氢" * 5000,
                               "\x00\x1b[31m氢能", "((())) AND NOT *?", "<script>alert(1)</script>"])
def test_malformed_queries_never_raise(engine, seed_articles, q):
    result = engine.search(q)
    assert result.total <= len(seed_articles)
    assert all("<script>" not in h.title_html + h.snippet_html for h in result.hits)


def test_adjacent_matches_merge_into_one_mark(engine):
    hit = engine.search("经开区 党工委").hits[0]
    assert "<mark>经开区党工委</mark>" in hit.snippet_html
    assert "</mark><mark>" not in hit.snippet_html


def test_snippets_are_whole_sentences(engine):
    for hit in engine.search("营商环境").hits:
        text = re.sub(r"</?mark>", "", hit.snippet_html)
        assert text.rstrip(" …")[-1] in "。！？；”" or text.endswith("…")


def test_article_and_not_found(engine, seed_articles):
    a = seed_articles[0]
    assert engine.article(a.id)["body"] == a.body
    with pytest.raises(NotFound):
        engine.article("no-such-id")
    marked = engine.highlighted_article(a.id, "经开区")
    starts = [m.start() for m in re.finditer("经开区", a.body)]
    assert starts and all(f'<mark id="k-b{s}">经开区</mark>' in marked["body_html"] for s in starts)


def test_result_to_dict_shape(engine):
    d = engine.search('"万人助万企"').to_dict()
    assert set(d) == {"query", "total", "page", "per_page", "took_ms", "notice", "hits", "facets", "sort",
                      "words", "phrases", "unquoted", "filters", "query_without_filters", "unfiltered", "undated",
                      "explain", "fillers"}
    assert set(d["hits"][0]) == {"id", "title", "title_html", "snippet_html", "districts", "date", "reporters",
                                 "kind", "score"}
    assert "<mark>" not in d["hits"][0]["title"]
    assert set(d["facets"]) == {"district", "year", "month", "reporter"}
    assert set(d["facets"]["district"][0]) == {"value", "count", "selected"}


def test_result_carries_words_phrases_and_filters_with_their_source(engine):
    r = engine.search('"万人助万企" 高质量 district:金水区 district:中原区', districts=["中原区"], years=[2023])
    assert r.phrases == ["万人助万企"]
    assert r.words == list(dict.fromkeys(query_words("万人助万企") + query_words("高质量")))
    assert r.unquoted == "万人助万企 高质量 district:金水区 district:中原区"
    assert r.filters == [Filter("district", "中原区", QUERY, '"万人助万企" 高质量 district:金水区'),  # also a parameter
                         Filter("district", "金水区", QUERY, '"万人助万企" 高质量 district:中原区'),
                         Filter("year", "2023", PARAMETER)]
    assert r.query_without_filters == '"万人助万企" 高质量'
    assert engine.search("发展", districts=["中原区"]).filters == [Filter("district", "中原区", PARAMETER)]


def test_unfiltered_totals_are_those_of_the_search_without_the_filters(engine, seed_articles):
    district = next(d for a in seed_articles for d in a.districts)
    year = next(a.date[:4] for a in seed_articles if a.date)
    r = engine.search("", districts=[district], years=[year])
    assert r.unfiltered == {"district": engine.search("", years=[year]).total,
                            "year": engine.search("", districts=[district]).total,
                            "reporter": r.total, "date": r.total,       # no reporter or date filter to drop
                            "all": engine.search("").total}


# ---------------------------------------------------------------- related articles

def test_related_articles_share_key_terms_and_never_segment_the_body(seed_index, seed_articles, monkeypatch):
    from search import analysis, related
    from search.engine import Engine

    engine = Engine(seed_index)
    try:
        def no_jieba(text):
            raise AssertionError("an article page segmented text")

        monkeypatch.setattr(analysis, "segment", no_jieba)
        by_id = {a.id: a for a in seed_articles}
        article = next(a for a in seed_articles if "经开区" in a.districts and len(a.body) > 500)
        found = engine.related(article.id)
        with engine._lock:
            snap = engine._snapshot()
            terms = related.key_terms(snap, snap.docnum(article.id))
    finally:
        engine.close()
    assert len(found) == 5 and article.id not in {r["id"] for r in found}
    assert related.MIN_TERMS <= len(terms) <= related.TERMS and all(len(t) > 1 and t in article.body for t in terms)
    for r in found:
        other = by_id[r["id"]]
        assert any(t in other.title + other.body for t in terms)
    assert "经开区" in found[0]["districts"]                 # the same district first


def test_related_articles_follow_removals(tmp_path):
    from search import indexer
    from search.article import Article
    from search.engine import Engine

    body = "氢能产业园建设加快，加氢站投用，氢能公交上路。"
    arts = [Article(id=f"h-{i}", title=f"氢能{i}", body=body, source={"file": "h.jsonl", "order": i})
            for i in range(3)] + [Article(id="x", title="桥梁检测", body="桥梁检测完成。", source={})]
    indexer.build(arts, tmp_path / "idx", procs=1)
    indexer.remove(["h-1"], tmp_path / "idx")
    engine = Engine(tmp_path / "idx")
    try:
        assert [r["id"] for r in engine.related("h-0")] == ["h-2"]
    finally:
        engine.close()


# ---------------------------------------------------------------- bounded work

def test_matching_runs_cheapest_clause_first_and_skips_what_the_budget_cannot_pay(engine):
    from search.matching import Budget, matching
    from search.query import parse

    with engine._lock:
        snap = engine._snapshot()
        alone = matching(snap, parse("开门红"))
        budget = Budget(seconds=1e-9)
        mask = matching(snap, parse("高质量发展 开门红 -招商引资"), budget)
        unbounded = matching(snap, parse("高质量发展 开门红 -招商引资"))
    assert (mask == alone).all() and alone.sum() > unbounded.sum() > 0
    assert budget.skipped == ["高质量发展", "-招商引资"]


def test_a_search_past_its_budget_answers_what_it_found_with_a_notice(engine, monkeypatch):
    from search import matching

    full = engine.search("开门红").total
    monkeypatch.setattr(matching, "TIME_BUDGET", 1e-9)
    result = engine.search("开门红 -招商引资")
    assert result.total == full
    assert "未按" in result.notice and "-招商引资" in result.notice


@pytest.mark.parametrize("q, wanted, unwanted, title_only", [
    ("区", ["区"], [], False), ("郑 -区", ["郑"], ["区"], False), ("title:区", ["区"], [], True),
    ("发 展", ["发", "展"], [], False)])
def test_lone_characters_find_exactly_the_articles_holding_them(engine, seed_articles, q, wanted, unwanted,
                                                                title_only):
    """A common character is checked in every article's text rather than through hundreds of bigram
    lists; the answer must be the substring truth either way."""
    def text(a):
        headline = [a.kicker, a.title, a.subtitle, a.column]
        return compact(" ".join(filter(None, headline if title_only else headline + [a.body, *a.captions])))

    expected = {a.id for a in seed_articles
                if all(c in text(a) for c in wanted) and not any(c in text(a) for c in unwanted)}
    first = engine.search(q, per_page=100)
    found = [h.id for page in range(1, first.pages + 1) for h in engine.search(q, per_page=100, page=page).hits]
    assert expected and set(found) == expected


def test_suggestions_do_not_wait_for_a_search_holding_the_lock(engine):
    import threading

    held, release, answered = threading.Event(), threading.Event(), []

    def search_in_progress():
        with engine._lock:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=search_in_progress)
    holder.start()
    held.wait(30)
    reader = threading.Thread(target=lambda: answered.append(engine.slogans().find("万人助万企")))
    reader.start()
    reader.join(10)
    while_held = list(answered)
    release.set()
    holder.join()
    reader.join()
    assert while_held and while_held[0]["text"] == "万人助万企"
