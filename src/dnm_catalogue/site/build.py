"""Build the site safely: validate first, build into a temporary folder, swap only on success."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..citations.cache_files import read_json_if, write_whole
from ..records.catalogue import check_catalogue
from ..records.problems import count_line, format_text
from .folder import check_target, discard, publish, temporary_folder
from .generator import SiteOptions, generate_site_files, without_defer_markers
from .output import OutputFile
from .progress import Progress

PLUGIN_NAME = "dnm-catalogue"
# A random token written into each site `build` makes (see BuildState).
BUILD_STAMP = ".dnm-catalogue-build"


class BuildFailed(Exception):
    """The site could not be built; the previous site is untouched."""


def validate_or_fail(reports: Path) -> list:
    """Valid records, or BuildFailed carrying every problem."""
    catalogue = check_catalogue([reports])
    if catalogue.problems:
        raise BuildFailed(format_text(catalogue.problems) + "\n"
                          + count_line(catalogue.problems, catalogue.files_checked))
    return catalogue.records


PACKAGE = Path(__file__).resolve().parents[1]  # dnm_catalogue, all of it


def render_markdown_tree(reports: Path, templates: Path, out: Path,
                         options: SiteOptions | None = None) -> list[OutputFile]:
    """Write every generated page and asset under `out` (the MkDocs-independent output),
    replacing `out` in one step; FolderRefused if `out` is not a folder it may replace."""
    project = Path.cwd()
    target = check_target(out, project=project, inputs=[reports, templates, *project_folders(project)],
                          option="--out")
    files = generate_site_files(validate_or_fail(reports), templates, options)
    temporary = temporary_folder(target)
    try:
        for output in files:
            path = temporary / output.path
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(output.content, bytes):
                path.write_bytes(output.content)
            else:
                path.write_text(without_defer_markers(output.content), encoding="utf-8")
        publish(temporary, target)
    except BaseException:
        discard(temporary)
        raise
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
               offline: bool = False, clean: bool = False,
               progress: Progress | None = None) -> BuildSummary:
    """Validate, build with MkDocs into a temporary folder, then replace site_dir atomically.

    When site_dir is a site this command built with the same configuration, theme and code,
    the build is incremental: the temporary folder starts as hard links to its files, and MkDocs renders
    only the pages whose generated text changed (the rest of the pages come unchanged from the
    page cache, see page_cache.py); files of removed pages are deleted. `clean` (and --offline)
    always builds everything. `progress` shows what the build is doing, on a terminal.
    """
    progress = progress or Progress(enabled=False)
    config = _load_config(config_file)
    target = check_target(site_dir, project=Path(config.config_file_path).parent,
                          inputs=build_inputs(config, reports), option="--site-dir")
    started = time.monotonic()
    progress.show("Validating records…")
    try:
        records = validate_or_fail(reports)
    finally:
        progress.clear()
    validated = time.monotonic() - started
    with _build_lock(config_file):
        started = time.monotonic()
        try:
            summary = _build_site(records, reports, target, config, offline, clean, progress)
        finally:
            progress.clear()
    summary.validate_seconds = validated
    summary.build_seconds = time.monotonic() - started
    return summary


def _load_config(config_file: Path):
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        return load_config(str(config_file), strict=True)
    except (MkDocsException, OSError) as error:
        raise BuildFailed(f"the site build failed: {config_file}: {error}") from error


def project_folders(project: Path) -> list[Path]:
    """The project's own folders and this package, which no output may replace."""
    names = ("reports", "docs", "templates", "overrides", "src", "schema", "tests", ".git", ".cache")
    return [PACKAGE, *(project / name for name in names)]


def build_inputs(config, reports: Path) -> list[Path]:
    """Every folder the build reads (a site folder may neither be nor hold nor sit in one)."""
    base = Path(config.config_file_path).parent
    inputs = [reports, Path(config.docs_dir), *project_folders(base)]
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is not None:
        inputs += [base / plugin.config["templates"], base / plugin.config["cache_dir"]]
    if config.theme.custom_dir:
        inputs.append(Path(config.theme.custom_dir))
    return inputs


