"""Highlighting: HTML-escaped text with our <mark> around the spans that matched, and sentence snippets."""
from __future__ import annotations

import re
from html import escape

from search.analysis import is_word_char, normalise

SENTENCE_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)]*|\n|$)")
SNIPPET_CHARS = 120


def phrase_pattern(text: str) -> re.Pattern:
    """Matches a phrase in normalised text whatever punctuation or spaces stand between its characters."""
    chars = [re.escape(c) for c in normalise(text) if is_word_char(c)]
    return re.compile(r"[^\w]*".join(chars))


def find_spans(norm: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(norm) if m.end() > m.start()]


def merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, and spans with only spaces between them, become one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip()):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None,
         mark_id=None) -> str:
    """text[start:end] escaped, with <mark> around the (merged) spans inside it; `mark_id(span start)`, when
    given, names each mark's id (the anchors keyword-in-context lines link to)."""
    end = len(text) if end is None else end
    out, at = [], start
    for s, e in merge(spans, text):
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        opening = f'<mark id="{mark_id(s)}">' if mark_id else "<mark>"
        out += [escape(text[at:s]), opening, escape(text[s:e]), "</mark>"]
        at = e
    out.append(escape(text[at:end]))
    return "".join(out)


def sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in SENTENCE_END.finditer(text) if m.group().strip()]


def snippet(text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> str:
    """The run of whole sentences with the most distinct matches, cut to about `size` characters."""
    parts = sentences(text)
    if not parts:
        return ""

    def hits(i: int) -> int:
        s, e = parts[i]
        return len({text[a:b] for a, b in spans if s <= a < e})

    best = max(range(len(parts)), key=lambda i: (hits(i), -i)) if spans else 0
    first = last = best
    while True:                      # grow around the best sentence while it fits
        grown = False
        for cand in (last + 1, first - 1):
            if 0 <= cand < len(parts) and max(parts[last][1], parts[cand][1]) - min(parts[first][0], parts[cand][0]) <= size:
                first, last, grown = min(first, cand), max(last, cand), True
                break
        if not grown:
            break
    start, end = parts[first][0], parts[last][1]
    prefix = suffix = ""
    if end - start > size:           # one long sentence: a window around its first match
        inside = [a for a, _ in spans if start <= a < end]
        centre = inside[0] if inside else start
        start = max(start, min(centre - size // 3, end - size))
        end = min(end, start + size)
        prefix, suffix = ("…" if start > parts[first][0] else ""), ("…" if end < parts[last][1] else "")
    body = mark(text, spans, start, end).strip()
    return f"{prefix}{body}{suffix}{'' if last == len(parts) - 1 or suffix else ' …'}"


def plain_text(fragment: str) -> str:
    """Highlighted HTML back to text, for the terminal."""
    import html

    return html.unescape(re.sub(r"</?mark>", "", fragment))
