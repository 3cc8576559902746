"""Record -> CSL-JSON -> formatted references in APA, Chicago, Harvard and Vancouver.

CSL-JSON (`csl_item`) is the one citation model; the formatted references come from the
official CSL style files in `styles/` (CC BY-SA 3.0, see styles/LICENSE) run through
citeproc-py with the corrections in `citeproc_fixes`. Each record is formatted on its own
(a shared bibliography would add 2014a/2014b) and the result is cached by the content of its
CSL item, so formatting a whole catalogue twice costs one rendering per record and style.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import re
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography
from citeproc.source.json import CiteProcJSON

from ..records import vocabularies as vocab
from ..records.model import Name, Organisation, Record, is_article_number
from . import citeproc_fixes as fixes
from .cache_files import read_json_if, write_whole
from .reference_fields import genre, is_edited_volume


@dataclass(frozen=True)
class CitationStyle:
    """One of the citation styles the catalogue offers."""

    name: str
    label: str
    file: str
    locale: str


STYLES: dict[str, CitationStyle] = {
    style.name: style for style in (
        CitationStyle("apa", "APA (7th edition)", "apa.csl", "en-US"),
        CitationStyle("chicago", "Chicago (author-date, 18th edition)", "chicago-author-date.csl",
                      "en-US"),
        CitationStyle("harvard", "Harvard (Cite Them Right)", "harvard-cite-them-right.csl",
                      "en-GB"),
        # Vancouver is the NLM's Citing Medicine; the CSL "vancouver" alias points to this file.
        CitationStyle("vancouver", "Vancouver (NLM)", "nlm-citation-sequence.csl", "en-US"),
    )
}
OUTPUTS = ("text", "html")

# Fields that describe the record for reference managers but never change a reference.
_NOT_FORMATTED = ("abstract", "keyword")
_STRING_FIELDS = ("title", "container-title", "collection-title", "publisher", "publisher-place",
                  "genre", "edition", "volume", "issue", "page")
_PARTICLE = re.compile(r"^((?:[a-z][\w'’]*\s+)+)(\S.*)$")
_VANCOUVER_NUMBER = re.compile(r"^\d+\.\s*")


class UnknownStyleError(ValueError):
    """A style name that is not one of STYLES."""


def style_path(style: str) -> Path:
    """The packaged CSL file of a style (also what tests hand to pandoc)."""
    spec = _style_spec(style)
    return Path(str(resources.files(__package__).joinpath("styles", spec.file)))


def _style_spec(style: str) -> CitationStyle:
    try:
        return STYLES[style]
    except KeyError:
        raise UnknownStyleError(
            f"unknown citation style '{style}'; choose one of {', '.join(STYLES)}") from None


# Record -> CSL-JSON -------------------------------------------------------------------------


def csl_name(name: Name) -> dict[str, str]:
    """A CSL name: organisations whole as a literal, persons as family/given with particles."""
    if isinstance(name, Organisation):
        return {"literal": name.name}
    data: dict[str, str] = {}
    particle = _PARTICLE.match(name.family)
    if particle:
        # "van der Gouwe" -> particle "van der", family "Gouwe": styles that demote particles
        # (Chicago) print "Gouwe, Daan van der", others "van der Gouwe, D.".
        data["family"] = particle.group(2)
        data["non-dropping-particle"] = particle.group(1).strip()
    else:
        data["family"] = name.family
    if name.given:
        data["given"] = name.given
    return data


def csl_title(record: Record) -> str:
    """The title, with its English translation in square brackets where there is one.

    APA 7 (9.38), Chicago 18 (14.95) and Cite Them Right put the translation in brackets
    after the original title; CSL has no variable of its own for it.
    """
    if record.title_english:
        return f"{record.title} [{record.title_english}]"
    return record.title


def csl_item(record: Record) -> dict:
    """The record as one CSL-JSON item (the citation model every format is derived from)."""
    types = vocab.vocabulary("types")
    item: dict = {
        "id": record.id,
        "type": types[record.type].extra.get("csl", "document"),
        "title": csl_title(record),
        "issued": {"date-parts": [record.published.parts]},
        # No `accessed`: the catalogue's review date is not the reader's access (see
        # "Access dates" below).
        "language": record.language,
    }
    if not is_edited_volume(record):
        item["author"] = [csl_name(name) for name in record.authors]
    if record.editors:
        item["editor"] = [csl_name(name) for name in record.editors]
    optional = {
        "container-title": record.published_in,
        "volume": record.volume,
        # A report's issue is its number (CSL `number`, Zotero's report number).
        "number" if item["type"] == "report" else "issue": record.issue,
        "page": record.pages,
        "publisher": record.publisher,
        "publisher-place": record.place,
        "collection-title": record.series,
        "edition": record.edition,
        "genre": genre(record),
        "DOI": record.doi,
        "ISBN": record.isbn,
        "URL": record.url,
        "abstract": record.summary,
        "keyword": ", ".join(record.keywords) if record.keywords else None,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


# CSL-JSON -> formatted reference ------------------------------------------------------------


def format_reference(record: Record, style: str, output: str = "text",
                     accessed: date | None = None) -> str:
    """The record's reference in a style ('apa', 'chicago', 'harvard', 'vancouver'), as plain
    text or as HTML (italics as <i>, DOIs and URLs as links, record text escaped).

    `accessed` is the day the reader accessed the work, printed where the style asks for one
    (Cite Them Right, Citing Medicine); without it the reference gives no access date.
    """
    formatted = format_item(reference_item(record), style, output)
    return with_access_date(formatted, style, output, accessed)


def format_item(item: dict, style: str, output: str = "text") -> str:
    """Format one CSL-JSON item; cached by the item's content."""
    _style_spec(style)
    if output not in OUTPUTS:
        raise ValueError(f"unknown output '{output}'; choose one of {', '.join(OUTPUTS)}")
    formatted = {key: value for key, value in item.items() if key not in _NOT_FORMATTED}
    return _format(_item_key(formatted), style, output)


