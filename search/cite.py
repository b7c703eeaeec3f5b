"""Citations of articles: GB/T 7714-2015 newspaper references, RIS and BibTeX records.

GB/T 7714-2015 cites a newspaper article as `作者. 题名[N]. 报纸名, 出版日期(版次).` A field the
archive does not know is left out, never guessed: no byline, no author part; no paper, no paper name; the
page only with a date, as the standard places it. RIS and BibTeX are written by well-kept libraries
(rispy, bibtexparser), so their escaping rules are theirs, not ours.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

# Who wrote the piece: reporters, correspondents, interns and bare bylines; not photographers or editors.
AUTHOR_ROLES = {None, "记者", "通讯员", "实习生", "作者", "评论员", "特约记者"}
MAX_AUTHORS = 3            # GB/T 7714: the first three, then ", 等"


def authors(article: dict) -> list[str]:
    names = [r["name"] for r in article.get("reporters") or [] if r.get("role") in AUTHOR_ROLES]
    return list(dict.fromkeys(names))


def page_number(page: str | None) -> str | None:
    """'03' → '3' as the standard prints 版次; 'A05' stays as printed; 'xx' (unknown) is None."""
    if not page or not re.fullmatch(r"[A-Za-z]?\d+", page):
        return None
    return str(int(page)) if page.isdigit() else page[0].upper() + str(int(page[1:]))


def full_title(article: dict) -> str:
    """Title, with the subtitle as 其他题名信息 after a colon."""
    subtitle = (article.get("subtitle") or "").strip().lstrip("—-－ ").strip()
    return f"{article['title']}: {subtitle}" if subtitle else article["title"]


def gbt7714(article: dict) -> str:
    names = authors(article)
    parts = []
    if names:
        shown = ", ".join(names[:MAX_AUTHORS]) + (", 等" if len(names) > MAX_AUTHORS else "")
        parts.append(f"{shown}. ")
    parts.append(f"{full_title(article)}[N].")
    source = article.get("paper") or ""
    date = article.get("date")
    if date:
        page = page_number(article.get("page"))
        source = f"{source}, {date}" if source else date
        source += f"({page})" if page else ""
    if source:
        parts.append(f" {source}.")
    return "".join(parts)


def _ris_record(article: dict, permalink: Callable[[str], str]) -> dict:
    record = {"type_of_reference": "NEWS", "id": article["id"], "title": full_title(article),
              "urls": [permalink(article["id"])], "language": "zh"}
    if names := authors(article):
        record["authors"] = names
    if article.get("paper"):
        record["secondary_title"] = article["paper"]
    if date := article.get("date"):
        record["year"] = date[:4]
        record["date"] = date.replace("-", "/")
    if page := page_number(article.get("page")):
        record["start_page"] = page
    return record


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's numbered line ("1.") before each record, which other programs do not expect."""

    def set_header(self, count: int) -> str:
        return ""


def ris_chunks(articles: Iterable[dict], permalink: Callable[[str], str]) -> Iterator[str]:
    """RIS a record at a time, so a whole result set streams like the CSV export."""
    writer = _RisWriter()
    for article in articles:
        yield writer.formats([_ris_record(article, permalink)])


def ris(articles: Iterable[dict], permalink: Callable[[str], str]) -> str:
    return "".join(ris_chunks(articles, permalink))


def _bib_value(text: str) -> str:
    """BibTeX counts braces in a value; ASCII braces in a headline become full-width ones."""
    return text.replace("{", "｛").replace("}", "｝")


def _bib_entry(article: dict, permalink: Callable[[str], str]) -> Entry:
    fields = [Field("title", _bib_value(full_title(article)))]
    if names := authors(article):
        fields.append(Field("author", " and ".join(map(_bib_value, names))))
    if article.get("paper"):
        fields.append(Field("journal", _bib_value(article["paper"])))
    if date := article.get("date"):
        fields += [Field("date", date), Field("year", date[:4]), Field("month", str(int(date[5:7])))]
    if page := page_number(article.get("page")):
        fields.append(Field("pages", page))
    fields += [Field("url", permalink(article["id"])), Field("langid", "chinese")]
    return Entry("article", article["id"], fields)


def bibtex_chunks(articles: Iterable[dict], permalink: Callable[[str], str]) -> Iterator[str]:
    """BibTeX an entry at a time, blank lines between."""
    for n, article in enumerate(articles):
        entry = bibtexparser.write_string(bibtexparser.Library([_bib_entry(article, permalink)]))
        yield ("\n" if n else "") + entry


def bibtex(articles: Iterable[dict], permalink: Callable[[str], str]) -> str:
    return "".join(bibtex_chunks(articles, permalink))
