"""Matching: the documents a `ParsedQuery` selects, as a boolean array over document numbers.

Boolean arrays make OR, exclusion, phrase checks and facet counts exact over the whole result set. A unit
(word or phrase) is looked up by its CJK bigrams, cheapest first, and the remaining candidates are checked
against the compact text column (normalised title|body without punctuation) as soon as checking them is
cheaper than decoding more posting lists (for a common lone character, whose bigrams are hundreds of lists,
that is at once); quoted phrases are always checked, so they match exactly, each where its grams' first
places say it must start (search.compact_column compares it there). Proximity and wildcard units
are looked up by the grams of their fixed pieces and always checked (search.patterns). A bare word group
that is a reporter's name also matches that reporter's articles.

One query must not hold a worker for seconds (search.clauses caps its size). Before running, each clause
and exclusion is charged its predicted cost from document frequencies; clauses run cheapest first, and
one whose cost does not fit in what is left of the budget is skipped (never the first), as is everything
once the query has used its CPU time. The answer is what the rest found, with a notice naming what was not applied.
"""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from search import patterns
from search.analysis import compact, gram_firsts, is_cjk, query_grams
from search.compact_column import Needle
from search.query import Alternative, ParsedQuery, Unit
from search.schema import COMPACT_SEPARATOR, FIRST_CAP
from search.snapshot import Snapshot

# Relative costs (µs) of decoding one posting, taking one posting already decoded (search.posting_cache),
# opening one posting list (in each of the ~10 segments of a 20,000-article build) and checking one
# document's compact text.
# (Taking a kept list is setting its documents in a mask: ~0.15 ms for 100,000 postings.)
DECODE_COST, CACHED_COST, LIST_COST, CHECK_COST = 0.5, 0.005, 250.0, 3.0
# A decoded list is kept and serves the next queries, while checking is paid again by each of them: against
# checking, decoding is weighed at this share of its cost. (A long unquoted string is a dozen words; left
# undecoded, each is searched for in every candidate's text, query after query: 企业 in 4,000 candidates
# of 100,000 articles took 6 ms a query, decoding its list once ~20 ms.)
DECODE_WEIGHT = 0.1
TIME_BUDGET = 0.3         # seconds of CPU one search may spend matching (and its fallback), predicted and spent


class Budget:
    """What one search may still spend matching, and the parts of the query it left out. Counted in the
    thread's CPU time, so a query waiting for a busy CPU is not cut short."""

    def __init__(self, seconds: float | None = None):
        seconds = TIME_BUDGET if seconds is None else seconds
        self.predicted_us = seconds * 1e6
        self.deadline = time.thread_time() + seconds
        self.skipped: list[str] = []

    def charge(self, cost_us: float, first: bool) -> bool:
        """Whether work of this predicted cost may run; the first clause always runs."""
        if not first and (cost_us > self.predicted_us or time.thread_time() > self.deadline):
            return False
        self.predicted_us -= cost_us
        return True

    def notice(self) -> str | None:
        if not self.skipped:
            return None
        return f"查询耗时过多，以下结果未按“{'”“'.join(dict.fromkeys(self.skipped))}”筛选。"


def _gram_fields(unit: Unit) -> tuple[str, ...]:
    return ("title_grams",) if unit.title_only else ("title_grams", "body_grams")


class Lookup(NamedTuple):
    gram: str
    terms: list[tuple[str, str]]     # the (field, term) posting lists it is found in
    cost: float                      # of taking them now, µs
    weighed: float                   # the cost weighed against checking candidates (DECODE_WEIGHT)
    exact: bool                      # the lists are the gram's own (not every bigram a lone character starts)


Plan = list[tuple[Unit, list[Lookup]]]            # per unit, its grams' lookups, cheapest first
Placed = list[tuple[np.ndarray, int]]             # a phrase's decoded grams: first places by document, offset
NOWHERE = np.iinfo(np.int32).max                  # the first place of a gram a document lacks


