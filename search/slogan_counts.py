"""Per-article slogan counts kept beside the index, so `add` and `remove` update the slogans without
re-reading the archive.

Whoosh segments never change once written, except that documents in them get deleted; so the counts
are kept per segment and document (USES, next to slogans.json), and after a write only the documents of
new segments are read, documents deleted since are dropped, and a segment merged away takes its records
with it (its live documents are read again from the merged segment: small segments only, see
indexer.MAX_SMALL_SEGMENTS). A build starts from nothing, so it reads every document, twice: once
for the records, once for the uses of the slogans those make, rather than holding a million texts between.

Each record holds what the slogan book needs of an article: id, title, date, districts, reporters (for
the suggestion box), paper, page and length (for coverage, search.coverage), the phrases it
quotes, the written forms of every slogan it uses and, for the articles in the recurring-phrase sample,
the candidate words it contributed. When a write makes a phrase a slogan for the first time (someone
quoted it, or it became recurring), the older articles that use it are found through the index's
bigram postings and compact column, not by reading every article.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from search.analysis import compact, query_grams
from search.schema import from_stored, page_key, reporter_names

USES = "slogan_uses.json.gz"      # gzip: the JSON of 20,000 articles' records is 16 MB, 2.2 MB compressed


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _rules():
    """The discovery rules live in search.slogans, which imports this module lazily."""
    from search import slogans

    return slogans


def _leaves(reader):
    """(segment id, segment reader, base docnum) of each segment."""
    return [(leaf.segment().segment_id(), leaf, base) for leaf, base in reader.leaf_readers()]


class Tally:
    """The records of every live article, by segment id and document number within the segment."""

    def __init__(self, segments: dict | None = None, step: int | None = None, seen: int = 0,
                 keys: list | None = None):
        self.segments: dict[str, dict[int, dict]] = segments or {}
        self.step = step            # every step-th article read is in the recurring-phrase sample
        self.seen = seen            # articles read so far, for choosing the sample
        self.keys: set[str] = set(keys or ())

    @classmethod
    def load(cls, folder: Path) -> Tally:
        path = Path(folder) / USES
        if not path.exists():
            return cls()
        data = json.loads(gzip.decompress(path.read_bytes()))
        segments = {seg: {int(d): rec for d, rec in docs.items()} for seg, docs in data["segments"].items()}
        return cls(segments, data["step"], data["seen"], data["keys"])

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        tmp = folder / f".{USES}.{os.getpid()}.tmp"
        # Streamed a segment at a time: no copy of the whole in memory, and each piece made by json's C
        # encoder (json.dump streams through its pure-Python one, 3× slower at 100,000 articles).
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as out:
            out.write('{"segments":{')
            for i, (seg, docs) in enumerate(self.segments.items()):
                out.write(("," if i else "") + _json(seg) + ":" + _json(docs))
            out.write(f'}},"step":{_json(self.step)},"seen":{_json(self.seen)},"keys":{_json(sorted(self.keys))}}}')
        os.replace(tmp, folder / USES)

    def records(self):
        return (rec for docs in self.segments.values() for rec in docs.values())

    # ---------------------------------------------------------------- following the index

    def update(self, searcher) -> None:
        """Bring the records in line with the index searcher reads: drop what is gone, read what is new."""
        reader = searcher.reader()
        leaves = _leaves(reader)
        live = {seg for seg, _, _ in leaves}
        for seg in set(self.segments) - live:
            del self.segments[seg]
        for seg, leaf, _ in leaves:
            docs = self.segments.get(seg, {})
            for d in [d for d in docs if leaf.is_deleted(d)]:
                del docs[d]
        new = _Unread([(seg, leaf) for seg, leaf, _ in leaves if seg not in self.segments])
        for seg, _ in new.leaves:
            self.segments[seg] = {}
        self.read(new, lambda key, skip: self._find_users(searcher, leaves, key, skip))

    def read(self, new, find_users=None) -> None:
        """Record new articles, given as (segment id, docnum, article, compact text), and recount: a
        phrase that has just become a slogan is looked for among the older articles with find_users.
        `new` is read twice (records, then uses once the slogans are known), so it can be read from the
        index each time instead of held: a build's articles would not fit in memory at 1,000,000."""
        rules = _rules()
        if self.step is None:
            self.step = max(1, -(-len(new) // rules.PHRASE_SAMPLE))
        is_phrase = rules.phrase_test() if len(new) else None      # loads jieba: only when there is text to read
        for seg, d, article, _ in new:
            text = rules.article_text(article)
            rec = {"id": article.id, "title": article.title, "date": article.date, "districts": article.districts,
                   "reporters": reporter_names(article.reporters), "paper": article.paper,
                   "page": page_key(article), "chars": article.chars,
                   "quoted": sorted(rules.quoted_phrases(text)), "uses": {}}
            if self.seen % self.step == 0:
                rec["sample"] = sorted(rules.phrase_words(text, is_phrase))
            self.seen += 1
            self.segments.setdefault(seg, {})[d] = rec
        keys = self._current_keys(rules)
        for rec in self.records():                          # phrases that are no longer slogans
            for key in [k for k in rec["uses"] if k not in keys]:
                del rec["uses"][key]
        fresh = {(seg, d) for seg, d, _, _ in new}
        if find_users and sum(map(len, self.segments.values())) > len(fresh):
            for key in sorted(keys - self.keys):
                find_users(key, fresh)
        finder = _Finder(keys)
        for seg, d, article, flat in new:
            self.segments[seg][d]["uses"] = finder.uses(rules.article_text(article), flat)
        self.keys = keys

    def _current_keys(self, rules) -> set[str]:
        quoted = {key for rec in self.records() for key in rec["quoted"]}
        df = Counter(word for rec in self.records() for word in rec.get("sample", ()))
        return quoted | {compact(word) for word, n in df.items() if n >= rules.MIN_PHRASE_ARTICLES}

    def _find_users(self, searcher, leaves, key: str, skip: set) -> None:
        """Articles already recorded that use key: candidates by the key's bigram postings, confirmed
        on their compact text; only those are read."""
        from whoosh import query

        grams = query_grams(key)
        if not grams:
            return
        wanted = query.And([query.Or([query.Term("title_grams", g), query.Term("body_grams", g)]) for g in grams])
        bases = [(base, base + leaf.doc_count_all(), seg, leaf) for seg, leaf, base in leaves]
        finder = _Finder({key})
        rules = _rules()
        for docnum in searcher.docs_for_query(wanted):
            base, _, seg, leaf = next(b for b in bases if b[0] <= docnum < b[1])
            d = docnum - base
            rec = self.segments[seg].get(d)
            if rec is None or (seg, d) in skip:
                continue
            flat = leaf.column_reader("compact")[d].decode("utf-8")
            if key in flat:
                rec["uses"].update(finder.uses(rules.article_text(from_stored(leaf.stored_fields(d))), flat))

    # ---------------------------------------------------------------- the slogan book's data

    def slogans(self) -> list[dict]:
        rules = _rules()
        quoted = {key for rec in self.records() for key in rec["quoted"]}
        forms: dict[str, Counter] = defaultdict(Counter)     # not setdefault: a Counter made per use
        users: dict[str, list] = defaultdict(list)
        for rec in self.records():
            for key, written in rec["uses"].items():
                forms[key].update(written)
                users[key].append(rec)
        return sorted((rules.entry(key, forms[key], users[key], key in quoted) for key in users),
                      key=lambda e: (-e["count"], e["text"]))

    def titles(self) -> list[dict]:
        return sorted(({"id": r["id"], "title": r["title"], "date": r["date"]} for r in self.records()),
                      key=lambda t: (t["date"] or "", t["id"]), reverse=True)


class _Unread:
    """The live documents of new segments as (segment id, docnum, article, compact text), read from the
    index on each pass over them."""

    def __init__(self, leaves):
        self.leaves = leaves                                # (segment id, segment reader)
        self._count = sum(leaf.doc_count() for _, leaf in leaves)

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        for seg, leaf in self.leaves:
            column = leaf.column_reader("compact")
            for d in range(leaf.doc_count_all()):
                if not leaf.is_deleted(d):
                    yield seg, d, from_stored(leaf.stored_fields(d)), column[d].decode("utf-8")


class _Finder:
    """Which of a set of slogans an article uses (its compact text holds them) and how it writes each."""

    def __init__(self, keys):
        self.by_first: dict[str, list[str]] = {}            # first character → keys: a cheap prefilter
        for key in sorted(keys):
            self.by_first.setdefault(key[0], []).append(key)
        self.patterns = {key: _rules().loose(key) for key in keys}

    def uses(self, text: str, flat: str) -> dict[str, dict[str, int]]:
        found = {}
        for first in self.by_first.keys() & set(flat):
            for key in (k for k in self.by_first[first] if k in flat):
                found[key] = dict(Counter(re.sub(r"\s+", "", m.group()) for m in self.patterns[key].finditer(text)))
        return found
