"""What each `dnm-catalogue` command does (cli/__init__.py reads the command line and calls these)."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path

from ..records import vocabularies as vocab
from ..records.catalogue import Catalogue, check_catalogue
from ..records.model import ID_MAX_LENGTH, RESERVED_IDS
from ..records.problems import count_line, format_json, format_text
from ..records.query import Query, select
from ..records.source_kinds import has_authoritative_source, missing_authoritative_problem
from ..records.value_checks import ID_RE
from .output_file import write_output

DEFAULT_REPORTS = Path("reports")
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command line that cannot be carried out."""


def _split(values: Sequence[str] | None) -> list[str]:
    """Repeated options and comma-separated values both work: --drug cocaine,mdma."""
    found: list[str] = []
    for value in values or ():
        found.extend(part.strip() for part in value.split(",") if part.strip())
    return found


def _slugs(values: Sequence[str] | None, vocabulary_name: str, option: str) -> frozenset[str]:
    terms = vocab.vocabulary(vocabulary_name)
    chosen = set()
    for value in _split(values):
        if value in terms:
            chosen.add(value)
            continue
        suggestion = terms.suggest(value)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise UsageError(f"{option}: '{value}' is not in the {vocabulary_name} vocabulary{hint}")
    return frozenset(chosen)


def _countries(values: Sequence[str] | None) -> frozenset[str]:
    chosen = set()
    for value in _split(values):
        code = value.upper()
        if vocab.is_country(code):
            chosen.add(code)
            continue
        suggestion = vocab.suggest_country(value)
        hint = f"; did you mean '{suggestion}' ({vocab.country_name(suggestion)})?" if suggestion else ""
        raise UsageError(f"--country: '{value}' is not an ISO 3166-1 alpha-2 code{hint}")
    return frozenset(chosen)


def query_from_args(args: argparse.Namespace) -> Query:
    """Build the shared filter from the list/export options."""
    if args.year_from and args.year_to and args.year_from > args.year_to:
        raise UsageError(f"--from {args.year_from} is after --to {args.year_to}")
    return Query(
        countries=_countries(args.country),
        regions=_slugs(args.region, "regions", "--region"),
        drugs=_slugs(args.drug, "drugs", "--drug"),
        markets=_slugs(args.market, "markets", "--market"),
        types=_slugs(args.type, "types", "--type"),
        methods=_slugs(args.method, "methods", "--method"),
        year_from=args.year_from,
        year_to=args.year_to,
        include_regional=args.include_regional,
        text=args.text or "",
        open_access_only=args.open_access,
    )


def _paths(values: Sequence[str] | None) -> list[Path]:
    paths = [Path(value) for value in values] if values else [DEFAULT_REPORTS]
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    return paths


def _load_valid(paths: list[Path], progress=None) -> Catalogue:
    catalogue = check_catalogue(paths)
    if progress is not None:
        progress.clear()  # before the problems are printed
    if catalogue.problems:
        print(format_text(catalogue.problems), file=sys.stderr)
        print(count_line(catalogue.problems, catalogue.files_checked), file=sys.stderr)
    return catalogue


def command_validate(args: argparse.Namespace) -> int:
    """Check records and report every problem."""
    paths = _paths(args.paths)
    catalogue = check_catalogue(paths, known_ids=_neighbour_ids(paths))
    problems = catalogue.problems
    if args.require_authoritative:
        problems = sorted(problems + [
            missing_authoritative_problem(record.sources, record.source_path)
            for record in catalogue.records if not has_authoritative_source(record.sources)])
    if args.format == "json":
        print(format_json(problems, catalogue.files_checked))
    else:
        if problems:
            print(format_text(problems))
        print(count_line(problems, catalogue.files_checked))
    return EXIT_INVALID if problems else EXIT_OK


def _neighbour_ids(paths: list[Path]) -> set[str]:
    """Ids of the records beside each single file named: checking one record, its `related`
    links to the others in its folder are not reported as missing."""
    return {other.stem for path in paths if path.is_file()
            for other in path.parent.glob("*.yaml") if other.is_file()}


