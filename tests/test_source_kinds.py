"""Issue 15: what each source is, and records that rest on copies only.

The sources vocabulary says which hosts are a publisher's, index, library or repository page
(authoritative) and which are copies, aggregators, news or authors' sites; `validate
--require-authoritative` reports a record with no authoritative source, and the record page says
so to its reader.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from dnm_catalogue.cli import main
from dnm_catalogue.records import source_kinds, vocabularies
from dnm_catalogue.site.build import build_site
from helpers import write_record
from sitebuild import ROOT, site_config, write_small_catalogue

AUTHORITATIVE = {"publisher", "index", "library", "repository"}


@pytest.mark.parametrize(("url", "kind"), [
    ("https://doi.org/10.1016/j.drugpo.2016.04.006", "index"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7929745/", "index"),  # a subdomain of a listed host
    ("https://www.ncbi.nlm.nih.gov/pubmed/28766792", "index"),
    ("https://WWW.EMCDDA.EUROPA.EU/publications/x", "publisher"),  # case and www. ignored
    ("https://serval.unil.ch/fr/notice/serval:BIB_77FB91CF52EA", "repository"),
    ("https://eld.bl.uk/catalog/100117858414_0x000001", "library"),
    ("https://docslib.org/doc/2239626/drugs-and-the-internet", "copy"),
    ("https://de.scribd.com/document/1", "copy"),
    ("https://www.semanticscholar.org/paper/x", "aggregator"),
    ("https://thespinoff.co.nz/internet/x", "news"),
    ("http://rasmusmunksgaard.net/publication/x/", "author"),
    # The longest entry wins: gwern.net holds copies of others' work, but one essay is published
    # there by its author; GitHub is "other", but one organisation publishes its data there.
    ("https://gwern.net/dnm-survival", "publisher"),
    ("https://gwern.net/dnm-survival/#section", "publisher"),
    ("https://gwern.net/dnm-survivalist", "copy"),
    ("https://gwern.net/doc/darknet-market/x.pdf", "copy"),
    ("https://github.com/crrcgeorgia/matanga", "publisher"),
    ("https://github.com/CRRCGeorgia/matanga", "publisher"),
    ("https://github.com/someone/else", "other"),
    ("http://togows.dbcls.jp/entry/ncbi-pubmed/24372954", "index"),
    ("http://togows.dbcls.jp/entry/uniprot/P12345", "other"),
    ("https://example.org/replace-with-the-page-you-checked", "other"),  # never classified
    ("https://notdoi.org/10.1/x", "other"),  # a host ending in a listed name is not its subdomain
])
def test_source_kind_of_a_url(url, kind):
    found = source_kinds.source_kind(url)
    assert found.slug == kind
    assert found.authoritative == (kind in AUTHORITATIVE)


def test_the_vocabulary_is_well_formed():
    terms = vocabularies.vocabulary("sources")
    assert {term.slug for term in terms} >= AUTHORITATIVE | {"copy", "aggregator", "news", "author",
                                                            "institution", "other"}
    seen: dict[str, str] = {}
    for term in terms:
        assert term.label and term.extra.get("description"), term.slug
        assert str(term.extra.get("authoritative")).lower() == str(term.slug in AUTHORITATIVE).lower()
        for entry in term.extra.get("hosts") or ():
            assert entry == entry.strip() and "://" not in entry and not entry.startswith("www."), entry
            assert entry.lower() not in seen, (entry, seen.get(entry.lower()), term.slug)
            seen[entry.lower()] = term.slug


def test_every_source_of_the_shipped_records_has_a_kind():
    """A host the vocabulary does not know is a decision nobody made: each source of a record
    in reports/ matches an entry (GitHub and the few listed under "other" included)."""
    unknown = set()
    for path in sorted((ROOT / "reports").glob("*.yaml")):
        for url in yaml.safe_load(path.read_text("utf-8"))["sources"]:
            host = source_kinds.Source(url, source_kinds.source_kind(url)).host
            if not any(host == name or host.endswith("." + name) for name in _listed_hosts()):
                unknown.add(host)
    assert unknown == set()


def _listed_hosts() -> set[str]:
    return {str(entry).lower().split("/")[0] for term in vocabularies.vocabulary("sources")
            for entry in term.extra.get("hosts") or ()}


# validate --require-authoritative --------------------------------------------------------------

COPIES_ONLY = ("sources:\n  - https://docslib.org/doc/1/a-copy\n"
               "  - https://www.semanticscholar.org/paper/x\n")
WITH_DOI_PAGE = "sources:\n  - https://docslib.org/doc/1/a-copy\n  - https://doi.org/10.5555/x\n"


def test_validate_requires_an_authoritative_source_only_when_asked(tmp_path, capsys):
    reports = tmp_path / "reports"
    write_record(reports, "copies-2020-only", sources=COPIES_ONLY)
    write_record(reports, "checked-2020-doi", sources=WITH_DOI_PAGE)
    assert main(["validate", str(reports)]) == 0
    capsys.readouterr()

    assert main(["validate", "--require-authoritative", str(reports)]) == 1
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 2 and lines[-1] == "1 problem in 1 of 2 files"
    text = (reports / "copies-2020-only.yaml").read_text("utf-8").splitlines()
    line = text.index("sources:") + 1
    assert lines[0].startswith(f"{reports / 'copies-2020-only.yaml'}:{line}:1: sources: "
                               "no authoritative source (docslib.org: copy of the work; "
                               "semanticscholar.org: aggregator or citation site); ")
    assert "vocabularies/sources.yaml" in lines[0]


def test_validate_require_authoritative_as_json(tmp_path, capsys):
    reports = tmp_path / "reports"
    write_record(reports, "copies-2020-only", sources=COPIES_ONLY)
    assert main(["validate", "--require-authoritative", "--format", "json", str(reports)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["problem_count"] == 1
    problem = report["problems"][0]
    assert problem["field"] == "sources" and problem["file"].endswith("copies-2020-only.yaml")


def test_every_shipped_record_rests_on_an_authoritative_source():
    """Issue 15: a record in reports/ names at least one publisher, index, library or repository
    page among its sources, so the site never shows facts checked against copies alone."""
    assert main(["validate", "--require-authoritative", str(ROOT / "reports")]) == 0


def test_each_candidate_still_lacks_an_authoritative_source_and_says_what_was_looked_for():
    """candidates/ holds records withdrawn until an authoritative source is found. One that has
    found it belongs back in reports/; one that has not says, in a comment, what was searched."""
    candidates = sorted((ROOT / "candidates").glob("*.yaml"))
    shipped = {path.stem for path in (ROOT / "reports").glob("*.yaml")}
    ready, silent = [], []
    for path in candidates:
        assert path.stem not in shipped, f"{path.stem} is both shipped and a candidate"
        text = path.read_text("utf-8")
        if source_kinds.has_authoritative_source(yaml.safe_load(text)["sources"]):
            ready.append(path.stem)
        comments = " ".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
        if not re.search(r"\b(no|not)\b.{0,80}\b(page|record|landing|source)", comments, re.I | re.S):
            silent.append(path.stem)
    assert ready == [], "move these back to reports/ (and restore their related links)"
    assert silent == []


def test_the_candidates_are_otherwise_valid_records():
    """A candidate is a finished record but for its source: it validates on its own, the records
    it relates to being the shipped ones and the other candidates."""
    from dnm_catalogue.records.catalogue import check_catalogue

    result = check_catalogue([ROOT / "reports", ROOT / "candidates"])
    problems = [str(problem) for problem in result.problems if "candidates/" in problem.file]
    assert problems == []


# The record page -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("source-kinds-site")
    reports = folder / "reports"
    write_small_catalogue(reports)
    write_record(reports, "copies-2020-only", sources=COPIES_ONLY, doi="")
    write_record(reports, "checked-2020-doi", sources=WITH_DOI_PAGE, doi="")
    build_site(reports, folder / "site", site_config(folder, reports))
    return folder / "site"


def page(site: Path, record_id: str) -> BeautifulSoup:
    return BeautifulSoup((site / "reports" / record_id / "index.html").read_text("utf-8"), "html.parser")


def test_each_source_is_labelled_with_its_kind(site):
    items = page(site, "checked-2020-doi").select("ul.dnm-sources li")
    assert [(item.a["href"], item.select_one(".dnm-source-kind").get_text()) for item in items] == [
        ("https://docslib.org/doc/1/a-copy", "Copy of the work"),
        ("https://doi.org/10.5555/x", "Index record"),
    ]


def test_a_record_on_copies_only_warns_its_reader(site):
    reviewed = page(site, "copies-2020-only").select_one(".dnm-reviewed")
    warning = reviewed.select_one(".dnm-copies-only")
    assert warning is not None
    assert "public copies of the work only" in warning.get_text()
    assert "confirm a detail with the publisher" in warning.get_text()
    assert "dnm-screen-only" not in warning["class"]  # printed on the card too
    # ... and said beside the bibliographic details at the top, before anyone cites it
    note = page(site, "copies-2020-only").select_one("dl.dnm-bibliographic .dnm-copies-only-note")
    assert note is not None and note.a["href"] == "#provenance"


def test_a_record_with_an_authoritative_source_has_no_warning(site):
    reviewed = page(site, "checked-2020-doi").select_one(".dnm-reviewed")
    assert reviewed.select_one(".dnm-copies-only") is None
    assert page(site, "checked-2020-doi").select_one(".dnm-copies-only-note") is None
    assert "against these sources" in reviewed.get_text()
