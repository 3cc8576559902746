"""The changelog page (every change, by day) and the Atom feed of the latest records."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import groupby
from typing import TYPE_CHECKING

from ..feed import FEED_LIMIT, FEED_PATH, atom_feed
from ..history import catalogue_changes
from ..links import file_url
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator

CHANGES_LIMIT = 1000  # changes listed on the changelog page


def changes_files(generator: PageGenerator) -> Iterator[OutputFile]:
    """The changelog page (every change, by day) and the Atom feed (latest records)."""
    withdrawn = [(item.record, item.day) for item in generator.withdrawn if item.day]
    changes = catalogue_changes(generator.records, generator.added, withdrawn)
    days = [(day, list(group)) for day, group in groupby(changes[:CHANGES_LIMIT],
                                                        key=lambda change: change.day)]
    yield OutputFile("changes.md", generator.render(
        "changes.html", "changes/", {"title": "Changes",
                                     "description": "Records added, revised and withdrawn, by day"},
        days=days, total=len(changes), shown=min(len(changes), CHANGES_LIMIT),
        has_history=bool(generator.added), feed_limit=FEED_LIMIT))
    yield OutputFile(FEED_PATH, atom_feed(changes, partial(feed_address, generator),
                                          generator.options.build_date))


def feed_address(generator: PageGenerator, url: str) -> str:
    """A site path as the feed writes it: absolute under the site URL, else relative to the
    feed, which is at the site's root."""
    if generator.options.site_url:
        return generator.options.site_url.rstrip("/") + "/" + url
    if not generator.options.directory_urls:
        return file_url(url) if url else "index.html"
    return url or "./"
