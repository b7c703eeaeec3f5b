"""Analysis stage: normalisation and the two tokenizers (jieba words for ranking, CJK bigrams for phrases).

Normalisation maps every character to exactly one character (NFKC, lower-case, traditional → simplified),
so token offsets into the normalised text are offsets into the stored original text as well.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from itertools import accumulate
from importlib import resources
from typing import NamedTuple

from whoosh.analysis import Token, Tokenizer

_CONVERTER_LOCK = threading.Lock()


class Span(NamedTuple):
    """A word or gram of normalised text and where it stands in it (a gram's two characters may have
    punctuation between them, so `end - start` can exceed its length)."""
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character's normal form, or the character itself when folding would change the length."""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


# Characters folding leaves as they are (ASCII but upper-case letters, CJK ideographs, 、。〈〉《》「」『』【】
# and curly quotes; tests/test_analysis.py checks each): only runs of other characters are folded one by one,
# which made normalising Chinese text ~10× faster (keyword in context normalises every article it shows).
_UNCHANGED = "\t\n\r -@\\[-`a-z{-~\u2018\u2019\u201c\u201d\u3001\u3002\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff"
_FOLDABLE = re.compile(f"[^{_UNCHANGED}]+")


def _fold_run(match: re.Match) -> str:
    return "".join(map(_fold_char, match.group()))


@lru_cache(maxsize=16)
def normalise(text: str) -> str:
    """Full-width → half-width, Latin lower-cased, traditional → simplified; length is preserved.
    Cached because indexing normalises each title and body three times (words, grams, compact text).

    >>> normalise("ＡＢＣ１２３ 鄭州「樞紐」")
    'abc123 郑州「枢纽」'
    """
    folded = _FOLDABLE.sub(_fold_run, text)
    if folded.isascii():
        return folded
    with _CONVERTER_LOCK:
        simplified = _converter().convert(folded)
    if len(simplified) == len(folded):
        return simplified
    with _CONVERTER_LOCK:  # a phrase conversion changed the length: convert character by character
        return "".join(s if len(s := _converter().convert(c)) == 1 else c for c in folded)


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def is_word_char(ch: str) -> bool:
    """Letters and digits count; punctuation, symbols and spaces are skipped by both tokenizers."""
    return unicodedata.category(ch)[0] in "LN"


def compact(text: str) -> str:
    """The compact text: normalised, everything but letters and digits removed; phrases are matched in it.

    >>> compact("“枢纽+开放”，郑州 2023！")
    '枢纽开放郑州2023'
    """
    return "".join(ch for ch in normalise(text) if is_word_char(ch))


# ---------------------------------------------------------------- words (jieba precise mode)

def _data_lines(name: str) -> list[str]:
    text = resources.files("search").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(_data_lines("stopwords.txt"))


def user_words() -> list[str]:
    """Districts, their aliases and places, the alias table's names and the corpus's set phrases: each
    must segment as one word."""
    from search import aliases, districts

    return sorted(set(_data_lines("userdict.txt")) | set(districts.dictionary_words()) | set(aliases.names()))


@lru_cache(maxsize=1)
def segmenter():
    """A jieba tokenizer of our own (not the global one) carrying the user dictionary."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in user_words():
        tok.add_word(normalise(word), freq=max(tok.suggest_freq(normalise(word), tune=False), 50000))
    return tok


# The build asks for the terms of every title and body, and a Span costs about 1 µs more to make than a
# plain tuple: Spans for every word and gram made analysis 16-29 % slower (400 generated articles, CPU
# time), 6-10 % of their build. So the term lists are read from plain (text, start, end) tuples, in Span's order.

def _word_tuples(norm: str) -> list[tuple[str, int, int]]:
    return [(w, s, e) for w, s, e in segmenter().tokenize(norm) if any(map(is_word_char, w))]


def segment(text: str) -> list[Span]:
    """Every word of normalised text; punctuation and spaces dropped."""
    return list(map(Span._make, _word_tuples(text)))


def words(text: str) -> list[str]:
    """The words of normalised text, as `segment` finds them, without their places."""
    return [w for w, _, _ in _word_tuples(text)]


def query_words(text: str) -> list[str]:
    """The words a user typed, as the index holds them, stop-words dropped (kept if nothing else is left).

    >>> query_words("郑州的营商环境")
    ['郑州', '营商环境']
    >>> query_words("的")
    ['的']
    """
    found = words(normalise(text))
    content = [w for w in found if w not in stopwords()]
    return content or found


class SpanTokenizer(Tokenizer):
    """Whoosh's tokenizer contract over the (position, Span) pairs of the normalised text."""

    def spans(self, value: str, removestops: bool = True) -> list[tuple[int, Span]]:
        raise NotImplementedError

    def terms(self, value: str) -> list[str]:
        """The indexed terms alone, without Token objects or Spans: what the index formats count."""
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (term, start, end) in self.spans(value, removestops):
            t.text = term
            t.boost, t.stopped = 1.0, False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class WordTokenizer(SpanTokenizer):
    """jieba precise mode: non-overlapping words, one position each; stop-words keep their position
    but are not indexed."""

    def spans(self, value, removestops=True):
        stops = stopwords() if removestops else frozenset()
        return [(pos, span) for pos, span in enumerate(segment(normalise(value))) if span.text not in stops]

    def terms(self, value: str) -> list[str]:
        return list(_indexed_words(value))


