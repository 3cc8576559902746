"""`dnm-catalogue build` updates the previous site in place of a full build, with the same result."""

from __future__ import annotations

from pathlib import Path

import pytest

from dnm_catalogue.site.build import BUILD_STAMP, BuildFailed, build_site
from helpers import write_record
from search_reader import read_index, records_matching
from sitebuild import ROOT, site_config, write_small_catalogue


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in site.rglob("*") if path.is_file() and path.name != BUILD_STAMP}


def clean_build_of(reports: Path, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    build_site(reports, folder / "site", site_config(folder, reports))
    return files_of(folder / "site")


@pytest.fixture
def catalogue(tmp_path) -> tuple[Path, Path, Path]:
    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    config = site_config(tmp_path, reports)
    summary = build_site(reports, tmp_path / "site", config)
    assert not summary.incremental
    return reports, tmp_path / "site", config


def test_unchanged_rebuild_builds_no_page_and_changes_nothing(catalogue):
    reports, site, config = catalogue
    before = files_of(site)
    summary = build_site(reports, site, config)
    assert summary.incremental
    assert summary.pages_built == 0
    assert files_of(site) == before


def test_edited_added_and_removed_records_give_the_clean_build(catalogue, tmp_path):
    reports, site, config = catalogue
    write_record(reports, "beta-2019-heroin-usa", published="published: 2019",
                 countries="countries: [US, CA]", regions="", drugs="drugs: [heroin]",
                 markets="markets: [hansa]", doi="doi: 10.5555/beta", type="type: report",
                 title='title: "An edited title of the heroin study"',
                 keywords="keywords: [opioids]\nrelated: [alpha-2016-cannabis-germany]")
    (reports / "delta-2018-book.yaml").unlink()
    write_record(reports, "epsilon-2024-new-study", published="published: 2024",
                 countries="countries: [FI]", regions="", drugs="drugs: [cannabis]",
                 markets="markets: [sipulimarket]", doi="doi: 10.5555/epsilon")
    summary = build_site(reports, site, config)
    assert summary.incremental
    assert 0 < summary.pages_built < len(list(site.rglob("index.html")))
    assert summary.removed >= 4  # the book's page, its three downloads (and emptied folders)
    assert not (site / "reports" / "delta-2018-book").exists()
    assert not (site / "countries" / "nl").exists()  # only the book studied the Netherlands
    assert "An edited title" in (site / "reports/beta-2019-heroin-usa/index.html").read_text("utf-8")
    assert files_of(site) == clean_build_of(reports, tmp_path / "clean")


def test_changed_configuration_or_template_rebuilds_everything(catalogue, tmp_path):
    reports, site, config = catalogue
    config.write_text(config.read_text("utf-8").replace("site_name: DNM Catalogue",
                                                        "site_name: DNM Catalogue (test)"), "utf-8")
    summary = build_site(reports, site, config)
    assert not summary.incremental
    assert "DNM Catalogue (test)" in (site / "reports/beta-2019-heroin-usa/index.html").read_text("utf-8")
    assert build_site(reports, site, config).incremental


def test_plain_mkdocs_build_into_the_site_makes_the_next_build_clean(catalogue):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    reports, site, config = catalogue
    build(load_config(str(config), site_dir=str(site)))
    assert not (site / BUILD_STAMP).exists()
    assert not build_site(reports, site, config).incremental


def test_clean_option_and_a_touched_site_rebuild_everything(catalogue):
    reports, site, config = catalogue
    assert not build_site(reports, site, config, clean=True).incremental
    (site / BUILD_STAMP).write_text("somebody else's site\n", "utf-8")
    assert not build_site(reports, site, config).incremental


def test_failed_incremental_build_leaves_the_previous_site(catalogue, tmp_path):
    reports, site, config = catalogue
    before = files_of(site)
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (ROOT / "templates").iterdir():
        (templates / path.name).write_text(path.read_text("utf-8"), "utf-8")
    config = site_config(tmp_path, reports)
    text = config.read_text("utf-8").replace(str(ROOT / "templates"), str(templates))
    config.write_text(text, "utf-8")
    (templates / "record.html").write_text("{{ no_such_variable }}", "utf-8")
    with pytest.raises(BuildFailed, match="a page template is broken: UndefinedError: 'no_such_variable'"):
        build_site(reports, site, config)
    assert files_of(site) == before
    assert not list(tmp_path.glob(".site-build-*"))


def test_search_index_follows_an_edited_record(catalogue):
    reports, site, config = catalogue
    write_record(reports, "gamma-2021-eu-mdma", published="published: 2021-06-01",
                 countries="", regions="regions: [european-union]", drugs="drugs: [mdma]",
                 markets="markets: [alphabay]", doi="doi: 10.5555/gamma",
                 title='title: "A renamed study of MDMA"',
                 keywords="keywords: [europe]\nprevious_ids: [gamma-2020-old-id]")
    assert build_site(reports, site, config).incremental
    index = read_index(lambda path: (site / path).read_text("utf-8"))
    titles = {entry[0]: entry[1] for entry in index["entries"]}
    assert titles["reports/gamma-2021-eu-mdma/"] == "A renamed study of MDMA"
    assert titles["reports/beta-2019-heroin-usa/"] == "A test study of cryptomarket listings"
    assert records_matching(index, "renamed", "title") == {"reports/gamma-2021-eu-mdma/"}
    # Shards of the old index are gone: every file in search/ is one the manifest names.
    named = {f"search/{name}.js" for name in [*(shard[1] for shard in index["manifest"]["shards"]),
                                               *index["manifest"]["docs"], "index"]}
    assert {path.relative_to(site).as_posix() for path in (site / "search").rglob("*.js")} == named


def test_incremental_build_never_writes_into_the_published_files(catalogue, tmp_path):
    """The new site starts as hard links to the published one; every file MkDocs writes must be
    a new file, or the published site would change under its readers (and stay changed if
    the build failed)."""
    import os

    reports, site, config = catalogue
    snapshot = tmp_path / "snapshot"
    before = {}
    for path in site.rglob("*"):
        if path.is_file():
            copy = snapshot / path.relative_to(site)
            copy.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, copy)  # the same file as the published one, under another name
            before[copy] = path.read_bytes()
    write_record(reports, "beta-2019-heroin-usa", published="published: 2019",
                 countries="countries: [US]", regions="", drugs="drugs: [heroin]",
                 markets="markets: [hansa]", doi="doi: 10.5555/beta", type="type: report",
                 title='title: "Another edited title"',
                 keywords="keywords: [opioids]\nrelated: [alpha-2016-cannabis-germany]")
    summary = build_site(reports, site, config)
    assert summary.incremental and summary.pages_built > 0
    assert {copy: copy.read_bytes() for copy in before} == before
    page = site / "reports/beta-2019-heroin-usa/index.html"
    assert "Another edited title" in page.read_text("utf-8")
    unchanged = site / "reports/alpha-2016-cannabis-germany/alpha-2016-cannabis-germany.bib"
    assert unchanged.stat().st_nlink >= 2  # still shared with the snapshot: not copied


