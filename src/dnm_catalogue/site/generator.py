"""Records -> site pages as Markdown files with front matter, rendered from Jinja2 templates.

Nothing here depends on MkDocs: `dnm-catalogue render --out DIR` writes these files, and the
MkDocs plugin hands the same files to MkDocs as virtual pages.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property, lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..citations.exports import to_bibtex, to_csl_json, to_ris
from ..citations.formatting import format_all, load_cache, save_cache
from ..citations.references import access_clause_templates, format_reference, split_at_access_date
from ..records import vocabularies as vocab
from ..records.markup import plain_text, render_markdown, script_json
from ..records.model import FIELDS, Record, year_span
from ..records.query import country_coverage, newest_first
from . import fragments
from .browse_data import FACET_PARAMS, data_script
from .charts import horizontal_bars, market_timeline, years_by_type
from .corrections import Corrections
from .facets import (
    FACET_KINDS,
    FACET_SINGULAR,
    FACET_TITLES,
    FacetIndex,
    facet_label,
    facet_url,
    record_facet_values,
)
from .feed import FEED_LIMIT, FEED_PATH, atom_feed
from .fragments import record_fragments
from .history import catalogue_changes, history_of
from .metadata import highwire_tags, json_ld
from .output import OutputFile
from .page_cache import PageCache
from .search_index import index_files, page_entries, record_entry

DEFAULT_TEMPLATES = Path("templates")
CHANGES_LIMIT = 1000  # changes listed on the changelog page
INDEX_SECTIONS = {"countries", "regions", "drugs", "markets", "years", "types", "methods"}
STYLE_LABELS = {"apa": "APA 7", "chicago": "Chicago", "harvard": "Harvard", "vancouver": "Vancouver"}
# Around template blocks (record lists, the Cite panel) that the MkDocs plugin inserts into a
# page after the theme has rendered it; each marker stands on a line of its own.
DEFER_START, DEFER_END = "<!--dnm:defer-->", "<!--/dnm:defer-->"


def without_defer_markers(text: str) -> str:
    """A generated page as it reads once built: the markers are for the MkDocs plugin only."""
    return text.replace(DEFER_START + "\n", "").replace("\n" + DEFER_END, "")


@dataclass
class SiteOptions:
    """What the generator needs to know about where the site is published."""

    site_url: str = ""
    edit_url: str | None = None
    # Where readers send corrections (see corrections.py).
    repo_url: str | None = None
    repo_branch: str = "main"
    issue_url: str | None = None
    contact: str | None = None
    directory_urls: bool = True
    cache_dir: Path | None = None  # where formatted references are kept between builds
    # Generated files kept between builds by the hash of their inputs (`build` and `serve`).
    page_cache: PageCache | None = field(default=None, compare=False, repr=False)
    reports_label: str = "reports"  # the records folder as shown to readers (never a local path)
    version: str = __version__
    build_date: date = field(default_factory=date.today)

    @property
    def corrections(self) -> Corrections:
        """The ways to send a correction that these options configure."""
        return Corrections(repo_url=self.repo_url, repo_branch=self.repo_branch,
                           edit_url=self.edit_url, issue_url=self.issue_url, contact=self.contact)


def file_url(url: str) -> str:
    """A page's address when directory URLs are off (offline copies): 'reports/x/' -> 'reports/x.html'."""
    if not url.endswith("/") and url:
        return url  # an asset such as browse/data.js
    if url == "" or (url.count("/") == 1 and url[:-1] in INDEX_SECTIONS):
        return url + "index.html"
    return url[:-1] + ".html"


def relative(from_url: str, to_url: str) -> str:
    """A link from one site path to another, e.g. 'reports/x/' -> '../../countries/de/'.

    A path ending in '/' is a folder (directory URLs); otherwise it is a file in its folder.
    (posixpath.relpath gives the same answers, but resolves against the working folder and
    was a fifth of page generation.)
    """
    base = from_url[:-1] if from_url.endswith("/") else posixpath.dirname(from_url)
    base_parts = base.split("/") if base else []
    target_parts = to_url.split("/") if to_url else []
    common = 0
    while (common < len(base_parts) and common < len(target_parts)
           and base_parts[common] == target_parts[common]):
        common += 1
    result = "../" * (len(base_parts) - common) + "/".join(target_parts[common:])
    return result or "./"


