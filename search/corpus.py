"""Corpus stage: page files (or .jsonl files of articles) become clean `Article` records.

This module reads and decodes files and loads .jsonl records; `search.pages` splits a page's text.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from itertools import islice
from typing import Callable, Iterable, Iterator

from search import districts, metadata
from search.article import Article, clean_line, file_key
from search.errors import CorpusError
from search.pages import parse_page

__all__ = ["Article", "decode", "parse_page", "read_file", "read_paths"]

OnError = Callable[[object, str], None]   # on_error(path, message)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SAFE_ID = re.compile(r"[A-Za-z0-9_.~-]+")
# A .jsonl line is one article: a longer line or deeper nesting is not one, and parsing it could take
# all the memory or end in a RecursionError.
MAX_LINE_CHARS = 2_000_000
MAX_DEPTH = 8
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
# Encodings that also decode as GB18030, into nonsense: refused by name instead. (name, codec, the code
# range of its common characters: text really in it is made almost only of those.)
_LOOKALIKES = (("Big5", "big5", 0xA440, 0xC67E),)
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))     # byte-order marks: whose text is it


def _error(where, reason: str) -> CorpusError:
    """A CorpusError naming the file; `reason` alone is kept for callbacks that print the file themselves."""
    exc = CorpusError(f"{where}: {reason}")
    exc.reason = reason
    return exc


def decode(data: bytes, name) -> str:
    """Page files come as UTF-8 (with or without BOM) or GB18030/GBK; anything else is refused, not guessed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom) and _reads_as(data, encoding):
            raise _error(name, f"{encoding} text is not supported: save it as UTF-8")
    if b"\x00" in data:
        raise _error(name, "binary data, not a UTF-8 or GB18030 text file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise _error(name, "binary data, not a UTF-8 or GB18030 text file")
        if encoding == "gb18030" and (other := _lookalike(data, text)):
            raise _error(name, f"looks like {other} text, which is not supported: save it as UTF-8")
        return text
    raise _error(name, "cannot decode: not UTF-8 or GB18030 text")


def _reads_as(data: bytes, encoding: str) -> bool:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return "\ufeff" not in text and not _CONTROL.search(text)


def _letters(text: str):
    """Characters past Latin and general punctuation that are not CJK or full-width punctuation."""
    return (c for c in text if c > "\u2fff" and not "\u3000" <= c <= "\u303f" and not "\uff00" <= c <= "\uffef")


def _common_share(text: str, codec: str, low: int, high: int) -> float:
    """Share of the first such characters of text whose code in codec lies in [low, high]."""
    chars = list(islice(_letters(text), 2000))
    if not chars:
        return 0.0
    return sum(low <= int.from_bytes(c.encode(codec), "big") <= high for c in chars) / len(chars)


def _lookalike(data: bytes, as_gb: str) -> str | None:
    """The name of the encoding data is really in, when its GB18030 reading is nonsense: real GB text
    is mostly the 3,755 common characters of GB2312 (B0A1–D7FE); Big5 read as GB18030 is not."""
    gb_share = _common_share(as_gb, "gb18030", 0xB0A1, 0xD7FE)
    for label, codec, low, high in _LOOKALIKES:
        try:
            other = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _common_share(other, codec, low, high) > max(gb_share, 0.8):
            return label
    return None


def read_file(path) -> list[Article]:
    """Articles of one page (.txt) or article (.jsonl) file; any problem raises CorpusError naming the file."""
    return _load(Path(path), None)


def read_paths(paths: Iterable, on_error: OnError | None = None) -> Iterator[Article]:
    """Articles from files and folders (their *.txt and *.jsonl, by name); a bad file is reported, not fatal."""
    def report(where, exc: CorpusError):
        if on_error is None:
            raise exc
        on_error(where, getattr(exc, "reason", str(exc)))

    for path in map(Path, paths):
        files = [path]
        if path.is_dir():
            files = sorted((p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".txt", ".jsonl")),
                           key=lambda p: p.name)
            if not files:
                report(path, _error(path, "folder has no .txt or .jsonl files"))
        for file in files:
            try:
                articles = _load(file, on_error)
            except CorpusError as exc:
                report(file, exc)
                continue
            yield from articles


