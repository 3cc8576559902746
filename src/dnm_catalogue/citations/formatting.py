"""CSL-JSON -> a formatted reference, through citeproc-py with the corrections in
`citeproc_fixes`.

Each record is formatted on its own (a shared bibliography would add 2014a/2014b) and the result
is cached by the content of its CSL item, so formatting a whole catalogue twice costs one
rendering per record and style; `save_cache` and `load_cache` keep the cache between builds.
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
from functools import cache, lru_cache
from pathlib import Path

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography
from citeproc.source.json import CiteProcJSON

from ..records.model import Record, is_article_number
from . import citeproc_fixes as fixes
from . import csl
from .cache_files import read_json_if, write_whole
from .csl import STYLES, reference_item, style_path, style_spec

OUTPUTS = ("text", "html")

# Fields that describe the record for reference managers but never change a reference.
_NOT_FORMATTED = ("abstract", "keyword")
_STRING_FIELDS = ("title", "container-title", "collection-title", "publisher", "publisher-place",
                  "genre", "edition", "volume", "issue", "page")
_VANCOUVER_NUMBER = re.compile(r"^\d+\.\s*")


def format_item(item: dict, style: str, output: str = "text") -> str:
    """Format one CSL-JSON item; cached by the item's content."""
    style_spec(style)
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
    """What formatting depends on besides the item: citeproc-py, the fixes, this code, the styles."""
    digest = hashlib.sha256(citeproc.__version__.encode())
    corrections = sorted(Path(fixes.__file__).parent.glob("*.py"))  # every module of the package
    for path in (*corrections, Path(__file__), Path(csl.__file__),
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
    if (style == "harvard" and item.get("type") == "article-journal"
            and not item.get("volume") and not item.get("page")):  # where the style adds it
        marked = _without_preprint_label(marked)
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


def _without_preprint_label(marked: str) -> str:
    """Cite Them Right marks a journal article with neither volume nor pages "[Preprint]" (an
    article online before its issue). A catalogue journal article is a published one, whose
    volume or pages may only be unconfirmed (never guessed), so the label would be false."""
    before, found, after = marked.rpartition(" [Preprint]")
    return before + after if found else marked


def _without_page_label(marked: str, article: str) -> str:
    """Cite Them Right: the article number without the "p." CSL puts before a page."""
    return re.sub(r"\bp\.[ \u00a0]" + re.escape(article) + r"(?![\w-])", lambda _: article, marked,
                  count=1)
