"""A small site built end to end in tmp_path, checked with HTML selectors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.query import Query, select
from dnm_catalogue.site.build import BuildFailed, build_site, render_markdown_tree
from dnm_catalogue.site.facets import FacetIndex
from helpers import write_record
from search_reader import read_index, records_matching
from sitebuild import ROOT, site_config, write_small_catalogue

SITE_URL = "https://example.org/dnm/"  # published under a sub-path


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    reports = folder / "reports"
    write_small_catalogue(reports)
    assert check_catalogue([reports]).problems == []
    config = site_config(folder, reports, site_url=SITE_URL)
    build_site(reports, folder / "site", config)
    return folder / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def test_every_page_kind_exists(small_site):
    for path in ["index.html", "about/index.html", "downloads/index.html",
                 "reports/alpha-2016-cannabis-germany/index.html",
                 "countries/index.html", "countries/de/index.html",
                 "regions/index.html", "regions/european-union/index.html",
                 "drugs/index.html", "drugs/opioids/index.html", "drugs/heroin/index.html",
                 "markets/index.html", "markets/hansa/index.html",
                 "years/index.html", "years/2019/index.html",
                 "types/index.html", "types/report/index.html",
                 "methods/index.html", "methods/survey/index.html"]:
        assert (small_site / path).is_file(), path


def test_record_page_shows_the_record(small_site):
    page = soup(small_site, "reports/beta-2019-heroin-usa/index.html")
    article = page.select_one("article.dnm-record")
    assert article.select_one("h1").get_text() == "A test study of cryptomarket listings"
    assert [a.get_text() for a in article.select(".dnm-name")] == [
        "Jane Doe", "European Monitoring Centre for Drugs and Drug Addiction (EMCDDA)"]
    assert article.select_one("a.dnm-doi")["href"] == "https://doi.org/10.5555/beta"
    assert article.select_one(".dnm-genre").get_text() == "Technical report"
    assert "Listings grew by about 40%" in article.select_one(".dnm-findings").get_text()
    assert "(p.\xa012)" in article.select_one(".dnm-findings").get_text()
    facets = {a.get_text(): a["href"] for a in article.select("a.dnm-facet")}
    assert facets["United States"] == "../../countries/us/"
    assert facets["Heroin"] == "../../drugs/heroin/"
    assert facets["Hansa Market"] == "../../markets/hansa/"
    related = article.select("h3#related-listed + ol a.dnm-title")
    assert [a["href"] for a in related] == ["../alpha-2016-cannabis-germany/"]
    assert article.select_one(".dnm-correction a")
    assert article.select_one(".dnm-correction code").get_text() == "reports/beta-2019-heroin-usa.yaml"
    assert article.select_one(".dnm-sources a")["href"].startswith("https://example.org/")
    assert "1 November 2026" in article.select_one("#provenance + p").get_text()
    assert article.select_one("#provenance + p time")["datetime"] == "2026-11-01"


def test_related_shows_in_both_directions(small_site):
    page = soup(small_site, "reports/alpha-2016-cannabis-germany/index.html")
    reverse = page.select("h3#related-reverse + ol a.dnm-title")
    assert [a["href"] for a in reverse] == ["../beta-2019-heroin-usa/"]


def test_citation_meta_tags(small_site):
    head = soup(small_site, "reports/beta-2019-heroin-usa/index.html").head
    meta = [(tag.get("name") or tag.get("property"), tag["content"])
            for tag in head.select("meta[content]")]
    assert ("citation_title", "A test study of cryptomarket listings") in meta
    # an organisation ends in a comma: Zotero then keeps it as one name
    assert [c for n, c in meta if n == "citation_author"] == [
        "Doe, Jane", "European Monitoring Centre for Drugs and Drug Addiction,"]
    assert ("citation_publication_date", "2019") in meta
    assert ("citation_doi", "10.5555/beta") in meta
    assert ("citation_firstpage", "774") in meta and ("citation_lastpage", "783") in meta
    # a report's issue is its number
    assert ("citation_volume", "35") in meta and ("citation_technical_report_number", "2") in meta
    assert ("citation_language", "en") in meta and ("eprints.type", "report") in meta
    assert ("DC.type", "Technical report") in meta  # Zotero's report type
    abstract = dict(meta)["citation_abstract"]
    assert abstract.startswith("[DNM Catalogue summary, not the authors' abstract] This fixture")
    assert abstract.endswith("abstract at all.") and "\n" not in abstract
    assert ("citation_public_url", "https://example.org/beta-2019-heroin-usa") in meta
    # absolute, under the site's sub-path
    assert ("citation_abstract_html_url", f"{SITE_URL}reports/beta-2019-heroin-usa/") in meta
    ld = json.loads(head.select_one('script[type="application/ld+json"]').string)
    assert ld["@type"] == "Report" and ld["name"] == "A test study of cryptomarket listings"
    assert ld["identifier"]["value"] == "10.5555/beta"
    assert ld["@id"] == f"{SITE_URL}reports/beta-2019-heroin-usa/"


def test_sitemap_lists_every_page_and_robots_txt_names_it(small_site):
    from xml.etree import ElementTree

    namespace = {"map": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ElementTree.parse(small_site / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().findall("map:url/map:loc", namespace)}
    pages = set()
    for path in small_site.rglob("index.html"):
        if 'http-equiv="refresh"' in path.read_text("utf-8"):
            continue  # the redirect from a record's previous id is not a page
        folder = path.parent.relative_to(small_site).as_posix()
        pages.add(SITE_URL if folder == "." else f"{SITE_URL}{folder}/")
    assert listed == pages
    records = check_catalogue([small_site.parent / "reports"]).records
    assert {f"{SITE_URL}reports/{record.id}/" for record in records} <= listed
    assert (small_site / "robots.txt").read_text("utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n")


def test_offline_copy_names_no_site_address(tmp_path):
    """`build --offline` drops site_url: no page points to the published site, robots.txt
    names no sitemap, and record pages give no address of their own to Zotero."""
    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    build_site(reports, tmp_path / "site", site_config(tmp_path, reports, site_url=SITE_URL),
               offline=True)
    site = tmp_path / "site"
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nAllow: /\n"
    record_page = (site / "reports" / "beta-2019-heroin-usa.html").read_text("utf-8")
    assert "citation_abstract_html_url" not in record_page and "citation_title" in record_page
    assert not [path for path in site.rglob("*.html") if SITE_URL in path.read_text("utf-8")]


def test_facet_pages_list_what_list_gives(small_site):
    records = check_catalogue([small_site.parent / "reports"]).records
    index = FacetIndex(records)
    queries = {
        "countries": lambda v: Query(countries=frozenset({v.upper()})),
        "regions": lambda v: Query(regions=frozenset({v})),
        "drugs": lambda v: Query(drugs=frozenset({v})),
        "markets": lambda v: Query(markets=frozenset({v})),
        "years": lambda v: Query(year_from=int(v), year_to=int(v)),
        "types": lambda v: Query(types=frozenset({v})),
        "methods": lambda v: Query(methods=frozenset({v})),
    }
    checked = 0
    for kind, query in queries.items():
        for value in index.members[kind]:
            page = soup(small_site, f"{kind}/{value.lower()}/index.html")
            shown = [li["data-id"] for li in page.select("li.dnm-record-item")]
            expected = [record.id for record in select(records, query(value))]
            if kind == "countries":
                # Its own studies first, then those of the regions that contain it.
                regional = Query(countries=frozenset({value.upper()}), include_regional=True)
                assert shown[:len(expected)] == expected, value
                assert sorted(shown) == sorted(record.id for record in select(records, regional))
                shown = shown[:len(expected)]
            assert shown == expected, (kind, value)
            checked += 1
    assert checked > 20


def test_parent_drug_and_region_include_members(small_site):
    opioids = soup(small_site, "drugs/opioids/index.html")
    assert [li["data-id"] for li in opioids.select("li.dnm-record-item")] == ["beta-2019-heroin-usa"]
    europe = soup(small_site, "regions/european-union/index.html")
    shown = {li["data-id"] for li in europe.select("li.dnm-record-item")}
    assert shown == {"gamma-2021-eu-mdma", "alpha-2016-cannabis-germany", "delta-2018-book",
                     "payload-2020-escaping"}


def test_facet_index_counts(small_site):
    page = soup(small_site, "drugs/index.html")
    rows = {row.select("td")[0].get_text(strip=True).lstrip("↳ "): row.select("td")[-1].get_text()
            for row in page.select("tbody tr")}
    assert rows["Opioids"] == "1" and rows["Heroin"] == "1" and rows["Stimulants"] == "3"
    assert rows["LSD"] == "0"


def test_facet_count_line_gives_the_span_of_years(small_site):
    one_year = soup(small_site, "drugs/heroin/index.html").select_one(".dnm-count-line").get_text()
    assert one_year.startswith("1 record, 2019. ")
    several = soup(small_site, "drugs/stimulants/index.html").select_one(".dnm-count-line").get_text()
    assert re.match(r"3 records, (\d{4})–(\d{4})\. ", several)


def test_market_page_has_its_facts(small_site):
    page = soup(small_site, "markets/hansa/index.html")
    facts = page.select_one("dl.dnm-market").get_text(" ")
    assert "2017" in facts and "law enforcement" in facts
    assert page.select_one("dl.dnm-market a")["href"].startswith("https://")


def test_home_has_counts_newest_and_quick_links(small_site):
    page = soup(small_site, "index.html")
    assert "5 records" in page.select_one(".dnm-counts").get_text(" ", strip=True)
    newest = [li["data-id"] for li in page.select("#newest + ol li")]
    assert newest[0] == "gamma-2021-eu-mdma"
    assert page.select("a.dnm-facet-countries")


def test_previous_id_redirects(small_site):
    page = soup(small_site, "reports/gamma-2020-old-id/index.html")
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../gamma-2021-eu-mdma/"


def test_sidebar_does_not_list_records(small_site):
    page = soup(small_site, "reports/alpha-2016-cannabis-germany/index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a")]
    assert not any("reports/" in href for href in nav_links)
    assert any(href.endswith("countries/") for href in nav_links)


def test_payload_record_is_escaped(small_site):
    page_path = small_site / "reports/payload-2020-escaping/index.html"
    html = page_path.read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    for tag in page.find_all(True):
        assert not any(attribute.lower().startswith("on") for attribute in tag.attrs), tag
        for attribute in ("href", "src"):
            assert not str(tag.get(attribute, "")).lower().startswith("javascript:"), tag
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert all(s.get("src") or "alert" not in (s.string or "") for s in scripts)
    title = page.select_one("article h1").get_text()
    assert title == "Quotes \" and ' & {{ 7*7 }} [x](javascript:alert(1)) a < b"
    assert "49" not in title
    assert page.select_one(".dnm-name").get_text() == "{{ 7*7 }} O'Brien \" onmouseover=alert(1) x=\""
    summary = page.select_one(".dnm-summary")
    assert "</div><script>alert(1)</script>" in summary.get_text()
    assert "{{ config }}" in summary.get_text() and summary.select("em")


def broken_links(site: Path, mount: str = "/") -> list[tuple[str, str]]:
    """Every internal link or anchor in a built site, served at the path `mount`, that points
    nowhere."""
    broken = []
    anchors: dict[Path, set[str]] = {}
    for html_file in site.rglob("*.html"):
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        base = mount + html_file.relative_to(site).as_posix()
        for tag in page.find_all(["a", "link"], href=True):
            href = tag["href"]
            if urlsplit(href).scheme or href.startswith(("mailto:", "//")):
                continue
            target = urlsplit(urljoin(base, href))
            if not unquote(target.path).startswith(mount):
                broken.append((base, href))
                continue
            path = site / unquote(target.path)[len(mount):]
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append((base, href))
                continue
            if target.fragment and path.suffix == ".html":
                if path not in anchors:
                    target_page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
                    anchors[path] = {tag.get("id") or tag.get("name")
                                     for tag in target_page.find_all(attrs={"id": True})}
                    anchors[path] |= {tag["name"] for tag in target_page.find_all(attrs={"name": True})}
                if target.fragment not in anchors[path]:
                    broken.append((base, href))
    return broken


def test_every_internal_link_resolves(small_site):
    assert broken_links(small_site, urlsplit(SITE_URL).path) == []


def test_real_catalogue_builds_strict_with_every_link_resolving(tmp_path):
    """The real reports/ through the real mkdocs.yml (strict), as `mkdocs build` does."""
    build_site(ROOT / "reports", tmp_path / "site", ROOT / "mkdocs.yml")
    site = tmp_path / "site"
    records = check_catalogue([ROOT / "reports"]).records
    # Every record's page, and a notice at the address of every record withdrawn to candidates/.
    withdrawn = {path.stem for path in (ROOT / "candidates").glob("*.yaml")}
    redirects = {old for record in records for old in record.previous_ids}
    pages = {path.parent.name for path in (site / "reports").glob("*/index.html")}
    assert pages == {record.id for record in records} | withdrawn | redirects
    assert broken_links(site) == []


def test_nothing_loads_from_other_hosts(small_site):
    for html_file in small_site.rglob("*.html"):
        page = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        for tag in page.find_all(["script", "link", "img", "iframe"]):
            source = tag.get("src") or (tag.get("href") if tag.name == "link" else None) or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not urlsplit(source).scheme and not source.startswith("//"), (html_file, source)


def test_failed_build_leaves_previous_site(tmp_path):
    reports = tmp_path / "reports"
    write_record(reports, "good-record")
    config = site_config(tmp_path, reports)
    build_site(reports, tmp_path / "site", config)
    before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    write_record(reports, "bad-record", countries="countries: [UK]", doi="doi: 10.5555/bad")
    with pytest.raises(BuildFailed, match=r"bad-record\.yaml:\d+:\d+: countries\[0\]: 'UK'"):
        build_site(reports, tmp_path / "site", config)
    after = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".site-build-*"))


def test_invalid_record_fails_mkdocs_build_with_file_line(tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    reports = tmp_path / "reports"
    write_record(reports, "bad-record", countries="countries: [UK]")
    config = load_config(str(site_config(tmp_path, reports)))
    with pytest.raises(Abort):
        build(config)
    messages = [record.getMessage() for record in caplog.records]
    assert any(re.search(r"bad-record\.yaml:\d+:\d+: countries\[0\]: 'UK' is not an ISO 3166-1", m)
               for m in messages), messages
    assert any("1 problem in 1 of 1 files" in m for m in messages), messages


def test_render_writes_the_same_pages(tmp_path, small_site):
    out = tmp_path / "markdown"
    files = render_markdown_tree(small_site.parent / "reports", ROOT / "templates", out)
    pages = sorted(f.path for f in files if f.is_page)
    assert (out / "reports" / "alpha-2016-cannabis-germany.md").read_text("utf-8").startswith("---\n")
    built = sorted(p.relative_to(small_site).as_posix() for p in small_site.rglob("index.html")
                   if p.parent.name not in ("search",))
    expected = sorted("index.html" if p == "index.md" else p[: -len(".md")].removesuffix("/index")
                      + "/index.html" for p in pages)
    assert set(expected) <= set(built)


def test_record_download_files(small_site):
    folder = small_site / "reports" / "beta-2019-heroin-usa"
    bibtex = (folder / "beta-2019-heroin-usa.bib").read_text("utf-8")
    assert bibtex.startswith("@techreport{beta-2019-heroin-usa,")
    assert "TY  - RPRT" in (folder / "beta-2019-heroin-usa.ris").read_text("utf-8")
    csl = json.loads((folder / "beta-2019-heroin-usa.json").read_text("utf-8"))
    assert csl[0]["id"] == "beta-2019-heroin-usa"


def test_downloads_page_offers_every_format(small_site):
    page = soup(small_site, "downloads/index.html")
    names = [a.get_text() for a in page.select("table a")]
    assert names == ["dnm-catalogue.bib", "dnm-catalogue.ris", "dnm-catalogue.csl.json",
                     "dnm-catalogue.csv", "dnm-catalogue.json", "record.schema.json"]
    for name in names:
        assert (small_site / "downloads" / name).stat().st_size > 100
    assert "version" in page.select_one("article").get_text()


def test_cite_panel_has_a_tab_per_style(small_site):
    page = soup(small_site, "reports/alpha-2016-cannabis-germany/index.html")
    labels = [label.get_text() for label in page.select(".dnm-cite .tabbed-labels label")]
    assert labels == ["APA 7", "Chicago", "Harvard", "Vancouver", "BibTeX", "RIS", "CSL-JSON"]
    assert len(page.select(".dnm-cite button.dnm-copy")) == 7
    apa = page.select_one("#cite-apa")
    assert apa.select_one("a")["href"] == "https://doi.org/10.5555/alpha"


def test_about_page_documents_format_and_coverage(small_site):
    from dnm_catalogue.records.model import FIELDS

    page = soup(small_site, "about/index.html")
    documented = [code.get_text() for code in page.select("table.dnm-fields td:first-child code")]
    assert documented == [spec.name for spec in FIELDS]
    kinds = [table["data-kind"] for table in page.select("table.dnm-coverage")]
    assert kinds == ["years", "types", "countries", "drugs", "markets"]
    years = {row.select("td")[0].get_text(): row.select("td")[1].get_text()
             for row in page.select('table[data-kind="years"] tbody tr')}
    assert years == {"2016": "1", "2018": "1", "2019": "1", "2020": "1", "2021": "1"}
    assert page.select_one("#corrections") and page.select_one("#scope")
    assert "DNM Catalogue contributors" in page.select_one("#cite-the-catalogue + p + p").get_text()


def test_citation_cff_says_how_to_cite_the_catalogue():
    import yaml

    from dnm_catalogue import __version__

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["title"].startswith("DNM Catalogue")
    assert citation["version"] == __version__


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_record_or_template_changes(tmp_path):
    import socket
    import subprocess
    import sys

    reports = tmp_path / "reports"
    write_record(reports, "served-record")
    write_record(reports, "other-record", doi="doi: 10.5555/other")
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    config = site_config(tmp_path, reports)
    text = config.read_text("utf-8").replace(str(ROOT / "templates"), str(templates))
    config.write_text(text, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "dnm_catalogue.cli", "serve", "--config-file", str(config),
         "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/reports/served-record/"
    try:
        assert _wait_for(lambda: "A test study of cryptomarket listings" in _get(page), 90)
        record = reports / "served-record.yaml"
        record.write_text(record.read_text("utf-8").replace(
            "A test study of cryptomarket listings", "An edited title"), encoding="utf-8")
        assert _wait_for(lambda: "An edited title" in _get(page), 30)
        # Only changed pages are rebuilt; the search index is the new one and covers every page.
        index = read_index(lambda path: _get(f"http://127.0.0.1:{port}/{path}"))
        entries = {entry[0]: entry for entry in index["entries"]}
        assert {"reports/served-record/", "reports/other-record/", "", "about/"} <= set(entries)
        assert entries["reports/served-record/"][1] == "An edited title"
        assert records_matching(index, "edited", "title") == {"reports/served-record/"}
        record_template = templates / "record.html"
        record_template.write_text(record_template.read_text("utf-8").replace(
            "How this record was checked", "How this record was verified"), encoding="utf-8")
        assert _wait_for(lambda: "How this record was verified" in _get(page), 30)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get_any(url: str) -> str:
    """The body of a page, whatever its status (the error page comes with 404)."""
    import urllib.error

    try:
        return _get(url)
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_starts_with_a_broken_record_and_keeps_the_last_good_site(tmp_path):
    import subprocess
    import sys

    reports = tmp_path / "reports"
    write_record(reports, "good-record")
    broken = write_record(reports, "later-record", countries="countries: [UK]", doi="doi: 10.5555/later")
    config = site_config(tmp_path, reports)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dnm_catalogue.cli", "serve", "--config-file", str(config),
         "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    page = f"http://127.0.0.1:{port}/reports/good-record/"
    try:
        # No good site yet: every address answers with the problems.
        assert _wait_for(lambda: "is not an ISO 3166-1 alpha-2 code" in _get_any(page), 90)
        assert "there is no site yet" in _get_any(page)
        broken.write_text(broken.read_text("utf-8").replace("[UK]", "[GB]"), encoding="utf-8")
        assert _wait_for(lambda: "A test study of cryptomarket listings" in _get(page), 30)
        assert 'id="dnm-serve-error"' not in _get(page)
        broken.write_text(broken.read_text("utf-8").replace("[GB]", "[UK]"), encoding="utf-8")
        # The last good site stays, with a banner naming the problem; requests never hang.
        assert _wait_for(lambda: 'id="dnm-serve-error"' in _get(page), 30)
        served = _get(page)
        assert "A test study of cryptomarket listings" in served
        assert "later-record.yaml:" in served and "this is the last good version" in served
        # A second server on the same address: one clear line, exit 2, no traceback.
        second = subprocess.run(
            [sys.executable, "-m", "dnm_catalogue.cli", "serve", "--config-file", str(config),
             "--dev-addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert second.stderr.strip() == (
            f"dnm-catalogue serve: error: 127.0.0.1:{port} is in use (another server runs there); "
            "choose another address with --dev-addr")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    assert "countries[0]: 'UK' is not an ISO 3166-1 alpha-2 code" in err
    assert "Traceback" not in err


def test_deferred_blocks_are_back_in_place_and_markers_gone(small_site):
    """Record lists and the Cite panel skip the theme and the search parser and are put back
    into the finished page: every built page has them, and no marker is left."""
    for page in small_site.rglob("*.html"):
        assert "dnm:defer" not in page.read_text("utf-8"), page
    record = soup(small_site, "reports/beta-2019-heroin-usa/index.html")
    panel = record.select_one("article.dnm-record aside.dnm-cite-panel")
    assert panel is not None and panel.select_one("h2#cite")
    facet = soup(small_site, "drugs/opioids/index.html")
    assert [a["href"] for a in facet.select("ol.dnm-records a.dnm-title")] == [
        "../../reports/beta-2019-heroin-usa/"]


def test_every_page_has_the_search_box_and_no_material_search_index(small_site):
    assert not (small_site / "search" / "search_index.json").exists()
    index = read_index(lambda path: (small_site / path).read_text("utf-8"))
    assert index["manifest"]["records"] == 5
    for path in ("index.html", "about/index.html", "reports/beta-2019-heroin-usa/index.html",
                 "countries/de/index.html", "browse/index.html", "404.html"):
        page = soup(small_site, path)
        box = page.select_one("header.md-header #dnm-search input.dnm-search-input")
        assert box is not None and box.get("aria-label"), path
        assert page.select_one("header.md-header button.dnm-search-open[aria-label]"), path
        assert [script["src"] for script in page.select("script[src]")
                if script["src"].endswith("assets/search.js")], path
        # Material's own search would fetch search/search_index.json: it must not be set up.
        assert not page.select('[data-md-component^="search"]'), path


def test_market_timeline_marks_approximate_years(small_site):
    page = soup(small_site, "markets/index.html")
    bars = {rect.title.get_text(): rect for rect in page.select("#chart-markets rect") if rect.title}
    apollon = next(rect for title, rect in bars.items() if title.startswith("Apollon Market (by 2019–2020)"))
    alphabay = next(rect for title, rect in bars.items() if title.startswith("AlphaBay"))
    assert apollon.get("fill-opacity") == "0.5"
    assert alphabay.get("fill-opacity") is None
    rows = {row.select("td")[0].get_text(): row.select("td")[1].get_text()
            for row in page.select("table.dnm-facet-table tbody tr")}
    assert rows["Tochka"] == "2015–2019 (last seen)"
    assert rows["AlphaBay"] == "2014–2017"
