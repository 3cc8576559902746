"""The "what's new" feed and changes page: Atom read back with feedparser, dates from git."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.site.build import build_site
from dnm_catalogue.site.feed import ATOM, FEED_LIMIT, entry_id
from dnm_catalogue.site.history import added_dates
from helpers import write_record
from sitebuild import site_config, write_small_catalogue


def git(folder: Path, *args: str, when: str | None = None) -> None:
    """Run git in `folder` with a fixed identity (and author/committer date)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, capture_output=True)


def parse(site: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def assert_valid_atom(site: Path) -> feedparser.FeedParserDict:
    """RFC 4287's required elements, read by feedparser and checked on the XML itself."""
    feed = parse(site)
    assert feed.feed.id.startswith("urn:uuid:")
    assert feed.feed.title and feed.feed.updated_parsed
    assert feed.feed.author == "DNM Catalogue contributors"
    assert any(link.rel == "self" for link in feed.feed.links)
    assert feed.entries
    for entry in feed.entries:
        assert entry.id.startswith("urn:uuid:") and entry.title and entry.updated_parsed
        assert entry.link and entry.summary and entry.content[0].value
    root = ElementTree.fromstring((site / "feed.xml").read_bytes())
    assert root.tag == f"{{{ATOM}}}feed"
    for entry in root.findall(f"{{{ATOM}}}entry"):
        # Every entry has id, title, updated and a link; the feed-level author covers them all.
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{{{ATOM}}}{name}") is not None, name
    assert root.find(f"{{{ATOM}}}author/{{{ATOM}}}name") is not None
    return feed


@pytest.fixture(scope="module")
def tarball_site(tmp_path_factory) -> Path:
    """A catalogue copied without git history (as from a tarball)."""
    folder = tmp_path_factory.mktemp("feed-no-git")
    reports = folder / "reports"
    write_small_catalogue(reports)
    build_site(reports, folder / "site", site_config(folder, reports,
                                                     site_url="https://example.org/dnm/"))
    return folder / "site"


def test_the_feed_is_atom_that_feedparser_reads(tarball_site):
    feed = assert_valid_atom(tarball_site)
    records = check_catalogue([tarball_site.parent / "reports"]).records
    assert len(feed.entries) == len(records) == 5
    entry = next(entry for entry in feed.entries if entry.link.endswith("/alpha-2016-cannabis-germany/"))
    assert entry.link == "https://example.org/dnm/reports/alpha-2016-cannabis-germany/"
    assert ("cannabis", "Cannabis") in [(tag.term, tag.label) for tag in entry.tags]
    assert ("de", "Germany") in [(tag.term, tag.label) for tag in entry.tags]


def test_without_git_history_records_are_dated_by_their_review_and_claim_no_addition(tarball_site):
    feed = parse(tarball_site)
    for entry in feed.entries:
        assert entry.title.startswith("Checked: ")
        assert "published" not in entry  # the day it was added is not known
        assert entry.updated.startswith("2026-11-01")  # the fixture's `reviewed`
    changes = BeautifulSoup((tarball_site / "changes/index.html").read_text("utf-8"), "html.parser")
    assert "built without its repository’s history" in changes.get_text()
    assert {kind.get_text() for kind in changes.select(".dnm-change-kind")} == {"Checked"}


def test_every_page_links_the_feed(tarball_site):
    for path in ("index.html", "reports/beta-2019-heroin-usa/index.html", "changes/index.html",
                 "countries/de/index.html"):
        page = BeautifulSoup((tarball_site / path).read_text("utf-8"), "html.parser")
        link = page.select_one('head link[rel="alternate"][type="application/atom+xml"]')
        assert link is not None, path
        target = (tarball_site / path).parent / link["href"]
        assert target.resolve() == (tarball_site / "feed.xml").resolve()


def test_the_changes_page_is_in_the_navigation_and_links_the_feed(tarball_site):
    home = BeautifulSoup((tarball_site / "index.html").read_text("utf-8"), "html.parser")
    assert "Changes" in [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a")]
    changes = BeautifulSoup((tarball_site / "changes/index.html").read_text("utf-8"), "html.parser")
    assert changes.select_one("a.dnm-feed-link")["href"] == "../feed.xml"
    assert len(changes.select("li.dnm-change")) == 5


@pytest.fixture(scope="module")
def git_catalogue(tmp_path_factory) -> Path:
    """A catalogue in a git repository: three records added on two days, one renamed (its id
    changed) later, one reviewed again after it was added, one not committed yet."""
    folder = tmp_path_factory.mktemp("feed-git")
    reports = folder / "reports"
    git(folder, "init", "-q", "-b", "main")
    write_record(reports, "alpha-2016-first", reviewed="reviewed: 2026-01-10",
                 doi="doi: 10.5555/a")
    write_record(reports, "beta-2019-old-id", reviewed="reviewed: 2026-01-10", doi="doi: 10.5555/b")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first records", when="2026-01-10T10:00:00+00:00")
    write_record(reports, "gamma-2021-second", reviewed="reviewed: 2026-02-01", doi="doi: 10.5555/c")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "one more", when="2026-02-01T23:30:00+00:00")
    # The id of beta changes (the old one kept in previous_ids) and alpha is checked again.
    (reports / "beta-2019-old-id.yaml").unlink()
    write_record(reports, "beta-2019-new-id", reviewed="reviewed: 2026-01-10", doi="doi: 10.5555/b",
                 keywords="keywords: [testing]\nprevious_ids: [beta-2019-old-id]")
    write_record(reports, "alpha-2016-first", reviewed="reviewed: 2026-03-05", doi="doi: 10.5555/a")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "rename and review", when="2026-03-05T09:00:00+00:00")
    write_record(reports, "delta-2022-uncommitted", reviewed="reviewed: 2026-03-06",
                 doi="doi: 10.5555/d")
    return reports


