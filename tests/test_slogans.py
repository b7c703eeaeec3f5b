"""Slogan discovery on the seed pages: which phrases are slogans, where and when they are used, suggestions."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from search import cli, indexer, layout, slogan_counts
from search import slogans as slogan_store
from search.analysis import compact
from search.corpus import Article
from search.slogans import FILE, SloganBook, discover, store

# Article counts and districts read off the seed pages. An article uses a slogan wherever it writes it,
# quoted or not; the page-003 roundup is one article quoting officials of seven districts.
KNOWN = {
    # 003 roundup (迎宾路街道, 惠济区), 004 建设路街道 (中原区), 大河路街道 (惠济区), 新密市
    "万人助万企": (["市委十二届七次全会", "助企业解困", "政府牵线银企", "新密市全力冲刺"],
              {"惠济区": 2, "中原区": 2, "新密市": 1}),
    # 002 航空港区 (招商引资定为“一号工程”), 004 登封市 (坚持把招商引资作为“一号工程”)
    "一号工程": (["把招商引资定为", "现代汽车集团来登封"], {"航空港区": 1, "登封市": 1}),
    # 003 roundup (二七经开区 陈卫东), 004 二七区 (title 「双轮驱动」 and seven times in the body)
    "双轮驱动": (["市委十二届七次全会", "二七区破题开局"], {"二七区": 2}),
    # 001 航空港实验区 张俊峰 (title and body), 002 建成区 article (按“枢纽+开放”的发展路径)
    "枢纽+开放": (["走好“枢纽+开放”路子", "建成区将增至120平方公里"], {"航空港区": 2}),
    # 000 经开区 (以“开门红”带动“全年红”; 招商 title 开门红、开门稳), 004 二七区, 中牟县 狼城岗镇, 新密市,
    # and the dated 2025-03-18 Evening News sports page (河南队点球击败四川队取得“开门红”)
    "开门红": (["经开区传达学习", "铆足干劲", "二七区破题开局", "党建引领提质效", "新密市全力冲刺", "入围全运会五人制足球决赛"],
            {"经开区": 2, "二七区": 1, "中牟县": 1, "新密市": 1}),
}

# One slogan written three ways, and a sentence of speech that is no slogan.
VARIANTS = [
    Article(id="a", title="走好“枢纽+开放”路子", body="坚定不移走好“枢纽+开放”路子。", date="2021-01-05",
            districts=["航空港区"]),
    Article(id="b", title="航空港区", body="按「枢纽＋开放」的发展路径推进。", date="2022-03-01",
            districts=["航空港区"]),
    Article(id="c", title="综述", body="坚持枢纽开放,起跑就是冲刺,开局就是决战。", date="2022-05-01",
            districts=["经开区"]),
    Article(id="d", title="讲话", body="“起跑就是冲刺,开局就是决战。”他说。", date=None),
]


@pytest.fixture(scope="module")
def found(seed_articles) -> dict[str, dict]:
    return {e["text"]: e for e in discover(seed_articles)}


@pytest.fixture(scope="module")
def book(seed_index) -> SloganBook:
    return SloganBook.load(layout.current_build(seed_index))


def headline(article) -> str:
    """The headline block as printed: a part of KNOWN may be in the kicker (把招商引资定为“一号工程”)."""
    return " ".join(filter(None, (article.kicker, article.title, article.subtitle)))


def titled(articles, *parts) -> list:
    chosen = [a for a in articles if any(part in headline(a) for part in parts)]
    assert len(chosen) == len(parts)
    return chosen


@pytest.mark.parametrize("text", list(KNOWN))
def test_known_slogans_with_their_articles_districts_and_dates(found, seed_articles, text):
    titles, some_districts = KNOWN[text]
    users = titled(seed_articles, *titles)
    entry = found[text]
    assert entry["count"] == len(titles)
    assert entry["quoted"] is True
    districts = {d["value"]: d["count"] for d in entry["districts"]}
    assert districts.items() >= some_districts.items()
    assert districts == dict(Counter(d for a in users for d in a.districts))
    dates = sorted(a.date for a in users if a.date)
    assert (entry["first"], entry["last"]) == ((dates[0], dates[-1]) if dates else (None, None))
    assert entry["years"] == dict(Counter(d[:4] for d in dates))


def test_recurring_unquoted_phrases_but_not_common_vocabulary(found, containing):
    for phrase in ("高质量发展", "招商引资", "项目为王"):
        assert found[phrase]["count"] == len(containing(phrase)) > 1, phrase
    assert found["高质量发展"]["quoted"] is False
    # quoted once in 001 (“项目为王”), written bare in 004 (坚持项目为王不动摇)
    assert found["项目为王"]["quoted"] is True
    for not_slogan in ("管委会主任", "全力以赴", "贯彻落实", "加快推进", "航空港实验区", "经济社会"):
        assert not_slogan not in found


def test_quoted_speech_is_not_a_slogan(found):
    assert not [t for t in found if t.startswith(("全会通过一连串数字", "此次活动不仅", "我们需要什么"))]
    assert not [t for t in found if set(t) & set("。，,！？")]
    assert all(len(t) <= 30 for t in found)


def test_a_phrase_quoted_inside_speech_is_still_found():
    speech = Article(id="e", title="讲话", body="他说:“我们要坚持‘项目为王’,抓好招商。”")
    assert [(e["text"], e["quoted"]) for e in discover([speech])] == [("项目为王", True)]


def test_a_phrase_with_enumeration_commas_is_one_slogan(found):
    entry = found["一年起势、三年成势、五年胜势"]
    assert entry["count"] == 1 and entry["districts"] == [{"value": "经开区", "count": 1}]


def test_variants_merge_into_one_slogan():
    assert discover(VARIANTS) == [{
        "text": "枢纽+开放", "count": 3, "first": "2021-01-05", "last": "2022-05-01",
        "districts": [{"value": "航空港区", "count": 2}, {"value": "经开区", "count": 1}],
        "years": {"2021": 1, "2022": 2}, "variants": ["枢纽+开放", "枢纽＋开放", "枢纽开放"], "quoted": True,
    }]


def test_store_writes_the_file_the_book_reads(seed_index, seed_articles, book):
    build = layout.current_build(seed_index)
    data = json.loads((build / FILE).read_text(encoding="utf-8"))
    assert data["slogans"] == discover(seed_articles)
    assert {t["id"] for t in data["titles"]} == {a.id for a in seed_articles}
    assert book.entries() == data["slogans"]


def test_removing_articles_updates_the_slogans(tmp_path):
    indexer.build(VARIANTS, tmp_path, procs=1, after_write=store)
    assert SloganBook.load(layout.current_build(tmp_path)).find("枢纽开放")["count"] == 3
    indexer.remove(["a", "b"], tmp_path, after_write=store)
    book = SloganBook.load(layout.current_build(tmp_path))
    assert book.find("枢纽+开放") is None     # still written bare in c, but nothing quotes it any more
    assert [g["id"] for g in book.suggest("讲话")] == ["d"]


def test_a_build_without_slogans_gives_an_empty_book(tmp_path):
    empty = SloganBook.load(tmp_path)
    assert empty.entries() == [] and empty.suggest("万人") == [] and empty.find("开门红") is None


def test_entries_of_a_district_by_any_of_its_names(book):
    texts = [e["text"] for e in book.entries("经开区")]
    assert "开门红" in texts and "一年起势、三年成势、五年胜势" in texts and "枢纽+开放" not in texts
    assert book.entries("经开综保区") == book.entries("经开区")
    counts = [e["count"] for e in book.entries()]
    assert counts == sorted(counts, reverse=True)


def test_find_however_the_slogan_is_typed(book):
    assert book.find("一年起势三年成势五年胜势")["text"] == "一年起势、三年成势、五年胜势"
    assert book.find("枢纽开放")["text"] == "枢纽+开放"
    assert book.find("萬人助萬企")["text"] == "万人助万企"
    assert book.find("万人助企") is None


def test_suggest_slogans_first_then_titles(book, seed_articles, containing):
    assert book.suggest("万人")[0] == {"text": "万人助万企", "kind": "slogan", "count": len(containing("万人助万企")),
                                     "query": '"万人助万企"'}
    assert book.suggest("萬人")[0]["text"] == "万人助万企"
    got = book.suggest("开门红")
    assert [g["kind"] for g in got] == ["slogan", "title", "title"]
    assert {g["id"] for g in got[1:]} == {a.id for a in titled(seed_articles, "铆足干劲", "新密市全力冲刺")}
    assert len(book.suggest("发展", limit=4)) == 4
    assert book.suggest("、") == []


def test_suggest_prefix_before_infix(book, seed_articles):
    got = book.suggest("招商引资")
    texts = [g["text"] for g in got]
    assert texts[:2] == ["招商引资", "招商引资年"]
    titles = [g["text"] for g in got if g["kind"] == "title"]
    assert set(titles) <= {a.title for a in seed_articles}
    starting = [t for t in titles if t.startswith("招商引资")]
    inside = [t for t in titles if not t.startswith("招商引资")]
    assert starting and inside and titles == starting + inside     # 招商引资重点项目有这些 before 铆足干劲…招商引资…


def test_suggest_order_and_limit_without_an_index():
    titles = [{"id": str(n), "title": t, "date": None} for n, t in enumerate(["甲乙", "乙丙", "丙乙", "丁", "乙 乙"])]
    small = SloganBook([{"text": "丙乙丁", "count": 1}, {"text": "乙丁", "count": 1}], titles)
    assert [(g["kind"], g["text"]) for g in small.suggest("乙")] == [
        ("slogan", "乙丁"), ("slogan", "丙乙丁"), ("title", "乙丙"), ("title", "乙 乙"), ("title", "甲乙"),
        ("title", "丙乙")]
    assert [g["text"] for g in small.suggest("乙", limit=3)] == ["乙丁", "丙乙丁", "乙丙"]
    assert small.suggest("乙丙丙") == [] and small.suggest("乙甲") == []     # never across two titles


def test_nearest_slogans_share_characters(book):
    assert book.nearest("万人助企")[0]["text"] == "万人助万企"
    assert len(book.nearest("万人助企", limit=2)) == 2
    assert book.nearest("xyz") == []


def test_suggest_at_twenty_thousand_titles_puts_slogans_first_and_stops_at_ten():
    titles = [{"id": str(i), "title": f"第{i}篇 经开区招商引资项目建设加快推进 高质量发展", "date": None}
              for i in range(20000)]
    slogans = [{"text": f"口号{i}号工程", "count": i} for i in range(2000)]
    big = SloganBook(slogans, titles)
    got = big.suggest("号工程")
    assert len(got) == 10 and all(s["kind"] == "slogan" for s in got)
    assert [s["count"] for s in got] == sorted((s["count"] for s in got), reverse=True)
    assert [s["id"] for s in big.suggest("第1999篇")] == ["1999"]
    assert big.suggest("没有这个") == []


def test_cli_prints_the_list_as_json_or_text(seed_index, book, capsys, containing):
    assert cli.main(["slogans", "--index", str(seed_index), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == book.entries()
    assert cli.main(["slogans", "--index", str(seed_index), "--json", "--district", "经开区"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == book.entries("经开区") and all("经开区" in {d["value"] for d in e["districts"]} for e in listed)
    assert cli.main(["slogans", "--index", str(seed_index)]) == 0
    top = book.entries()[0]
    assert capsys.readouterr().out.splitlines()[0].startswith(f"{top['text']}  {len(containing(top['text']))} 篇  ")


def test_cli_without_an_index_says_how_to_build_one(tmp_path, capsys):
    assert cli.main(["slogans", "--index", str(tmp_path)]) == 2
    assert "python -m search build" in capsys.readouterr().err


def test_an_add_reads_only_the_new_articles_and_counts_as_a_fresh_discovery(tmp_path, seed_articles, monkeypatch):
    first, later = seed_articles[:-4], seed_articles[-4:]
    indexer.build(first, tmp_path, procs=1, after_write=store)
    reads = []
    real = slogan_counts.from_stored
    monkeypatch.setattr(slogan_counts, "from_stored", lambda fields: reads.append(fields["id"]) or real(fields))
    indexer.add(later, tmp_path, after_write=store)
    data = json.loads((layout.current_build(tmp_path) / FILE).read_text(encoding="utf-8"))
    new_keys = {compact(e["text"]) for e in discover(seed_articles)} - {compact(e["text"]) for e in discover(first)}
    assert data["slogans"] == discover(seed_articles)
    assert sorted(reads[:len(later)]) == sorted(a.id for a in later)
    # older articles are read only when they use a phrase that the add made a slogan
    assert all(any(compact(k) in compact(a.title + a.body) for k in new_keys)
               for a in first if a.id in reads[len(later):])


def test_counting_a_build_reads_each_article_when_it_is_counted_not_all_first(tmp_path, seed_articles, monkeypatch):
    """Articles are read from the index on each pass, not held: a 1,000,000-article build's texts took
    11 GB more while its slogans were counted. So each use count follows its own article's read."""
    indexer.build(seed_articles, tmp_path, procs=1)
    events = []
    read, uses = slogan_counts.from_stored, slogan_counts._Finder.uses
    monkeypatch.setattr(slogan_counts, "from_stored", lambda fields: events.append("read") or read(fields))
    monkeypatch.setattr(slogan_counts._Finder, "uses", lambda self, *a: events.append("use") or uses(self, *a))
    tally, _ = slogan_store.counts(layout.current_build(tmp_path))
    counting = events[events.index("use") - 1:]
    assert counting == ["read", "use"] * len(seed_articles)
    assert tally.slogans() == discover(seed_articles)


