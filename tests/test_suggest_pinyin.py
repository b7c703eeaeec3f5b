"""Pinyin in the suggestion box: slogans, districts and reporters by full pinyin or initials.

Expected names come from the seed texts: 万人助万企 is quoted in 4 articles (see test_slogans), 金水区 is
one of the 16 districts, and 王赛华 signs 4 articles of seeds/000_25265fb441160fb6.txt (`记者 王赛华`,
lines 28, 48, 64 and 73)."""
import json

import pytest

from search import indexer, pinyin
from search.slogans import SloganBook


@pytest.fixture(scope="module")
def book(seed_index) -> SloganBook:
    return SloganBook.load(indexer.current_build(seed_index))


def test_keys_are_full_pinyin_and_initials():
    assert pinyin.keys("万人助万企") == ("wanrenzhuwanqi", "wrzwq")
    assert pinyin.keys("一年起势、三年成势") == ("yinianqishisannianchengshi", "ynqssncs")
    assert pinyin.typed_key("Wan Ren") == "wanren"
    assert pinyin.typed_key("w") is None and pinyin.typed_key("万人") is None


def test_keys_stored_before_are_taken_not_converted_again(monkeypatch):
    converted = []
    real = pinyin.keys
    monkeypatch.setattr(pinyin, "keys", lambda text: converted.append(text) or real(text))
    found = pinyin.pinyin_keys(["金水区", "万人助万企", "金水区"], known={"金水区": ["jinshuiqu", "jsq"]})
    assert found == {"金水区": ["jinshuiqu", "jsq"], "万人助万企": ["wanrenzhuwanqi", "wrzwq"]}
    assert converted == ["万人助万企"]


@pytest.mark.parametrize("typed", ["wrzwq", "wanrenzhu", "WanRenZhuWanQi", "wrz"])
def test_slogan_by_pinyin(book, typed):
    first = book.suggest(typed)[0]
    assert (first["text"], first["kind"], first["count"]) == ("万人助万企", "slogan", 4)
    assert first["query"] == '"万人助万企"'


def test_district_by_pinyin(book):
    first = book.suggest("jinshui")[0]                  # the closest completion: jinshui|qu
    assert (first["text"], first["kind"]) == ("金水区", "district")
    district = next(s for s in book.suggest("jsq") if s["text"] == "金水区")
    assert district["query"] == "district:金水区"


def test_reporter_by_pinyin_and_by_name(book):
    by_pinyin = next(s for s in book.suggest("wangsaihua") if s["kind"] == "reporter")
    assert by_pinyin == {"text": "王赛华", "kind": "reporter", "count": 4, "query": "reporter:王赛华"}
    assert any(s["text"] == "王赛华" and s["kind"] == "reporter" for s in book.suggest("王赛"))


def test_pinyin_that_matches_nothing_gives_titles_only_or_nothing(book):
    assert all(s["kind"] == "title" for s in book.suggest("xqzvv"))


def test_api_suggest_by_pinyin(client):
    found = client.get("/api/suggest", query_string={"q": "wrzwq"}).get_json()
    assert found[0]["text"] == "万人助万企" and found[0]["query"] == '"万人助万企"'


def test_keys_are_stored_with_the_build_and_computed_when_missing(seed_index):
    stored = json.loads((indexer.current_build(seed_index) / "slogans.json").read_text(encoding="utf-8"))["pinyin"]
    assert stored["万人助万企"] == ["wanrenzhuwanqi", "wrzwq"] and stored["王赛华"] == ["wangsaihua", "wsh"]
    older = SloganBook([{"text": "万人助万企", "count": 2, "districts": [], "years": {}}], [])   # no stored keys
    assert older.suggest("wrzwq")[0]["text"] == "万人助万企"


@pytest.mark.parametrize("content, kept", [
    (None, {}),                                                     # a new build: no book yet
    ("{not json", {}),
    ("[1, 2]", {}),
    ('{"pinyin": ["jinshuiqu"]}', {}),
    ('{"pinyin": {"金水区": ["jinshuiqu", "jsq"], "万人助万企": "wrzwq", "开门红": [1, 2]}}',
     {"金水区": ["jinshuiqu", "jsq"]}),
])
def test_only_well_formed_stored_keys_are_taken_over(tmp_path, content, kept):
    from search import slogans

    if content is not None:
        (tmp_path / slogans.FILE).write_text(content, encoding="utf-8")
    assert slogans._stored_pinyin(tmp_path) == kept