@contextlib.contextmanager
def _build_lock(config_file: Path):
    """One `build` at a time per project: two at once would write the same page cache."""
    import fcntl

    folder = Path(config_file).resolve().parent / ".cache" / "dnm-catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "w", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this site to finish…", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build_site(records: list, reports: Path, site_dir: Path, config, offline: bool,
                clean: bool, progress: Progress) -> BuildSummary:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    temporary = temporary_folder(site_dir)
    config["site_dir"] = str(temporary)
    summary = BuildSummary(records=len(records))
    plugin = None
    try:
        plugin = config.plugins.get(PLUGIN_NAME)
        state = None
        if plugin is not None:
            plugin.config["reports"] = str(reports.resolve())
            plugin.records = records  # validated above: the plugin does not read them again
            plugin.persistent = not offline
            plugin.progress = progress
        if offline:
            configure_offline(config)
        elif plugin is not None:
            cache_dir = (Path(config.config_file_path).parent / plugin.config["cache_dir"]).resolve()
            state = BuildState(cache_dir, site_fingerprint(config, plugin))
            if not clean and state.matches(site_dir):
                # Hard links, not copies: the plugin unlinks every file MkDocs may write before
                # it writes (see CataloguePlugin.on_env), so the published site never changes.
                shutil.copytree(site_dir, temporary, symlinks=True, copy_function=os.link,
                                dirs_exist_ok=True)
                plugin.linked_site = True
                summary.incremental = True
        with _quiet_dirty_warning():
            build(config, dirty=summary.incremental)
        if state is not None:
            if summary.incremental:  # a clean build starts from an empty folder
                summary.removed = state.remove_stale(temporary, plugin.site_files or [])
            state.stamp(temporary, plugin.site_files or [])
        summary.pages_built = len(getattr(plugin, "built_urls", ()) or ())
        summary.pages = getattr(plugin, "page_count", 0)
        publish(temporary, site_dir)
    except (MkDocsException, OSError, BuildFailed) as error:
        discard(temporary)
        raise BuildFailed(f"the site build failed: {error}") from error
    except jinja2.TemplateError as error:
        discard(temporary)
        where = f"{error.filename or error.name}:{error.lineno}: " if isinstance(
            error, jinja2.TemplateSyntaxError) else ""
        raise BuildFailed(f"the site build failed: a page template is broken: {where}"
                          f"{type(error).__name__}: {error}") from error
    except BaseException:
        discard(temporary)
        raise
    finally:
        if plugin is not None:
            # MkDocs keeps one plugin instance per process (it defines on_startup): what was
            # set for this build must not carry over to the next.
            plugin.records, plugin.persistent = None, False
            plugin.linked_site = False
            plugin.progress = None
    if state is not None:
        state.save()
    return summary


@dataclass
class BuildSummary:
    """What a build did, for the command's report."""

    records: int = 0
    incremental: bool = False
    pages_built: int = 0
    pages: int = 0  # pages in the site
    removed: int = 0
    validate_seconds: float = 0.0
    build_seconds: float = 0.0


class DirtyWarningFilter(logging.Filter):
    """MkDocs warns on every dirty build (for `mkdocs build --dirty`, whose stale pages and
    navigation it cannot vouch for); in strict mode that warning would fail the build. Ours
    decides what is stale itself, so that one message is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")

    def __eq__(self, other: object) -> bool:  # added once however often serve starts
        return isinstance(other, DirtyWarningFilter)

    __hash__ = logging.Filter.__hash__


@contextlib.contextmanager
def _quiet_dirty_warning():
    logger = logging.getLogger("mkdocs.commands.build")
    quiet = DirtyWarningFilter()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def site_fingerprint(config, plugin) -> str:
    """Everything that shapes every page besides its own generated text: the configuration,
    the theme and its overrides, hand-written documents, this package and the libraries."""
    import material
    import mkdocs

    from .generator import generator_fingerprint

    digest = hashlib.sha256(f"{mkdocs.__version__} {material.__version__} {sys.version}".encode())
    digest.update(generator_fingerprint().encode())
    digest.update(Path(config.config_file_path).read_bytes())
    base = Path(config.config_file_path).parent
    folders = [base / plugin.config["templates"], Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (folder != Path(config.docs_dir) or path.suffix == ".md"):
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class BuildState:
    """The last site `build` made: a random stamp written into it, the fingerprint of what
    shaped it and its files. A later build reuses that site only if all three still hold."""

    def __init__(self, cache_dir: Path, fingerprint: str):
        self.path = cache_dir / "site-state.json"
        self.fingerprint = fingerprint
        # Only a state written for this fingerprint can describe a site this build may reuse.
        self.previous = read_json_if(self.path, "fingerprint", fingerprint) or {}
        self.current: dict = {}

    def matches(self, site_dir: Path) -> bool:
        """True if site_dir is the last site built, with the same fingerprint, untouched since."""
        try:
            stamp = (site_dir / BUILD_STAMP).read_text("utf-8").strip()
        except OSError:
            return False
        return bool(stamp) and stamp == self.previous.get("stamp")  # previous: same fingerprint

    def remove_stale(self, folder: Path, files: list[str]) -> int:
        """Delete the files the previous build published and this one no longer does (and
        folders left empty); returns how many files that was."""
        current = set(files)
        root = folder.resolve()
        removed = 0
        for name in self.previous.get("files") or []:
            if name in current or not isinstance(name, str):
                continue
            path = (root / name).resolve()
            if root not in path.parents:
                continue
            removed += 1
            path.unlink(missing_ok=True)  # already gone if the plugin unlinked it
            parent = path.parent
            while parent != root and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        return removed

    def stamp(self, folder: Path, files: list[str]) -> None:
        """Mark a finished site so the next build can recognise it."""
        self.current = {"stamp": secrets.token_hex(16), "fingerprint": self.fingerprint,
                        "files": sorted(files)}
        (folder / BUILD_STAMP).write_text(self.current["stamp"] + "\n", encoding="utf-8")

    def save(self) -> None:
        write_whole(self.path, json.dumps(self.current))
