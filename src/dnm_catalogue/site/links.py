"""Site paths and the links between them, with directory URLs ('reports/x/') or without
('reports/x.html', for copies opened from the file system)."""

from __future__ import annotations

import posixpath

INDEX_SECTIONS = {"countries", "regions", "drugs", "markets", "years", "types", "methods"}


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
