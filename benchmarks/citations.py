"""Time formatting every record in every citation style, cold and cached.

    .venv/bin/python benchmarks/citations.py [--reports reports] [--copies 1000]

"Cold" starts with empty reference caches but loaded style files (loading is timed on its
own); "cached" formats the same records again, as a rebuild in `mkdocs serve` does; "primed"
is `format_all` filling the cache in parallel processes first, as a full site build can. The
synthetic set repeats the real records with changed ids and titles, so every copy is
formatted afresh.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import tempfile
import time
from pathlib import Path

import citeproc

from dnm_catalogue.citations import formatting as citations
from dnm_catalogue.citations.csl import STYLES
from dnm_catalogue.citations.formatting import format_all
from dnm_catalogue.citations.references import format_reference
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import Record


def load(reports: Path) -> list[Record]:
    """The catalogue's records (links to records not yet written are ignored)."""
    known = [path.stem for path in reports.glob("*.yaml")]
    return check_catalogue([reports], known_ids=known).records


def copies(records: list[Record], total: int) -> list[Record]:
    """`total` records made from the real ones, each with its own id and title."""
    made = []
    for number in range(total):
        original = records[number % len(records)]
        made.append(dataclasses.replace(original, id=f"{original.id}-copy-{number}",
                                        title=f"{original.title} (copy {number})"))
    return made


def timed(records: list[Record], outputs: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds to format every record in each style. CPU time is the steadier
    figure on a shared machine."""
    seconds = {}
    for style in STYLES:
        wall, cpu = time.perf_counter(), time.process_time()
        for record in records:
            for output in outputs:
                format_reference(record, style, output)
        seconds[style] = (time.perf_counter() - wall, time.process_time() - cpu)
    return seconds


def report(label: str, records: list[Record]) -> None:
    citations.clear_cache()
    cold = timed(records, ("text", "html"))
    cached = timed(records, ("text", "html"))
    count = len(records)
    print(f"\n{label}: {count} records, text and HTML in each of {len(STYLES)} styles")
    print(f"{'style':<10} {'cold s':>8} {'cold CPU s':>11} {'CPU ms/record':>14} "
          f"{'cached s':>9}")
    rows = [(style, *cold[style], cached[style][0]) for style in STYLES]
    rows.append(("all", sum(row[1] for row in rows), sum(row[2] for row in rows),
                 sum(row[3] for row in rows)))
    for style, wall, cpu, again in rows:
        print(f"{style:<10} {wall:>8.2f} {cpu:>11.2f} {1000 * cpu / count:>14.1f} "
              f"{again:>9.3f}")
    citations.clear_cache()
    workers = min(os.cpu_count() or 1, 4)
    start = time.perf_counter()
    format_all(records, workers=workers)
    timed(records, ("text", "html"))
    print(f"primed by format_all in {workers} processes, then text and HTML in every style: "
          f"{time.perf_counter() - start:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        saved = citations.save_cache(Path(folder) / "citations.json")
        citations.clear_cache()
        start = time.perf_counter()
        citations.load_cache(Path(folder) / "citations.json")
        timed(records, ("text", "html"))
        print(f"a later process with load_cache ({saved} references saved), then text and "
              f"HTML in every style: {time.perf_counter() - start:.2f} s")


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default="reports", type=Path)
    parser.add_argument("--copies", default=1000, type=int)
    args = parser.parse_args()
    records = load(args.reports)
    print(f"Python {platform.python_version()}, citeproc-py {citeproc.__version__}, "
          f"{platform.machine()}")
    start = time.perf_counter()
    for style in STYLES:
        citations._engine(style)
    print(f"loading the {len(STYLES)} style files and their locales: "
          f"{time.perf_counter() - start:.2f} s")
    report("catalogue", records)
    report("synthetic", copies(records, args.copies))


if __name__ == "__main__":
    main()
