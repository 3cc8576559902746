"""Rules for one value of each kind: dates and years, web addresses, DOIs, ISBNs, ORCID iDs,
record ids and page ranges, and codes from the vocabularies (with a did-you-mean hint)."""

from __future__ import annotations

import ipaddress
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from . import vocabularies as vocab
from .load import FieldPath
from .model import EARLIEST_YEAR, ID_MAX_LENGTH, ID_PATTERN, RESERVED_IDS, PartialDate
from .text_checks import TextChecker, quoted

ID_RE = re.compile(ID_PATTERN)
DOI_RE = re.compile(r"^10\.[0-9]{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
# Digits are ASCII digits: Python's \d would also take Arabic-Indic or full-width ones.
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
YEAR_RE = re.compile(r"^[0-9]{4}$")
ORCID_RE = re.compile(r"^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")
PAGE_RANGE_RE = re.compile(r"^([0-9]+)\s*[-–]\s*([0-9]+)$")


class ValueChecker(TextChecker):
    """Checks a value of each kind on top of the text rules, reporting what is wrong with it."""

    def date(self, value: Any, path: FieldPath) -> PartialDate | None:
        """YYYY, YYYY-MM or YYYY-MM-DD: a real date, not in the future."""
        text = self.text(value, path)
        if text is None:
            return None
        match = DATE_RE.match(text)
        if not match:
            self.report(path, f"{quoted(text)} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD")
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        if month == 0 or day == 0:
            part = "month" if month == 0 else "day"
            self.report(path, f"{quoted(text)} is not a real date ({part} 00)",
                        f"leave the {part} out if it is not known: write YYYY or YYYY-MM")
            return None
        try:
            date(year, month or 1, day or 1)
        except ValueError as error:
            self.report(path, f"{quoted(text)} is not a real date ({error})")
            return None
        if year < EARLIEST_YEAR:
            self.report(path, f"{quoted(text)} is before {EARLIEST_YEAR}",
                        "the catalogue lists research on darknet markets; check the year")
            return None
        result = PartialDate(year, month, day)
        if result.earliest() > self.today:
            self.report(path, f"{quoted(text)} is in the future", f"today is {self.today.isoformat()}")
            return None
        return result

    def year(self, value: Any, path: FieldPath) -> int | None:
        """A four-digit year, not in the future."""
        text = self.text(value, path)
        if text is None:
            return None
        if not YEAR_RE.match(text):
            self.report(path, f"{quoted(text)} is not a year", "write four digits, e.g. 2017")
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
        self.report(path, f"{quoted(text)} is not true or false", "write true or false")
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
            self.report(path, f"{quoted(text)} is not an http or https address",
                        "write the full address, starting with https://")
            return None
        if host.endswith(".onion") or host == "onion":
            self.report(path, f"{quoted(text)} is a .onion address",
                        "the catalogue lists research, never market addresses; link the publication")
            return None
        private = _private_address(parts, host)
        if private:
            self.report(path, f"{quoted(text)} {private}; no reader can open it",
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
            self.report(path, f"{quoted(text)} is not a DOI", "a DOI starts with 10. and has a '/'")
            return None
        return bare

    def isbn(self, value: Any, path: FieldPath) -> str | None:
        """ISBN-10 or ISBN-13 with a valid check digit."""
        text = self.text(value, path)
        if text is None:
            return None
        digits = re.sub(r"[\s-]", "", text).upper()
        if not _isbn_ok(digits):
            self.report(path, f"{quoted(text)} is not a valid ISBN",
                        "check the digits: the last one is a check digit")
            return None
        return text

    def orcid(self, value: Any, path: FieldPath) -> str | None:
        """An ORCID iD whose check digit is right."""
        text = self.text(value, path)
        if text is None:
            return None
        bare = text.removeprefix("https://orcid.org/").removeprefix("http://orcid.org/")
        if not ORCID_RE.match(bare):
            self.report(path, f"{quoted(text)} is not an ORCID iD", "write 0000-0002-1825-0097")
            return None
        if _orcid_check(bare[:-1].replace("-", "")) != bare[-1]:
            self.report(path, f"{quoted(text)} has a wrong check digit", "copy the iD from orcid.org")
            return None
        return bare

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
        self.report(path, f"{quoted(text)} is not an ISO 639-1 language code", hint)
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
        self.report(path, f"{quoted(text)} is not in the {vocabulary_name} vocabulary", hint)
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
        self.report(path, f"{quoted(text)} is not an ISO 3166-1 alpha-2 code", hint)
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
            self.report(path, f"{quoted(text)} is not a valid id",
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
            self.report(path, f"{quoted(text)} runs backwards", "write the first page first")
            return None
        return text.replace("–", "-") if match else text


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
