"""Facets: district and year filters applied to a match mask, and the counts shown beside them.

Multi-select facets: each facet counts the set filtered by the *other* facet's choice, so picking a
second district adds to the result instead of narrowing it to nothing.
"""
from __future__ import annotations

import numpy as np

from search.postings import Columns


def _listing(names, counts, selected) -> list[dict]:
    counted = {n: int(c) for n, c in zip(names, counts) if c}
    return [{"value": v, "count": counted.get(v, 0), "selected": v in selected}
            for v in set(counted) | set(selected)]


def facets(cols: Columns, mask: np.ndarray, districts, years) -> tuple[np.ndarray, dict, dict]:
    """(the filtered mask, the facet listings, the totals with each facet's filter dropped)."""
    by_district = np.ones_like(mask)
    if districts:
        chosen = [cols.district_names.index(d) for d in districts if d in cols.district_names]
        by_district = cols.districts[:, chosen].any(axis=1) if chosen else np.zeros_like(mask)
    by_year = np.ones_like(mask)
    if years:
        chosen = [cols.year_names.index(y) for y in years if y in cols.year_names]
        by_year = np.isin(cols.years, chosen)
    district_counts = cols.districts[mask & by_year].sum(axis=0)
    year_rows = cols.years[mask & by_district]
    year_counts = np.bincount(year_rows[year_rows >= 0], minlength=len(cols.year_names))
    listings = {
        "district": sorted(_listing(cols.district_names, district_counts, districts),
                           key=lambda f: (-f["count"], f["value"])),
        "year": sorted(_listing(cols.year_names, year_counts, years), key=lambda f: f["value"]),
    }
    unfiltered = {"district": int((mask & by_year).sum()), "year": len(year_rows), "all": int(mask.sum())}
    return mask & by_district & by_year, listings, unfiltered
