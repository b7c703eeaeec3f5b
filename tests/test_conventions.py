"""Conventions of real Chinese papers, each with real lines from the development pages, and the splitter's
score on every annotated page (tests/pages and seeds), which must not fall below the level reached."""
from __future__ import annotations

from pathlib import Path

import pytest

from search import bylines, checkpages, districts, headlines
from search.metadata import PageMeta
from search.pages import explain, parse_page

ROOT = Path(__file__).resolve().parent.parent
PAGES, SEEDS = ROOT / "tests" / "pages", ROOT / "seeds"


def names(found):
    return [p["name"] for p in found[0]] if found else None


# ---- score on the annotated pages ---------------------------------------------------------------------------

@pytest.mark.parametrize("with_meta, least_right, most_extra, most_districts", [
    (True, 136, 0, 1),       # levels reached; the scorer prints the table: python -m search check-pages seeds tests/pages
    (False, 136, 0, 1),      # pages read under bare names: no paper, no date
])
def test_splitter_score_does_not_fall(with_meta, least_right, most_extra, most_districts):
    total = checkpages.total(checkpages.check(PAGES, with_meta) + checkpages.check(SEEDS, with_meta))
    assert total.gold == 139
    assert total.right >= least_right
    assert total.extra <= most_extra
    assert total.dates == 0                 # never a wrong or invented date
    assert total.districts <= most_districts


def test_scorer_notices_a_wrong_article(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text((PAGES / "rmrb_2025-01-08_08.txt").read_text(encoding="utf-8"), encoding="utf-8")
    gold = (PAGES / "rmrb_2025-01-08_08.gold.json").read_text(encoding="utf-8")
    (tmp_path / "p.gold.json").write_text(gold.replace("朱磊", "朱某"), encoding="utf-8")
    before = checkpages.score_file(PAGES / "rmrb_2025-01-08_08.txt", PAGES / "rmrb_2025-01-08_08.gold.json")
    [after] = checkpages.check(tmp_path)
    assert (after.gold, after.right, after.reporters_missed) == (4, before.right - 1, before.reporters_missed + 1)


# ---- bylines -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("本报记者  金正波", ["金正波"]),
    ("本报记者  张天培  苏  滨", ["张天培", "苏滨"]),                          # padded two-character name
    ("环球时报记者  樊  巍  本报记者  姜  波  吴  勇  环球人物记者  田  亮", ["樊巍", "姜波", "吴勇", "田亮"]),
    ("□晚报见习记者 龚一鸣 通讯员 李博", None),                              # the □ is cut off by the splitter
    ("晚报见习记者 龚一鸣 通讯员 李博", ["龚一鸣", "李博"]),
    ("见习记者 小刘涛 文/图", ["小刘涛"]),
    ("郑州晚报记者 董艳竹", ["董艳竹"]),
    ("实习生 张莹", ["张莹"]),
    ("中牟时报 李淑娟", ["李淑娟"]),
    ("本报记者  方  圆摄影报道", ["方圆"]),
    ("潜心砺剑勇担当", None),                                                # a subhead, not a byline
])
def test_byline_lines(line, expected):
    assert names(bylines.parse(line)) == expected


def test_unlabelled_commentary_author_only_when_allowed():
    assert names(bylines.parse("孟繁哲")) is None
    assert names(bylines.parse("张  燕", labelled=False)) == ["张燕"]


@pytest.mark.parametrize("lead, where, people", [
    ("本报北京1月7日电  （记者魏哲哲）日前，记者从最高人民法院获悉", "本报北京1月7日电", ["魏哲哲"]),
    ("本报长春6月10日电  （郑智文、彭浩）", "本报长春6月10日电", ["郑智文", "彭浩"]),
    ("本报讯(记者 刘冬 高凯)近日,记者获悉", "本报讯", ["刘冬", "高凯"]),
    ("本报讯(郑报全媒体记者 张倩)昨日,记者从郑州公交集团了解到", "本报讯", ["张倩"]),
])
def test_datelines_with_bracketed_reporters(lead, where, people):
    match, found = bylines.dateline(lead)
    assert match.group("where") == where and [p["name"] for p in found] == people


@pytest.mark.parametrize("line", ["新华社记者  姜  帆摄", "何华文摄（人民视觉）", "南开大学供图", "洪  琥绘",
                                  "以上图片均为考古杂志社提供（新华社发）", "牛宏超  周学津摄影报道"])
def test_photo_credit_lines(line):
    assert bylines.photo_credit(clean(line))


def clean(line):
    return " ".join(line.split())


def test_credit_names_and_closing_notes():
    assert [p["name"] for p in bylines.photo_credit_names("牛宏超 周学津摄影报道")] == ["牛宏超", "周学津"]
    assert [p["name"] for p in bylines.closing_names("…勇当蓝天探路先锋。（肖航参与采写）")] == ["肖航"]
    assert [p["name"] for p in bylines.closing_names("（作者为北京互联网法院党组成员、副院长，本报记者魏哲哲整理）")] == ["魏哲哲"]
    assert bylines.editor_credit("版式设计：蔡华伟") and not bylines.editor_credit("版式设计很新颖。")


