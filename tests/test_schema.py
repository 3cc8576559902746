"""The JSON Schema offered to editors, read by a real schema client (check-jsonschema): it accepts
every record the validator accepts and refuses every invalid case it can express."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dnm_catalogue.records.schema import schema_text
from helpers import FIXTURES

ROOT = Path(__file__).parent.parent
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"

# Invalid cases the schema cannot refuse, each with the reason; the README lists these rules as
# the ones only `dnm-catalogue validate` checks. The test fails if one of them starts to be
# refused (keep this list exact) or if any other invalid case is accepted.
VALIDATOR_ONLY = {
    "bad-isbn": "ISBN check digit",
    "bad-orcid": "ORCID check digit",
    "future-date": "a date in the future (the schema does not know today)",
    "given-name-particle": "a given name ending in a family name's particle ('Daan van der')",
    "id-not-file-name": "the id equals the file name",
    "impossible-date": "a day the month does not have",
    "period-backwards": "period start after its end",
    "raw-html-summary": "raw HTML in Markdown (code spans may show it, so only the parser can tell)",
    "related-missing": "cross-record: related ids exist",
    "self-related": "a record related to itself",
    "c1-next-line": "a raw U+0085 in the file, which YAML reads as a line break",
    "summary-of-empty-links": "words counted in the text, not in Markdown marks",
    "summary-of-stars": "words counted in the text, not in Markdown marks",
}
# YAML the catalogue refuses before any schema applies and a standard YAML reader cannot load:
# check-jsonschema runs out of memory expanding the billion laughs and out of stack on 985
# nested mappings, so these are not given to the client.
NOT_FOR_A_SCHEMA_CLIENT = {"billion-laughs", "deep-flow-mapping"}


def check(paths: list[Path], tmp_path: Path) -> dict:
    schema = tmp_path / "record.schema.json"
    schema.write_text(schema_text(), encoding="utf-8")
    result = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(schema), "-o", "json",
                             *map(str, paths)], capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout)


def test_schema_accepts_every_record_of_the_catalogue_and_every_valid_case(tmp_path):
    paths = sorted((ROOT / "reports").glob("*.yaml")) + sorted((FIXTURES / "valid").glob("*.yaml"))
    report = check(paths, tmp_path)
    assert report["errors"] == [] and report.get("parse_errors", []) == [], report
    assert report["status"] == "ok"


def test_schema_refuses_every_invalid_case_it_can_express(tmp_path):
    paths = [path for folder in ("invalid", "hostile") for path in sorted((FIXTURES / folder).glob("*.yaml"))
             if path.stem not in NOT_FOR_A_SCHEMA_CLIENT]
    report = check(paths, tmp_path)
    refused = {Path(item["filename"]).stem for item in report["errors"] + report.get("parse_errors", [])}
    accepted = {path.stem for path in paths} - refused
    assert accepted == set(VALIDATOR_ONLY)


@pytest.mark.parametrize("text, expected", [
    ("published: 2013", True), ("published: 2013-00", False), ("published: 0999", False),
    ("published: ٢٠١٧", False), ("volume: 35", True), ("open_access: True", True),
    ("url: http://market.onion/", False), ("url: javascript:alert(1)", False),
    ("title: \"A\\u202eB\"", False), ("title: |\n  two\n  lines", False),
])
def test_schema_reads_scalars_as_a_standard_yaml_reader_does(tmp_path, text, expected):
    record = (FIXTURES / "valid" / "full-record.yaml").read_text("utf-8")
    field = text.split(":", 1)[0]
    lines = [line for line in record.splitlines() if not line.startswith(f"{field}:")]
    path = tmp_path / "full-record.yaml"
    path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    report = check([path], tmp_path)
    assert (report["status"] == "ok") == expected, report
