"""Measure the splitter against hand-made annotations (`NAME.gold.json` beside each page `NAME.txt`).

An article is fully right when its headline block (kicker, title, subtitle, column), where its body starts
and ends, its reporters and its kind all match the annotation. Dates, districts and reporters are also
counted on their own. `strip_metadata` copies the pages under names that say nothing, to check that no
date is invented when the file name gives none. The format is described in tests/pages/ANNOTATION.md.
"""
from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from search import corpus

# A lead's dateline and the bracketed byline after it, skipped before comparing where a body starts.
_DATELINE = re.compile(r"^(?:(?:本报|新华社|中新社|[\u4e00-\u9fff]{2,8}(?:报|网|台))[^，。,、\s]{0,10}?[电讯])"
                       r"(?:[（(][^）)]{0,40}[）)])?")
_FIELDS = ("kicker", "title", "subtitle", "column")


def _squeeze(text) -> str:
    return re.sub(r"\s+", "", text or "")


def body_ends(body: str) -> tuple[str, str]:
    """The first and last 12 characters of a body, whitespace removed, the start after its dateline."""
    text = _squeeze(body)
    return _DATELINE.sub("", text)[:12], text[-12:]


@dataclass
class FileScore:
    name: str
    gold: int = 0
    right: int = 0
    extra: int = 0
    missing: int = 0
    dates: int = 0              # wrong or invented dates
    districts: int = 0
    reporters_missed: int = 0
    problems: list[str] = field(default_factory=list)


def _differences(gold: dict, article, with_meta: bool) -> tuple[list[str], list[str]]:
    """(what makes it not fully right, what else is wrong) for one matched article."""
    wrong = []
    for name in _FIELDS:
        want, got = _squeeze(gold.get(name)), _squeeze(getattr(article, name))
        if name == "title" and not want:
            if got and got not in _squeeze(article.body):
                wrong.append(f"title {got!r} (none printed)")
        elif want != got:
            wrong.append(f"{name} {got!r} ≠ {want!r}")
    start, end = body_ends(article.body)
    if start != gold["body_start"]:
        wrong.append(f"starts {start!r} ≠ {gold['body_start']!r}")
    if end != gold["body_end"]:
        wrong.append(f"ends {end!r} ≠ {gold['body_end']!r}")
    names = [r["name"] for r in article.reporters]
    if sorted(names) != sorted(gold["reporters"]):
        wrong.append(f"reporters {names} ≠ {gold['reporters']}")
    if article.kind != gold["kind"]:
        wrong.append(f"kind {article.kind} ≠ {gold['kind']}")
    other = []
    if with_meta:
        if article.date != gold["date"]:
            other.append(f"date {article.date} ≠ {gold['date']}")
    elif article.date and article.date not in (gold["date"], gold.get("dateline")):
        other.append(f"invented date {article.date}")
    if sorted(article.districts) != sorted(gold["districts"]):
        other.append(f"districts {article.districts} ≠ {gold['districts']}")
    return wrong, other


def _match(golds: list[dict], articles: list) -> list[tuple[dict, object | None]]:
    """Pair each annotated article with the splitter's article that starts where it starts (else same title)."""
    free = list(articles)
    pairs = []
    for gold in golds:
        found = next((a for a in free if body_ends(a.body)[0] == gold["body_start"]), None)
        found = found or next((a for a in free if gold.get("title")
                               and _squeeze(a.title) == _squeeze(gold["title"])), None)
        if found:
            free.remove(found)
        pairs.append((gold, found))
    return pairs


def score_file(page: Path, gold_file: Path, with_meta: bool = True, read_as: Path | None = None) -> FileScore:
    golds = json.loads(gold_file.read_text(encoding="utf-8"))["articles"]
    articles = corpus.read_file(read_as or page)
    score = FileScore(page.name, gold=len(golds))
    pairs = _match(golds, articles)
    matched = {id(a) for _, a in pairs if a is not None}
    for article in articles:
        if id(article) not in matched:
            score.extra += 1
            score.problems.append(f"extra item: {article.title[:30]!r} {body_ends(article.body)[0]!r}")
    for gold, article in pairs:
        label = (gold.get("title") or gold["body_start"])[:24]
        if article is None:
            score.missing += 1
            score.reporters_missed += len(gold["reporters"])
            score.problems.append(f"{label}: not found")
            continue
        wrong, other = _differences(gold, article, with_meta)
        score.right += not wrong
        score.dates += any("date" in o for o in other)
        score.districts += any(o.startswith("districts") for o in other)
        score.reporters_missed += len(set(gold["reporters"]) - {r["name"] for r in article.reporters})
        score.problems += [f"{label}: {p}" for p in wrong + other]
    return score


def check(folder, with_meta: bool = True) -> list[FileScore]:
    """Scores of every annotated page in a folder; without metadata the pages are read under bare names."""
    folder = Path(folder)
    pages = sorted(p.with_name(p.name.removesuffix(".gold.json") + ".txt") for p in folder.glob("*.gold.json"))
    if with_meta:
        return [score_file(p, p.with_name(p.stem + ".gold.json")) for p in pages]
    with tempfile.TemporaryDirectory() as tmp:
        scores = []
        for n, page in enumerate(pages, 1):
            bare = Path(tmp) / f"page{n:03d}.txt"
            shutil.copyfile(page, bare)
            scores.append(score_file(page, page.with_name(page.stem + ".gold.json"), False, bare))
        return scores


def total(scores: list[FileScore]) -> FileScore:
    overall = FileScore("all")
    for s in scores:
        for name in ("gold", "right", "extra", "missing", "dates", "districts", "reporters_missed"):
            setattr(overall, name, getattr(overall, name) + getattr(s, name))
    return overall


def report(scores: list[FileScore], verbose: bool = False) -> str:
    t = total(scores)
    lines = [f"{'file':32} {'right':>9} {'extra':>5} {'dates':>5} {'distr':>5} {'rep.missed':>10}"]
    for s in scores + [t]:
        lines.append(f"{s.name:32} {s.right:>4}/{s.gold:<4} {s.extra:>5} {s.dates:>5} {s.districts:>5} "
                     f"{s.reporters_missed:>10}")
        if verbose:
            lines += [f"    {p}" for p in s.problems]
    lines.append(f"fully right {t.right}/{t.gold} ({100 * t.right / max(t.gold, 1):.1f} %), extra items {t.extra}, "
                 f"wrong or invented dates {t.dates}, district errors {t.districts}, "
                 f"reporters missed {t.reporters_missed}")
    return "\n".join(lines)
