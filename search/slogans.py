"""Slogan discovery: the set phrases of the archive (一号工程, 万人助万企, 枢纽+开放 …) with where and when they
are used, stored beside each index build; suggestions for the search box come from the same file.

What counts as a slogan:
- Quoted phrases. Text in “…”, 「…」, ‘…’ or 『…』 that is a phrase, not quoted speech: at least
  MIN_QUOTED_CJK Chinese characters, at most MAX_QUOTED_CHARS letters and digits, no sentence or clause
  punctuation (。！？，；：…) and no first or second person (我们需要什么 is a question someone asked).
  A 、 or + inside is fine: 一年起势、三年成势、五年胜势 and 枢纽+开放 are single slogans.
- Recurring unquoted phrases (高质量发展, 招商引资). A word the analyser keeps whole (so it never starts or
  ends mid-word) that is in our user dictionary of the paper's set phrases or was coined by jieba's HMM —
  not a word of jieba's own dictionary, which is common vocabulary (贯彻落实) and idioms (全力以赴) —, all CJK,
  MIN_PHRASE_CHARS–MAX_PHRASE_CHARS characters, not a district or place name, in at least
  MIN_PHRASE_ARTICLES articles.
  Runs of several words recur as well, but they are job titles (管委会主任) and stock verb phrases (加快推进);
  a new slogan of several words is found once it is quoted somewhere. Segmenting is the costly step, so
  these are counted in at most PHRASE_SAMPLE articles spread evenly over the corpus.
Slogans are merged by their compact text (analysis.compact: no punctuation or spaces), so “枢纽+开放”,
「枢纽+开放」 and 枢纽开放 are one slogan. An article uses a slogan when its compact text contains the compact
form, quoted or not, as the phrase search counts it. The slogan's text is its most frequent written form.
"""
from __future__ import annotations

import json
import os
import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from search import districts
from search.analysis import compact, is_cjk, normalise, segmenter, user_words, words
from search.pinyin import PinyinIndex, pinyin_keys
from search.schema import body_text, compact_text, headline_text
from search.whoosh_private import latest_generation

FILE = "slogans.json"
# What picking a suggestion searches for.
SUGGESTED_QUERY = {"slogan": '"{}"', "district": "district:{}", "reporter": "reporter:{}"}
# Each kind of quotation mark on its own, so a phrase quoted inside quoted speech is still found.
QUOTES = tuple(re.compile(f"{o}([^{o}{c}]*){c}") for o, c in ("“”", "「」", "‘’", "『』"))
MIN_QUOTED_CJK = 3
MAX_QUOTED_CHARS = 16
SPEECH_MARKS = frozenset("。!?,;:…")          # after normalise (full-width ，！？ become half-width)
SPEECH_WORDS = frozenset("我你您")
MIN_PHRASE_CHARS, MAX_PHRASE_CHARS = 4, 8
MIN_PHRASE_ARTICLES = 3
PHRASE_SAMPLE = 500
# Written forms may carry these between the characters of a slogan.
JOINERS = "、+＋·・/／\\-－—~～ \t\r\n\u3000"


@lru_cache(maxsize=65536)
def _phrase_key(inner: str) -> str | None:
    """The compact text of a quoted text if it is a phrase, None if it is speech (or too short)."""
    norm = normalise(inner)
    if (sum(map(is_cjk, norm)) < MIN_QUOTED_CJK or SPEECH_MARKS.intersection(norm)
            or SPEECH_WORDS.intersection(norm)):
        return None
    key = compact(norm)
    return key if len(key) <= MAX_QUOTED_CHARS else None


def quoted_phrases(text: str) -> set[str]:
    """Compact forms of the phrases an article puts in quotation marks."""
    inners = (re.sub(r"\s+", "", m.group(1)) for quotes in QUOTES for m in quotes.finditer(text))
    return {key for key in map(_phrase_key, inners) if key}


def phrase_test():
    """Whether a word can be a recurring phrase: in our user dictionary of set phrases or coined by jieba's
    HMM (not common vocabulary), all CJK, of slogan length, not a place name."""
    known, ours = segmenter().FREQ, {normalise(w) for w in user_words()}

    def is_phrase(word: str) -> bool:
        return (MIN_PHRASE_CHARS <= len(word) <= MAX_PHRASE_CHARS and all(map(is_cjk, word))
                and (word in ours or not known.get(word)) and not districts.canonical(word))

    return is_phrase


def phrase_words(text: str, is_phrase) -> set[str]:
    """The candidate recurring phrases of one article (segmenting is the costly step: a sample only)."""
    return {w for w in words(normalise(text)) if is_phrase(w)}


