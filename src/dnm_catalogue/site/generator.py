"""Records -> site pages as Markdown files with front matter, rendered from Jinja2 templates.

Nothing here depends on MkDocs: `dnm-catalogue render --out DIR` writes these files, and the
MkDocs plugin hands the same files to MkDocs as virtual pages. PageGenerator holds what every
page shares (records, the facet index, templates, links, fragments, the page-cache keys); each
page kind is made in its own module in pages/, called from one `_generate_*` method here.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..citations.formatting import format_all, load_cache, save_cache
from ..records import vocabularies as vocab
from ..records.markup import render_markdown
from ..records.model import Record, year_span
from ..records.query import country_coverage, newest_first
from .corrections import Corrections
from .facets import FACET_KINDS, FACET_SINGULAR, FACET_TITLES, FacetIndex, facet_label
from .fragments import record_fragments
from .history import history_of
from .links import file_url, relative
from .output import OutputFile
from .page_cache import PageCache
from .pages import about, browse, changes, downloads, facet, home, redirects, robots, search
from .pages import record as record_page
from .pages.withdrawn import Withdrawn, withdrawn_pages

DEFAULT_TEMPLATES = Path("templates")
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
    # Records withdrawn from the catalogue whose addresses keep a notice (pages/withdrawn.py).
    withdrawn: tuple[Withdrawn, ...] = ()
    version: str = __version__
    build_date: date = field(default_factory=date.today)

    @property
    def corrections(self) -> Corrections:
        """The ways to send a correction that these options configure."""
        return Corrections(repo_url=self.repo_url, repo_branch=self.repo_branch,
                           edit_url=self.edit_url, issue_url=self.issue_url, contact=self.contact)


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

    # Page groups and their keys (the page cache) -----------------------------------------

    def generate(self) -> Iterator[OutputFile]:
        """Every page and asset of the site, in groups: the pages about the whole catalogue,
        each facet value's page, each record's page and downloads. With a page cache, a group
        whose inputs are unchanged comes from the cache folder without being rendered."""
        yield from self._group("catalogue", self.catalogue_key, self._generate_catalogue)
        yield from self._group("changes", self.changes_key, self._generate_changes)
        yield from self._group("withdrawn", self.withdrawn_key, self._generate_withdrawn)
        for kind in FACET_KINDS:
            for value in self.facet_values(kind):
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
        """The pages about the whole catalogue (one page-cache group)."""
        yield from self._generate_home()
        yield from self._generate_redirects()
        for kind in FACET_KINDS:
            yield from self._generate_facet_index(kind)
        yield from self._generate_about()
        yield from self._generate_downloads()
        yield from self._generate_browse()
        yield from self._generate_robots()
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
    def withdrawn(self) -> list[Withdrawn]:
        """The withdrawn records whose addresses no record holds (as its id or a previous id),
        by id. Each keeps its day only if it had been published: its file is in the history of
        the records' folder (`added`), which a draft committed straight to candidates/ is not."""
        taken = {name for record in self.records for name in (record.id, *record.previous_ids)}
        return [item if item.id in self.added else replace(item, day=None)
                for item in sorted(self.options.withdrawn, key=lambda item: item.id)
                if item.id not in taken]

    @cached_property
    def withdrawn_key(self) -> str:
        """The withdrawn records' notices depend on them and on the days they left."""
        data = json.dumps([self.base_key, [item.key for item in self.withdrawn]])
        return hashlib.sha256(data.encode()).hexdigest()

    @cached_property
    def changes_key(self) -> str:
        """The changelog and the feed depend on every record and on the git history."""
        data = json.dumps([self.catalogue_key, sorted((name, day.isoformat())
                                                      for name, day in self.added.items()),
                           [item.key for item in self.withdrawn]])
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

    def facet_values(self, kind: str) -> list[str]:
        """The values of a facet that get a page (every market of the vocabulary, listed or not)."""
        values = set(self.index.members[kind])
        if kind == "markets":
            values |= {term.slug for term in vocab.vocabulary("markets")}
        return sorted(values)

    def regional_groups(self, code: str) -> list[tuple[str, list[Record]]]:
        """Studies of the regions containing a country, by narrowest covering region (records/query.py)."""
        found = self._regional_groups.get(code)
        if found is None:
            found = self._regional_groups[code] = country_coverage(self.records, code)[1]
        return found

    # Page kinds: one method each, the kind's function in its module of pages/ ------------
    # (each takes the generator first, so it is a method as it stands)

    _generate_home = home.home_page
    _record_files = record_page.record_files
    _generate_redirects = redirects.redirect_pages
    _generate_withdrawn = withdrawn_pages
    _generate_facet_index = facet.facet_index_page
    _facet_page = facet.facet_value_page
    _generate_about = about.about_page
    _generate_downloads = downloads.downloads_page
    _generate_browse = browse.browse_files
    _generate_changes = changes.changes_files
    _generate_search = search.search_files
    _generate_robots = robots.robots_file


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
