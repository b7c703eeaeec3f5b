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
from search.parsed import Unit
from search.schema import COMPACT_SEPARATOR

GAP = r"[^\w]*"          # what may stand between a phrase's characters in the stored text
SEPARATOR = COMPACT_SEPARATOR.encode()
# One UTF-8 character other than the separator: wildcards run as bytes patterns on the stored column,
# so checking the many candidates of a common phrase decodes none of them.
CHAR = rb"(?:[\x00-\x7b\x7d-\x7f]|[\xc0-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf7][\x80-\xbf]{3})"


def needs_check(unit: Unit) -> bool:
    """Units whose gram lookup only finds candidates: each candidate's compact text decides."""
    return bool(unit.near) or unit.wildcard


def _slot(unit: Unit) -> re.Pattern:
    """The wildcard phrase on compact text (bytes), the slot captured: 万人助万* → 万人助万(.). A plain
    pattern, not one inside a lookahead: its literal start lets the regex engine skip ahead."""
    head, stars, tail = re.match(r"([^*]*)(\*+)(.*)", unit.text).groups()
    return re.compile(re.escape(head.encode()) + b"(" + CHAR * len(stars) + b")" + re.escape(tail.encode()))


def _fillers_in(pattern: re.Pattern, field: bytes) -> set[bytes]:
    """Every filler in one field, overlapping occurrences included (each search restarts one byte on)."""
    found, at = set(), 0
    while match := pattern.search(field, at):
        found.add(match.group(1))
        at = match.start() + 1
    return found


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


def checker(unit: Unit) -> Callable[[bytes], bool]:
    """A test on one document's compact text, as the column stores it, for a proximity or wildcard unit."""
    if unit.near:
        parts = unit.pieces
        encoded = [p.encode() for p in parts]
        return lambda text: (all(p in text for p in encoded)
                             and any(_within(parts, f.decode("utf-8"), unit.near) for f in _fields(text, unit)))
    pattern = _slot(unit)
    return lambda text: any(pattern.search(field) for field in _fields(text, unit))


def _fields(text: bytes, unit: Unit) -> list[bytes]:
    title, _, body = text.partition(SEPARATOR)
    return [title] if unit.title_only else [title, body]


def fillers(unit: Unit, texts: Iterable[bytes], limit: int) -> list[tuple[str, int]]:
    """The most frequent fillers of a wildcard's slot with the number of documents each is in."""
    pattern = _slot(unit)
    counts: Counter[bytes] = Counter()
    for text in texts:
        counts.update(set().union(*(_fillers_in(pattern, field) for field in _fields(text, unit))))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [(filler.decode("utf-8"), n) for filler, n in top]


def highlight_patterns(unit: Unit) -> list[re.Pattern]:
    """Patterns on normalised stored text: each word of a proximity unit; a wildcard phrase with its
    slot standing for as many letters or digits, whatever punctuation stands between."""
    if unit.near:
        return [_loose(part) for part in unit.pieces]
    chars = [r"[^\W_]" if c == "*" else re.escape(c) for c in normalise(unit.text) if is_word_char(c) or c == "*"]
    return [re.compile(GAP.join(chars))]


def _loose(text: str) -> re.Pattern:
    return re.compile(GAP.join(re.escape(c) for c in normalise(text) if is_word_char(c)))
