"""Corrections to citeproc-py 0.11.1, found by comparing its output with pandoc 3.9 and the
CSL specification, grouped by what they correct.

Each correction is a subclass of a citeproc-py element class, installed through this package's
own lxml class lookup (style.py), so citeproc-py itself is never patched for other users in the
process. The subclasses lean on citeproc-py internals, hence the version guard in `Style`. Most
of them also remember structural look-ups per element (`Memoised`), which makes formatting about
three times as fast (benchmarks/README.md).

Rendering goes through a formatter that writes private-use markers instead of markup; the
caller turns the markers into plain text or escaped HTML (`to_text`, `to_html`). Quotation
marks, from the style or inside field values, are markers too until `finish` resolves them:
outer and inner quotes alternate by depth, and with `punctuation-in-quote` a following
period or comma moves inside the closing mark.

  markers.py      formatting and quotation marks as private-use characters, to text or HTML
  quotes.py       quotations inside field values; punctuation around closing quotes
  case.py         title case and capitalize-first, word by word as pandoc's citeproc does it
  pages.py        page ranges abbreviated by the style's page-range-format
  names.py        names: initialize="false", particles, delimiters, substituted names
  dates.py        localized dates joined with the locale's delimiter
  variables.py    cs:text, cs:label and cs:number: case, page ranges, quotes, empty labels
  conditions.py   cs:if read once per element; cs:group suppressed by the branch it renders
  style.py        a style and its locales parsed with the corrected classes; the version guard
"""

from citeproc.source import VariableError

from .case import capitalize_first, title_case
from .markers import END_ITALIC, ITALIC, MARKERS, MarkerFormatter, to_html, to_text
from .pages import abbreviate_range
from .quotes import finish, mark_quotes
from .style import CiteprocVersionError, Style, check_citeproc_version

__all__ = ["END_ITALIC", "ITALIC", "MARKERS", "CiteprocVersionError", "MarkerFormatter", "Style",
           "VariableError", "abbreviate_range", "capitalize_first", "check_citeproc_version", "finish",
           "mark_quotes", "title_case", "to_html", "to_text"]