def test_page_keys_do_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    from dnm_catalogue.records.catalogue import check_catalogue
    from dnm_catalogue.site.generator import PageGenerator, SiteOptions

    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    absolute = check_catalogue([reports]).records
    monkeypatch.chdir(tmp_path)
    relative = check_catalogue([Path("reports")]).records
    assert absolute[0].source_path != relative[0].source_path
    keys = [PageGenerator(records, ROOT / "templates", SiteOptions()).record_keys
            for records in (absolute, relative)]
    assert keys[0] == keys[1]


def test_render_output_has_no_plugin_markers(tmp_path):
    from dnm_catalogue.site.build import render_markdown_tree

    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    render_markdown_tree(reports, ROOT / "templates", tmp_path / "out")
    page = (tmp_path / "out" / "reports" / "beta-2019-heroin-usa.md").read_text("utf-8")
    assert "dnm:defer" not in page
    assert '<aside class="dnm-cite-panel" data-search-exclude>' in page


def test_a_second_build_waits_for_the_first(catalogue):
    import fcntl
    import threading
    import time

    reports, site, config = catalogue
    finished = []
    with open(config.parent / ".cache" / "dnm-catalogue" / "build.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as if another build were running
        worker = threading.Thread(target=lambda: finished.append(build_site(reports, site, config)))
        worker.start()
        time.sleep(1.0)
        assert not finished  # still waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
    worker.join(timeout=60)
    assert finished and finished[0].incremental