def human_size(size: int) -> str:
    """A file size as people read it: '812 bytes', '41 KB', '1.2 MB' (1 KB = 1,000 bytes)."""
    if size < 1000:
        return f"{size} bytes"
    for unit in ("KB", "MB", "GB"):
        size_in_unit = size / 1000
        if size_in_unit < 999.5 or unit == "GB":
            text = f"{size_in_unit:.1f}" if size_in_unit < 9.95 else f"{size_in_unit:.0f}"
            return f"{text} {unit}"
        size = size_in_unit
    raise AssertionError("unreachable")


def shortened(text: str, limit: int) -> str:
    """Text cut at the last whole word within `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def robots_txt(site_url: str) -> str:
    """robots.txt: every page may be crawled, and the sitemap (every page, records included) is
    named when the site's address is known."""
    text = "User-agent: *\nAllow: /\n"
    return text + f"\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else text


def theme_safe(text: str) -> str:
    """Front-matter text escaped once: Material prints page.meta.title and .description raw,
    in text and in attribute values, so they must arrive as HTML-escaped text."""
    return html.escape(text, quote=True)


@lru_cache(maxsize=8)
def template_environment(templates_dir: str) -> jinja2.Environment:
    """The Jinja2 environment of a templates folder, kept for the process: `serve` rebuilds
    reuse compiled templates (Jinja2 recompiles a template whose file changed)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    environment.filters["markdown"] = lambda text: Markup(render_markdown(text))
    environment.filters["markdown_inline"] = lambda text: Markup(render_markdown(text, inline=True))
    environment.globals.update(
        facet_label=facet_label,
        country_name=vocab.country_name,
        language_name=vocab.language_name,
        market_years=vocab.market_years,
        year_span=year_span,
        human_size=human_size,
        vocabulary=vocab.vocabulary,
        facet_titles=FACET_TITLES,
        facet_singular=FACET_SINGULAR,
    )
    return environment


class PageGenerator:
    """Renders every page kind from the templates folder."""

    def __init__(self, records: list[Record], templates_dir: Path = DEFAULT_TEMPLATES,
                 options: SiteOptions | None = None):
        self.records = newest_first(records)
        self.by_id = {record.id: record for record in self.records}
        self.index = FacetIndex(self.records)
        self.options = options or SiteOptions()
        self.vocabularies_fingerprint = vocab.fingerprint()
        self._fragments: dict[str, dict[str, str]] = {}
        self._regional_groups: dict[str, list[tuple[str, list[Record]]]] = {}
        self.templates_fingerprint = hashlib.sha256(b"".join(
            path.read_bytes() for path in sorted(Path(templates_dir).glob("*")) if path.is_file()
        )).hexdigest()
        self.environment = template_environment(str(Path(templates_dir).resolve()))

    # Shared ------------------------------------------------------------------------------

    def render(self, template: str, url: str, front_matter: dict[str, Any], **context: Any) -> str:
        """A Markdown page: JSON front matter (valid YAML) and an HTML body from a template."""

        def link(to_url: str) -> str:
            return self.href(url, to_url)

        body = self.environment.get_template(template).render(
            link=link, page_url=url, index=self.index, options=self.options, **context)
        front_matter = {**front_matter, **{key: theme_safe(front_matter[key])
                                           for key in ("title", "description") if key in front_matter}}
        head = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                         for key, value in front_matter.items())
        # Blank lines inside the HTML would let Markdown reinterpret text; keep the body one block.
        lines = [line for line in body.splitlines() if line.strip()]
        return f"---\n{head}\n---\n\n<div class=\"dnm\" markdown=\"0\">\n" + "\n".join(lines) + "\n</div>\n"

    def href(self, from_url: str, to_url: str) -> str:
        """A relative link between two site paths, in the site's URL style."""
        if self.options.directory_urls:
            return relative(from_url, to_url)
        target = relative(file_url(from_url), file_url(to_url))
        return target if target != "./" else posixpath.basename(file_url(to_url))

    def absolute(self, url: str) -> str:
        """Absolute address of a site path when the site URL is known."""
        base = self.options.site_url
        return (base.rstrip("/") + "/" + url) if base else "/" + url

    def facet_links(self, record: Record) -> list[tuple[str, list[tuple[str, str]]]]:
        """(facet title, [(label, url)]) for every facet a record carries."""
        groups = [
            ("countries", [code.lower() for code in record.countries]),
            ("regions", record.regions),
            ("drugs", record.drugs),
            ("markets", record.markets),
            ("methods", record.methods),
            ("types", [record.type]),
            ("years", [str(record.year)]),
        ]
        return [(kind, [(facet_label(kind, value), facet_url(kind, value)) for value in values])
                for kind, values in groups if values]

    # Page kinds ----------------------------------------------------------------------------

    def generate(self) -> Iterator[OutputFile]:
        """Every page and asset of the site, in groups: the pages about the whole catalogue,
        each facet value's page, each record's page and downloads. With a page cache, a group
        whose inputs are unchanged comes from the cache folder without being rendered."""
        yield from self._group("catalogue", self.catalogue_key, self._generate_catalogue)
        yield from self._group("changes", self.changes_key, self._generate_changes)
        for kind in FACET_KINDS:
            for value in self._facet_values(kind):
                yield from self._group(f"facet:{kind}:{value}", self._facet_key(kind, value),
                                       lambda kind=kind, value=value: self._facet_page(kind, value))
        for record in self.records:
            yield from self._group(f"record:{record.id}", self.record_keys[record.id],
                                   lambda record=record: self._record_files(record))

    def _group(self, group: str, key: str, make) -> Iterator[OutputFile]:
        cache = self.options.page_cache
        if cache is None:
            yield from make()
            return
        found = cache.get(group, key)
        yield from found if found is not None else cache.put(group, key, list(make()))

    def records_to_render(self) -> list[Record]:
        """The records whose pages must be rendered (all of them without a page cache)."""
        cache = self.options.page_cache
        if cache is None:
            return self.records
        return [record for record in self.records
                if cache.get(f"record:{record.id}", self.record_keys[record.id]) is None]

    def _generate_catalogue(self) -> Iterator[OutputFile]:
        yield from self._generate_home()
        yield from self._generate_redirects()
        for kind in FACET_KINDS:
            yield from self._generate_facet_index(kind)
        yield from self._generate_about()
        yield from self._generate_downloads()
        yield from self._generate_browse()
        yield OutputFile("robots.txt", robots_txt(self.options.site_url))
        yield from self._generate_search()

    @cached_property
    def base_key(self) -> str:
        """What every page depends on besides records: templates, vocabularies, this code and
        the site options."""
        data = [self.templates_fingerprint, self.vocabularies_fingerprint, generator_fingerprint(),
                self.options.site_url, self.options.edit_url, self.options.directory_urls,
                self.options.repo_url, self.options.repo_branch, self.options.issue_url,
                self.options.contact,
                self.options.reports_label, str(self.options.build_date), self.options.version]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()

    @cached_property
    def record_keys(self) -> dict[str, str]:
        """Each record's page key (see _record_key)."""
        return {record.id: self._record_key(record) for record in self.records}

    @cached_property
    def catalogue_key(self) -> str:
        """What the pages about the whole catalogue depend on: every record's key, in order."""
        data = json.dumps([self.base_key, [self.record_keys[record.id] for record in self.records]])
        return hashlib.sha256(data.encode()).hexdigest()

    @cached_property
    def added(self) -> dict[str, date]:
        """The day each record was added, from the git history (history.py); {} without it."""
        return history_of(self.records)

    @cached_property
    def changes_key(self) -> str:
        """The changelog and the feed depend on every record and on the git history."""
        data = json.dumps([self.catalogue_key, sorted((name, day.isoformat())
                                                      for name, day in self.added.items())])
        return hashlib.sha256(data.encode()).hexdigest()

    def _facet_key(self, kind: str, value: str) -> str:
        """A facet value's page depends on the records it lists (a country's page also lists the
        studies of the regions that contain it)."""
        listed = [self.record_keys[record.id] for record in self.index.members[kind].get(value, [])]
        if kind == "countries":
            listed += [self.record_keys[record.id] for _, records in self.regional_groups(value)
                       for record in records]
        return hashlib.sha256(json.dumps([self.base_key, kind, value, listed]).encode()).hexdigest()

    def fragments(self, record: Record) -> dict[str, str]:
        """The record's pieces of the whole-catalogue files (see fragments.py), made once."""
        found = self._fragments.get(record.id)
        if found is None:
            cache = self.options.page_cache
            key = self.record_keys[record.id]
            found = cache.fragment(record.id, key) if cache is not None else None
            if found is None:
                found = record_fragments(record)
                if cache is not None:
                    cache.put_fragment(record.id, key, found)
            self._fragments[record.id] = found
        return found

    @cached_property
    def all_fragments(self) -> list[dict[str, str]]:
        """Every record's fragments, in page order (for the whole-catalogue files)."""
        return [self.fragments(record) for record in self.records]

    def _generate_home(self) -> Iterator[OutputFile]:
        years = [record.year for record in self.records]
        quick = {kind: self.index.values(kind)[:8] for kind in ("countries", "drugs", "markets")}
        counts = {
            "records": len(self.records),
            "countries": len(self.index.members["countries"]),
            "markets": len(self.index.members["markets"]),
            "first_year": min(years, default=None),
            "last_year": max(years, default=None),
        }
        yield OutputFile("index.md", self.render(
            "home.html", "", {"title": "DNM Catalogue", "description":
                              "A checked catalogue of research on darknet drug markets"},
            newest=self.records[:10], quick=quick, counts=counts, charts=[
                years_by_type(self.records),
                horizontal_bars("chart-drugs", "Records per drug", "drugs", self.index),
                horizontal_bars("chart-countries", "Records per country", "countries", self.index),
                market_timeline(self.index)]))

    def _record_key(self, record: Record) -> str:
        """Everything a record's page depends on, hashed: the record, the records it links
        both ways, and the base key (templates, vocabularies, this code, the options)."""
        def summary(other: Record) -> list:
            return [other.id, other.title, other.year, other.authors_short, other.published_in,
                    other.type, other.open_access]

        related = [summary(self.by_id[target]) for target in record.related if target in self.by_id]
        cited_by = [summary(other) for other in self.index.cited_by.get(record.id, [])]
        # The file name only: the path as given depends on the working folder.
        data = [record.to_dict(), Path(record.source_path).name, related, cited_by, self.base_key]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def _record_files(self, record: Record) -> Iterator[OutputFile]:
        """A record's page and its download files."""
        url = record.path
        page_url = self.absolute(url)
        related = [self.by_id[target] for target in record.related if target in self.by_id]
        cited_by = [other for other in self.index.cited_by.get(record.id, [])
                    if other.id not in record.related]
        front = {
            "title": record.title,
            "description": shortened(plain_text(record.summary), 300),
            "citation_meta": highwire_tags(record, page_url),
            "json_ld": script_json(json_ld(record, page_url)),
            "record_id": record.id,
        }
        source_file = f"{self.options.reports_label}/{Path(record.source_path).name}"
        corrections = self.options.corrections
        shown_url = page_url if self.options.site_url else record.path
        exports = record_exports(record, self.fragments(record))
        files = record_downloads(record, exports)
        downloads = [(label, f"{url}{name}") for label, name, _ in files]
        yield OutputFile(f"reports/{record.id}.md", self.render(
            "record.html", url, front, record=record, related=related, cited_by=cited_by,
            facets=self.facet_links(record), source_file=source_file,
            edit_url=corrections.edit_link(source_file, record.id),
            issue_url=corrections.issue_link(record.id, record.title, shown_url),
            contact_url=corrections.contact_link(record.id, shown_url),
            cite=cite_entries(record, exports),
            downloads=downloads, types=vocab.vocabulary("types"),
            # Without a configured site URL the page's own address is the permanent link;
            # catalogue.js shows it in full.
            permalink=page_url if self.options.site_url else self.href(url, url)))
        for _, name, content in files:
            yield OutputFile(f"{url}{name}", content)

    def _generate_redirects(self) -> Iterator[OutputFile]:
        template = self.environment.get_template("redirect.html")
        for record in self.records:
            for old in record.previous_ids:
                url = f"reports/{old}/"
                path = f"{url}index.html" if self.options.directory_urls else file_url(url)
                yield OutputFile(path, template.render(target=self.href(url, record.path),
                                                       record=record))

    def _generate_facet_index(self, kind: str) -> Iterator[OutputFile]:
        url = f"{kind}/"
        if kind in ("countries", "years"):
            values = sorted(self.index.members[kind], reverse=kind == "years")
            if kind == "countries":
                values = sorted(values, key=lambda code: facet_label(kind, code))
            entries = [(value, facet_label(kind, value), self.index.count(kind, value), None)
                       for value in values]
        else:
            vocabulary = vocab.vocabulary(kind)
            entries = [(term.slug, term.label, self.index.count(kind, term.slug), term)
                       for term in vocabulary.in_tree_order()]
        charts = {
            "countries": lambda: horizontal_bars("chart-countries", "Records per country",
                                                 "countries", self.index, limit=20),
            "drugs": lambda: horizontal_bars("chart-drugs", "Records per drug", "drugs",
                                             self.index, limit=25),
            "markets": lambda: market_timeline(self.index),
            "years": lambda: years_by_type(self.records),
        }
        chart = charts[kind]() if kind in charts else None
        if kind == "markets":
            # The timeline's order: the year each market opened, then its name.
            entries = [(term.slug, term.label, self.index.count(kind, term.slug), term)
                       for term in vocab.markets_by_opening()]
        regional_counts = ({value: sum(len(listed) for _, listed in self.regional_groups(value))
                            for value, *_ in entries} if kind == "countries" else {})
        yield OutputFile(f"{kind}/index.md", self.render(
            "facet_index.html", url, {"title": FACET_TITLES[kind]},
            kind=kind, entries=entries, total=len(self.records), chart=chart,
            regional_counts=regional_counts))

    def _facet_values(self, kind: str) -> list[str]:
        values = set(self.index.members[kind])
        if kind == "markets":
            values |= {term.slug for term in vocab.vocabulary("markets")}
        return sorted(values)

    def regional_groups(self, code: str) -> list[tuple[str, list[Record]]]:
        """Studies of the regions containing a country, by narrowest covering region (query.py)."""
        found = self._regional_groups.get(code)
        if found is None:
            found = self._regional_groups[code] = country_coverage(self.records, code)[1]
        return found

    def _facet_page(self, kind: str, value: str) -> Iterator[OutputFile]:
        records = self.index.members[kind].get(value, [])
        regional = []
        if kind == "countries":
            regional = [(region, vocab.vocabulary("regions").label(region), listed)
                        for region, listed in self.regional_groups(value)]
        term = None
        children: list[str] = []
        if kind not in ("countries", "years"):
            term = vocab.vocabulary(kind)[value]
            below = vocab.vocabulary(kind).descendants(value) - {value}
            children = [child.slug for child in vocab.vocabulary(kind).in_tree_order()
                        if child.slug in below]  # a set's order changes from run to run
        label = facet_label(kind, value)
        url = facet_url(kind, value)
        by_year = Counter(record.year for record in records)
        yield OutputFile(f"{kind}/{value.lower()}.md", self.render(
            "facet.html", url, {"title": f"{label} — {FACET_SINGULAR[kind].lower()}"},
            kind=kind, value=value, label=label, records=records, term=term,
            children=children, by_year=sorted(by_year.items()), regional=regional,
            regional_total=sum(len(listed) for _, _, listed in regional)))

    def _generate_about(self) -> Iterator[OutputFile]:
        coverage = {kind: [(value, facet_label(kind, value), self.index.count(kind, value))
                           for value in self.index.values(kind)]
                    for kind in ("years", "types", "countries", "drugs", "markets")}
        coverage["years"].sort(key=lambda entry: entry[0])
        corrections = self.options.corrections
        yield OutputFile("about.md", self.render(
            "about.html", "about/", {"title": "About the catalogue"},
            fields=FIELDS, coverage=coverage, total=len(self.records), corrections=corrections,
            issue_form=corrections.issue_form,
            contact_link=corrections.contact_link(),
            edit_pattern=corrections.edit_link("reports/x.yaml", "x")))

    def _generate_browse(self) -> Iterator[OutputFile]:
        facets = []
        for param, kind in FACET_PARAMS.items():
            title = FACET_TITLES[kind]
            if kind == "countries":
                values = [{"slug": code, "label": facet_label(kind, code), "child": False}
                          for code in sorted(self.index.members[kind],
                                             key=lambda code: facet_label(kind, code))]
            else:
                vocabulary = vocab.vocabulary(kind)
                values = [{"slug": term.slug, "label": term.label, "child": bool(term.parent)}
                          for term in vocabulary.in_tree_order()
                          if self.index.count(kind, term.slug)]
            facets.append({"param": param, "title": title, "values": values})
        # A faceted search needs the page's width: no (empty) table of contents beside it, and
        # a wider grid (overrides/wide.html).
        yield OutputFile("browse.md", self.render(
            "browse.html", "browse/", {"title": "Browse and filter", "hide": ["toc"],
                                       "template": "wide.html"}, facets=facets))
        yield OutputFile("browse/data.js", data_script(self.records))
        yield OutputFile("browse/text.js", fragments.text_script(self.all_fragments))
        yield OutputFile("browse/exports.js", fragments.exports_script(self.records, self.all_fragments))

    def _generate_changes(self) -> Iterator[OutputFile]:
        """The changelog page (every change, by day) and the Atom feed (latest records)."""
        changes = catalogue_changes(self.records, self.added)
        days = [(day, list(group)) for day, group in groupby(changes[:CHANGES_LIMIT],
                                                            key=lambda change: change.day)]
        yield OutputFile("changes.md", self.render(
            "changes.html", "changes/", {"title": "Changes",
                                         "description": "Records added and revised, by day"},
            days=days, total=len(changes), shown=min(len(changes), CHANGES_LIMIT),
            has_history=bool(self.added), feed_limit=FEED_LIMIT))
        yield OutputFile(FEED_PATH, atom_feed(changes, self.feed_address, self.options.build_date))

    def feed_address(self, url: str) -> str:
        """A site path as the feed writes it: absolute under the site URL, else relative to the
        feed, which is at the site's root."""
        if self.options.site_url:
            return self.options.site_url.rstrip("/") + "/" + url
        if not self.options.directory_urls:
            return file_url(url) if url else "index.html"
        return url or "./"
    def _generate_search(self) -> Iterator[OutputFile]:
        def url_of(path: str) -> str:
            return path if self.options.directory_urls else file_url(path)

        label = cache(facet_label)  # for this index only: `serve` may reload vocabularies
        entries = [record_entry(record, url_of(record.path), record_facet_values(record), label)
                   for record in self.records]
        facet_values = {kind: self._facet_values(kind) for kind in FACET_KINDS}
        entries += page_entries(facet_values, url_of)
        yield from index_files(entries, len(self.records))

    def _generate_downloads(self) -> Iterator[OutputFile]:
        files = catalogue_files(self.records, self.all_fragments)
        listing = [(label, name, description, len(content.encode("utf-8")))
                   for label, name, description, content in files]
        yield OutputFile("downloads.md", self.render(
            "downloads.html", "downloads/", {"title": "Downloads"}, files=listing,
            total=len(self.records)))
        for _, name, _, content in files:
            yield OutputFile(f"downloads/{name}", content)


