"""The elements that print a variable or a term: cs:text, cs:label and cs:number with the case
and page-range corrections, quotes as markers, and no label for an empty variable."""

from __future__ import annotations

from citeproc import model
from citeproc.string import String

from .case import Cased
from .markers import END_QUOTE, QUOTE
from .pages import PageRanges


class Text(Cased, PageRanges, model.Text):
    """cs:text with the case corrections and quotes as markers."""

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true":
            return String(QUOTE) + string + String(END_QUOTE)
        return string


class Label(Cased, model.Label):
    """cs:label with the case corrections, and empty when its variable is (CSL 1.0.2: "Edition"
    was printed for articles without an edition)."""

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        return super().process(item, variable, plural, context, **kwargs)


class Number(Cased, PageRanges, model.Number):
    """cs:number with the case corrections."""
