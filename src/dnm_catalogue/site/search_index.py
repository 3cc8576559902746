"""The site search index: small script files that the header search box loads as it needs them.

One engine for every copy of the site: the files are scripts (not JSON), so the offline copy
opened from the file system (file://, where fetch() fails) searches exactly as the served site
does, and they are made here from the records, so `mkdocs build`, `mkdocs serve`,
`dnm-catalogue build` (incremental or not) and `--offline` all carry the same index.

- `search/index.js`, the manifest: which shard holds which words, which file holds which
  result entries, and the field names the query language knows.
- `search/t/<hash>.js`, the shards: for each folded word (lower case, accents removed), the
  entries it occurs in and in which fields (a bit mask). Words are split into shards by their
  first letters, a shard never much bigger than SHARD_LIMIT, so a query loads only the shards
  of its words.
- `search/d/<hash>.js`: what a result shows (title, authors' short names, year, type, the
  start of the summary),
  DOC_CHUNK entries a file, loaded only for the results shown.

Entries are the records (newest first), then the other pages (facet values, the catalogue's
own pages); the browser ranks every record above every other page. File names carry a hash of
their content, so a cached file is never stale; the manifest's name is fixed.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from ..records import vocabularies as vocab
from ..records.markup import render_markdown, script_json
from ..records.model import Record
from .facets import FACET_KINDS, FACET_SINGULAR, FACET_TITLES, facet_label, facet_url
from .output import OutputFile

# Field bits, most common first so the commonest mask (summary text only) is the shortest.
FIELDS = ("text", "title", "author", "keyword", "drug", "country", "market", "region", "method",
          "type", "year")
BIT = {name: 1 << number for number, name in enumerate(FIELDS)}
# What the query language accepts besides the field names themselves.
FIELD_ALIASES = {"authors": "author", "by": "author", "editor": "author", "keywords": "keyword",
                 "drugs": "drug", "countries": "country", "markets": "market", "regions": "region",
                 "methods": "method", "types": "type", "years": "year", "summary": "text"}
SHARD_LIMIT = 24_000  # bytes of postings in one shard file (one word may exceed it alone)
DOC_CHUNK = 16  # result entries a file
SNIPPET = 160  # characters of summary shown under a result
VERSION = 1
_WORD = re.compile(r"[^\W_]+")


class _Marks(dict):
    """str.translate table that deletes marks (accents), filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = value
        return value


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower case, compatibility forms, no accents or other marks: 'Décary' -> 'decary'.
    search.js folds queries the same way (NFKD, then drops \\p{M})."""
    lowered = text.lower()
    if lowered.isascii():  # NFKD leaves ASCII as it is
        return lowered
    return unicodedata.normalize("NFKD", lowered).translate(_MARKS)


def words(text: str) -> list[str]:
    """The folded words of a text: runs of letters and digits ('Décary-Hétu' -> decary, hetu)."""
    return _WORD.findall(fold(text))


@dataclass
class Entry:
    """One search result: what it shows ([url, title, authors, year, type, summary line])
    and its texts by field."""

    shown: list
    fields: dict[str, list[str]] = field(default_factory=dict)

    def masks(self) -> dict[str, int]:
        """Each folded word of the entry with the bits of the fields it occurs in."""
        found: dict[str, int] = {}
        for name, texts in self.fields.items():
            bit = BIT[name]
            for text in texts:
                for word in words(text):
                    found[word] = found.get(word, 0) | bit
        return found


def plain_text(markdown_text: str) -> str:
    """A summary as plain text on one line (Markdown marks and links removed)."""
    html_text = render_markdown(markdown_text)
    text = re.sub(r"<[^>]+>", " ", html_text)
    return " ".join(html.unescape(text).split())


def snippet(text: str, limit: int = SNIPPET) -> str:
    """The start of a text, cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _name_texts(names) -> list[str]:
    texts = []
    for name in names:
        texts.append(name.display_name)
        if getattr(name, "abbreviation", None):
            texts.append(name.abbreviation)
    return texts


def record_entry(record: Record, url: str, expanded: dict[str, set[str]], label=facet_label) -> Entry:
    """A record's words by field; `expanded` is its facet values with parents (facets.py),
    `label` gives a facet value's label (a memo of facet_label for a whole index)."""
    def labels(kind: str, values: Iterable[str], synonyms: bool = False) -> list[str]:
        texts = []
        for value in sorted(values):
            texts.append(label(kind, value))
            if synonyms:
                texts.extend(vocab.vocabulary(kind)[value].synonyms)
        return texts

    summary = plain_text(record.summary)
    entry = Entry([url, record.title, [name.short_name for name in record.authors], record.year,
                   label("types", record.type), snippet(summary)])
    entry.fields = {
        "title": [record.title, record.title_english or ""],
        "author": _name_texts(record.authors) + _name_texts(record.editors),
        "year": [str(record.year)],
        "type": [label("types", record.type), record.type],
        "country": [_country_name(code) for code in record.countries] + list(record.countries),
        "region": labels("regions", expanded["regions"] & _direct_regions(record)),
        "drug": labels("drugs", expanded["drugs"], synonyms=True),
        "market": labels("markets", record.markets, synonyms=True),
        "method": labels("methods", record.methods),
        "keyword": list(record.keywords),
        "text": [summary, *(finding.text for finding in record.findings), record.published_in or "",
                 record.publisher or "", record.series or ""],
    }
    return entry


