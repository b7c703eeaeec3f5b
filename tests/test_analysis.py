"""Normalisation and the two tokenizers: offsets, positions, punctuation-insensitive grams."""
from search.analysis import GramTokenizer, WordTokenizer, compact, normalise, query_grams, query_words, segment


def test_normalise_folds_width_case_and_traditional_keeping_length():
    text = "開門紅ＶＯＣｓ，萬人助萬企"
    norm = normalise(text)
    assert norm == "开门红vocs,万人助万企"
    assert len(norm) == len(text)


def test_compact_drops_punctuation_and_spaces():
    assert compact("一年起势、三年成势、五年胜势") == "一年起势三年成势五年胜势"
    assert compact("「枢纽 + 开放」") == "枢纽开放"


def _tokens(tokenizer, text, **kw):
    return list((t.text, t.pos, t.startchar, t.endchar) for t in tokenizer(text, positions=True, chars=True, **kw))


def test_word_tokens_point_into_the_text_with_increasing_positions():
    text = "坚持“项目为王”不动摇，深化“萬人助萬企”活动，推进氢能源产业。"
    tokens = _tokens(WordTokenizer(), text)
    norm = normalise(text)
    assert tokens
    for word, _, start, end in tokens:
        assert norm[start:end] == word
    positions = [pos for _, pos, _, _ in tokens]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    words = [w for w, *_ in tokens]
    assert "万人助万企" in words and "项目为王" in words     # user dictionary keeps set phrases whole
    assert "的" not in words and "，" not in words


def test_word_tokenizer_honours_start_pos_and_start_char():
    tokens = _tokens(WordTokenizer(), "金水区发展", start_pos=10, start_char=100)
    assert tokens[0] == ("金水区", 10, 100, 103)
    assert tokens[1][1] == 11 and tokens[1][2] == 103


def test_districts_segment_as_one_word():
    assert [w for w, _, _ in segment("航空港实验区和管城回族区")] == ["航空港实验区", "和", "管城回族区"]


def test_gram_tokens_span_punctuation_and_keep_latin_runs():
    text = "三年成势、五年胜势，VOCs治理"
    tokens = _tokens(GramTokenizer(), text)
    grams = [g for g, *_ in tokens]
    assert grams == ["三年", "年成", "成势", "势五", "五年", "年胜", "胜势", "vocs", "治理"]
    norm = normalise(text)
    for gram, _, start, end in tokens:
        assert compact(norm[start:end]) == gram
    assert [pos for _, pos, _, _ in tokens] == list(range(len(tokens)))


def test_lone_cjk_character_is_a_unigram():
    assert query_grams("A港B") == ["a", "港", "b"]


def test_query_grams_do_not_depend_on_punctuation():
    assert query_grams("一年起势、三年成势") == query_grams("一年起势三年成势") == query_grams("一年起势 三年成势")


def test_query_words_drop_stop_words_unless_nothing_else_is_left():
    assert query_words("科技创新的人才") == ["科技创新", "人才"]
    assert query_words("的") == ["的"]


def test_terms_shortcut_gives_exactly_the_tokens_texts():
    text = "坚持“项目为王”不动摇，深化“萬人助萬企”活动，VOCs治理的5G商用。"
    for tokenizer in (WordTokenizer(), GramTokenizer()):
        assert tokenizer.terms(text) == [t.text for t in tokenizer(text)]


def test_characters_normalise_skips_do_not_change():
    import re

    from search.analysis import _UNCHANGED, _fold_char

    kept = re.compile(f"[{_UNCHANGED}]")
    skipped = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF and kept.fullmatch(chr(c))]
    assert len(skipped) > 27000 and all(_fold_char(ch) == ch for ch in skipped)


def test_normalise_folds_every_character_as_one_by_one():
    import random

    from search.analysis import _fold_char

    rng = random.Random(7)
    text = "".join(chr(c) for c in (rng.randrange(0x20, 0x30000) for _ in range(20000)) if not 0xD800 <= c <= 0xDFFF)
    text += "ＡＢＣ１２３，：；（）Ⅻ㊣ﬁ①" + "郑州市金水区" * 3
    assert normalise(text) == normalise_one_by_one(text, _fold_char)


def normalise_one_by_one(text, fold):
    from search.analysis import _converter

    folded = "".join(map(fold, text))
    simplified = _converter().convert(folded)
    return simplified if len(simplified) == len(folded) else "".join(
        s if len(s := _converter().convert(c)) == 1 else c for c in folded)
