"""A withdrawn record's address (issue 15: records resting on copies alone moved to candidates/)
keeps a notice instead of answering "not found" to a reader who follows a link or citation."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dnm_catalogue.site.build import build_site
from helpers import write_record
from sitebuild import site_config, write_small_catalogue

TITLE = 'title: "A study of copies & \\"xylophonic mirrors\\" <3"'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("withdrawn-site")
    reports, candidates = folder / "reports", folder / "candidates"
    write_small_catalogue(reports)
    write_record(candidates, "copies-2015-withdrawn", title=TITLE, doi="doi: 10.5555/copies",
                 related="related: [alpha-2016-cannabis-germany]")
    # An old id of a shipped record keeps its redirect: no notice replaces it.
    write_record(candidates, "gamma-2020-old-id", doi="doi: 10.5555/old")
    # A candidate that does not validate gets no notice, and does not stop the build.
    write_record(candidates, "broken-2016-candidate", countries="countries: [UK]", regions="",
                 doi="doi: 10.5555/broken")
    build_site(reports, folder / "site", site_config(folder, reports))
    return folder / "site"


def notice(site: Path, record_id: str) -> BeautifulSoup:
    return BeautifulSoup((site / "reports" / record_id / "index.html").read_text("utf-8"),
                         "html.parser")


def test_a_withdrawn_record_address_says_so(site):
    page = notice(site, "copies-2015-withdrawn")
    assert page.h1.get_text() == "This record has been withdrawn"
    assert page.cite.get_text() == 'A study of copies & "xylophonic mirrors" <3'  # text, never markup
    assert "(Doe & EMCDDA, 2017)" in page.main.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # Nothing a reference manager would save as the catalogue's record of the work.
    assert not page.find_all("meta", attrs={"name": lambda name: name and name.startswith("citation_")})
    assert page.find("script") is None
    for link in page.find_all("a"):
        target = link["href"].split("#")[0]
        assert (site / "reports" / "copies-2015-withdrawn" / target / "index.html").resolve().exists(), link


def test_the_withdrawn_record_is_nowhere_else_in_the_site(site):
    """Not in the search index, the sitemap, the feed, the lists or the downloads."""
    notice_file = site / "reports" / "copies-2015-withdrawn" / "index.html"
    for path in site.rglob("*"):
        if path.is_file() and path != notice_file and path.suffix not in (".gz", ".png", ".woff2"):
            text = path.read_bytes().decode("utf-8", "replace")
            assert "xylophonic" not in text and "copies-2015" not in text, path


def test_a_redirect_and_an_invalid_candidate_get_no_notice(site):
    redirect = (site / "reports" / "gamma-2020-old-id" / "index.html").read_text("utf-8")
    assert 'http-equiv="refresh"' in redirect and "withdrawn" not in redirect
    assert not (site / "reports" / "broken-2016-candidate").exists()


def test_an_invalid_candidate_is_named_without_stopping_a_strict_build(tmp_path, caplog):
    reports, candidates = tmp_path / "reports", tmp_path / "candidates"
    write_small_catalogue(reports)
    write_record(candidates, "broken-2016-candidate", countries="countries: [UK]", regions="",
                 doi="doi: 10.5555/broken")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.dnm_catalogue"):
        build_site(reports, tmp_path / "site", site_config(tmp_path, reports))  # strict: true
    assert (tmp_path / "site" / "index.html").exists()
    messages = [record.getMessage() for record in caplog.records]
    assert any("withdrawn record left without a notice" in m and "broken-2016-candidate.yaml" in m
               and "'UK'" in m for m in messages), messages
