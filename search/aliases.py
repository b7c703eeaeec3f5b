"""The alias table (search/data/aliases.tsv): groups of names for one district, zone, body or programme,
and the expansion of a query word into the other names of its group.

Kept as data so an archive's editors can add the names their paper uses without touching code; the
file's header says how. Names are compared in normalised form (full-width, traditional and case folded).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from search.analysis import normalise

FILE = "aliases.tsv"


def parse_groups(text: str) -> list[tuple[str, ...]]:
    """Groups of the file's text: one per line, names split on tabs or spaces, # comments skipped;
    a name repeated within a line is kept once, a line with one name is no group."""
    groups = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        names = tuple(dict.fromkeys(line.split()))
        if len(names) > 1:
            groups.append(names)
    return groups


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[str, ...], ...]:
    """The package's alias groups, read once."""
    return tuple(parse_groups(resources.files("search").joinpath("data", FILE).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[str, ...]]:
    """Normalised name → its group. A name in two groups belongs to the first (the file's order wins)."""
    table: dict[str, tuple[str, ...]] = {}
    for group in groups():
        for name in group:
            table.setdefault(normalise(name), group)
    return table


def expand(word: str) -> list[str]:
    """The other names of the word's group, in the file's order; [] for a word in no group."""
    key = normalise(word)
    group = _by_name().get(key, ())
    return [name for name in group if normalise(name) != key]


def district_aliases(districts: tuple[str, ...]) -> dict[str, str]:
    """alias → district, from the groups whose first name is a district: the gazetteer's share."""
    return {name: group[0] for group in groups() if group[0] in districts for name in group[1:]}


def names() -> list[str]:
    """Every name of every group: the segmenter keeps each one whole."""
    return sorted({name for group in groups() for name in group})
