"""The site search in Chromium, on the real catalogue and on an offline copy, at desktop and
phone sizes: accents ignored, fields, what each hit shows, ranking, keyboard, file://, axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser_support import (
    VIEWPORTS,
    SiteServer,
    offline_copy_of_small_catalogue,
    serious_violations,
    served_site,
)
from dnm_catalogue.site.build import build_site
from dnm_catalogue.site.search_index import fold, words
from search_reader import read_index, records_matching
from sitebuild import ROOT, site_config, write_small_catalogue

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def catalogue_site(tmp_path_factory):
    """The real catalogue, built and served on loopback."""
    folder = tmp_path_factory.mktemp("search-site")
    with served_site(folder, reports=ROOT / "reports") as server:
        server.index = read_index(lambda path: (folder / "site" / path).read_text("utf-8"))
        yield server


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request, page: Page) -> str:
    page.set_viewport_size(VIEWPORTS[request.param])
    return request.param


def collect_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def open_search(page: Page, viewport: str) -> None:
    """As a reader would: the box in the header on a desktop, the search button on a phone."""
    if viewport == "phone":
        expect(page.locator(".dnm-search-input")).not_to_be_in_viewport()
        page.locator("button.dnm-search-open").click()
    else:
        page.locator(".dnm-search-input").click()
    expect(page.locator(".dnm-search-input")).to_be_focused()
    expect(page.locator(".dnm-search-input")).to_be_in_viewport()


def search(page: Page, query: str, every: bool = False) -> list[dict]:
    """Type a query and return the record hits as shown (all of them with every=True)."""
    page.locator(".dnm-search-input").fill(query)
    expect(page.locator("#dnm-search")).to_have_attribute("data-state", "done")
    expect(page.locator("#dnm-search")).to_have_attribute("data-query", query)
    more = page.locator("button.dnm-search-more")
    while every and more.is_visible():
        count = page.locator(".dnm-search-records .dnm-hit").count()
        more.click()
        expect(page.locator(".dnm-search-records .dnm-hit")).not_to_have_count(count)
    return hits(page, ".dnm-search-records")


def hits(page: Page, selector: str) -> list[dict]:
    return page.locator(f"{selector} .dnm-hit").evaluate_all("""items => items.map(item => ({
        href: item.querySelector('a').getAttribute('href'),
        title: item.querySelector('.dnm-hit-title').textContent,
        authors: (item.querySelector('.dnm-hit-authors') || {}).textContent || '',
        year: (item.querySelector('.dnm-hit-year') || {}).textContent || '',
        type: item.querySelector('.dnm-hit-type').textContent}))""")


def record_id(hit: dict) -> str:
    match = re.search(r"reports/([^/]+)/$", hit["href"])
    assert match, hit["href"]
    return match.group(1)


def test_search_ignores_accents(catalogue_site, page: Page, viewport):
    errors = collect_errors(page)
    page.goto(catalogue_site.url)
    open_search(page, viewport)
    found = search(page, "Decary", every=True)
    authored = {record.id for record in catalogue_site.records
                if any("decary" in fold(name.display_name) for name in record.authors)}
    assert len(authored) >= 10
    assert authored <= {record_id(hit) for hit in found}
    # Exactly the records that hold a word starting with "decary", read from the index itself.
    expected = records_matching(catalogue_site.index, "decary", prefix=True)
    assert {f"reports/{record_id(hit)}/" for hit in found} == expected
    expect(page.locator(".dnm-search-records mark").first).to_have_text(re.compile(r"^Décary", re.I))
    found = search(page, "Geschaftsprozess")
    assert "dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess" in [record_id(hit) for hit in found]
    assert errors == []


def test_each_hit_shows_authors_year_and_type(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url)
    open_search(page, viewport)
    by_id = {record.id: record for record in catalogue_site.records}
    found = search(page, "darknet")
    assert len(found) == 10
    for hit in found:
        record = by_id[record_id(hit)]
        assert hit["title"] == record.title
        assert hit["year"] == str(record.year)
        assert hit["type"] and hit["authors"].startswith(record.authors[0].short_name)
    # A hit found by a later author names that author, though the list is cut.
    found = search(page, "author:Aldridge", every=True)
    assert all("Aldridge" in hit["authors"] for hit in found)


def test_fields_narrow_the_search(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url)
    open_search(page, viewport)
    records = catalogue_site.records

    def ids(query: str) -> set[str]:
        return {record_id(hit) for hit in search(page, query, every=True)}

    assert ids("author:Aldridge") == {record.id for record in records if any(
        "aldridge" in words(name.display_name) for name in record.authors + record.editors)}
    assert ids("year:2017") == {record.id for record in records if record.year == 2017}
    in_title = {record.id for record in records if any(
        word.startswith("trust") for word in words(record.title + " " + (record.title_english or "")))}
    assert ids("title:trust") == in_title
    assert ids("title:trust year:2015-2018") == {record.id for record in records
                                                 if record.id in in_title and 2015 <= record.year <= 2018}
    # Without the field, "trust" is found in summaries too.
    assert ids("trust") > ids("title:trust")
    assert ids('author:"Décary-Hétu" type:report') == {
        record.id for record in records if record.type == "report"
        and any("decary" in words(name.display_name) for name in record.authors + record.editors)}


def test_records_rank_above_facet_and_year_pages(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url)
    open_search(page, viewport)
    found = search(page, "Europol 2017")
    assert record_id(found[0]) == "emcdda-europol-2017-drugs-and-the-darknet"
    search(page, "2017")
    pages = hits(page, ".dnm-search-pages")
    assert "years/2017/" in [hit["href"].removeprefix(catalogue_site.url) for hit in pages]
    assert pages[0]["type"] == "Year"
    # Every record hit comes before the first other page.
    assert page.evaluate("""() => {
        const records = document.querySelectorAll('.dnm-search-records .dnm-hit');
        const first = document.querySelector('.dnm-search-pages .dnm-hit');
        return records.length > 0 && Array.from(records).every(item =>
            item.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")


def test_search_works_by_keyboard_across_instant_navigation(catalogue_site, page: Page, viewport):
    errors = collect_errors(page)
    page.goto(catalogue_site.url + "about/")
    page.locator("body").press("/")
    expect(page.locator(".dnm-search-input")).to_be_focused()
    expect(page.locator(".dnm-search-input")).to_be_in_viewport()
    search(page, "Europol 2017")
    page.keyboard.press("ArrowDown")
    first = page.locator(".dnm-search-records .md-search-result__link").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".dnm-search-records .md-search-result__link").nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(catalogue_site.url + "reports/emcdda-europol-2017-drugs-and-the-darknet/")
    expect(page.locator("article.dnm-record h1")).to_be_visible()
    expect(page.locator("#__search")).not_to_be_checked()
    # Instant navigation kept the page (no reload): the search still answers.
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    page.locator("body").press("/")
    found = search(page, "Geschaftsprozess")
    assert found
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    page.locator("body").press("s")
    page.keyboard.press("Enter")  # the first hit
    expect(page).to_have_url(re.compile(r"reports/dehbi-2021-darknet-drogenmarkte-krimineller-geschaftsprozess/$"))
    assert errors == []


def test_query_in_the_address_opens_the_search(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url + "about/?q=Decary")
    expect(page.locator("#dnm-search")).to_have_attribute("data-state", "done")
    expect(page.locator(".dnm-search-status")).to_have_text(re.compile(r"^\d+ records match"))
    expect(page.locator(".dnm-search-records .dnm-hit").first).to_be_in_viewport()


def test_search_ui_has_no_serious_accessibility_violations(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url + "reports/emcdda-europol-2017-drugs-and-the-darknet/")
    open_search(page, viewport)
    search(page, "2017")
    expect(page.locator(".dnm-search-records .dnm-hit").first).to_be_visible()
    expect(page.locator(".dnm-search-pages .dnm-hit").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    # The search UI (box, results, pages) lives in the header; the rest of each page is
    # checked by test_browser.py.
    assert serious_violations(page, {"include": [["header.md-header"]]}) == []
    for selector in (".dnm-search-records .md-search-result__link", ".dnm-search-reset",
                     "button.dnm-search-more"):
        box = page.locator(selector).first.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, selector


def test_a_query_loads_only_what_it_needs(catalogue_site, page: Page, viewport):
    page.goto(catalogue_site.url)
    page.wait_for_load_state("networkidle")
    # Once the page has loaded, only the manifest is read.
    loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)"
                           ".filter(name => name.includes('/search/'))")
    assert loaded == [catalogue_site.url + "search/index.js"]
    open_search(page, viewport)
    search(page, "Europol 2017")
    loaded = page.evaluate("() => performance.getEntriesByType('resource')"
                           ".map(e => e.name).filter(name => name.includes('/search/'))")
    shards = [name for name in loaded if "/search/t/" in name]
    manifest = catalogue_site.index["manifest"]
    assert 1 <= len(shards) <= 4 < len(manifest["shards"])
    assert len([name for name in loaded if "/search/d/" in name]) <= 10
    assert len([name for name in loaded if name.endswith("/search/index.js")]) == 1


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    return offline_copy_of_small_catalogue(tmp_path_factory.mktemp("offline-search"))