# ---- headline blocks -----------------------------------------------------------------------------------------

def test_kicker_dash_and_column_tag():
    head = headlines.split([(0, "空军航空兵某团团长董珺——"), (0, "搏击长空 留下壮美航迹（最美新时代革命军人）")], "byline")
    assert head == {"kicker": "空军航空兵某团团长董珺——", "title": "搏击长空 留下壮美航迹", "subtitle": None,
                    "column": "最美新时代革命军人"}


def test_subtitle_dash_and_news_subtitle():
    head = headlines.split([(0, "以公益诉讼之力守护一江碧水"), (0, "——访最高人民检察院副检察长张雪樵")], "byline")
    assert (head["title"], head["subtitle"]) == ("以公益诉讼之力守护一江碧水", "——访最高人民检察院副检察长张雪樵")
    head = headlines.split([(0, "京杭大运河连续4年全线水流贯通"), (0, "今年补水线路总长1274公里")], "wire")
    assert (head["kicker"], head["title"], head["subtitle"]) == (None, "京杭大运河连续4年全线水流贯通", "今年补水线路总长1274公里")


def test_lines_apart_are_one_headline_and_numbering_is_no_column():
    assert headlines.split([(1, "5个“警察”"), (1, "让我闭上眼睛"), (1, "10分钟不能扭头")])["title"] == \
        "5个“警察” 让我闭上眼睛 10分钟不能扭头"
    assert headlines.column_tag("各开发区主要负责同志踊跃发言（一）") == ("各开发区主要负责同志踊跃发言（一）", None)


# ---- whole pages ---------------------------------------------------------------------------------------------

def page(name):
    return parse_page((PAGES / name).read_text(encoding="utf-8"), name, PageMeta("人民日报", "2025-01-20", "15"))


def test_subheads_boxes_and_notes_stay_in_their_article():
    articles = page("rmrb_2025-01-03_06.txt")
    assert len(articles) == 4
    first, second = articles[0], articles[1]
    assert "潜心砺剑勇担当" in first.body and first.body.endswith("（肖航参与采写）")
    assert [r["name"] for r in first.reporters] == ["金正波", "肖航"]
    assert second.body.startswith("人物小传") and "记者手记" in second.body
    assert second.captions == ["葛墨林在为本科生上课。"]


def test_photo_story_between_articles_is_its_own_item():
    articles = page("rmrb_2025-04-08_13.txt")
    photo = next(a for a in articles if a.title == "普法“无障碍”")
    assert photo.kind == "photo" and [r["name"] for r in photo.reporters] == ["牛宏超", "周学津"]


def test_vox_pop_labels_are_body():
    [article] = parse_page((SEEDS / "zzwb_2011-12-14_A38.txt").read_text(encoding="utf-8"), "x.txt")
    assert "市民反映:" in article.body and "记者核实:" in article.body


def test_explain_names_each_line():
    text = (PAGES / "rmrb_2025-01-08_08.txt").read_text(encoding="utf-8")
    roles = dict((line, role) for role, line in explain(text))
    assert roles["公安交管改革服务群众出行"] == "title" and roles["已为1亿多名车主核发电子行驶证"] == "subtitle"
    assert any(role == "dateline" for role, _ in explain(text))
    text = (PAGES / "rmrb_2025-01-03_06.txt").read_text(encoding="utf-8")
    roles = dict((line, role) for role, line in explain(text))
    assert roles["空军航空兵某团团长董珺——"] == "kicker" and roles["本报记者 金正波"] == "byline"
    assert roles["潜心砺剑勇担当"] == "subhead" and roles["南开大学供图"] == "credit"


def seed(name, meta=PageMeta()):
    return parse_page((SEEDS / name).read_text(encoding="utf-8"), name, meta)


def test_a_short_quoted_line_opens_an_article_as_its_headline():
    [article] = seed("hnrb_2004-12-12_xx.txt")
    assert article.title == "“这才是真正的河南!”" and article.body.startswith("短短六天的时间")


def test_an_editors_code_ends_the_text_and_the_caption_after_it_is_no_text():
    [article] = seed("hnrb_2006-06-27_xx.txt")
    assert article.body.endswith("7月8日至9日,发放成绩单。")           # 輥輳訛6, the editor's code, dropped
    assert article.captions == ["郑州七中考场摆放着鲜花,以缓解考生的紧张情绪。"]


def test_text_pointing_at_a_picture_is_not_its_caption():
    article = page("rmrb_2025-04-22_14.txt")[0]
    assert article.body.endswith("生态功能完备。（见图⑫）")


