"""Query building, without an index: units, OR groups, exclusions, filters and the clean-up notices."""
from search.clauses import MAX_EXCLUDED, MAX_SINGLE_CHARS, MAX_UNITS
from search.query import MAX_QUERY_CHARS, Unit, parse


def test_unquoted_words_are_segmented_and_all_required():
    parsed = parse("桥梁检测 人才")
    assert parsed.clauses == [[(Unit("桥梁"), Unit("检测"))], [(Unit("人才"),)]]
    assert not parsed.notices


def test_quoted_phrase_is_one_unit_with_any_quote_marks():
    for text in ('"万人助万企"', "“万人助万企”", "「万人助万企」"):
        assert parse(text).clauses == [[(Unit("万人助万企", phrase=True),)]]


def test_exclusion_or_title_and_district():
    parsed = parse('氢能 OR 新能源 -汽车 title:开门红 district:管城区')
    assert parsed.clauses == [[(Unit("氢能"),), (Unit("新能源"),)], [(Unit("开门红", title_only=True),)]]
    assert parsed.excluded == [(Unit("汽车"),)]
    assert parsed.districts == ["管城回族区"]


def test_lone_quote_is_dropped_with_a_notice():
    parsed = parse('"万人助万企')
    assert parsed.units == [Unit("万人助万企")]
    assert "引号" in parsed.notices[0]


def test_empty_title_prefix_is_ignored_with_a_notice():
    parsed = parse("title: 氢能")
    assert parsed.units == [Unit("氢能")]
    assert "title" in parsed.notices[0]


def test_control_characters_and_overlong_input_are_cleaned():
    parsed = parse("氢能\x00\x07")
    assert parsed.units == [Unit("氢能")] and parsed.notices
    long = parse("氢" * 5000)
    assert any(str(MAX_QUERY_CHARS) in n for n in long.notices)


def test_traditional_and_full_width_input_is_normalised():
    assert parse("開門紅").units == [Unit("开门红")]
    assert parse("ＶＯＣｓ").units == [Unit("vocs")]


def test_fallback_turns_all_units_into_one_or():
    fallback = parse("桥梁 氢能").any_word()
    assert fallback.clauses == [[(Unit("桥梁"),), (Unit("氢能"),)]]
    assert parse("氢能").any_word() is None


# ------------------------------------------------------------------ bounded work

def test_single_characters_past_the_cap_are_dropped_and_named():
    parsed = parse("桥 梁 检 测 氢能")
    assert parsed.units == [Unit("桥"), Unit("梁"), Unit("检"), Unit("氢能")]
    assert MAX_SINGLE_CHARS == 3 and "测" in parsed.notices[-1] and "氢能" not in parsed.notices[-1]


def test_single_characters_joined_by_or_are_capped_too():
    parsed = parse(" OR ".join("桥梁检测" * 20))
    assert parsed.clauses == [[(Unit("桥"),), (Unit("梁"),), (Unit("检"),)]]
    assert "测" in parsed.notices[-1]


def test_units_past_the_cap_are_dropped_with_a_notice_not_an_error():
    words = ["氢能", "桥梁", "人才", "地铁", "医院", "学校", "公园", "河道", "高铁", "机场", "港口", "码头",
             "社区", "街道"]
    parsed = parse(" ".join(words))
    assert [u.text for u in parsed.units] == words[:MAX_UNITS]
    assert "社区、街道" in parsed.notices[-1]


def test_exclusions_past_the_cap_are_dropped_whole():
    parsed = parse("氢能 " + " ".join(f"-桥梁{i}" for i in range(8)))
    assert len(parsed.excluded) == MAX_EXCLUDED
    assert parsed.excluded[0] == (Unit("桥梁"), Unit("0"))
    assert "-桥梁5、-桥梁6、-桥梁7" in parsed.notices[-1]


def test_an_exclusion_that_does_not_fit_is_not_cut_down_to_a_broader_one():
    parsed = parse("氢能 -桥 -梁 -检 -测a -站台")
    assert parsed.excluded == [(Unit("桥"),), (Unit("梁"),), (Unit("检"),), (Unit("站台"),)]
    assert "-测a" in parsed.notices[-1] and parsed.units == [Unit("氢能")]


def test_ordinary_queries_stay_whole():
    for text in ("桥梁检测 人才 -汽车 -轿车", "氢能 OR 新能源 -汽车 title:开门红", '"一年起势、三年成势、五年胜势"'):
        assert not parse(text).notices
