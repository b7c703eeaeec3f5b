"""Corpus stage on the real seed pages: titles, mended breaks, bylines, photos, dates, districts, and input
robustness (encodings, empty/binary files, .jsonl, the `articles` command)."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search import corpus, metadata
from search.checkpages import body_ends
from search.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ORIGINAL = sorted(p for p in SEEDS.glob("*.txt") if p.name[:3].isdigit())     # 000 … 004: no paper, no date
REAL = sorted(p for p in SEEDS.glob("*.txt") if not p.name[:3].isdigit())     # zzrb_2011-12-07_14.txt …
HEADLINE = ("kicker", "title", "subtitle", "column")


@pytest.fixture(scope="module")
def pages():
    """Articles of the five original seed pages, keyed by the page number ("000" … "004")."""
    return {path.name[:3]: corpus.read_file(path) for path in ORIGINAL}


@pytest.fixture(scope="module")
def real():
    """Articles of the real dated pages, keyed by file stem ("zzrb_2011-12-07_14" …)."""
    return {path.stem: corpus.read_file(path) for path in REAL}


def gold(key: str) -> list[dict]:
    """The hand-made annotation of a seed page ("000" or a stem): what the splitter should give."""
    [path] = SEEDS.glob(f"{key}*.gold.json")
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def squeeze(text) -> str:
    """Text without whitespace: a headline printed on two lines may be joined with or without a space."""
    return re.sub(r"\s+", "", text or "")


def by_title(articles, start):
    [article] = [a for a in articles if a.title.startswith(start)]
    return article


# ---- titles and bodies -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [p.name[:3] for p in ORIGINAL])
def test_original_pages_give_the_annotated_items_and_headline_blocks(pages, key):
    """Item count, kind, kicker / title / subtitle / column and where each body starts and ends, as annotated."""
    articles, golds = pages[key], gold(key)
    assert [a.kind for a in articles] == [g["kind"] for g in golds]
    for article, want in zip(articles, golds):
        for name in HEADLINE:
            if name == "title" and want["title"] is None:      # no printed headline: a title taken from the text
                assert article.title and squeeze(article.title) in squeeze(article.body)
            else:
                assert squeeze(getattr(article, name)) == squeeze(want[name]), (article.title, name)
        assert body_ends(article.body) == (want["body_start"], want["body_end"]), article.title
        assert [r["name"] for r in article.reporters] == want["reporters"], article.title


def test_page_000_kicker_is_not_part_of_the_title(pages):
    first = pages["000"][0]
    assert first.kicker == "经开区传达学习落实市委十二届二次全会暨市委经济工作会议精神"
    assert first.title == "强化科技创新驱动 打造全省创新创业新高地"
    assert [a.kicker is None for a in pages["000"]] == [g["kicker"] is None for g in gold("000")]
    assert all(not a.title.startswith(a.kicker or "\0") for a in pages["000"])


def test_page_002_titles(pages):
    assert [(a.kicker, a.title, a.kind) for a in pages["002"]] == [
        (g["kicker"], g["title"], g["kind"]) for g in gold("002")]
    # The 文/图 picture's caption stays with the article it illustrates: no photo item of its own.
    lead = pages["002"][0]
    page_lines = {line.strip() for line in (SEEDS / "002_0cfe2c7bfced444a.txt").read_text(encoding="utf-8").splitlines()}
    assert lead.captions and all(caption in page_lines for caption in lead.captions)
    assert not any(caption in a.body or caption == a.title for a in pages["002"] for caption in lead.captions)


def test_page_004_titles(pages):
    assert [(a.title, a.kind) for a in pages["004"]] == [
        ("金水区吹响奋进「冲锋号」 当好高质量发展「火车头」", "article"),      # banner 稳经济 促发展 强信心: column
        ("二七区破题开局换挡转型 「双轮驱动」做好「两篇文章」", "article"),     # printed after its body
        ("现代汽车集团来登封 洽谈氢能源产业项目", "article"),
        ("管城区文化旅游体育局组织东关小学学生在国脉非遗传习馆开展非遗研学活动", "photo"),
        ("助企业解困 为发展赋能", "article"),
        ("政府牵线银企“联姻” 为实体经济送“春雨”", "article"),
        ("党建引领提质效 产业赋能促发展", "article"),
        ("民警担任法治校长 助力创建平安校园", "article"),
        ("精准养护 守护安全", "article"),
        ("中原区消防救援大队联合柏柳街道办事处消防服务中心,走进育才小学开展“开学第一课”活动", "photo"),
        ("新密市全力冲刺工业经济“开门红”", "article"),
    ]
    assert pages["004"][0].column == gold("004")[0]["column"] == "稳经济 促发展 强信心"


def test_layout_breaks_are_mended(pages):
    first = pages["000"][0].body
    assert "把智慧和力量凝聚到大会确定的目标任务上来" in first
    assert "增强推动各项工作的能力和本领" in first
    assert "要全面贯彻落实“十大战略”。各级各部门" in first         # "十" / three blank lines / "大战略"
    assert "制定政策、推进落实的质量" in first
    assert "等地考察。座谈会上" in pages["000"][3].body
    talent = by_title(pages["002"], "人才强区").body
    assert "实现办会招才、活动寻才、产业聚才、合作引才。" in talent   # the continuation starts a line
    assert "力争到2022年核心板块初具雏形,枢纽服务能级显著提升" in by_title(pages["002"], "2022年").body
    assert "公司计划投资2亿元建设" in by_title(pages["004"], "新密市").body


def test_real_paragraphs_stay_apart(pages):
    first = pages["000"][0]
    assert first.body.split("\n")[-1] == "经开区党工委、管委会领导班子成员,区直各部门、各办事处主要负责同志参加会议。"
    assert len(first.body.split("\n")) == 7
    for articles in pages.values():
        for article in articles:
            assert "\n\n" not in article.body and article.body == article.body.strip()
            for paragraph in article.body.split("\n"):
                assert paragraph == paragraph.strip() and "  " not in paragraph


def test_headline_after_its_body(pages):
    erqi = pages["004"][1]
    assert erqi.title == "二七区破题开局换挡转型 「双轮驱动」做好「两篇文章」"
    assert erqi.body.startswith("本报讯 记者从2月14日召开的二七区产业发展大会上获悉")
    assert erqi.body.endswith("强化“改革发展、人人有责”的责任意识。")
    assert erqi.reporters == [{"name": "刘伟平", "role": "记者"}, {"name": "张一弛", "role": "通讯员"}]
    assert pages["004"][2].body.startswith("本报讯 2月13日,现代汽车集团(中国)总裁李赫俊")


# ---- bylines and photos ----------------------------------------------------------------------------------

def test_end_bylines(pages):
    assert pages["000"][0].reporters == [{"name": "王赛华", "role": "记者"}]
    assert pages["002"][0].reporters == [{"name": "王军方", "role": "记者"}, {"name": "杨宇", "role": "通讯员"}]
    assert by_title(pages["002"], "航空港区启动").reporters == [
        {"name": "王军方", "role": "记者"}, {"name": "曾碧娟", "role": None}, {"name": "邵光辉", "role": "通讯员"}]
    for articles in pages.values():
        for article in articles:
            assert not re.search(r"记者 [\u4e00-\u9fff]{2,3}|文/图|通讯员 ", article.body), article.id


def test_lead_bylines_leave_natural_text(pages):
    jinshui = pages["004"][0]
    assert jinshui.reporters == [{"name": "党贺喜", "role": "记者"}]
    assert jinshui.body.startswith("本报讯 记者从2月12日召开的金水区高质量发展大会上获悉")
    zhongyuan = by_title(pages["004"], "助企业解困")
    assert zhongyuan.reporters == [{"name": "王世瑾", "role": "记者"}, {"name": "王欣", "role": "通讯员"}]
    assert zhongyuan.body.startswith("本报讯 记者昨日获悉")
    dengfeng = pages["004"][2]
    assert [p["name"] for p in dengfeng.reporters] == ["李晓光", "宋跃伟", "何源"]
    zhongmou = by_title(pages["004"], "党建引领")
    assert zhongmou.body.startswith("本报讯 春节过后,中牟县狼城岗镇")


def test_multi_name_and_appended_bylines(pages):
    intro = pages["001"][0]
    assert [p["name"] for p in intro.reporters] == [
        "张昕", "王莹", "王际宾", "毛小玺", "赵文静", "董艳竹", "张玉东", "肖雅文", "赵柳影", "曹婷"]
    assert {p["role"] for p in intro.reporters} == {"记者"}
    roundup = pages["003"][0]
    assert [p["name"] for p in roundup.reporters] == [
        "曹岩峰", "王翠", "孙志刚", "王军方", "刘地", "刘伟平", "王译博", "王思俊"]
    assert roundup.body.split("\n")[0].endswith("推动中国式现代化建设郑州实践再上新台阶。")


def test_photo_captions_are_their_own_items(pages):
    guancheng = pages["004"][3]
    assert guancheng.kind == "photo"
    assert guancheng.reporters == [{"name": "王恩俊", "role": "记者"}]
    assert guancheng.body.startswith("近日,管城区文化旅游体育局") and "王恩俊" not in guancheng.body
    assert guancheng.districts == ["管城回族区"]
    assert pages["004"][2].body.endswith("为登封经济高质量发展蓄势储能。")    # caption left the article above
    photo = pages["003"][1]
    assert (photo.kind, photo.title, photo.body) == ("photo", "科创沃土集聚了众多企业、科研院所", "科创沃土集聚了众多企业、科研院所")
    assert photo.reporters == [{"name": "马健", "role": "记者"}]


# ---- roundups --------------------------------------------------------------------------------------------

def test_speaker_roundup(pages):
    intro, *speakers = pages["001"]
    assert (intro.kicker, intro.title) == (gold("001")[0]["kicker"], gold("001")[0]["title"])
    assert intro.kicker == "为建设现代化国家中心城市贡献力量"
    assert [a.title for a in speakers] == [
        "走好“枢纽+开放”路子 更好发挥引领带动作用", "加快推进以人才 为核心集聚创新要素",
        "努力构建全国 先进制造业基地核心区", "强化高新领创闯 推进西美高质量"]
    assert [a.body.split("\n")[0] for a in speakers] == [
        "航空港实验区党工委书记 张俊峰", "郑东新区党工委书记、管委会主任 牛瑞华", "经开区党工委书记 樊福太",
        "高新区党工委书记 王新亭"]
    assert [a.districts for a in speakers] == [["航空港区"], ["郑东新区"], ["经开区"], ["高新区"]]
    assert all(a.reporters == intro.reporters for a in speakers)
    assert [a.date for a in pages["001"]] == [g["date"] for g in gold("001")] == [None] * 5    # no year printed
    assert "坚持以招商引资和项目建设为生命线,加快构建现代产业体系" in speakers[0].body


def test_quote_roundup_is_one_article(pages):
    roundup = pages["003"][0]
    assert len(pages["003"]) == 2
    assert (roundup.kicker, roundup.title) == (gold("003")[0]["kicker"], gold("003")[0]["title"])
    assert roundup.kicker == "市委十二届七次全会暨市委经济工作会议精神在全市引发热烈反响"
    assert roundup.body.startswith("市委十二届七次全会暨市委经济工作会议召开后")   # the introduction above the headline
    assert roundup.body.endswith("奋力完成全年目标任务。")
    assert len(roundup.body.split("\n")) == 9
    assert set(roundup.districts) == {"金水区", "管城回族区", "高新区", "中原区", "二七区", "经开区", "惠济区"}
    assert roundup.date is None


# ---- dates -----------------------------------------------------------------------------------------------

def test_pages_without_metadata_have_no_dates_only_datelines(pages):
    """The original seeds' names carry no issue date and no lead states a year: no date is guessed."""
    for key, articles in pages.items():
        assert [a.date for a in articles] == [g["date"] for g in gold(key)] == [None] * len(articles), key
        assert {(a.paper, a.page, a.page_name) for a in articles} == {(None, None, None)}
    # The day a dateline or lead states, without a year: 近日, 昨日, 春节过后 and 日前 give none.
    for key in ("000", "002", "003", "004"):
        assert [a.dateline for a in pages[key]] == [g["dateline"] for g in gold(key)], key
    assert [a.dateline for a in pages["000"]] == ["--02-18", None, "--02-17", None]
    assert by_title(pages["004"], "中原区消防").dateline == "--02-14"


