"""Rules of the record format: raw mapping -> typed Record, collecting every problem.

One document at a time: each field is typed by the rules for its kind (text_checks.py and
value_checks.py; lists, names, periods and findings here), then the rules that read the whole
record apply. The rules that span records are in catalogue.py.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .load import Document, FieldPath
from .markup import text_words
from .model import (
    FIELD_BY_NAME,
    FIELD_NAMES,
    FIELDS,
    SECTION_MAX_LENGTH,
    SUMMARY_MAX_WORDS,
    SUMMARY_MIN_WORDS,
    Finding,
    Name,
    Organisation,
    Period,
    Person,
    Record,
)
from .problems import Problem
from .text_checks import quoted
from .value_checks import ValueChecker

# A printed page or range: 12, "12-14", or with the letter a supplement prints before its page
# numbers ("S87", "S87-S89").
PAGE_RE = re.compile(r"^(?P<prefix>[A-Z]?)(?P<first>[1-9][0-9]*)(?:-(?P=prefix)(?P<last>[1-9][0-9]*))?$")
PERSON_KEYS = ("family", "given", "orcid")

# Lower-case particles of family names ("de Azevedo", "van der Gouwe", "dos Reis"). A repository
# that indexes "Azevedo, Daniela João Gonçalves de" puts the particle after the given name; a
# citation style then takes it for part of the given name and prints "D. J. G. de .".
PARTICLES = frozenset({"d'", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do",
                       "dos", "du", "la", "le", "ten", "ter", "van", "von", "zu"})


def trailing_particle(given: str | None) -> str | None:
    """The particle(s) a given name ends with ('de', 'van der'), or None."""
    words = (given or "").split()
    tail: list[str] = []
    while len(words) > 1 and words[-1] in PARTICLES:
        tail.insert(0, words.pop())
    return " ".join(tail) or None
ORGANISATION_KEYS = ("organisation", "abbreviation")


class Checker(ValueChecker):
    """Types one document's fields and collects the problems found on the way."""

    # Structures ----------------------------------------------------------------------------

    def items(self, value: Any, path: FieldPath, *, allow_empty: bool = False) -> list[Any] | None:
        """A YAML list (a single text value is taken as a one-item list)."""
        if value is None:
            if not allow_empty:
                self.report(path, "is empty", "give at least one value or remove the field")
            return None
        if isinstance(value, dict):
            self.report(path, "expected a list, found a mapping", "write one '- item' per line")
            return None
        if isinstance(value, str):
            return [value]
        if not value and not allow_empty:
            self.report(path, "is an empty list", "give at least one value or remove the field")
            return None
        return value

    def unique_list(self, value: Any, path: FieldPath, parse) -> list:
        """Parse every item and report repeats."""
        result: list = []
        seen: dict[Any, int] = {}
        for index, item in enumerate(self.items(value, path) or []):
            parsed = parse(item, (*path, index))
            if parsed is None:
                continue
            if parsed in seen:
                self.report((*path, index), f"{quoted(str(parsed))} is listed twice "
                            f"(also at [{seen[parsed]}])", "remove the repeat")
                continue
            seen[parsed] = index
            result.append(parsed)
        return result

    def mapping(self, value: Any, path: FieldPath, allowed: Iterable[str]) -> dict | None:
        """A mapping whose keys are all allowed."""
        if not isinstance(value, dict):
            self.report(path, "expected a mapping of fields")
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.report((*path, key), f"unknown field '{key}'",
                            did_you_mean(key, allowed), at_key=True)
        return value

    def name(self, value: Any, path: FieldPath) -> Name | None:
        """A person or an organisation."""
        if isinstance(value, str):
            self.report(path, f"{quoted(value)} is a bare name",
                        "write a person as {family: ..., given: ...} "
                        "or an organisation as {organisation: ...}")
            return None
        if not isinstance(value, dict):
            self.report(path, "expected a person or an organisation")
            return None
        if "organisation" in value or "organization" in value:
            if "organization" in value and "organisation" not in value:
                self.report((*path, "organization"), "unknown field 'organization'",
                            "did you mean 'organisation'?", at_key=True)
                return None
            self.mapping(value, path, ORGANISATION_KEYS)
            name = self.plain_text(value.get("organisation"), (*path, "organisation"))
            abbreviation = None
            if "abbreviation" in value:
                abbreviation = self.plain_text(value["abbreviation"], (*path, "abbreviation"))
            return Organisation(name, abbreviation) if name else None
        if self.mapping(value, path, PERSON_KEYS) is None:
            return None
        if "family" not in value:
            self.report(path, "a person needs a family name",
                        "write {family: ..., given: ...}, or {organisation: ...} for a body")
            return None
        family = self.plain_text(value.get("family"), (*path, "family"))
        given = None
        if "given" in value:
            given = self.plain_text(value["given"], (*path, "given"))
            particle = trailing_particle(given)
            if particle and family:
                self.report((*path, "given"), f"the given name ends with the particle '{particle}'",
                            f"it belongs to the family name: family: {particle} {family}, given: "
                            f"{given[:-len(particle)].rstrip()}")
                return None
        orcid = None
        if "orcid" in value:
            orcid = self.orcid(value["orcid"], (*path, "orcid"))
        return Person(family, given, orcid) if family else None

    def period(self, value: Any, path: FieldPath) -> Period | None:
        """{start, end} years with start <= end."""
        mapping = self.mapping(value, path, ("start", "end"))
        if mapping is None:
            return None
        for key in ("start", "end"):
            if key not in mapping:
                self.report(path, f"period needs '{key}'", "write {start: YYYY, end: YYYY}")
        if "start" not in mapping or "end" not in mapping:
            return None
        start = self.year(mapping["start"], (*path, "start"))
        end = self.year(mapping["end"], (*path, "end"))
        if start is None or end is None:
            return None
        if start > end:
            self.report(path, f"starts in {start} after it ends in {end}", "swap start and end")
            return None
        return Period(start, end)

    def finding(self, value: Any, path: FieldPath) -> Finding | None:
        """{text, page?, section?}: where the work states it, by printed page, by section (a
        heading, table or figure; for works without page numbers), or both."""
        if isinstance(value, str):
            value = {"text": value}
            self.document.positions.setdefault((*path, "text"), self.document.where(path))
        mapping = self.mapping(value, path, ("text", "page", "section"))
        if mapping is None:
            return None
        if "text" not in mapping:
            self.report(path, "a finding needs 'text'")
            return None
        text = self.markdown(mapping["text"], (*path, "text"))
        page = None
        if "page" in mapping:
            raw_page = self.text(mapping["page"], (*path, "page"))
            match = PAGE_RE.match(raw_page.replace("–", "-")) if raw_page else None
            if raw_page is not None and not match:
                self.report((*path, "page"), f"{quoted(raw_page)} is not a page",
                            "write the printed page, such as 12 or \"S87\", or a range such as "
                            "\"12-14\"")
            elif match and match["last"] and int(match["last"]) < int(match["first"]):
                self.report((*path, "page"), f"{quoted(raw_page)} runs backwards")
            elif match:
                page = raw_page.replace("–", "-")
        section = None
        if "section" in mapping:
            section = self.plain_text(mapping["section"], (*path, "section"))
            if section is not None and len(section) > SECTION_MAX_LENGTH:
                self.report((*path, "section"), f"is {len(section)} characters long",
                            f"name the heading, table or figure in at most {SECTION_MAX_LENGTH} "
                            "characters")
                section = None
        return Finding(text, page, section) if text else None


