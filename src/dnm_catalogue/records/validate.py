"""Rules of the record format: raw mapping -> typed Record, collecting every problem."""

from __future__ import annotations

import difflib
import gc
import ipaddress
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import vocabularies as vocab
from .load import (
    FORBIDDEN_RANGES,
    Document,
    FieldPath,
    LoadError,
    character_class,
    character_name,
    format_path,
    load_file,
)
from .markup import MarkdownParts, markdown_parts, text_words
from .model import (
    EARLIEST_YEAR,
    FIELD_BY_NAME,
    FIELD_NAMES,
    FIELDS,
    ID_MAX_LENGTH,
    ID_PATTERN,
    IMAGE_PATTERN,
    RESERVED_IDS,
    SUMMARY_MAX_WORDS,
    SUMMARY_MIN_WORDS,
    UNSAFE_LINK_PATTERN,
    Finding,
    Name,
    Organisation,
    PartialDate,
    Period,
    Person,
    Record,
)
from .problems import Problem

ID_RE = re.compile(ID_PATTERN)
DOI_RE = re.compile(r"^10\.[0-9]{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
# Digits are ASCII digits: Python's \d would also take Arabic-Indic or full-width ones.
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
ORCID_RE = re.compile(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")
PAGE_RE = re.compile(r"^([1-9][0-9]*)(?:-([1-9][0-9]*))?$")
PAGE_RANGE_RE = re.compile(r"^([0-9]+)\s*[-–]\s*([0-9]+)$")
HTML_RE = re.compile(r"</?[A-Za-z!?][^>]*>|<!--")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
# In plain text even an unclosed tag start or an entity could become markup in a theme that
# does not escape titles (Material prints page titles raw), so both are refused.
MARKUP_START_RE = re.compile(r"<[A-Za-z/!?]|&#?[A-Za-z0-9]+;")
NO_MARKUP = MarkdownParts((), (), "")
UNSAFE_LINK_RE = re.compile(UNSAFE_LINK_PATTERN)
IMAGE_RE = re.compile(IMAGE_PATTERN)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What a value may not hold: the controls above (a carriage return too: values are read with
# line ends normalised, so one can come only from an escape) and every forbidden character.
VALUE_CHARACTER_RE = re.compile(character_class([*FORBIDDEN_RANGES, (0x0D, 0x0D)]))
PERSON_KEYS = ("family", "given", "orcid")
ORGANISATION_KEYS = ("organisation", "abbreviation")


@dataclass
class Checker:
    """Types one document's fields and collects the problems found on the way."""

    document: Document
    today: date
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: FieldPath, message: str, hint: str = "", *, at_key: bool = False) -> None:
        """Record a problem at a field."""
        line, column = self.document.where_key(path) if at_key else self.document.where(path)
        self.problems.append(Problem(self.document.path, line, column, format_path(path), message, hint))

    # Scalars -------------------------------------------------------------------------------

    def text(self, value: Any, path: FieldPath) -> str | None:
        """A non-empty single-line or multi-line text."""
        if isinstance(value, (list, dict)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            self.report(path, f"expected text, found {kind}")
            return None
        if value is None or not value.strip():
            self.report(path, "is empty", "give a value or remove the field")
            return None
        # The loader has refused these characters in the file; only an escape can bring one in.
        found = VALUE_CHARACTER_RE.search(value) if self.document.escapes else None
        if found and CONTROL_RE.match(found.group()):
            self.report(path, "contains control characters", "retype the value")
            return None
        if found:
            self.report(path, f"contains {character_name(found.group())} (character "
                        f"{found.start() + 1} of the value)",
                        "control and invisible characters change how text reads; delete it")
            return None
        return value.strip()

    def plain_text(self, value: Any, path: FieldPath) -> str | None:
        """One line of text with no markup at all."""
        text = self.text(value, path)
        if text is None:
            return None
        if "\n" in text or "\t" in text:
            kind = "a line break" if "\n" in text else "a tab"
            self.report(path, f"{_show(text)} contains {kind}",
                        "write it on one line (a quoted or plain YAML value, not a '|' block)")
            return None
        if MARKUP_START_RE.search(text):
            self.report(path, f"{_show(text)} contains HTML markup", "write plain text")
            return None
        return text

    def date(self, value: Any, path: FieldPath) -> PartialDate | None:
        """YYYY, YYYY-MM or YYYY-MM-DD: a real date, not in the future."""
        text = self.text(value, path)
        if text is None:
            return None
        match = DATE_RE.match(text)
        if not match:
            self.report(path, f"{_show(text)} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        if month == 0 or day == 0:
            part = "month" if month == 0 else "day"
            self.report(path, f"{_show(text)} is not a real date ({part} 00)",
                        f"leave the {part} out if it is not known: write YYYY or YYYY-MM")
            return None
        try:
            date(year, month or 1, day or 1)
        except ValueError as error:
            self.report(path, f"{_show(text)} is not a real date ({error})")
            return None
        if year < EARLIEST_YEAR:
            self.report(path, f"{_show(text)} is before {EARLIEST_YEAR}",
                        "the catalogue lists research on darknet markets; check the year")
            return None
        result = PartialDate(year, month, day)
        if result.earliest() > self.today:
            self.report(path, f"{_show(text)} is in the future", f"today is {self.today.isoformat()}")
            return None
        return result

    def year(self, value: Any, path: FieldPath) -> int | None:
        """A four-digit year, not in the future."""
        text = self.text(value, path)
        if text is None:
            return None
        if not YEAR_RE.match(text):
            self.report(path, f"{_show(text)} is not a year", "write four digits, e.g. 2017")
            return None
        if int(text) < EARLIEST_YEAR:
            self.report(path, f"{text} is before {EARLIEST_YEAR}",
                        "the catalogue lists research on darknet markets; check the year")
            return None
        if int(text) > self.today.year:
            self.report(path, f"{text} is in the future")
            return None
        return int(text)

    def boolean(self, value: Any, path: FieldPath) -> bool | None:
        """true or false."""
        text = self.text(value, path)
        if text is None:
            return None
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        self.report(path, f"{_show(text)} is not true or false", "write true or false")
        return None

    def url(self, value: Any, path: FieldPath) -> str | None:
        """An http(s) address that is not a hidden service."""
        text = self.text(value, path)
        if text is None:
            return None
        try:
            parts = urlsplit(text)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:  # e.g. an unbalanced '[' that urllib reads as an IPv6 address
            parts, host = None, ""
        if (parts is None or parts.scheme not in ("http", "https") or not parts.netloc
                or re.search(r"\s", text)):
            self.report(path, f"{_show(text)} is not an http or https address",
                        "write the full address, starting with https://")
            return None
        if host.endswith(".onion") or host == "onion":
            self.report(path, f"{_show(text)} is a .onion address",
                        "the catalogue lists research, never market addresses; link the publication")
            return None
        private = _private_address(parts, host)
        if private:
            self.report(path, f"{_show(text)} {private}; no reader can open it",
                        "give the public page: the DOI (https://doi.org/...), the publisher's or "
                        "agency's page, PubMed or a repository record")
            return None
        return text

    def doi(self, value: Any, path: FieldPath) -> str | None:
        """A DOI, normalised to its bare form."""
        text = self.text(value, path)
        if text is None:
            return None
        bare = text
        for prefix in DOI_PREFIXES:
            if bare.lower().startswith(prefix):
                bare = bare[len(prefix):].strip()
                break
        if not DOI_RE.match(bare):
            self.report(path, f"{_show(text)} is not a DOI", "a DOI starts with 10. and has a '/'")
            return None
        return bare

    def isbn(self, value: Any, path: FieldPath) -> str | None:
        """ISBN-10 or ISBN-13 with a valid check digit."""
        text = self.text(value, path)
        if text is None:
            return None
        digits = re.sub(r"[\s-]", "", text).upper()
        if not _isbn_ok(digits):
            self.report(path, f"{_show(text)} is not a valid ISBN",
                        "check the digits: the last one is a check digit")
            return None
        return text

    def language(self, value: Any, path: FieldPath) -> str | None:
        """An ISO 639-1 code."""
        text = self.text(value, path)
        if text is None:
            return None
        if vocab.is_language(text):
            return text
        suggestion = vocab.suggest_language(text)
        hint = (f"did you mean '{suggestion}' ({vocab.language_name(suggestion)})?"
                if suggestion else "use a two-letter ISO 639-1 code such as en, de, fr")
        self.report(path, f"{_show(text)} is not an ISO 639-1 language code", hint)
        return None

    def slug(self, value: Any, path: FieldPath, vocabulary_name: str) -> str | None:
        """A slug from a vocabulary, with a did-you-mean hint."""
        text = self.text(value, path)
        if text is None:
            return None
        vocabulary = vocab.vocabulary(vocabulary_name)
        if text in vocabulary:
            return text
        suggestion = vocabulary.suggest(text)
        if suggestion:
            hint = f"did you mean '{suggestion}' ({vocabulary.label(suggestion)})?"
        elif vocabulary_name == "regions" and vocab.suggest_country(text):
            hint = "this looks like a country: put it under countries"
        elif vocabulary_name == "markets":
            hint = "add the market to the markets vocabulary, with its years and a source"
        else:
            hint = f"known {vocabulary_name}: {', '.join(list(vocabulary.terms)[:12])}"
            if len(vocabulary.terms) > 12:
                hint += ", ..."
        self.report(path, f"{_show(text)} is not in the {vocabulary_name} vocabulary", hint)
        return None

    def country(self, value: Any, path: FieldPath) -> str | None:
        """An upper-case ISO 3166-1 alpha-2 code."""
        text = self.text(value, path)
        if text is None:
            return None
        if vocab.is_country(text):
            return text
        suggestion = vocab.suggest_country(text)
        if suggestion == text.upper():
            hint = f"write it in capitals: '{suggestion}' ({vocab.country_name(suggestion)})"
        elif suggestion:
            hint = f"did you mean '{suggestion}' ({vocab.country_name(suggestion)})?"
        elif vocab.vocabulary("regions").suggest(text):
            region = vocab.vocabulary("regions").suggest(text)
            hint = f"this looks like a region: put '{region}' under regions"
        else:
            hint = "use a two-letter ISO 3166-1 code such as DE, GB, US"
        self.report(path, f"{_show(text)} is not an ISO 3166-1 alpha-2 code", hint)
        return None

    def record_id(self, value: Any, path: FieldPath) -> str | None:
        """A slug-style identifier."""
        text = self.text(value, path)
        if text is None:
            return None
        if len(text) > ID_MAX_LENGTH:
            self.report(path, f"is {len(text)} characters long; at most {ID_MAX_LENGTH}")
            return None
        if not ID_RE.match(text):
            fixed = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.report(path, f"{_show(text)} is not a valid id",
                        f"use lower-case letters, digits and single hyphens, e.g. '{fixed}'")
            return None
        if text in RESERVED_IDS:
            self.report(path, f"'{text}' is reserved for the site's own pages (reports/{text}.md "
                        "would be the /reports/ page)",
                        "use the usual author-year-title id, e.g. 'smith-2020-short-title'")
            return None
        return text

    def pages(self, value: Any, path: FieldPath) -> str | None:
        """Page range or article number as text; a range must run forwards."""
        text = self.plain_text(value, path)
        if text is None:
            return None
        match = PAGE_RANGE_RE.match(text)
        if match and int(match.group(1)) > int(match.group(2)):
            self.report(path, f"{_show(text)} runs backwards", "write the first page first")
            return None
        return text.replace("–", "-") if match else text

    def markdown(self, value: Any, path: FieldPath) -> str | None:
        """Markdown text without raw HTML and with only web links."""
        text = self.text(value, path)
        if text is None:
            return None
        ok = True
        html = HTML_RE.search(CODE_SPAN_RE.sub("", text))  # markup inside `code` is shown as text
        if html:
            self.report(path, f"contains raw HTML {_show(html.group(0))}",
                        "use Markdown: *emphasis*, lists and [links](https://...)")
            ok = False
        # A link or an image needs a '[' (inline, reference-style) or a '<' (automatic link).
        parts = markdown_parts(text) if "[" in text or "<" in text else NO_MARKUP
        for target in parts.links:
            if not target.lower().startswith(("http://", "https://")):
                self.report(path, f"link target {_show(target)} is not an http or https address")
                ok = False
            elif re.search(r"\s", target):
                # An unclosed link swallows the text after it into its address.
                self.report(path, f"link target {_show(target)} contains a space or a line break",
                            "close the link: [text](https://address) with no space in the address")
                ok = False
        for source in parts.images:
            self.report(path, f"contains an image ({_show(source)})",
                        "images are not allowed; link to the page instead: [text](https://...)")
            ok = False
        if ok and ("](" in text or "]:" in text or "![" in text):
            # The same constructs written where Markdown shows them as text (code spans).
            link, image = UNSAFE_LINK_RE.search(text), IMAGE_RE.search(text)
            if link or image:
                found = (link or image).group(0).strip()
                self.report(path, f"{_show(found)} looks like a {'link' if link else 'image'} to "
                            "a non-web address", "write links as [text](https://...), and no images")
                ok = False
        return text if ok else None

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
                self.report((*path, index), f"{_show(str(parsed))} is listed twice "
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
                            _did_you_mean(key, allowed), at_key=True)
        return value

    def name(self, value: Any, path: FieldPath) -> Name | None:
        """A person or an organisation."""
        if isinstance(value, str):
            self.report(path, f"{_show(value)} is a bare name",
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
        orcid = None
        if "orcid" in value:
            orcid = self.orcid(value["orcid"], (*path, "orcid"))
        return Person(family, given, orcid) if family else None

    def orcid(self, value: Any, path: FieldPath) -> str | None:
        """An ORCID iD whose check digit is right."""
        text = self.text(value, path)
        if text is None:
            return None
        bare = text.removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
        if not ORCID_RE.match(bare):
            self.report(path, f"{_show(text)} is not an ORCID iD", "write 0000-0002-1825-0097")
            return None
        if _orcid_check(bare[:-1].replace("-", "")) != bare[-1]:
            self.report(path, f"{_show(text)} has a wrong check digit", "copy the iD from orcid.org")
            return None
        return bare

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
        """{text, page?}."""
        if isinstance(value, str):
            value = {"text": value}
            self.document.positions.setdefault((*path, "text"), self.document.where(path))
        mapping = self.mapping(value, path, ("text", "page"))
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
                self.report((*path, "page"), f"{_show(raw_page)} is not a page",
                            "write a positive number, or a range such as \"12-14\"")
            elif match and match.group(2) and int(match.group(2)) < int(match.group(1)):
                self.report((*path, "page"), f"{_show(raw_page)} runs backwards")
            elif match:
                page = raw_page.replace("–", "-")
        return Finding(text, page) if text else None


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
            checker.report((key,), f"unknown field '{key}'", _did_you_mean(key, FIELD_NAMES),
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


# Addresses that work only inside a library's or a person's session: a library proxy (by host
# name, rewritten host, or port), a login redirect, a session id, a CGI web proxy, a bare IP.
PROXY_HOST_RE = re.compile(r"ezproxy|libproxy|\.idm\.oclc\.org$|^proxy\.|^login\.|webvpn|^vpn\."
                           r"|(^|\.)[a-z0-9-]+-(com|org|net|edu|gov|ac-uk|co-uk)\.")
SESSION_RE = re.compile(r"jsessionid|phpsessid|sessionid|session_id|(^|[?&;])sid=|/login\?q?url=|/nph-")


def _private_address(parts, host: str) -> str:
    """Why an address works only inside someone's session (empty if it does not)."""
    if PROXY_HOST_RE.search(host):
        return "is a library proxy address"
    try:
        port = parts.port if ":" in parts.netloc else None
    except ValueError:
        port = None
    if port not in (None, 80, 443):
        return f"goes through port {port}, as library proxies and private mirrors do"
    if host[-1:].isdigit() or ":" in host:  # an IP address ends in a digit (v4) or holds ':' (v6)
        try:
            ipaddress.ip_address(host)
            return "names a bare IP address instead of a site"
        except ValueError:
            pass
    if SESSION_RE.search(f"{parts.path}?{parts.query}".lower()):
        return "holds a login or session part"
    return ""


def _did_you_mean(word: str, choices: Iterable[str], fallback: str | None = None) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known fields: " + ", ".join(choices) if fallback is None else fallback


def _show(text: str, limit: int = 60) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def _isbn_ok(digits: str) -> bool:
    if len(digits) == 10 and re.match(r"^\d{9}[\dX]$", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits.startswith(("978", "979")):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def _orcid_check(base_digits: str) -> str:
    total = 0
    for char in base_digits:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


# Whole catalogue ----------------------------------------------------------------------------


@dataclass
class Catalogue:
    """Valid records, every problem, and how many files were read."""

    records: list[Record]
    problems: list[Problem]
    files_checked: int

    @property
    def by_id(self) -> dict[str, Record]:
        """Records keyed by id."""
        return {record.id: record for record in self.records}


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Every .yaml file named or found directly inside a named folder, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
            files.extend(sorted(path.glob("*.yml")))
        else:
            files.append(path)
    return files


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Loading allocates many small containers that all stay alive; the default thresholds
    make the cyclic collector rescan them over and over (a third of validate's time at
    10,000 records). Collect less often while loading, then restore the settings."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def check_catalogue(paths: Iterable[Path], today: date | None = None, *,
                    known_ids: Iterable[str] = ()) -> Catalogue:
    """Load and check every file, then apply the rules that span records."""
    with _fewer_collections():
        return _check_catalogue(paths, today, known_ids)


def _check_catalogue(paths: Iterable[Path], today: date | None, known_ids: Iterable[str]) -> Catalogue:
    problems: list[Problem] = []
    checked: list[Checked] = []
    files = record_files(paths)
    for path in files:
        display = _display(path)
        if path.suffix == ".yml":
            problems.append(Problem(display, 1, 1, "", "record files end in .yaml",
                                    f"rename it to {path.stem}.yaml"))
            continue
        try:
            document = load_file(path, display)
        except LoadError as error:
            problems.append(error.problem)
            continue
        values, found = type_fields(document, today)
        problems.extend(found)
        checked.append(Checked(_keep_cross_record_positions(document), values, not found))
    problems.extend(_cross_record_problems(checked, set(known_ids)))
    invalid = {problem.file for problem in problems}
    records = [Record(**item.values, source_path=item.document.path)
               for item in checked if item.valid and item.document.path not in invalid]
    return Catalogue(records, sorted(problems), len(files))


CROSS_RECORD_FIELDS = ("id", "doi", "related", "previous_ids")


def _keep_cross_record_positions(document: Document) -> Document:
    """Only what the cross-record rules report on: holding every mark of 10,000 files would
    cost memory and garbage-collector time for nothing."""
    data = {key: document.data[key] for key in CROSS_RECORD_FIELDS if key in document.data}
    return document.narrowed(data, CROSS_RECORD_FIELDS)


@dataclass
class Checked:
    """One loaded document with the fields that could be typed."""

    document: Document
    values: dict[str, Any]
    valid: bool


def _cross_record_problems(checked: list[Checked], known_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def report(item: Checked, path: FieldPath, message: str, hint: str = "") -> None:
        line, column = item.document.where(path)
        problems.append(Problem(item.document.path, line, column, format_path(path), message, hint))

    first_by_id: dict[str, Checked] = {}
    for item in checked:
        record_id = item.values.get("id")
        if record_id is None:
            continue
        if record_id in first_by_id:
            report(item, ("id",), f"'{record_id}' is also the id of "
                   f"{first_by_id[record_id].document.path}", "ids must be unique")
        else:
            first_by_id[record_id] = item
    ids = set(first_by_id) | known_ids
    old_ids: dict[str, Checked] = {}
    for item in checked:
        for index, old in enumerate(item.values.get("previous_ids", [])):
            if old in first_by_id:
                report(item, ("previous_ids", index),
                       f"'{old}' is the current id of {first_by_id[old].document.path}",
                       "an old id must not be reused")
            elif old in old_ids:
                report(item, ("previous_ids", index),
                       f"'{old}' is also a previous id of {old_ids[old].document.path}")
            old_ids.setdefault(old, item)
    for item in checked:
        raw = item.document.data.get("related")
        raw_items = raw if isinstance(raw, list) else [raw]
        for target in item.values.get("related", []):
            if target == item.values.get("id") or target in ids:
                continue
            hint = _did_you_mean(target, sorted(ids), fallback="")
            if target in old_ids:
                hint = f"that id was renamed: use '{old_ids[target].values.get('id')}'"
            report(item, ("related", raw_items.index(target)), f"no record has the id '{target}'", hint)
    doi_owner: dict[str, Checked] = {}
    for item in checked:
        doi = item.values.get("doi")
        if not doi:
            continue
        if doi.lower() in doi_owner:
            report(item, ("doi",), f"DOI {doi} is also given in "
                   f"{doi_owner[doi.lower()].document.path}", "each work has one record")
        else:
            doi_owner[doi.lower()] = item
    return problems


def _display(path: Path) -> str:
    """The path as the user gave it, relative to the working folder where possible."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