def _load(path: Path, on_error: OnError | None) -> list[Article]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(path, f"cannot read: {exc.strerror or exc}") from None
    text = decode(data, path)
    if not text.strip():
        raise _error(path, "empty file")
    if path.suffix.lower() == ".jsonl":
        return _read_jsonl(text, path, on_error)
    try:
        meta = metadata.for_page(path)
    except CorpusError as exc:          # a bad sidecar NAME.json: reported for the page, like a bad page
        raise _error(path, str(exc)) from None
    return parse_page(text, path.name, meta)


def _read_jsonl(text: str, path: Path, on_error: OnError | None) -> list[Article]:
    """Already-split articles, one JSON object a line; a malformed line is reported and the others still load."""
    articles = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            if line.strip():
                articles.append(_from_record(_json_line(line), path.name, number))
        except ValueError as exc:
            if on_error is None:
                raise _error(f"{path}:{number}", str(exc)) from None
            on_error(f"{path}:{number}", str(exc))
    return articles


def _json_line(line: str):
    """json.loads, refusing first what is too long or too deeply nested to be an article."""
    if len(line) > MAX_LINE_CHARS:
        raise ValueError(f"line longer than {MAX_LINE_CHARS:,} characters")
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", line)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    return json.loads(line)


def _month_day(value) -> bool:
    """A day without its year, --MM-DD, that some year has (--02-29 is one, --02-30 is not)."""
    return (isinstance(value, str) and bool(re.fullmatch(r"--\d\d-\d\d", value))
            and metadata.iso_date("2000" + value[1:]))


def _from_record(record, file_name: str, number: int) -> Article:
    """One .jsonl line as an Article; missing id and districts are filled in as for pages."""
    def need(ok, message):
        if not ok:
            raise ValueError(message)
    need(isinstance(record, dict), "line is not a JSON object")
    title, body, day, names = (record.get(k) for k in ("title", "body", "date", "districts"))
    need(isinstance(title, str) and title.strip() and isinstance(body, str), "'title' and 'body' must be strings")
    article_id = record.get("id") or f"{file_key(file_name)}-{number:02d}"
    need(isinstance(article_id, str) and _SAFE_ID.fullmatch(article_id), f"'id' is not URL-safe: {article_id!r}")
    need(day is None or metadata.iso_date(day), f"'date' must be YYYY-MM-DD or null: {day!r}")
    kind = record.get("kind") or "article"
    need(kind in ("article", "photo"), f"'kind' must be 'article' or 'photo': {kind!r}")
    need(names is None or isinstance(names, list) and all(isinstance(n, str) and districts.canonical(n) for n in names),
         f"'districts' must list district names: {names!r}")
    people = record.get("reporters")
    need(people is None or isinstance(people, list), f"'reporters' must be a list: {people!r:.80}")
    people = [{"name": p} if isinstance(p, str) else p for p in people or []]
    need(all(isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"].strip()
             and isinstance(p.get("role"), (str, type(None))) for p in people),
         "'reporters' must be names or {name, role} objects")
    title = clean_line(title)
    body = "\n".join(filter(None, map(clean_line, body.splitlines())))
    extra = {k: record.get(k) for k in _OPTIONAL_TEXT}
    need(all(v is None or isinstance(v, str) for v in extra.values()),
         "'" + "', '".join(_OPTIONAL_TEXT) + "' must be strings or null")
    dateline = record.get("dateline")
    need(dateline is None or metadata.iso_date(dateline) or _month_day(dateline),
         f"'dateline' must be YYYY-MM-DD, --MM-DD or null: {dateline!r}")
    captions = record.get("captions") or []
    need(isinstance(captions, list) and all(isinstance(c, str) for c in captions), "'captions' must list strings")
    local = True if extra["paper"] in metadata.ZHENGZHOU_PAPERS else None
    found = (districts.detect(title, body, local) if names is None
             else list(dict.fromkeys(map(districts.canonical, names))))
    reporters = [{"name": p["name"].strip(), "role": p.get("role")} for p in people]
    return Article(article_id, title, body, kind, reporters, day, found, {"file": file_name, "order": number},
                   dateline=dateline, captions=[clean_line(c) for c in captions],
                   **{k: clean_line(v) if v else None for k, v in extra.items()})


# Optional string fields of a .jsonl article, as the splitter fills them for pages.
_OPTIONAL_TEXT = ("kicker", "subtitle", "column", "paper", "page", "page_name")
