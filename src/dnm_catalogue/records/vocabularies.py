"""The controlled vocabularies records refer to by slug, and the hints for near misses."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from .load import is_blank, load_text

VOCABULARY_NAMES = ("regions", "drugs", "markets", "methods", "types", "sources")

# Codes people often write that are not ISO 3166-1 alpha-2, and what they mean.
COMMON_WRONG_COUNTRY_CODES = {
    "UK": "GB",
    "EL": "GR",
    "EN": "GB",
    "SP": "ES",
    "GER": "DE",
    "HOL": "NL",
    "SW": "SE",
}


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    slug: str
    label: str
    synonyms: tuple[str, ...] = ()
    parent: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    """A named set of terms with lookup helpers."""

    name: str
    terms: dict[str, Term]

    def __contains__(self, slug: object) -> bool:
        return slug in self.terms

    def __getitem__(self, slug: str) -> Term:
        return self.terms[slug]

    def __iter__(self):
        return iter(self.terms.values())

    def in_tree_order(self) -> list[Term]:
        """Terms with each parent followed by its children (file order otherwise)."""
        ordered: list[Term] = []

        def visit(term: Term) -> None:
            ordered.append(term)
            for child in self.children(term.slug):
                visit(self.terms[child])

        for term in self.terms.values():
            if not term.parent or term.parent not in self.terms:
                visit(term)
        return ordered

    def label(self, slug: str) -> str:
        """The display label of a slug (the slug itself if unknown)."""
        term = self.terms.get(slug)
        return term.label if term else slug

    def children(self, slug: str) -> list[str]:
        """Direct children of a term."""
        return [term.slug for term in self.terms.values() if term.parent == slug]

    def descendants(self, slug: str) -> set[str]:
        """A term and every term below it."""
        found = {slug}
        pending = [slug]
        while pending:
            for child in self.children(pending.pop()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def ancestors(self, slug: str) -> list[str]:
        """The parents of a term, nearest first."""
        chain = []
        term = self.terms.get(slug)
        while term and term.parent and term.parent not in chain:
            chain.append(term.parent)
            term = self.terms.get(term.parent)
        return chain

    def suggest(self, value: str) -> str | None:
        """The slug a mistaken value most likely means: synonym, label or close spelling."""
        wanted = value.strip().lower()
        for term in self.terms.values():
            names = {term.slug, term.label.lower(), *(s.lower() for s in term.synonyms)}
            if wanted in names or wanted.replace(" ", "-") in names:
                return term.slug
        slugged = wanted.replace(" ", "-").replace("_", "-")
        close = difflib.get_close_matches(slugged, list(self.terms), n=1, cutoff=0.75)
        return close[0] if close else None


def folder() -> Any:
    """The folder of the vocabulary files (a path inside the installed package)."""
    return resources.files(__package__).joinpath("vocabularies")


def _read(name: str) -> dict[str, Any]:
    file = folder().joinpath(f"{name}.yaml")
    text = file.read_text("utf-8")
    if is_blank(text):
        return {}
    return load_text(text, _display(file)).data


def _display(file: Any) -> str:
    """The file as a contributor finds it: relative to the working folder when inside it."""
    path = Path(str(file))
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def load_all() -> None:
    """Read every vocabulary now, so a broken file stops a command before any work starts
    (raises LoadError naming the file, line and column)."""
    for name in VOCABULARY_NAMES:
        vocabulary(name)


def _term(slug: str, entry: dict[str, Any]) -> Term:
    synonyms = tuple(entry.get("synonyms") or ()) + tuple(entry.get("aliases") or ())
    known = {"label", "synonyms", "aliases", "parent", "source"}
    return Term(
        slug=slug,
        label=entry.get("label") or slug,
        synonyms=synonyms,
        parent=entry.get("parent"),
        source=entry.get("source"),
        extra={key: value for key, value in entry.items() if key not in known},
    )


def market_years(term: Term, long: bool = False) -> str:
    """The years a market traded, as readers should see them: '2014–2017', 'by 2019–2020' when
    only its first year seen trading is known, '2015–2019 (last seen)' when its closing is not
    confirmed, '2018–' (long: '2018 – still active when last checked') when still trading."""
    active = term.extra["active"]
    start = f"by {active['from']}" if _flag(term, "first_seen") else str(active["from"])
    if not active.get("to"):
        return f"{start} – still active when last checked" if long else f"{start}–"
    end = str(active["to"])
    if _flag(term, "last_seen"):
        end += " (last seen trading; closing not confirmed)" if long else " (last seen)"
    return f"{start}–{end}"


def markets_by_opening() -> list[Term]:
    """Markets in the order they opened (first year active), then by name: the order of the
    market timeline and of the markets table."""
    return sorted(vocabulary("markets"), key=lambda term: (int(term.extra["active"]["from"]),
                                                           term.label.lower()))


def market_years_approximate(term: Term) -> bool:
    """True when a market's years only bound its life (first or last year seen trading)."""
    return _flag(term, "first_seen") or _flag(term, "last_seen")


