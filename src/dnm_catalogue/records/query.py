"""Filtering records: the semantics `dnm-catalogue list`, exports and the site browser share.

Values within one facet are OR, facets combine with AND; a parent drug includes its
children; a region includes studies of its member countries (and of regions inside it).
With regional studies included, a country also finds studies of the regions that contain it
(the EU for Germany); `covering_regions` says through which regions, and `coverage_label`
words it, for the browser, `list` and the country pages alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import vocabularies as vocab
from .model import Record


@dataclass(frozen=True)
class Query:
    """A set of filters; an empty query matches everything."""

    countries: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    drugs: frozenset[str] = field(default_factory=frozenset)
    markets: frozenset[str] = field(default_factory=frozenset)
    types: frozenset[str] = field(default_factory=frozenset)
    methods: frozenset[str] = field(default_factory=frozenset)
    year_from: int | None = None
    year_to: int | None = None
    include_regional: bool = False
    text: str = ""
    open_access_only: bool = False

    def matches(self, record: Record) -> bool:
        """True when the record passes every filter."""
        return (
            (not self.open_access_only or record.open_access is True)
            and self._text_ok(record)
            and self._country_ok(record)
            and self._region_ok(record)
            and _any(self.drugs, record.drugs, _expand(self.drugs, "drugs"))
            and _any(self.markets, record.markets)
            and _any(self.types, [record.type])
            and _any(self.methods, record.methods)
            and (self.year_from is None or record.year >= self.year_from)
            and (self.year_to is None or record.year <= self.year_to)
        )

    def _text_ok(self, record: Record) -> bool:
        words = normalise(self.text).split()
        if not words:
            return True
        haystack = search_text(record)
        return all(word in haystack for word in words)

    def coverage(self, record: Record) -> list[str]:
        """Why a matching record counts for the chosen countries when it does not study one of
        them itself: its covering regions as labels ('via European Union', 'global study')."""
        if not (self.countries and self.include_regional):
            return []
        return [coverage_label(slug) for slug in covering_regions(record, self.countries)]

    def _country_ok(self, record: Record) -> bool:
        if not self.countries:
            return True
        if self.countries.intersection(record.countries):
            return True
        # A study of a region that contains the country counts for it (the EU for Germany).
        return self.include_regional and bool(covering_regions(record, self.countries))

    def _region_ok(self, record: Record) -> bool:
        if not self.regions:
            return True
        regions = vocab.vocabulary("regions")
        wanted = set().union(*(regions.descendants(slug) for slug in self.regions))
        if wanted.intersection(record.regions):
            return True
        members = set().union(*(vocab.region_members(slug) for slug in self.regions))
        return bool(members.intersection(record.countries))


def covering_regions(record: Record, countries: Iterable[str]) -> list[str]:
    """The regions a record studies that contain one of the countries, narrowest first (see
    region_breadth): empty when the record studies one of the countries itself."""
    wanted = {code.upper() for code in countries}
    if wanted.intersection(record.countries):
        return []
    containing = set().union(*(vocab.regions_containing(code) for code in wanted))
    return sorted({region for region in record.regions if region in containing}, key=region_breadth)


def region_breadth(slug: str) -> tuple[int, int, str]:
    """Sort key: regions with fewer member countries first, the global region (no members) last."""
    members = vocab.region_members(slug)
    return (1 if slug == "global" or not members else 0, len(members), slug)


def coverage_label(region: str) -> str:
    """How a result found through a region says so: 'via European Union', 'global study'."""
    if region == "global":
        return "global study"
    return f"via {vocab.vocabulary('regions').label(region)}"


def country_coverage(records: Iterable[Record], code: str,
                     ) -> tuple[list[Record], list[tuple[str, list[Record]]]]:
    """A country's own studies, and the studies of regions containing it grouped by their
    narrowest covering region (narrowest region first), each newest first: what `list
    --country CODE --include-regional` gives, split in two."""
    matching = select(records, Query(countries=frozenset({code.upper()}), include_regional=True))
    own = [record for record in matching if code.upper() in record.countries]
    groups: dict[str, list[Record]] = {}
    for record in matching:
        regions = covering_regions(record, {code})
        if regions:
            groups.setdefault(regions[0], []).append(record)
    return own, sorted(groups.items(), key=lambda item: region_breadth(item[0]))


def normalise(text: str) -> str:
    """Lower case without accents, so 'Décary' matches 'decary' (the browser does the same)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_text(record: Record) -> str:
    """What the text filter searches: title, authors, summary, findings and keywords."""
    parts = [record.title, record.title_english or "", record.summary, *record.keywords,
             *(finding.text for finding in record.findings)]
    for name in record.authors:
        parts.append(name.display_name)
        if getattr(name, "abbreviation", None):
            parts.append(name.abbreviation)
    return normalise(" ".join(" ".join(parts).split()))


def _expand(slugs: Iterable[str], vocabulary_name: str) -> set[str]:
    terms = vocab.vocabulary(vocabulary_name)
    return set().union(*(terms.descendants(slug) for slug in slugs)) if slugs else set()


def _any(wanted: frozenset[str], values: Iterable[str], expanded: set[str] | None = None) -> bool:
    if not wanted:
        return True
    return bool((expanded or wanted).intersection(values))


def newest_first(records: Iterable[Record]) -> list[Record]:
    """Newest publication first, then by title."""
    return sorted(records, key=lambda record: (-record.published.earliest().toordinal(),
                                               record.title.lower()))


def select(records: Iterable[Record], query: Query) -> list[Record]:
    """Matching records, newest first, then by title."""
    return newest_first(record for record in records if query.matches(record))
