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


# The day of the withdrawal, from git: the notice, the changes page and the feed -----------------


@pytest.fixture(scope="module")
def git_site(tmp_path_factory) -> Path:
    """A record published on 10 January 2026 and withdrawn on 5 March; a draft committed
    straight into candidates/, never published."""
    from test_feed import git

    folder = tmp_path_factory.mktemp("withdrawn-git")
    reports, candidates = folder / "reports", folder / "candidates"
    git(folder, "init", "-q", "-b", "main")
    write_small_catalogue(reports)
    write_record(reports, "copies-2015-withdrawn", title=TITLE, doi="doi: 10.5555/copies",
                 reviewed="reviewed: 2026-01-10")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "records", when="2026-01-10T10:00:00+00:00")
    candidates.mkdir()
    git(folder, "mv", "reports/copies-2015-withdrawn.yaml", "candidates/")
    write_record(candidates, "draft-2024-never-published", doi="doi: 10.5555/draft")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "withdraw", when="2026-03-05T09:00:00+00:00")
    build_site(reports, folder / "site", site_config(folder, reports))
    return folder


def test_the_notice_gives_the_day_of_the_withdrawal(git_site):
    page = notice(git_site / "site", "copies-2015-withdrawn")
    assert page.time["datetime"] == "2026-03-05" and page.time.get_text() == "5 March 2026"
    draft = notice(git_site / "site", "draft-2024-never-published")
    assert draft.time is None  # never published, so never withdrawn on a day


def test_the_changes_page_lists_the_withdrawal_on_its_day(git_site):
    site = git_site / "site"
    changes = BeautifulSoup((site / "changes" / "index.html").read_text("utf-8"), "html.parser")
    withdrawn = changes.select("li.dnm-change-withdrawn")
    assert len(withdrawn) == 1
    item = withdrawn[0]
    assert item.select_one(".dnm-change-kind").get_text() == "Withdrawn"
    assert item.find_previous("h2")["id"] == "day-2026-03-05"
    href = item.a["href"]
    assert (site / "changes" / href / "index.html").resolve() == (
        site / "reports" / "copies-2015-withdrawn" / "index.html").resolve()
    assert "never-published" not in str(changes)


def test_the_feed_updates_the_entry_the_record_had(git_site):
    """Same Atom id as while it was published, so a reader's entry is updated; no summary of a
    record that is no longer vouched for, no categories."""
    from dnm_catalogue.records.catalogue import check_catalogue
    from dnm_catalogue.site.feed import entry_id
    from test_feed import assert_valid_atom

    feed = assert_valid_atom(git_site / "site")
    record = check_catalogue([git_site / "candidates"],
                             known_ids=["alpha-2016-cannabis-germany"]).records
    withdrawn = next(item for item in record if item.id == "copies-2015-withdrawn")
    entry = next(entry for entry in feed.entries if entry.id == entry_id(withdrawn))
    assert entry.title == 'Withdrawn: A study of copies & "xylophonic mirrors" <3'
    assert entry.updated.startswith("2026-03-05")
    assert entry.link.endswith("reports/copies-2015-withdrawn/")
    assert entry.summary.startswith("Withdrawn 5 March 2026. Taken out of the catalogue")
    assert entry.get("tags") is None
    assert "Taken out of the catalogue" in entry.content[0].value
    assert "invented study" not in entry.content[0].value  # not the record's summary
    assert not any("never-published" in (entry.link or "") for entry in feed.entries)
