"""The browse page (faceted search in the browser) and the data files its script loads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...records import vocabularies as vocab
from .. import fragments
from ..browse_data import FACET_PARAMS, data_script
from ..facets import FACET_TITLES, facet_label
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def browse_files(generator: PageGenerator) -> Iterator[OutputFile]:
    """The browse page, browse/data.js, browse/text.js and browse/exports.js."""
    facets = []
    for param, kind in FACET_PARAMS.items():
        title = FACET_TITLES[kind]
        if kind == "countries":
            values = [{"slug": code, "label": facet_label(kind, code), "child": False}
                      for code in sorted(generator.index.members[kind],
                                         key=lambda code: facet_label(kind, code))]
        else:
            vocabulary = vocab.vocabulary(kind)
            values = [{"slug": term.slug, "label": term.label, "child": bool(term.parent)}
                      for term in vocabulary.in_tree_order()
                      if generator.index.count(kind, term.slug)]
        facets.append({"param": param, "title": title, "values": values})
    # A faceted search needs the page's width: no (empty) table of contents beside it, and
    # a wider grid (overrides/wide.html).
    yield OutputFile("browse.md", generator.render(
        "browse.html", "browse/", {"title": "Browse and filter", "hide": ["toc"],
                                   "template": "wide.html"}, facets=facets))
    yield OutputFile("browse/data.js", data_script(generator.records))
    yield OutputFile("browse/text.js", fragments.text_script(generator.all_fragments))
    yield OutputFile("browse/exports.js",
                     fragments.exports_script(generator.records, generator.all_fragments))