def command_list(args: argparse.Namespace) -> int:
    """Print the records that match the filters."""
    query = query_from_args(args)
    catalogue = _load_valid(_paths([args.reports]))
    chosen = select(catalogue.records, query)
    if args.format == "json":
        print(json.dumps([record.to_dict() for record in chosen], indent=2, ensure_ascii=False))
    else:
        for record in chosen:
            # A study found through a region that contains the country says so (as the browser).
            coverage = "; ".join(query.coverage(record))
            print(f"{record.id}\t{record.year}\t{record.first_author}\t{record.title}"
                  + (f"\t({coverage})" if coverage else ""))
        noun = "record" if len(chosen) == 1 else "records"
        print(f"{len(chosen)} {noun}", file=sys.stderr)
    return EXIT_INVALID if catalogue.problems else EXIT_OK


def command_new(args: argparse.Namespace) -> int:
    """Write a commented record template to reports/ID.yaml."""
    if len(args.id) > ID_MAX_LENGTH or not ID_RE.match(args.id):
        raise UsageError(f"'{args.id}' is not a valid id: lower-case letters, digits and single "
                         f"hyphens, at most {ID_MAX_LENGTH} characters")
    if args.id in RESERVED_IDS:
        raise UsageError(f"'{args.id}' is reserved for the site's own pages; use an "
                         "author-year-title id")
    target = Path(args.reports) / f"{args.id}.yaml"
    if target.is_symlink():
        raise UsageError(f"{target} is a symbolic link; new writes only a new file")
    if target.exists():
        raise UsageError(f"{target} already exists")
    template = resources.files("dnm_catalogue.records").joinpath("record-template.yaml").read_text("utf-8")
    today = date.today()
    text = (template.replace("{id}", args.id).replace("{year}", str(today.year))
            .replace("{today}", today.isoformat()))
    target.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never through a link or over a file that appeared in the meantime.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
    print(f"wrote {target}; fill it in, then run: dnm-catalogue validate {target}")
    return EXIT_OK


def command_schema(args: argparse.Namespace) -> int:
    """Print or write the record JSON Schema."""
    from ..records.schema import SCHEMA_ID, schema_text

    if args.output:
        # An earlier schema this command wrote (same $id) is replaced; any other file is not.
        write_output(Path(args.output), schema_text(), ours=lambda old: f'"$id": "{SCHEMA_ID}"'.encode()
                     in old[:400])
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def command_render(args: argparse.Namespace) -> int:
    """Write the site's pages as Markdown files, independent of MkDocs."""
    from ..site.build import BuildFailed, render_markdown_tree
    from ..site.folder import FolderRefused

    try:
        files = render_markdown_tree(Path(args.reports), Path(args.templates), Path(args.out))
    except FolderRefused as error:
        raise UsageError(f"{error}; nothing was changed") from error
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return EXIT_INVALID
    pages = sum(1 for output in files if output.is_page)
    print(f"wrote {pages} pages and {len(files) - pages} other files to {args.out}")
    return EXIT_OK


def command_build(args: argparse.Namespace) -> int:
    """Validate, then build the site; the previous site stays if anything fails."""
    from ..site.build import BuildFailed, build_site
    from ..site.folder import FolderRefused
    from ..site.progress import Progress, plural, seconds

    try:
        summary = build_site(Path(args.reports), Path(args.site_dir), Path(args.config_file),
                             offline=args.offline, clean=args.clean, progress=Progress())
    except FolderRefused as error:
        raise UsageError(f"{error}; nothing was changed") from error
    except BuildFailed as error:
        print(error, file=sys.stderr)
        print(f"the previous site in {args.site_dir} is unchanged", file=sys.stderr)
        return EXIT_INVALID
    print(f"Validated {plural(summary.records, 'record')} in {seconds(summary.validate_seconds)}")
    if summary.incremental:
        print(f"Updated the site in {args.site_dir} in {seconds(summary.build_seconds)}: "
              f"{plural(summary.pages_built, 'page')} of {summary.pages:,} rebuilt, "
              f"{plural(summary.removed, 'file')} removed, the rest unchanged")
    else:
        print(f"Built {plural(summary.pages, 'page')} in {seconds(summary.build_seconds)} "
              f"into {args.site_dir}")
    return EXIT_OK