def test_real_pages_are_dated_from_their_names(real):
    """Every article of a dated page carries the issue date, paper and page its file name gives."""
    assert len(real) >= 20
    for stem, articles in real.items():
        meta = metadata.from_name(stem + ".txt")
        assert meta.date and meta.paper in metadata.PAPERS.values(), stem
        assert {a.date for a in articles} == {g["date"] for g in gold(stem)} == {meta.date}, stem
        assert {(a.paper, a.page) for a in articles} == {(meta.paper, meta.page)}, stem
    assert real["zzwb_2014-07-15_AA03"][0].page == "AA03"
    assert real["hnrb_2006-06-27_xx"][0].page is None                    # "xx": page not known
    assert real["hnrb_2006-06-27_xx"][0].paper == "河南日报"


def test_a_dateline_takes_the_issue_year(real):
    """本报讯 8月8日 on the 2022-08-10 page is 2022-08-08; the article's date stays the issue date."""
    for stem in ("zzrb_2022-08-10_07", "zzrb_2017-08-29_07", "zzwb_2025-03-18_A16", "hnrb_2006-06-27_xx"):
        [article], [want] = real[stem], gold(stem)
        assert article.dateline == want["dateline"] and article.dateline.startswith(stem.split("_")[1][:4]), stem
        assert article.date == want["date"] != article.dateline