def _item_key(item: dict) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def format_all(records: Iterable[Record], styles: Iterable[str] = tuple(STYLES),
               workers: int | None = None) -> None:
    """Format records ahead of use, in parallel processes, so that format_reference then
    answers from the cache (a site build formats every record in every style); references
    read by `load_cache` are not formatted again.

    workers defaults to the number of processors (at most 4); 1 formats in this process.
    """
    jobs = []
    for record in records:
        key = _item_key({name: value for name, value in reference_item(record).items()
                         if name not in _NOT_FORMATTED})
        jobs.extend((key, style) for style in styles if (key, style) not in _MARKED
                    and _digest(key, style) not in _STORED)
    workers = min(os.cpu_count() or 1, 4) if workers is None else workers
    if workers <= 1 or len(jobs) < 100:  # starting processes costs more than small batches
        for item_json, style in jobs:
            _marked(item_json, style)
        return
    chunks = [jobs[index::workers] for index in range(workers)]
    context = multiprocessing.get_context("spawn")  # no fork of a threaded server process
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for results in pool.map(_render_many, chunks):
            _MARKED.update(results)


def _render_many(jobs: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    return {(item_json, style): _marked(item_json, style) for item_json, style in jobs}


def clear_cache() -> None:
    """Forget every formatted reference (for benchmarks)."""
    _format.cache_clear()
    _MARKED.clear()
    _STORED.clear()


def save_cache(path: Path, records: Iterable[Record] | None = None) -> int:
    """Write the references formatted in this process, and those read by `load_cache`, to a file
    that `load_cache` reads in a later one (so a rebuild formats only new or changed records).
    Given the catalogue's records, only their references are kept. Returns how many were
    written; the file is left alone when it would not change."""
    stored = dict(_STORED)
    stored.update({_digest(item_json, style): marked
                   for (item_json, style), marked in _MARKED.items()})
    if records is not None:
        wanted = {_digest(_item_key({name: value for name, value in reference_item(record).items()
                                     if name not in _NOT_FORMATTED}), style)
                  for record in records for style in STYLES}
        stored = {digest: marked for digest, marked in stored.items() if digest in wanted}
    if stored.keys() == _STORED.keys() and path.is_file():
        return len(stored)
    write_whole(path, json.dumps({"fingerprint": _fingerprint(), "references": stored},
                                 ensure_ascii=False))
    _STORED.clear()
    _STORED.update(stored)
    return len(stored)


def load_cache(path: Path) -> int:
    """Read references saved by `save_cache`; a file from another version of the styles or of
    the formatting code is ignored. Returns how many were read."""
    data = read_json_if(path, "fingerprint", _fingerprint())
    if data is None:
        return 0
    _STORED.update(data.get("references") or {})
    return len(data.get("references") or {})


def _digest(item_json: str, style: str) -> str:
    return hashlib.sha256(f"{style}\n{item_json}".encode()).hexdigest()


@cache
def _fingerprint() -> str:
    """What formatting depends on besides the item: citeproc-py, the fixes, these styles."""
    digest = hashlib.sha256(citeproc.__version__.encode())
    for path in (Path(fixes.__file__), Path(__file__),
                 *(style_path(style) for style in STYLES)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=65536)
def _format(item_json: str, style: str, output: str) -> str:
    marked = _marked(item_json, style)
    if output == "text":
        return fixes.to_text(marked)
    item = json.loads(item_json)
    return _link(_translation_upright(fixes.to_html(marked), item), item)


_render_lock = threading.Lock()
# Rendered references by (CSL-JSON of the item, style), with formatting still as markers;
# and those read from a file by load_cache, by digest.
_MARKED: dict[tuple[str, str], str] = {}
_STORED: dict[str, str] = {}


def _marked(item_json: str, style: str) -> str:
    found = _MARKED.get((item_json, style))
    if found is None:
        found = _STORED.get(_digest(item_json, style)) if _STORED else None
        if found is None:
            found = _render(item_json, style)
        _MARKED[item_json, style] = found
    return found


def _render(item_json: str, style: str) -> str:
    item = _prepared(json.loads(item_json))
    if style == "apa" and "title" in item:
        item["title"] = capitalize_subtitle(item["title"])
    article = _as_article_number(item, style)
    engine = _engine(style)
    with _render_lock:
        bibliography = CitationStylesBibliography(engine, CiteProcJSON([item]),
                                                  fixes.MarkerFormatter)
        bibliography.register(Citation([_CitationItem(item["id"])]))
        marked = str(bibliography.bibliography()[0])
    if style == "vancouver":
        marked = _VANCOUVER_NUMBER.sub("", marked)  # a single reference is not numbered
    if article and style == "harvard":
        marked = _without_page_label(marked, article)
    return fixes.finish(marked, engine.quotes(), engine.punctuation_in_quote())


class _CitationItem(CitationItem):
    """citeproc-py looks the reference up through two properties on every variable access."""

    @property
    def reference(self):
        found = self.__dict__.get("found_reference")
        if found is None:
            found = self.__dict__["found_reference"] = super().reference
        return found


@cache
def _engine(style: str) -> fixes.Style:
    return fixes.Style(style_path(style), STYLES[style].locale)


def _prepared(item: dict) -> dict:
    """Field values ready for the engine: no stray marker characters, quotations marked."""
    strip = {ord(marker): None for marker in fixes.MARKERS}
    for key, value in item.items():
        if isinstance(value, str):
            value = value.translate(strip)
            item[key] = fixes.mark_quotes(value) if key in _STRING_FIELDS else value
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            item[key] = [{part: text.translate(strip) for part, text in name.items()}
                         for name in value]
    return item


_SUBTITLE = re.compile(r"([:?!]\s+[\ue000-\ue00d‘“]*)([a-z]+)(?=[\s\ue000-\ue00d’”,.;:?!)]|$)")


def capitalize_subtitle(title: str) -> str:
    """APA 7 (6.17) sentence case: the first word of a subtitle is capitalised.

    Only an all-lower-case word after a colon, question or exclamation mark is changed; the
    rest of a title stays as recorded, since proper nouns cannot be told apart reliably.
    """
    return _SUBTITLE.sub(lambda match: match.group(1) + match.group(2).capitalize(), title)


def _translation_upright(formatted_html: str, item: dict) -> str:
    """The bracketed translation of an italic title stays upright (APA 7, 9.38:
    *Deutsche Geschichte* [German history]; Chicago 18, 14.95)."""
    translation = re.search(r" (\[[^\[\]]*\])$", item.get("title", ""))
    if not translation:
        return formatted_html
    wanted = _letters(translation.group(1))

    def upright(match: re.Match) -> str:
        if _letters(html.unescape(match.group(1))) != wanted:  # quotes and case may differ
            return match.group(0)
        return f"</i> {match.group(1)}"

    return re.sub(r" (\[[^\[\]<>]*\])</i>", upright, formatted_html)


def _letters(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def _link(formatted_html: str, item: dict) -> str:
    """DOIs and URLs printed in the reference become links; DOIs always to https://doi.org/."""
    targets = []
    if item.get("DOI"):
        doi = item["DOI"]
        href = f"https://doi.org/{doi}"
        targets.append((html.escape(href, quote=False), href))
        targets.append((html.escape(doi, quote=False), href))  # NLM prints "doi:10..."
    if item.get("URL", "").startswith(("http://", "https://")):
        targets.append((html.escape(item["URL"], quote=False), item["URL"]))
    for text, href in targets:
        anchor = f'<a href="{html.escape(href)}">{text}</a>'
        position = _standalone(formatted_html, text)
        if position >= 0:
            formatted_html = (formatted_html[:position] + anchor
                              + formatted_html[position + len(text):])
    return formatted_html


def _standalone(formatted_html: str, text: str) -> int:
    """Where `text` first stands on its own (not inside a longer word, path, tag or attribute),
    or -1: the match of (?<![\\w/>"=.])text(?![\\w/<]), without compiling a pattern per reference."""
    start = formatted_html.find(text)
    while start >= 0:
        before = formatted_html[start - 1] if start else ""
        end = start + len(text)
        after = formatted_html[end] if end < len(formatted_html) else ""
        if not (before and (before.isalnum() or before in '_/>"=.')) and not (
                after and (after.isalnum() or after in "_/<")):
            return start
        start = formatted_html.find(text, start + 1)
    return -1


# Article numbers ----------------------------------------------------------------------------
# An article number (eLocator: `e24486`, BMJ's `k2270`, Elsevier's `102969`) stands where the
# pages would, and is not a page: APA 7 (10.1, example 6) prints "Article e24486"; Cite Them
# Right prints the number alone ("page range or article number"), never "p."; Chicago 18
# (14.71) and Citing Medicine print it in place of the pages, as the CSL styles already do.
# A supplement page (`S87`) and a range (`S87-S97`) are pages.
_ARTICLE_NUMBER_CSL_TYPES = ("article-journal", "paper-conference")


def _as_article_number(item: dict, style: str) -> str | None:
    """The item's article number, if `page` holds one; for APA it moves to CSL `number`, which
    the style prints as "Article ..."."""
    page = item.get("page")
    if item.get("type") not in _ARTICLE_NUMBER_CSL_TYPES or not is_article_number(page):
        return None
    if style == "apa":
        item["number"] = item.pop("page")
    return page


def _without_page_label(marked: str, article: str) -> str:
    """Cite Them Right: the article number without the "p." CSL puts before a page."""
    return re.sub(r"\bp\.[ \u00a0]" + re.escape(article) + r"(?![\w-])", lambda _: article, marked,
                  count=1)


# Access dates -------------------------------------------------------------------------------
# A reference must never claim that the reader accessed the work on a day they did not. The
# record's `reviewed` date is the day the catalogue checked it, so it is not an access date.
# References are formatted with a placeholder access date that no one can have (31 December
# 9999); where a style prints it (Cite Them Right's "(Accessed: ...)", Citing Medicine's
# "[cited ...]"), that clause is then left out, given the reader's date, or (on the site) left
# for the page script, which fills in the day the reader copies the reference.
_ACCESS_PLACEHOLDER = date(9999, 12, 31)
_ACCESS_PROBE = {"id": "access-probe", "type": "webpage", "title": "Probe",
                 "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/probe"}


def reference_item(record: Record) -> dict:
    """The CSL item a reference is formatted from: the record's, with the placeholder access
    date (which `with_access_date` then removes or replaces)."""
    return {**csl_item(record), "accessed": {"date-parts": [_date_parts(_ACCESS_PLACEHOLDER)]}}


def _date_parts(day: date) -> list[int]:
    return [day.year, day.month, day.day]


@lru_cache(maxsize=256)
def access_clause(style: str, accessed: date) -> str:
    """What a style adds to a reference for an access date, as plain text: ' (Accessed: 5
    December 2026)', ' [cited 2026 Dec 5]', or '' for a style that prints none."""
    without = format_item(_ACCESS_PROBE, style)
    with_date = format_item({**_ACCESS_PROBE, "accessed": {"date-parts": [_date_parts(accessed)]}},
                            style)
    start = 0
    while start < min(len(without), len(with_date)) and without[start] == with_date[start]:
        start += 1
    end = 0
    while (end < min(len(without), len(with_date)) - start
           and without[-1 - end] == with_date[-1 - end]):
        end += 1
    return with_date[start:len(with_date) - end]


def with_access_date(formatted: str, style: str, output: str, accessed: date | None) -> str:
    """A reference formatted from `reference_item` with the reader's access date in place of
    the placeholder, or with no access date."""
    placeholder = access_clause(style, _ACCESS_PLACEHOLDER)
    if output == "html":
        placeholder = html.escape(placeholder, quote=False)
    if not placeholder or placeholder not in formatted:
        return formatted
    clause = access_clause(style, accessed) if accessed else ""
    if output == "html":
        clause = html.escape(clause, quote=False)
    return formatted.replace(placeholder, clause, 1)


def split_at_access_date(record: Record, style: str, output: str = "html") -> tuple[str, str] | None:
    """The reference around the place its access date goes, (before, after), for a page script
    to fill in the reader's date; None when the style prints no access date for this record."""
    formatted = format_item(reference_item(record), style, output)
    placeholder = access_clause(style, _ACCESS_PLACEHOLDER)
    if output == "html":
        placeholder = html.escape(placeholder, quote=False)
    if not placeholder or placeholder not in formatted:
        return None
    before, after = formatted.split(placeholder, 1)
    return before, after


@cache
def access_clause_templates(style: str) -> tuple[str, ...]:
    """The access-date clause of a style for each month, with `{day}` and `{year}` to fill in
    (what the page script uses): (' (Accessed: {day} January {year})', ...); () for a style
    that prints none. The day and year are given as numbers, without leading zeros."""
    templates = []
    for month in range(1, 13):
        clause = access_clause(style, date(9999, month, 28))
        if not clause:
            return ()
        templates.append(clause.replace("9999", "{year}").replace("28", "{day}"))
    return tuple(templates)


def fill_access_template(templates: tuple[str, ...], accessed: date) -> str:
    """An access-date clause from `access_clause_templates` (as the page script fills it)."""
    return (templates[accessed.month - 1].replace("{day}", str(accessed.day))
            .replace("{year}", str(accessed.year)))
