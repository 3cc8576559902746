"""The validator over the fixture corpus: every invalid case names the message and line it must give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dnm_catalogue.records.catalogue import check_catalogue
from helpers import FIXTURES, write_record

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml")) + sorted((FIXTURES / "hostile").glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    """The '# expect: LINE:COL: field: message' lines at the top of an invalid case."""
    head = path.read_bytes().split(b"\n")
    found = [line.decode("utf-8")[len("# expect: "):] for line in head
             if line.startswith(b"# expect: ")]
    assert found, f"{path.name} names no expected problem"
    return found


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_valid_case(path):
    catalogue = check_catalogue([path])
    assert catalogue.problems == []
    assert [record.id for record in catalogue.records] == [path.stem]


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_invalid_case(path):
    catalogue = check_catalogue([path])
    assert catalogue.records == []
    shown = [str(problem).split(":", 1)[1] for problem in catalogue.problems]
    for expected in expectations(path):
        assert any(line.startswith(expected) for line in shown), (
            f"expected {expected!r}, got {shown!r}")


def test_every_problem_in_every_file_is_collected(tmp_path):
    write_record(tmp_path, "first", countries="countries: [UK, EL]", drugs="drugs: [speed]")
    write_record(tmp_path, "second", language="language: English")
    catalogue = check_catalogue([tmp_path])
    fields = sorted((Path(p.file).stem, p.field) for p in catalogue.problems)
    assert fields == [("first", "countries[0]"), ("first", "countries[1]"),
                      ("first", "drugs[0]"), ("second", "language")]


def test_ids_unique_across_folders(tmp_path):
    write_record(tmp_path / "a", "same-id", doi="doi: 10.5555/a")
    write_record(tmp_path / "b", "same-id", doi="doi: 10.5555/b")
    problems = check_catalogue([tmp_path / "a", tmp_path / "b"]).problems
    assert [p.message for p in problems] == [f"'same-id' is also the id of {tmp_path / 'a' / 'same-id.yaml'}"]


def test_doi_only_once(tmp_path):
    write_record(tmp_path, "one", doi="doi: 10.5555/SAME")
    write_record(tmp_path, "two", doi="doi: https://doi.org/10.5555/same")
    problems = check_catalogue([tmp_path]).problems
    assert len(problems) == 1 and problems[0].field == "doi"
    assert "also given in" in problems[0].message


def test_related_ids_resolve(tmp_path):
    write_record(tmp_path, "one", keywords="keywords: [a]\nrelated: [two, tow]")
    write_record(tmp_path, "two", doi="doi: 10.5555/two")
    problems = check_catalogue([tmp_path]).problems
    assert [(p.field, p.message, p.hint) for p in problems] == [
        ("related[1]", "no record has the id 'tow'", "did you mean 'two'?")]


def test_previous_ids_cannot_take_a_current_id(tmp_path):
    write_record(tmp_path, "one", keywords="keywords: [a]\nprevious_ids: [two]")
    write_record(tmp_path, "two", doi="doi: 10.5555/two")
    problems = check_catalogue([tmp_path]).problems
    assert [p.field for p in problems] == ["previous_ids[0]"]


def test_doi_is_normalised(tmp_path):
    write_record(tmp_path, "one", doi="doi: https://doi.org/10.2810/783427")
    assert check_catalogue([tmp_path]).records[0].doi == "10.2810/783427"


def test_problem_lines_are_compiler_style(tmp_path):
    write_record(tmp_path, "one", countries="countries: [DE, UK]")
    (problem,) = check_catalogue([tmp_path]).problems
    assert re.fullmatch(r".+one\.yaml:\d+:\d+: countries\[1\]: 'UK' is not an ISO 3166-1 alpha-2 code; "
                        r"did you mean 'GB' \(United Kingdom\)\?", str(problem))


def test_real_reports_are_valid():
    """CI is the catalogue's linter: every record in reports/ passes."""
    reports = Path(__file__).parent.parent / "reports"
    catalogue = check_catalogue([reports])
    assert [str(problem) for problem in catalogue.problems] == []
    assert any(record.id == "emcdda-europol-2017-drugs-and-the-darknet" for record in catalogue.records)


def test_memo_reuses_unchanged_files_and_rechecks_changed_ones(tmp_path, monkeypatch):
    """`serve` keeps a FileMemo: an unchanged file is not read again, an edited one always is
    (even at the same size and within the same second), and problems stay reported."""
    import dnm_catalogue.records.catalogue as catalogue_module
    from dnm_catalogue.records.catalogue import FileMemo

    good = write_record(tmp_path, "good")
    bad = write_record(tmp_path, "bad", language="language: English")
    memo = FileMemo()
    first = check_catalogue([tmp_path], memo=memo)
    assert [p.field for p in first.problems] == ["language"] and len(first.records) == 1

    checked: list[str] = []
    real_check = catalogue_module._check_file
    monkeypatch.setattr(catalogue_module, "_check_file",
                        lambda path, *args: checked.append(path.stem) or real_check(path, *args))
    again = check_catalogue([tmp_path], memo=memo)
    assert checked == [] and again.problems == first.problems
    assert [r.id for r in again.records] == ["good"]

    bad.write_text(bad.read_text("utf-8").replace("language: English", "language: en     "),
                   encoding="utf-8")  # the same size: only the times and content differ
    fixed = check_catalogue([tmp_path], memo=memo)
    assert checked == ["bad"] and fixed.problems == []
    assert sorted(r.id for r in fixed.records) == ["bad", "good"]

    good.unlink()
    assert [r.id for r in check_catalogue([tmp_path], memo=memo).records] == ["bad"]
    assert list(memo.entries) == [str(bad)]


def test_memo_rechecks_every_file_on_another_day(tmp_path):
    from datetime import date

    from dnm_catalogue.records.catalogue import FileMemo

    write_record(tmp_path, "later", reviewed="reviewed: 2026-12-05")
    memo = FileMemo()
    assert [p.field for p in check_catalogue([tmp_path], date(2026, 12, 4), memo=memo).problems] \
        == ["reviewed"]
    assert check_catalogue([tmp_path], date(2026, 12, 5), memo=memo).problems == []
