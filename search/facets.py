"""Filters and facet counts over the whole match set: districts, reporters, years and months, date ranges.

Facets are multi-select: each counts the matches filtered by every *other* facet's choices, so a count is
what clicking it would add. Year and month are one facet (the timeline): choosing 2011 or 2018-08 keeps
the articles of either. A date range (`from`/`to`, `date:`) is a hard filter like the query itself.
Articles without a date are never silently dropped or included: `undated` says how many the range left
out (or let in, with `include_undated`), and how many the matches hold.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from search.dates import DateRange, month_label


@dataclass(frozen=True)
class Selection:
    districts: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    months: tuple[str, ...] = ()             # "2011-12"
    reporters: tuple[str, ...] = ()
    ranges: tuple[DateRange, ...] = ()       # all apply (from/to and each date: in the query)
    include_undated: bool = False


@dataclass
class Filtered:
    mask: np.ndarray
    facets: dict = field(default_factory=dict)
    undated: dict = field(default_factory=dict)
    # the total with one kind of filter dropped (district, reporter, year: years and months, date: the
    # range) and with all of them dropped: what the no-results page offers, counted here for free
    unfiltered: dict = field(default_factory=dict)


def range_mask(dates: np.ndarray, ranges, include_undated: bool) -> np.ndarray:
    """Documents whose date lies in every range; undated ones (0) only when included."""
    inside = np.ones(len(dates), dtype=bool)
    for r in ranges:
        inside &= (dates >= r.start) & (dates <= r.end)
    if ranges and include_undated:
        inside |= dates == 0
    return inside


def _listing(counted: dict[str, int], selected) -> list[dict]:
    return [{"value": v, "count": counted.get(v, 0), "selected": v in selected}
            for v in dict.fromkeys([*counted, *selected])]


def apply(match: np.ndarray, cols, reporters, sel: Selection) -> Filtered:
    """The filtered mask and every facet's counts. `cols` has district_names/districts (documents ×
    districts), year_names/years (index per document, -1 none) and dates (YYYYMMDD, 0 none);
    `reporters` is a ReporterColumn."""
    dated_ok = range_mask(cols.dates, sel.ranges, sel.include_undated)
    base = match & dated_ok
    ones = np.ones_like(match)

    by_district = ones
    if sel.districts:
        chosen = [cols.district_names.index(d) for d in sel.districts if d in cols.district_names]
        by_district = cols.districts[:, chosen].any(axis=1) if chosen else np.zeros_like(match)
    by_reporter = reporters.mask(sel.reporters) if sel.reporters else ones
    months = cols.dates // 100
    by_date = ones
    if sel.years or sel.months:
        years = [cols.year_names.index(y) for y in sel.years if y in cols.year_names]
        wanted = [int(m.replace("-", "")) for m in sel.months]
        by_date = np.isin(cols.years, years) | np.isin(months, wanted)

    district_counts = cols.districts[base & by_reporter & by_date].sum(axis=0)
    for_dates = base & by_district & by_reporter
    year_rows = cols.years[for_dates]
    year_counts = np.bincount(year_rows[year_rows >= 0], minlength=len(cols.year_names))
    month_values, month_counts = np.unique(months[for_dates & (cols.dates > 0)], return_counts=True)

    facets = {
        "district": sorted(_listing({n: int(c) for n, c in zip(cols.district_names, district_counts) if c},
                                    sel.districts), key=lambda f: (-f["count"], f["value"])),
        "year": sorted(_listing({n: int(c) for n, c in zip(cols.year_names, year_counts) if c}, sel.years),
                       key=lambda f: f["value"]),
        "month": sorted(_listing({month_label(int(m)): int(c) for m, c in zip(month_values, month_counts)},
                                 sel.months), key=lambda f: f["value"]),
        "reporter": sorted(_listing(reporters.counts(base & by_district & by_date), sel.reporters),
                           key=lambda f: (-f["count"], f["value"])),
    }
    undated_matches = match & by_district & by_reporter & (cols.dates == 0)
    undated = {"count": int(undated_matches.sum()),
               "range": bool(sel.ranges), "included": bool(sel.ranges) and sel.include_undated}
    unfiltered = {"district": int((base & by_reporter & by_date).sum()),
                  "reporter": int((base & by_district & by_date).sum()),
                  "year": int(for_dates.sum()),
                  "date": int((match & by_district & by_reporter & by_date).sum()),
                  "all": int(match.sum())}
    return Filtered(base & by_district & by_reporter & by_date, facets, undated, unfiltered)