def test_a_guest_list_under_its_label_is_body():
    articles = page("rmrb_2025-01-20_15.txt")
    assert len(articles) == 4
    roundtable = articles[0]
    assert "对话嘉宾：\n黄 龙 全国总工会基层工作部部长\n李培林 中国社科院原副院长、学部委员" in roundtable.body
    assert roundtable.body.endswith("卖小哥还获得了荣誉表彰。")


def test_a_package_headline_over_pictures_heads_the_stories_below_it():
    articles = page("rmrb_2025-06-26_13.txt")
    assert [a.title for a in articles] == ["年轻的心，随音乐律动", "音乐节的魅力不止于音乐",
                                           "“我喜欢漆艺，从不觉得寂寞”", "中国科学院在广西南宁举办科技成果转化展示"]
    package = articles[0]
    assert package.column == "文化市场新观察" and package.kind == "article"
    assert package.body.startswith("四川成都连续12年举办草莓音乐节\n投入音乐的怀抱 感受纯粹与美好\n舞台上")
    assert {"宋豪新", "杨迅", "郑智文"} <= {r["name"] for r in package.reporters}
    assert "成都草莓音乐节现场。" in package.captions


def test_a_photo_reports_first_short_sentence_is_its_caption():
    article = page("rmrb_2025-01-16_06.txt")[0]
    assert article.captions[0] == "宋金和在研究物证与史料。"
    assert article.body.startswith("“宋爷爷，您讲得太好啦。")


def test_picture_labels_over_a_photo_item_are_captions_and_its_credit_names_both_makers():
    [item] = seed("zzwb_2007-07-18_C07.txt")
    assert item.kind == "photo" and item.body.startswith("1904年3月,在郑县城西")
    assert item.captions == ["上世纪40年代的郑州火车站", "上世纪70年代的郑州火车站"]
    assert [r["name"] for r in item.reporters] == ["张翼飞", "张改华"]
    assert names((bylines.photo_credit_names("图片由晚报记者张翼飞翻拍于郑州城市建设成就展,文字由晚报记者张改华采写。"),)) \
        == ["张翼飞", "张改华"]


# ---- dates, districts, ids -----------------------------------------------------------------------------------

def test_issue_date_from_metadata_dateline_from_the_lead():
    [first, *_] = page("rmrb_2025-01-08_08.txt")
    assert (first.date, first.dateline) == ("2025-01-20", "2025-01-07")
    bare = parse_page((PAGES / "rmrb_2025-01-08_08.txt").read_text(encoding="utf-8"), "p.txt")
    assert (bare[0].date, bare[0].dateline) == (None, "--01-07")     # a year in the body is never the date


def test_generic_district_names_need_zhengzhou():
    assert districts.detect("洛阳高新区新添企业", "洛阳高新区今年新增企业百家。") == []
    assert districts.detect("郑州高新区新添企业", "高新区今年新增企业百家。") == ["高新区"]
    assert districts.detect("高新区新添企业", "高新区今年新增企业百家。", local=True) == ["高新区"]
    assert districts.detect("高新区新添企业", "西安市高新区今年新增企业百家。", local=True) == ["高新区"]
    assert districts.mentions("西安市高新区", local=True) == []


def test_a_place_beside_a_named_district_is_a_landmark():
    [article] = seed("zzrb_2011-12-07_14.txt", PageMeta("郑州日报", "2011-12-07", "14"))
    assert "樱桃沟" in article.body and article.districts == ["新郑市"]
    assert districts.detect("", "二七区樱桃沟景区开园。", local=True) == ["二七区"]


def test_a_page_of_no_known_paper_naming_no_other_city_counts_its_places_not_its_zones():
    [article] = seed("zzwb_2018-08-24_C04.txt")           # 经八路街道, and 郑州 nowhere on the page
    assert article.districts == ["金水区"]
    assert districts.detect("", "经开区今年新增企业百家。", local=districts.PLACES_ONLY) == []
    assert districts.elsewhere("洛阳市建设路街道") and not districts.elsewhere("经八路街道")


def test_bare_huiji_is_not_the_district():
    assert districts.detect("", "惠济夜巡8号赶到北环路与渠西路交叉口。", local=True) == ["金水区"]
    assert districts.detect("", "惠济区花园口镇举行活动。", local=True) == ["惠济区"]


def test_ids_follow_the_text_not_the_position():
    text = (PAGES / "rmrb_2025-01-08_08.txt").read_text(encoding="utf-8")
    ids = {a.title: a.id for a in parse_page(text, "rmrb_2025-01-08_08.txt")}
    first, rest = text.split("\n\n公安交管", 1)
    reordered = parse_page("公安交管" + rest + "\n\n" + first, "rmrb_2025-01-08_08.txt")
    assert {a.title: a.id for a in reordered} == ids
    assert len(set(ids.values())) == 4