@lru_cache(maxsize=2)
def _indexed_words(value: str) -> tuple[str, ...]:
    """The last texts' indexed words: a body is analysed for its postings and again, at once, for its key
    terms (schema.KeyTerms); jieba is most of the indexing time, so the second pass must not segment."""
    stops = stopwords()
    return tuple(w for w in words(normalise(value)) if w not in stops)


# ---------------------------------------------------------------- grams (CJK bigrams)

def _gram_tuples(norm: str) -> list[tuple[str, int, int]]:
    """The grams of normalised text: bigrams of consecutive CJK characters with punctuation
    and spaces between them ignored, a lone CJK character as a unigram, Latin/digit runs as words."""
    units: list[tuple[str, int, int, bool]] = []   # (text, start, end, is_cjk)
    i, n = 0, len(norm)
    while i < n:
        ch = norm[i]
        if is_cjk(ch):
            units.append((ch, i, i + 1, True))
            i += 1
        elif is_word_char(ch):
            j = i + 1
            while j < n and is_word_char(norm[j]) and not is_cjk(norm[j]):
                j += 1
            units.append((norm[i:j], i, j, False))
            i = j
        else:
            i += 1
    grams = []
    for k, (text, start, end, cjk) in enumerate(units):
        if not cjk:
            grams.append((text, start, end))
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is not None and nxt[3]:
            grams.append((text + nxt[0], start, nxt[2]))
        elif k == 0 or not units[k - 1][3]:
            grams.append((text, start, end))          # a CJK character standing alone
    return grams


def gram_spans(norm: str) -> list[Span]:
    """The grams of normalised text, where each stands.

    >>> gram_spans(normalise("郑州、开封 GDP增长"))[:3]
    [Span(text='郑州', start=0, end=2), Span(text='州开', start=1, end=4), Span(text='开封', start=3, end=5)]
    >>> [g.text for g in gram_spans(normalise("郑州、开封 GDP增长"))]
    ['郑州', '州开', '开封', 'gdp', '增长']
    """
    return list(map(Span._make, _gram_tuples(norm)))


def query_grams(text: str) -> list[str]:
    return [g for g, _, _ in _gram_tuples(normalise(text))]


def _utf8_size(ch: str) -> int:
    return 1 if ch < "\x80" else 2 if ch < "\u0800" else 3 if ch < "\U00010000" else 4


def gram_firsts(text: str) -> dict[str, int]:
    """Each gram of the text and where it first stands in the text's compact form, in UTF-8 bytes from its
    start: the index keeps these with the gram postings, and a phrase's grams give from them a place its
    first occurrence cannot precede (search.matching).

    >>> gram_firsts("郑州、开封 GDP增长")
    {'郑州': 0, '州开': 3, '开封': 6, 'gdp': 12, '增长': 15}
    """
    norm = normalise(text)
    before = list(accumulate((_utf8_size(ch) if is_word_char(ch) else 0 for ch in norm), initial=0))
    firsts: dict[str, int] = {}
    for gram, start, _ in _gram_tuples(norm):
        firsts.setdefault(gram, before[start])
    return firsts


class GramTokenizer(SpanTokenizer):
    """Overlapping CJK bigrams, one position each; offsets span the two characters (and any 、 between)."""

    def spans(self, value, removestops=True):
        return list(enumerate(gram_spans(normalise(value))))

    def terms(self, value):
        return [g for g, _, _ in _gram_tuples(normalise(value))]

    def firsts(self, value: str) -> dict[str, int]:
        """The indexed grams with their first places (`gram_firsts`), what the gram postings store."""
        return gram_firsts(value)


def word_analyzer():
    return WordTokenizer()


def gram_analyzer():
    return GramTokenizer()
