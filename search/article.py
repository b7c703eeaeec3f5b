"""The record every stage passes on: one article, as the corpus stage makes it and the index stores it."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


@dataclass
class Article:
    id: str
    title: str
    body: str
    kind: str = "article"                                 # "article" or "photo"
    reporters: list[dict] = field(default_factory=list)   # [{"name": "王赛华", "role": "记者"}], role may be None
    date: str | None = None                               # "YYYY-MM-DD" or None
    districts: list[str] = field(default_factory=list)    # canonical names, most salient first
    source: dict = field(default_factory=dict)            # {"file": "000_x.txt", "order": 1}
    kicker: str | None = None                             # 引题, the line above the main headline
    subtitle: str | None = None                           # 副题, the line below it
    column: str | None = None                             # column tag or series label (人民时评, 纵横)
    dateline: str | None = None                           # the day its dateline states: YYYY-MM-DD, or --MM-DD
    paper: str | None = None
    page: str | None = None                               # as printed: "03", "A05"
    page_name: str | None = None                          # 版名
    captions: list[str] = field(default_factory=list)     # photo captions printed with the article

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def chars(self) -> int:
        """Characters of title and body: what build rates, commit sizes and coverage count."""
        return len(self.title) + len(self.body)


def file_key(file_name: str) -> str:
    """A URL-safe id prefix from the file stem, stable across runs; unsafe stems get a short hash to stay unique."""
    stem = Path(file_name).stem
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")
    if safe == stem:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    return f"{safe}-{digest}" if safe else digest


def clean_line(line: str) -> str:
    return re.sub(r"\s+", " ", line.translate(INVISIBLE)).strip()
