"""What Zotero's item for a record must be, and how an item Zotero made is compared with it.

The expected item is derived from the record's fields by the rules below, written apart from
the code that writes the page metadata and the downloads, so that a test compares two
independent accounts of the same record. Field names are Zotero's (its schema.json).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from functools import cache
from pathlib import Path

from dnm_catalogue.records.markup import plain_text
from dnm_catalogue.records.model import Name, Organisation, Record

# Zotero's translation-server beside the checkout (CI clones the project next to `shared`);
# DNM_ZOTERO_DIR names another copy, e.g. for a git worktree kept elsewhere.
ZOTERO = Path(os.environ.get("DNM_ZOTERO_DIR")
              or Path(__file__).resolve().parent.parent.parent / "shared" / "zotero")
PATHS = ("page", "ris", "bibtex", "csl-json")

ITEM_TYPES = {
    "report": "report", "working-paper": "report", "policy-brief": "report",
    "journal-article": "journalArticle", "book": "book", "book-chapter": "bookSection",
    "conference-paper": "conferencePaper", "thesis": "thesis", "dataset": "dataset",
    "web-article": "webpage",
}
CONTAINER_FIELDS = {"journalArticle": "publicationTitle", "bookSection": "bookTitle",
                    "conferencePaper": "proceedingsTitle", "webpage": "websiteTitle"}
PUBLISHER_FIELDS = {"report": "institution", "thesis": "university", "dataset": "repository"}
PLACE_FIELDS = {"dataset": "repositoryLocation"}
SERIES_FIELDS = {"report": "seriesTitle"}
GENRE_FIELDS = {"report": "reportType", "thesis": "thesisType", "webpage": "websiteType"}
NUMBER_FIELDS = {"report": "reportNumber"}
# A record gives no genre for these types; what the catalogue calls them.
DEFAULT_GENRES = {"working-paper": "Working paper", "policy-brief": "Policy brief"}
SUMMARY_LABEL = "[DNM Catalogue summary, not the authors' abstract]"

# Fields Zotero fills by itself, which no record field decides.
IGNORED = {"key", "version", "accessDate", "libraryCatalog", "shortTitle", "attachments", "notes",
           "relations", "collections", "dateAdded", "dateModified"}
# Paths on which Zotero's translator makes tags of keywords (its Embedded Metadata translator
# drops keywords unless another translator calls it; its CSL-JSON reader has no tags).
TAG_PATHS = {"ris", "bibtex"}


# How a creators difference is named when Zotero only split an organisation's name at its comma.
COMMA_ORGANISATION = "creators (an organisation's name holds a comma)"

# What Zotero's readers cannot take from a download, whatever the file says: (path, Zotero item
# type, field or "*"). Each is documented in README.md ("Reference managers").
KNOWN_LIMITS = {
    # RIS: SN is a report's number (in the RIS specification and in Zotero); no tag is its ISBN.
    ("ris", "report", "ISBN"),
    # RIS: Zotero's reader fills a series from T2/T3 only for books, chapters, conference papers
    # and articles; a thesis's series (a university's dissertation series) has no tag it reads.
    ("ris", "thesis", "series"),
    # BibTeX: Zotero reads `series` into a field its reports do not have (Series Title).
    ("bibtex", "report", "seriesTitle"),
    # BibTeX: Zotero has no entry type for a data set (@misc is a document; @dataset is dropped).
    ("bibtex", "dataset", "*"),
    # Page (citation_author) and RIS (AU): Zotero's readers split a name at its first comma
    # into family and given name, so an organisation whose name holds a comma cannot arrive
    # whole; BibTeX ({braced}) and CSL-JSON (`literal`) keep it.
    ("page", "*", COMMA_ORGANISATION),
    ("ris", "*", COMMA_ORGANISATION),
}


def known_limit(path: str, item_type: str, line: str) -> bool:
    """Whether a difference is one of KNOWN_LIMITS."""
    field_name = line.split(":", 1)[0]
    return ((path, item_type, field_name) in KNOWN_LIMITS or (path, item_type, "*") in KNOWN_LIMITS
            or (path, "*", field_name) in KNOWN_LIMITS)


class UnmappableField(ValueError):
    """A record field that Zotero has no field for, for the record's item type."""


@cache
def zotero_fields() -> dict[str, set[str]]:
    """Each Zotero item type's fields, from the schema of the translation-server beside the
    project (empty when it is absent)."""
    path = ZOTERO / "translation-server" / "modules" / "zotero-schema" / "schema.json"
    if not path.is_file():
        return {}
    schema = json.loads(path.read_text("utf-8"))
    return {kind["itemType"]: {field["field"] for field in kind["fields"]}
            for kind in schema["itemTypes"]}


def creator(name: Name, role: str) -> dict[str, str]:
    """A Zotero creator: an organisation or a one-part name as a single field."""
    if isinstance(name, Organisation):
        return {"name": name.name, "creatorType": role}
    if not name.given:
        return {"name": name.family, "creatorType": role}
    return {"firstName": name.given, "lastName": name.family, "creatorType": role}


