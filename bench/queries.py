"""The benchmark's fixed queries: keywords, long unsegmented strings, and quoted slogans (exact phrases)."""

KEYWORDS = (
    "桥梁检测", "科技创新 人才", "氢能", "营商环境", "招商引资", "数字经济", "智能终端", "国家中心城市",
    "新能源汽车 产业链", "元宇宙", "黄河", "项目建设 签约",
)
LONG = (
    "以高质量发展为引领推动产业链延链补链强链",
    "加快构建现代产业体系打造国际化特征鲜明的国家中心城市副城",
    "持续深化万人助万企活动助力企业跑出高质量发展加速度",
    "全力推动全会部署在经开区落地生根",
    "强化科技创新驱动打造全省创新创业新高地",
)
PHRASES = (
    '"万人助万企"', '"一年起势、三年成势、五年胜势"', '"枢纽+开放"', '"开门红"', '"项目为王"',
    '"双轮驱动"', '"一号工程"', '"高质量发展"', '"首席服务官"', '"能力作风建设年"', '"十四五"',
    '"谋划一批、招引一批、签约一批、落地一批"', '"金水场景"',
)
QUERIES = KEYWORDS + LONG + PHRASES
SUGGEST_PREFIXES = ("万人", "一年", "枢纽", "开门", "项目", "双轮", "一号", "高质", "十四", "首席")
# The query language beyond words and phrases (ours only: the tutorial stack has no such syntax), timed
# and reported apart so the figures above stay comparable with earlier runs. A reporter query naming the
# corpus's busiest reporter is added by bench/run.py.
FEATURES = (
    "(氢能 OR 新能源汽车) 产业链", '"万人助万*"', '"一年起势、三年*"', '"金水区 万人助万企"~20',
    "航空港区 项目", "招商引资 date:2021-03..2021-08", "date:2023 高质量发展",
)
SUGGEST_PINYIN = ("wrzwq", "wanrenzhu", "jinshui", "gzlfz", "yinian")
