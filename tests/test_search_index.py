"""The site search index (search_index.py): folding, fields, shards and result entries."""

from __future__ import annotations

import pytest

from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.site.generator import PageGenerator, SiteOptions
from dnm_catalogue.site.search_index import SHARD_LIMIT, fold, words
from helpers import write_record
from search_reader import index_data, read_index, records_matching, shard_for
from sitebuild import ROOT, write_small_catalogue


def generated_index(reports, **options) -> dict:
    records = check_catalogue([reports]).records
    generator = PageGenerator(records, ROOT / "templates", SiteOptions(**options))
    files = {output.path: output.content for output in generator._generate_search()}
    return read_index(lambda path: files[path])


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> dict:
    reports = tmp_path_factory.mktemp("search-index") / "reports"
    write_small_catalogue(reports)
    write_record(reports, "accented-2019-kriminalitat", published="published: 2019", language="language: de",
                 title='title: "Organisierte Kriminalität im Darknet"\ntitle_english: "Organised crime"',
                 authors=("authors:\n  - family: Décary-Hétu\n    given: David\n"
                          "  - family: Stöver\n    given: Heino"),
                 doi="doi: 10.5555/kriminalitat", countries="countries: [DE]", regions="")
    return generated_index(reports)


def test_folding_drops_accents_case_and_compatibility_forms():
    assert fold("Décary-Hétu") == "decary-hetu"
    assert words("Décary-Hétu, Kriminalität; ﬁnal O'Brien 2017") == [
        "decary", "hetu", "kriminalitat", "final", "o", "brien", "2017"]


def test_words_are_indexed_by_field(small_index):
    fields = small_index["manifest"]["fields"]
    url = "reports/accented-2019-kriminalitat/"
    assert records_matching(small_index, "decary", "author") == {url}
    assert records_matching(small_index, "kriminalitat", "title") == {url}
    assert records_matching(small_index, "kriminalitat", "author") == set()
    assert records_matching(small_index, "2019", "year") == {url, "reports/beta-2019-heroin-usa/"}
    germany = records_matching(small_index, "germany", "country")
    assert germany >= {url, "reports/alpha-2016-cannabis-germany/"}
    # A parent drug finds its children's studies (as `list --drug opioids` does).
    assert "reports/beta-2019-heroin-usa/" in records_matching(small_index, "opioids", "drug")
    # Synonyms of vocabulary terms are words of their field.
    assert "reports/alpha-2016-cannabis-germany/" in records_matching(small_index, "marijuana", "drug")
    assert set(fields) == {"text", "title", "author", "keyword", "drug", "country", "market", "region",
                           "method", "type", "year"}


def test_entries_show_authors_year_and_type_records_first(small_index):
    manifest, entries = small_index["manifest"], small_index["entries"]
    records = entries[: manifest["records"]]
    assert len(records) == 6 and all(entry[0].startswith("reports/") for entry in records)
    accented = next(entry for entry in records if entry[0] == "reports/accented-2019-kriminalitat/")
    assert accented[1:5] == ["Organisierte Kriminalität im Darknet", ["Décary-Hétu", "Stöver"], 2019,
                             "Journal article"]
    assert accented[5].startswith("This fixture describes an invented study")
    others = {entry[0]: entry for entry in entries[manifest["records"]:]}
    assert others["years/2019/"][1:5] == ["2019", None, None, "Year"]
    assert others["countries/de/"][4] == "Country" and "" in others


def test_every_word_is_found_in_the_shard_search_js_loads(small_index):
    manifest = small_index["manifest"]
    for word in small_index["words"]:
        name = shard_for(manifest, word)
        assert name is not None, word


def test_large_indexes_are_split_into_small_shards(tmp_path):
    reports = tmp_path / "reports"
    for number in range(120):
        write_record(reports, f"record-{number:03d}", doi=f"doi: 10.5555/r{number}",
                     title=f'title: "Study number {number} of word{number * 7919 % 1000:03d} markets"')
    index = generated_index(reports)
    manifest = index["manifest"]
    assert len(manifest["shards"]) > 3
    files = {}
    records = check_catalogue([reports]).records
    for output in PageGenerator(records, ROOT / "templates", SiteOptions())._generate_search():
        files[output.path] = output.content
    for key, name, _ in manifest["shards"]:
        text = files[f"search/{name}.js"]
        assert len(text) <= SHARD_LIMIT + 2_000 or len(index_data(files.__getitem__, name)) == 1, key
    for word in index["words"]:
        assert shard_for(manifest, word) is not None


def test_index_files_are_content_addressed_and_deterministic(tmp_path):
    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    records = check_catalogue([reports]).records

    def files():
        return {output.path: output.content for output in
                PageGenerator(records, ROOT / "templates", SiteOptions())._generate_search()}

    first = files()
    assert first == files()
    assert "search/index.js" in first
    import hashlib

    for path, text in first.items():
        if path != "search/index.js":
            name = path.removeprefix("search/").removesuffix(".js")
            body = text[len(f'__dnmSearch("{name}",'):-3]
            assert name.endswith(hashlib.sha256(body.encode()).hexdigest()[:12])


def test_offline_copies_link_to_html_files(tmp_path):
    reports = tmp_path / "reports"
    write_small_catalogue(reports)
    index = generated_index(reports, directory_urls=False)
    urls = [entry[0] for entry in index["entries"]]
    assert "reports/beta-2019-heroin-usa.html" in urls
    assert "index.html" in urls and "countries/index.html" in urls and "countries/de.html" in urls
