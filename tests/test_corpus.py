"""Corpus stage on the real seed pages: titles, mended breaks, bylines, photos, dates, districts, and input
robustness (encodings, empty/binary files, .jsonl, the `articles` command)."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search import corpus
from search.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def pages():
    """Articles of every seed page, keyed by the page number ("000" … "004")."""
    return {path.name[:3]: corpus.read_file(path) for path in sorted(SEEDS.glob("*.txt"))}


def by_title(articles, start):
    [article] = [a for a in articles if a.title.startswith(start)]
    return article


# ---- titles and bodies -----------------------------------------------------------------------------------

def test_page_000_titles(pages):
    assert [a.title for a in pages["000"]] == [
        "经开区传达学习落实市委十二届二次全会暨市委经济工作会议精神 强化科技创新驱动 打造全省创新创业新高地",
        "铆足干劲、充满韧性 确保一季度招商引资实现开门红、开门稳",
        "“筑巢引凤”添活力 经开区持续打造科技人才新高地",
        "中国物流集团 到经开综保区考察交流",
    ]


def test_page_002_titles(pages):
    assert [(a.title, a.kind) for a in pages["002"]] == [
        ("把招商引资定为“一号工程” 航空港区今年预计签约超825亿元", "article"),
        ("郑州航空港经济综合实验区 2020年度开放招商暨项目建设工作会议", "photo"),   # caption of the 文/图 picture
        ("招商引资重点项目有这些", "article"),
        ("航空港区启动第二轮巡察 严查与群众利益 最紧密问题", "article"),
        ("人才强区！航空港区“三顾茅庐”引进人才", "article"),
        ("党群工作部 聚焦“三点”发力", "article"),
        ("2022年,航空港区建成区将增至120平方公里", "article"),
    ]


def test_page_004_titles(pages):
    assert [(a.title, a.kind) for a in pages["004"]] == [
        ("金水区吹响奋进「冲锋号」 当好高质量发展「火车头」", "article"),      # banner 稳经济 促发展 强信心 dropped
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
    assert intro.title == "为建设现代化国家中心城市贡献力量 各开发区、县(市)区主要负责同志踊跃发言(一)"
    assert [a.title for a in speakers] == [
        "走好“枢纽+开放”路子 更好发挥引领带动作用", "加快推进以人才 为核心集聚创新要素",
        "努力构建全国 先进制造业基地核心区", "强化高新领创闯 推进西美高质量"]
    assert [a.body.split("\n")[0] for a in speakers] == [
        "航空港实验区党工委书记 张俊峰", "郑东新区党工委书记、管委会主任 牛瑞华", "经开区党工委书记 樊福太",
        "高新区党工委书记 王新亭"]
    assert [a.districts for a in speakers] == [["航空港区"], ["郑东新区"], ["经开区"], ["高新区"]]
    assert all(a.reporters == intro.reporters and a.date == "2021-01-05" for a in speakers)
    assert "坚持以招商引资和项目建设为生命线,加快构建现代产业体系" in speakers[0].body


def test_quote_roundup_is_one_article(pages):
    roundup = pages["003"][0]
    assert len(pages["003"]) == 2
    assert roundup.title == ("市委十二届七次全会暨市委经济工作会议精神在全市引发热烈反响 在推动高质量发展进程中 "
                             "展现新担当新作为")
    assert roundup.body.startswith("市委十二届七次全会暨市委经济工作会议召开后")   # the introduction above the headline
    assert roundup.body.endswith("奋力完成全年目标任务。")
    assert len(roundup.body.split("\n")) == 9
    assert set(roundup.districts) == {"金水区", "管城回族区", "高新区", "中原区", "二七区", "经开区", "惠济区"}
    assert roundup.date is None


# ---- dates -----------------------------------------------------------------------------------------------

def test_dates(pages):
    assert [a.date for a in pages["000"]] == ["2022-02-18", None, "2022-02-17", None]     # 近日 gives no day
    assert [a.date for a in pages["002"]] == ["2020-05-08", None, None, "2020-04-30", None, "2020-04-29", None]
    assert [a.date for a in pages["004"][:3]] == ["2023-02-12", "2023-02-14", "2023-02-13"]
    assert by_title(pages["004"], "中原区消防").date == "2023-02-14"
    assert {a.date for a in pages["004"][4:9]} == {None}        # 昨日, 近日, 春节过后, 日前
    assert pages["001"][0].date == "2021-01-05"                  # "2020年是极不平凡的一年" → the year after


def test_no_year_on_the_page_means_no_date():
    [article] = corpus.parse_page("会议召开\n\n本报讯 2月18日,某区召开会议。\n记者 张三\n", "x.txt")
    assert article.date is None
    assert article.reporters == [{"name": "张三", "role": "记者"}]


def test_a_year_from_the_page_completes_the_dateline():
    text = "会议召开\n\n本报讯 3月2日,会议部署2024年工作。\n\n会议总结了2023年工作,到2035年基本实现目标。\n"
    assert corpus.parse_page(text, "x.txt")[0].date == "2024-03-02"


# ---- districts -------------------------------------------------------------------------------------------

def test_districts(pages):
    assert [a.districts for a in pages["000"]] == [["经开区"]] * 4       # 航空港实验区管委会副主任 in passing
    assert [a.districts for a in pages["002"] if a.kind == "article" and a.date] == [["航空港区"]] * 3
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

def test_ids_and_sources_are_stable(pages):
    again = corpus.read_file(SEEDS / "004_e2ee4c39575207b8.txt")
    assert [a.to_dict() for a in again] == [a.to_dict() for a in pages["004"]]
    assert pages["004"][1].id == "004_e2ee4c39575207b8-02"
    assert pages["004"][1].source == {"file": "004_e2ee4c39575207b8.txt", "order": 2}
    ids = [a.id for articles in pages.values() for a in articles]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)


def test_unsafe_file_names_still_give_url_safe_ids():
    [article] = corpus.parse_page("标题\n\n本报讯 正文。\n", "郑州 日报.txt")
    assert re.fullmatch(r"[A-Za-z0-9_-]+-01", article.id)
    assert article.id == corpus.parse_page("标题\n\n本报讯 正文。\n", "郑州 日报.txt")[0].id


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


def test_read_paths_reports_and_goes_on(tmp_path):
    shutil.copy(SEEDS / "000_25265fb441160fb6.txt", tmp_path / "b.txt")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01\x02\xff")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    errors = []
    articles = list(corpus.read_paths([tmp_path, tmp_path / "missing.txt"],
                                      on_error=lambda path, message: errors.append((Path(path).name, message))))
    assert [a.id for a in articles] == ["b-01", "b-02", "b-03", "b-04"]
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
        "districts": ["管城回族区"], "source": {"file": "extra.jsonl", "order": 1}}
    assert (second.id, second.districts, second.date) == ("extra-02", ["登封市"], None)
    assert second.reporters == [{"name": "李晓光", "role": "记者"}]
    assert errors == [f"{path}:{n}" for n in (3, 4, 5, 6)]
    with pytest.raises(CorpusError, match=r"extra.jsonl:3"):
        corpus.read_file(path)


# ---- the `articles` command ------------------------------------------------------------------------------

def run_articles(*paths):
    return subprocess.run([sys.executable, "-m", "search", "articles", *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_cli_prints_one_json_object_per_article():
    result = run_articles("seeds/")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 29
    keys = {"id", "title", "body", "kind", "reporters", "date", "districts", "source"}
    assert all(keys <= set(row) for row in rows)
    assert rows[0]["source"] == {"file": "000_25265fb441160fb6.txt", "order": 1}
    assert result.stdout == run_articles("seeds/").stdout


def test_cli_reports_a_bad_file_and_prints_the_rest(tmp_path):
    shutil.copy(SEEDS / "002_0cfe2c7bfced444a.txt", tmp_path)
    (tmp_path / "001_broken.txt").write_bytes(b"\x00\xff\x00\xfe")
    result = run_articles(tmp_path)
    assert result.returncode == 1
    assert "001_broken.txt" in result.stderr
    assert len(result.stdout.splitlines()) == 7


def test_subheads_short_captions_and_captions_under_headlines():
    text = ("标题一\n\n本报讯 3月1日,某区召开会议,部署2024年工作。\n\n一、抓项目\n\n会议要求抓好项目。\n记者 张三\n\n"
            "科创沃土集聚了众多企业\n本报记者 李四 摄\n\n孤立标题\n\n图片说明文字,很长很长。\n记者 王五 图\n")
    article, short, captioned = corpus.parse_page(text, "t.txt")
    assert article.body == "本报讯 3月1日,某区召开会议,部署2024年工作。\n一、抓项目\n会议要求抓好项目。"
    assert (short.kind, short.title, short.reporters) == ("photo", "科创沃土集聚了众多企业", [{"name": "李四", "role": "记者"}])
    assert (captioned.kind, captioned.title, captioned.body) == ("photo", "孤立标题", "图片说明文字,很长很长。")
