"""Zotero's items for every record of a catalogue, through the four ways a reader gets them:
"Save to Zotero" on the record page, and importing the RIS, BibTeX and CSL-JSON downloads.

Runs Zotero's own translation-server (../shared/zotero, beside the checkout) on a site built
from the records and served on 127.0.0.1, and compares each item field by field with the item
the record must give (zotero_items.expected_item). `scripts/zotero-check [REPORTS]` prints the
counts; tests/test_zotero.py runs it on a fixture catalogue.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from browser_support import SiteServer
from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.records.model import Record
from dnm_catalogue.site.build import build_site
from sitebuild import ROOT, site_config
from zotero_items import (
    ITEM_TYPES,
    PATHS,
    ZOTERO,
    UnmappableField,
    differences,
    expected_item,
    known_limit,
)

START = ZOTERO / "start"
DOWNLOADS = {"ris": "dnm-catalogue.ris", "bibtex": "dnm-catalogue.bib",
             "csl-json": "dnm-catalogue.csl.json"}
# How each download names its records, in file order.
_IDS = {"ris": re.compile(r"^ID  - (.+)$", re.MULTILINE),
        "bibtex": re.compile(r"^@\w+\{([^,]+),$", re.MULTILINE)}


class TranslationServer:
    """Zotero's translation-server on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.pid: int | None = None

    def __enter__(self) -> TranslationServer:
        # The first start copies the server to a cache folder and runs `npm install` (a minute).
        result = subprocess.run([str(START), str(self.port)], capture_output=True, text=True,
                                timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"{START} failed: {result.stderr.strip()}")
        self.pid = int(result.stdout.split()[-1])
        return self

    def __exit__(self, *exc) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGTERM)
            self.pid = None

    def _post(self, endpoint: str, body: str) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/{endpoint}", data=body.encode("utf-8"),
            headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    def web(self, url: str) -> list[dict]:
        """The items Zotero saves from a page ("Save to Zotero")."""
        return self._post("web", url)

    def import_file(self, text: str) -> list[dict]:
        """The items Zotero makes of an imported file (RIS, BibTeX or CSL-JSON)."""
        return [item for item in self._post("import", text) if item.get("itemType") != "note"]


@dataclass
class Report:
    """For each path, each record's differences from its expected item (empty when right)."""

    records: list[Record]
    problems: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def right(self, path: str) -> int:
        """How many records are right in every field on a path."""
        return sum(1 for lines in self.problems[path].values() if not lines)

    def unexpected(self, path: str) -> dict[str, list[str]]:
        """Each record's differences on a path that are not one of Zotero's KNOWN_LIMITS."""
        types = {record.id: ITEM_TYPES[record.type] for record in self.records}
        found = {record_id: [line for line in lines if not known_limit(path, types[record_id], line)]
                 for record_id, lines in self.problems[path].items()}
        return {record_id: lines for record_id, lines in found.items() if lines}

    def summary(self) -> str:
        """The four counts, then every difference (known limits of Zotero's readers marked)."""
        total = len(self.records)
        lines = []
        for path in PATHS:
            limited = total - self.right(path) - len(self.unexpected(path))
            lines.append(f"{path:9} {self.right(path)} of {total}"
                         + (f" (the other {limited} differ only in a known limit of Zotero's"
                            " reader for this format)" if limited else ""))
        for path in PATHS:
            unexpected = self.unexpected(path)
            for record_id, found in self.problems[path].items():
                lines.extend(f"{path}: {record_id}: {line}"
                             + ("" if line in unexpected.get(record_id, []) else "  [known limit]")
                             for line in found)
        return "\n".join(lines)


def check(reports: Path, server: TranslationServer, workdir: Path) -> Report:
    """Build and serve a site of the records, and compare Zotero's items on every path."""
    catalogue = check_catalogue([reports])
    if catalogue.problems:
        raise ValueError("\n".join(str(problem) for problem in catalogue.problems))
    report = Report(catalogue.records)
    site_dir = workdir / "site"
    site_dir.mkdir(parents=True, exist_ok=True)
    with SiteServer(site_dir) as site:
        config = site_config(workdir, reports, site_dir, site_url=site.url)
        _reuse_formatted_references(workdir)
        build_site(reports, site_dir, config)
        with ThreadPoolExecutor(4) as pool:
            pages = dict(zip([record.id for record in report.records], pool.map(
                lambda record: server.web(f"{site.url}{record.path}"), report.records), strict=True))
        report.problems["page"] = {record.id: _compare(record, "page", pages[record.id])
                                   for record in report.records}
    for path, name in DOWNLOADS.items():
        text = (site_dir / "downloads" / name).read_text("utf-8")
        ids = ([item["id"] for item in json.loads(text)] if path == "csl-json"
               else _IDS[path].findall(text))
        items = server.import_file(text)
        if len(items) != len(ids):
            raise AssertionError(f"{name}: {len(ids)} records, Zotero read {len(items)} items")
        by_id = dict(zip(ids, items, strict=True))
        report.problems[path] = {record.id: _compare(record, path, [by_id[record.id]])
                                 for record in report.records}
    return report


def _reuse_formatted_references(workdir: Path) -> None:
    """Start from the project's cache of formatted references (kept by the content of each
    reference and the code that formats it), so the site builds in seconds, not a minute."""
    cached = ROOT / ".cache" / "dnm-catalogue" / "citations.json"
    if cached.is_file():
        target = workdir / ".cache" / "dnm-catalogue"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target / "citations.json")


def _compare(record: Record, path: str, items: list[dict]) -> list[str]:
    if len(items) != 1:
        return [f"Zotero made {len(items)} items"]
    try:
        return differences(expected_item(record, path), items[0])
    except UnmappableField as problem:
        return [str(problem)]


def main(argv: list[str]) -> int:
    """`scripts/zotero-check [REPORTS]`: print the four counts and every difference; exit 1 if
    a difference is not one of Zotero's known limits."""
    reports = Path(argv[0] if argv else "reports").resolve()
    if not START.is_file():
        print(f"Zotero's translation-server is not at {ZOTERO}", file=sys.stderr)
        return 2
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with TranslationServer() as server, tempfile.TemporaryDirectory() as workdir:
        report = check(reports, server, Path(workdir))
    print(report.summary())
    return 0 if not any(report.unexpected(path) for path in PATHS) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