def loose(key: str) -> re.Pattern:
    """Finds key as written: joiners (、 + spaces) may stand between its characters."""
    return re.compile(f"[{re.escape(JOINERS)}]*".join(map(re.escape, key)), re.IGNORECASE)


def article_text(article) -> str:
    """An article's searchable text (headline block, body, captions), as the index holds it."""
    return f"{headline_text(article)}\n{body_text(article)}"


def discover(articles) -> list[dict]:
    """Slogans of Article-like records (id, title, body, date, districts), most used first."""
    from search.slogan_counts import Tally

    tally = Tally()
    tally.read([("", d, a, compact_text(headline_text(a), body_text(a)).decode("utf-8"))
                for d, a in enumerate(articles)])
    return tally.slogans()


def entry(key: str, forms: Counter, users: list[dict], was_quoted: bool) -> dict:
    """The book's entry of one slogan from the records (date, districts) of the articles using it."""
    # The most written form; on a tie the longer one, which keeps its 、 or +.
    variants = sorted(forms, key=lambda f: (-forms[f], -len(f), f)) or [key]
    dates = sorted(u["date"] for u in users if u["date"])
    places = Counter(d for u in users for d in u["districts"])
    return {
        "text": variants[0],
        "count": len(users),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "districts": [{"value": d, "count": n} for d, n in sorted(places.items(), key=lambda i: (-i[1], i[0]))],
        "years": dict(sorted(Counter(d[:4] for d in dates).items())),
        "variants": variants,
        "quoted": was_quoted,
    }


def counts(folder: Path):
    """(the per-article records of search.slogan_counts, the commit they are of), brought up to date with
    the index in folder: only what changed since they were stored is read."""
    from whoosh import index as whoosh_index

    from search.slogan_counts import Tally

    tally = Tally.load(folder)
    with whoosh_index.open_dir(folder).searcher() as searcher:
        tally.update(searcher)
        return tally, searcher.reader().generation()


def _tally(folder: Path):
    """The up-to-date records (`counts`) and the slogan book's data made from them."""
    tally, stamp = counts(folder)
    records = list(tally.records())
    slogans = tally.slogans()
    reporters = _counted(name for rec in records for name in rec.get("reporters", ()))
    places = _counted(d for rec in records for d in rec["districts"])
    return tally, {"slogans": slogans, "titles": tally.titles(), "reporters": reporters, "districts": places,
                   "pinyin": pinyin_keys((e["text"] for e in (*slogans, *reporters, *places, *_all_districts())),
                                         _stored_pinyin(folder)),
                   "generation": stamp}


def _stored_pinyin(folder: Path) -> dict[str, list[str]]:
    """The pinyin keys stored with the book before this write; none for a new build or an unreadable file
    (the keys are then converted again)."""
    try:
        stored = json.loads((folder / FILE).read_text(encoding="utf-8")).get("pinyin")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {text: keys for text, keys in stored.items()
            if isinstance(keys, list) and len(keys) == 2 and all(isinstance(k, str) for k in keys)}


def derive(folder: Path) -> dict:
    """The slogans of the index in folder, with what suggestions need (titles, reporters, districts and
    their pinyin keys) and the commit they are of."""
    return _tally(Path(folder))[1]


def _all_districts() -> list[dict]:
    return [{"text": d} for d in districts.DISTRICTS]


def _counted(names) -> list[dict]:
    """[{"text", "count"}], most used first: the suggestion box's reporters and districts."""
    return [{"text": n, "count": c} for n, c in sorted(Counter(names).items(), key=lambda i: (-i[1], i[0]))]


def store(folder: Path):
    """Bring the slogans of the index in folder up to date and write them to folder/slogans.json, with
    the per-article counts the next add or remove starts from; readers see the old file or the new
    one, never half of one. Returns the counts and their commit, which coverage is counted from."""
    folder = Path(folder)
    tally, data = _tally(folder)
    tally.save(folder)
    tmp = folder / f".{FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / FILE)
    return tally, data["generation"]


