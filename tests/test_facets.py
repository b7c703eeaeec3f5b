"""Filters and facet counts on small hand-made columns: date ranges and undated articles, the year and
month timeline, reporters; each count is what clicking it would give."""
from collections import Counter
from types import SimpleNamespace

import numpy as np

from search import facets as filters
from search.dates import parse_range
from search.reporters import ReporterColumn

# Six documents: dates (0 = none), districts, reporters.
DATES = np.array([20110105, 20111203, 20111220, 20180801, 0, 0], dtype=np.int32)
DISTRICTS = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 0]], dtype=bool)
COLS = SimpleNamespace(
    dates=DATES,
    year_names=["2011", "2018"],
    years=np.array([0, 0, 0, 1, -1, -1], dtype=np.int32),
    district_names=["金水区", "经开区"],
    districts=DISTRICTS,
    tallies=filters.Tallies(DATES, DISTRICTS),
)
# 甲 wrote 0, 1, 4; 乙 wrote 1, 3.
REPORTERS = ReporterColumn(["甲", "乙"], [0, 1, 4, 1, 3], [0, 0, 0, 1, 1], size=6)
ALL = np.ones(6, dtype=bool)


def counts(listing):
    return {f["value"]: f["count"] for f in listing}


def test_no_filter_counts_everything_and_the_undated_apart():
    out = filters.apply(ALL, COLS, REPORTERS, filters.Selection())
    assert out.mask.tolist() == [True] * 6
    assert counts(out.facets["year"]) == {"2011": 3, "2018": 1}
    assert counts(out.facets["month"]) == {"2011-01": 1, "2011-12": 2, "2018-08": 1}
    assert counts(out.facets["reporter"]) == {"甲": 3, "乙": 2}
    assert out.undated == {"count": 2, "range": False, "included": False}


def test_month_counts_sum_to_their_year():
    out = filters.apply(ALL, COLS, REPORTERS, filters.Selection(districts=("金水区",)))
    months = counts(out.facets["month"])
    assert sum(c for m, c in months.items() if m.startswith("2011")) == counts(out.facets["year"])["2011"] == 2


def test_a_range_excludes_undated_articles_and_says_how_many():
    out = filters.apply(ALL, COLS, REPORTERS, filters.Selection(ranges=(parse_range("2011-12..2018"),)))
    assert np.flatnonzero(out.mask).tolist() == [1, 2, 3]
    assert out.undated == {"count": 2, "range": True, "included": False}


def test_a_range_can_include_undated_articles():
    sel = filters.Selection(ranges=(parse_range("2011-12"),), include_undated=True)
    out = filters.apply(ALL, COLS, REPORTERS, sel)
    assert np.flatnonzero(out.mask).tolist() == [1, 2, 4, 5]
    assert out.undated["included"]


def test_month_and_year_choices_are_one_facet():
    out = filters.apply(ALL, COLS, REPORTERS, filters.Selection(years=("2018",), months=("2011-12",)))
    assert np.flatnonzero(out.mask).tolist() == [1, 2, 3]
    assert counts(out.facets["year"]) == {"2011": 3, "2018": 1}       # not narrowed by its own choice
    assert [f["value"] for f in out.facets["month"] if f["selected"]] == ["2011-12"]


def test_reporter_filter_and_other_facets_count_within_it():
    out = filters.apply(ALL, COLS, REPORTERS, filters.Selection(reporters=("乙",)))
    assert np.flatnonzero(out.mask).tolist() == [1, 3]
    assert counts(out.facets["district"]) == {"金水区": 1, "经开区": 1}
    assert counts(out.facets["reporter"]) == {"甲": 3, "乙": 2}
    unknown = filters.apply(ALL, COLS, REPORTERS, filters.Selection(reporters=("丙",)))
    assert not unknown.mask.any() and {"value": "丙", "count": 0, "selected": True} in unknown.facets["reporter"]


def test_tallies_count_as_selecting_the_matching_rows_does():
    rng = np.random.default_rng(3)
    n = 5000
    dates = np.where(rng.random(n) < 0.1, 0, rng.integers(1998, 2026, n) * 10000
                     + rng.integers(1, 13, n) * 100 + rng.integers(1, 29, n)).astype(np.int32)
    districts = rng.random((n, 7)) < 0.2
    tallies = filters.Tallies(dates, districts)
    for share in (0.0, 0.01, 0.5, 1.0):
        mask = rng.random(n) < share
        assert tallies.districts(mask).tolist() == districts[mask].sum(axis=0).tolist()
        expected = Counter(f"{d // 10000:04d}-{d // 100 % 100:02d}" for d in dates[mask].tolist() if d)
        assert tallies.months(mask) == dict(expected)
    assert filters.Tallies(np.zeros(3, dtype=np.int32), np.zeros((3, 0), dtype=bool)).months(np.ones(3, bool)) == {}


def test_reporter_counts_are_those_of_counting_each_pair():
    rng = np.random.default_rng(5)
    n, names = 3000, [f"记者{i:04d}" for i in range(400)]
    docs, ids = rng.integers(0, n, 5000), rng.integers(0, 380, 5000)     # 20 names without articles
    column = ReporterColumn(names, docs, ids, size=n)
    for share in (0.0, 0.01, 0.15, 0.3, 1.0):        # sparse masks count their documents' pairs, dense ones all
        mask = rng.random(n) < share
        naive = Counter(names[i] for d, i in zip(docs.tolist(), ids.tolist()) if mask[d])
        got = column.counts(mask, limit=len(names))
        assert got == dict(naive)
        top = column.counts(mask, limit=10)
        assert len(top) == min(10, len(naive)) and all(naive[name] == c for name, c in top.items())
        assert sorted(naive.values(), reverse=True)[:len(top)] == sorted(top.values(), reverse=True)
