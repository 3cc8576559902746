"""MkDocs glue: load and validate records, hand the generated pages to MkDocs as virtual files."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

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

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
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
                              reports_label=self.reports_dir.name)
        for output in generate_site_files(catalogue.records, self.templates_dir, options):
            files.append(self._generate_file(output, config))
            if output.is_page:
                self.generated_pages.add(output.path)
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
        return self.bodies.pop(page.file.src_uri, html)

    def _generate_file(self, output: OutputFile, config: MkDocsConfig) -> File:
        inclusion = (InclusionLevel.INCLUDED if output.path in NAV_PAGES or output.path.endswith(
            "/index.md") else InclusionLevel.NOT_IN_NAV)
        return File.generated(config, output.path, content=output.content, inclusion=inclusion)

    def on_serve(self, server, config: MkDocsConfig, builder):
        for path in (self.reports_dir, self.templates_dir, VOCABULARIES):
            server.watch(str(path))
        return server
