"""What a query was read as: units to find, alternatives and clauses, filters, aliases added, notices.

The parser (search.query) builds these; matching, ranking, highlighting and the explain line read them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from search.analysis import is_word_char, normalise, query_words
from search.dates import DateRange


@dataclass(frozen=True)
class Unit:
    """One thing to find: a word (matched as segmented, or inside a longer word), an exact phrase, words
    near each other (`near` > 0: the words, space-separated, within `near` characters) or a phrase with
    one wildcard slot (a run of * in `text`, each one character)."""
    text: str
    phrase: bool = False
    title_only: bool = False
    near: int = 0

    @property
    def wildcard(self) -> bool:
        return self.phrase and "*" in self.text

    @property
    def pieces(self) -> list[str]:
        """The fixed texts the unit's documents must hold: what candidates are looked up by."""
        if self.near:
            return self.text.split()
        if self.wildcard:
            return [p for p in self.text.split("*") if p]
        return [self.text]


Alternative = tuple[Unit, ...]           # all units required


def unit_words(units: list[Unit]) -> list[str]:
    """The words ranking scores: word units as they are, phrases segmented; once each, in query order."""
    return list(dict.fromkeys(w for u in units for w in (query_words(" ".join(u.pieces)) if u.phrase else [u.text])))


@dataclass
class ParsedQuery:
    clauses: list[list[Alternative]] = field(default_factory=list)   # AND of clauses, each an OR
    excluded: list[Alternative] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    dates: list[DateRange] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)    # word → names added (or, not expanding, addable)
    text: str = ""                                # the cleaned query text the rest was read from
    filter_spans: list[tuple[str, str, int, int]] = field(default_factory=list)  # (facet, value, start, end)

    @property
    def units(self) -> list[Unit]:
        """Positive units in query order, once each: what highlighting marks."""
        seen: dict[Unit, None] = {}
        for clause in self.clauses:
            for alternative in clause:
                seen.update(dict.fromkeys(alternative))
        return list(seen)

    @property
    def words(self) -> list[str]:
        return unit_words(self.units)

    @property
    def phrases(self) -> list[str]:
        return [u.text for u in self.units if u.phrase]

    def unquoted(self) -> str:
        """The query text with its quote marks taken out: the phrases searched as words."""
        return " ".join(re.sub(r'"~\d+', '"', self.text).replace('"', " ").replace("*", "").split())

    def without(self, facet: str, value: str) -> str:
        """The query text with every filter `facet:` naming this value taken out."""
        return self._dropping(lambda name, filtered: (name, filtered) == (facet, value))

    def without_filters(self) -> str:
        """The query text with all its `district:`, `reporter:` and `date:` filters taken out."""
        return self._dropping(lambda name, filtered: True)

    def _dropping(self, drop) -> str:
        text = self.text
        for name, filtered, start, end in sorted(self.filter_spans, key=lambda s: -s[2]):
            if drop(name, filtered):
                text = text[:start] + " " + text[end:]
        return " ".join(text.split())

    def with_filler(self, unit: Unit, filler: str) -> str:
        """The query text with the wildcard phrase of `unit` filled in: what a filler's link searches."""
        def fill(match: re.Match) -> str:
            inner = match.group(1)
            key = "".join(c for c in normalise(inner) if c == "*" or is_word_char(c))
            if key.replace("*", "") != unit.text.replace("*", "") or "*" not in inner:
                return match.group()
            return '"' + re.sub(r"\*+", filler, inner, count=1).replace("*", "") + '"'
        return re.sub(r'"([^"]*)"(?!~)', fill, self.text)

    def any_word(self) -> ParsedQuery | None:
        """The fallback when nothing matches every unit: one OR over all of them (None if nothing changes)."""
        units = self.units
        if len(units) < 2:
            return None
        return replace(self, clauses=[[(u,) for u in units]], notices=list(self.notices))

    def explain(self) -> dict:
        """What the query was read as, for people asking why something was (not) found."""
        units = self.units
        added = {normalise(n) for names in self.aliases.values() for n in names}
        return {
            "words": [u.text for u in units if not u.phrase and u.text not in added],
            "phrases": [u.text for u in units if u.phrase and not u.near and not u.wildcard],
            "near": [{"words": u.pieces, "within": u.near} for u in units if u.near],
            "wildcards": [u.text for u in units if u.wildcard],
            "title_only": [u.text for u in units if u.title_only],
            "excluded": [" ".join(u.text for u in alternative) for alternative in self.excluded],
            "aliases": [{"word": w, "added": names} for w, names in self.aliases.items()],
            "alternatives": sum(len(clause) for clause in self.clauses),
        }
