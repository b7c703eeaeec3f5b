"""Index schema: which fields hold what, and how an `Article` becomes a Whoosh document."""
from __future__ import annotations

import struct
from collections import Counter

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from search import whoosh_private
from search.analysis import compact, gram_analyzer, normalise, word_analyzer
from search.article import Article

# Applied on import of the schema, not only by the CLI or the engine: every process that writes or reads an
# index imports this module, including the multi-process writer's workers, which unpickle the schema
# when they open the index (whatever the start method, fork or spawn).
whoosh_private.apply()

# Separates title from body in the compact-text column; it is not a letter or digit, so no phrase spans it.
COMPACT_SEPARATOR = "|"
KEY_TERMS = 30            # words kept per body for related articles (the page picks the rarest dozen)


# A gram posting's value: where the gram first stands in the document's compact text, in bytes, capped.
FIRST = struct.Struct("<H")
FIRST_CAP = 2 ** 16 - 1


class GramFirsts(formats.Existence):
    """Which documents hold a gram, each with where the gram first stands in its compact text (UTF-8 bytes
    from the start, capped at FIRST_CAP, which stays a lower bound). A phrase's first occurrence cannot
    start before any of its grams' first places minus their offsets in the phrase, and usually starts
    right there, so it is confirmed by one comparison at that place instead of a search through the text.
    The terms come from the analyzer's `firsts()`, without a Token per character (a third of indexing time
    went there). A field's value is its text, or (offset, text) when the text stands that many bytes into
    the compact text (the body, after the headline)."""

    def fixed_value_size(self):
        return FIRST.size

    def word_values(self, value, analyzer, **kwargs):
        offset, text = value if isinstance(value, tuple) else (0, value)
        return ((gram, 1, self.field_boost, FIRST.pack(min(offset + first, FIRST_CAP)))
                for gram, first in analyzer.firsts(text).items())


class TermCounts(formats.Frequency):
    """Frequency postings taken from the analyzer's `terms()`, without a Token per word."""

    def word_values(self, value, analyzer, **kwargs):
        counts = Counter(analyzer.terms(value))
        return ((term, n, n * self.field_boost, pack_uint(n)) for term, n in counts.items())


class KeyTerms(formats.Frequency):
    """A body's term vector cut to its KEY_TERMS most frequent words of two or more characters, with
    their counts: what related articles are found by, read back instead of segmenting the body again
    on every article page. The words come from the same analysis as the postings (memoised)."""

    def word_values(self, value, analyzer, **kwargs):
        counts = Counter(term for term in analyzer.terms(value) if len(term) > 1)
        return ((term, n, float(n), pack_uint(n)) for term, n in counts.most_common(KEY_TERMS))


def _words(vector: bool = False) -> fields.FieldType:
    return fields.FieldType(TermCounts(), word_analyzer(), scorable=True, vector=KeyTerms() if vector else None)


def _grams() -> fields.FieldType:
    """Which documents hold a bigram and where it first stands: grams find candidates, the compact-text
    column confirms phrases, and ranking comes from the words fields, so frequencies, all positions and
    lengths would only cost index size and build time."""
    return fields.FieldType(GramFirsts(), gram_analyzer(), scorable=False)


def make_schema() -> fields.Schema:
    """words (frequencies and lengths) carry BM25 ranking, the body's also its key terms; grams answer
    phrases and find words that segmentation buried inside longer ones; compact holds the text phrases
    are confirmed against."""
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.STORED(),
        body=fields.STORED(),
        title_words=_words(),
        body_words=_words(vector=True),
        title_grams=_grams(),
        body_grams=_grams(),
        compact=fields.COLUMN(columns.VarBytesColumn()),
        districts=fields.KEYWORD(stored=True, commas=True),
        year=fields.ID(stored=True),
        date=fields.ID(stored=True, sortable=True),
        reporters=fields.STORED(),
        reporter=fields.KEYWORD(commas=True),   # the reporters' names, normalised: filter and facet
        kind=fields.ID(stored=True),
        source=fields.STORED(),
        headline=fields.STORED(),   # kicker, subtitle, column, dateline, paper, page, page_name, captions
    )


# Article fields stored together and shown, never searched apart: their text is searched with the title
# (kicker, subtitle, column) or the body (captions), see headline_text and body_text.
HEADLINE_FIELDS = ("kicker", "subtitle", "column", "dateline", "paper", "page", "page_name", "captions")


def compact_text(title: str, body: str) -> bytes:
    return f"{compact(title)}{COMPACT_SEPARATOR}{compact(body)}".encode("utf-8")


def body_offset(title: str) -> int:
    """Where the body's compact text starts in compact_text(title, body)."""
    return len(compact(title).encode("utf-8")) + len(COMPACT_SEPARATOR)


def headline_text(article) -> str:
    """What title searches look in: the whole headline block as printed (kicker, main title, subtitle and
    column tag), not the main title alone, so a kicker's words are found as they were before it was split off."""
    return " ".join(part for part in (getattr(article, "kicker", None), article.title,
                                      getattr(article, "subtitle", None), getattr(article, "column", None)) if part)


def body_text(article) -> str:
    """What body searches look in: the body and the captions printed with it (a photo item's body may be its
    caption already; that is not counted twice)."""
    captions = getattr(article, "captions", None) or []
    return "\n".join([article.body, *(c for c in captions if c not in article.body)])


def to_document(article: Article) -> dict:
    """Fields an article lacks are left out (an empty term would be indexed as a value)."""
    headline, body = headline_text(article), body_text(article)
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "title_words": headline,
        "body_words": body,
        "title_grams": headline,
        "body_grams": (body_offset(headline), body),
        "compact": compact_text(headline, body),
        "districts": ",".join(article.districts),
        "reporters": article.reporters,
        "kind": article.kind,
        "source": article.source,
        "headline": {name: getattr(article, name) for name in HEADLINE_FIELDS},
    }
    if article.date:
        doc["date"], doc["year"] = article.date, article.date[:4]
    if names := reporter_names(article.reporters):
        doc["reporter"] = ",".join(names)
    return doc


def reporter_names(reporters: list[dict]) -> list[str]:
    """The names as the reporter field holds them: normalised, once each, no commas (its separator)."""
    names = (normalise(r.get("name") or "").replace(",", "").strip() for r in reporters or ())
    return list(dict.fromkeys(n for n in names if n))


def page_key(article) -> list | None:
    """The printed page an article is on: paper, issue date and page number when known; else its page
    file (not a .jsonl, whose lines are articles of unknown pages); None when neither is known."""
    if article.page and (article.paper or article.date):
        return [article.paper, article.date, article.page]
    name = str((article.source or {}).get("file", ""))
    return ["file", name] if name and not name.lower().endswith(".jsonl") else None


def stored_districts(stored: dict) -> list[str]:
    return [d for d in stored["districts"].split(",") if d]


def from_stored(stored: dict) -> Article:
    return Article(
        id=stored["id"], title=stored["title"], body=stored["body"], kind=stored["kind"],
        reporters=stored["reporters"], date=stored.get("date"),
        districts=stored_districts(stored), source=stored["source"], **stored.get("headline", {}),
    )
