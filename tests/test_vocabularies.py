"""The vocabularies: the slugs the format promises exist, and every entry is well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dnm_catalogue.records import vocabularies as vocab

ENDINGS = {"law-enforcement", "exit-scam", "voluntary", "hack", "unknown", "active"}


@pytest.mark.parametrize(("name", "slugs"), [
    ("regions", ["global", "european-union", "europe", "north-america", "oceania"]),
    ("drugs", ["drugs-general", "cannabis", "stimulants", "cocaine", "amphetamines", "methamphetamine",
               "mdma", "opioids", "heroin", "fentanyl", "prescription-opioids", "nps", "hallucinogens",
               "lsd", "ketamine", "benzodiazepines", "prescription-medicines"]),
    ("markets", ["silk-road", "silk-road-2", "agora", "evolution", "alphabay", "hansa", "dream-market",
                 "wall-street-market", "hydra"]),
    ("methods", ["literature-review", "market-data-analysis", "survey", "interviews",
                 "law-enforcement-data", "blockchain-analysis", "drug-testing"]),
    ("types", ["report", "journal-article", "book", "book-chapter", "conference-paper", "working-paper",
               "thesis", "dataset", "policy-brief", "web-article"]),
])
def test_contract_slugs_exist(name, slugs):
    terms = vocab.vocabulary(name)
    assert [slug for slug in slugs if slug not in terms] == []


def test_drug_hierarchy():
    drugs = vocab.vocabulary("drugs")
    assert drugs.descendants("stimulants") >= {"cocaine", "amphetamines", "methamphetamine", "mdma"}
    assert drugs.descendants("opioids") >= {"heroin", "fentanyl", "prescription-opioids"}
    assert "lsd" in drugs.descendants("hallucinogens")
    assert drugs.suggest("ecstasy") == "mdma" and drugs.suggest("speed") == "amphetamines"


@pytest.mark.parametrize("name", ["regions", "drugs", "markets", "methods", "types"])
def test_entries_have_labels_and_valid_parents(name):
    terms = vocab.vocabulary(name)
    for term in terms:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", term.slug), term.slug
        assert (term.label and term.label != term.slug) or name == "types", term.slug
        assert term.parent is None or term.parent in terms, term.slug


def test_region_members_are_iso_codes():
    for term in vocab.vocabulary("regions"):
        for code in term.extra.get("members") or []:
            assert vocab.is_country(code), (term.slug, code)
        assert term.source and term.source.startswith("https://"), term.slug
    assert "DE" in vocab.region_members("europe")  # via the EU, a region inside Europe
    assert vocab.regions_containing("NO") >= {"europe", "nordic-countries", "global"}


def test_markets_have_years_endings_and_sources():
    current_year = 2026
    for term in vocab.vocabulary("markets"):
        active = term.extra["active"]
        start = int(active["from"])
        end = int(active["to"]) if active.get("to") else None
        assert 2008 <= start <= current_year, term.slug
        assert end is None or start <= end <= current_year, term.slug
        assert term.extra["ended"] in ENDINGS, term.slug
        assert (end is None) == (term.extra["ended"] == "active"), term.slug
        assert not term.extra.get("last_seen") or term.extra["ended"] == "unknown", term.slug
        for flag in ("first_seen", "last_seen"):
            assert term.extra.get(flag) in (None, "true"), (term.slug, flag)
        assert term.extra.get("ending"), term.slug
        assert re.match(r"https?://", term.source or ""), term.slug
        assert ".onion" not in str(term.extra) + str(term.source), term.slug


def test_country_hints():
    assert vocab.suggest_country("UK") == "GB"
    assert vocab.suggest_country("EL") == "GR"
    assert vocab.suggest_country("Germany") == "DE"
    assert vocab.suggest_country("DEU") == "DE"
    assert vocab.country_name("TW") == "Taiwan"  # common_name preferred over the official name


def test_reload_reads_the_files_again():
    """`serve` rebuilds in one process; reload() makes an edited vocabulary file count."""
    first = vocab.vocabulary("drugs")
    assert vocab.vocabulary("drugs") is first
    vocab.reload()
    again = vocab.vocabulary("drugs")
    assert again is not first and again.terms.keys() == first.terms.keys()
    assert re.fullmatch(r"[0-9a-f]{64}", vocab.fingerprint())


def test_market_years_say_what_is_confirmed():
    markets = vocab.vocabulary("markets")
    assert vocab.market_years(markets["alphabay"]) == "2014–2017"
    assert vocab.market_years(markets["tor-market"]) == "2018–"
    assert vocab.market_years(markets["tor-market"], long=True) == "2018 – still active when last checked"
    assert vocab.market_years(markets["apollon"]) == "by 2019–2020"
    assert vocab.market_years(markets["tochka"]) == "2015–2019 (last seen)"
    assert vocab.market_years(markets["mega"], long=True) == (
        "by 2022–2024 (last seen trading; closing not confirmed)")
    assert vocab.market_years_approximate(markets["tochka"])
    assert not vocab.market_years_approximate(markets["alphabay"])


def test_every_market_named_in_a_record_keyword_has_an_entry():
    """Market names written in keywords resolve to the vocabulary, and the record lists the slug."""
    from dnm_catalogue.records.catalogue import check_catalogue

    markets = vocab.vocabulary("markets")
    names = {term.label.lower(): term.slug for term in markets}
    names.update({alias.lower(): term.slug for term in markets for alias in term.synonyms})
    catalogue = check_catalogue([Path(__file__).parent.parent / "reports"])
    # Named as context, not studied: Espinosa models the effect of AlphaBay's closure on Hansa's
    # data.
    context_only = {("espinosa-2019-scamming-and-the-reputation-of-drug-dealers", "alphabay")}
    # "cryptomarket" is also the field's word for any such market (Martin 2014 coined it), so the
    # market of that name is matched only where a record names it as a market.
    concept_words = {"cryptomarket"}
    missing = []
    for record in catalogue.records:
        for keyword in record.keywords:
            if keyword.lower() in concept_words:
                continue
            slug = names.get(keyword.lower())
            if slug and slug not in record.markets and (record.id, slug) not in context_only:
                missing.append((record.id, keyword, slug))
    assert missing == []


# A vocabulary file with a mistake --------------------------------------------------------------


@pytest.fixture()
def broken_drugs(tmp_path, monkeypatch):
    """A copy of the vocabularies in which drugs.yaml gives `cannabis` twice, read in place of
    the packaged files."""
    import shutil

    folder = tmp_path / "vocabularies"
    shutil.copytree(Path(str(vocab.folder())), folder)
    drugs = folder / "drugs.yaml"
    line = len(drugs.read_text("utf-8").splitlines()) + 1
    with drugs.open("a", encoding="utf-8") as out:
        out.write("cannabis:\n  label: Cannabis again\n")
    monkeypatch.setattr(vocab, "folder", lambda: folder)
    vocab.reload()
    yield drugs, line
    monkeypatch.undo()
    vocab.reload()


def test_a_broken_vocabulary_is_reported_at_its_line_not_as_a_traceback(broken_drugs, capsys):
    from dnm_catalogue.cli import main

    drugs, line = broken_drugs
    reports = Path(__file__).parent / "fixtures" / "records" / "valid"
    for argv in (["validate", str(reports)], ["list", "--reports", str(reports), "--drug", "cannabis"]):
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert re.search(rf"{re.escape(str(drugs))}:{line}:1: cannabis: duplicate key 'cannabis' "
                         r"\(first given on line \d+\)", captured.err), captured.err
        assert f"dnm-catalogue {argv[0]}: error: a vocabulary file has a mistake" in captured.err


def test_a_broken_vocabulary_stops_mkdocs_build_before_any_page(broken_drugs, tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from sitebuild import site_config

    drugs, line = broken_drugs
    reports = Path(__file__).parent / "fixtures" / "records" / "valid"
    site = tmp_path / "site"
    config = load_config(str(site_config(tmp_path, reports, site_dir=site)))
    with pytest.raises(Abort):
        build(config)
    messages = [record.getMessage() for record in caplog.records]
    assert any(f"{drugs}:{line}:1: cannabis: duplicate key" in m for m in messages), messages
    assert not site.exists()
