"""District gazetteer: canonical names, aliases, places, and detection of what an article is about."""
import pytest

from search import districts
from search.districts import ALIASES, DISTRICTS, PLACES, canonical, detect, dictionary_words


def test_sixteen_canonical_districts_in_order():
    assert DISTRICTS == ("金水区", "二七区", "中原区", "管城回族区", "惠济区", "上街区", "郑东新区", "高新区",
                         "经开区", "航空港区", "中牟县", "巩义市", "荥阳市", "新密市", "新郑市", "登封市")


@pytest.mark.parametrize("alias, district", [
    ("航空港实验区", "航空港区"), ("郑州航空港经济综合实验区", "航空港区"), ("航空港", "航空港区"),
    ("郑州经济技术开发区", "经开区"), ("经开综保区", "经开区"), ("管城区", "管城回族区"), ("郑州高新区", "高新区"),
    ("二七经开区", "二七区"), ("二七经济技术开发区", "二七区"), ("登封", "登封市"), ("新密", "新密市"),
    ("中牟", "中牟县"), ("金水区", "金水区"), (" 管城区 ", "管城回族区"),
])
def test_aliases_resolve_to_canonical(alias, district):
    assert canonical(alias) == district


@pytest.mark.parametrize("place, district", [
    ("狼城岗镇", "中牟县"), ("建设路街道", "中原区"), ("大河路街道", "惠济区"), ("明湖办事处", "经开区"),
    ("凤凰台街道", "金水区"), ("北下街街道", "管城回族区"), ("沟赵办事处", "高新区"), ("迎宾路街道", "惠济区"),
    ("柏柳街道", "中原区"), ("龙港办事处", "航空港区"), ("八岗办事处", "航空港区"), ("清河办事处", "航空港区"),
    ("明港办事处", "航空港区"), ("中原科技城", "郑东新区"), ("塔沟武校", "登封市"),
    ("凤凰台街道办事处", "金水区"), ("迎宾路街道办事处", "惠济区"),
])
def test_places_map_onto_their_district(place, district):
    assert PLACES[place] == district
    assert canonical(place) == district


def test_unknown_and_ambiguous_names_have_no_district():
    assert canonical("郑东") is None       # a direction as often as a district
    assert canonical("郑州市") is None
    assert canonical("二七塔") is None
    assert canonical("") is None


def test_every_alias_and_place_points_at_a_canonical_district():
    assert set(ALIASES.values()) <= set(DISTRICTS)
    assert set(PLACES.values()) <= set(DISTRICTS)


def test_dictionary_words_cover_names_aliases_and_places():
    words = dictionary_words()
    assert set(DISTRICTS) | set(ALIASES) | set(PLACES) <= set(words)
    assert len(words) == len(set(words))


@pytest.mark.parametrize("text, expected", [
    ("郑东新区重点抓好中原科技城等核心板块建设", ["郑东新区", "郑东新区"]),
    ("抓好中原科技城建设", ["郑东新区"]),
    ("帮扶企业联合中原银行、郑州银行等金融机构", []),
    ("全力保障中原数字经济科创园等一批重大项目建成投产", []),
    ("高新技术企业突破1200家", []),
    ("郑州高新区沟赵办事处党工委书记弓书亮表示", ["高新区", "高新区"]),
    ("依托二七塔专属网格服务平台,重振商圈经济发展", []),
    ("推动中原区域经济协调发展", []),
    ("现代汽车集团来登封 洽谈氢能源产业项目", ["登封市"]),
    ("新密市相关部门在年前便积极谋划", ["新密市"]),
    ("二七经济技术开发区党工委书记表示,二七经开区将围绕招商引资", ["二七区", "二七区"]),
])
def test_mentions_avoid_substring_traps(text, expected):
    assert districts.mentions(text) == expected


def test_official_post_in_passing_does_not_make_a_district():
    body = ("本报讯 近日,航空港实验区管委会副主任、经开区党工委副书记樊福太主持召开会议。"
            "经开区党工委副书记、管委会主任李小虎,经开综保区负责人参加会议。\n"
            "会议指出,经开区招商部门努力克服困难。")
    title = "铆足干劲、充满韧性 确保一季度招商引资实现开门红"
    assert detect(title, body, local=True) == ["经开区"]             # as printed in a Zhengzhou paper
    assert detect(title, body.replace("会议指出,", "会议指出,郑州")) == ["经开区"]   # the text says Zhengzhou


def test_generic_names_count_only_in_a_zhengzhou_context():
    title, body = "经开区召开招商大会", "本报讯 近日,经开区召开招商大会。\n高新区、航空港区负责人参加。"
    assert detect(title, body) == []                                  # nothing says which city's 经开区
    assert detect(title, body, local=False) == []
    # 高新区 and 航空港区 tie (same paragraph, one mention each): only the title's 经开区 has a set place.
    for found in (detect(title, body, local=True), detect(title, body.replace("本报讯 近日,", "本报讯 近日,郑州"))):
        assert found[0] == "经开区" and sorted(found[1:]) == sorted(["高新区", "航空港区"])
    assert detect("洛阳高新区召开大会", "本报讯 洛阳高新区召开大会。", local=True) == []     # another city's
    assert detect("金水区召开大会", "本报讯 金水区召开大会。") == ["金水区"]                   # only Zhengzhou has it
    assert districts.mentions("经开区、高新区", local=False) == []
    assert districts.mentions("金水区、高新区", local=False) == ["金水区"]


def test_a_roundup_lists_every_district_quoted():
    body = "\n".join([
        "“全会……”金水区凤凰台街道办事处副主任周凯表示,下一步将补短强弱。",
        "“学习贯彻……”管城区北下街街道党工委书记张红军表示,依托二七塔专属网格服务平台。",
        "中原区发展和改革委员会营商环境建设科科长王云翔认为,今年以来成效有目共睹。",
    ])
    assert detect("在推动高质量发展进程中 展现新担当新作为", body) == ["金水区", "管城回族区", "中原区"]


def test_title_mentions_rank_first():
    assert detect("登封市:新年新气象", "本报讯 中牟县代表团到登封考察。\n登封市负责人介绍情况。")[0] == "登封市"


def test_no_district_named():
    assert detect("为建设现代化国家中心城市贡献力量", "开发区、县(市)区是经济社会发展的重要平台。") == []
