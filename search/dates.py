"""Date ranges: `2023`, `2023-02`, `2023-02-14` and `A..B` as inclusive bounds on the date column.

Dates are compared as numbers YYYYMMDD (the per-document date column; 0 means "no date"). A bound names
a year, a month or a day: as a start it means its first day, as an end its last, so `2022-01..2022-06`
is 20220100..20220699 and `2023` alone is the whole year. Undated articles (0) fall outside every range;
the engine counts them apart and says so, and `undated=include` adds them back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from search.errors import QueryError

BOUND = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
LOWEST, HIGHEST = 0, 99999999


@dataclass(frozen=True)
class DateRange:
    """Inclusive bounds as YYYYMMDD numbers; `text` is how the user wrote it, for notices and chips."""
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"from": _shown(self.start), "to": _shown(self.end), "text": self.text}


def _shown(number: int) -> str | None:
    """A bound as ISO text: 20220100 → 2022-01, 20220699 → 2022-06, 20230214 → 2023-02-14."""
    if number in (LOWEST, HIGHEST):
        return None
    y, m, d = number // 10000, number // 100 % 100, number % 100
    if m in (0, 99):
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}" if d in (0, 99) else f"{y:04d}-{m:02d}-{d:02d}"


def bound(text: str, end: bool) -> int:
    """YYYY[-MM[-DD]] as a number; the start of what it names, or its end. ValueError with a message."""
    match = BOUND.fullmatch(text.strip())
    if not match or not text.isascii():
        raise ValueError(f"日期应写作 2023、2023-02 或 2023-02-14，收到的是“{text[:20]}”")
    year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if match[2] and not 1 <= month <= 12:
        raise ValueError(f"月份应在 1 到 12 之间：“{text[:20]}”")
    if match[3] and not 1 <= day <= 31:
        raise ValueError(f"日应在 1 到 31 之间：“{text[:20]}”")
    if not match[2]:
        return year * 10000 + (9999 if end else 0)
    if not match[3]:
        return year * 10000 + month * 100 + (99 if end else 0)
    return year * 10000 + month * 100 + day


def parse_range(text: str) -> DateRange:
    """`2023`, `2023-02`, `2022-01..2022-06`, `2022..` (from), `..2022` (until). ValueError if malformed."""
    text = text.strip()
    if ".." in text:
        first, _, last = text.partition("..")
        if not first.strip() and not last.strip():
            raise ValueError("日期范围两端不能都为空")
        start = bound(first, end=False) if first.strip() else LOWEST
        stop = bound(last, end=True) if last.strip() else HIGHEST
    else:
        start, stop = bound(text, end=False), bound(text, end=True)
    if start > stop:
        raise ValueError(f"日期范围的起点晚于终点：“{text[:30]}”")
    return DateRange(start, stop, text)


def from_to(start: str | None, stop: str | None) -> DateRange | None:
    """The range of the `from` and `to` parameters (either may be missing), None when both are."""
    if not start and not stop:
        return None
    low = bound(start, end=False) if start else LOWEST
    high = bound(stop, end=True) if stop else HIGHEST
    if low > high:
        raise ValueError(f"起始日期 {start} 晚于截止日期 {stop}")
    return DateRange(low, high, f"{start or ''}..{stop or ''}")


def checked_range(start: str | None, stop: str | None) -> DateRange | None:
    """The range of the `from` and `to` request parameters, None when neither is given; a QueryError
    with the message every front end shows when one is malformed."""
    try:
        return from_to((start or "").strip() or None, (stop or "").strip() or None)
    except ValueError as e:
        raise QueryError(f"参数 from/to 有误：{e}。") from None
