"""Issue 14 in Chromium, at a desktop (1366x900) and a phone (390x844) size: the Cite control,
copying rich text, the reader's access date, unbroken names, accessibility, and the printed
record (one A4 page for every record in reports/)."""

from __future__ import annotations

import io
import re
import time
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from browser_support import VIEWPORTS, serious_violations, served_site
from dnm_catalogue.citations.references import format_reference
from readers import REPORTS
from sitebuild import ARTICLE_ID, write_record_pages_catalogue

pytestmark = pytest.mark.browser

@pytest.fixture(params=list(VIEWPORTS))
def sized(request, page: Page) -> Page:
    """The page at each of the two viewport sizes the issue was tried at."""
    page.set_viewport_size(VIEWPORTS[request.param])
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served_site(tmp_path_factory.mktemp("record-browser"), write_record_pages_catalogue) as server:
        server.records = {record.id: record for record in server.records}
        yield server


def copied(page: Page) -> dict[str, str]:
    """Every type on the clipboard, read back through the asynchronous Clipboard API."""
    return page.evaluate("""async () => {
        const found = {};
        for (const item of await navigator.clipboard.read()) {
            for (const type of item.types) { found[type] = await (await item.getType(type)).text(); }
        }
        return found;
    }""")


def click_copy(page: Page, style: str) -> None:
    page.locator(".dnm-cite .tabbed-labels label", has_text={
        "apa": "APA 7", "harvard": "Harvard", "vancouver": "Vancouver"}[style]).click()
    button = page.locator(f'[data-style="{style}"] button.dnm-copy')
    button.click()
    expect(button).to_have_class(re.compile("dnm-copied"))


# Defect 6: a Cite control at the top -----------------------------------------------------------


def test_the_cite_control_is_on_the_first_screen_and_opens_the_panel(site, sized: Page):
    sized.goto(site.url + f"reports/{ARTICLE_ID}/")
    control = sized.locator("a.dnm-cite-jump")
    expect(control).to_be_visible()
    box = control.bounding_box()
    assert box["y"] + box["height"] <= sized.viewport_size["height"]
    assert box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
    heading = sized.locator("#cite")
    assert heading.bounding_box()["y"] > sized.viewport_size["height"]  # the panel is far down
    control.click()
    expect(heading).to_be_in_viewport()
    expect(sized.locator(".dnm-cite input[type=radio]:checked")).to_be_focused()
    # The header does not cover the heading.
    header = sized.locator(".md-header").bounding_box()
    assert heading.bounding_box()["y"] >= header["y"] + header["height"] - 1
    # Tab goes on through the reference's DOI link to the APA copy button.
    sized.keyboard.press("Tab")
    expect(sized.locator("#cite-apa a")).to_be_focused()
    sized.keyboard.press("Tab")
    expect(sized.locator('[data-style="apa"] button.dnm-copy')).to_be_focused()


# Defect 5: rich text on the clipboard ---------------------------------------------------------


@pytest.mark.parametrize("clipboard_item", [True, False], ids=["ClipboardItem", "copy-event"])
def test_copy_puts_rich_text_with_italics_and_plain_text_beside_it(site, sized: Page, clipboard_item):
    sized.context.grant_permissions(["clipboard-read", "clipboard-write"])
    if not clipboard_item:  # a browser without ClipboardItem: the copy-event fallback
        sized.add_init_script("delete window.ClipboardItem;")
    sized.goto(site.url + f"reports/{ARTICLE_ID}/")
    assert sized.evaluate("typeof window.ClipboardItem") == ("function" if clipboard_item else "undefined")
    click_copy(sized, "apa")
    types = copied(sized)
    assert {"text/html", "text/plain"} <= set(types)
    record = site.records[ARTICLE_ID]
    assert types["text/plain"] == format_reference(record, "apa")
    # The journal and volume in italics, the DOI a link; no page markup or classes.
    assert re.search(r"<i>Journal of Tests</i>, <i>35</i>\(2\), Article k2270", types["text/html"])
    assert '<a href="https://doi.org/10.5555/k2270">' in types["text/html"]
    assert "class=" not in types["text/html"] and "<span" not in types["text/html"]


def test_machine_formats_are_copied_as_plain_text(site, sized: Page):
    sized.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sized.goto(site.url + f"reports/{ARTICLE_ID}/")
    sized.locator(".dnm-cite .tabbed-labels label", has_text="BibTeX").click()
    button = sized.locator('[data-style="bibtex"] button.dnm-copy')
    button.click()
    expect(button).to_have_class(re.compile("dnm-copied"))
    types = copied(sized)
    assert set(types) == {"text/plain"}
    assert types["text/plain"].startswith(f"@article{{{ARTICLE_ID},")


# Defect 7: the reader's access date, never the review date ------------------------------------


@pytest.mark.parametrize(("style", "clause"), [("harvard", "(Accessed: 5 March 2027)"),
                                               ("vancouver", "[cited 2027 Mar 5]")])
def test_a_copied_reference_gives_the_day_it_was_copied(site, sized: Page, style, clause):
    sized.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sized.clock.set_fixed_time(datetime(2027, 3, 5, 12, 0))
    sized.goto(site.url + "reports/web-2020-report/")
    click_copy(sized, style)
    types = copied(sized)
    record = site.records["web-2020-report"]
    assert clause in types["text/plain"] and clause in types["text/html"]
    assert types["text/plain"] == format_reference(record, style, accessed=datetime(2027, 3, 5).date())
    for review in ("1 November 2026", "2026 Nov 1"):  # the record's `reviewed`
        assert review not in types["text/plain"]
    expect(sized.locator(f"#cite-{style}")).to_contain_text(clause)
    expect(sized.locator(f'[data-style="{style}"] .dnm-access-note')).to_be_visible()


