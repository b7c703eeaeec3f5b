"""From a parsed query's tree to the form the engine evaluates, within the caps on a query's work.

The tree (search.query's parser) becomes an AND of clauses, each an OR of alternatives, each an AND of
units: groups are multiplied out (at most MAX_ALTERNATIVES alternatives per clause) and negated parts
become the query's exclusions. Then the caps: each unit costs a posting-list walk, a lone CJK character one
per bigram starting with it (hundreds), each exclusion a full match; past the caps the rest of the query
is dropped and listed in a notice, so a crafted query (a hundred single characters, a hundred exclusions)
answers at the price of an ordinary one instead of stalling.
"""
from __future__ import annotations

from search.analysis import compact, is_cjk
from search.parsed import Alternative, ParsedQuery, Unit

MAX_ALTERNATIVES = 32       # a clause's alternatives once groups are multiplied out
MAX_UNITS = 12            # positive units (words and phrases) over all clauses and OR alternatives
MAX_SINGLE_CHARS = 3      # lone CJK characters, searched and excluded together
MAX_EXCLUDED = 5          # exclusions
SHOWN_DROPPED = 20        # dropped parts named in the notice; the rest are counted


def without_negations(node, excluded: list, notices: list[str], under_or: bool = False):
    """The node with its negated parts moved to the query's exclusions (they exclude from the whole query)."""
    kind = node[0]
    if kind == "not":
        if under_or:
            text = "括号内的排除条件对整个查询生效。"
            if text not in notices:
                notices.append(text)
        excluded.extend(dnf(without_negations(node[1], [], notices) or ("and", []), notices))
        return None
    if kind == "leaf":
        return node
    children = [without_negations(c, excluded, notices, under_or or kind == "or") for c in node[1]]
    children = [c for c in children if c is not None]
    return (kind, children) if children else None


def dnf(node, notices: list[str]) -> list[Alternative]:
    """The alternatives (each an AND of units) whose OR the node means."""
    kind = node[0]
    if kind == "leaf":
        out = list(node[1])
    elif kind == "or":
        out = [alt for child in node[1] for alt in dnf(child, notices)]
    else:
        out = [()]
        for child in node[1]:
            options = dnf(child, notices)
            out = [tuple(dict.fromkeys(a + b)) for a in out for b in options][:MAX_ALTERNATIVES * 4]
    out = [alt for alt in dict.fromkeys(out) if alt]
    if len(out) > MAX_ALTERNATIVES:
        notices.append(f"查询展开后的组合过多，只按前 {MAX_ALTERNATIVES} 种组合搜索。")
        out = out[:MAX_ALTERNATIVES]
    return out


def top_level_parts(item) -> list:
    """A top-level AND as separate clauses rather than multiplied out: the words of a token stay one
    alternative (their standing together ranks), each OR among them (an expanded alias) its own clause,
    so `全力推动全会部署在经开区落地生根` is searched once plus 经开区's names, not once per name."""
    if item is None:
        return []
    if item[0] != "and":
        return [item]
    def single(c) -> bool:
        return c[0] == "leaf" and len(c[1]) == 1
    if all(map(single, item[1])):
        return [item]
    units = tuple(dict.fromkeys(u for c in item[1] if single(c) for u in c[1][0]))
    parts, placed = [], False
    for c in item[1]:                            # the merged words where the first of them stood
        if not single(c):
            parts.append(c)
        elif not placed:
            parts.append(("leaf", [units]))
            placed = True
    return parts


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


def within_budget(parsed: ParsedQuery) -> None:
    """Keeps what fits the caps, in reading order: the clauses' units, then the exclusions."""
    budget = _Budget()
    clauses = []
    for clause in parsed.clauses:
        if kept := [alt for alt in (budget.admit(a, False) for a in clause) if alt]:
            clauses.append(list(dict.fromkeys(kept)))
    parsed.clauses = clauses
    parsed.excluded = [alt for alt in (budget.admit(a, True) for a in parsed.excluded) if alt]
    if notice := budget.notice():
        parsed.notices.append(notice)