def test_offline_copy_searches_from_the_file_system(offline_copy, page: Page, viewport):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors = collect_errors(page)
    page.goto((offline_copy / "countries" / "index.html").as_uri())
    open_search(page, viewport)
    found = search(page, "uber kokain")  # "Ein Buch über Kokain"
    assert [hit["title"] for hit in found] == ["Ein Buch über Kokain"]
    assert found[0]["year"] == "2018" and found[0]["type"] == "Book"
    found = search(page, "author:doe year:2019")
    assert [hit["href"].rsplit("/", 1)[-1] for hit in found] == ["beta-2019-heroin-usa.html"]
    page.locator(".dnm-search-records a").first.click()
    expect(page.locator("article.dnm-record h1")).to_be_visible()
    assert page.url == (offline_copy / "reports" / "beta-2019-heroin-usa.html").as_uri()
    assert [url for url in requested if not url.startswith(("file://", "data:", "blob:"))] == []
    assert errors == []


def test_a_page_open_across_a_new_build_reads_the_new_index(tmp_path, page: Page, viewport):
    from helpers import write_record

    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    with SiteServer(tmp_path / "site") as server:
        config = site_config(tmp_path, reports, site_url=server.url)
        build_site(reports, tmp_path / "site", config)
        errors = collect_errors(page)
        page.goto(server.url + "about/")
        page.wait_for_load_state("networkidle")  # the manifest has been read
        write_record(reports, "beta-2019-heroin-usa", published="published: 2019",
                     countries="countries: [US]", regions="", drugs="drugs: [heroin]",
                     markets="markets: [hansa]", doi="doi: 10.5555/beta", type="type: report",
                     title='title: "A renamed heroin study"',
                     keywords="keywords: [opioids]\nrelated: [alpha-2016-cannabis-germany]")
        assert build_site(reports, tmp_path / "site", config).incremental
        # The manifest the page holds names shards the new build has removed: the search
        # reads the new manifest and answers from the new index.
        open_search(page, viewport)
        assert [hit["title"] for hit in search(page, "renamed")] == ["A renamed heroin study"]
        assert [hit["title"] for hit in search(page, "author:doe year:2019")] == ["A renamed heroin study"]
        assert [error for error in errors if "Failed to load resource" not in error] == []
