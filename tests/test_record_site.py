"""Issue 14, record and catalogue pages as built: labels, licence, corrections, access dates.

Built end to end in tmp_path and checked with selectors (browser behaviour is in
test_record_browser.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from dnm_catalogue.site.build import build_site
from dnm_catalogue.site.corrections import Corrections
from dnm_catalogue.site.generator import human_size
from sitebuild import ARTICLE_ID, ROOT, site_config, write_record_pages_catalogue


def build(folder: Path, **plugin_options) -> Path:
    reports = folder / "reports"
    write_record_pages_catalogue(reports)
    config = site_config(folder, reports)
    if plugin_options:
        data = yaml.safe_load(config.read_text("utf-8"))
        for plugin in data["plugins"]:
            if isinstance(plugin, dict) and "dnm-catalogue" in plugin:
                plugin["dnm-catalogue"].update(plugin_options)
        config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    build_site(reports, folder / "site", config)
    return folder / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("record-site"))


@pytest.fixture(scope="module")
def site_with_repository(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("record-site-repo"),
                 repo_url="https://github.com/example/dnm-catalogue", contact="editors@example.org")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text("utf-8"), "html.parser")


def record_page(site: Path, record_id: str) -> BeautifulSoup:
    return soup(site, f"reports/{record_id}/index.html")


# Small labels (defect 11) -------------------------------------------------------------------


def test_home_tab_title_is_the_site_name_once(site):
    assert soup(site, "index.html").title.get_text() == "DNM Catalogue"
    assert soup(site, "about/index.html").title.get_text() == "About the catalogue - DNM Catalogue"


def test_article_number_is_not_printed_as_pages(site):
    published = record_page(site, ARTICLE_ID).select_one(".dnm-bibliographic").get_text(" ")
    assert "article k2270" in published
    assert "pp. k2270" not in published and "p. k2270" not in published
    ranged = record_page(site, "alpha-2016-cannabis-germany").select_one(".dnm-bibliographic")
    assert "pp. 774–783" in ranged.get_text(" ")


def test_the_years_of_the_data_read_data_from(site):
    terms = [dt.get_text() for dt in record_page(site, ARTICLE_ID).select(".dnm-bibliographic dt")]
    assert "Data from" in terms and "Data cover" not in terms
    assert "Data cover" not in (ROOT / "templates" / "record.html").read_text("utf-8")


def test_download_sizes_are_for_people(site):
    page = soup(site, "downloads/index.html")
    rows = page.select("table.dnm-downloads-table tbody tr")
    assert len(rows) == 6
    for row in rows:
        name = row.select_one("td.dnm-file a")["href"].rsplit("/", 1)[-1]
        size = (site / "downloads" / name).stat().st_size
        cell = row.select_one("td.dnm-size data")
        assert int(cell["value"]) == size
        assert cell.get_text() == human_size(size)
        assert re.fullmatch(r"\d+(\.\d)? (KB|MB)|\d+ bytes", cell.get_text())


@pytest.mark.parametrize(("size", "text"), [(0, "0 bytes"), (999, "999 bytes"), (1000, "1.0 KB"),
                                            (9949, "9.9 KB"), (9950, "10 KB"), (412_345, "412 KB"),
                                            (999_499, "999 KB"), (999_500, "1.0 MB"),
                                            (1_234_567, "1.2 MB"), (25_000_000, "25 MB")])
def test_human_size(size, text):
    assert human_size(size) == text


# Access dates (defect 7) --------------------------------------------------------------------


def test_the_page_never_prints_the_review_date_as_an_access_date(site):
    page = record_page(site, "web-2020-report")
    for style in ("harvard", "vancouver"):
        reference = page.select_one(f"#cite-{style}")
        slot = reference.select_one("span.dnm-accessed")
        assert slot is not None and slot.get_text() == ""  # filled in by the page script
        templates = json.loads(slot["data-templates"])
        assert len(templates) == 12 and all("{day}" in t and "{year}" in t for t in templates)
        assert "Accessed" not in reference.get_text() and "cited" not in reference.get_text()
    # The review date appears only where it belongs: "Last reviewed on ...".
    assert "1 November 2026" not in page.select_one(".dnm-cite-panel").get_text()
    assert "2026 Nov 1" not in page.select_one(".dnm-cite-panel").get_text()
    csl = json.loads((site / "reports/web-2020-report/web-2020-report.json").read_text("utf-8"))
    assert "accessed" not in csl[0]


# Licence (defect 12) ------------------------------------------------------------------------


def test_the_data_licence_is_on_every_page_and_in_about_and_downloads(site):
    for path in ("index.html", "reports/alpha-2016-cannabis-germany/index.html", "changes/index.html"):
        footer = soup(site, path).select_one(".md-copyright")
        assert "CC BY 4.0" in footer.get_text()
        assert footer.select_one('a[href="https://creativecommons.org/licenses/by/4.0/"]')
    about = soup(site, "about/index.html").select_one("#licence").find_next("p").get_text()
    assert "CC BY 4.0" in about and "MIT" in about
    assert "CC BY 4.0" in soup(site, "downloads/index.html").select_one("article").get_text()


def test_readme_and_citation_cff_give_the_data_licence():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert citation["license"] == "CC-BY-4.0"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "CC BY 4.0" in readme and "## Licence" in readme


# Corrections (defect 12) --------------------------------------------------------------------


def test_without_a_repository_the_correction_link_leads_to_how_to_send_one(site):
    correction = record_page(site, "alpha-2016-cannabis-germany").select_one(".dnm-correction")
    links = correction.select("a")
    assert [a.get_text() for a in links] == ["Suggest a correction"]
    assert links[0]["href"] == "../../about/#corrections"
    section = soup(site, "about/index.html").select_one("#corrections")
    text = section.find_next("p").get_text()
    assert "has not given a repository or contact address" in text
    assert "reports/<id>.yaml" in text


def test_with_a_repository_the_correction_opens_an_issue_and_the_record_file(site_with_repository):
    correction = record_page(site_with_repository, ARTICLE_ID).select_one(".dnm-correction")
    suggest, edit = correction.select("a")
    issue = urlsplit(suggest["href"])
    assert (issue.scheme, issue.netloc, issue.path) == ("https", "github.com",
                                                         "/example/dnm-catalogue/issues/new")
    query = parse_qs(issue.query)
    assert query["title"] == [f"Correction: {ARTICLE_ID}"]
    assert f"reports/{ARTICLE_ID}/" in query["body"][0]
    assert edit.get_text() == "Edit the record file"
    assert edit["href"] == (f"https://github.com/example/dnm-catalogue/edit/main/reports/"
                            f"{ARTICLE_ID}.yaml")
    about = soup(site_with_repository, "about/index.html").select_one("#corrections")
    text = about.find_next("p")
    assert text.select_one('a[href="https://github.com/example/dnm-catalogue"]')
    assert text.select_one('a[href="mailto:editors@example.org"]')


@pytest.mark.parametrize(("repo", "edit", "issue"), [
    ("https://github.com/o/r", "https://github.com/o/r/edit/main/reports/x.yaml",
     "https://github.com/o/r/issues/new?title=Correction%3A%20x&body="),
    ("https://gitlab.com/o/r/", "https://gitlab.com/o/r/-/edit/main/reports/x.yaml",
     "https://gitlab.com/o/r/-/issues/new?issue%5Btitle%5D=Correction%3A%20x&issue%5Bdescription%5D="),
    ("https://codeberg.org/o/r", "https://codeberg.org/o/r/_edit/main/reports/x.yaml",
     "https://codeberg.org/o/r/issues/new?title=Correction%3A%20x&body="),
    ("https://git.example.org/o/r", None, None),
])
def test_correction_links_per_forge(repo, edit, issue):
    corrections = Corrections(repo_url=repo)
    assert corrections.edit_link("reports/x.yaml", "x") == edit
    link = corrections.issue_link("x", "A title", "https://example.org/reports/x/")
    assert (link.startswith(issue) if issue else link is None)


def test_a_contact_alone_gives_a_mail_with_the_record_named():
    link = Corrections(contact="editors@example.org").contact_link("x", "https://e.org/reports/x/")
    assert link.startswith("mailto:editors@example.org?subject=Correction%3A%20x&body=")
    with pytest.raises(ValueError):
        Corrections(contact="not an address")
    with pytest.raises(ValueError):
        Corrections(repo_url="javascript:alert(1)")


# The Cite control (defect 6) ----------------------------------------------------------------


def test_every_record_has_a_cite_control_before_its_details(site):
    ids = [path.stem for path in (site.parent / "reports").glob("*.yaml")]
    assert len(ids) == 7
    for record_id in ids:
        article = record_page(site, record_id).select_one("article.dnm-record")
        control = article.select_one("a.dnm-cite-jump")
        assert control is not None and control["href"] == "#cite"
        assert article.select_one("#cite") is not None
        # It comes before the bibliographic details and the summary.
        order = [element.get("class", [""])[0] if element.name != "h2" else element.get("id")
                 for element in article.find_all(["p", "dl", "h2"])]
        assert order.index("dnm-record-actions") < order.index("dnm-bibliographic") < order.index("summary")
