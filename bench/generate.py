"""Synthetic corpus for the benchmark: N articles recombined from the sentences of `seeds/`.

Real sentences give realistic word statistics and bring their quoted slogans along; invented company,
project, place and person names (drawn from a seeded RNG, new ones keep appearing as N grows) make the
vocabulary grow the way a real archive's does. Same `n` and `seed` → identical articles.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import random
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from search.corpus import Article, read_paths
from search.districts import DISTRICTS, mentions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SENTENCE = re.compile(r"[^。！？!?;；]+[。！？!?;；]”?")
CLAUSE = re.compile(r"[^,，、:：;；。！？!?“”「」《》()（）]+")
FIRST_DAY, LAST_DAY = dt.date(2019, 1, 1), dt.date(2025, 12, 31)

# Characters for invented brand and place names; surnames and given-name characters for people.
NAME_CHARS = ("华宇鑫恒瑞泰博远嘉盛达通润锦信德源汇卓正弘晟昊骏豫中原商都嵩岳凯隆丰腾翔瀚磊森睿智诚安康和祥"
              "振兴科创海天云峰川亿佳宏新联耀辰星启航明光金银鼎元亨利贞同舟平昌茂荣旭东升阳澜沣")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯健俊帆帅旭宁琳晨阳博昊然欣怡涵思雨轩子豪梓睿彤瑶冰雪航峰岩松柏"
INDUSTRIES = ("桥梁检测", "氢能", "智能装备", "新材料", "生物医药", "冷链物流", "电子信息", "数据服务",
              "新能源汽车", "半导体", "节能环保", "文化旅游", "食品加工", "超硬材料", "智能终端", "工业软件",
              "现代农业", "跨境电商", "航空物流", "生物育种", "装配式建筑", "储能电池", "光电显示", "智慧医疗",
              "检验检测", "工业互联网", "纺织服装", "铝精深加工", "耐火材料", "预制菜")
COMPANY_KINDS = ("科技有限公司", "股份有限公司", "集团", "实业有限公司")
PROJECT_KINDS = ("产业园", "科创中心", "产业基地", "智慧园区", "研发中心", "物流港", "创新港", "总部基地")
PLACE_KINDS = ("街道", "社区", "镇", "村", "路")
OFFICES = ("发改委", "商务局", "科工局", "工信局", "投资促进中心", "营商环境办")

TEMPLATES = (
    "{company}{project}在{district}签约落地,总投资{money}亿元,主要建设{industry}生产线。",
    "{district}{project}建设加快推进,预计{year}年底竣工投用,投产后年产值可达{money}亿元。",
    "“企业有需求,我们就第一时间上门服务。”{district}{office}负责人{person}介绍。",
    "{company}负责人{person}表示,公司今年将在{industry}领域新增研发投入{small}亿元。",
    "截至目前,{district}已累计服务{company}等{count}家企业,协调解决问题{count2}个。",
    "{person}是{company}的技术骨干,带领团队攻克了{industry}领域多项关键技术。",
    "在{district}{place},{project}的施工现场一派繁忙景象。",
    "{district}{place}联合{company}开展{industry}专项对接活动,现场签约项目{count}个。",
)


@lru_cache(maxsize=1)
def seed_sentences() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sentences (for bodies) and clauses (for titles) of the seed articles, read once per process."""
    sentences, clauses = [], []
    for article in read_paths([SEEDS]):
        for paragraph in article.body.split("\n"):
            for sentence in SENTENCE.findall(paragraph.strip()):
                if 15 <= len(sentence) <= 150:
                    sentences.append(sentence)
                    clauses += [c for c in CLAUSE.findall(sentence) if 5 <= len(c) <= 14]
    return tuple(sentences), tuple(clauses)


