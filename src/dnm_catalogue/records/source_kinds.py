"""What kind of page each of a record's sources is (the publisher's page, an index, library or
repository record, or only a copy, an aggregator, news), from the sources vocabulary; and whether
a record rests on at least one authoritative page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from . import vocabularies as vocab
from .problems import Problem

OTHER = "other"
VOCABULARY_FILE = "src/dnm_catalogue/records/vocabularies/sources.yaml"


@dataclass(frozen=True)
class SourceKind:
    """One kind of source page, as readers see it."""

    slug: str
    label: str
    authoritative: bool


@dataclass(frozen=True)
class Source:
    """One source URL of a record and its kind."""

    url: str
    kind: SourceKind

    @property
    def host(self) -> str:
        return _host(self.url)


def source_kind(url: str) -> SourceKind:
    """The kind of the page at a URL: the longest vocabulary entry (host, or host and path) that
    matches it; "other" when none does."""
    host, path = _host(url), (urlsplit(url).path or "/").lower()
    entries = _entries()
    best: tuple[int, str] | None = None
    for name in _suffixes(host):
        for entry_path, slug in entries.get(name, ()):
            if _path_matches(path, entry_path):
                length = len(name) + len(entry_path)
                if best is None or length > best[0]:
                    best = (length, slug)
    return _kinds()[best[1] if best else OTHER]


def sources(urls: list[str]) -> list[Source]:
    """Each URL with its kind, in the record's order."""
    return [Source(url, source_kind(url)) for url in urls]


def has_authoritative_source(urls: list[str]) -> bool:
    """True when at least one URL is a publisher's, index, library or repository page."""
    return any(source_kind(url).authoritative for url in urls)


def missing_authoritative_problem(urls: list[str], path: Path | str) -> Problem:
    """The problem `validate --require-authoritative` reports for a record with no authoritative
    source, at the line of its `sources:` key, naming what each of its sources is."""
    display = str(path)
    line, column = _key_position(path, "sources")
    found = "; ".join(f"{_host(url)}: {source_kind(url).label.lower()}" for url in urls)
    return Problem(
        display, line, column, "sources",
        f"no authoritative source ({found})",
        "add the publisher's or agency's page, the DOI, PubMed or OUCI record, or a library or "
        f"repository record; a host not yet known goes in {VOCABULARY_FILE} under its kind",
    )


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _suffixes(host: str) -> list[str]:
    """The host and every parent domain: pmc.ncbi.nlm.nih.gov, ncbi.nlm.nih.gov, ..."""
    parts = host.split(".")
    return [".".join(parts[index:]) for index in range(len(parts) - 1)]


def _path_matches(path: str, entry_path: str) -> bool:
    return not entry_path or path == entry_path or path.startswith(entry_path.rstrip("/") + "/")


@cache
def _kinds() -> dict[str, SourceKind]:
    kinds = {term.slug: SourceKind(term.slug, term.label,
                                   str(term.extra.get("authoritative", "")).lower() == "true")
             for term in vocab.vocabulary("sources")}
    kinds.setdefault(OTHER, SourceKind(OTHER, "Other page", False))
    return kinds


@cache
def _entries() -> dict[str, list[tuple[str, str]]]:
    """Vocabulary entries by host: (path or "", kind slug)."""
    entries: dict[str, list[tuple[str, str]]] = {}
    for term in vocab.vocabulary("sources"):
        for entry in term.extra.get("hosts") or ():
            host, _, path = str(entry).lower().partition("/")
            host = host[4:] if host.startswith("www.") else host
            entries.setdefault(host, []).append(("/" + path if path else "", term.slug))
    return entries


def reload() -> None:
    """Forget the loaded kinds, after the vocabularies were reloaded."""
    _kinds.cache_clear()
    _entries.cache_clear()


def _key_position(path: Path | str, key: str) -> tuple[int, int]:
    """Line and column of a top-level key in a record file (1, 1 when it cannot be read)."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1, 1
    for number, line in enumerate(lines, start=1):
        if line.startswith(f"{key}:"):
            return number, 1
    return 1, 1