PARSERS = {
    "id": Checker.record_id,
    "text": Checker.plain_text,
    "markdown": Checker.markdown,
    "date": Checker.date,
    "pages": Checker.pages,
    "doi": Checker.doi,
    "isbn": Checker.isbn,
    "url": Checker.url,
    "language": Checker.language,
    "boolean": Checker.boolean,
    "period": Checker.period,
}
LIST_PARSERS = {
    "ids": Checker.record_id,
    "names": Checker.name,
    "countries": Checker.country,
    "findings": Checker.finding,
    "texts": Checker.plain_text,
    "urls": Checker.url,
}


def check_document(document: Document, today: date | None = None) -> tuple[Record | None, list[Problem]]:
    """Apply every single-record rule; return the typed record (None if invalid) and problems."""
    values, problems = type_fields(document, today)
    if problems:
        return None, problems
    return Record(**values, source_path=document.path), []


def type_fields(document: Document, today: date | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Type every field that can be typed, and collect the problems of the rest."""
    checker = Checker(document, today or date.today())
    data = document.data
    values: dict[str, Any] = {}
    for key in data:
        if key not in FIELD_BY_NAME:
            checker.report((key,), f"unknown field '{key}'", did_you_mean(key, FIELD_NAMES),
                           at_key=True)
    for spec in FIELDS:
        path = (spec.name,)
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                checker.report((), f"missing required field '{spec.name}'",
                               f"add '{spec.name}:' ({spec.description})")
            continue
        raw = data[spec.name]
        if spec.kind == "slugs":
            value = checker.unique_list(raw, path, lambda item, item_path, spec=spec:
                                        checker.slug(item, item_path, spec.vocabulary))
        elif spec.kind == "slug":
            value = checker.slug(raw, path, spec.vocabulary)
        elif spec.kind in LIST_PARSERS:
            parse = LIST_PARSERS[spec.kind]
            value = checker.unique_list(raw, path, lambda item, item_path, parse=parse:
                                        parse(checker, item, item_path))
        else:
            value = PARSERS[spec.kind](checker, raw, path)
        if value is not None and value != []:
            values[spec.name] = value
    _check_record_rules(checker, values)
    return values, checker.problems


def _check_record_rules(checker: Checker, values: dict[str, Any]) -> None:
    data = checker.document.data
    stem = Path(checker.document.path).stem
    if "id" in values and values["id"] != stem:
        checker.report(("id",), f"'{values['id']}' does not match the file name '{stem}.yaml'",
                       f"rename the file to {values['id']}.yaml or set id: {stem}")
    if "doi" not in data and "url" not in data:
        checker.report((), "needs a 'doi' or a 'url'", "give the DOI, or the landing page's address")
    if "countries" not in data and "regions" not in data:
        checker.report((), "needs 'countries' or 'regions'",
                       "list the countries the study is about, or a region such as global")
    if values.get("title_english") and values.get("language") == "en":
        checker.report(("title_english",), "is only for works not in English",
                       "remove it, or correct 'language'")
    if "summary" in values:
        words = text_words(values["summary"])
        if words < SUMMARY_MIN_WORDS:
            checker.report(("summary",), f"has {words} words; at least {SUMMARY_MIN_WORDS}",
                           "say the question, data and period, method, main results and limits")
        elif words > SUMMARY_MAX_WORDS:
            checker.report(("summary",), f"has {words} words; at most {SUMMARY_MAX_WORDS}",
                           "keep to the question, data, method, results and limits")
    period, published = values.get("period"), values.get("published")
    if period and published and period.start > published.year:
        checker.report(("period", "start"), f"{period.start} is after publication in {published.year}")
    reviewed = values.get("reviewed")
    if reviewed and published and reviewed.earliest() < published.earliest():
        checker.report(("reviewed",), f"{reviewed} is before publication on {published}")
    if values.get("id") and values["id"] in values.get("related", []):
        index = values["related"].index(values["id"])
        checker.report(("related", index), "a record cannot be related to itself", "remove it")
    if values.get("id") and values["id"] in values.get("previous_ids", []):
        checker.report(("previous_ids",), "lists the record's own current id", "remove it")


def did_you_mean(word: str, choices: Iterable[str], fallback: str | None = None) -> str:
    """A hint naming the closest choice, else every choice (or `fallback`)."""
    choices = list(choices)
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known fields: " + ", ".join(choices) if fallback is None else fallback