def _lookup(snap: Snapshot, unit: Unit, gram: str) -> Lookup:
    """The posting lists a gram is found in and what decoding them costs; a lone character is found in
    every bigram it starts (hundreds of lists for a common one)."""
    fields = _gram_fields(unit)
    if len(gram) == 1 and is_cjk(gram):
        terms = [(f, t) for f in fields for t in snap.postings.expand_prefix(f, gram)]
        return Lookup(gram, terms, len(terms) * LIST_COST, len(terms) * LIST_COST, False)
    cached = [snap.postings.frequency(f, gram) * CACHED_COST for f in fields if snap.postings.has(f, gram)]
    decoded = [snap.postings.frequency(f, gram) * DECODE_COST for f in fields if not snap.postings.has(f, gram)]
    return Lookup(gram, [(f, gram) for f in fields], sum(cached) + sum(decoded),
                  sum(cached) + DECODE_WEIGHT * sum(decoded), True)


def _plan(snap: Snapshot, alternative: Alternative) -> Plan:
    plans = []
    for unit in alternative:
        grams = dict.fromkeys(g for piece in unit.pieces for g in query_grams(piece))
        lookups = sorted((_lookup(snap, unit, g) for g in grams), key=lambda lk: lk.cost)
        if lookups:
            plans.append((unit, lookups))
    return sorted(plans, key=lambda p: p[1][0].cost)


def _cost(snap: Snapshot, plan: Plan) -> float:
    """Predicted µs: each unit's cheapest lookup, or checking every document's text where that is cheaper."""
    everything = snap.cols.size * CHECK_COST
    return sum(min(lookups[0].cost, everything) for _, lookups in plan)


def _docs(snap: Snapshot, terms: list[tuple[str, str]]) -> np.ndarray:
    mask = np.zeros(snap.cols.size, dtype=bool)
    for f, term in terms:
        mask[snap.postings.firsts(f, term)[0]] = True
    return mask


def _firsts(snap: Snapshot, terms: list[tuple[str, str]]) -> np.ndarray:
    """Per document, the first place in its compact text of any of the posting lists' terms; NOWHERE
    where it holds none."""
    firsts = np.full(snap.cols.size, NOWHERE, dtype=np.int32)
    for f, term in terms:
        ids, places = snap.postings.firsts(f, term)
        firsts[ids] = np.minimum(firsts[ids], places)
    return firsts


def _placed(snap: Snapshot, unit: Unit, decoded: list[Lookup]) -> Placed:
    """The first places of a unit's decoded grams, for checking it where it must start: only for a unit
    that is checked (most words are not), from lists the posting store now holds."""
    if patterns.needs_check(unit):
        return []
    offsets = gram_firsts(unit.text)
    return [(_firsts(snap, lookup.terms), offsets[lookup.gram]) for lookup in decoded
            if lookup.exact and lookup.gram in offsets]


def _alternative_docs(snap: Snapshot, plan: Plan) -> np.ndarray:
    """Documents holding every unit: intersect gram postings, cheapest first, then check the rest. A plain
    phrase is checked from the place its decoded grams' first places give (`_needle`)."""
    mask: np.ndarray | None = None
    to_check: list[tuple[Unit, Placed]] = []
    for unit, lookups in plan:
        decoded = 0
        for lookup in lookups:
            candidates = np.count_nonzero(mask) if mask is not None else snap.cols.size
            if candidates * CHECK_COST < lookup.weighed:
                break                      # cheaper to check the candidates' text (all, for a common character)
            docs = _docs(snap, lookup.terms)
            if mask is None:
                mask = docs
            else:
                mask &= docs
            decoded += 1
        if decoded < len(lookups) or (unit.phrase and len(lookups) > 1) or patterns.needs_check(unit):
            to_check.append((unit, _placed(snap, unit, lookups[:decoded])))
    if mask is None:
        mask = snap.cols.live.copy() if to_check else np.zeros(snap.cols.size, dtype=bool)
    mask &= snap.cols.live
    if to_check and mask.any():
        mask = _checked(snap, mask, to_check)
    return mask