def test_no_year_on_the_page_means_no_date():
    [article] = corpus.parse_page("会议召开\n\n本报讯 2月18日,某区召开会议。\n记者 张三\n", "x.txt")
    assert article.date is None
    assert article.reporters == [{"name": "张三", "role": "记者"}]


def test_years_named_in_the_text_do_not_date_an_article():
    """No page-year vote: 2024年工作 in the lead says nothing about the year of 3月2日."""
    text = "会议召开\n\n本报讯 3月2日,会议部署2024年工作。\n\n会议总结了2023年工作,到2035年基本实现目标。\n"
    [article] = corpus.parse_page(text, "x.txt")
    assert (article.date, article.dateline) == (None, "--03-02")


def test_a_lead_stating_its_year_dates_the_article():
    [article] = corpus.parse_page("会议召开\n\n本报讯 2024年3月2日,会议召开。\n", "x.txt")
    assert (article.date, article.dateline) == ("2024-03-02", "2024-03-02")
    [vague] = corpus.parse_page("会议召开\n\n本报讯 近日,会议在2024年召开。\n", "x.txt")
    assert (vague.date, vague.dateline) == (None, None)


def test_page_metadata_completes_the_dateline_and_dates_the_article():
    text = "会议召开\n\n本报讯 3月2日,会议部署2024年工作。\n"
    meta = metadata.PageMeta("郑州日报", "2024-03-03", "02", "要闻")
    [article] = corpus.parse_page(text, "x.txt", meta)
    assert (article.date, article.dateline) == ("2024-03-03", "2024-03-02")
    assert (article.paper, article.page, article.page_name) == ("郑州日报", "02", "要闻")


