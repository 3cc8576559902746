"""Pages at a record's old addresses (its previous ids), each sending the reader on to its page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..links import file_url
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def redirect_pages(generator: PageGenerator) -> Iterator[OutputFile]:
    """A redirect page at every previous id of every record."""
    template = generator.environment.get_template("redirect.html")
    for record in generator.records:
        for old in record.previous_ids:
            url = f"reports/{old}/"
            path = f"{url}index.html" if generator.options.directory_urls else file_url(url)
            yield OutputFile(path, template.render(target=generator.href(url, record.path),
                                                   record=record))
