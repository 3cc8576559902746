"""Machine-readable metadata for a record page: meta tags for Google Scholar and Zotero, and
schema.org JSON-LD."""

from __future__ import annotations

import re
from typing import Any

from ..citations.reference_fields import exported_genre, is_edited_volume, summary_abstract, work_url
from ..records import vocabularies as vocab
from ..records.model import Name, Organisation, Person, Record

SCHEMA_TYPES = {
    "report": "Report",
    "journal-article": "ScholarlyArticle",
    "book": "Book",
    "book-chapter": "Chapter",
    "conference-paper": "ScholarlyArticle",
    "working-paper": "Report",
    "thesis": "Thesis",
    "dataset": "Dataset",
    "policy-brief": "Report",
    "web-article": "Article",
}


# Zotero's Embedded Metadata translator reads citation_* (Highwire Press, as Google Scholar
# does) and, through its RDF translator, DC.*, og:*, eprints.*, prism.* and z.* (Zotero's own
# RDF vocabulary). Each value below goes where both read it, or where Zotero alone does when
# citation_* has no tag for it (see README, "Reference managers").
EPRINTS_TYPES = {
    "report": "report",
    "working-paper": "report",
    "policy-brief": "report",
    "journal-article": "article",
    "book": "book",
    "book-chapter": "book_section",
    "conference-paper": "conference_item",
    "thesis": "thesis",
    "dataset": "dataset",
}
REPORT_TYPES = ("report", "working-paper", "policy-brief")
# Where a series goes: Zotero's report has "Series Title", other types "Series"; data sets and
# web pages have none.
_SERIES_TAGS = {**dict.fromkeys(REPORT_TYPES, "z.seriesTitle"), "dataset": None, "web-article": None}


def meta_name(name: Name) -> str:
    """A name as citation_author gives it: 'Family, Given'; an organisation or a one-part name
    ends in a comma, which Zotero takes as one name never split into given and family."""
    if isinstance(name, Organisation):
        return f"{name.name},"
    return f"{name.family}, {name.given}" if name.given else f"{name.family},"


def _author_values(names: list[Name]) -> list[str]:
    values = [meta_name(name) for name in names]
    parts = re.split(r"\s*,\s*", values[0]) if len(values) == 1 else []
    if len(parts) > 1 and " " in parts[0] and " " in parts[1]:
        # Zotero splits a sole citation_author at its commas into several authors when the
        # first two parts have a space ("Van Hout, Marie Claire"); a ';' keeps it one name.
        values[0] += ";"
    return values


def highwire_tags(record: Record, page_url: str) -> list[tuple[str, str]]:
    """Meta tags (name, content) for Google Scholar, Zotero and other reference managers."""
    tags: list[tuple[str, str]] = [("citation_title", record.title)]
    if is_edited_volume(record):
        # Google Scholar needs authors; Zotero turns a citation_author that its RDF reader
        # also finds as an editor (eprints.editors_name) into an editor.
        tags.extend(("citation_author", value) for value in _author_values(record.editors))
        tags.extend(("eprints.editors_name", meta_name(name)) for name in record.editors)
    else:
        tags.extend(("citation_author", value) for value in _author_values(record.authors))
        tags.extend(("citation_editor", meta_name(name)) for name in record.editors)
    date = str(record.published).replace("-", "/")
    tags.extend([("citation_publication_date", date), ("citation_date", date)])
    tags.extend(_type_and_container(record))
    if record.volume:
        tags.append(("citation_volume", record.volume))
    if record.issue:
        tags.append(("citation_technical_report_number" if record.type in REPORT_TYPES
                     else "citation_issue", record.issue))
    if record.pages:
        first, last = record.page_range
        tags.append(("citation_firstpage", first))
        if last:
            tags.append(("citation_lastpage", last))
    if record.doi:
        tags.append(("citation_doi", record.doi))
    if record.isbn:
        tags.append(("citation_isbn", record.isbn))
    if record.publisher:
        tags.append(("citation_publisher", record.publisher))
    if record.place:
        tags.append(("eprints.place_of_pub", record.place))
    if record.series:
        series_tag = _SERIES_TAGS.get(record.type, "citation_series_title")
        if series_tag:
            tags.append((series_tag, record.series))
    if record.edition:
        tags.append(("prism.edition", record.edition))
    kind = exported_genre(record)
    if kind:
        tags.append(("DC.type", kind))  # Zotero's report, thesis or website type
    tags.append(("citation_language", record.language))
    tags.append(("citation_abstract", summary_abstract(record)))
    tags.extend(("citation_keywords", keyword) for keyword in record.keywords)
    if page_url.startswith(("http://", "https://")):  # not in an offline copy: no address
        tags.append(("citation_abstract_html_url", page_url))
    url = work_url(record)
    if url:
        tags.append(("citation_public_url", url))
    return tags


