"""Page metadata (search/metadata.py): paper, issue date, page and page name from a file's name or its sidecar
NAME.json, as corpus.read_file hands them to the splitter; and the .jsonl reader's optional article fields."""
import json

import pytest

from search import corpus, metadata
from search.errors import CorpusError
from search.metadata import PageMeta, for_page, from_name

PAGE = "会议召开\n\n本报讯 2月13日,经开区召开招商大会,部署全年工作。\n\n记者 张三\n"


# ---- file names ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("zzrb_2023-02-14_03.txt", PageMeta("郑州日报", "2023-02-14", "03")),          # code, date, page
    ("2023-02-14_03_anything.txt", PageMeta(None, "2023-02-14", "03")),          # date, page, free text
    ("20230214-A05.txt", PageMeta(None, "2023-02-14", "A05")),                   # compact date, lettered page
    ("zzwb_2014-07-15_AA03.txt", PageMeta("郑州晚报", "2014-07-15", "AA03")),
    ("HNRB_2006-06-27_xx.txt", PageMeta("河南日报", "2006-06-27", None)),          # xx: the page is not known
    ("zzwb_2017-05-27_xx.txt", PageMeta("郑州晚报", "2017-05-27", None)),
    ("rmrb_2025-01-08.txt", PageMeta("人民日报", "2025-01-08", None)),              # no page at all
    ("abcd_2023-02-14_03.txt", PageMeta("abcd", "2023-02-14", "03")),            # an unknown code is kept
])
def test_the_three_name_forms(name, expected):
    assert from_name(name) == expected
    assert from_name(name).year == int(expected.date[:4])


@pytest.mark.parametrize("name", [
    "zzrb_2023-02-30_03.txt", "zzrb_2023-13-01_03.txt", "2023-00-10_03.txt", "20230231-A05.txt",  # no such day
    "zzrb_1899-05-01_03.txt",                                     # not a year of these papers
    "000_25265fb441160fb6.txt", "zzrb_03.txt", "notes.txt", "zzrb.txt", "",  # no date: a code alone says nothing
])
def test_names_without_a_valid_date_say_nothing(name):
    assert from_name(name) == PageMeta()
    assert from_name(name).year is None


def test_the_seed_pages_names():
    assert from_name("zzrb_2011-12-07_14.txt") == PageMeta("郑州日报", "2011-12-07", "14")
    assert from_name("004_e2ee4c39575207b8.txt") == PageMeta()
    assert metadata.ZHENGZHOU_PAPERS <= set(metadata.PAPERS.values())


# ---- sidecars --------------------------------------------------------------------------------------------

def write(tmp_path, name, sidecar=None, text=PAGE):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    if sidecar is not None:
        content = sidecar if isinstance(sidecar, str) else json.dumps(sidecar, ensure_ascii=False)
        page.with_suffix(".json").write_text(content, encoding="utf-8")
    return page


def test_without_a_sidecar_the_name_speaks(tmp_path):
    assert for_page(write(tmp_path, "zzrb_2023-02-14_03.txt")) == PageMeta("郑州日报", "2023-02-14", "03")
    assert for_page(write(tmp_path, "page.txt")) == PageMeta()


def test_a_sidecar_overrides_the_name_field_by_field(tmp_path):
    page = write(tmp_path, "zzrb_2023-02-14_03.txt", {"paper": "大河报", "page": 5, "page_name": " 要闻 "})
    assert for_page(page) == PageMeta("大河报", "2023-02-14", "5", "要闻")      # the date still from the name
    page = write(tmp_path, "zzwb_2018-05-25_xx.txt", {"date": "2018-05-26", "page": "A07", "paper": None})
    assert for_page(page) == PageMeta("郑州晚报", "2018-05-26", "A07")           # null keeps the name's paper


def test_a_sidecar_dates_a_page_whose_name_says_nothing(tmp_path):
    page = write(tmp_path, "page.txt", {"paper": "郑州日报", "date": "2023-02-14", "page": "A05",
                                        "page_name": "郑州新闻", "editor": "ignored"})
    assert for_page(page) == PageMeta("郑州日报", "2023-02-14", "A05", "郑州新闻")


