"""The record format: one table of fields (the single source of truth) and the typed Record.

The validator reads FIELDS to type raw values; schema.py exports FIELDS as JSON Schema;
the README's field reference is checked against FIELDS by the tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX_LENGTH = 80
SECTION_MAX_LENGTH = 120  # a finding's section: a heading, table or figure, not a passage
# Markdown a summary or finding must not hold, written so that Python and ECMA-262 (JSON
# Schema) read them alike: a link (inline or a reference definition) to anything but an http or
# https address, and an image. The validator checks the parsed Markdown as well; these catch
# the same constructs in the text, code spans included.
UNSAFE_LINK_PATTERN = (r"\]\(\s*<?\s*(?![hH][tT][tT][pP][sS]?://)[^)\s]|(^|\n)[ ]{0,3}\[[^\]\n]+\]:\s*<?\s*"
                       r"(?![hH][tT][tT][pP][sS]?://)\S")
IMAGE_PATTERN = r"!\[[^\]]*\]\s*[(\[]"
# Ids whose page would take a path the site uses itself: reports/index.md is /reports/.
RESERVED_IDS = frozenset({"index"})
SUMMARY_MIN_WORDS = 80
SUMMARY_MAX_WORDS = 250
# No year before this can be a date of darknet market research (the first such markets
# traded in the 2010s); earlier years in a record are typing mistakes.
EARLIEST_YEAR = 1990
FORMAT_VERSION = 1
# Types whose `pages` may be an article number (eLocator) instead of a page range.
ARTICLE_NUMBER_TYPES = frozenset({"journal-article", "conference-paper"})
_SUPPLEMENT_PAGE = re.compile(r"^S\d+$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@dataclass(frozen=True)
class FieldSpec:
    """One field of the record format."""

    name: str
    kind: str
    description: str
    required: bool = False
    vocabulary: str | None = None


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "id", "Identifier, equal to the file name without .yaml: lower-case words "
              "joined by hyphens, at most 80 characters. Never changes once published.", True),
    FieldSpec("previous_ids", "ids", "Ids this record had before; their URLs redirect here."),
    FieldSpec("type", "slug", "Publication type.", True, "types"),
    FieldSpec("title", "text", "Title exactly as published, plain text.", True),
    FieldSpec("title_english", "text", "English translation of the title when `language` is not `en`."),
    FieldSpec("authors", "names", "Authors in printed order: persons `{family, given, orcid}` or "
              "organisations `{organisation, abbreviation}`.", True),
    FieldSpec("editors", "names", "Editors (of the book a chapter appears in), same shape as authors."),
    FieldSpec("published", "date", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD, not in the future.", True),
    FieldSpec("published_in", "text", "Journal, proceedings or book title."),
    FieldSpec("volume", "text", "Volume."),
    FieldSpec("issue", "text", "Issue or number."),
    FieldSpec("pages", "pages", "Page range such as `774-783`, or an article number."),
    FieldSpec("publisher", "text", "Publisher."),
    FieldSpec("place", "text", "Place of publication."),
    FieldSpec("series", "text", "Series title (and number)."),
    FieldSpec("genre", "text", "Kind of document in English, where the type alone does not say it: "
              "a thesis's degree (`PhD thesis`, `Master's thesis`, `Bachelor's thesis`), a report's kind "
              "(`Technical report`). Working papers and policy briefs default to their type's label."),
    FieldSpec("edition", "text", "Edition."),
    FieldSpec("doi", "doi", "DOI, bare (`10.2810/783427`); `https://doi.org/...` and `doi:...` are "
              "accepted and normalised. At least one of `doi`, `url`."),
    FieldSpec("isbn", "isbn", "ISBN-10 or ISBN-13 with a valid check digit."),
    FieldSpec("url", "url", "Landing page, http or https, never a .onion address."),
    FieldSpec("language", "language", "Language of the work, ISO 639-1 code (`en`, `de`, `no`).", True),
    FieldSpec("open_access", "boolean", "`true` when the full text is free to read."),
    FieldSpec("countries", "countries", "Countries the study is about, ISO 3166-1 alpha-2 codes "
              "(`GB`, not `UK`). At least one of `countries`, `regions`."),
    FieldSpec("regions", "slugs", "Regions the study is about.", False, "regions"),
    FieldSpec("period", "period", "Years the data covers: `{start: YYYY, end: YYYY}`."),
    FieldSpec("drugs", "slugs", "Drugs the work analyses (at least one).", True, "drugs"),
    FieldSpec("markets", "slugs", "Markets the work studies.", False, "markets"),
    FieldSpec("methods", "slugs", "Methods the work uses.", False, "methods"),
    FieldSpec("summary", "markdown", f"Our own summary, {SUMMARY_MIN_WORDS}-{SUMMARY_MAX_WORDS} words; "
              "Markdown emphasis, lists and links allowed, no raw HTML.", True),
    FieldSpec("findings", "findings", "Key findings: `{text, page, section}`; page the printed "
              "page, a positive number (with the letter of a supplement: `S87`) or a range such "
              "as `\"12-14\"`, section the heading, table or figure where "
              "the work states it (one line, at most 120 characters, for works without printed "
              "pages or beside the page); each given only where seen in the source."),
    FieldSpec("keywords", "texts", "Free-text keywords."),
    FieldSpec("related", "ids", "Ids of related records (replications, critiques, follow-ups, "
              "dataset users)."),
    FieldSpec("reviewed", "date", "Date the record was last checked against its sources.", True),
    FieldSpec("sources", "urls", "Public pages where the metadata was checked (at least one).", True),
)
FIELD_NAMES = tuple(spec.name for spec in FIELDS)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}


_FAMILY_FIRST_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def family_name_first(*parts: str | None) -> bool:
    """True for a name written in Chinese, Japanese or Korean script: its family name comes
    first and the given name follows without a space or comma, never initialised (CSL 1.0.2,
    "Name-part Order"; as citeproc-js prints it)."""
    letters = [char for part in parts if part for char in part if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith(_FAMILY_FIRST_SCRIPTS)
                                 for char in letters)


@dataclass(frozen=True)
class Person:
    """An author or editor who is a person."""

    family: str
    given: str | None = None
    orcid: str | None = None

    @property
    def display_name(self) -> str:
        """Given name first: 'Monica J. Barratt'; a name in Chinese, Japanese or Korean script
        family name first, as written: '陈淑娴'."""
        if self.given and family_name_first(self.family, self.given):
            return self.family + self.given
        return f"{self.given} {self.family}" if self.given else self.family

    @property
    def sort_name(self) -> str:
        """Family name first: 'Barratt, Monica J.' ('陈淑娴' for a name in CJK script)."""
        if self.given and family_name_first(self.family, self.given):
            return self.family + self.given
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def short_name(self) -> str:
        """The family name, as used in 'Barratt et al.'."""
        return self.family


@dataclass(frozen=True)
class Organisation:
    """An author or editor that is an organisation, never split into given and family names."""

    name: str
    abbreviation: str | None = None

    @property
    def display_name(self) -> str:
        """The full name."""
        return self.name

    sort_name = display_name

    @property
    def short_name(self) -> str:
        """The abbreviation where there is one."""
        return self.abbreviation or self.name


Name = Person | Organisation


@dataclass(frozen=True)
class PartialDate:
    """A date given to the year, month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def long_form(self) -> str:
        """'28 November 2017', 'November 2017' or '2017'."""
        if not self.month:
            return str(self.year)
        month = MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    @property
    def parts(self) -> list[int]:
        """CSL date-parts."""
        return [part for part in (self.year, self.month, self.day) if part]

    def earliest(self) -> date:
        """The first day the date could mean."""
        return date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class Period:
    """Years the data of a study covers."""

    start: int
    end: int

    def __str__(self) -> str:
        return year_span(self.start, self.end)


