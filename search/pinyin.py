"""Pinyin for the suggestion box: slogans, districts and reporters found by full pinyin or initials
(`wanrenzhu`, `wrzwq` → 万人助万企; `jinshui` → 金水区). Not used in full-text search.

The conversion is pypinyin's (MIT; about 4 MB installed, 1–2 s to import on this machine). The keys of
an index's slogans, reporters and districts are computed when it is built (slogans.json holds them);
for a book without them they are computed on the first query typed in Latin letters.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_left

LATIN = re.compile(r"[a-z]{2,}")
MIN_TYPED = 2            # one letter would match half the vocabulary


def typed_key(text: str) -> str | None:
    """What was typed as a pinyin key (letters only, lower-case, spaces and ' removed), or None."""
    key = re.sub(r"[\s'’]+", "", text or "").lower()
    return key if LATIN.fullmatch(key) else None


def keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of a text: 万人助万企 → ("wanrenzhuwanqi", "wrzwq"); punctuation is
    dropped, Latin letters and digits are kept as they are."""
    from pypinyin import lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(text)]
    syllables = [s for s in syllables if s]
    return "".join(syllables), "".join(s[0] for s in syllables)


def pinyin_keys(texts, known: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """text → [full pinyin, initials] for each text, to be stored with a build. `known` (the keys stored
    before an add) are taken as they are: converting 80,000 reporters' names anew took seconds per add."""
    known = known or {}
    return {text: known.get(text) or list(keys(text)) for text in dict.fromkeys(texts)}


class PinyinIndex:
    """Entries (dicts with a "text") looked up by the start of their full pinyin or initials. The closest
    completions come first (jinshui → 金水区 before 金水场景), then the order given (callers order by kind
    and frequency). Keys are kept sorted, so a lookup is two binary searches, not a scan."""

    def __init__(self, entries: list[dict], known: dict[str, list[str]] | None = None):
        """`known`: keys computed beforehand (text → [full, initials]); others are computed on first use."""
        self._entries = entries
        self._known = known or {}
        self._sorted: list[tuple[str, int]] | None = None
        self._lock = threading.Lock()

    def _ready(self) -> list[tuple[str, int]]:
        with self._lock:
            if self._sorted is None:
                pairs = [(key, i) for i, e in enumerate(self._entries)
                         for key in set(self._known.get(e["text"]) or keys(e["text"])) if key]
                self._sorted = sorted(pairs)
            return self._sorted

    def matches(self, typed: str, limit: int) -> list[dict]:
        key = typed_key(typed)
        if key is None or limit <= 0 or not self._entries:
            return []
        table = self._ready()
        extra: dict[int, int] = {}                  # entry → fewest letters left to type
        at = bisect_left(table, (key, -1))
        while at < len(table) and table[at][0].startswith(key):
            found, i = table[at]
            extra[i] = min(extra.get(i, len(found)), len(found) - len(key))
            at += 1
        best = sorted(extra, key=lambda i: (extra[i], i))[:limit]
        return [self._entries[i] for i in best]