def _type_and_container(record: Record) -> list[tuple[str, str]]:
    """The tags that make Zotero choose the item type, and the title of what contains the work."""
    tags: list[tuple[str, str]] = []
    if record.type in EPRINTS_TYPES:
        tags.append(("eprints.type", EPRINTS_TYPES[record.type]))
    container = record.published_in
    if record.type == "journal-article" and container:
        tags.append(("citation_journal_title", container))
    elif record.type == "book-chapter" and container:
        tags.append(("citation_inbook_title", container))
    elif record.type == "conference-paper" and container:
        # citation_conference_title would become Zotero's conference name; the proceedings
        # title is PRISM's publication name, which Google Scholar reads too.
        tags.append(("prism.publicationName", container))
    elif record.type == "web-article":
        tags.append(("og:type", "website"))
        if container:
            tags.append(("og:site_name", container))
    if record.publisher and record.type in REPORT_TYPES:
        tags.append(("citation_technical_report_institution", record.publisher))
    elif record.publisher and record.type == "thesis":
        tags.append(("citation_dissertation_institution", record.publisher))
    return tags


def _name(name: Person | Organisation) -> dict[str, Any]:
    if isinstance(name, Organisation):
        data: dict[str, Any] = {"@type": "Organization", "name": name.name}
        if name.abbreviation:
            data["alternateName"] = name.abbreviation
        return data
    data = {"@type": "Person", "familyName": name.family, "name": name.display_name}
    if name.given:
        data["givenName"] = name.given
    if name.orcid:
        data["identifier"] = f"https://orcid.org/{name.orcid}"
    return data


def json_ld(record: Record, page_url: str) -> dict[str, Any]:
    """schema.org description of the work."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(record.type, "CreativeWork"),
        "@id": page_url,
        "name": record.title,
        "headline": record.title[:110],
        "author": [_name(author) for author in record.authors],
        "datePublished": str(record.published),
        "inLanguage": record.language,
        "description": summary_abstract(record),
        "keywords": record.keywords,
        "about": [vocab.vocabulary("drugs").label(drug) for drug in record.drugs],
        "spatialCoverage": [vocab.country_name(code) for code in record.countries]
        + [vocab.vocabulary("regions").label(region) for region in record.regions],
        "url": page_url,
    }
    if record.editors:
        data["editor"] = [_name(editor) for editor in record.editors]
    if record.genre:
        data["genre"] = record.genre
    if record.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi}
        data["sameAs"] = record.doi_url
    if record.isbn:
        data["isbn"] = record.isbn
    if record.publisher:
        data["publisher"] = {"@type": "Organization", "name": record.publisher}
    if record.published_in:
        data["isPartOf"] = {"@type": "Periodical" if record.type == "journal-article"
                            else "CreativeWork", "name": record.published_in}
    if record.pages:
        data["pagination"] = record.pages
    if record.open_access is not None:
        data["isAccessibleForFree"] = record.open_access
    if record.period:
        data["temporalCoverage"] = f"{record.period.start}/{record.period.end}"
    return data
