"""Chart geometry computed at build time; templates draw it as inline SVG (no chart library)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..records import vocabularies as vocab
from ..records.model import Record
from .facets import FacetIndex, facet_label

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
    """A chart ready for a template: geometry, axis labels, legend and the data as a table.

    `narrow` is the same chart drawn for a phone's width (about 340 units shown at about 350
    CSS px), so its labels keep their size instead of shrinking with the whole drawing."""

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
    font_size: int = 11
    gridlines: list[tuple[float, float, float, float]] = field(default_factory=list)  # x1, y1, x2, y2
    narrow: Chart | None = None


NARROW_WIDTH, NARROW_FONT = 340, 12


def label_space(labels: list[str], font_size: int = 11) -> int:
    """Room for the longest label (about 0.58 of the font size a character), so none is clipped."""
    return max(100, int(font_size * 0.58 * max((len(label) for label in labels), default=0)) + 12)


def pale(colour: str, opacity: float = 0.5) -> str:
    """A colour as it shows at an opacity on white (for a legend swatch of a paler bar)."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - value) * opacity):02X}" for value in channels)


def horizontal_bars(chart_id: str, title: str, kind: str, index: FacetIndex, limit: int = 12) -> Chart:
    """Records per facet value, largest first."""
    values = index.values(kind)[:limit]
    labels = [facet_label(kind, value) for value in values]
    counts = [index.count(kind, value) for value in values]
    biggest = max(counts, default=1)
    label_width = label_space(labels)
    bar_space, row = 330, 22
    chart = Chart(chart_id, title, "", label_width + bar_space + 40, max(row * len(values) + 10, 30))
    for position, (value, label, count) in enumerate(zip(values, labels, counts, strict=True)):
        y = 5 + position * row
        width = bar_space * count / biggest
        chart.bars.append(Bar(label_width, y, width, row - 6, PALETTE[0], label, count))
        chart.labels.append((label_width - 6, y + row / 2 + 1, label, "end"))
        chart.labels.append((label_width + width + 4, y + row / 2 + 1, str(count), "start"))
        chart.table_rows.append([label, str(count)])
        chart.row_urls.append(f"{kind}/{value.lower()}/")
    chart.table_head = [title.split(" per ")[-1].capitalize() if " per " in title else kind, "Records"]
    top = ", ".join(f"{row[0]} {row[1]}" for row in chart.table_rows[:5])
    chart.description = f"Horizontal bar chart of the {len(values)} {kind} with most records: {top}."
    # Narrow: each label above its bar, so the bars keep the whole width.
    row = 32
    narrow = Chart(chart_id, title, chart.description, NARROW_WIDTH, max(row * len(values) + 6, 30),
                   font_size=NARROW_FONT)
    bar_space = NARROW_WIDTH - 40
    for position, (label, count) in enumerate(zip(labels, counts, strict=True)):
        y = 4 + position * row
        width = bar_space * count / biggest
        narrow.labels.append((0, y + 7, label, "start"))
        narrow.bars.append(Bar(0, y + 15, width, 12, PALETTE[0], label, count))
        narrow.labels.append((width + 4, y + 21, str(count), "start"))
    chart.narrow = narrow
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
    colours = {slug: PALETTE[i % len(PALETTE)] for i, slug in enumerate(used_types)}
    biggest = max(totals.values(), default=1)

    def draw(column: float, left: int, width: int, font_size: int, every: int) -> Chart:
        plot_height, bottom, top = 160, 24, 16
        chart = Chart("chart-years", "Records per year, by type", "", width,
                      plot_height + bottom + top + 5, font_size=font_size)
        for position, year in enumerate(years):
            x = left + position * column
            y = top + plot_height
            for slug in used_types:
                count = counts.get((year, slug), 0)
                if not count:
                    continue
                height = plot_height * count / biggest
                y -= height
                chart.bars.append(Bar(x + column * 0.1, y, column * 0.8, height, colours[slug],
                                      f"{year}: {types_vocabulary.label(slug)}", count))
            if totals.get(year):
                chart.labels.append((x + column / 2, y - 4, str(totals[year]), "middle"))
            if position % every == 0:
                chart.labels.append((x + column / 2, top + plot_height + 14, str(year), "middle"))
        return chart

    column = 30
    chart = draw(column, 30, 30 + column * len(years) + 10, 11, 2 if len(years) > 12 else 1)
    # Narrow: the columns share a phone's width; a year label every so many columns, so the
    # labels (about 30 units wide) never touch.
    narrow_column = (NARROW_WIDTH - 8) / max(len(years), 1)
    chart.narrow = draw(narrow_column, 4, NARROW_WIDTH, NARROW_FONT, max(1, math.ceil(36 / narrow_column)))
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
    chart.narrow.description = chart.description
    return chart