def expected_item(record: Record, path: str) -> dict:
    """The Zotero item a record must give on a path (one of PATHS)."""
    item_type = ITEM_TYPES[record.type]
    item: dict = {"itemType": item_type, "title": record.title, "language": record.language,
                  "date": str(record.published),
                  "abstractNote": f"{SUMMARY_LABEL} {plain_text(record.summary)}",
                  "url": record.url or f"https://doi.org/{record.doi}"}
    edited_volume = record.type == "book" and record.editors and record.authors == record.editors
    item["creators"] = ([] if edited_volume else [creator(name, "author") for name in record.authors])
    item["creators"] += [creator(name, "editor") for name in record.editors]
    fields = {
        CONTAINER_FIELDS.get(item_type, "(container)"): record.published_in,
        "volume": record.volume,
        NUMBER_FIELDS.get(item_type, "issue"): record.issue,
        "pages": record.pages,
        PUBLISHER_FIELDS.get(item_type, "publisher"): record.publisher,
        PLACE_FIELDS.get(item_type, "place"): record.place,
        SERIES_FIELDS.get(item_type, "series"): record.series,
        "edition": record.edition,
        "DOI": record.doi,
        "ISBN": record.isbn,
        GENRE_FIELDS.get(item_type, "(genre)"): record.genre or DEFAULT_GENRES.get(record.type),
    }
    valid = zotero_fields().get(item_type)
    for field, value in fields.items():
        if not value:
            continue
        if valid is not None and field not in valid:
            raise UnmappableField(f"{record.id}: Zotero's {item_type} has no field for {value!r}")
        item[field] = value
    item["tags"] = list(record.keywords) if path in TAG_PATHS else []
    return item


# Comparing -----------------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


def date_parts(text: str) -> tuple[int, ...]:
    """(year, month, day) as far as given, from the ways Zotero writes a date: '2017/11/28',
    '2017-11', 'November 28, 2017', '28 November 2017', 'November 2017', '2017'."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", text)
    if match:
        return tuple(int(part) for part in match.groups() if part)
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((_MONTHS[word.lower()] for word in words if word.lower() in _MONTHS), None)
    numbers = [int(word) for word in words if word.isdigit()]
    year = next((number for number in numbers if number > 31), None)
    day = next((number for number in numbers if number <= 31), None)
    if year is None or (day is not None and month is None):
        raise ValueError(f"unreadable date {text!r}")
    parts = (year, month, day) if day else (year, month) if month else (year,)
    date(year, month or 1, day or 1)  # a real date
    return parts


def initials(given: str) -> str:
    """A given name with its initials written one way, 'A. J.' (Zotero's page reader writes
    'A.J.' and 'J' so: ZU.cleanAuthor adds a full stop and a space after every initial)."""
    parts = [part for part in re.split(r"[\s.]+", given) if part]
    return " ".join(part + "." if re.fullmatch(r"-?[A-Z\u0400-\u042f]", part) else part
                    for part in parts).translate(_QUOTES)


def comparable(item: dict) -> dict:
    """An item with what Zotero decides by itself left out, and equal things written alike:
    dates as parts, ISBNs without hyphens, initials with full stops, typographic and straight
    quotation marks as one (the BibTeX download writes typographic ones, since TeX prints ' as
    a closing mark)."""
    result = {}
    for field, value in item.items():
        if field in IGNORED or value in ("", None):
            continue
        if field == "date":
            value = date_parts(value)
        elif field == "ISBN":
            value = value.replace("-", "").replace(" ", "")
        elif field == "tags":
            value = [tag["tag"].translate(_QUOTES) if isinstance(tag, dict) else tag.translate(_QUOTES)
                     for tag in value]
        elif field == "creators":
            value = [{key: initials(text) if key == "firstName" else text.translate(_QUOTES)
                      for key, text in person.items()} for person in value]
        elif isinstance(value, str):
            value = value.translate(_QUOTES)
        result[field] = value
    return result


def differences(expected: dict, actual: dict) -> list[str]:
    """One line per field that differs: 'field: expected ..., Zotero has ...'. Creators that
    differ only where Zotero split an organisation's name at its comma are named so (a known
    limit on some paths), any other difference in them as 'creators'."""
    want, have = comparable(expected), comparable(actual)
    lines = []
    for field in sorted(set(want) | set(have)):
        if want.get(field) != have.get(field):
            label = field
            if field == "creators" and _split_at_comma_only(want.get(field), have.get(field)):
                label = COMMA_ORGANISATION
            lines.append(f"{label}: expected {_short(want.get(field))}, Zotero has {_short(have.get(field))}")
    return lines


def has_comma_organisation(record: Record) -> bool:
    """Whether an author or editor is an organisation whose name holds a comma."""
    return any(isinstance(name, Organisation) and "," in name.name
               for name in record.authors + record.editors)


def _split_at_comma_only(want: list | None, have: list | None) -> bool:
    """Whether two creator lists differ only in organisations whose 'A, B' name Zotero read as
    family name A and given name B."""
    if not want or not have or len(want) != len(have):
        return False
    def split(wanted: dict, found: dict) -> bool:
        family, comma, given = wanted.get("name", "").partition(",")
        return bool(comma) and found.get("creatorType") == wanted.get("creatorType") and \
            found.get("lastName", "").strip() == family.strip() and \
            found.get("firstName", "").strip(" ,") == given.strip()
    return all(wanted == found or split(wanted, found) for wanted, found in zip(want, have, strict=True))


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if value is not None else "nothing"
    return text if len(text) <= 160 else text[:150] + "…" + text[-8:]