class SloganBook:
    """The slogans, titles, reporters and districts of one build, with lookup keys computed once so
    suggestions stay under 1 ms (pinyin keys on the first query in Latin letters)."""

    def __init__(self, slogans: list[dict], titles: list[dict], reporters: list[dict] = (),
                 places: list[dict] = (), pinyin: dict[str, list[str]] | None = None):
        self._slogans = sorted(slogans, key=lambda e: (-e["count"], e["text"]))
        keys = [compact(e["text"]) for e in self._slogans]
        self._by_key = dict(zip(keys, self._slogans))
        self._chars = [set(k) for k in keys]
        self._slogan_keys = _Keys(keys)
        self._titles = titles
        self._title_keys = _Keys([compact(t["title"]) for t in titles])
        # Districts with no article yet are still places a user may look for.
        places = [*places, *({"text": d, "count": 0} for d in districts.DISTRICTS
                             if d not in {p["text"] for p in places})]
        self._names = ([{"text": e["text"], "kind": "slogan", "count": e["count"]} for e in self._slogans]
                       + [{"text": p["text"], "kind": "district", "count": p["count"]} for p in places]
                       + [{"text": r["text"], "kind": "reporter", "count": r["count"]} for r in reporters])
        self._people_places = self._names[len(self._slogans):]
        self._people_place_keys = _Keys([compact(e["text"]) for e in self._people_places])
        self._pinyin = PinyinIndex(self._names, pinyin)

    @classmethod
    def load(cls, folder: Path) -> SloganBook:
        """The book stored in a build folder; an empty one when the build has none. A file older than the
        index (a writer killed between its commit and storing the slogans) is derived afresh, in memory:
        the next writer stores it."""
        path = Path(folder) / FILE
        if not path.exists():
            return cls([], [])
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("generation") != latest_generation(folder):
            data = derive(folder)
        return cls(data["slogans"], data["titles"], data.get("reporters", []), data.get("districts", []),
                   data.get("pinyin"))

    def entries(self, district: str | None = None) -> list[dict]:
        """All slogans, or those used in a district (any of its names), most used first."""
        if district is None:
            return list(self._slogans)
        name = districts.canonical(district) or district
        return [e for e in self._slogans if any(d["value"] == name for d in e["districts"])]

    def find(self, text: str) -> dict | None:
        """The slogan however it is typed: with or without its 、 or +, traditional or simplified."""
        return self._by_key.get(compact(text))

    def suggest(self, q: str, limit: int = 10) -> list[dict]:
        """Slogans, districts and reporters whose pinyin starts with what was typed in Latin letters;
        then slogans, then districts and reporters, then titles containing it, those starting with it
        first. Each but a title carries the query that finds it (a title links to its article)."""
        typed = compact(q)
        if not typed or limit <= 0:
            return []
        found = self._pinyin.matches(q, limit)
        found += [{"text": self._slogans[i]["text"], "kind": "slogan", "count": self._slogans[i]["count"]}
                  for i in self._slogan_keys.matches(typed, limit - len(found))]
        found += [self._people_places[i] for i in self._people_place_keys.matches(typed, limit)]
        found = list({e["text"] + e["kind"]: e for e in found}.values())[:limit]
        found = [{**e, "query": SUGGESTED_QUERY[e["kind"]].format(e["text"])} for e in found]
        titles = [{"text": self._titles[i]["title"], "kind": "title", "id": self._titles[i]["id"]}
                  for i in self._title_keys.matches(typed, limit - len(found))]
        return found + titles

    def nearest(self, text: str, limit: int = 5) -> list[dict]:
        """Slogans sharing the most characters with text: what a quoted phrase that matched nothing was
        probably meant to be."""
        chars = set(compact(text))
        scored = sorted((-len(chars & own), len(own - chars), i)
                        for i, own in enumerate(self._chars) if chars & own)
        return [self._slogans[i] for _, _, i in scored[:limit]]


class _Keys:
    """Compact keys of many short texts joined into one string, so finding what was typed runs in C:
    a few finds over 20,000 titles take well under a millisecond."""

    def __init__(self, keys: list[str]):
        self._text = "".join(f"\n{key}" for key in keys)
        self._starts = list(accumulate((len(key) + 1 for key in keys[:-1]), initial=0))

    def matches(self, typed: str, limit: int) -> list[int]:
        """Indexes of the first keys starting with typed, then of those containing it, in the keys' order."""
        starting = self._find(f"\n{typed}", limit, at_start=True)
        return starting + self._find(typed, limit - len(starting), at_start=False)

    def _find(self, needle: str, limit: int, at_start: bool) -> list[int]:
        """Each key holding needle once; without at_start, those where it stands at the start are skipped."""
        found: list[int] = []
        at = self._text.find(needle)
        while at >= 0 and len(found) < limit:
            i = bisect_right(self._starts, at) - 1
            if at_start or at != self._starts[i] + 1:
                found.append(i)
            at = self._text.find(needle, self._starts[i + 1] if i + 1 < len(self._starts) else len(self._text))
        return found
