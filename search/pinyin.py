"""Pinyin for the suggestion box: slogans, districts and reporters found by full pinyin or initials
(`wanrenzhu`, `wrzwq` → 万人助万企; `jinshui` → 金水区). Not used in full-text search.

The conversion is pypinyin's (MIT; about 4 MB installed, 1–2 s to import on this machine), so it is
imported, and the keys computed, on the first query typed in Latin letters, not when the app starts.
"""
from __future__ import annotations

import re
import threading

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


class PinyinIndex:
    """Entries (dicts with a "text") looked up by the start of their full pinyin or initials, in the
    order given (callers order by kind and frequency)."""

    def __init__(self, entries: list[dict]):
        self._entries = entries
        self._keys: list[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def _ready(self) -> list[tuple[str, str]]:
        with self._lock:
            if self._keys is None:
                self._keys = [keys(e["text"]) for e in self._entries]
            return self._keys

    def matches(self, typed: str, limit: int) -> list[dict]:
        key = typed_key(typed)
        if key is None or limit <= 0 or not self._entries:
            return []
        found = []
        for entry, (full, initials) in zip(self._entries, self._ready()):
            if full.startswith(key) or initials.startswith(key):
                found.append(entry)
                if len(found) == limit:
                    break
        return found
