"""The query language beyond words and phrases, without an index: parentheses, date:, reporter:,
proximity, wildcard slots, the alias table and its expansion; malformed input never raises."""
import random

import pytest

from search import aliases, dates, patterns
from search.clauses import MAX_ALTERNATIVES
from search.query import Unit, parse


def W(text, **kw):
    return Unit(text, **kw)


def test_parentheses_group_an_or_inside_an_and():
    parsed = parse("(氢能 OR 新能源) 汽车")
    assert parsed.clauses == [[(W("氢能"),), (W("新能源"),)], [(W("汽车"),)]]


def test_a_group_of_words_is_one_alternative_of_an_or():
    parsed = parse("(桥梁 检测) OR 氢能")
    assert parsed.clauses == [[(W("桥梁"), W("检测")), (W("氢能"),)]]


def test_nested_groups_are_multiplied_out():
    parsed = parse("((氢能 OR 新能源) 汽车) OR 高铁")
    assert parsed.clauses == [[(W("氢能"), W("汽车")), (W("新能源"), W("汽车")), (W("高铁"),)]]


def test_full_width_parentheses_work_too():
    assert parse("（氢能 OR 新能源） 汽车").clauses == parse("(氢能 OR 新能源) 汽车").clauses


def test_negated_group_excludes_each_of_its_alternatives():
    parsed = parse("发展 -(氢能 OR 汽车)")
    assert parsed.clauses == [[(W("发展"),)]]
    assert parsed.excluded == [(W("氢能"),), (W("汽车"),)]


def test_unbalanced_parentheses_are_repaired_with_a_notice():
    parsed = parse("(氢能 OR 新能源 汽车")                 # closed at the end: the same as with ")"
    assert parsed.clauses == [[(W("氢能"),), (W("新能源"),)], [(W("汽车"),)]]
    assert any("括号" in n for n in parsed.notices)
    extra = parse("氢能) 汽车")
    assert extra.clauses == [[(W("氢能"),)], [(W("汽车"),)]] and any("括号" in n for n in extra.notices)


def test_combinations_are_capped():
    text = " ".join(f"({a} OR {b})" for a, b in ["甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑"][:6]
                    for a, b in [(a[0] + "一", b[0] + "二")])
    parsed = parse(text)
    assert all(len(clause) <= MAX_ALTERNATIVES for clause in parsed.clauses)


def test_date_filters_in_the_query():
    assert parse("date:2023").dates == [dates.DateRange(20230000, 20239999, "2023")]
    month = parse("date:2023-02").dates[0]
    assert (month.start, month.end) == (20230200, 20230299)
    ranged = parse("氢能 date:2022-01..2022-06").dates[0]
    assert (ranged.start, ranged.end) == (20220100, 20220699)
    assert parse("氢能 date:2022-01..2022-06").clauses == [[(W("氢能"),)]]
    assert parse("日期:2021..").dates[0].end == dates.HIGHEST


def test_malformed_dates_are_ignored_with_a_notice():
    for text in ("date:2023-13", "date:20x", "date:2023..2021", "date:..", "date:２０２３"):
        parsed = parse(text)
        assert parsed.dates == [] and parsed.notices, text


def test_reporter_filters_in_either_language():
    assert parse("reporter:王赛华 作者:张昕 作者：曹婷").reporters == ["王赛华", "张昕", "曹婷"]
    assert parse("reporter:王賽華").reporters == ["王赛华"]          # traditional folds as in the text


def test_proximity_is_one_unit_of_its_words():
    unit = parse('"金水区 万人助万企"~20').units[0]
    assert unit == W("金水区 万人助万企", phrase=True, near=20)
    assert unit.pieces == ["金水区", "万人助万企"]
    single = parse('"万人助万企"~20')
    assert single.units == [W("万人助万企", phrase=True)] and single.notices


def test_wildcard_slot_is_kept_in_a_quoted_phrase_only():
    assert parse('"万人助万*"').units == [W("万人助万*", phrase=True)]
    assert parse('"一年起势、三年*"').units == [W("一年起势三年*", phrase=True)]
    assert parse('"万人助万*"').units[0].pieces == ["万人助万"]
    outside = parse("万人助万*")
    assert outside.units and not any(u.phrase or "*" in u.text for u in outside.units)
    assert any("引号" in n for n in outside.notices)
    two = parse('"万*助*企"')
    assert two.units == [W("万*助企", phrase=True)] and two.notices
    assert parse('"***"').units == [] and parse('"***"').notices


def test_alias_table_has_the_airport_zone_names_as_one_group():
    group = {"郑州航空港经济综合实验区", "航空港实验区", "航空港区"}
    for name in group:
        assert group - {name} <= set(aliases.expand(name))
    assert "郑州经济技术开发区" in aliases.expand("经开区")
    assert aliases.expand("氢能") == []


def test_alias_file_format_comments_blank_lines_and_spaces():
    text = "# comment\n\n甲区\t甲\n乙区  乙   乙区\n单独\n"
    assert aliases.parse_groups(text) == [("甲区", "甲"), ("乙区", "乙")]


