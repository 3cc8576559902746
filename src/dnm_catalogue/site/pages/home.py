"""The home page: the newest records, links to the largest facets and the catalogue's charts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..charts import horizontal_bars, market_timeline, years_by_type
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def home_page(generator: PageGenerator) -> Iterator[OutputFile]:
    """The home page (index.md)."""
    years = [record.year for record in generator.records]
    quick = {kind: generator.index.values(kind)[:8] for kind in ("countries", "drugs", "markets")}
    counts = {
        "records": len(generator.records),
        "countries": len(generator.index.members["countries"]),
        "markets": len(generator.index.members["markets"]),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
    }
    yield OutputFile("index.md", generator.render(
        "home.html", "", {"title": "DNM Catalogue", "description":
                          "A checked catalogue of research on darknet drug markets"},
        newest=generator.records[:10], quick=quick, counts=counts, charts=[
            years_by_type(generator.records),
            horizontal_bars("chart-drugs", "Records per drug", "drugs", generator.index),
            horizontal_bars("chart-countries", "Records per country", "countries", generator.index),
            market_timeline(generator.index)]))
