"""Query building: the user's text becomes a `ParsedQuery` (units, OR groups, exclusions, notices).

Pure and index-free, so it is tested on its own. Syntax: words (segmented, all required), "quoted
phrases" (also “…” 「…」 『…』), -exclusion, OR between terms, title:X, district:X. Malformed input
never raises: it is cleaned up and the notice says what was changed.

A query's work is bounded here, before it reaches the index: each unit costs a posting-list walk, a
lone CJK character costs one per bigram starting with it (hundreds), and each exclusion a full match.
Past the caps the rest of the query is dropped and listed in a notice, so a crafted query (a hundred
single characters, a hundred exclusions) answers at the price of an ordinary one instead of stalling.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from search import districts as gazetteer
from search.analysis import compact, is_cjk, normalise, query_words

MAX_QUERY_CHARS = 200
MAX_UNITS = 12            # positive units (words and phrases) over all clauses and OR alternatives
MAX_SINGLE_CHARS = 3      # lone CJK characters, searched and excluded together
MAX_EXCLUDED = 5          # exclusions
SHOWN_DROPPED = 20        # dropped parts named in the notice; the rest are counted
QUOTES = str.maketrans({c: '"' for c in "“”「」『』＂‘’"})
TOKEN = re.compile(r'(-?)(?:(title|district):)?(?:"([^"]*)"|(\S+))')


@dataclass(frozen=True)
class Unit:
    """One thing to find: a word (matched as segmented, or inside a longer word) or an exact phrase."""
    text: str
    phrase: bool = False
    title_only: bool = False


Alternative = tuple[Unit, ...]           # all units required


def unit_words(units: list[Unit]) -> list[str]:
    """The words ranking scores: word units as they are, phrases segmented; once each, in query order."""
    return list(dict.fromkeys(w for u in units for w in (query_words(u.text) if u.phrase else [u.text])))


@dataclass
class ParsedQuery:
    clauses: list[list[Alternative]] = field(default_factory=list)   # AND of clauses, each an OR
    excluded: list[Alternative] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    text: str = ""                                # the cleaned query text the rest was read from
    district_spans: list[tuple[str, int, int]] = field(default_factory=list)   # (district, start, end) in text

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
        return " ".join(self.text.replace('"', " ").split())

    def without_districts(self, *districts: str) -> str:
        """The query text with every `district:` naming these districts (all of them, if none is named)
        taken out."""
        text = self.text
        for name, start, end in reversed(self.district_spans):
            if name in districts or not districts:
                text = text[:start] + " " + text[end:]
        return " ".join(text.split())

    def any_word(self) -> ParsedQuery | None:
        """The fallback when nothing matches every unit: one OR over all of them (None if nothing changes)."""
        units = self.units
        if len(units) < 2:
            return None
        return ParsedQuery([[(u,) for u in units]], self.excluded, self.districts, list(self.notices),
                           self.text, self.district_spans)


def clean(text: str, notices: list[str]) -> str:
    """Control characters out, length capped, every kind of quote mark made one, lone quotes dropped."""
    cleaned = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text or "")
    if cleaned.strip() != (text or "").strip():
        notices.append("已去除查询中的控制字符。")
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        notices.append(f"查询过长，只按前 {MAX_QUERY_CHARS} 个字符搜索。")
    cleaned = cleaned.translate(QUOTES)
    if cleaned.count('"') % 2:
        at = cleaned.rindex('"')
        cleaned = cleaned[:at] + " " + cleaned[at + 1:]
        notices.append("引号不成对，已忽略多余的引号。")
    return cleaned


def _units(text: str, quoted: bool, title_only: bool) -> Alternative:
    if quoted:
        return (Unit(normalise(text).strip(), True, title_only),) if compact(text) else ()
    return tuple(Unit(w, False, title_only) for w in query_words(text))


def _lone_character(unit: Unit) -> bool:
    """One CJK character: found through every bigram it starts, so it costs hundreds of posting lists."""
    text = compact(unit.text)
    return len(text) == 1 and is_cjk(text)


class _Budget:
    """What is left of the caps while the query is read left to right; what did not fit, in order."""

    def __init__(self):
        self.units, self.single_chars, self.excluded = MAX_UNITS, MAX_SINGLE_CHARS, MAX_EXCLUDED
        self.dropped: list[str] = []

    def admit(self, alternative: Alternative, excluded: bool) -> Alternative:
        """The units of an alternative that fit. A search term partly kept still requires what it keeps;
        an exclusion is kept whole or not at all (excluding part of it would hide more than asked)."""
        singles = [_lone_character(u) for u in alternative]
        if excluded:
            if self.excluded <= 0 or sum(singles) > self.single_chars:
                self.dropped.append("-" + "".join(u.text for u in alternative))
                return ()
            self.excluded -= 1
            self.single_chars -= sum(singles)
            return alternative
        kept = []
        for unit, single in zip(alternative, singles):
            if self.units <= 0 or (single and self.single_chars <= 0):
                self.dropped.append(unit.text)
                continue
            self.units -= 1
            self.single_chars -= single
            kept.append(unit)
        return tuple(kept)

    def notice(self) -> str | None:
        if not self.dropped:
            return None
        dropped = list(dict.fromkeys(self.dropped))
        shown = "、".join(dropped[:SHOWN_DROPPED])
        more = f" 等 {len(dropped)} 项" if len(dropped) > SHOWN_DROPPED else ""
        return (f"查询过于复杂，已忽略：{shown}{more}（每次最多 {MAX_UNITS} 个词、{MAX_SINGLE_CHARS} 个单字、"
                f"{MAX_EXCLUDED} 个排除项）。")


def parse(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    budget = _Budget()
    cleaned = parsed.text = clean(text, parsed.notices)
    pending_or = False
    for match in TOKEN.finditer(cleaned):
        minus, prefix, quoted, plain = match.groups()
        raw = quoted if quoted is not None else plain
        if plain == "OR" and not minus and not prefix:
            pending_or = bool(parsed.clauses)
            continue
        if prefix == "district":
            parsed.districts.append(gazetteer.canonical(raw) or raw)
            parsed.district_spans.append((parsed.districts[-1], *match.span()))
            continue
        if plain in ("title:", "district:") or (prefix and not raw.strip()):
            parsed.notices.append(f"“{prefix or plain.rstrip(':')}:” 后面没有内容，已忽略。")
            continue
        units = _units(raw, quoted is not None, prefix == "title")
        alternative = budget.admit(units, bool(minus))
        if not alternative:
            pending_or = pending_or and not units      # an OR around a dropped part joins nothing
            continue
        if minus:
            parsed.excluded.append(alternative)
        elif pending_or:
            parsed.clauses[-1].append(alternative)
        else:
            parsed.clauses.append([alternative])
        pending_or = False
    if notice := budget.notice():
        parsed.notices.append(notice)
    return parsed