# ---- districts -------------------------------------------------------------------------------------------

def test_districts(pages):
    for key, articles in pages.items():
        assert [sorted(a.districts) for a in articles] == [sorted(g["districts"]) for g in gold(key)], key
    assert [a.districts for a in pages["000"]] == [["经开区"]] * 4       # 航空港实验区管委会副主任 in passing
    assert [a.districts for a in pages["002"] if a.dateline] == [["航空港区"]] * 3
    assert by_title(pages["002"], "航空港区启动").districts == ["航空港区"]   # 龙港、八岗…办事处
    expected = {
        "金水区吹响": ["金水区"], "二七区破题": ["二七区"], "现代汽车集团来登封": ["登封市"], "助企业解困": ["中原区"],
        "政府牵线": ["惠济区"], "党建引领": ["中牟县"], "民警担任": ["登封市"], "精准养护": ["郑东新区"],
        "中原区消防": ["中原区"], "新密市": ["新密市"],
    }
    for start, districts in expected.items():
        assert by_title(pages["004"], start).districts == districts, start
    assert pages["001"][0].districts == []


# ---- ids and sources -------------------------------------------------------------------------------------

def test_ids_and_sources_are_stable(pages, real):
    again = corpus.read_file(SEEDS / "004_e2ee4c39575207b8.txt")
    assert [a.to_dict() for a in again] == [a.to_dict() for a in pages["004"]]
    assert re.fullmatch(r"004_e2ee4c39575207b8-[0-9a-f]{8}", pages["004"][1].id)
    assert pages["004"][1].source == {"file": "004_e2ee4c39575207b8.txt", "order": 2}
    ids = [a.id for group in (pages, real) for articles in group.values() for a in articles]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_.-]+-[0-9a-f]{8,}(-\d+)?", i) for i in ids)


