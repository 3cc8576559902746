"""What the page metadata and every download say the same way: the summary as a labelled
abstract, the kind of document, the work's address and what an edited volume is."""

from __future__ import annotations

import re

from ..records.markup import plain_text
from ..records.model import Record

# Our summary is not the authors' abstract; wherever it is offered as one, it says so.
SUMMARY_LABEL = "[DNM Catalogue summary, not the authors' abstract]"

# The kind of document a reader should be told, by type, where a record gives no genre.
TYPE_GENRES = {
    "working-paper": "Working paper",
    "policy-brief": "Policy brief",
    "dataset": "Data set",
}
# Types whose Zotero item has a field for the genre (report, thesis and website type); Zotero
# keeps no genre for other types from a page or a RIS file, so no download gives one.
GENRE_TYPES = frozenset({"report", "working-paper", "policy-brief", "thesis", "web-article"})

_DOCTORAL = re.compile(r"\b(ph\.?\s?d|doctor|doctoral|dissertation|doctorat)", re.IGNORECASE)


def summary_abstract(record: Record) -> str:
    """The summary as one line of plain text after SUMMARY_LABEL."""
    return f"{SUMMARY_LABEL} {plain_text(record.summary)}"


def genre(record: Record) -> str | None:
    """The record's genre, or its type's: what a formatted reference prints in brackets."""
    return record.genre or TYPE_GENRES.get(record.type)


def exported_genre(record: Record) -> str | None:
    """The genre that downloads and page metadata give: only where Zotero keeps one."""
    return genre(record) if record.type in GENRE_TYPES else None


def is_doctoral(record: Record) -> bool:
    """A thesis whose genre names a doctorate."""
    return bool(record.genre and _DOCTORAL.search(record.genre))


def work_url(record: Record) -> str | None:
    """Where the work is read: its URL, else its DOI link (what reference managers store as URL)."""
    return record.url or record.doi_url


def is_edited_volume(record: Record) -> bool:
    """A book whose authors are its editors: the record format requires authors, so an edited
    volume lists its editors twice; references then name them once, as editors."""
    return bool(record.editors) and record.authors == record.editors
