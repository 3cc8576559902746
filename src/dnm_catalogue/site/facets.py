"""Facets: which records each country, region, drug, market, year, type and method page lists.

Memberships are computed once per record (an inverted index), with exactly the semantics of
records/query.py, so a facet page lists what `dnm-catalogue list` gives for the same filter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ..records import vocabularies as vocab
from ..records.model import Record
from ..records.query import newest_first

FACET_KINDS = ("countries", "regions", "drugs", "markets", "years", "types", "methods")
FACET_TITLES = {
    "countries": "Countries",
    "regions": "Regions",
    "drugs": "Drugs",
    "markets": "Markets",
    "years": "Years",
    "types": "Publication types",
    "methods": "Methods",
}
FACET_SINGULAR = {
    "countries": "Country",
    "regions": "Region",
    "drugs": "Drug",
    "markets": "Market",
    "years": "Year",
    "types": "Type",
    "methods": "Method",
}


def record_facet_values(record: Record) -> dict[str, set[str]]:
    """Every facet value a record is listed under (parents of drugs, regions of countries)."""
    drugs_vocabulary = vocab.vocabulary("drugs")
    regions_vocabulary = vocab.vocabulary("regions")
    drugs = set(record.drugs)
    for drug in record.drugs:
        drugs.update(drugs_vocabulary.ancestors(drug))
    regions = set(record.regions)
    for region in record.regions:
        regions.update(regions_vocabulary.ancestors(region))
    for country in record.countries:
        regions.update(vocab.regions_containing(country) - {"global"})
    return {
        "countries": {code.lower() for code in record.countries},
        "regions": regions,
        "drugs": drugs,
        "markets": set(record.markets),
        "years": {str(record.year)},
        "types": {record.type},
        "methods": set(record.methods),
    }


@dataclass
class FacetIndex:
    """Records under each value of each facet, newest first."""

    records: list[Record]

    @cached_property
    def members(self) -> dict[str, dict[str, list[Record]]]:
        """facet kind -> value slug -> records."""
        index: dict[str, dict[str, list[Record]]] = {kind: defaultdict(list) for kind in FACET_KINDS}
        for record in newest_first(self.records):
            for kind, values in record_facet_values(record).items():
                for value in values:
                    index[kind][value].append(record)
        return {kind: dict(values) for kind, values in index.items()}

    def values(self, kind: str) -> list[str]:
        """Values of a facet that have records, most records first."""
        return sorted(self.members[kind], key=lambda value: (-len(self.members[kind][value]), value))

    def count(self, kind: str, value: str) -> int:
        """Number of records under a value."""
        return len(self.members[kind].get(value, ()))

    @cached_property
    def cited_by(self) -> dict[str, list[Record]]:
        """Record id -> records that list it as related (the reverse direction)."""
        reverse: dict[str, list[Record]] = defaultdict(list)
        for record in newest_first(self.records):
            for target in record.related:
                reverse[target].append(record)
        return dict(reverse)


def facet_label(kind: str, value: str) -> str:
    """Display label of a facet value."""
    if kind == "countries":
        return vocab.country_name(value.upper())
    if kind == "years":
        return value
    return vocab.vocabulary(kind).label(value)


def facet_url(kind: str, value: str) -> str:
    """Site path of a facet value's page (no leading slash)."""
    return f"{kind}/{value.lower()}/"
