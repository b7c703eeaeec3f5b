"""Hit rendering: a ranked document becomes a `Hit`, its title and snippet marked where the query matched."""
from __future__ import annotations

from search import highlight
from search import patterns as slots
from search.query import Unit
from search.results import Hit
from search.schema import stored_districts
from search.snapshot import Snapshot


def patterns(units: list[Unit]) -> list[tuple[object, bool]]:
    """(pattern, title_only) of each unit, compiled once per search; a proximity unit marks each of its
    words, a wildcard phrase its whole match."""
    out = []
    for u in units:
        compiled = slots.highlight_patterns(u) if slots.needs_check(u) else [highlight.phrase_pattern(u.text)]
        out += [(pattern, u.title_only) for pattern in compiled]
    return out


def spans(text: str, compiled, is_title: bool) -> list[tuple[int, int]]:
    norm = highlight.normalise(text)
    return [span for pattern, title_only in compiled if is_title or not title_only
            for span in highlight.find_spans(norm, pattern)]


def marked(text: str, compiled, is_title: bool) -> str:
    return highlight.mark(text, spans(text, compiled, is_title))


def hit(snap: Snapshot, docnum: int, score: float, compiled) -> Hit:
    stored = snap.stored(docnum)
    title, body = stored["title"], stored["body"]
    return Hit(
        id=stored["id"], title=title, title_html=marked(title, compiled, True),
        snippet_html=highlight.snippet(body, spans(body, compiled, False)),
        districts=stored_districts(stored), date=stored.get("date"),
        reporters=stored["reporters"], kind=stored["kind"], score=round(score, 3),
    )