def market_timeline(index: FacetIndex) -> Chart:
    """The years each market was active, with the number of studies of it; the year axis at
    the top and at the bottom, and a legend for the colours."""
    terms = vocab.markets_by_opening()
    last_year = max((int(term.extra["active"].get("to") or term.extra["active"]["from"])
                     for term in terms), default=2011)
    first_year = min((int(term.extra["active"]["from"]) for term in terms), default=2011)
    last_year = max(last_year, first_year)
    span = last_year - first_year + 1
    markets = []
    for term in terms:
        start = int(term.extra["active"]["from"])
        end = int(term.extra["active"].get("to") or last_year)
        studies = index.count("markets", term.slug)
        markets.append((term, start, end, studies, vocab.market_years_approximate(term),
                        f"{studies} stud{'y' if studies == 1 else 'ies'}"))

    def colour(studies: int) -> str:
        return PALETTE[0] if studies else PALETTE[6]

    def axes(chart: Chart, left: float, year_width: float, top: float, bottom: float, every: int) -> None:
        for year in range(first_year, last_year + 1, every):
            x = left + (year - first_year + 0.5) * year_width
            chart.labels.append((x, top - 9, str(year), "middle"))
            chart.labels.append((x, bottom + 11, str(year), "middle"))
        for year in range(first_year, last_year + 2):
            x = left + (year - first_year) * year_width - 1
            chart.gridlines.append((x, top - 2, x, bottom + 1))

    label_width = label_space([term.label for term in terms])
    year_width, row, top = 26, 20, 22
    height = top + row * len(terms)
    chart = Chart("chart-markets", "Market timeline", "", label_width + year_width * span + 60,
                  height + 22)
    axes(chart, label_width, year_width, top, height, 2)
    for position, (term, start, end, studies, approximate, noun) in enumerate(markets):
        y = top + position * row + 3
        x = label_width + (start - first_year) * year_width
        chart.bars.append(Bar(x, y, (end - start + 1) * year_width - 2, row - 6, colour(studies),
                              f"{term.label} ({vocab.market_years(term)})", studies,
                              opacity=0.5 if approximate else 1.0))
        chart.labels.append((label_width - 6, y + row / 2 - 2, term.label, "end"))
        chart.labels.append((x + (end - start + 1) * year_width + 2, y + row / 2 - 2, noun, "start"))
        ended = str(term.extra.get("ended", "")).replace("-", " ")
        chart.table_rows.append([term.label, vocab.market_years(term), ended, str(studies)])
        chart.row_urls.append(f"markets/{term.slug}/")
    # Narrow: each market's name and studies above its bar, the bars across the whole width.
    row, top = 30, 22
    height = top + row * len(terms)
    narrow = Chart("chart-markets", "Market timeline", "", NARROW_WIDTH, height + 22, font_size=NARROW_FONT)
    year_width = (NARROW_WIDTH - 4) / span
    axes(narrow, 2, year_width, top, height, max(1, math.ceil(36 / year_width)))
    for position, (term, start, end, studies, approximate, noun) in enumerate(markets):
        y = top + position * row
        x = 2 + (start - first_year) * year_width
        narrow.labels.append((2, y + 9, f"{term.label} · {noun}", "start"))
        narrow.bars.append(Bar(x, y + 17, (end - start + 1) * year_width - 1, 10, colour(studies),
                               f"{term.label} ({vocab.market_years(term)})", studies,
                               opacity=0.5 if approximate else 1.0))
    chart.narrow = narrow
    chart.legend = [(PALETTE[0], "Studied in the catalogue (the number of studies beside each bar)"),
                    (PALETTE[6], "No study in the catalogue yet"),
                    (pale(PALETTE[0]), "Paler: years approximate (the first or last year a "
                                       "source shows it trading)")]
    chart.table_head = ["Market", "Active", "How it ended", "Records"]
    chart.description = (f"Timeline of {len(terms)} markets from {first_year} to {last_year}; "
                         "each bar spans the years a market was active, labelled with the number of "
                         "records that study it; grey bars mark markets no record studies yet; paler "
                         "bars span only the years sources show it trading, where its opening or "
                         "closing is not confirmed.")
    narrow.description = chart.description
    return chart
