"""The command line: exit codes, problem lines, JSON output, filters, the template and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dnm_catalogue.cli import main
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import FIELDS
from dnm_catalogue.records.schema import schema_text
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


# Hostile input and output --------------------------------------------------------------------

HOSTILE = FIXTURES / "hostile"


def test_problem_lines_cannot_be_forged_or_drive_the_terminal(capsys):
    code, out, _ = run(capsys, "validate", str(HOSTILE / "forged-problem-line.yaml"),
                       str(HOSTILE / "ansi-escape-key.yaml"))
    lines = out.strip().splitlines()
    assert code == 1
    assert len(lines) == 3  # two problems and the count
    assert not any(line.startswith("reports/evil.yaml") for line in lines)
    assert "\x1b" not in out and "\\x1b[31mred" in out


def test_nul_byte_position_in_text_and_json(capsys):
    code, out, _ = run(capsys, "validate", str(HOSTILE / "nul-byte.yaml"))
    assert code == 1 and re.search(r"nul-byte\.yaml:4:21: U\+0000 NULL is not allowed", out)
    assert len(out.strip().splitlines()) == 2
    code, out, _ = run(capsys, "validate", "--format", "json", str(HOSTILE / "nul-byte.yaml"))
    (problem,) = json.loads(out)["problems"]
    assert (problem["line"], problem["column"]) == (4, 21) and "\n" not in problem["message"]


def test_links_and_special_files_in_the_records_folder_are_refused(tmp_path, capsys):
    import os

    reports = tmp_path / "reports"
    write_record(reports, "kept-record")
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\ntitle: the secret value\n", "utf-8")
    (reports / "outside-link.yaml").symlink_to(outside)
    (reports / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(reports / "pipe.yaml")
    (reports / "folder.yaml").mkdir()
    (reports / "inner-link.yaml").symlink_to(reports / "kept-record.yaml")
    code, out, _ = run(capsys, "validate", str(reports))
    assert code == 1
    assert "the secret value" not in out
    assert re.search(r"outside-link\.yaml:1:1: is a symbolic link to .*secret\.yaml, outside the records "
                     r"folder", out)
    assert re.search(r"zero\.yaml:1:1: is a symbolic link to /dev/zero, outside the records folder", out)
    assert "pipe.yaml:1:1: is not a regular file (it is a named pipe)" in out
    assert "folder.yaml:1:1: is not a regular file (it is a folder)" in out
    # A link inside the folder is read like the file (here it repeats an id, so it is reported).
    assert "inner-link.yaml:1:5: id: 'kept-record' does not match the file name" in out


def test_new_never_writes_through_a_link(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "smith-2024-study.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    code, _, err = run(capsys, "new", "smith-2024-study", "--reports", str(reports))
    assert code == 2 and "is a symbolic link" in err
    assert not (tmp_path / "elsewhere.yaml").exists()


@pytest.mark.parametrize("argv", [
    ["export", "--format", "csv", "--output", "/dev/full"],
    ["export", "--format", "ris", "--output", "{tmp}/no/such/folder/x.ris"],
    ["export", "--format", "ris", "--output", "{tmp}"],
    ["export", "--format", "ris", "--output", "{tmp}/existing.ris"],
    ["schema", "--output", "{tmp}/existing.ris"],
])
def test_output_paths_that_cannot_be_written_give_one_line_and_touch_nothing(tmp_path, capsys, argv):
    (tmp_path / "existing.ris").write_text("my own file\n", "utf-8")
    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert (tmp_path / "existing.ris").read_text("utf-8") == "my own file\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["existing.ris"]


def test_schema_output_replaces_only_a_schema_it_wrote(tmp_path, capsys):
    target = tmp_path / "record.schema.json"
    assert run(capsys, "schema", "--output", str(target))[0] == 0
    assert run(capsys, "schema", "--output", str(target))[0] == 0
    assert target.read_text("utf-8") == schema_text()


@pytest.mark.parametrize("command", [["list"], ["schema"], ["validate"], ["export", "--format", "csv"],
                                     ["cite", "emcdda-europol-2017-drugs-and-the-darknet"]])
def test_full_disk_and_closed_pipe_give_one_line_not_a_traceback(command):
    import subprocess
    import sys

    full = subprocess.run(f"{sys.executable} -m dnm_catalogue.cli {' '.join(command)} > /dev/full",
                          shell=True, capture_output=True, text=True, cwd=ROOT)
    assert full.returncode == 1, full.stderr
    assert "No space left on device" in full.stderr and "Traceback" not in full.stderr
    piped = subprocess.run(f"{sys.executable} -m dnm_catalogue.cli {' '.join(command)} | head -c 1",
                           shell=True, capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in piped.stderr and "Exception ignored" not in piped.stderr


def test_validating_one_file_knows_the_records_beside_it(tmp_path, capsys):
    """Checking a single record: a `related` id of a record in the same folder is not missing,
    one that no file in the folder has still is."""
    reports = tmp_path / "reports"
    write_record(reports, "other-2019-record")
    one = write_record(reports, "one-2020-record",
                       keywords="keywords: [x]\nrelated: [other-2019-record]")
    assert main(["validate", str(one)]) == 0
    assert capsys.readouterr().out.strip() == "1 file checked, no problems"
    two = write_record(reports, "two-2020-record",
                       keywords="keywords: [x]\nrelated: [absent-2019-record]")
    assert main(["validate", str(two)]) == 1
    assert "related[0]: no record has the id 'absent-2019-record'" in capsys.readouterr().out
