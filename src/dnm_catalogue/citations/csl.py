"""Record -> CSL-JSON: the one citation model every reference and export is derived from, and
the citation styles the catalogue offers (the official CSL style files in `styles/`, CC BY-SA
3.0, see styles/LICENSE)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from ..records import vocabularies as vocab
from ..records.model import Name, Organisation, Record
from .reference_fields import genre, is_edited_volume


@dataclass(frozen=True)
class CitationStyle:
    """One of the citation styles the catalogue offers."""

    name: str
    label: str
    file: str
    locale: str


STYLES: dict[str, CitationStyle] = {
    style.name: style for style in (
        CitationStyle("apa", "APA (7th edition)", "apa.csl", "en-US"),
        CitationStyle("chicago", "Chicago (author-date, 18th edition)", "chicago-author-date.csl",
                      "en-US"),
        CitationStyle("harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right.csl",
                      "en-GB"),
        # Vancouver is the NLM's Citing Medicine; the CSL "vancouver" alias points to this file.
        CitationStyle("vancouver", "Vancouver (NLM)", "nlm-citation-sequence.csl", "en-US"),
    )
}
_PARTICLE = re.compile(r"^((?:[a-z][\w'’]*\s+)+)(\S.*)$")


class UnknownStyleError(ValueError):
    """A style name that is not one of STYLES."""


def style_path(style: str) -> Path:
    """The packaged CSL file of a style (also what tests hand to pandoc)."""
    spec = style_spec(style)
    return Path(str(resources.files(__package__).joinpath("styles", spec.file)))


def style_spec(style: str) -> CitationStyle:
    """One of STYLES by name; UnknownStyleError for any other name."""
    try:
        return STYLES[style]
    except KeyError:
        raise UnknownStyleError(
            f"unknown citation style '{style}'; choose one of {', '.join(STYLES)}") from None


def csl_name(name: Name) -> dict[str, str]:
    """A CSL name: organisations whole as a literal, persons as family/given with particles."""
    if isinstance(name, Organisation):
        return {"literal": name.name}
    data: dict[str, str] = {}
    particle = _PARTICLE.match(name.family)
    if particle:
        # "van der Gouwe" -> particle "van der", family "Gouwe": styles that demote particles
        # (Chicago) print "Gouwe, Daan van der", others "van der Gouwe, D.".
        data["family"] = particle.group(2)
        data["non-dropping-particle"] = particle.group(1).strip()
    else:
        data["family"] = name.family
    if name.given:
        data["given"] = name.given
    return data


def csl_title(record: Record) -> str:
    """The title, with its English translation in square brackets where there is one.

    APA 7 (9.38), Chicago 18 (14.95) and Cite Them Right put the translation in brackets
    after the original title; CSL has no variable of its own for it.
    """
    if record.title_english:
        return f"{record.title} [{record.title_english}]"
    return record.title


def csl_item(record: Record) -> dict:
    """The record as one CSL-JSON item (the citation model every format is derived from)."""
    types = vocab.vocabulary("types")
    item: dict = {
        "id": record.id,
        "type": types[record.type].extra.get("csl", "document"),
        "title": csl_title(record),
        "issued": {"date-parts": [record.published.parts]},
        # No `accessed`: the catalogue's review date is not the reader's access (see
        # references.py).
        "language": record.language,
    }
    if not is_edited_volume(record):
        item["author"] = [csl_name(name) for name in record.authors]
    if record.editors:
        item["editor"] = [csl_name(name) for name in record.editors]
    optional = {
        "container-title": record.published_in,
        "volume": record.volume,
        # A report's issue is its number (CSL `number`, Zotero's report number).
        "number" if item["type"] == "report" else "issue": record.issue,
        "page": record.pages,
        "publisher": record.publisher,
        "publisher-place": record.place,
        "collection-title": record.series,
        "edition": record.edition,
        "genre": genre(record),
        "DOI": record.doi,
        "ISBN": record.isbn,
        "URL": record.url,
        "abstract": record.summary,
        "keyword": ", ".join(record.keywords) if record.keywords else None,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


# References are formatted with an access date no one can have (see references.py), which is
# then left out or replaced by the reader's own.
ACCESS_PLACEHOLDER = date(9999, 12, 31)


def reference_item(record: Record) -> dict:
    """The CSL item a reference is formatted from: the record's, with the placeholder access
    date (which `with_access_date` in references.py then removes or replaces)."""
    return {**csl_item(record), "accessed": {"date-parts": [date_parts(ACCESS_PLACEHOLDER)]}}


def date_parts(day: date) -> list[int]:
    """A day as CSL-JSON date parts: [year, month, day]."""
    return [day.year, day.month, day.day]