def catalogue_files(records: list[Record], pieces: list[dict[str, str]] | None = None,
                    ) -> list[tuple[str, str, str, str]]:
    """(label, file name, description, content) of the whole-catalogue downloads, joined from
    the records' fragments (the same bytes as exports.py gives for the whole list)."""
    from ..records.schema import schema_text

    if pieces is None:
        pieces = [record_fragments(record) for record in records]
    return [
        ("BibTeX", "dnm-catalogue.bib", "for BibTeX, BibLaTeX, JabRef and most reference managers",
         fragments.bibtex_file(pieces)),
        ("RIS", "dnm-catalogue.ris", "for Zotero, EndNote, Mendeley and RefWorks",
         fragments.ris_file(pieces)),
        ("CSL-JSON", "dnm-catalogue.csl.json", "for Zotero, pandoc and citeproc tools",
         fragments.json_array([piece["csl"] for piece in pieces])),
        ("CSV", "dnm-catalogue.csv", "one row a record, every field, for spreadsheets",
         fragments.csv_file(pieces)),
        ("JSON", "dnm-catalogue.json", "every field of every record, for programs",
         fragments.json_array([piece["json"] for piece in pieces])),
        ("JSON Schema", "record.schema.json", "the record format, for editors and validators",
         schema_text()),
    ]


