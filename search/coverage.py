"""Coverage: what the archive holds (articles, pages, characters) per year, month, district and paper.

It is the denominator of every share in the trends, and it shows a user the gaps: months with no pages,
papers held only for some years. Computed when an index is written and stored beside it as coverage.json
(atomic with the build, like slogans.json), not at open: pages, papers and lengths are not per-document
columns. It is counted from the per-article records the slogans keep (search.slogan_counts), which hold
each article's date, districts, paper, page and length: a build reads the stored articles once, for
both, and an add or remove reads only its new segments. A file older than the index (a writer killed
between its commit and this file) is derived afresh in memory, as the slogan book does.
"""
from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

from search import slogans
from search.layout import MANIFEST
from search.whoosh_private import latest_generation

FILE = "coverage.json"


class _Tally:
    def __init__(self):
        self.articles = 0
        self.chars = 0
        self.pages: set = set()

    def add(self, record: dict, page) -> None:
        self.articles += 1
        self.chars += record.get("chars", 0)
        if page is not None:
            self.pages.add(page)

    def to_dict(self) -> dict:
        return {"articles": self.articles, "pages": len(self.pages), "chars": self.chars}


def _tallies(groups: dict) -> dict:
    return {key: tally.to_dict() for key, tally in sorted(groups.items())}


def summarise(records) -> dict:
    """Counts of articles given as records (date, districts, paper, page, chars; search.slogan_counts);
    an undated article counts in the totals and under "undated", in no year; one without districts under
    "no_district"; one of unknown paper under "unknown_paper"."""
    total, undated, no_district, unknown_paper = _Tally(), _Tally(), _Tally(), _Tally()
    years, months, papers = defaultdict(_Tally), defaultdict(_Tally), defaultdict(_Tally)
    districts, district_years, district_months = defaultdict(_Tally), defaultdict(dict), defaultdict(dict)
    paper_dates: dict[str, list[str]] = defaultdict(list)
    for a in records:
        page, date, paper = tuple(a["page"]) if a.get("page") else None, a["date"], a.get("paper")
        total.add(a, page)
        if date:
            years[date[:4]].add(a, page)
            months[date[:7]].add(a, page)
        else:
            undated.add(a, page)
        for d in a["districts"]:
            districts[d].add(a, page)
            if date:
                district_years[d][date[:4]] = district_years[d].get(date[:4], 0) + 1
                district_months[d][date[:7]] = district_months[d].get(date[:7], 0) + 1
        if not a["districts"]:
            no_district.add(a, page)
        if paper:
            papers[paper].add(a, page)
            if date:
                paper_dates[paper].append(date)
        else:
            unknown_paper.add(a, page)
    return {
        **total.to_dict(),
        "undated": undated.to_dict(),
        "years": _tallies(years),
        "months": _tallies(months),
        "districts": {d: {**t, "years": dict(sorted(district_years[d].items())),
                          "months": dict(sorted(district_months[d].items()))}
                      for d, t in _tallies(districts).items()},
        "no_district": no_district.to_dict(),
        "papers": {p: {**t, "first": min(paper_dates[p], default=None), "last": max(paper_dates[p], default=None)}
                   for p, t in _tallies(papers).items()},
        "unknown_paper": unknown_paper.to_dict(),
    }


def _counted(tally, generation: int) -> dict:
    return {**summarise(tally.records()), "generation": generation}


def derive(folder: Path) -> dict:
    """The coverage of the index in folder, from its per-article records brought up to date."""
    tally, generation = slogans.counts(Path(folder))
    return _counted(tally, generation)


def store(folder: Path, tally, generation: int) -> None:
    """Write folder/coverage.json from the records of the index at that commit; readers see the old file
    or the new one, never half of one."""
    folder = Path(folder)
    tmp = folder / f".{FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(_counted(tally, generation), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / FILE)


def load(folder: Path) -> dict:
    """The stored coverage of a build with its build date and size on disk; derived in memory when the
    file is missing or older than the index."""
    folder = Path(folder)
    path = folder / FILE
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if data is None or data.get("generation") != latest_generation(folder):
        data = derive(folder)
    manifest = folder / MANIFEST
    built = json.loads(manifest.read_text(encoding="utf-8")).get("built") if manifest.exists() else None
    files = [e for e in os.scandir(folder) if e.is_file()]
    data["built"] = built
    data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(max(e.stat().st_mtime for e in files)))
    data["index_bytes"] = sum(e.stat().st_size for e in files)
    return data


def after_write(folder: Path) -> None:
    """Everything stored beside a build that is derived from it: slogans and coverage, from one reading."""
    store(folder, *slogans.store(folder))
