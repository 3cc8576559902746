"""Real-browser tests: the built site in Chromium through Playwright."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser_support import offline_copy_of_small_catalogue, serious_violations, served_site
from dnm_catalogue import cli
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.query import Query, select
from sitebuild import write_small_catalogue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_site(tmp_path_factory.mktemp("browser-site"), write_small_catalogue) as server:
        yield server


def collect_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


PAGE_KINDS = ["", "reports/alpha-2016-cannabis-germany/", "countries/", "countries/de/",
              "regions/european-union/", "drugs/opioids/", "markets/hansa/", "years/2019/",
              "types/report/", "methods/survey/", "about/", "downloads/", "browse/"]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_page_renders_without_console_errors(site, page: Page, path):
    errors = collect_errors(page)
    page.goto(site.url + path)
    expect(page.locator("article h1, .md-content h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert errors == []


def test_search_finds_a_record_by_market_name(site, page: Page):
    page.goto(site.url)
    page.locator(".dnm-search-input").click()
    page.locator(".dnm-search-input").press_sequentially("Hansa", delay=50)
    record = page.locator('.dnm-search-records a[href*="reports/beta-2019-heroin-usa/"]')
    expect(record.first).to_be_attached(timeout=10_000)
    record.first.click()
    expect(page).to_have_url(re.compile(r"reports/beta-2019-heroin-usa/"))


def test_search_shows_record_text_as_text(site, page: Page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.url)
    page.locator(".dnm-search-input").fill("onmouseover")
    expect(page.locator("#dnm-search")).to_have_attribute("data-state", "done")
    hit = page.locator(".dnm-search-records .dnm-hit").first
    expect(hit).to_contain_text("O'Brien \" onmouseover=alert(1)")
    expect(page.locator(".dnm-search-records .dnm-hit-title").first).to_have_text(
        "Quotes \" and ' & {{ 7*7 }} [x](javascript:alert(1)) a < b")
    hit.hover()
    assert page.locator(".dnm-search-records :is(img, script, b, svg)").count() == 0
    assert dialogs == []


def test_payload_record_runs_nothing(site, page: Page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = collect_errors(page)
    page.goto(site.url + "reports/payload-2020-escaping/")
    page.wait_for_load_state("networkidle")
    for element in page.locator("article a, article span, article code, article li").all()[:60]:
        element.hover(trial=True) if element.is_visible() else None
    assert dialogs == []
    assert errors == []
    injected = "() => document.querySelectorAll('article script, article img, article svg').length"
    assert page.evaluate(injected) == 0


@pytest.mark.parametrize("path", ["", "reports/alpha-2016-cannabis-germany/", "countries/de/",
                                  "browse/?country=de&drug=cannabis"])
def test_no_serious_accessibility_violations(site, page: Page, path):
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == []


def shown_ids(page: Page) -> list[str]:
    return page.locator("#dnm-results li").evaluate_all("items => items.map(i => i.dataset.id)")


LIST_OPTIONS = {"countries": "--country", "regions": "--region", "drugs": "--drug",
                "markets": "--market", "types": "--type", "methods": "--method",
                "year_from": "--from", "year_to": "--to", "text": "--text"}


def expected_ids(site, **filters) -> list[str]:
    """What `dnm-catalogue list` prints for the same filters (run in-process)."""
    argv = ["list", "--reports", str(site.reports), "--format", "json"]
    for name, value in filters.items():
        if name == "include_regional":
            argv.append("--include-regional")
        elif isinstance(value, frozenset):
            argv += [LIST_OPTIONS[name], ",".join(sorted(value))]
        else:
            argv += [LIST_OPTIONS[name], str(value)]
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(argv) == 0
    listed = [record["id"] for record in json.loads(output.getvalue())]
    assert listed == [record.id for record in select(site.records, Query(**filters))]
    return listed


def test_browser_filters_like_list(site, page: Page):
    page.goto(site.url + "browse/")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    assert shown_ids(page) == expected_ids(site)
    page.get_by_label("Germany").check()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"DE"}))
    expect(page).to_have_url(re.compile(r"[?&]country=de"))
    page.get_by_label("Cannabis").check()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"DE"}),
                                           drugs=frozenset({"cannabis"}))
    page.reload()
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"DE"}),
                                           drugs=frozenset({"cannabis"}))
    expect(page.get_by_label("Germany")).to_be_checked()


def test_facet_counts_match_list(site, page: Page):
    page.goto(site.url + "browse/?country=de")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    count = page.locator('[data-count-for="drug=stimulants"]').text_content()
    assert int(count) == len(expected_ids(site, countries=frozenset({"DE"}),
                                          drugs=frozenset({"stimulants"})))
    other_country = page.locator('[data-count-for="country=us"]').text_content()
    assert int(other_country) == len(expected_ids(site, countries=frozenset({"US"})))


def test_regional_switch_year_range_and_text(site, page: Page):
    page.goto(site.url + "browse/?country=de")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    page.get_by_label("Include regional and global studies").check()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"DE"}), include_regional=True)
    assert "gamma-2021-eu-mdma" in shown_ids(page)
    page.goto(site.url + "browse/?from=2018&to=2020")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    assert shown_ids(page) == expected_ids(site, year_from=2018, year_to=2020)
    page.goto(site.url + "browse/")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    page.locator("#dnm-q").press_sequentially("kokain", delay=20)
    assert shown_ids(page) == expected_ids(site, text="kokain") == ["delta-2018-book"]
    expect(page).to_have_url(re.compile(r"[?&]q=kokain"))
    expect(page.locator("#dnm-status")).to_have_text("1 record of 5")


def test_browser_state_survives_instant_navigation(site, page: Page):
    page.goto(site.url)
    page.locator("nav.md-nav--primary a", has_text="Browse").click()
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    page.get_by_label("United States").check()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"US"}))
    page.go_back()
    page.go_forward()
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    assert shown_ids(page) == expected_ids(site, countries=frozenset({"US"}))


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    return offline_copy_of_small_catalogue(tmp_path_factory.mktemp("offline-site"))


def test_offline_copy_filters_and_searches_from_file(offline_site, page: Page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors = collect_errors(page)
    records = check_catalogue([offline_site.parent / "reports"]).records
    page.goto((offline_site / "browse.html").as_uri())
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    page.get_by_label("Cannabis").check()
    assert shown_ids(page) == [r.id for r in select(records, Query(drugs=frozenset({"cannabis"})))]
    page.locator("#dnm-results a").first.click()
    expect(page.locator("article.dnm-record h1")).to_be_visible()
    assert page.url.startswith("file://") and page.url.endswith(".html")
    # No site URL is configured, so the permanent link is the page's own address, shown in full.
    expect(page.locator("a.dnm-permalink-url")).to_have_text(page.url)
    page.goto((offline_site / "index.html").as_uri())
    page.locator(".dnm-search-input").click()
    page.locator(".dnm-search-input").press_sequentially("Hansa", delay=50)
    found = page.locator('.dnm-search-records a[href*="beta-2019-heroin-usa"]').first
    expect(found).to_be_attached(timeout=10_000)
    assert [url for url in requested if not url.startswith(("file://", "data:", "blob:"))] == []
    assert errors == []


def test_screenshots_are_not_blank(site, page: Page, tmp_path):
    from io import BytesIO

    from PIL import Image, ImageStat

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site.url + "browse/?country=de")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    shots = {"browser": page.locator("#dnm-browser").screenshot()}
    page.goto(site.url)
    shots["home chart"] = page.locator("#chart-years svg.dnm-chart-wide").screenshot()
    for name, png in shots.items():
        image = Image.open(BytesIO(png)).convert("L")
        assert image.width > 300 and image.height > 100, name
        assert ImageStat.Stat(image).stddev[0] > 10, f"{name} looks blank"
        assert image.width <= 1280, f"{name} is wider than the page"


def test_record_prints_as_one_page_card(site, page: Page, tmp_path):
    from pypdf import PdfReader

    page.goto(site.url + "reports/alpha-2016-cannabis-germany/")
    page.emulate_media(media="print")
    assert not page.locator("nav.md-nav--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#cite-apa").is_visible()
    pdf = tmp_path / "card.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("A test study of cryptomarket listings", "Summary", "Key findings",
                     "Facets", "Permanent link", "https://doi.org/10.5555/alpha"):
        assert expected in text, expected
    assert "Suggest a correction" not in text


def test_browser_prints_its_results(site, page: Page):
    page.goto(site.url + "browse/?drug=stimulants")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    page.emulate_media(media="print")
    assert not page.locator(".dnm-filters").is_visible()
    assert page.locator("#dnm-results li").count() == len(expected_ids(site, drugs=frozenset({"stimulants"})))
    assert page.locator("#dnm-results li").first.is_visible()


def test_browser_works_by_keyboard_and_announces_count(site, page: Page):
    page.goto(site.url + "browse/")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    assert page.locator("#dnm-status").get_attribute("aria-live") == "polite"
    page.locator("#dnm-q").focus()
    page.keyboard.press("Tab")  # into the year range
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # open access
    page.keyboard.press("Tab")  # the regional switch
    page.keyboard.press("Tab")  # first country
    focused = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"[?&]country={focused}"))
    assert shown_ids(page) == expected_ids(site, countries=frozenset({focused.upper()}))


def test_without_javascript_a_note_links_to_facet_pages(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "browse/")
    note = page.locator("noscript")
    assert note.count() == 1
    html = page.content()
    assert "countries/" in html and "The browser needs JavaScript" in html
    assert not page.locator("#dnm-browser").is_visible()
    context.close()


@pytest.mark.parametrize("export", ["bibtex", "ris", "csl-json"])
def test_browser_exports_the_filtered_results(site, page: Page, export):
    page.goto(site.url + "browse/?drug=stimulants")
    expect(page.locator("#dnm-browser[data-ready=true]")).to_be_attached()
    wanted = expected_ids(site, drugs=frozenset({"stimulants"}))
    with page.expect_download() as download_info:
        page.locator(f'button[data-export="{export}"]').click()
    text = Path(download_info.value.path()).read_text("utf-8")
    if export == "bibtex":
        assert sorted(re.findall(r"^@\w+\{([^,]+),", text, re.M)) == sorted(wanted)
    elif export == "ris":
        assert text.count("TY  - ") == text.count("ER  -") == len(wanted)
        assert "Ein Buch über Kokain" in text  # delta-2018-book is a stimulants (cocaine) study
    else:
        assert sorted(item["id"] for item in json.loads(text)) == sorted(wanted)


def test_permanent_link_is_copied_in_full(site, page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url + "reports/alpha-2016-cannabis-germany/")
    link = page.locator("a.dnm-permalink-url")
    expect(link).to_have_text(site.url + "reports/alpha-2016-cannabis-germany/")
    button = page.locator(".dnm-permalink button.dnm-copy")
    button.click()
    expect(button).to_have_class(re.compile("dnm-copied"))
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == site.url + "reports/alpha-2016-cannabis-germany/"


def test_cite_panel_copies_the_apa_reference(site, page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url + "reports/beta-2019-heroin-usa/")
    button = page.locator(".dnm-cite button.dnm-copy").first
    button.click()
    expect(button).to_have_class(re.compile("dnm-copied"))
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Doe, J., & European Monitoring Centre for Drugs and Drug Addiction. (2019).")
    assert "https://doi.org/10.5555/beta" in copied


def test_cite_panel_copies_bibtex_exactly_as_the_download(site, page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site.url + "reports/beta-2019-heroin-usa/")
    page.locator(".dnm-cite .tabbed-labels label", has_text="BibTeX").click()
    button = page.locator('[data-style="bibtex"] button.dnm-copy')
    button.click()
    expect(button).to_have_class(re.compile("dnm-copied"))
    copied = page.evaluate("() => navigator.clipboard.readText()")
    download = page.request.get(site.url + "reports/beta-2019-heroin-usa/beta-2019-heroin-usa.bib").text()
    assert copied == download.strip()


@pytest.mark.parametrize("query", ["country=__proto__", "drug=constructor&country=de",
                                   "country=hasOwnProperty&sort=__proto__&from=toString"])
def test_browser_ignores_unknown_values_with_a_visible_note(site, page: Page, query):
    errors = collect_errors(page)
    page.goto(site.url + "browse/?" + query)
    expect(page.locator("#dnm-browser")).to_have_attribute("data-ready", "true")
    expect(page.locator("#dnm-status")).to_have_text(re.compile(r"^\d+ records? of 5$"))
    note = page.locator("#dnm-ignored")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Not applied")
    for part in query.split("&"):
        if part != "country=de":
            expect(note).to_contain_text(part)
    if "country=de" in query:
        expect(page.locator('input[name="country"][value="de"]')).to_be_checked()
    assert errors == []