MACHINE_FORMATS = (("bibtex", "BibTeX", "bib", to_bibtex), ("ris", "RIS", "ris", to_ris),
                   ("csl-json", "CSL-JSON", "json", to_csl_json))


def record_exports(record: Record, pieces: dict[str, str] | None = None) -> dict[str, str]:
    """One record in each machine format, shown in the Cite panel and offered as downloads,
    joined from its fragments (the same bytes as the exporters in MACHINE_FORMATS give)."""
    pieces = pieces or record_fragments(record)
    return {"bibtex": fragments.bibtex_file([pieces]), "ris": fragments.ris_file([pieces]),
            "csl-json": fragments.json_array([pieces["csl"]])}


def cite_entries(record: Record, exports: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per tab of the Cite panel: formatted styles as HTML, machine formats as text."""
    entries = []
    for key, label in STYLE_LABELS.items():
        entries.append({"key": key, "label": label, **reference_html(record, key)})
    for key, label, _, _ in MACHINE_FORMATS:
        entries.append({"key": key, "label": label, "html": None, "text": exports[key]})
    return entries


def reference_html(record: Record, style: str) -> dict[str, Any]:
    """A formatted reference for the Cite panel: where the style prints an access date, an
    empty element that the page script fills with the day the reader copies the reference
    (never the catalogue's own review date); without JavaScript no access date is shown."""
    split = split_at_access_date(record, style, "html")
    if split is None:
        return {"html": Markup(format_reference(record, style, output="html")), "access": False}
    before, after = split
    templates = html.escape(json.dumps(access_clause_templates(style)), quote=True)
    return {"html": Markup(f'{before}<span class="dnm-accessed" data-templates="{templates}">'
                           f'</span>{after}'), "access": True}


def record_downloads(record: Record, exports: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, file name, content) of one record's download files."""
    return [(f"{label} (.{suffix})", f"{record.id}.{suffix}", exports[key])
            for key, label, suffix, _ in MACHINE_FORMATS]


def generate_site_files(records: list[Record], templates_dir: Path = DEFAULT_TEMPLATES,
                        options: SiteOptions | None = None) -> list[OutputFile]:
    """All generated files, in a stable order."""
    options = options or SiteOptions()
    generator = PageGenerator(records, templates_dir, options)
    to_render = generator.records_to_render()
    cache_file = options.cache_dir / "citations.json" if options.cache_dir else None
    if to_render and cache_file:
        load_cache(cache_file)
    if to_render:
        format_all(to_render)  # every style of these records, in parallel, before pages ask
    files = list(generator.generate())
    if to_render and cache_file:
        save_cache(cache_file, records)
    return files


@cache
def generator_fingerprint() -> str:
    """This package's code, citation styles and the versions of the libraries that render text:
    a cached page made by other code is not reused."""
    import citeproc
    import markdown
    import nh3

    digest = hashlib.sha256(f"{__version__} {citeproc.__version__} {jinja2.__version__} "
                            f"{markdown.__version__} {getattr(nh3, '__version__', '')}".encode())
    package = Path(__file__).resolve().parents[1]  # dnm_catalogue, every stage of it
    for path in sorted([*package.rglob("*.py"), *package.glob("citations/styles/*")]):
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()
