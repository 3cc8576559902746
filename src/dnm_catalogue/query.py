"""Filtering records: the semantics `dnm-catalogue list`, exports and the site browser share.

Values within one facet are OR, facets combine with AND; a parent drug includes its
children; a region includes studies of its member countries (and of regions inside it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import vocabularies as vocab
from .facets import newest_first
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

    def _country_ok(self, record: Record) -> bool:
        if not self.countries:
            return True
        if self.countries.intersection(record.countries):
            return True
        if self.include_regional:
            # A study of a region that contains the country counts for it (the EU for Germany).
            containing = set().union(*(vocab.regions_containing(code) for code in self.countries))
            return bool(containing.intersection(record.regions))
        return False

    def _region_ok(self, record: Record) -> bool:
        if not self.regions:
            return True
        regions = vocab.vocabulary("regions")
        wanted = set().union(*(regions.descendants(slug) for slug in self.regions))
        if wanted.intersection(record.regions):
            return True
        members = set().union(*(vocab.region_members(slug) for slug in self.regions))
        return bool(members.intersection(record.countries))


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


def select(records: Iterable[Record], query: Query) -> list[Record]:
    """Matching records, newest first, then by title."""
    return newest_first(record for record in records if query.matches(record))
