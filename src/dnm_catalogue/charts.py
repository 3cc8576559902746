"""Chart geometry computed at build time; templates draw it as inline SVG (no chart library)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import vocabularies as vocab
from .facets import FacetIndex, facet_label
from .model import Record

# Colour-blind-safe palette (Okabe and Ito), darkened where needed for 3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#6B6B6B",
           "#000000", "#E69F00", "#882255"]


@dataclass
class Bar:
    """One bar or bar segment, in SVG user units."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    value: int
    opacity: float = 1.0  # paler: an approximate bar (a market's years only bound its life)


@dataclass
class Chart:
    """A chart ready for a template: geometry, axis labels, legend and the data as a table."""

    id: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, text, anchor
    legend: list[tuple[str, str]] = field(default_factory=list)  # colour, label
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    row_urls: list[str] = field(default_factory=list)  # where each table row's first cell links


def label_space(labels: list[str]) -> int:
    """Room for the longest label at 11px (about 6.3 units a character), so none is clipped."""
    return max(100, int(6.3 * max((len(label) for label in labels), default=0)) + 12)


def horizontal_bars(chart_id: str, title: str, kind: str, index: FacetIndex, limit: int = 12) -> Chart:
    """Records per facet value, largest first."""
    values = index.values(kind)[:limit]
    label_width = label_space([facet_label(kind, value) for value in values])
    bar_space, row = 330, 22
    height = row * len(values) + 10
    chart = Chart(chart_id, title, "", label_width + bar_space + 40, max(height, 30))
    biggest = max((index.count(kind, value) for value in values), default=1)
    for position, value in enumerate(values):
        count = index.count(kind, value)
        y = 5 + position * row
        width = bar_space * count / biggest
        label = facet_label(kind, value)
        chart.bars.append(Bar(label_width, y, width, row - 6, PALETTE[0], label, count))
        chart.labels.append((label_width - 6, y + row / 2 + 1, label, "end"))
        chart.labels.append((label_width + width + 4, y + row / 2 + 1, str(count), "start"))
        chart.table_rows.append([label, str(count)])
        chart.row_urls.append(f"{kind}/{value.lower()}/")
    chart.table_head = [title.split(" per ")[-1].capitalize() if " per " in title else kind, "Records"]
    top = ", ".join(f"{row[0]} {row[1]}" for row in chart.table_rows[:5])
    chart.description = f"Horizontal bar chart of the {len(values)} {kind} with most records: {top}."
    return chart


def years_by_type(records: list[Record]) -> Chart:
    """Records per publication year, stacked by publication type."""
    types_vocabulary = vocab.vocabulary("types")
    years = sorted({record.year for record in records})
    if years:
        years = list(range(years[0], years[-1] + 1))
    used_types = [term.slug for term in types_vocabulary
                  if any(record.type == term.slug for record in records)]
    counts = Counter((record.year, record.type) for record in records)
    totals = Counter(record.year for record in records)
    column, plot_height, left, bottom, top = 30, 160, 30, 24, 16
    chart = Chart("chart-years", "Records per year, by type", "", left + column * len(years) + 10,
                  plot_height + bottom + top + 5)
    biggest = max(totals.values(), default=1)
    colours = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(used_types)}
    for position, year in enumerate(years):
        x = left + position * column
        y = top + plot_height
        for slug in used_types:
            count = counts.get((year, slug), 0)
            if not count:
                continue
            height = plot_height * count / biggest
            y -= height
            chart.bars.append(Bar(x + 3, y, column - 6, height, colours[slug],
                                  f"{year}: {types_vocabulary.label(slug)}", count))
        if totals.get(year):
            chart.labels.append((x + column / 2, y - 3, str(totals[year]), "middle"))
        if position % 2 == 0 or len(years) <= 12:
            chart.labels.append((x + column / 2, top + plot_height + 14, str(year), "middle"))
    chart.legend = [(colours[slug], types_vocabulary.label(slug)) for slug in used_types]
    chart.table_head = ["Year", *(types_vocabulary.label(slug) for slug in used_types), "All"]
    for year in years:
        chart.table_rows.append([str(year), *(str(counts.get((year, slug), 0)) for slug in used_types),
                                 str(totals.get(year, 0))])
        chart.row_urls.append(f"years/{year}/" if totals.get(year) else "")
    peak = max(years, key=lambda year: totals.get(year, 0)) if years else None
    chart.description = (f"Stacked column chart of {len(records)} records published "
                         f"{years[0]}–{years[-1]}; the most in {peak} ({totals.get(peak, 0)})."
                         if years else "No records yet.")
    return chart


def market_timeline(index: FacetIndex) -> Chart:
    """The years each market was active, with the number of studies of it."""
    markets = vocab.vocabulary("markets")
    terms = sorted(markets, key=lambda term: (int(term.extra["active"]["from"]), term.label))
    last_year = max((int(term.extra["active"].get("to") or term.extra["active"]["from"])
                     for term in terms), default=2011)
    first_year = min((int(term.extra["active"]["from"]) for term in terms), default=2011)
    last_year = max(last_year, first_year)
    label_width = label_space([term.label for term in terms])
    year_width, row = 26, 20
    span = last_year - first_year + 1
    chart = Chart("chart-markets", "Market timeline", "", label_width + year_width * span + 60,
                  row * len(terms) + 30)
    for position, term in enumerate(terms):
        start = int(term.extra["active"]["from"])
        end = int(term.extra["active"].get("to") or last_year)
        y = 5 + position * row
        x = label_width + (start - first_year) * year_width
        studies = index.count("markets", term.slug)
        approximate = vocab.market_years_approximate(term)
        chart.bars.append(Bar(x, y, (end - start + 1) * year_width - 2, row - 6,
                              PALETTE[0] if studies else PALETTE[6],
                              f"{term.label} ({vocab.market_years(term)})", studies,
                              opacity=0.5 if approximate else 1.0))
        chart.labels.append((label_width - 6, y + row / 2 + 1, term.label, "end"))
        chart.labels.append((x + (end - start + 1) * year_width + 2, y + row / 2 + 1,
                             f"{studies} stud{'y' if studies == 1 else 'ies'}", "start"))
        ended = str(term.extra.get("ended", "")).replace("-", " ")
        chart.table_rows.append([term.label, vocab.market_years(term), ended, str(studies)])
        chart.row_urls.append(f"markets/{term.slug}/")
    for year in range(first_year, last_year + 1, 2):
        chart.labels.append((label_width + (year - first_year + 0.5) * year_width,
                             row * len(terms) + 22, str(year), "middle"))
    chart.table_head = ["Market", "Active", "How it ended", "Records"]
    chart.description = (f"Timeline of {len(terms)} markets from {first_year} to {last_year}; "
                         "each bar spans the years a market was active, labelled with the number of "
                         "records that study it; paler bars span only the years sources show it "
                         "trading, where its opening or closing is not confirmed.")
    return chart
