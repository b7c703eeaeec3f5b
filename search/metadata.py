"""Page metadata: which paper, issue date, page and page name a page file holds, from its name or a sidecar.

A file name may carry them (`zzrb_2023-02-14_03.txt`, `2023-02-14_03_anything.txt`, `20230214-A05.txt`);
a sidecar `NAME.json` next to the page (`{"paper", "date", "page", "page_name"}`) may too, and wins field by
field. What neither says stays None: the splitter then dates an article only from its own text.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path

from search.errors import CorpusError

# Short codes archives use in file names for the papers of the region.
PAPERS = {
    "rmrb": "人民日报", "zzrb": "郑州日报", "zzwb": "郑州晚报", "hnrb": "河南日报", "dhb": "大河报",
    "hnsb": "河南商报", "gmrb": "光明日报", "jjrb": "经济日报", "xhmrdx": "新华每日电讯", "zgqnb": "中国青年报",
}
# Papers whose generic names (高新区, 经开区 …) are Zhengzhou's without saying so.
ZHENGZHOU_PAPERS = {"郑州日报", "郑州晚报"}

_NAME = re.compile(r"^(?:(?P<code>[a-z]{2,8})[_-])?(?P<y>(?:19|20)\d\d)-?(?P<m>\d\d)-?(?P<d>\d\d)"
                   r"(?:[_-](?P<page>[A-Za-z]{0,2}\d{1,3}|xx))?(?:[_-].*)?$", re.IGNORECASE)
_FIELDS = ("paper", "date", "page", "page_name")


@dataclass(frozen=True)
class PageMeta:
    paper: str | None = None
    date: str | None = None          # the issue date, YYYY-MM-DD
    page: str | None = None          # as printed: "03", "A05"
    page_name: str | None = None     # 版名: "要闻", "郑州热线"

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def iso_date(value) -> bool:
    """Whether value is a real day written YYYY-MM-DD (2023-02-30 is not)."""
    try:
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value)) and Date.fromisoformat(value) is not None
    except (TypeError, ValueError):
        return False


def from_name(file_name: str) -> PageMeta:
    """What a file name says; a name without a valid date says nothing (a code alone could be anything)."""
    match = _NAME.match(Path(file_name).stem)
    if not match:
        return PageMeta()
    day = f"{match['y']}-{match['m']}-{match['d']}"
    if not iso_date(day):
        return PageMeta()
    code = (match["code"] or "").lower()
    page = match["page"] if match["page"] and match["page"].lower() != "xx" else None
    return PageMeta(PAPERS.get(code, code or None), day, page)


def _sidecar(path: Path) -> dict:
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise CorpusError(f"{sidecar}: not a readable JSON object ({exc})") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{sidecar}: not a JSON object")
    known = {k: data[k] for k in _FIELDS if data.get(k) is not None}
    if not all(isinstance(v, (str, int)) for v in known.values()):
        raise CorpusError(f"{sidecar}: paper, date, page and page_name must be strings")
    known = {k: str(v).strip() for k, v in known.items()}
    if "date" in known:
        if not iso_date(known["date"]):
            raise CorpusError(f"{sidecar}: 'date' must be YYYY-MM-DD, got {known['date']!r}")
    return known


def for_page(path) -> PageMeta:
    """The page's metadata: its sidecar's fields over its name's."""
    path = Path(path)
    return replace(from_name(path.name), **_sidecar(path))
