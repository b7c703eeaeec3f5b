"""Highlighting on hand-made text: merging spans, escaping around <mark>, choosing and cutting snippets."""
from __future__ import annotations

from search.highlight import SNIPPET_CHARS, mark, merge, snippet


def span(text: str, word: str, start: int = 0) -> tuple[int, int]:
    at = text.index(word, start)
    return at, at + len(word)


def test_merge_joins_overlapping_and_space_separated_spans_only():
    text = "氢能 产业 和桥梁"
    assert merge([(0, 2), (1, 2)], text) == [(0, 2)]                        # overlapping
    assert merge([span(text, "产业"), span(text, "氢能")], text) == [(0, 5)]  # only a space between, any order
    assert merge([(0, 2), span(text, "桥梁")], text) == [(0, 2), span(text, "桥梁")]


def test_mark_escapes_everything_and_marks_only_inside_the_window():
    text = "<b>氢能</b> & 桥梁"
    html = mark(text, [span(text, "氢能"), span(text, "桥梁")])
    assert html == "&lt;b&gt;<mark>氢能</mark>&lt;/b&gt; &amp; <mark>桥梁</mark>"
    assert mark(text, [span(text, "桥梁")], 0, text.index("&")) == "&lt;b&gt;氢能&lt;/b&gt; "


def test_snippet_takes_the_sentence_with_most_distinct_matches():
    first, second = "今年桥梁检测完成。", "氢能产业和氢能车都在增长，桥梁也在建。"
    text = first * 30 + second + first * 30
    at = len(first) * 30
    spans = [span(text, "桥梁")] + [span(text, w, at) for w in ("氢能", "桥梁")]
    html = snippet(text, spans)
    assert "<mark>氢能</mark>产业" in html and "<mark>桥梁</mark>也在建" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 2    # + the ellipses


def test_snippet_of_one_long_sentence_is_a_window_around_its_match():
    text = "甲" * 200 + "氢能" + "乙" * 200 + "。"
    html = snippet(text, [span(text, "氢能")], size=30)
    assert html.startswith("…") and html.endswith("…") and "<mark>氢能</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 30 + 2


def test_snippet_without_matches_is_the_opening():
    text = "第一句。第二句。"
    assert snippet(text, []) == text
    assert snippet("", []) == ""