def is_article_number(pages: str | None) -> bool:
    """A `pages` value that is one article number rather than pages: no range, and not a
    supplement page such as `S87` (see Record.article_number for the types it applies to)."""
    return bool(pages) and "-" not in pages and not _SUPPLEMENT_PAGE.match(pages)


def year_span(first: int | str, last: int | str) -> str:
    """'2014–2017', or one year alone when both ends are the same: '2019'."""
    return str(first) if str(first) == str(last) else f"{first}–{last}"


@dataclass(frozen=True)
class Finding:
    """One key finding, with where the source states it: its printed page, its section (a
    heading, table or figure), or both."""

    text: str
    page: str | None = None
    section: str | None = None

    @property
    def locator(self) -> str:
        """Where to look, as printed after the finding: 'p. 12', 'Results', 'p. 12, Table 2'."""
        return ", ".join(part for part in (f"p.\u00a0{self.page}" if self.page else "",
                                           self.section or "") if part)


@dataclass
class Record:
    """One published work, typed. Derived values are properties, never stored."""

    id: str
    type: str
    title: str
    authors: list[Name]
    published: PartialDate
    language: str
    summary: str
    drugs: list[str]
    reviewed: PartialDate
    sources: list[str]
    previous_ids: list[str] = field(default_factory=list)
    title_english: str | None = None
    editors: list[Name] = field(default_factory=list)
    published_in: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    series: str | None = None
    genre: str | None = None
    edition: str | None = None
    doi: str | None = None
    isbn: str | None = None
    url: str | None = None
    open_access: bool | None = None
    countries: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    period: Period | None = None
    markets: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    source_path: str = field(default="", compare=False)

    @property
    def year(self) -> int:
        """Year of publication."""
        return self.published.year

    @property
    def first_author(self) -> str:
        """Short name of the first author."""
        return self.authors[0].short_name

    @property
    def authors_short(self) -> str:
        """'Barratt', 'Barratt & Aldridge' or 'Barratt et al.'."""
        names = [author.short_name for author in self.authors]
        if len(names) == 1:
            return names[0]
        if len(names) == 2:
            return f"{names[0]} & {names[1]}"
        return f"{names[0]} et al."

    @property
    def page_range(self) -> tuple[str, str | None]:
        """(first page, last page or None) of `pages`; an article number is a first page."""
        first, _, last = (self.pages or "").partition("-")
        return first, last or None

    @property
    def article_number(self) -> str | None:
        """`pages` when it is the work's article number (`e24486`, `k2270`, `102969`): a single
        value on a journal article or conference paper; a supplement page (`S87`) is a page."""
        if self.type in ARTICLE_NUMBER_TYPES and is_article_number(self.pages):
            return self.pages
        return None

    @property
    def pages_text(self) -> str | None:
        """'pp. 774–783', 'p. 46' or 'article e24486', as the record page prints them."""
        if not self.pages:
            return None
        if self.article_number:
            return f"article {self.pages}"
        first, last = self.page_range
        return f"pp. {first}–{last}" if last else f"p. {first}"

    @property
    def doi_url(self) -> str | None:
        """The DOI as a resolvable link."""
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def link(self) -> str:
        """Where a reader finds the work: the DOI link, else the URL."""
        return self.doi_url or self.url or ""

    @property
    def path(self) -> str:
        """The record's page path on the site."""
        return f"reports/{self.id}/"

    @property
    def summary_words(self) -> int:
        """Number of words in the summary."""
        return len(re.findall(r"\S+", self.summary))

    def to_dict(self) -> dict:
        """Every raw field in canonical form (as JSON exports and `list --format json` give it)."""
        data: dict = {}
        for spec in FIELDS:
            value = getattr(self, spec.name)
            if value is None or value == []:
                continue
            data[spec.name] = _plain(value)
        return data


def _plain(value):
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Person):
        return {key: val for key, val in
                (("family", value.family), ("given", value.given), ("orcid", value.orcid)) if val}
    if isinstance(value, Organisation):
        data = {"organisation": value.name}
        if value.abbreviation:
            data["abbreviation"] = value.abbreviation
        return data
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, Period):
        return {"start": value.start, "end": value.end}
    if isinstance(value, Finding):
        return {"text": value.text, **({"page": value.page} if value.page else {}),
                **({"section": value.section} if value.section else {})}
    return value
