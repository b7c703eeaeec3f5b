"""Proximity and wildcard units on the compact text: whether a document holds one, which characters
fill a wildcard's slot, and the highlight patterns for both.

The compact text (title|body, normalised, letters and digits only) is what exact phrases are confirmed
against, so "A B"~N counts the characters between A and B without punctuation or spaces, and a
wildcard slot (`*`, one character each) stands for letters or digits only. Neither spans the title|body
separator. Plain words and phrases are a substring test; callers handle those themselves.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from search.analysis import is_word_char, normalise
from search.query import Unit
from search.schema import COMPACT_SEPARATOR

GAP = r"[^\w]*"          # what may stand between a phrase's characters in the stored text


def needs_check(unit: Unit) -> bool:
    """Units whose gram lookup only finds candidates: each candidate's compact text decides."""
    return bool(unit.near) or unit.wildcard


def _slot(unit: Unit) -> re.Pattern:
    """The wildcard phrase on compact text, the slot captured: 万人助万* → 万人助万(.)."""
    head, stars, tail = re.match(r"([^*]*)(\*+)(.*)", unit.text).groups()
    return re.compile(f"(?={re.escape(head)}([^{re.escape(COMPACT_SEPARATOR)}]{{{len(stars)}}}){re.escape(tail)})")


def _within(parts: list[str], text: str, near: int) -> bool:
    """Whether one occurrence of each part lies in a stretch holding at most `near` other characters:
    for two parts, at most `near` characters between them (either order, overlap allowed)."""
    events = sorted((m.start(), m.start() + len(p), k) for k, p in enumerate(parts)
                    for m in re.finditer(f"(?={re.escape(p)})", text))
    if len({k for _, _, k in events}) < len(parts):
        return False
    budget = near + sum(map(len, parts))
    latest: dict[int, tuple[int, int]] = {}          # part → its last occurrence so far (start, end)
    for start, end, k in events:
        latest[k] = (start, end)
        if len(latest) == len(parts):
            first = min(s for s, _ in latest.values())
            last = max(e for _, e in latest.values())
            if last - first <= budget:
                return True
    return False


def checker(unit: Unit) -> Callable[[str], bool]:
    """A test on one document's compact text (decoded) for a proximity or wildcard unit."""
    if unit.near:
        parts = unit.pieces
        return lambda text: any(_within(parts, field, unit.near) for field in _fields(text, unit))
    pattern = _slot(unit)
    return lambda text: any(pattern.search(field) for field in _fields(text, unit))


def _fields(text: str, unit: Unit) -> list[str]:
    title, _, body = text.partition(COMPACT_SEPARATOR)
    return [title] if unit.title_only else [title, body]


def fillers(unit: Unit, texts: Iterable[str], limit: int) -> list[tuple[str, int]]:
    """The most frequent fillers of a wildcard's slot with the number of documents each is in."""
    pattern = _slot(unit)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update({m.group(1) for field in _fields(text, unit) for m in pattern.finditer(field)})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def filled(unit: Unit, filler: str) -> str:
    """The wildcard phrase with its slot filled: what a filler's link searches for."""
    return re.sub(r"\*+", filler, unit.text, count=1)


def highlight_patterns(unit: Unit) -> list[re.Pattern]:
    """Patterns on normalised stored text: each word of a proximity unit; a wildcard phrase with its
    slot standing for as many letters or digits, whatever punctuation stands between."""
    if unit.near:
        return [_loose(part) for part in unit.pieces]
    chars = [r"[^\W_]" if c == "*" else re.escape(c) for c in normalise(unit.text) if is_word_char(c) or c == "*"]
    return [re.compile(GAP.join(chars))]


def _loose(text: str) -> re.Pattern:
    return re.compile(GAP.join(re.escape(c) for c in normalise(text) if is_word_char(c)))
