"""Independent readers for the citation and export tests: the real catalogue, and pandoc 3.

pandoc comes from pypandoc-binary (Debian's pandoc 2.17 renders Chicago and Vancouver wrongly
and cannot read RIS). It is always given local files, never a URL, so no test uses the network.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from functools import cache
from pathlib import Path

import pypandoc

from dnm_catalogue.citations.csl import STYLES, style_path
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import Record

REPORTS = Path(__file__).resolve().parents[1] / "reports"


@cache
def catalogue_records() -> tuple[Record, ...]:
    """Every record in reports/ that loads; links to records not yet written do not count."""
    known = [path.stem for path in REPORTS.glob("*.yaml")]
    records = check_catalogue([REPORTS], known_ids=known).records
    assert len(records) >= 50, "the catalogue should have loaded"
    return tuple(records)


def record(record_id: str) -> Record:
    """One catalogue record by id."""
    found = {item.id: item for item in catalogue_records()}
    assert record_id in found, f"{record_id} is not in reports/ (or does not load)"
    return found[record_id]


def pandoc(arguments: list[str], text: str) -> str:
    """Run pandoc 3 on text; any warning on stderr fails the test."""
    binary = pypandoc.get_pandoc_path()
    result = subprocess.run([binary, *arguments], input=text, capture_output=True, text=True,
                            encoding="utf-8", check=False, timeout=120)
    assert result.returncode == 0 and not result.stderr, (
        f"pandoc {' '.join(arguments)} failed: {result.stderr}")
    return result.stdout


def pandoc_version() -> str:
    """The version of the pandoc binary the tests use."""
    return pandoc(["--version"], "").splitlines()[0].split()[-1]


def read_with_pandoc(text: str, input_format: str) -> list[dict]:
    """A BibTeX or RIS text as pandoc reads it, as CSL-JSON."""
    return json.loads(pandoc(["--from", input_format, "--to", "csljson"], text))


_ENTRY = re.compile(r'<div id="ref-(?P<id>[^"]+)" class="csl-entry"[^>]*>\n(?P<body>.*?)\n</div>',
                    re.DOTALL)


def pandoc_references(items: list[dict], style: str, folder: Path) -> dict[str, str]:
    """pandoc --citeproc's HTML reference for each CSL-JSON item, with the packaged style file.

    pandoc formats a whole bibliography at once, so callers give it items of distinct years:
    then no two can need a 2016a/2016b suffix and each reference is what it would be alone.
    """
    bibliography = folder / f"{style}.json"
    bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    document = f"---\nnocite: '@*'\nlang: {STYLES[style].locale}\n---\n"
    output = pandoc(["--citeproc", "--csl", str(style_path(style)), "--bibliography",
                     str(bibliography), "--from", "markdown", "--to", "html", "--wrap=none"],
                    document)
    found = {}
    for match in _ENTRY.finditer(output):
        body = re.sub(r'<div class="csl-left-margin">.*?</div>', "", match.group("body"),
                      flags=re.DOTALL)
        body = re.sub(r'<div class="csl-right-inline">(.*)</div>', r"\1", body, flags=re.DOTALL)
        # Same markup as ours: <em> is <i>; pandoc wraps quotations in a bare <span>.
        body = body.replace("<em>", "<i>").replace("</em>", "</i>")
        found[match.group("id")] = re.sub(r"</?span>", "", body).strip()
    return found


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def batches_of_distinct_years(records: tuple[Record, ...]) -> list[list[Record]]:
    """The records split into groups in which no two share a year of publication."""
    by_year: dict[int, list[Record]] = {}
    for item in records:
        by_year.setdefault(item.year, []).append(item)
    batches = []
    while any(by_year.values()):
        batches.append([group.pop() for group in by_year.values() if group])
    return batches
