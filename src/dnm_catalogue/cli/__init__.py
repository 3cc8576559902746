"""The `dnm-catalogue` command: prints problems and sets the exit code (0 ok, 1 invalid, 2 usage).

This module reads the command line and turns failures into exit codes and one-line errors;
what each command does is in commands.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from ..records.load import LoadError
from ..records.problems import escaped
from .commands import (
    DEFAULT_REPORTS,
    EXIT_INVALID,
    EXIT_USAGE,
    UsageError,
    command_build,
    command_cite,
    command_export,
    command_list,
    command_new,
    command_render,
    command_schema,
    command_serve,
    command_validate,
    command_wording,
)
from .output_file import OutputRefused

CITE_STYLES = ("apa", "chicago", "harvard", "vancouver", "bibtex", "ris", "csl-json")
EXPORT_FORMATS = ("bibtex", "ris", "csl-json", "csv", "json")


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
    validate.add_argument("--require-authoritative", action="store_true",
                          help="also report each record with no publisher's, index, library or "
                               "repository page among its sources")
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
    except LoadError as error:  # a vocabulary file that cannot be read
        _silence_stdout()
        print(f"{error.problem}", file=sys.stderr)
        print(f"dnm-catalogue {args.command}: error: a vocabulary file has a mistake; fix it "
              "and run the command again", file=sys.stderr)
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