def _text(alternative: Alternative) -> str:
    return "".join(u.text for u in alternative)


def _needle(unit: Unit, placed: Placed, docnums: np.ndarray) -> Needle:
    """The unit as search.compact_column checks it. Per candidate, a place its first occurrence cannot
    precede: the latest of its decoded grams' first places less their offsets in it (each gram stands
    there in that occurrence, so no later than its own first place). When every gram of the unit was
    decoded and none repeats in it, a candidate where each gram first stands exactly at that place plus
    its offset holds the unit there: the grams cover every character of it, one after another."""
    needle = compact(unit.text).encode("utf-8")
    if not placed:
        return needle, unit.title_only, None, None
    firsts = np.stack([f[docnums] for f, _ in placed])
    starts = firsts - np.array([offset for _, offset in placed], dtype=np.int32)[:, None]
    earliest = starts.max(axis=0)
    grams = query_grams(unit.text)
    if len(placed) < len(grams) or len(set(grams)) < len(grams):
        return needle, unit.title_only, earliest, None
    return needle, unit.title_only, earliest, (starts == earliest).all(axis=0) & (firsts < FIRST_CAP).all(axis=0)


def _checked(snap: Snapshot, mask: np.ndarray, units: list[tuple[Unit, Placed]]) -> np.ndarray:
    docnums = np.flatnonzero(mask)
    needles = [_needle(u, placed, docnums) for u, placed in units if not patterns.needs_check(u)]
    tests = [patterns.checker(u) for u, _ in units if patterns.needs_check(u)]
    docs = snap.cols.compact.holding(docnums, needles, COMPACT_SEPARATOR.encode())
    if tests:       # proximity and wildcard phrases: a pattern over each remaining candidate's text
        docs = np.asarray([d for d in docs.tolist() if all(test(snap.cols.compact.text(d)) for test in tests)],
                          dtype=np.int64)
    out = np.zeros_like(mask)
    out[docs] = True
    return out


def _reporter_name(snap: Snapshot, alternative: Alternative) -> str | None:
    """The reporter an unquoted word group names (王赛华, which jieba splits as 王 赛华), if any."""
    if any(u.phrase or u.title_only for u in alternative):
        return None
    name = _text(alternative)
    return name if snap.reporters.known(name) else None


def reporter_names(snap: Snapshot, parsed: ParsedQuery) -> list[str]:
    """The reporters the query's word groups name: their articles match too (for the explain line)."""
    found = (_reporter_name(snap, alt) for clause in parsed.clauses for alt in clause)
    return list(dict.fromkeys(name for name in found if name))


def matching(snap: Snapshot, parsed: ParsedQuery, budget: Budget | None = None) -> np.ndarray:
    """Live documents matching every clause (one of its alternatives each) and no exclusion, as far as
    the budget allows (what it skipped is in `budget.skipped`)."""
    budget = budget or Budget()
    mask = snap.cols.live.copy()
    clauses = []
    for clause in parsed.clauses:
        plans = [(_text(alternative), _plan(snap, alternative), _reporter_name(snap, alternative))
                 for alternative in clause]
        clauses.append((sum(_cost(snap, plan) for _, plan, _ in plans), plans))
    clauses.sort(key=lambda c: c[0])                  # AND is commutative: the cheapest clauses first
    for k, (cost, plans) in enumerate(clauses):
        if not budget.charge(cost, first=k == 0):
            budget.skipped.extend(" OR ".join(text for text, _, _ in later) for _, later in clauses[k:])
            break
        either = np.zeros_like(mask)
        for _, plan, reporter in plans:
            either |= _alternative_docs(snap, plan)
            if reporter:
                either |= snap.reporters.mask([reporter]) & snap.cols.live
        mask &= either
        if not mask.any():
            return mask
    for alternative in parsed.excluded:
        plan = _plan(snap, alternative)
        if not budget.charge(_cost(snap, plan), first=False):
            budget.skipped.append("-" + _text(alternative))
            continue
        mask &= ~_alternative_docs(snap, plan)
    return mask