def test_a_newly_quoted_phrase_is_counted_in_older_articles_that_write_it_bare(tmp_path):
    a, b, c, d = VARIANTS
    indexer.build([c, d], tmp_path, procs=1, after_write=store)
    assert SloganBook.load(layout.current_build(tmp_path)).find("枢纽开放") is None
    indexer.add([a], tmp_path, after_write=store)
    entry = SloganBook.load(layout.current_build(tmp_path)).find("枢纽开放")
    assert entry["count"] == 2 and entry["districts"] == [{"value": "经开区", "count": 1}, {"value": "航空港区", "count": 1}]
    indexer.add([b], tmp_path, after_write=store)
    indexer.remove(["c"], tmp_path, after_write=store)
    book = SloganBook.load(layout.current_build(tmp_path))
    assert book.entries() == discover([a, b, d])
    indexer.add([Article(id="a", title="改稿", body="没有口号了。")], tmp_path, after_write=store)
    book = SloganBook.load(layout.current_build(tmp_path))
    assert book.find("枢纽开放")["count"] == 1 and book.entries() == discover([b, d, Article(id="a", title="改稿", body="没有口号了。")])


def test_saved_counts_load_as_they_were(tmp_path):
    tally = slogan_counts.Tally({"seg-a": {0: {"id": "a", "title": "万人助万企\"引号\"", "uses": {"万人助万企": 2}},
                                           7: {"id": "b", "title": "", "uses": {}}}, "seg-b": {}},
                                step=3, seen=9, keys=["万人助万企", "开门红"])
    tally.save(tmp_path)
    loaded = slogan_counts.Tally.load(tmp_path)
    assert (loaded.segments, loaded.step, loaded.seen, loaded.keys) == (tally.segments, 3, 9, {"万人助万企", "开门红"})
