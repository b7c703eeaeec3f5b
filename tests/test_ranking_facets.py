"""Ranking and facet counting on small hand-made arrays, without an index."""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from search.facets import Selection, Tallies, apply
from search.ranking import B, K1, PROXIMITY_BONUS, bm25, proximity_factor
from search.reporters import ReporterColumn


def test_bm25_of_an_average_document_with_one_occurrence_is_the_idf():
    n, df = 100, 9
    score = bm25(np.array([1.0]), np.array([50.0]), 50.0, df, n)
    assert math.isclose(score[0], math.log(1 + (n - df + 0.5) / (df + 0.5)), rel_tol=1e-6)


def test_bm25_grows_with_frequency_shrinks_with_length_and_weighs_rare_words_more():
    tf = np.array([1.0, 2.0, 2.0])
    lengths = np.array([10.0, 10.0, 40.0])
    scores = bm25(tf, lengths, 20.0, 5, 100)
    assert scores[1] > scores[0] and scores[1] > scores[2]
    assert scores[1] < 2 * scores[0]                            # frequency saturates
    assert bm25(tf, lengths, 20.0, 2, 100)[0] > scores[0]      # a rarer word counts more
    assert np.allclose(bm25(tf, lengths, 20.0, 5, 100, weight=3.0), 3 * scores)
    idf = math.log(1 + (100 - 5 + 0.5) / (5 + 0.5))
    assert math.isclose(bm25(np.array([1e9]), np.array([10.0]), 20.0, 5, 100)[0], idf * (K1 + 1), rel_tol=1e-5)
    short_norm = K1 * (1 - B + B * 10 / 20)                   # length 10 against an average of 20
    assert math.isclose(scores[0], idf * (K1 + 1) / (1 + short_norm), rel_tol=1e-6)


def test_proximity_factor_counts_the_pairs_standing_together():
    pairs = ["郑州地铁".encode(), "地铁建设".encode()]
    assert proximity_factor("郑州地铁建设".encode(), pairs) == 1 + PROXIMITY_BONUS
    assert proximity_factor("郑州的地铁建设".encode(), pairs) == 1 + PROXIMITY_BONUS / 2
    assert proximity_factor("郑州的地铁在建设".encode(), pairs) == 1


def columns():
    # five documents: districts A, B, A+B, none, B; years 2021, 2022, 2022, none, 2021
    districts = np.array([[1, 0], [0, 1], [1, 1], [0, 0], [0, 1]], dtype=bool)
    dates = np.array([20210301, 20220101, 20220505, 0, 20211231], dtype=np.int32)
    return SimpleNamespace(
        district_names=["A", "B"],
        districts=districts,
        year_names=["2021", "2022"],
        years=np.array([0, 1, 1, -1, 0], dtype=np.int32),
        dates=dates,
        tallies=Tallies(dates, districts),
    )


def facets(cols, mask, districts, years):
    """(filtered mask, listings, totals without the district and year filters) of search.facets.apply."""
    out = apply(mask, cols, ReporterColumn([], [], [], len(mask)), Selection(tuple(districts), tuple(years)))
    return out.mask, out.facets, {k: out.unfiltered[k] for k in ("district", "year", "all")}


def counts(listing):
    return {item["value"]: (item["count"], item["selected"]) for item in listing}


def test_facets_without_filters_count_the_matches():
    mask = np.array([True, True, True, True, False])
    filtered, listings, unfiltered = facets(columns(), mask, [], [])
    assert filtered.tolist() == mask.tolist()
    assert counts(listings["district"]) == {"A": (2, False), "B": (2, False)}
    assert counts(listings["year"]) == {"2021": (1, False), "2022": (2, False)}
    assert unfiltered == {"district": 4, "year": 4, "all": 4}


def test_each_facet_counts_the_set_filtered_by_the_other_facet_only():
    mask = np.ones(5, dtype=bool)
    filtered, listings, unfiltered = facets(columns(), mask, ["A"], ["2021"])
    assert filtered.tolist() == [True, False, False, False, False]     # A and 2021
    assert counts(listings["district"]) == {"A": (1, True), "B": (1, False)}        # among 2021: docs 0, 4
    assert counts(listings["year"]) == {"2021": (1, True), "2022": (1, False)}     # among A: docs 0, 2
    assert unfiltered == {"district": 2, "year": 2, "all": 5}


def test_chosen_values_of_one_facet_are_alternatives_and_unknown_ones_stay_listed():
    mask = np.ones(5, dtype=bool)
    filtered, listings, _ = facets(columns(), mask, ["A", "B"], [])
    assert filtered.tolist() == [True, True, True, False, True]
    filtered, listings, _ = facets(columns(), mask, ["火星区"], [])
    assert not filtered.any() and counts(listings["district"])["火星区"] == (0, True)
