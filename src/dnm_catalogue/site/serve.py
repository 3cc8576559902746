"""`dnm-catalogue serve`: MkDocs' live-reload server that keeps serving the last good site.

MkDocs' own server stops answering while a rebuild fails ("the server will appear stuck") and
exits when the first build fails. Here a failed build is reported in the terminal and on every
page (a banner above the last good site, or an error page when there is none yet), and the
server starts and keeps running whatever the records hold.
"""

from __future__ import annotations

import errno
import html
import logging
import os
import shutil
import sys
import tempfile
from urllib.parse import urlsplit

from ..records.problems import escaped

BANNER_ID = "dnm-serve-error"


class AddressInUse(Exception):
    """The address to serve on is taken."""


class _ErrorCollector(logging.Handler):
    """Collects the error lines a build logs, for the banner."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def banner_html(lines: list[str]) -> str:
    """The build error shown at the top of every served page."""
    items = "\n".join(html.escape(line) for line in lines[-50:])
    return (f'<div id="{BANNER_ID}" role="alert" style="position:sticky;top:0;z-index:1000;'
            'background:#8b0000;color:#fff;padding:.6em 1em;font:14px/1.4 monospace;'
            'max-height:45vh;overflow:auto;white-space:pre-wrap">'
            "<strong>The site could not be rebuilt; this is the last good version. Fix the "
            f"problems below and save: the page reloads.</strong>\n{items}</div>")


def serve_site(config_file: str, address: str, polling_interval: float = 0.2) -> None:
    """Serve with live reload; records, vocabularies and templates are watched by the plugin."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from .build import DirtyWarningFilter

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = tempfile.mkdtemp(prefix="dnm-catalogue-serve-")
    errors: list[str] = []

    def get_config():
        config = load_config(config_file=config_file, site_dir=site_dir, dev_addr=address, strict=False)
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    dirty_filter = DirtyWarningFilter()

    def builder(config=None) -> None:
        # Never raises: a failed build keeps the last good site and shows why on its pages.
        collector = _ErrorCollector()
        logging.getLogger("mkdocs").addHandler(collector)
        logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
        try:
            if config is None:
                config = get_config()
            config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=True)
        except BaseException as error:  # a plugin error, a broken template, a bad mkdocs.yml
            if isinstance(error, KeyboardInterrupt):
                raise
            lines = collector.lines or [f"{type(error).__name__}: {error}"]
            errors[:] = lines
            print("\n".join(escaped(line) for line in lines), file=sys.stderr)
            shown = ("the last good version" if os.path.isfile(os.path.join(site_dir, "index.html"))
                     else "an error page")
            print(f"The site could not be rebuilt: serving {shown}, with the problems shown on "
                  "every page, until they are fixed.", file=sys.stderr)
        else:
            if errors:
                print("The problems are fixed: serving the new site.", file=sys.stderr)
            errors.clear()
        finally:
            logging.getLogger("mkdocs").removeHandler(collector)
            logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)

    class Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            if errors:
                marker = content.find(b">", content.find(b"<body")) + 1
                if marker > 0:
                    content = content[:marker] + banner_html(errors).encode() + content[marker:]
            return content

    server = Server(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path,
                    polling_interval=polling_interval)

    def error_page(code: int) -> bytes | None:
        if errors:  # no good site yet, or a page the failed build did not make
            body = banner_html(errors).replace("this is the last good version", "there is no site yet")
            return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Build failed"
                    f"</title></head><body>{body}</body></html>").encode()
        page = os.path.join(site_dir, f"{code}.html")
        if code in (404, 500) and os.path.isfile(page):
            with open(page, "rb") as stream:
                return stream.read()
        return None

    server.error_handler = error_page
    try:
        server.server_bind()  # before the first build: a taken address is reported at once
    except OSError as error:
        server.server_close()
        shutil.rmtree(site_dir, ignore_errors=True)
        if error.errno == errno.EADDRINUSE:
            raise AddressInUse(f"{host}:{port} is in use (another server runs there); "
                               "choose another address with --dev-addr") from error
        raise
    server.server_bind = lambda: None  # bound above: serve() would bind again
    try:
        config.site_url = serve_url
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        print(f"Serving on {serve_url} (Ctrl+C to stop)", file=sys.stderr)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
