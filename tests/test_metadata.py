"""Record page metadata keeps Google Scholar's inclusion rules for every record of the catalogue
(what Zotero makes of it is tests/test_zotero.py)."""

from __future__ import annotations

import re

from dnm_catalogue.records.model import Organisation, PartialDate, Person, Record
from dnm_catalogue.site.metadata import highwire_tags
from readers import catalogue_records

PAGE = "https://example.org/dnm/reports/x/"


def record(**overrides) -> Record:
    values = dict(id="x", type="journal-article", title="A title", authors=[Person("Doe", "Jane")],
                  published=PartialDate(2020, 5), language="en", summary="Words.",
                  drugs=["cannabis"], reviewed=PartialDate(2026, 1, 2),
                  sources=["https://example.org/"], url="https://example.org/work")
    values.update(overrides)
    return Record(**values)


def test_every_record_page_has_what_google_scholar_requires():
    """Title, at least one author and the publication date (YYYY/MM/DD) are required; the
    container tags Scholar defines say what kind of work it is."""
    for item in catalogue_records():
        tags = highwire_tags(item, PAGE)
        names = [name for name, _ in tags]
        values = dict(tags)
        assert values["citation_title"] == item.title
        assert names.count("citation_author") == len(item.editors if item.authors == item.editors
                                                      and item.editors else item.authors)
        assert re.fullmatch(r"\d{4}(/\d{2}(/\d{2})?)?", values["citation_publication_date"])
        assert all("\n" not in value for _, value in tags), item.id
        if item.type == "journal-article" and item.published_in:
            assert values["citation_journal_title"] == item.published_in
        if item.type in ("report", "working-paper", "policy-brief") and item.publisher:
            assert values["citation_technical_report_institution"] == item.publisher
        if item.type == "thesis" and item.publisher:
            assert values["citation_dissertation_institution"] == item.publisher
        assert values["citation_abstract_html_url"] == PAGE


def test_names_are_family_comma_given_and_organisations_stay_whole():
    tags = highwire_tags(record(authors=[Person("van der Gouwe", "Daan"), Organisation("Europol"),
                                         Person("StExo")]), PAGE)
    assert [value for name, value in tags if name == "citation_author"] == [
        "van der Gouwe, Daan", "Europol,", "StExo,"]
    sole = highwire_tags(record(authors=[Person("Van Hout", "Marie Claire")]), PAGE)
    assert ("citation_author", "Van Hout, Marie Claire;") in sole


def test_an_edited_volume_names_its_editors_as_authors_for_scholar_and_editors_for_zotero():
    editors = [Person("Tzanetakis", "Meropi"), Person("Stöver", "Heino")]
    tags = highwire_tags(record(type="book", authors=editors, editors=editors), PAGE)
    assert [value for name, value in tags if name == "citation_author"] == [
        "Tzanetakis, Meropi", "Stöver, Heino"]
    assert [value for name, value in tags if name == "eprints.editors_name"] == [
        "Tzanetakis, Meropi", "Stöver, Heino"]
    assert "citation_editor" not in dict(tags)


def test_a_conference_paper_gives_its_proceedings_title_not_a_conference_name():
    tags = dict(highwire_tags(record(type="conference-paper", published_in="Proceedings of X"),
                              PAGE))
    assert tags["prism.publicationName"] == "Proceedings of X"
    assert "citation_conference_title" not in tags and tags["eprints.type"] == "conference_item"


def test_an_offline_page_gives_no_address_of_its_own():
    assert "citation_abstract_html_url" not in dict(highwire_tags(record(), "/reports/x/"))