def test_a_sidecar_may_carry_a_bom(tmp_path):
    page = write(tmp_path, "page.txt")
    page.with_suffix(".json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"date": "2023-02-14"}).encode())
    assert for_page(page).date == "2023-02-14"


@pytest.mark.parametrize("sidecar, message", [
    ("{broken", "not a readable JSON object"),
    ("", "not a readable JSON object"),
    ("[1, 2]", "not a JSON object"),
    ('"zzrb"', "not a JSON object"),
    ({"paper": ["郑州日报"]}, "must be strings"),
    ({"page": {"n": 3}}, "must be strings"),
    ({"date": "2023-02-30"}, "'date' must be YYYY-MM-DD"),
    ({"date": "14/02/2023"}, "'date' must be YYYY-MM-DD"),
    ({"date": 20230214}, "'date' must be YYYY-MM-DD"),
])
def test_a_malformed_sidecar_raises_naming_it(tmp_path, sidecar, message):
    page = write(tmp_path, "zzrb_2023-02-14_03.txt", sidecar)
    with pytest.raises(CorpusError, match=message) as info:
        for_page(page)
    assert "zzrb_2023-02-14_03.json" in str(info.value)


# ---- what corpus.read_file makes of it ------------------------------------------------------------------

def test_read_file_takes_paper_page_and_date_from_the_sidecar(tmp_path):
    page = write(tmp_path, "page.txt", {"paper": "郑州日报", "date": "2023-02-14", "page": "A05",
                                        "page_name": "郑州新闻"})
    [article] = corpus.read_file(page)
    assert (article.paper, article.page, article.page_name) == ("郑州日报", "A05", "郑州新闻")
    assert article.date == "2023-02-14"                   # the issue date
    assert article.dateline == "2023-02-13"               # 2月13日, in the issue's year
    assert article.districts == ["经开区"]                 # a Zhengzhou paper's 经开区 is Zhengzhou's
    assert article.reporters == [{"name": "张三", "role": "记者"}]


def test_read_file_without_metadata_dates_nothing(tmp_path):
    [article] = corpus.read_file(write(tmp_path, "page.txt"))
    assert (article.date, article.dateline) == (None, "--02-13")
    assert (article.paper, article.page, article.page_name) == (None, None, None)
    assert article.districts == []                        # whose 经开区? nothing says Zhengzhou


def test_a_sidecar_on_a_dated_name_wins_in_read_file(tmp_path):
    page = write(tmp_path, "zzrb_2023-02-14_03.txt", {"date": "2023-02-15", "page_name": "区县新闻"})
    [article] = corpus.read_file(page)
    assert (article.paper, article.date, article.page, article.page_name) == ("郑州日报", "2023-02-15", "03", "区县新闻")
    assert article.dateline == "2023-02-13"


def test_a_bad_sidecar_is_reported_for_its_page_and_the_rest_still_load(tmp_path):
    write(tmp_path, "a.txt", "{broken")
    write(tmp_path, "b.txt", {"date": "2023-02-14"})
    with pytest.raises(CorpusError, match="a.json"):
        corpus.read_file(tmp_path / "a.txt")
    errors = []
    articles = list(corpus.read_paths([tmp_path], on_error=lambda path, message: errors.append((path, message))))
    assert [a.source["file"] for a in articles] == ["b.txt"] and articles[0].date == "2023-02-14"
    assert [p.name for p, _ in errors] == ["a.txt"] and "a.json" in errors[0][1]


# ---- .jsonl articles: the optional fields ----------------------------------------------------------------

FULL = {
    "title": "强化科技创新驱动 打造全省创新创业新高地", "body": "本报讯 2月18日,经开区召开会议。",
    "kicker": "经开区传达学习落实会议精神", "subtitle": "——聚焦招商引资", "column": " 稳经济  促发展 ",
    "dateline": "--02-18", "paper": "郑州日报", "page": "A05", "page_name": "郑州新闻",
    "captions": ["会议现场  记者 张三 摄", "第二张图"],
}


def read_jsonl(tmp_path, *records):
    path = tmp_path / "extra.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    errors = []
    articles = list(corpus.read_paths([path], on_error=lambda where, message: errors.append((str(where), message))))
    return articles, errors


def test_jsonl_optional_fields_are_read_and_cleaned(tmp_path):
    [article], errors = read_jsonl(tmp_path, FULL)
    assert not errors
    assert (article.kicker, article.subtitle, article.column) == ("经开区传达学习落实会议精神", "——聚焦招商引资",
                                                                  "稳经济 促发展")
    assert (article.dateline, article.paper, article.page, article.page_name) == ("--02-18", "郑州日报", "A05",
                                                                                  "郑州新闻")
    assert article.captions == ["会议现场 记者 张三 摄", "第二张图"]
    assert article.districts == ["经开区"]                  # 郑州日报: the generic name is Zhengzhou's
    assert article.date is None


def test_jsonl_optional_fields_default_to_none_and_empty(tmp_path):
    [article], _ = read_jsonl(tmp_path, {"title": "标题", "body": "本报讯 经开区召开会议。"})
    assert [getattr(article, k) for k in ("kicker", "subtitle", "column", "dateline", "paper", "page",
                                          "page_name")] == [None] * 7
    assert article.captions == [] and article.districts == []       # no paper, no Zhengzhou context
    [blank], _ = read_jsonl(tmp_path, {**FULL, "kicker": "", "captions": None, "dateline": None})
    assert (blank.kicker, blank.captions, blank.dateline) == (None, [], None)


@pytest.mark.parametrize("dateline", ["2024-02-18", "--02-18", "--02-29", None])
def test_jsonl_datelines_with_or_without_a_year(tmp_path, dateline):
    [article], errors = read_jsonl(tmp_path, {**FULL, "dateline": dateline})
    assert not errors and article.dateline == dateline


@pytest.mark.parametrize("field, value, message", [
    ("kicker", 3, "must be strings or null"), ("subtitle", ["副题"], "must be strings or null"),
    ("column", {"name": "x"}, "must be strings or null"), ("paper", True, "must be strings or null"),
    ("page", 5, "must be strings or null"), ("page_name", 1.5, "must be strings or null"),
    ("dateline", "02-18", "'dateline' must be"), ("dateline", "2024-02-30", "'dateline' must be"),
    ("dateline", "--13-45", "'dateline' must be"), ("dateline", "--02-30", "'dateline' must be"),
    ("dateline", 20240218, "'dateline' must be"),
    ("captions", "一条说明", "'captions' must list strings"), ("captions", ["说明", 2], "'captions' must list strings"),
])
def test_jsonl_bad_optional_fields_are_reported_by_line(tmp_path, field, value, message):
    articles, errors = read_jsonl(tmp_path, {**FULL, field: value}, FULL)
    assert len(articles) == 1 and articles[0].source["order"] == 2            # the good line still loads
    [(where, reason)] = errors
    assert where.endswith("extra.jsonl:1") and message in reason
    with pytest.raises(CorpusError, match=r"extra.jsonl:1"):
        corpus.read_file(tmp_path / "extra.jsonl")