def command_cite(args: argparse.Namespace) -> int:
    """Print one record's reference in a citation style or machine format."""
    from ..citations.exports import export
    from ..citations.references import format_reference

    reports = _paths([args.reports])[0]
    catalogue = check_catalogue([reports])
    record = catalogue.by_id.get(args.id) or next(
        (record for record in catalogue.records if args.id in record.previous_ids), None)
    if record is None:
        own = [problem for problem in catalogue.problems if Path(problem.file).stem == args.id]
        if own:
            print(format_text(own), file=sys.stderr)
            print(f"{args.id} has problems; fix them to cite it", file=sys.stderr)
            return EXIT_INVALID
        ids = sorted({path.stem for path in reports.glob("*.yaml")} | set(catalogue.by_id))
        close = difflib.get_close_matches(args.id, ids, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise UsageError(f"no record has the id '{args.id}'{hint}")
    if record.id != args.id:
        print(f"'{args.id}' is now '{record.id}'", file=sys.stderr)
    if args.style in ("bibtex", "ris", "csl-json"):
        sys.stdout.write(export([record], args.style))
    else:
        print(format_reference(record, args.style, output=args.output, accessed=args.accessed))
    return EXIT_OK


def command_export(args: argparse.Namespace) -> int:
    """Write the records that match the filters in one export format."""
    from ..citations.exports import export
    from ..site.progress import Progress, plural, seconds

    query = query_from_args(args)
    progress = Progress()
    started = time.monotonic()
    progress.show("Validating records…")
    try:
        catalogue = _load_valid(_paths([args.reports]), progress)
    finally:
        progress.clear()
    validated = time.monotonic() - started
    chosen = select(catalogue.records, query)
    started = time.monotonic()
    try:
        text = export(progress.each(chosen, "Exporting records", len(chosen)), args.format)
    finally:
        progress.clear()
    if args.output:
        write_output(Path(args.output), text)
    else:
        sys.stdout.write(text)
    print(f"Validated {plural(len(catalogue.records), 'record')} in {seconds(validated)}; "
          f"exported {plural(len(chosen), 'record')} as {args.format}"
          + (f" to {args.output}" if args.output else "") + f" in {seconds(time.monotonic() - started)}",
          file=sys.stderr)
    return EXIT_INVALID if catalogue.problems else EXIT_OK


def command_wording(args: argparse.Namespace) -> int:
    """List the runs of 8 or more words a record's summary and findings share with a source text."""
    from ..records.load import LoadError, load_file
    from ..records.wording import RUN_LENGTH, record_texts, shared_runs

    if not ID_RE.match(args.id):
        raise UsageError(f"'{args.id}' is not a valid id")
    record_path = Path(args.reports) / f"{args.id}.yaml"
    if not record_path.is_file():
        raise UsageError(f"{record_path}: no such record")
    try:
        source = Path(args.source).read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise UsageError(f"{args.source}: cannot read the source text: {error.strerror}") from error
    try:
        document = load_file(record_path)
    except LoadError as error:
        print(error.problem, file=sys.stderr)
        return EXIT_INVALID
    runs = shared_runs(record_texts(document.data), source)
    for run in runs:
        print(f"{record_path}: {run}")
    if runs:
        noun = "run" if len(runs) == 1 else "runs"
        print(f"{len(runs)} {noun} of {RUN_LENGTH} or more words shared with {args.source}; "
              "rewrite them in your own words", file=sys.stderr)
        return EXIT_INVALID
    print(f"no run of {RUN_LENGTH} or more words shared with {args.source}", file=sys.stderr)
    return EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    """Serve the site with live reload."""
    from ..site.serve import AddressInUse, serve_site

    try:
        serve_site(str(args.config_file), args.dev_addr)
    except AddressInUse as error:
        raise UsageError(str(error)) from error
    return EXIT_OK