def test_added_dates_come_from_the_first_commit_and_follow_renames(git_catalogue):
    assert added_dates(git_catalogue) == {
        "alpha-2016-first": date(2026, 1, 10),
        "beta-2019-new-id": date(2026, 1, 10),  # renamed: the day its first name was added
        "gamma-2021-second": date(2026, 2, 1),
    }


def test_added_dates_without_a_repository_are_empty(tmp_path):
    write_record(tmp_path / "reports", "alpha-2016-first")
    assert added_dates(tmp_path / "reports") == {}


def test_added_dates_without_a_git_program_are_empty(tmp_path, monkeypatch):
    write_record(tmp_path / "reports", "alpha-2016-first")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert added_dates(tmp_path / "reports") == {}


def test_feed_from_git_history_added_revised_and_stable_ids(git_catalogue, tmp_path):
    sites = []
    for build_number in (1, 2):
        folder = tmp_path / f"build-{build_number}"
        folder.mkdir()
        build_site(git_catalogue, folder / "site", site_config(folder, git_catalogue))
        sites.append(folder / "site")
    feed = assert_valid_atom(sites[0])
    by_id = {entry.id: entry for entry in feed.entries}
    records = {record.id: record for record in check_catalogue([git_catalogue]).records}
    alpha = by_id[entry_id(records["alpha-2016-first"])]
    assert alpha.title.startswith("Revised: ")
    assert alpha.updated.startswith("2026-03-05") and alpha.published.startswith("2026-01-10")
    gamma = by_id[entry_id(records["gamma-2021-second"])]
    assert gamma.title.startswith("Added: ") and gamma.updated.startswith("2026-02-01")
    delta = by_id[entry_id(records["delta-2022-uncommitted"])]
    assert delta.title.startswith("Checked: ") and "published" not in delta
    # Newest change first; the feed is dated by its newest entry, not by the day of the build.
    assert [entry.id for entry in feed.entries] == [entry_id(records[name]) for name in (
        "delta-2022-uncommitted", "alpha-2016-first", "gamma-2021-second", "beta-2019-new-id")]
    assert feed.feed.updated.startswith("2026-03-06")
    # A second build gives the same feed, byte for byte.
    assert (sites[0] / "feed.xml").read_bytes() == (sites[1] / "feed.xml").read_bytes()
    changes = BeautifulSoup((sites[0] / "changes/index.html").read_text("utf-8"), "html.parser")
    days = [heading.get_text() for heading in changes.select("h2 time")]
    assert days == ["6 March 2026", "5 March 2026", "1 February 2026", "10 January 2026"]


def test_the_feed_keeps_the_latest_records_only(tmp_path):
    reports = tmp_path / "reports"
    for number in range(FEED_LIMIT + 3):
        day = date(2025, 1, 1).toordinal() + number
        write_record(reports, f"record-{number:03d}", doi=f"doi: 10.5555/r{number}",
                     reviewed=f"reviewed: {date.fromordinal(day).isoformat()}")
    build_site(reports, tmp_path / "site", site_config(tmp_path, reports))
    feed = parse(tmp_path / "site")
    assert len(feed.entries) == FEED_LIMIT
    assert [entry.updated[:10] for entry in feed.entries] == sorted(
        (entry.updated[:10] for entry in feed.entries), reverse=True)
    assert feed.entries[0].updated.startswith(date.fromordinal(
        date(2025, 1, 1).toordinal() + FEED_LIMIT + 2).isoformat())


def test_an_entry_keeps_its_id_when_the_record_id_changes(tmp_path):
    reports = tmp_path / "reports"
    write_record(reports, "beta-2019-old-id", doi="doi: 10.5555/b")
    build_site(reports, tmp_path / "site-1", site_config(tmp_path, reports))
    before = parse(tmp_path / "site-1").entries[0].id
    (reports / "beta-2019-old-id.yaml").unlink()
    write_record(reports, "beta-2019-new-id", doi="doi: 10.5555/b",
                 keywords="keywords: [testing]\nprevious_ids: [beta-2019-old-id]")
    build_site(reports, tmp_path / "site-2", site_config(tmp_path, reports))
    after = parse(tmp_path / "site-2").entries[0]
    assert after.link.endswith("reports/beta-2019-new-id/")
    assert after.id == before