def test_ids_do_not_depend_on_position(pages):
    """An article printed above the others shifts their order, not their ids."""
    extra = "新增一篇报道的标题\n\n本报讯 近日,某单位举行活动,现场气氛热烈。\n\n记者 张三\n\n"
    before = corpus.parse_page(PAGE, "004_e2ee4c39575207b8.txt")
    after = corpus.parse_page(extra + PAGE, "004_e2ee4c39575207b8.txt")
    assert len(after) == len(before) + 1
    assert [a.id for a in after[1:]] == [a.id for a in before] == [a.id for a in pages["004"]]
    assert [a.source["order"] for a in after[1:]] == [a.source["order"] + 1 for a in before]
    assert after[0].id not in {a.id for a in before}


def test_unsafe_file_names_still_give_url_safe_ids():
    [article] = corpus.parse_page("标题\n\n本报讯 正文。\n", "郑州 日报.txt")
    assert re.fullmatch(r"[A-Za-z0-9_-]+-[0-9a-f]{8}", article.id)
    assert article.id == corpus.parse_page("标题\n\n本报讯 正文。\n", "郑州 日报.txt")[0].id
    assert article.id != corpus.parse_page("标题\n\n本报讯 正文。\n", "郑州 晚报.txt")[0].id


# ---- files, encodings, folders ---------------------------------------------------------------------------

PAGE = (SEEDS / "004_e2ee4c39575207b8.txt").read_text(encoding="utf-8")


def test_gb18030_file(tmp_path, pages):
    path = tmp_path / "004_e2ee4c39575207b8.txt"
    path.write_bytes(PAGE.encode("gb18030"))
    assert [a.to_dict() for a in corpus.read_file(path)] == [a.to_dict() for a in pages["004"]]


def test_utf8_bom_file(tmp_path, pages):
    path = tmp_path / "004_e2ee4c39575207b8.txt"
    path.write_bytes(b"\xef\xbb\xbf" + PAGE.replace("\n", "\r\n").encode("utf-8"))
    assert [a.to_dict() for a in corpus.read_file(path)] == [a.to_dict() for a in pages["004"]]


def test_decode():
    assert corpus.decode("标题".encode("gbk"), "x.txt") == "标题"
    with pytest.raises(CorpusError, match="x.bin"):
        corpus.decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "x.bin")
    with pytest.raises(CorpusError, match="not UTF-8 or GB18030"):
        corpus.decode(b"\xff\xfe\xfd", "x.txt")


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"), (b"  \n\n \r\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8\xff", "binary"),
    (b"\xff\xfe\xfa\xfb" * 8, "cannot decode"),
])
def test_bad_files_raise_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError, match=message) as info:
        corpus.read_file(path)
    assert "bad.txt" in str(info.value)


def test_read_paths_reports_and_goes_on(tmp_path, pages):
    shutil.copy(SEEDS / "000_25265fb441160fb6.txt", tmp_path / "b.txt")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02\xff")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    errors = []
    articles = list(corpus.read_paths([tmp_path, tmp_path / "missing.txt"],
                                      on_error=lambda path, message: errors.append((Path(path).name, message))))
    # The same page under another name: the same articles, ids with the new file's key and the same hashes.
    assert [a.id for a in articles] == [f"b-{a.id.rsplit('-', 1)[1]}" for a in pages["000"]]
    assert [name for name, _ in errors] == ["a_empty.txt", "c_binary.txt", "missing.txt"]
    assert errors[0][1] == "empty file"
    with pytest.raises(CorpusError, match="a_empty.txt"):
        list(corpus.read_paths([tmp_path]))