class Names:
    """Invented proper nouns: a share of draws reuses an earlier name, the rest coins a new one."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: dict[str, list[str]] = {}

    def draw(self, kind: str, coin) -> str:
        pool = self.seen.setdefault(kind, [])
        if pool and self.rng.random() < 0.4:
            return self.rng.choice(pool)
        name = coin()
        pool.append(name)
        return name

    def brand(self) -> str:
        return "".join(self.rng.choices(NAME_CHARS, k=self.rng.choice((2, 2, 2, 3))))

    def company(self) -> str:
        return self.draw("company", lambda: self.brand() + self.rng.choice(INDUSTRIES) + self.rng.choice(COMPANY_KINDS))

    def project(self) -> str:
        return self.draw("project", lambda: self.brand() + self.rng.choice(PROJECT_KINDS) + "项目")

    def place(self) -> str:
        return self.draw("place", lambda: self.brand() + self.rng.choice(PLACE_KINDS))

    def person(self) -> str:
        def coin() -> str:
            return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2, 2))))
        return self.draw("person", coin)


def invented_sentence(rng: random.Random, names: Names, district: str) -> str:
    """One sentence about the article's district naming invented companies, projects and people."""
    return rng.choice(TEMPLATES).format(
        district=district, company=names.company(), project=names.project(), place=names.place(),
        person=names.person(), industry=rng.choice(INDUSTRIES), office=rng.choice(OFFICES),
        year=rng.randint(2019, 2026), money=rng.randint(2, 300), small=round(rng.uniform(0.2, 9.9), 1),
        count=rng.randint(3, 200), count2=rng.randint(10, 900))


def mentioned_districts(text: str) -> list[str]:
    """Every district the text names (by canonical name, alias or place), most mentioned first."""
    named = mentions(text)
    return sorted(set(named), key=lambda d: (-named.count(d), named.index(d)))


def article(i: int, seed: int, rng: random.Random, names: Names) -> Article:
    """Seed sentences in paragraphs of 3–8, with 2–4 invented sentences about one district mixed in."""
    sentences, clauses = seed_sentences()
    district = rng.choice(DISTRICTS)
    target = rng.randint(750, 1400)
    pending = [invented_sentence(rng, names, district) for _ in range(rng.randint(2, 4))]
    paragraphs, length = [], 0
    while length < target:
        paragraph = []
        for _ in range(rng.randint(3, 8)):
            take_invented = pending and rng.random() < 0.3
            paragraph.append(pending.pop() if take_invented else rng.choice(sentences))
            length += len(paragraph[-1])
            if length >= target and len(paragraph) >= 3:
                break
        paragraphs.append("".join(paragraph))
    paragraphs[-1] += "".join(pending)
    title = " ".join(rng.sample(clauses, rng.choice((1, 2, 2))))
    if rng.random() < 0.5:
        title = district + title
    body = "\n".join(paragraphs)
    date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    return Article(
        id=f"bench{seed}-{i:06d}", title=title, body=body, date=date.isoformat(),
        reporters=[{"name": names.person(), "role": "记者"} for _ in range(rng.randint(1, 2))],
        districts=mentioned_districts(title + "\n" + body),
        source={"file": f"bench-generate-seed{seed}", "order": i})


def articles(n: int, seed: int = 0) -> Iterator[Article]:
    """N synthetic articles, one at a time, reproducible from (n, seed); the first k of n equal those of k."""
    rng = random.Random(seed)
    names = Names(rng)
    return (article(i, seed, rng, names) for i in range(n))


def generate(n: int, seed: int = 0) -> list[Article]:
    return list(articles(n, seed))


class Corpus:
    """generate(n, seed) written once to a file and read back article by article, as often as needed.

    At 1,000,000 articles (1.16 G characters) a list of the articles took 11 GB in each process holding
    one, and ~15 minutes to generate; a Corpus is pickled to a build process as its path."""

    def __init__(self, path: Path, n: int, seed: int = 0):
        self.path, self.n = Path(path), n
        if not self.path.exists():
            partial = self.path.with_name(self.path.name + ".partial")
            with open(partial, "wb") as out:
                for a in articles(n, seed):
                    pickle.dump(a, out, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.path)

    @classmethod
    def kept_in(cls, folder: Path, n: int, seed: int = 0) -> Corpus:
        """The corpus in a file of folder named after n, seed and what makes the articles (this module and
        the seed pages), so a file left by an earlier generator is not taken for this one's."""
        digest = hashlib.sha256(Path(__file__).read_bytes())
        for page in sorted(SEEDS.glob("*.txt")):
            digest.update(page.read_bytes())
        return cls(Path(folder) / f"corpus-{n}-{seed}-{digest.hexdigest()[:12]}.pickles", n, seed)

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[Article]:
        with open(self.path, "rb") as f:
            for _ in range(self.n):
                yield pickle.load(f)
