"""The command line: exit codes, problem lines, JSON output, filters, the template and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dnm_catalogue.cli import main
from dnm_catalogue.model import FIELDS
from dnm_catalogue.schema import schema_text
from dnm_catalogue.validate import check_catalogue
from helpers import FIXTURES, write_record

ROOT = Path(__file__).parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_valid_folder_exits_0(capsys):
    code, out, _ = run(capsys, "validate", str(FIXTURES / "valid"))
    assert code == 0
    assert out.strip().endswith("files checked, no problems")


def test_validate_reports_every_problem_and_a_count(capsys):
    code, out, _ = run(capsys, "validate", str(FIXTURES / "invalid"))
    lines = out.strip().splitlines()
    assert code == 1
    assert re.fullmatch(r"\d+ problems in \d+ of \d+ files", lines[-1])
    assert any(re.search(r"country-uk\.yaml:19:17: countries\[1\]: 'UK' is not an ISO 3166-1 "
                         r"alpha-2 code; did you mean 'GB' \(United Kingdom\)\?", line) for line in lines)


def test_validate_json_format(capsys):
    code, out, _ = run(capsys, "validate", "--format", "json", str(FIXTURES / "invalid" / "country-uk.yaml"))
    report = json.loads(out)
    assert code == 1
    assert report["problem_count"] == 1
    (problem,) = report["problems"]
    assert problem["line"] == 19 and problem["column"] == 17 and problem["field"] == "countries[1]"
    assert problem["hint"] == "did you mean 'GB' (United Kingdom)?"
    assert set(problem) == {"file", "line", "column", "field", "message", "hint"}


@pytest.mark.parametrize("argv", [["validate", "no/such/folder"], ["list", "--country", "UK"],
                                  ["list", "--drug", "ecstasy"], ["list", "--from", "20x7"],
                                  ["frobnicate"], ["list", "--from", "2020", "--to", "2010"]])
def test_usage_errors_exit_2_without_traceback(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in out + err
    assert err.strip()


def test_usage_error_hints(capsys):
    assert "did you mean 'GB'" in run(capsys, "list", "--country", "UK")[2]
    assert "did you mean 'mdma'" in run(capsys, "list", "--drug", "ecstasy")[2]


def test_garbage_files_never_give_a_traceback(capsys, tmp_path):
    (tmp_path / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "huge.yaml").write_text("id: huge\nsummary: " + "word " * 60_000 + "\n")
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 1 and "Traceback" not in out + err
    assert out.strip().splitlines()[-1] == "3 problems in 3 of 3 files"


@pytest.fixture
def small_reports(tmp_path) -> Path:
    reports = tmp_path / "reports"
    write_record(reports, "heroin-us-2019", published="published: 2019", countries="countries: [US]",
                 regions="", drugs="drugs: [heroin]", doi="doi: 10.5555/h", type="type: report")
    write_record(reports, "cannabis-de-2016", published="published: 2016", countries="countries: [DE]",
                 regions="", drugs="drugs: [cannabis]", doi="doi: 10.5555/c", markets="markets: [agora]")
    write_record(reports, "eu-mdma-2021", published="published: 2021", countries="",
                 regions="regions: [european-union]", drugs="drugs: [mdma]", doi="doi: 10.5555/m")
    return reports


def listed(capsys, reports: Path, *filters: str) -> list[str]:
    code, out, _ = run(capsys, "list", "--reports", str(reports), *filters)
    assert code == 0
    return [line.split("\t")[0] for line in out.splitlines()]


def test_list_filters(capsys, small_reports):
    assert listed(capsys, small_reports) == ["eu-mdma-2021", "heroin-us-2019", "cannabis-de-2016"]
    assert listed(capsys, small_reports, "--drug", "opioids") == ["heroin-us-2019"]
    assert listed(capsys, small_reports, "--drug", "opioids,cannabis") == [
        "heroin-us-2019", "cannabis-de-2016"]
    assert listed(capsys, small_reports, "--drug", "opioids", "--country", "DE") == []
    assert listed(capsys, small_reports, "--region", "european-union") == ["eu-mdma-2021", "cannabis-de-2016"]
    assert listed(capsys, small_reports, "--region", "north-america") == ["heroin-us-2019"]
    assert listed(capsys, small_reports, "--country", "de") == ["cannabis-de-2016"]
    assert listed(capsys, small_reports, "--country", "DE", "--include-regional") == [
        "eu-mdma-2021", "cannabis-de-2016"]
    assert listed(capsys, small_reports, "--from", "2017", "--to", "2020") == ["heroin-us-2019"]
    assert listed(capsys, small_reports, "--type", "report") == ["heroin-us-2019"]
    assert listed(capsys, small_reports, "--market", "agora") == ["cannabis-de-2016"]
    assert listed(capsys, small_reports, "--method", "survey", "--country", "US") == ["heroin-us-2019"]


def test_list_text_columns_and_json(capsys, small_reports):
    _, out, _ = run(capsys, "list", "--reports", str(small_reports), "--drug", "heroin")
    assert out.splitlines() == ["heroin-us-2019\t2019\tDoe\tA test study of cryptomarket listings"]
    _, out, _ = run(capsys, "list", "--reports", str(small_reports), "--drug", "heroin", "--format", "json")
    (record,) = json.loads(out)
    assert record["id"] == "heroin-us-2019" and record["drugs"] == ["heroin"]
    assert record["authors"][1] == {"organisation": "European Monitoring Centre for Drugs and Drug Addiction",
                                    "abbreviation": "EMCDDA"}
    assert record["findings"][1] == {"text": "Most sellers shipped within one country.", "page": "12-14"}


def test_new_writes_a_template_that_validates_once_filled(capsys, tmp_path):
    code, _, _ = run(capsys, "new", "smith-2024-new-study", "--reports", str(tmp_path))
    path = tmp_path / "smith-2024-new-study.yaml"
    assert code == 0 and path.exists()
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    problems = check_catalogue([path]).problems
    assert [p.field for p in problems] == ["summary"]  # only the placeholder summary is too short
    assert run(capsys, "new", "smith-2024-new-study", "--reports", str(tmp_path))[0] == 2
    assert run(capsys, "new", "Bad Id", "--reports", str(tmp_path))[0] == 2


def test_committed_schema_is_current():
    """schema/record.schema.json is generated from the model: regenerate it with
    `dnm-catalogue schema --output schema/record.schema.json`."""
    assert (ROOT / "schema" / "record.schema.json").read_text("utf-8") == schema_text()


def test_schema_accepts_a_real_record_and_names_every_field():
    schema = json.loads(schema_text())
    assert set(schema["properties"]) == {spec.name for spec in FIELDS}
    assert schema["additionalProperties"] is False
    assert "silk-road" in schema["properties"]["markets"]["anyOf"][1]["enum"]


def test_readme_documents_every_field_and_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    for spec in FIELDS:
        assert f"| `{spec.name}` |" in readme, spec.name
    for command in ("validate", "list", "new", "schema", "cite", "export", "render", "build", "serve"):
        assert f"dnm-catalogue {command}" in readme, command
    assert "# yaml-language-server: $schema=" in readme
