"""Corpus stage: newspaper page text (or .jsonl articles) becomes clean `Article` records."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


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

    def to_dict(self) -> dict:
        return asdict(self)