def _flag(term: Term, name: str) -> bool:
    return str(term.extra.get(name, "")).lower() == "true"  # vocabulary scalars are read as text


@cache
def vocabulary(name: str) -> Vocabulary:
    """Load one packaged vocabulary (cached for the life of the process)."""
    data = _read(name) or {}
    return Vocabulary(name, {slug: _term(slug, entry or {}) for slug, entry in data.items()})


def fingerprint() -> str:
    """A hash of every vocabulary file, for caches of anything rendered from them."""
    files = folder()
    digest = hashlib.sha256()
    for name in VOCABULARY_NAMES:
        digest.update(files.joinpath(f"{name}.yaml").read_bytes())
    return digest.hexdigest()


def reload() -> None:
    """Forget loaded vocabularies, so an edited file is read again (as `serve` needs)."""
    vocabulary.cache_clear()
    region_members.cache_clear()
    regions_containing.cache_clear()


@cache
def region_members(slug: str) -> frozenset[str]:
    """Country codes in a region and in every region below it."""
    regions = vocabulary("regions")
    members: set[str] = set()
    for region in regions.descendants(slug):
        members.update(regions[region].extra.get("members") or ())
    return frozenset(members)


@cache
def regions_containing(country: str) -> frozenset[str]:
    """Slugs of every region that has the country among its members (global included)."""
    regions = vocabulary("regions")
    found = {"global"} if "global" in regions else set()
    for term in regions:
        if country in (term.extra.get("members") or ()):
            found.add(term.slug)
            found.update(regions.ancestors(term.slug))
    return frozenset(found)


@cache
def _countries() -> dict[str, str]:
    return {country.alpha_2: country_name(country.alpha_2) for country in pycountry.countries}


def is_country(code: str) -> bool:
    """True for an upper-case ISO 3166-1 alpha-2 code."""
    return code in _countries()


def country_name(code: str) -> str:
    """Common English name of a country code, e.g. 'Russia' rather than 'Russian Federation'."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def suggest_country(value: str) -> str | None:
    """The code a mistaken country value most likely means."""
    text = value.strip()
    upper = text.upper()
    if upper in COMMON_WRONG_COUNTRY_CODES:
        return COMMON_WRONG_COUNTRY_CODES[upper]
    if len(text) == 2 and upper in _countries():
        return upper
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    names = {name.lower(): code for code, name in _countries().items()}
    close = difflib.get_close_matches(text.lower(), list(names), n=1, cutoff=0.8)
    return names[close[0]] if close else None


@cache
def _languages() -> dict[str, str]:
    return {
        language.alpha_2: language.name
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }


def language_codes() -> list[str]:
    """Every ISO 639-1 code."""
    return list(_languages())


def is_language(code: str) -> bool:
    """True for a lower-case ISO 639-1 code."""
    return code in _languages()


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code."""
    return _languages().get(code, code)


def suggest_language(value: str) -> str | None:
    """The ISO 639-1 code a mistaken language value most likely means."""
    text = value.strip()
    if text.lower() in _languages():
        return text.lower()
    try:
        language = pycountry.languages.lookup(text)
    except LookupError:
        return None
    return getattr(language, "alpha_2", None)