def test_without_javascript_a_reference_claims_no_access_date(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "reports/web-2020-report/")
    harvard = page.locator("#cite-harvard").text_content()
    assert "Available at: https://example.org/web-report" in harvard
    assert "Accessed" not in harvard and "November 2026" not in harvard
    assert page.locator('[data-style="harvard"] .dnm-access-note').get_attribute("hidden") is not None
    context.close()


# Defect 11: names and sizes -------------------------------------------------------------------


def lines_of(page: Page, selector: str) -> list[int]:
    """How many line boxes each matching element takes (1 = not broken)."""
    return page.locator(selector).evaluate_all(
        "elements => elements.map(e => new Set([...e.getClientRects()].map(r => Math.round(r.top))).size)")


def test_file_names_and_sizes_on_the_downloads_page(site, sized: Page):
    sized.goto(site.url + "downloads/")
    names = sized.locator("td.dnm-file a")
    expect(names).to_have_count(6)
    assert lines_of(sized, "td.dnm-file a") == [1] * 6
    for size in sized.locator("td.dnm-size").all_text_contents():
        assert re.fullmatch(r"\d+(\.\d)? (KB|MB)|\d+ bytes", size), size
    # A narrow screen scrolls the table, not the page.
    assert sized.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_field_names_on_the_about_page_are_not_broken(site, sized: Page):
    sized.goto(site.url + "about/")
    count = sized.locator("table.dnm-fields td:first-child code").count()
    assert count >= 30
    assert lines_of(sized, "table.dnm-fields td:first-child code") == [1] * count
    assert sized.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_home_tab_title_says_the_name_once(site, page: Page):
    page.goto(site.url)
    assert page.title() == "DNM Catalogue"


# Accessibility -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [f"reports/{ARTICLE_ID}/", "reports/web-2020-report/", "about/",
                                  "downloads/", "changes/"])
def test_no_serious_accessibility_violations(site, sized: Page, path):
    sized.goto(site.url + path)
    sized.wait_for_load_state("networkidle")
    assert serious_violations(sized) == []


# Defect 3: every record prints on one A4 page ---------------------------------------------------


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """The real catalogue, served where its site_url says (so instant navigation works)."""
    with served_site(tmp_path_factory.mktemp("real-print"), reports=REPORTS) as server:
        yield server


def pdf_pages(page: Page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def longest(records, count: int):
    """The records with the most text: summary, findings, sources and authors."""
    def size(record) -> int:
        return (len(record.summary) + sum(len(finding.text) for finding in record.findings)
                + sum(len(source) for source in record.sources)
                + sum(len(author.display_name) for author in record.authors))
    return sorted(records, key=size, reverse=True)[:count]


def test_every_record_in_reports_prints_on_one_a4_page(real_site, page: Page):
    """Each record page, printed to PDF in Chromium (print media, A4), is one page. One page
    is reused: records are reached by Material's instant navigation, as a reader clicking
    through the site would (a full load of each takes several times longer)."""
    records = real_site.records
    assert len(records) >= 150
    page.goto(real_site.url)
    page.emulate_media(media="print")
    assert page.evaluate("typeof location$") == "object"  # instant navigation is on
    started = time.monotonic()
    pages = {}
    for record in records:
        page.evaluate("url => location$.next(new URL(url))", real_site.url + record.path)
        page.wait_for_function(
            "id => document.querySelector(`article.dnm-record[data-record-id='${id}']`)",
            arg=record.id)
        pages[record.id] = len(pdf_pages(page).pages)
    elapsed = time.monotonic() - started
    assert {record_id: count for record_id, count in pages.items() if count != 1} == {}
    print(f"\n{len(records)} records printed in {elapsed:.1f} s ({elapsed / len(records):.2f} s each)")


def test_the_longest_records_print_as_a_one_page_card_when_opened(real_site, sized: Page):
    """Opened directly (a full page load) at each viewport: one page, the card's contents,
    and none of what stays on screen (sources, Cite tabs and controls, correction link)."""
    for record in longest(real_site.records, 3):
        sized.goto(real_site.url + record.path)
        sized.wait_for_load_state("networkidle")
        sized.emulate_media(media="print")
        reader = pdf_pages(sized)
        assert len(reader.pages) == 1, record.id
        text = reader.pages[0].extract_text()
        flat = " ".join(text.split())
        assert record.title[:40] in flat or " ".join(record.title.split())[:40] in flat
        for expected in ("Summary", "Facets", "Cite (APA 7)", "Last reviewed on", "Permanent link"):
            assert expected in flat, (record.id, expected)
        apa = format_reference(record, "apa")
        assert " ".join(apa.split())[:60] in flat, record.id
        for absent in ("Suggest a correction", "Copy APA", "Copy link", "Download this record",
                       "against these sources", "APA, Chicago, Harvard"):
            assert absent not in flat, (record.id, absent)
        for source in record.sources:
            if source not in (record.url, record.doi_url):
                assert source not in flat.replace(" ", ""), (record.id, source)
        sized.emulate_media(media="screen")
