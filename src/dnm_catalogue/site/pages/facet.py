"""The facet pages: an index page per facet (countries, regions, drugs, markets, years, types,
methods) and a page per value listing its records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...records import vocabularies as vocab
from ..charts import horizontal_bars, market_timeline, years_by_type
from ..facets import FACET_SINGULAR, FACET_TITLES, facet_label, facet_url
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def facet_index_page(generator: PageGenerator, kind: str) -> Iterator[OutputFile]:
    """A facet's index page: every value with its count, and a chart where one helps."""
    url = f"{kind}/"
    if kind in ("countries", "years"):
        values = sorted(generator.index.members[kind], reverse=kind == "years")
        if kind == "countries":
            values = sorted(values, key=lambda code: facet_label(kind, code))
        entries = [(value, facet_label(kind, value), generator.index.count(kind, value), None)
                   for value in values]
    else:
        vocabulary = vocab.vocabulary(kind)
        entries = [(term.slug, term.label, generator.index.count(kind, term.slug), term)
                   for term in vocabulary.in_tree_order()]
    charts = {
        "countries": lambda: horizontal_bars("chart-countries", "Records per country",
                                             "countries", generator.index, limit=20),
        "drugs": lambda: horizontal_bars("chart-drugs", "Records per drug", "drugs",
                                         generator.index, limit=25),
        "markets": lambda: market_timeline(generator.index),
        "years": lambda: years_by_type(generator.records),
    }
    chart = charts[kind]() if kind in charts else None
    if kind == "markets":
        # The timeline's order: the year each market opened, then its name.
        entries = [(term.slug, term.label, generator.index.count(kind, term.slug), term)
                   for term in vocab.markets_by_opening()]
    regional_counts = ({value: sum(len(listed) for _, listed in generator.regional_groups(value))
                        for value, *_ in entries} if kind == "countries" else {})
    yield OutputFile(f"{kind}/index.md", generator.render(
        "facet_index.html", url, {"title": FACET_TITLES[kind]},
        kind=kind, entries=entries, total=len(generator.records), chart=chart,
        regional_counts=regional_counts))


def facet_value_page(generator: PageGenerator, kind: str, value: str) -> Iterator[OutputFile]:
    """A facet value's page: its records (a country's also those of regions containing it)."""
    records = generator.index.members[kind].get(value, [])
    regional = []
    if kind == "countries":
        regional = [(region, vocab.vocabulary("regions").label(region), listed)
                    for region, listed in generator.regional_groups(value)]
    term = None
    children: list[str] = []
    if kind not in ("countries", "years"):
        term = vocab.vocabulary(kind)[value]
        below = vocab.vocabulary(kind).descendants(value) - {value}
        children = [child.slug for child in vocab.vocabulary(kind).in_tree_order()
                    if child.slug in below]  # a set's order changes from run to run
    label = facet_label(kind, value)
    url = facet_url(kind, value)
    by_year = Counter(record.year for record in records)
    yield OutputFile(f"{kind}/{value.lower()}.md", generator.render(
        "facet.html", url, {"title": f"{label} — {FACET_SINGULAR[kind].lower()}"},
        kind=kind, value=value, label=label, records=records, term=term,
        children=children, by_year=sorted(by_year.items()), regional=regional,
        regional_total=sum(len(listed) for _, _, listed in regional)))
