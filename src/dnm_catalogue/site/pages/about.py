"""The about page: what the catalogue covers, its record format and how to send a correction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...records.model import FIELDS
from ..facets import facet_label
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def about_page(generator: PageGenerator) -> Iterator[OutputFile]:
    """The about page (about.md)."""
    coverage = {kind: [(value, facet_label(kind, value), generator.index.count(kind, value))
                       for value in generator.index.values(kind)]
                for kind in ("years", "types", "countries", "drugs", "markets")}
    coverage["years"].sort(key=lambda entry: entry[0])
    corrections = generator.options.corrections
    yield OutputFile("about.md", generator.render(
        "about.html", "about/", {"title": "About the catalogue"},
        fields=FIELDS, coverage=coverage, total=len(generator.records), corrections=corrections,
        issue_form=corrections.issue_form,
        contact_link=corrections.contact_link(),
        edit_pattern=corrections.edit_link("reports/x.yaml", "x")))