@cache
def _country_name(code: str) -> str:
    return vocab.country_name(code)


def _direct_regions(record: Record) -> set[str]:
    """The record's regions and their parents, not the regions of its countries."""
    regions = vocab.vocabulary("regions")
    found = set(record.regions)
    for region in record.regions:
        found.update(regions.ancestors(region))
    return found


PAGES = (("", "Home", "What the catalogue covers, newest entries, charts"),
         ("browse/", "Browse and filter", "Filter the catalogue by country, drug, market, year"),
         ("about/", "About the catalogue", "Scope, inclusion rules, corrections, record format, "
                                            "how to cite the catalogue"),
         ("downloads/", "Downloads", "The whole catalogue as BibTeX, RIS, CSL-JSON, CSV, JSON"))


def page_entries(facet_values: dict[str, list[str]], url_of) -> Iterator[Entry]:
    """The catalogue's own pages, facet indexes and every facet value's page (titles only)."""
    for path, title, description in PAGES:
        entry = Entry([url_of(path), title, None, None, "Page", description])
        entry.fields = {"title": [title]}
        yield entry
    for kind in FACET_KINDS:
        path = f"{kind}/"
        entry = Entry([url_of(path), FACET_TITLES[kind], None, None, "Index",
                       f"Every {FACET_SINGULAR[kind].lower()} with its records"])
        entry.fields = {"title": [FACET_TITLES[kind]]}
        yield entry
    for kind in FACET_KINDS:
        for value in facet_values[kind]:
            label = facet_label(kind, value)
            path = facet_url(kind, value)
            texts = [label]
            if kind not in ("countries", "years"):
                texts.extend(vocab.vocabulary(kind)[value].synonyms)
            elif kind == "countries":
                texts.append(value)
            entry = Entry([url_of(path), label, None, None, FACET_SINGULAR[kind], ""])
            entry.fields = {"title": texts}
            yield entry


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE36 = [a + b + c for a in _DIGITS for b in _DIGITS for c in _DIGITS]  # 0 .. 36**3 - 1


def base36(number: int) -> str:
    """A non-negative number in base 36, as JavaScript's parseInt(text, 36) reads it."""
    if number < len(_BASE36):
        return _BASE36[number].lstrip("0") or "0"
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = _DIGITS[digit] + text
    return text


def _postings(numbers_and_masks: list[tuple[int, int]]) -> str:
    """'gap,mask,gap,mask,...' in base 36: the entries a word occurs in (as gaps from the
    previous one) and the fields. A string, so search.js decodes only the words it needs."""
    parts, previous = [], 0
    for number, mask in numbers_and_masks:
        parts += [base36(number - previous), base36(mask)]
        previous = number
    return ",".join(parts)


def _shards(postings: dict[str, str]) -> list[tuple[str, bool, list[str]]]:
    """(key, leaf, words): words grouped by their first letters into shards of at most
    SHARD_LIMIT bytes. A leaf shard holds every word that starts with its key (and no longer
    key claims); an inner one only the word equal to its key."""
    sizes = {word: len(word) + len(numbers) + 6 for word, numbers in postings.items()}
    shards: list[tuple[str, bool, list[str]]] = []

    def split(prefix: str, group: list[str]) -> None:
        if sum(sizes[word] for word in group) <= SHARD_LIMIT or all(len(w) <= len(prefix) for w in group):
            shards.append((prefix, True, group))
            return
        exact = [word for word in group if len(word) == len(prefix)]
        if exact:
            shards.append((prefix, False, exact))
        children: dict[str, list[str]] = {}
        for word in group:
            if len(word) > len(prefix):
                children.setdefault(word[: len(prefix) + 1], []).append(word)
        for key in sorted(children):
            split(key, children[key])

    split("", sorted(postings))
    return shards


def _script(name: str, data) -> str:
    return f"__dnmSearch({script_json(name)},{script_json(data)});\n"


def _hashed(folder: str, data) -> tuple[str, str]:
    """(name without .js, file text) of a content-addressed index file."""
    body = script_json(data)
    name = f"{folder}/{hashlib.sha256(body.encode()).hexdigest()[:12]}"
    return name, f"__dnmSearch({script_json(name)},{body});\n"


def index_files(entries: list[Entry], records: int) -> list[OutputFile]:
    """The manifest, shards and result files for entries (records first, `records` of them)."""
    by_word: dict[str, list[tuple[int, int]]] = {}
    for number, entry in enumerate(entries):
        for word, mask in entry.masks().items():
            by_word.setdefault(word, []).append((number, mask))
    postings = {word: _postings(found) for word, found in by_word.items()}
    files: list[OutputFile] = []
    shards = []
    for key, leaf, group in _shards(postings):
        name, text = _hashed("t", {word: postings[word] for word in group})
        files.append(OutputFile(f"search/{name}.js", text))
        shards.append([key, name, 1 if leaf else 0])
    chunks = []
    for start in range(0, len(entries), DOC_CHUNK):
        name, text = _hashed("d", [entry.shown for entry in entries[start:start + DOC_CHUNK]])
        files.append(OutputFile(f"search/{name}.js", text))
        chunks.append(name)
    manifest = {"version": VERSION, "records": records, "entries": len(entries), "chunk": DOC_CHUNK,
                "fields": BIT, "aliases": FIELD_ALIASES, "shards": shards, "docs": chunks}
    files.append(OutputFile("search/index.js", _script("index", manifest)))
    return files
