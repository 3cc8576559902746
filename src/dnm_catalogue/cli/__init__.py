"""The `dnm-catalogue` command: prints problems and sets the exit code (0 ok, 1 invalid, 2 usage)."""

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
from ..records.problems import count_line, escaped, format_json, format_text
from ..records.query import Query, select
from ..records.value_checks import ID_RE
from .output_file import OutputRefused, write_output

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
    catalogue = check_catalogue(_paths(args.paths))
    if args.format == "json":
        print(format_json(catalogue.problems, catalogue.files_checked))
    else:
        if catalogue.problems:
            print(format_text(catalogue.problems))
        print(count_line(catalogue.problems, catalogue.files_checked))
    return EXIT_INVALID if catalogue.problems else EXIT_OK


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


CITE_STYLES = ("apa", "chicago", "harvard", "vancouver", "bibtex", "ris", "csl-json")
EXPORT_FORMATS = ("bibtex", "ris", "csl-json", "csv", "json")


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


def _access_date(text: str) -> date | None:
    """--accessed: the day the reader accessed the work ('today' by default, 'none' for none)."""
    if text == "none":
        return None
    if text == "today":
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD), 'today' or 'none'") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return day


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


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (values in one option are OR, options are AND)")
    group.add_argument("--country", action="append", metavar="CC", help="ISO code, e.g. DE")
    group.add_argument("--region", action="append", metavar="R",
                       help="region slug; includes studies of its member countries")
    group.add_argument("--drug", action="append", metavar="D",
                       help="drug slug; a parent includes its children")
    group.add_argument("--market", action="append", metavar="M", help="market slug")
    group.add_argument("--type", action="append", metavar="T", help="publication type")
    group.add_argument("--method", action="append", metavar="M", help="method slug")
    group.add_argument("--from", dest="year_from", type=_year, metavar="YYYY", help="published in or after")
    group.add_argument("--to", dest="year_to", type=_year, metavar="YYYY", help="published in or before")
    group.add_argument("--include-regional", action="store_true",
                       help="with --country, also studies of regions containing the country")
    group.add_argument("--text", metavar="WORDS",
                       help="every word must appear in the title, authors, summary, findings or keywords")
    group.add_argument("--open-access", action="store_true", help="only works free to read")
    parser.add_argument("--reports", default=str(DEFAULT_REPORTS), help="records folder (default: reports)")


def _year(text: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a four-digit year")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(prog="dnm-catalogue", description=__doc__.split(":")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check records and report every problem")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: reports/)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=command_validate)

    listing = commands.add_parser("list", help="list records matching filters")
    _add_filters(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(run=command_list)

    new = commands.add_parser("new", help="write a commented record template to reports/ID.yaml")
    new.add_argument("id")
    new.add_argument("--reports", default=str(DEFAULT_REPORTS))
    new.set_defaults(run=command_new)

    schema = commands.add_parser("schema", help="print the record JSON Schema")
    schema.add_argument("--output", metavar="FILE")
    schema.set_defaults(run=command_schema)

    render = commands.add_parser("render", help="write the site's pages as Markdown files")
    render.add_argument("--out", required=True, metavar="DIR")
    render.add_argument("--reports", default=str(DEFAULT_REPORTS))
    render.add_argument("--templates", default="templates")
    render.set_defaults(run=command_render)

    build = commands.add_parser("build", help="validate and build the site atomically")
    build.add_argument("--reports", default=str(DEFAULT_REPORTS))
    build.add_argument("--site-dir", default="site")
    build.add_argument("--config-file", default="mkdocs.yml")
    build.add_argument("--offline", action="store_true",
                       help="a copy that works opened from the file system, loading nothing from any host")
    build.add_argument("--clean", action="store_true",
                       help="rebuild every page, even when the previous site could be updated")
    build.set_defaults(run=command_build)

    cite = commands.add_parser("cite", help="print one record's reference or export entry")
    cite.add_argument("id")
    cite.add_argument("--style", choices=CITE_STYLES, default="apa")
    cite.add_argument("--output", choices=("text", "html"), default="text",
                      help="for apa, chicago, harvard and vancouver (default: text)")
    cite.add_argument("--accessed", type=_access_date, default="today", metavar="DATE",
                      help="the day you accessed the work, YYYY-MM-DD, for styles that print one "
                           "(harvard, vancouver); default: today; 'none' leaves it out")
    cite.add_argument("--reports", default=str(DEFAULT_REPORTS), help="records folder (default: reports)")
    cite.set_defaults(run=command_cite)

    export = commands.add_parser("export", help="export records matching filters for reference managers")
    _add_filters(export)
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(run=command_export)

    wording = commands.add_parser(
        "wording", help="list runs of 8+ words a record's summary and findings share with a source text")
    wording.add_argument("id", help="record id")
    wording.add_argument("source", metavar="TEXTFILE", help="the work's abstract or any text read")
    wording.add_argument("--reports", default=str(DEFAULT_REPORTS), help="records folder (default: reports)")
    wording.set_defaults(run=command_wording)

    serve = commands.add_parser("serve", help="serve the site, rebuilding on changes")
    serve.add_argument("--config-file", default="mkdocs.yml")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.set_defaults(run=command_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except (UsageError, OutputRefused) as error:
        print(f"dnm-catalogue {args.command}: error: {escaped(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        _silence_stdout()
        print(f"dnm-catalogue {args.command}: error: the output was closed before all of it was "
              "written", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        _silence_stdout()
        what = (f"{escaped(str(error.filename))}: " if error.filename else "cannot write the output: ")
        print(f"dnm-catalogue {args.command}: error: {what}{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """After a failed write to standard output, point it at /dev/null so that the
    interpreter's final flush cannot fail again (and print a traceback)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

