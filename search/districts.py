"""District gazetteer: Zhengzhou's 16 districts, their aliases and places, and which districts an article is about."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from search import aliases

DISTRICTS = (
    "金水区", "二七区", "中原区", "管城回族区", "惠济区", "上街区", "郑东新区", "高新区",
    "经开区", "航空港区", "中牟县", "巩义市", "荥阳市", "新密市", "新郑市", "登封市",
)

# Other names the paper uses for a whole district: the district lines of the alias table
# (search/data/aliases.tsv), plus names that count for tagging but are no synonym to search with: parts of
# a district (二七经开区, 经开综保区) and short forms that stand inside other names (航空港, 新郑).
# Deliberately absent: bare 金水/二七/中原/郑东/上街/惠济, which occur inside unrelated names (金水河, 二七塔,
# 中原银行, 郑东 as a direction, 上街 as a verb, 开封's 惠济河, a patrol unit's name 惠济夜巡8号).
ALIASES = {
    "金水区": "金水区",
    "二七经开区": "二七区", "二七经济技术开发区": "二七区",
    "经开综保区": "经开区", "郑州经开综保区": "经开区",
    "航空港": "航空港区", "郑州航空港": "航空港区",
    "新郑": "新郑市",
    **aliases.district_aliases(DISTRICTS),
}

# Sub-district offices (街道/办事处), written "X街道", "X街道办事处" or "X办事处". Names shared by two
# districts (三官庙, 西大街, 新华路, 九龙 …) are left out rather than guessed.
_STREETS = {
    "金水区": "经八路 花园路 人民路 杜岭 大石桥 南阳路 南阳新村 文化路 丰产路 东风路 北林路 未来路 凤凰台 "
             "兴达路 国基路 杨金路 丰庆路",
    "二七区": "淮河路 解放路 铭功路 一马路 蜜蜂张 五里堡 大学路 建中街 福华街 德化街 嵩山路 京广路 长江路 人和路 樱桃沟",
    "中原区": "林山寨 建设路 棉纺路 秦岭路 桐柏路 绿东村 汝河路 航海西路 中原西路 须水 柏柳 莲湖 西流湖",
    "管城回族区": "北下街 南关 城东路 东大街 二里岗 陇海马路 紫荆山南路 航海东路 十八里河 南曹 金岱",
    "惠济区": "大河路 迎宾路 刘寨 长兴路",
    "上街区": "济源路 中心路 新安路 工业路 矿山",
    "高新区": "石佛 沟赵 枫杨 梧桐 双桥",
    "经开区": "明湖 潮河 京航 前程 祥云",
    "郑东新区": "龙子湖 如意湖 博学路 商都路 祭城路 金光路 东风南路 豫兴",
    "航空港区": "龙港 八岗 清河 明港 新港 龙王 银河 滨河",
    "登封市": "嵩阳 少林 中岳",
    "荥阳市": "索河 京城路 广武",
    "巩义市": "孝义 新兴路",
    "新密市": "青屏",
}
# Towns and townships, written "X镇" or "X乡".
_TOWNS = {
    "惠济区": "花园口 古荥",
    "上街区": "峡窝",
    "二七区": "马寨 侯寨",
    "中牟县": "狼城岗 官渡 韩寺 雁鸣湖 万滩 刘集 姚家 大孟 黄店 郑庵",
    "登封市": "大金店 告成 卢店 颍阳 石道 大冶",
    "新密市": "超化 米村 曲梁 牛店 平陌 岳村",
    "荥阳市": "高村 汜水 豫龙 王村 刘河 崔庙",
    "巩义市": "回郭镇 竹林 米河 小关 站街",
    "新郑市": "薛店 孟庄 郭店 和庄 辛店 观音寺",
}
# Places named bare in the paper that are distinctive enough to count without a suffix.
_LANDMARKS = {
    "中原科技城": "郑东新区", "龙子湖高校园区": "郑东新区",
    "沟赵": "高新区", "龙港": "航空港区", "八岗": "航空港区", "明港": "航空港区",
    "新郑国际机场": "航空港区", "新郑机场": "航空港区",
    "狼城岗": "中牟县", "北堤村": "中牟县", "瓦坡村": "中牟县",
    "塔沟武校": "登封市", "花园口": "惠济区",
    "樱桃沟": "二七区", "侯寨": "二七区", "庙李": "金水区", "五龙口": "中原区", "冉屯": "中原区",
    "关帝庙菜市场": "二七区", "兴华南街": "二七区", "渠西路": "金水区",
}


def _places() -> dict[str, str]:
    places = dict(_LANDMARKS)
    for district, names in _STREETS.items():
        for name in names.split():
            for suffix in ("街道", "街道办事处", "办事处"):
                places[name + suffix] = district
    for district, names in _TOWNS.items():
        for name in names.split():
            name = name.removesuffix("镇")
            places[name + "镇"] = district
            places[name + "乡"] = district
    return places


PLACES = _places()

# Names that contain a district name but do not point at that district: they are matched (longest match wins)
# and then ignored. 二七塔 stands at the 二七区/管城区 boundary and is a city landmark, not a district signal.
_NEUTRAL = ("二七塔", "二七纪念塔", "二七广场")

_LOOKUP: dict[str, str | None] = {**{d: d for d in DISTRICTS}, **ALIASES, **PLACES, **dict.fromkeys(_NEUTRAL)}
_PATTERN = re.compile("|".join(map(re.escape, sorted(_LOOKUP, key=len, reverse=True))))


def canonical(name: str) -> str | None:
    """The canonical district for a district name, alias or place, so filters accept 管城区 as 管城回族区."""
    return _LOOKUP.get(unicodedata.normalize("NFKC", name or "").strip())


def dictionary_words() -> list[str]:
    """Every canonical name, alias and place, so the word segmenter keeps each one as a single word."""
    return sorted(set(DISTRICTS) | set(ALIASES) | set(PLACES) | set(_NEUTRAL))


# Names that only Zhengzhou has. Everything else (高新区, 经开区, 航空港区, street offices, towns) exists in
# many cities and counts only in a Zhengzhou context.
_UNIQUE = frozenset(
    {d for d in DISTRICTS if d not in ("高新区", "经开区", "航空港区")}
    | {a for a in ALIASES if a.startswith("郑州") or a in ("管城区", "二七经开区", "二七经济技术开发区")}
    | {"中原科技城", "龙子湖高校园区", "新郑国际机场", "新郑机场", "塔沟武校"}
)
# Cities whose own 高新区, 经开区 or streets a Zhengzhou name could be mistaken for, when named just before it.
_CITIES = ("北京 上海 天津 重庆 石家庄 太原 呼和浩特 沈阳 大连 长春 哈尔滨 南京 苏州 无锡 杭州 宁波 合肥 福州 厦门 "
           "南昌 济南 青岛 武汉 长沙 广州 深圳 南宁 海口 成都 贵阳 昆明 拉萨 西安 兰州 西宁 银川 乌鲁木齐 "
           "开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源").split()
_OTHER_CITY = re.compile(rf"(?:{'|'.join(_CITIES)})市?$|[\u4e00-\u9fff][^\W\d全本该各我此其两多]市$")


_PROVINCES = ("河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 湖北 湖南 广东 广西 海南 四川 贵州 "
              "云南 西藏 陕西 甘肃 青海 宁夏 新疆 台湾 香港 澳门").split()
_ELSEWHERE = re.compile("|".join(_CITIES + _PROVINCES))


# `local` may also be PLACES_ONLY: a page of no known paper that names no other city or province (see `elsewhere`).
# Its Zhengzhou street offices, towns and landmarks count; a bare 高新区 or 经开区 still needs 郑州 nearby.
PLACES_ONLY = "places"


def elsewhere(text: str) -> bool:
    """Whether text names a city or province other than Zhengzhou, or one of Henan's other cities."""
    return bool(_ELSEWHERE.search(text))


