"""MkDocs glue: load and validate records, hand the generated pages to MkDocs as virtual files."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import vocabularies
from .pages import OutputFile, SiteOptions, generate_site_files
from .problems import count_line
from .validate import check_catalogue

log = logging.getLogger("mkdocs.plugins.dnm_catalogue")
VOCABULARIES = Path(__file__).parent / "vocabularies"
NAV_PAGES = {"index.md", "browse.md", "about.md", "downloads.md"}


class CatalogueConfig(Config):
    """Options of the `dnm-catalogue` plugin in mkdocs.yml."""

    reports = c.Type(str, default="reports")
    """Folder of record files, relative to mkdocs.yml."""
    templates = c.Type(str, default="templates")
    """Folder of the Jinja2 page templates, relative to mkdocs.yml."""
    edit_url = c.Optional(c.Type(str))
    """Where 'Suggest a correction' leads: a format string with {path} and {id}."""
    cache_dir = c.Type(str, default=".cache/dnm-catalogue")
    """Folder for formatted references kept between builds, relative to mkdocs.yml."""


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    """Generates record, facet, home, about and download pages from reports/."""

    # Plain builds (also `mkdocs.commands.build.build` called directly, without on_startup).
    incremental = False
    search_docs: list[dict] | None = None
    render_cache: dict[str, list] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance across `serve` rebuilds. A dirty serve
        # (`dnm-catalogue serve`) rebuilds only pages whose generated text changed: pages are
        # written to the cache folder only when different, so MkDocs skips the others, and
        # the search index of skipped pages is carried over from the previous build.
        self.incremental = command == "serve" and dirty
        self.search_docs = None
        self.render_cache = {} if self.incremental else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        vocabularies.reload()  # `serve` rebuilds in one process: read edited vocabularies
        base = Path(config.config_file_path or ".").parent
        self.reports_dir = (base / self.config.reports).resolve()
        self.templates_dir = (base / self.config.templates).resolve()
        self.cache_dir = (base / self.config.cache_dir).resolve()
        self.site_url = config.site_url or ""
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalogue = check_catalogue([self.reports_dir])
        if catalogue.problems:
            for problem in catalogue.problems:
                log.error(str(problem))
            raise PluginError(count_line(catalogue.problems, catalogue.files_checked))
        self.generated_pages: set[str] = set()
        self.bodies: dict[str, str] = {}
        options = SiteOptions(site_url=self.site_url, edit_url=self.config.edit_url,
                              directory_urls=config.use_directory_urls, cache_dir=self.cache_dir,
                              reports_label=self.reports_dir.name,
                              render_cache=self.render_cache)
        for output in generate_site_files(catalogue.records, self.templates_dir, options):
            files.append(self._generate_file(output, config))
            if output.is_page:
                self.generated_pages.add(output.path)
        self.page_urls = {file.url for file in files.documentation_pages()}
        self.built_urls: set[str] = set()
        return files

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
        return self.bodies.pop(page.file.src_uri, html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.incremental:
            return
        index_path = Path(config.site_dir) / "search" / "search_index.json"
        if not index_path.is_file():
            return
        index = json.loads(index_path.read_text("utf-8"))
        if self.search_docs is not None:
            # Keep what the skipped pages contributed; drop pages that no longer exist.
            kept = [doc for doc in self.search_docs
                    if (page := doc["location"].split("#", 1)[0]) not in self.built_urls
                    and page in self.page_urls]
            index["docs"] = kept + index["docs"]
            index_path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
        self.search_docs = index["docs"]

    def _generate_file(self, output: OutputFile, config: MkDocsConfig) -> File:
        inclusion = (InclusionLevel.INCLUDED if output.path in NAV_PAGES or output.path.endswith(
            "/index.md") else InclusionLevel.NOT_IN_NAV)
        if not self.incremental:
            return File.generated(config, output.path, content=output.content, inclusion=inclusion)
        path = self.cache_dir / "pages" / output.path
        content = output.content.encode("utf-8") if isinstance(output.content, str) else output.content
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)  # a new modification time: MkDocs rebuilds this page
        return File.generated(config, output.path, abs_src_path=str(path), inclusion=inclusion)

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in (self.reports_dir, self.templates_dir, VOCABULARIES):
            server.watch(str(path))
        return server
