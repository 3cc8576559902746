"""Zotero's own translation-server (../shared/zotero) reads every record right: from its page,
as "Save to Zotero" does, and from the RIS, BibTeX and CSL-JSON downloads, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import Organisation
from dnm_catalogue.records.vocabularies import vocabulary
from sitebuild import ROOT
from zotero_check import START, TranslationServer, check
from zotero_items import COMMA_ORGANISATION, ITEM_TYPES, KNOWN_LIMITS, PATHS, ZOTERO, has_comma_organisation

FIXTURES = Path(__file__).parent / "fixtures" / "zotero"

if not START.is_file():
    pytest.skip(f"Zotero's translation-server is not at {ZOTERO}: these tests need the project's "
                "`shared` folder beside the checkout (or DNM_ZOTERO_DIR naming its zotero folder)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def zotero():
    """One translation-server for the module (its first start runs npm install)."""
    with TranslationServer() as server:
        yield server


def test_fixture_catalogue_has_every_type_and_name_shape():
    records = check_catalogue([FIXTURES]).records
    assert {record.type for record in records} == {term.slug for term in vocabulary("types")}
    names = [name for record in records for name in record.authors + record.editors]
    persons = [name for name in names if not isinstance(name, Organisation)]
    assert any(isinstance(name, Organisation) and " " in name.name for name in names)
    assert any(has_comma_organisation(record) for record in records)
    assert any(not name.given for name in persons)  # a one-part name
    assert any(name.family[0].islower() for name in persons)  # a particle: van der Gouwe
    assert any(" and " in name.family for name in persons)
    assert any(record.editors and record.authors == record.editors for record in records)
    assert any(record.editors and record.authors != record.editors for record in records)
    assert any(record.title_english for record in records)
    assert {record.genre for record in records if record.type == "thesis"} == {
        "PhD thesis", "Master's thesis"}


def test_zotero_reads_every_fixture_record_right(zotero, tmp_path):
    report = check(FIXTURES, zotero, tmp_path)
    assert {path: report.unexpected(path) for path in PATHS} == {path: {} for path in PATHS}
    # The known limits are real: each fixture record they cover shows them, and nothing else.
    for record in report.records:
        for path in PATHS:
            limited = {(path, ITEM_TYPES[record.type], line.split(":")[0])
                       for line in report.problems[path][record.id]}
            limits = {limit for limit in KNOWN_LIMITS
                      if limit[:2] == (path, ITEM_TYPES[record.type])}
            limits |= {(path, ITEM_TYPES[record.type], limit[2]) for limit in KNOWN_LIMITS
                       if limit[:2] == (path, "*")}
            if any(limit[2] == "*" for limit in limits):
                assert limited, (path, record.id)
            else:
                assert limited == {limit for limit in limits
                                   if _has_field(record, limit[2])}, (path, record.id)


def _has_field(record, field_name: str) -> bool:
    return bool({"ISBN": record.isbn, "seriesTitle": record.series, "series": record.series,
                 COMMA_ORGANISATION: has_comma_organisation(record)}[field_name])


def test_zotero_reads_every_catalogue_record_right(zotero, tmp_path):
    """The real reports/: every difference from the expected item is a known limit."""
    report = check(ROOT / "reports", zotero, tmp_path)
    assert {path: report.unexpected(path) for path in PATHS} == {path: {} for path in PATHS}
    assert report.right("csl-json") == len(report.records)
    # The page is right for every record but one whose organisation's name holds a comma.
    comma = [record for record in report.records if has_comma_organisation(record)]
    assert report.right("page") == len(report.records) - len(comma)