def test_unquoted_names_expand_quoted_never():
    parsed = parse("航空港实验区")
    # 郑州航空港经济综合实验区 and 郑州航空港区 hold other names of the group: searching them finds nothing more
    assert {u.text for u in parsed.units} == {"航空港实验区", "航空港区", "航空港经济综合实验区"}
    assert parsed.aliases == {"航空港实验区": aliases.expand("航空港实验区")}
    assert parsed.explain()["words"] == ["航空港实验区"]
    quoted = parse('"航空港实验区"')
    assert quoted.units == [W("航空港实验区", phrase=True)] and quoted.aliases == {}
    off = parse("航空港实验区", expand=False)
    assert off.units == [W("航空港实验区")] and off.aliases == parsed.aliases     # listed, not added


def test_expansion_keeps_the_other_words_required():
    parsed = parse("经开区 项目")
    assert len(parsed.clauses) == 2 and parsed.clauses[1] == [(W("项目"),)]
    assert (W("郑州经济技术开发区"),) in parsed.clauses[0]
    # within one token: the other words stay one alternative, the name's group is a clause of its own
    token = parse("全力推动全会部署在经开区落地生根")
    assert len(token.clauses) == 2 and len(token.clauses[0]) == 1
    assert (W("经开区"),) in token.clauses[1] and (W("郑州经济技术开发区"),) in token.clauses[1]


def test_explain_lists_what_the_query_became():
    explained = parse('航空港区 "万人助万*" "金水区 万人助万企"~20 -氢能').explain()
    assert explained["words"] == ["航空港区"]
    assert explained["wildcards"] == ["万人助万*"]
    assert explained["near"] == [{"words": ["金水区", "万人助万企"], "within": 20}]
    assert explained["excluded"] == ["氢能"]
    assert explained["aliases"][0]["word"] == "航空港区"


# ---------------------------------------------------------------- patterns on compact text

def test_proximity_counts_the_characters_between():
    near = patterns.checker(W("金水区 万人助万企", phrase=True, near=5))

    def check(text):
        return near(text.encode())
    assert check("标题|金水区深化万人助万企活动")               # 2 between
    assert check("标题|万人助万企在金水区")                     # either order
    assert not check("标题|金水区" + "的" * 6 + "万人助万企")  # 6 between
    assert check("标题|金水区" + "的" * 5 + "万人助万企")
    assert not check("金水区|万人助万企")                       # title and body are apart


def test_wildcard_fillers_count_documents():
    unit = W("万人助万*", phrase=True)
    texts = [t.encode() for t in ("t|万人助万企万人助万企", "t|万人助万家", "万人助万企|正文", "万人助万|企")]
    assert patterns.fillers(unit, texts, 5) == [("企", 2), ("家", 1)]
    assert patterns.checker(unit)("t|万人助万家".encode()) and not patterns.checker(unit)("t|万人助".encode())
    assert not patterns.checker(unit)("万人助万|企".encode())            # the slot never takes the separator
    latin = W("ab*", phrase=True)
    assert patterns.fillers(latin, [b"x|ab1abc"], 5) == [("1", 1), ("c", 1)]


def test_highlight_pattern_of_a_wildcard_skips_punctuation():
    pattern = patterns.highlight_patterns(W("一年起势三年**", phrase=True))[0]
    assert pattern.search("一年起势、三年成势、五年胜势").group() == "一年起势、三年成势"


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text,start,end", [
    ("2023", 20230000, 20239999), ("2023-02", 20230200, 20230299), ("2023-02-14", 20230214, 20230214),
    ("2022-01..2022-06", 20220100, 20220699), ("..2010", dates.LOWEST, 20109999),
])
def test_date_ranges_as_numbers(text, start, end):
    r = dates.parse_range(text)
    assert (r.start, r.end) == (start, end)


def test_from_to_parameters_and_their_errors():
    assert dates.from_to("2011", None) == dates.DateRange(20110000, dates.HIGHEST, "2011..")
    assert dates.from_to(None, None) is None
    for start, stop in (("2012", "2011"), ("2011-00", None), ("abc", None), ("2011-02-32", None)):
        with pytest.raises(ValueError):
            dates.from_to(start, stop)
    assert dates.parse_range("2022-01..2022-06").to_dict() == {"from": "2022-01", "to": "2022-06",
                                                              "text": "2022-01..2022-06"}


# ---------------------------------------------------------------- never raises

ALPHABET = list('()（）"“”「」*~-:：OR AND title district reporter 作者 date 2023-02.. 万人助 金水区 航空港区 \x00\t ')


def test_fuzzed_queries_never_raise():
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        parsed = parse(text)
        parsed.explain()
        for unit in parsed.units:
            assert unit.pieces and all(unit.pieces), (text, unit)
            if patterns.needs_check(unit):
                patterns.checker(unit)("金水区万人助万企|航空港区2023".encode())
                assert patterns.highlight_patterns(unit)
