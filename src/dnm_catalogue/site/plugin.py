"""MkDocs glue: load and validate records, hand the generated pages to MkDocs as virtual files."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..records import source_kinds, vocabularies
from ..records.catalogue import FileMemo, check_catalogue
from ..records.load import LoadError
from ..records.problems import count_line
from .build import BUILD_STAMP, DirtyWarningFilter
from .corrections import Corrections
from .folder import SITE_MARKER
from .generator import DEFER_END, DEFER_START, SiteOptions, generate_site_files
from .history import added_dates
from .output import OutputFile
from .page_cache import PageCache
from .pages.withdrawn import Withdrawn
from .progress import Progress, plural

log = logging.getLogger("mkdocs.plugins.dnm_catalogue")
VOCABULARIES = Path(vocabularies.__file__).with_name("vocabularies")  # the data files, for `serve`
NAV_PAGES = {"index.md", "browse.md", "about.md", "downloads.md", "changes.md"}


class CatalogueConfig(Config):
    """Options of the `dnm-catalogue` plugin in mkdocs.yml."""

    reports = c.Type(str, default="reports")
    """Folder of record files, relative to mkdocs.yml."""
    candidates = c.Type(str, default="candidates")
    """Folder of records withdrawn until an authoritative source confirms them, relative to
    mkdocs.yml: never built, but each one's address says it was withdrawn (if it is missing,
    there are none)."""
    templates = c.Type(str, default="templates")
    """Folder of the Jinja2 page templates, relative to mkdocs.yml."""
    edit_url = c.Optional(c.Type(str))
    """Where a record's file is edited: a format string with {path} and {id} (default: from repo_url)."""
    repo_url = c.Optional(c.Type(str))
    """The catalogue's repository (GitHub, GitLab, Codeberg or another Gitea/Forgejo), where
    readers correct a record or open an issue (default: MkDocs' repo_url)."""
    repo_branch = c.Optional(c.Type(str))
    """The repository's branch that records are edited on (default: from MkDocs' edit_uri, else main)."""
    issue_url = c.Optional(c.Type(str))
    """A new-issue form: a format string with {id}, {title} and {page} (default: from repo_url)."""
    contact = c.Optional(c.Type(str))
    """An e-mail address or web page for corrections, for a catalogue without a repository."""
    cache_dir = c.Type(str, default=".cache/dnm-catalogue")
    """Folder for formatted references kept between builds, relative to mkdocs.yml."""


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    """Generates record, facet, home, about and download pages from reports/."""

    # Plain builds (also `mkdocs.commands.build.build` called directly, without on_startup).
    incremental = False
    # Set by `dnm-catalogue build`: records it has validated already, and whether generated
    # files are kept in the cache folder (so a dirty build skips unchanged pages). The search
    # index is generated with the pages (search_index.py), so a dirty build needs nothing more.
    records: list | None = None
    persistent = False
    linked_site = False  # the site folder starts as hard links to the previous site's files
    site_files: list[str] | None = None
    progress: Progress | None = None  # set by `dnm-catalogue build`: a line on the terminal
    file_memo: FileMemo | None = None  # `serve`: unchanged record files are not checked again

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `serve` rebuilds. A dirty serve
        # (`dnm-catalogue serve`) rebuilds only pages whose generated text changed: pages are
        # written to the cache folder only when different, so MkDocs skips the others.
        self.incremental = command == "serve" and dirty
        if command == "serve":
            self.file_memo = FileMemo()
        if self.incremental:
            # `mkdocs serve --dirty` is safe with this plugin: let it run in strict mode too.
            logging.getLogger("mkdocs.commands.build").addFilter(DirtyWarningFilter())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        vocabularies.reload()  # `serve` rebuilds in one process: read edited vocabularies
        source_kinds.reload()
        try:
            vocabularies.load_all()
        except LoadError as error:
            raise PluginError(f"dnm-catalogue: {error.problem}") from error
        base = Path(config.config_file_path or ".").parent
        self.reports_dir = (base / self.config.reports).resolve()
        self.candidates_dir = (base / self.config.candidates).resolve()
        self.templates_dir = (base / self.config.templates).resolve()
        self.cache_dir = (base / self.config.cache_dir).resolve()
        self.site_url = config.site_url or ""
        self.corrections = dict(
            repo_url=self.config.repo_url or config.repo_url or None,
            repo_branch=self.config.repo_branch or _edit_branch(config.edit_uri or "") or "main",
            edit_url=self.config.edit_url, issue_url=self.config.issue_url,
            contact=self.config.contact)
        try:
            Corrections(**self.corrections)  # the addresses are checked once, here
        except ValueError as error:
            raise PluginError(f"dnm-catalogue: {error}") from error
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not (self.incremental or self.persistent):
            # A plain `mkdocs build` into a folder `dnm-catalogue build` made: from now on its
            # pages are not the ones the cache folder describes, even if this build fails.
            (Path(config.site_dir) / BUILD_STAMP).unlink(missing_ok=True)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        records = self.records
        if records is None:
            catalogue = check_catalogue([self.reports_dir], memo=self.file_memo)
            if catalogue.problems:
                for problem in catalogue.problems:
                    log.error(str(problem))
                raise PluginError(count_line(catalogue.problems, catalogue.files_checked))
            records = catalogue.records
        self.generated_pages: set[str] = set()
        self.bodies: dict[str, str] = {}
        self.deferred: dict[str, list[str]] = {}
        # `serve` pages carry the local address, so they are kept apart from the built site's.
        page_cache = (PageCache(self.cache_dir / ("serve" if self.incremental else "build"))
                      if self.persistent or self.incremental else None)
        if self.progress is not None:
            self.progress.show(f"Generating pages from {plural(len(records), 'record')}…")
        options = SiteOptions(site_url=self.site_url, directory_urls=config.use_directory_urls,
                              cache_dir=self.cache_dir, reports_label=self.reports_dir.name,
                              page_cache=page_cache, withdrawn=self._withdrawn(records),
                              **self.corrections)
        for output in generate_site_files(records, self.templates_dir, options):
            files.append(self._generate_file(output, config))
            if output.is_page:
                self.generated_pages.add(output.path)
        if page_cache is not None:
            page_cache.save()
        self.built_urls: set[str] = set()
        self.pages_read = self.pages_rendered = 0
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        # The pages MkDocs will read and render (a dirty build only those that changed).
        dirty = self.incremental or self.linked_site
        self.pages_to_build = sum(1 for file in files.documentation_pages()
                                  if not dirty or file.is_modified())
        return nav

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages are one block of finished HTML: Python-Markdown would only pass it
        # through (raw HTML is not reprocessed), at a third of the build's time. Hand MkDocs an
        # empty document and put the HTML back as the page content.
        if page.file.src_uri in self.generated_pages:
            self.bodies[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        self.built_urls.add(page.url)
        if self.progress is not None:
            self.pages_read += 1
            self.progress.step("Reading pages", self.pages_read, max(self.pages_to_build, self.pages_read))
        body = self.bodies.pop(page.file.src_uri, html)
        if DEFER_START not in body:
            return body
        # Long blocks (record lists, the Cite panel) are left out of the page while other
        # plugins see it and the theme renders it, and put back in the finished HTML
        # (on_post_page): the same page, without parsing them twice.
        kept, deferred = [], []
        for part in body.split(DEFER_START):
            if DEFER_END in part:
                block, rest = part.split(DEFER_END, 1)
                kept.append(_deferred_placeholder(len(deferred)))
                deferred.append(block.strip("\n"))
                kept.append(rest)
            else:
                kept.append(part)
        self.deferred[page.file.src_uri] = deferred
        return "".join(kept)

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.pages_rendered += 1
            self.progress.step("Rendering pages", self.pages_rendered,
                               max(self.pages_to_build, self.pages_rendered))
        for number, block in enumerate(self.deferred.pop(page.file.src_uri, ())):
            output = output.replace(_deferred_placeholder(number), block, 1)
        return output

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # The theme's templates are compiled again by every build; keep their bytecode.
        (self.cache_dir / "jinja").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.cache_dir / "jinja"))
        if self.linked_site:
            _unlink_what_may_be_written(Path(config.site_dir), files)
        self.site_files = [file.dest_uri for file in files]
        self.page_count = len(files.documentation_pages())  # for the build's summary
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Marks the folder as a site this program built: `dnm-catalogue build` replaces only
        # such folders (or empty ones).
        (Path(config.site_dir) / SITE_MARKER).write_text("built by dnm-catalogue\n", encoding="utf-8")

    def _generate_file(self, output: OutputFile, config: MkDocsConfig) -> File:
        inclusion = (InclusionLevel.INCLUDED if output.path in NAV_PAGES or output.path.endswith(
            "/index.md") else InclusionLevel.NOT_IN_NAV)
        if output.stored is None:
            return File.generated(config, output.path, content=output.content, inclusion=inclusion)
        return File.generated(config, output.path, abs_src_path=str(output.stored),
                              inclusion=inclusion)

    def _withdrawn(self, records: list) -> tuple[Withdrawn, ...]:
        """The records in the candidates folder, whose addresses say they were withdrawn. One
        that does not validate is left out and named (at INFO level: a strict build does not
        stop for a record that is not published; tests/test_source_kinds.py holds them valid)."""
        if self.candidates_dir == self.reports_dir or not self.candidates_dir.is_dir():
            return ()
        shipped = {record.id for record in records}
        candidates = check_catalogue([self.candidates_dir], known_ids=shipped)
        for problem in candidates.problems:
            log.info(f"dnm-catalogue: withdrawn record left without a notice: {problem}")
        # The day each file arrived in the candidates folder; the generator keeps it only for a
        # record that had been published (its file once in reports/).
        arrived = added_dates(self.candidates_dir)
        return tuple(Withdrawn(record, arrived.get(record.id)) for record in candidates.records
                     if record.id not in shipped)

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in (self.reports_dir, self.candidates_dir, self.templates_dir, VOCABULARIES):
            if path.exists():
                server.watch(str(path))
        return server


def _edit_branch(edit_uri: str) -> str | None:
    """The branch in MkDocs' edit_uri ('edit/main/docs/', '-/edit/main/docs/'), if it names one."""
    match = re.match(r"^/?(?:-/)?(?:edit|blob|_edit|src/branch)/([^/]+)/", edit_uri)
    return match.group(1) if match else None


def _deferred_placeholder(number: int) -> str:
    return f"<!--dnm:deferred:{number}-->"


def _unlink_what_may_be_written(site_dir: Path, files: Files) -> None:
    """In a site folder of hard links to the published site, remove every file this dirty
    build may write, so that writing creates a new file instead of changing the published
    one: MkDocs writes only files whose source is newer (pages, assets) and files that are
    not in `files` (sitemap, 404 page). What stays is exactly the unchanged
    files, which MkDocs leaves alone."""
    unchanged = {os.path.normpath(file.abs_dest_path) for file in files if not file.is_modified()}
    for folder, _, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.normpath(path) not in unchanged:
                os.unlink(path)
