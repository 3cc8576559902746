"""The site search index: an entry per record and per facet value (site/search_index.py makes the
files)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from ..facets import FACET_KINDS, facet_label, record_facet_values
from ..links import file_url
from ..output import OutputFile
from ..search_index import index_files, page_entries, record_entry

if TYPE_CHECKING:
    from ..generator import PageGenerator


def search_files(generator: PageGenerator) -> Iterator[OutputFile]:
    """The search index files of every record and facet value."""
    def url_of(path: str) -> str:
        return path if generator.options.directory_urls else file_url(path)

    label = cache(facet_label)  # for this index only: `serve` may reload vocabularies
    entries = [record_entry(record, url_of(record.path), record_facet_values(record), label)
               for record in generator.records]
    facet_values = {kind: generator.facet_values(kind) for kind in FACET_KINDS}
    entries += page_entries(facet_values, url_of)
    yield from index_files(entries, len(generator.records))
