"""Trends, coverage, keyword in context, export and citations on the seed index, checked against the
engine's own totals and against plain scans of the seed articles."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

import numpy as np
import pytest
import rispy

from search import cite, coverage, export, hits, kwic, research, trends
from search.analysis import compact
from search.article import Article
from search.errors import QueryError
from search.schema import body_text, headline_text

SLOGAN = "万人助万企"


def permalink(article_id: str) -> str:
    return f"https://archive.example/articles/{article_id}"


def holding(articles, phrase: str) -> list:
    """Articles whose searchable text holds the phrase, by a plain substring scan."""
    key = compact(phrase)
    return [a for a in articles if key in compact(headline_text(a)) + "|" + compact(body_text(a))]


# ---------------------------------------------------------------- trends

@pytest.mark.parametrize("queries", [["郑州", f'"{SLOGAN}"'], ["发展 OR 企业", "-郑州"]])
def test_trend_counts_equal_the_engines_totals(engine, queries):
    data = research.trend(engine, queries)
    for line in data["series"]:
        assert line["total"] == engine.search(line["query"]).total
        for point in line["points"]:
            assert point["count"] == engine.search(line["query"], years=[point["period"]]).total
        assert sum(p["count"] for p in line["points"]) + line["undated"] == line["total"]


def test_trend_of_a_slogan_counts_the_articles_holding_it(engine, seed_articles):
    by_year = Counter(a.date[:4] for a in holding(seed_articles, SLOGAN) if a.date)
    line = research.trend(engine, [f'"{SLOGAN}"'], measure="count")["series"][0]
    assert line["total"] == len(holding(seed_articles, SLOGAN))
    assert {p["period"]: p["count"] for p in line["points"] if p["count"]} == dict(by_year)


def test_trend_within_districts_equals_the_filtered_search(engine):
    top = [f["value"] for f in engine.search("郑州").facets["district"][:2]]
    data = research.trend(engine, ["郑州"], districts=top)
    for point in data["series"][0]["points"]:
        assert point["count"] == engine.search("郑州", districts=top, years=[point["period"]]).total
        assert point["of"] == engine.search("", districts=top, years=[point["period"]]).total


def test_shares_use_the_coverage_denominators(engine, seed_articles):
    cov = engine.coverage()
    data = research.trend(engine, ["郑州"])
    dated = Counter(a.date[:4] for a in seed_articles if a.date)
    for point in data["series"][0]["points"]:
        year = point["period"]
        assert point["of"] == cov["years"].get(year, {}).get("articles", 0) == dated.get(year, 0)
        assert point["share"] == (round(point["count"] / point["of"], 6) if point["of"] else None)


def test_months_add_up_to_their_years(engine):
    years = research.trend(engine, ["郑州"], by="year")["series"][0]["points"]
    months = research.trend(engine, ["郑州"], by="month")["series"][0]["points"]
    for point in years:
        assert point["count"] == sum(m["count"] for m in months if m["period"].startswith(point["period"]))
    assert [m["period"] for m in months] == trends.span({m["period"] for m in months}, "month")


def test_per_district_panels_count_that_districts_articles(engine):
    data = research.trend(engine, ["郑州"], per_district=True)
    assert data["panels"]
    for panel in data["panels"]:
        for point in panel["series"][0]["points"]:
            assert point["count"] == engine.search("郑州", districts=[panel["district"]],
                                                   years=[point["period"]]).total


def test_span_fills_gaps_across_a_year_end():
    assert trends.span({"2021-11", "2022-02"}, "month") == ["2021-11", "2021-12", "2022-01", "2022-02"]
    assert trends.span({"2019", "2021"}, "year") == ["2019", "2020", "2021"]


def test_counts_put_undated_articles_apart():
    dates = np.array([20210105, 20210230, 0, 20221201, 0])
    mask = np.array([True, True, True, True, False])
    assert trends.counts(mask, dates, "month") == ({"2021-01": 1, "2021-02": 1, "2022-12": 1}, 1)
    assert trends.counts(mask, dates, "year") == ({"2021": 2, "2022": 1}, 1)


@pytest.mark.parametrize("queries, by, measure", [([], "year", "share"), (["a"] * 3 + list("bcdef"), "year", "share"),
                                                   (["a"], "week", "share"), (["a"], "year", "ratio")])
def test_bad_trend_requests_are_query_errors(engine, queries, by, measure):
    with pytest.raises(QueryError):
        research.trend(engine, queries, by=by, measure=measure)


# ---------------------------------------------------------------- coverage

def test_coverage_counts_the_seed_articles(engine, seed_articles):
    cov = engine.coverage()
    assert cov["articles"] == len(seed_articles)
    assert cov["chars"] == sum(len(a.title) + len(a.body) for a in seed_articles)
    assert cov["undated"]["articles"] == sum(1 for a in seed_articles if not a.date)
    assert {p: t["articles"] for p, t in cov["papers"].items()} == dict(Counter(a.paper for a in seed_articles if a.paper))
    assert {m: t["articles"] for m, t in cov["months"].items()} == dict(Counter(a.date[:7] for a in seed_articles if a.date))
    districts = Counter(d for a in seed_articles for d in a.districts)
    assert {d: t["articles"] for d, t in cov["districts"].items()} == dict(districts)
    pages = {(a.paper, a.date, a.page) if a.page else a.source["file"] for a in seed_articles}
    assert cov["pages"] == len(pages)
    assert cov["index_bytes"] > 1000 and cov["built"]


def test_coverage_is_derived_when_the_file_is_missing(seed_index, tmp_path, seed_articles):
    from tests.conftest import build_index
    from search import indexer

    folder = build_index(seed_articles[:4], tmp_path / "index")
    build = indexer.current_build(folder)
    stored = coverage.load(build)
    (build / coverage.FILE).unlink()
    assert coverage.load(build)["articles"] == stored["articles"] == 4


def test_coverage_after_add_and_remove_is_counted_without_rereading_the_archive(tmp_path, seed_articles, monkeypatch):
    from search import indexer
    from tests.conftest import build_index

    from whoosh.reading import SegmentReader

    folder = build_index(seed_articles[:20], tmp_path / "index")
    read = []                                          # the ids of every stored article read, by any module
    stored_fields, iter_docs = SegmentReader.stored_fields, SegmentReader.iter_docs

    def reading(self, docnum):
        fields = stored_fields(self, docnum)
        read.append(fields["id"])
        return fields

    def iterating(self):
        for docnum, fields in iter_docs(self):
            read.append(fields["id"])
            yield docnum, fields

    monkeypatch.setattr(SegmentReader, "stored_fields", reading)
    monkeypatch.setattr(SegmentReader, "iter_docs", iterating)
    indexer.add(seed_articles[20:25], folder, after_write=coverage.after_write)
    indexer.remove([seed_articles[0].id], folder, after_write=coverage.after_write)
    assert {a.id for a in seed_articles[20:25]} <= set(read) and len(set(read)) < 20   # not the whole archive
    kept = seed_articles[1:25]
    cov = coverage.load(indexer.current_build(folder))
    assert cov["articles"] == len(kept)
    assert cov["chars"] == sum(len(a.title) + len(a.body) for a in kept)
    assert {m: t["articles"] for m, t in cov["months"].items()} == dict(Counter(a.date[:7] for a in kept if a.date))
    assert cov["pages"] == len({(a.paper, a.date, a.page) if a.page else a.source["file"] for a in kept})


# ---------------------------------------------------------------- keyword in context

def test_kwic_lines_are_pieces_of_their_articles(engine, seed_articles):
    found = research.kwic_lines(engine, f'"{SLOGAN}"', width=15)[0]
    expected = sum(a.title.count(SLOGAN) + a.body.count(SLOGAN) for a in holding(seed_articles, SLOGAN))
    assert len(found) == expected > 4
    for line in found:
        text = engine.article(line.id)[line.field]
        assert line.left + line.match + line.right in text
        assert text[line.start:line.end] == line.match and line.match == SLOGAN
        assert len(line.left) == min(15, line.start)


def test_kwic_phrases_ignore_punctuation_as_the_search_does():
    article = {"id": "x", "title": "t", "body": "要做到一年起势、三年成势。然后一年起势三年成势", "date": None, "districts": []}
    from search.query import parse

    found = kwic.lines([article], parse('"一年起势三年成势"').units, width=3)
    assert [(ln.left, ln.match, ln.right) for ln in found] == [("要做到", "一年起势、三年成势", "。然后"),
                                                           ("。然后", "一年起势三年成势", "")]


def test_kwic_sorts(engine):
    found = research.kwic_lines(engine, f'"{SLOGAN}"')[0]
    by_right = [kwic.flat(ln.right) for ln in kwic.sort_lines(found, "right")]
    by_left = [kwic.flat(ln.left)[::-1] for ln in kwic.sort_lines(found, "left")]
    assert by_right == sorted(by_right) and by_left == sorted(by_left)
    dates = [ln.date for ln in kwic.sort_lines(found, "date") if ln.date]
    assert dates == sorted(dates)
    with pytest.raises(QueryError):
        kwic.sort_lines(found, "colour")


def test_kwic_anchor_marks_the_occurrence_on_the_article_page(engine):
    line = research.kwic_lines(engine, f'"{SLOGAN}"')[0][0]
    body = engine.article(line.id)["body"]
    units = research.result_set(engine, f'"{SLOGAN}"').units
    html = kwic.anchored_mark(body, hits.spans(body, hits.patterns(units), False), "body")
    assert f'<mark id="{line.anchor}">{SLOGAN}</mark>' in html


def test_kwic_pages_and_csv(engine):
    found = kwic.sort_lines(research.kwic_lines(engine, f'"{SLOGAN}"')[0], "date")
    assert kwic.page(found, 2, per_page=2) == found[2:4]
    with pytest.raises(QueryError):
        kwic.page(found, 99, per_page=2)
    rows = list(csv.DictReader(io.StringIO("".join(kwic.csv_chunks(found)).lstrip("\ufeff"))))
    assert len(rows) == len(found)
    assert [(r["id"], r["left"], r["match"], r["right"]) for r in rows] == [(ln.id, ln.left, ln.match, ln.right) for ln in found]


# ---------------------------------------------------------------- export

HOSTILE_TITLES = ['逗号, 和"引号"', "换行\n第二行", '全部,"\n混合']


@pytest.fixture(scope="module")
def hostile_engine(tmp_path_factory, seed_articles):
    from search.engine import Engine
    from tests.conftest import build_index

    extra = [Article(id=f"hostile-{i}", title=t, body=f"郑州{t}正文", date="2023-02-14", districts=["金水区"],
                     paper="郑州日报", page="03", reporters=[{"name": "王某", "role": "记者"}])
             for i, t in enumerate(HOSTILE_TITLES)]
    eng = Engine(build_index([*seed_articles, *extra], tmp_path_factory.mktemp("hostile")))
    yield eng
    eng.close()


def test_csv_export_round_trips_every_row(hostile_engine):
    found = research.result_set(hostile_engine, "郑州")
    text = "".join(export.csv_chunks(research.export_rows(hostile_engine, found, permalink)))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert len(rows) == found.total == hostile_engine.search("郑州").total
    by_id = {r["id"]: r for r in rows}
    for i, title in enumerate(HOSTILE_TITLES):
        row = by_id[f"hostile-{i}"]
        assert row == {"id": f"hostile-{i}", "date": "2023-02-14", "paper": "郑州日报", "page": "03", "title": title,
                       "districts": "金水区", "reporters": "王某", "permalink": permalink(f"hostile-{i}")}


def test_jsonl_export_round_trips_every_row_with_text(hostile_engine):
    found = research.result_set(hostile_engine, "郑州", sort="date")
    text = "".join(export.jsonl_chunks(research.export_rows(hostile_engine, found, permalink, with_text=True)))
    lines = text.splitlines()
    assert len(lines) == found.total
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [h.id for h in hostile_engine.search("郑州", sort="date", per_page=100).hits]
    row = next(r for r in rows if r["id"] == "hostile-2")
    assert row["title"] == HOSTILE_TITLES[2] and row["text"] == f"郑州{HOSTILE_TITLES[2]}正文"
    assert row["reporters"] == [{"name": "王某", "role": "记者"}] and row["districts"] == ["金水区"]


def test_export_past_the_cap_is_refused_with_a_message():
    export.check_size(10, cap=10)
    with pytest.raises(QueryError, match="超过导出上限"):
        export.check_size(11, cap=10)


def test_export_stops_when_the_index_changes_under_it(tmp_path, seed_articles, monkeypatch):
    from search import engine as engine_module
    from search import indexer
    from search.engine import Engine
    from tests.conftest import build_index

    monkeypatch.setattr(engine_module, "STORED_CHUNK", 5)
    folder = build_index(seed_articles, tmp_path / "index")
    eng = Engine(folder)
    rows = research.export_rows(eng, research.result_set(eng, ""), permalink)
    first = [next(rows) for _ in range(5)]
    indexer.remove([seed_articles[0].id], folder, after_write=coverage.after_write)
    with pytest.raises(QueryError, match="索引在读取过程中更新"):
        next(rows)
    assert len(first) == 5
    eng.close()


# ---------------------------------------------------------------- citations

def test_gbt7714_newspaper_citation_field_by_field(engine):
    article = engine.article("zzrb_2012-07-04_06-350d4393")
    text = cite.gbt7714(article)
    authors, rest = text.split(". ", 1)
    assert authors == "聂春洁, 王雯静"
    title, source = rest.split("[N]. ")
    assert title == "楼院菜场不见了"
    assert source == "郑州日报, 2012-07-04(6)."


def test_gbt7714_leaves_unknown_fields_out(engine):
    no_page = engine.article("hnrb_2006-06-27_xx-d8b8aeda")
    assert cite.gbt7714(no_page) == f"柯杨. {no_page['title']}[N]. 河南日报, 2006-06-27."
    bare = {"id": "x", "title": "标题", "reporters": [], "paper": None, "date": None, "page": None}
    assert cite.gbt7714(bare) == "标题[N]."
    many = {**bare, "reporters": [{"name": n, "role": "记者"} for n in "甲乙丙丁"] + [{"name": "戊", "role": "摄影"}]}
    assert cite.gbt7714(many) == "甲, 乙, 丙, 等. 标题[N]."


def test_ris_record_field_by_field(engine):
    article = engine.article("zzrb_2012-07-04_06-350d4393")
    text = cite.ris([article], permalink)
    assert text.startswith("TY  - NEWS")
    [record] = rispy.loads(text)
    assert record["type_of_reference"] == "NEWS"
    assert record["authors"] == ["聂春洁", "王雯静"]
    assert record["title"] == "楼院菜场不见了"
    assert record["secondary_title"] == "郑州日报"
    assert record["date"] == "2012/07/04" and record["year"] == "2012"
    assert record["start_page"] == "6"
    assert record["urls"] == [permalink(article["id"])] and record["id"] == article["id"]


def test_ris_and_bibtex_of_a_result_set(engine, seed_articles):
    import bibtexparser

    found = research.result_set(engine, f'"{SLOGAN}"')
    articles = list(research.articles(engine, found))
    assert len(rispy.loads(cite.ris(articles, permalink))) == found.total == len(holding(seed_articles, SLOGAN))
    library = bibtexparser.parse_string(cite.bibtex(articles, permalink))
    assert [e.key for e in library.entries] == [a["id"] for a in articles]


def test_bibtex_record_field_by_field(engine):
    import bibtexparser

    article = engine.article("zzrb_2012-07-04_06-350d4393")
    [entry] = bibtexparser.parse_string(cite.bibtex([article], permalink)).entries
    assert entry.entry_type == "article" and entry.key == article["id"]
    assert {f.key: f.value for f in entry.fields} == {
        "title": "楼院菜场不见了", "author": "聂春洁 and 王雯静", "journal": "郑州日报", "date": "2012-07-04",
        "year": "2012", "month": "7", "pages": "6", "url": permalink(article["id"]), "langid": "chinese"}


# ---------------------------------------------------------------- permalinks

def test_an_unknown_id_finds_the_articles_of_its_page(engine, seed_articles):
    page = "zzrb_2012-07-04_06"
    expected = sorted(a.id for a in seed_articles if a.id.rsplit("-", 1)[0] == page)
    assert [a["id"] for a in engine.same_page(f"{page}-00000000")] == expected == [f"{page}-350d4393"]
    assert engine.same_page("nope") == [] and engine.same_page("nope-12345678") == []


def test_kwic_lines_are_read_again_after_the_index_changes(tmp_path, seed_articles, monkeypatch):
    from search import indexer
    from search.engine import Engine
    from tests.conftest import build_index

    reads = []
    monkeypatch.setattr(kwic, "lines", lambda *a, _lines=kwic.lines: reads.append(1) or _lines(*a))
    folder = build_index(seed_articles, tmp_path / "index")
    eng = Engine(folder)
    first = research.kwic_lines(eng, f'"{SLOGAN}"')[0]
    assert research.kwic_lines(eng, f'"{SLOGAN}"')[0] == first and len(reads) == 1     # the next page: no reading
    gone = first[0].id
    indexer.remove([gone], folder, after_write=coverage.after_write)
    again = research.kwic_lines(eng, f'"{SLOGAN}"')[0]
    assert gone not in {ln.id for ln in again} and len(again) < len(first) and len(reads) == 2
    eng.close()
