"""robots.txt: every page may be crawled; the sitemap is named when the site's address is known."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def robots_txt(site_url: str) -> str:
    """robots.txt: every page may be crawled, and the sitemap (every page, records included) is
    named when the site's address is known."""
    text = "User-agent: *\nAllow: /\n"
    return text + f"\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n" if site_url else text


def robots_file(generator: PageGenerator) -> Iterator[OutputFile]:
    """robots.txt for the site's address."""
    yield OutputFile("robots.txt", robots_txt(generator.options.site_url))