def local_context(text: str) -> bool:
    """Whether text places itself in Zhengzhou: it names 郑州 or a name only Zhengzhou has."""
    return "郑州" in text or any(_LOOKUP[m.group()] and m.group() in _UNIQUE for m in _PATTERN.finditer(text))


_NAMES = frozenset(DISTRICTS) | frozenset(ALIASES)


def named_first(text: str) -> bool:
    """Whether text opens with a district's name (经开区持续打造…): a headline with its own subject."""
    match = _PATTERN.match(text)
    return bool(match and match.group() in _NAMES)


def mentions(text: str, local: bool | str = True) -> list[str]:
    """The districts named in text, in order, one entry per mention; 中原区域 and the like are not mentions.

    A name other cities have too counts only when `local` (the text is Zhengzhou's; PLACES_ONLY: its places
    only) and no other city is named just before it: 洛阳高新区 is not 高新区.
    """
    return [district for district, _ in _found(text, local)]


def _found(text: str, local: bool | str) -> list[tuple[str, bool]]:
    """(district, named) per mention: named is True for a district's own name or alias, False for a place in it."""
    found = []
    for match in _PATTERN.finditer(text):
        name, district = match.group(), _LOOKUP[match.group()]
        if not district or (name.endswith("区") and text[match.end():match.end() + 1] == "域"):
            continue
        if name not in _UNIQUE:
            before = text[max(0, match.start() - 6):match.start()]
            if not local or (local == PLACES_ONLY and name in _NAMES) or (
                    _OTHER_CITY.search(before) and not before.endswith("郑州市")):
                continue
        found.append((district, name in _NAMES))
    return found


# A place inside a district (樱桃沟) weighs half a mention of a district by name: named beside another
# district's name in one paragraph (新郑市…古城村与…樱桃沟隔沟相望), it is a landmark, not the subject.
PLACE_WEIGHT = 0.5


def detect(title: str, body: str, local: bool | str | None = None) -> list[str]:
    """The districts an article is about, most salient first.

    A district counts when it is in the title or is the most mentioned district of at least one paragraph:
    an official's second post named in passing (航空港实验区管委会副主任 in an 经开区 story) never leads a
    paragraph, while a roundup quoting one person per district has each district lead its own paragraph.
    Salience: title mentions weigh 3, lead-paragraph mentions 2, other mentions 1 (a place inside a district
    half that); ties go to the earlier one.
    `local` says whether the article is Zhengzhou's (its paper is); None decides from its own text.
    """
    if local is None:
        local = local_context(title + "\n" + body)
    score: Counter[str] = Counter()
    first: dict[str, int] = {}         # order of first mention: ties go to the earlier one, deterministically
    leading: set[str] = set()
    for district in mentions(title, local):
        score[district] += 3
        first.setdefault(district, len(first))
        leading.add(district)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        counts: Counter[str] = Counter()
        for district, named in _found(paragraph, local):
            counts[district] += 1 if named else PLACE_WEIGHT
        for district, n in counts.items():
            score[district] += n * (2 if index == 0 else 1)
            first.setdefault(district, len(first))
        if counts:
            top = max(counts.values())
            leading.update(d for d, n in counts.items() if n == top)
    return sorted(leading, key=lambda d: (-score[d], first[d]))
