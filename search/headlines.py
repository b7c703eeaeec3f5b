"""Headline blocks: the lines above an article become its kicker (引题), title (主题), subtitle (副题) and column.

Papers stack a headline block without blank lines between its lines: a kicker ending in "——" above the
title, a subtitle starting with "——" below it, a column tag in brackets after the title (`（人民时评）`).
Lines separated by blank lines are the parts of one long headline, as web editions print them.
"""
from __future__ import annotations

import re

from search import districts

_CJK = "\u4e00-\u9fff"
_COLUMN_TAG = re.compile(r"^(?P<title>.+?)\s*（(?P<column>[^（）]{2,24})）$")
BANNER = re.compile(rf"[{_CJK}]{{2,4}}(?: [{_CJK}]{{2,4}}){{2,}}")     # 稳经济 促发展 强信心
_NUMBERED = re.compile(r"^[一二三四五六七八九十\d]+$|^见图")


def column_tag(line: str) -> tuple[str, str | None]:
    """("船舶污染是如何减少的？", "法治头条") from "船舶污染是如何减少的？（法治头条）"."""
    match = _COLUMN_TAG.match(line)
    if not match or _NUMBERED.match(match["column"]):
        return line, None
    return match["title"], match["column"]


def _two_parts(line: str) -> bool:
    """A main headline is often two short phrases set apart by a space: 畲乡民族风  带旺人气添机遇."""
    parts = line.split(" ")
    return len(parts) == 2 and all(2 <= len(p) <= 12 for p in parts)


def _leads_in(first: str, rest: str) -> bool:
    """Whether the first part of a headline printed as one run is its kicker: a long lead-in clause, or a
    phrase followed by a headline with its own subject (“筑巢引凤”添活力 经开区持续打造…)."""
    return len(first) >= 16 or (len(first) >= 6 and districts.named_first(rest))


def split(lines: list[tuple[int, str]], follows: str = "body") -> dict:
    """kicker, title, subtitle and column of a headline block given as (blank lines above, text) pairs.

    `follows` says what comes under the block: "byline" (a feature or commentary), "wire" (a news story
    under a dated dateline, 本报北京1月7日电, whose second line is more often a subtitle than the main
    headline) or "body".
    """
    parts = {"kicker": None, "title": None, "subtitle": None, "column": None}
    texts = []
    for n, (gap, text) in enumerate(lines):
        if BANNER.fullmatch(text) and len(lines) > 1 and n == 0:
            parts["column"] = text
            continue
        text, column = column_tag(text)
        if column:
            parts["column"] = column
            texts.append((gap, text, True))
        else:
            texts.append((gap, text, False))
    if not texts:
        return parts
    blocks: list[list[tuple[str, bool]]] = []
    for gap, text, tagged in texts:
        if blocks and gap == 0:
            blocks[-1].append((text, tagged))
        else:
            blocks.append([(text, tagged)])
    if len(blocks) > 1 or len(blocks[0]) == 1:       # parts of one headline, each on its own line
        pieces = [text for block in blocks for text, _ in block]
        if len(pieces) == 1 and " " in pieces[0]:
            pieces = pieces[0].split(" ", 1)
        if len(pieces) > 1 and _leads_in(pieces[0], pieces[1]):
            parts["kicker"], pieces = pieces[0], pieces[1:]
        parts["title"] = " ".join(pieces)
        return parts
    block = blocks[0]
    if len(block) >= 3:
        parts["kicker"], parts["title"], parts["subtitle"] = block[0][0], block[1][0], " ".join(t for t, _ in block[2:])
        return parts
    (first, first_tag), (second, second_tag) = block
    subtitled = first_tag or second.startswith("——") or (
        follows == "wire" and not first.endswith("——") and not second_tag and not _two_parts(second))
    upper, lower = ("title", "subtitle") if subtitled else ("kicker", "title")
    parts[upper], parts[lower] = first, second
    return parts
