"""Pages at the addresses of withdrawn records: a record that left the catalogue (for
`candidates/`, until an authoritative source confirms it) keeps its address, which now says so
instead of answering "not found" to a reader who followed a link or a citation to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ...records.model import Record
from ..links import file_url
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


@dataclass(frozen=True)
class Withdrawn:
    """A record not in the catalogue whose address is kept, and the day it was withdrawn: the
    day its file arrived in the candidates folder, when the git history tells and the record
    had been published (PageGenerator.withdrawn keeps the day only then)."""

    record: Record
    day: date | None = None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def byline(self) -> str:
        """How it was cited: 'Soska & Christin, 2015'."""
        return f"{self.record.authors_short}, {self.record.year}"

    @property
    def key(self) -> list[str]:
        """What its notice and its changelog entry show, for the page cache."""
        return [self.id, self.title, self.byline, self.day.isoformat() if self.day else ""]


def withdrawn_pages(generator: PageGenerator) -> Iterator[OutputFile]:
    """A notice at the address of every withdrawn record (PageGenerator.withdrawn)."""
    template = generator.environment.get_template("withdrawn.html")
    for withdrawn in generator.withdrawn:
        url = f"reports/{withdrawn.id}/"
        path = f"{url}index.html" if generator.options.directory_urls else file_url(url)
        yield OutputFile(path, template.render(
            withdrawn=withdrawn, home=generator.href(url, ""),
            about=generator.href(url, "about/") + "#checking",
            search=generator.href(url, "browse/")))
