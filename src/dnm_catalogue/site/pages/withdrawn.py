"""Pages at the addresses of withdrawn records: a record that left the catalogue (for
`candidates/`, until an authoritative source confirms it) keeps its address, which now says so
instead of answering "not found" to a reader who followed a link or a citation to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...records.model import Record
from ..links import file_url
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


@dataclass(frozen=True)
class Withdrawn:
    """A record not in the catalogue whose address is kept: its id, and how it was cited."""

    id: str
    title: str
    byline: str  # "Soska & Christin, 2015"

    @classmethod
    def of(cls, record: Record) -> Withdrawn:
        return cls(record.id, record.title, f"{record.authors_short}, {record.year}")


def withdrawn_pages(generator: PageGenerator) -> Iterator[OutputFile]:
    """A notice at the address of every withdrawn record that no record now holds (as its id or
    one of its previous ids)."""
    taken = {record.id for record in generator.records} | {
        old for record in generator.records for old in record.previous_ids}
    template = generator.environment.get_template("withdrawn.html")
    for withdrawn in sorted(generator.options.withdrawn, key=lambda item: item.id):
        if withdrawn.id in taken:
            continue
        url = f"reports/{withdrawn.id}/"
        path = f"{url}index.html" if generator.options.directory_urls else file_url(url)
        yield OutputFile(path, template.render(
            withdrawn=withdrawn, home=generator.href(url, ""),
            about=generator.href(url, "about/") + "#checking",
            search=generator.href(url, "browse/")))
