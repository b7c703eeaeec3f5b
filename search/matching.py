"""Matching: the documents a `ParsedQuery` selects, as a boolean array over document numbers.

Boolean arrays make OR, exclusion, phrase checks and facet counts exact over the whole result set. A unit
(word or phrase) is looked up by its CJK bigrams, rarest first, and the remaining candidates are checked
against the compact text column (normalised title|body without punctuation) as soon as checking them is
cheaper than decoding another posting list; quoted phrases are always checked, so they match exactly.
"""
from __future__ import annotations

import numpy as np

from search.analysis import compact, is_cjk, query_grams
from search.query import Alternative, ParsedQuery, Unit
from search.schema import COMPACT_SEPARATOR
from search.snapshot import Snapshot

# Relative costs (µs) of decoding one posting and checking one document's compact text.
DECODE_COST, CHECK_COST = 0.5, 3.0


def _gram_fields(unit: Unit) -> tuple[str, ...]:
    return ("title_grams",) if unit.title_only else ("title_grams", "body_grams")


def _gram_docs(snap: Snapshot, unit: Unit, gram: str) -> np.ndarray:
    mask = np.zeros(snap.cols.size, dtype=bool)
    for f in _gram_fields(unit):
        if len(gram) == 1 and is_cjk(gram):       # a lone character: every bigram starting with it
            terms = [t.decode("utf-8") for t in snap.reader.expand_prefix(f, gram)]
        else:
            terms = [gram]
        for term in terms:
            mask[snap.postings(f, term)[0]] = True
    return mask


def _df(snap: Snapshot, unit: Unit, gram: str) -> int:
    if len(gram) == 1 and is_cjk(gram):
        return snap.cols.size
    return sum(snap.postings.frequency(f, gram) for f in _gram_fields(unit))


def _alternative_docs(snap: Snapshot, alternative: Alternative) -> np.ndarray:
    """Documents holding every unit: intersect gram postings, rarest first, then check the rest."""
    plans = []
    for unit in alternative:
        grams = query_grams(unit.text)
        if not grams:
            continue
        dfs = {g: _df(snap, unit, g) for g in grams}
        plans.append((min(dfs.values()), unit, sorted(grams, key=dfs.get), dfs))
    plans.sort(key=lambda p: p[0])
    mask: np.ndarray | None = None
    to_check: list[Unit] = []
    for _, unit, grams, dfs in plans:
        intersected = 0
        for gram in grams:
            candidates = int(mask.sum()) if mask is not None else snap.cols.size
            if mask is not None and candidates * CHECK_COST < dfs[gram] * DECODE_COST:
                break                              # cheaper to check the few candidates' text
            docs = _gram_docs(snap, unit, gram)
            mask = docs if mask is None else mask & docs
            intersected += 1
        if intersected < len(grams) or (unit.phrase and len(grams) > 1):
            to_check.append(unit)
    if mask is None:
        return np.zeros(snap.cols.size, dtype=bool)
    mask &= snap.cols.live
    if to_check and mask.any():
        mask = _checked(snap, mask, to_check)
    return mask


def _checked(snap: Snapshot, mask: np.ndarray, units: list[Unit]) -> np.ndarray:
    needles = [(compact(u.text).encode("utf-8"), u.title_only) for u in units]
    out = np.zeros_like(mask)
    out[snap.cols.holding(np.flatnonzero(mask), needles, COMPACT_SEPARATOR.encode())] = True
    return out


def matching(snap: Snapshot, parsed: ParsedQuery) -> np.ndarray:
    """Live documents matching every clause (one of its alternatives each) and no exclusion."""
    mask = snap.cols.live.copy()
    for clause in parsed.clauses:
        either = np.zeros_like(mask)
        for alternative in clause:
            either |= _alternative_docs(snap, alternative)
        mask &= either
        if not mask.any():
            return mask
    for alternative in parsed.excluded:
        mask &= ~_alternative_docs(snap, alternative)
    return mask
