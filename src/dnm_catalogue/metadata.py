"""Machine-readable metadata for a record page: Highwire Press tags and schema.org JSON-LD."""

from __future__ import annotations

from typing import Any

from . import vocabularies as vocab
from .model import Organisation, Person, Record

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


def highwire_tags(record: Record, page_url: str) -> list[tuple[str, str]]:
    """`citation_*` meta tags that Zotero, Mendeley and Google Scholar read."""
    tags: list[tuple[str, str]] = [("citation_title", record.title)]
    for author in record.authors:
        tags.append(("citation_author", author.sort_name))
    tags.append(("citation_publication_date", str(record.published).replace("-", "/")))
    tags.append(("citation_date", str(record.published).replace("-", "/")))
    if record.type == "journal-article" and record.published_in:
        tags.append(("citation_journal_title", record.published_in))
    elif record.type == "conference-paper" and record.published_in:
        tags.append(("citation_conference_title", record.published_in))
    elif record.type == "book-chapter" and record.published_in:
        tags.append(("citation_inbook_title", record.published_in))
    for name, value in (("citation_volume", record.volume), ("citation_issue", record.issue)):
        if value:
            tags.append((name, value))
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
        if record.type in ("report", "working-paper", "policy-brief"):
            tags.append(("citation_technical_report_institution", record.publisher))
    if record.type == "thesis" and record.publisher:
        tags.append(("citation_dissertation_institution", record.publisher))
    tags.append(("citation_language", record.language))
    for keyword in record.keywords:
        tags.append(("citation_keywords", keyword))
    tags.append(("citation_abstract_html_url", page_url))
    if record.url:
        tags.append(("citation_public_url", record.url))
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
        "description": " ".join(record.summary.split()),
        "keywords": record.keywords,
        "about": [vocab.vocabulary("drugs").label(drug) for drug in record.drugs],
        "spatialCoverage": [vocab.country_name(code) for code in record.countries]
        + [vocab.vocabulary("regions").label(region) for region in record.regions],
        "url": page_url,
    }
    if record.editors:
        data["editor"] = [_name(editor) for editor in record.editors]
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
