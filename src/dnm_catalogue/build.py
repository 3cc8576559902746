"""Build the site safely: validate first, build into a temporary folder, swap only on success."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from .pages import OutputFile, SiteOptions, generate_site_files
from .problems import count_line, format_text
from .validate import check_catalogue

PLUGIN_NAME = "dnm-catalogue"


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched."""


def validate_or_fail(reports: Path) -> list:
    """Valid records, or BuildFailed carrying every problem."""
    catalogue = check_catalogue([reports])
    if catalogue.problems:
        raise BuildFailed(format_text(catalogue.problems) + "\n"
                          + count_line(catalogue.problems, catalogue.files_checked))
    return catalogue.records


def render_markdown_tree(reports: Path, templates: Path, out: Path,
                         options: SiteOptions | None = None) -> list[OutputFile]:
    """Write every generated page and asset under `out` (the MkDocs-independent output)."""
    files = generate_site_files(validate_or_fail(reports), templates, options)
    for output in files:
        target = out / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(output.content, bytes):
            target.write_bytes(output.content)
        else:
            target.write_text(output.content, encoding="utf-8")
    return files


OFFLINE_SHIM = "assets/vendor/iframe-worker-shim.js"


def configure_offline(config) -> None:
    """A copy that works from file://: Material's offline plugin, no instant navigation, no CDN."""
    offline = config.plugins.get("material/offline")
    if offline is None:
        raise BuildFailed("--offline needs the 'offline' plugin listed in mkdocs.yml")
    offline.config["enabled"] = True
    # The offline plugin would add a script from a CDN unless a local iframe-worker is listed.
    config.extra["polyfills"] = [OFFLINE_SHIM]
    features = config.theme.get("features") or []
    config.theme["features"] = [name for name in features if name != "navigation.instant"]
    config.site_url = None


def build_site(reports: Path, site_dir: Path, config_file: Path = Path("mkdocs.yml"),
               offline: bool = False) -> None:
    """Validate, build with MkDocs into a temporary folder, then replace site_dir atomically."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    validate_or_fail(reports)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}-build-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by an interrupted build
    temporary = site_dir.parent / f".{site_dir.name}-build-{os.getpid()}"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), site_dir=str(temporary), strict=True)
        plugin = config.plugins.get(PLUGIN_NAME)
        if plugin is not None:
            plugin.config["reports"] = str(reports.resolve())
        if offline:
            configure_offline(config)
        build(config)
    except (MkDocsException, OSError, BuildFailed) as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise BuildFailed(f"the site build failed: {error}") from error
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    previous = site_dir.parent / f".{site_dir.name}-previous-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(previous)
    temporary.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def serve_site(config_file: Path = Path("mkdocs.yml"), address: str = "127.0.0.1:8000") -> None:
    """Serve with live reload; records, vocabularies and templates are watched by the plugin."""
    from mkdocs.commands.serve import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Serving on http://{address}/ (Ctrl+C to stop)", file=sys.stderr)
    # Dirty builds rebuild only the pages whose generated text changed (see plugin.py). MkDocs
    # warns on every dirty build, so strict mode is off here; record problems still stop it.
    serve(config_file=str(config_file), dev_addr=address, open_in_browser=False,
          build_type="dirty", strict=False)