def test_folders_read_in_name_order(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    assert [a.source["file"] for a in corpus.read_paths([tmp_path])] == ["a.txt", "b.txt"]


def test_jsonl_articles(tmp_path):
    lines = [
        {"id": "given-1", "title": "管城区开展非遗研学", "body": "近日,北下街街道组织活动。\n\n学生体验年画。",
         "date": "2023-02-10", "reporters": ["王恩俊"], "kind": "photo"},
        {"title": "登封洽谈氢能源项目", "body": "本报讯 现代汽车集团到登封考察。",
         "reporters": [{"name": "李晓光", "role": "记者"}], "districts": ["登封"]},
        "not an object",
        {"title": "缺正文"},
        {"title": "日期不对", "body": "正文。", "date": "2023-13-01"},
    ]
    path = tmp_path / "extra.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{broken json\n",
                    encoding="utf-8")
    errors = []
    first, second = corpus.read_paths([path], on_error=lambda where, message: errors.append(str(where)))
    assert first.to_dict() == {
        "id": "given-1", "title": "管城区开展非遗研学", "body": "近日,北下街街道组织活动。\n学生体验年画。",
        "kind": "photo", "reporters": [{"name": "王恩俊", "role": None}], "date": "2023-02-10",
        "districts": ["管城回族区"], "source": {"file": "extra.jsonl", "order": 1},
        "kicker": None, "subtitle": None, "column": None, "dateline": None, "paper": None, "page": None,
        "page_name": None, "captions": []}
    assert (second.id, second.districts, second.date) == ("extra-02", ["登封市"], None)
    assert second.reporters == [{"name": "李晓光", "role": "记者"}]
    assert errors == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    with pytest.raises(CorpusError, match=r"extra.jsonl:3"):
        corpus.read_file(path)


# ---- the `articles` command ------------------------------------------------------------------------------

def run_articles(*paths):
    return subprocess.run([sys.executable, "-m", "search", "articles", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.slow
def test_cli_prints_one_json_object_per_article():
    result = run_articles("seeds/")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [a.to_dict() for a in corpus.read_paths([SEEDS])]
    assert {row["source"]["file"] for row in rows} == {p.name for p in SEEDS.glob("*.txt")}
    keys = {"id", "title", "body", "kind", "reporters", "date", "districts", "source", "kicker", "subtitle",
            "column", "dateline", "paper", "page", "page_name", "captions"}
    assert all(keys == set(row) for row in rows)
    assert rows[0]["source"] == {"file": "000_25265fb441160fb6.txt", "order": 1}
    assert result.stdout == run_articles("seeds/").stdout


@pytest.mark.slow
def test_cli_reports_a_bad_file_and_prints_the_rest(tmp_path):
    shutil.copy(SEEDS / "002_0cfe2c7bfced444a.txt", tmp_path)
    (tmp_path / "001_broken.txt").write_bytes(b"\x00\xff\x00\xfe")
    result = run_articles(tmp_path)
    assert result.returncode == 1
    assert "001_broken.txt" in result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        a.to_dict() for a in corpus.read_file(tmp_path / "002_0cfe2c7bfced444a.txt")]
    assert len(result.stdout.splitlines()) == len(gold("002"))


def test_subheads_short_captions_and_captions_under_headlines():
    text = ("标题一\n\n本报讯 3月1日,某区召开会议,部署2024年工作。\n\n一、抓项目\n\n会议要求抓好项目。\n记者 张三\n\n"
            "科创沃土集聚了众多企业\n本报记者 李四 摄\n\n孤立标题\n\n图片说明文字,很长很长。\n记者 王五 图\n")
    article, short, captioned = corpus.parse_page(text, "t.txt")
    assert article.body == "本报讯 3月1日,某区召开会议,部署2024年工作。\n一、抓项目\n会议要求抓好项目。"
    assert (short.kind, short.title, short.reporters) == ("photo", "科创沃土集聚了众多企业", [{"name": "李四", "role": "记者"}])
    assert (captioned.kind, captioned.title, captioned.body) == ("photo", "孤立标题", "图片说明文字,很长很长。")
