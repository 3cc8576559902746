"""Serving a built site on loopback, the two screen sizes, and finding the system Chromium for
Playwright."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from dnm_catalogue.records.catalogue import check_catalogue
from dnm_catalogue.site.build import build_site
from sitebuild import site_config, write_small_catalogue

# Every browser matter is tried at a desktop's and a phone's size.
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The system Chromium (Playwright cannot download its own here)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("Chromium is needed for the browser tests: apt-get install chromium "
                       "(scripts/test installs it when run as root)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class SiteServer:
    """A static file server for a site folder on 127.0.0.1, on a free port."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def served_site(folder: Path, write_catalogue: Callable[[Path], None] | None = None,
                reports: Path | None = None) -> Iterator[SiteServer]:
    """A catalogue built into folder/site with the project's mkdocs.yml, for the address it is
    served from on loopback (so instant navigation works): the records in `reports`, by
    default folder/reports as `write_catalogue` writes it. The server also knows the site
    folder, the reports folder and the valid records."""
    reports = reports or folder / "reports"
    if write_catalogue is not None:
        write_catalogue(reports)
    with SiteServer(folder / "site") as server:
        build_site(reports, folder / "site", site_config(folder, reports, site_url=server.url))
        server.folder = folder / "site"
        server.reports = reports
        server.records = check_catalogue([reports]).records
        yield server


def offline_copy_of_small_catalogue(folder: Path) -> Path:
    """The small catalogue (sitebuild.py) built as an offline copy into folder/site."""
    reports = folder / "reports"
    write_small_catalogue(reports)
    build_site(reports, folder / "site", site_config(folder, reports), offline=True)
    return folder / "site"


def serious_violations(page, context: dict | None = None, options: dict | None = None) -> list:
    """axe's serious and critical violations on a page, as (rule, [targets]) pairs."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options=options)
    return [(violation["id"], [node["target"] for node in violation["nodes"]])
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")]
