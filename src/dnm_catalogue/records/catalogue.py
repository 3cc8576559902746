"""The whole catalogue: every record file loaded and checked, then the rules that span
records (ids and DOIs unique, related ids that exist, old ids never reused)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .load import Document, FieldPath, LoadError, format_path, load_file
from .model import Record
from .problems import Problem
from .validate import did_you_mean, type_fields
from .vocabularies import fingerprint as vocabularies_fingerprint


@dataclass
class Catalogue:
    """Valid records, every problem, and how many files were read."""

    records: list[Record]
    problems: list[Problem]
    files_checked: int

    @property
    def by_id(self) -> dict[str, Record]:
        """Records keyed by id."""
        return {record.id: record for record in self.records}


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Every .yaml file named or found directly inside a named folder, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
            files.extend(sorted(path.glob("*.yml")))
        else:
            files.append(path)
    return files


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Loading allocates many small containers that all stay alive; the default thresholds
    make the cyclic collector rescan them over and over (a third of validate's time at
    10,000 records). Collect less often while loading, then restore the settings."""
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


class FileMemo:
    """What checking each file gave, kept between the checks of one long-running process
    (`serve` rebuilds after every save): a file whose status (inode, size, modification and
    change times) is as before, checked on the same day against the same vocabularies, is not
    read again. Only the single-file rules are kept; the cross-record rules always run."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[tuple, Checked | Problem]] = {}


def check_catalogue(paths: Iterable[Path], today: date | None = None, *,
                    known_ids: Iterable[str] = (), memo: FileMemo | None = None) -> Catalogue:
    """Load and check every file, then apply the rules that span records."""
    with _fewer_collections():
        return _check_catalogue(paths, today, known_ids, memo)


def _check_catalogue(paths: Iterable[Path], today: date | None, known_ids: Iterable[str],
                     memo: FileMemo | None) -> Catalogue:
    problems: list[Problem] = []
    checked: list[Checked] = []
    files = record_files(paths)
    cwd = Path.cwd()
    context = (today or date.today(), vocabularies_fingerprint(), str(cwd)) if memo is not None else ()
    kept: dict[str, tuple[tuple, Checked | Problem]] = {}
    for path in files:
        display = _display(path, cwd)
        if path.suffix == ".yml":
            problems.append(Problem(display, 1, 1, "", "record files end in .yaml",
                                    f"rename it to {path.stem}.yaml"))
            continue
        status = _status(path, context) if memo is not None else None
        entry = memo.entries.get(display) if status is not None else None
        outcome = entry[1] if entry and entry[0] == status else _check_file(path, display, today)
        if status is not None:
            kept[display] = (status, outcome)
        if isinstance(outcome, Problem):
            problems.append(outcome)
        else:
            problems.extend(outcome.problems)
            checked.append(outcome)
    if memo is not None:
        memo.entries = kept
    problems.extend(_cross_record_problems(checked, set(known_ids)))
    invalid = {problem.file for problem in problems}
    records = [Record(**item.values, source_path=item.document.path)
               for item in checked if not item.problems and item.document.path not in invalid]
    return Catalogue(records, sorted(problems), len(files))


def _check_file(path: Path, display: str, today: date | None) -> Checked | Problem:
    """One file loaded and its fields typed; the problem that stopped loading, if one did."""
    try:
        document = load_file(path, display)
    except LoadError as error:
        return error.problem
    values, found = type_fields(document, today)
    return Checked(_keep_cross_record_positions(document), values, found)


def _status(path: Path, context: tuple) -> tuple | None:
    """The file's status as a memo key; None when it cannot be read (then it is not kept)."""
    try:
        link, info = os.lstat(path), os.stat(path)  # a link to a record: both must be as before
    except OSError:
        return None
    return (link.st_ino, link.st_mtime_ns, link.st_ctime_ns, info.st_dev, info.st_ino,
            info.st_size, info.st_mtime_ns, info.st_ctime_ns, *context)


CROSS_RECORD_FIELDS = ("id", "doi", "related", "previous_ids")


def _keep_cross_record_positions(document: Document) -> Document:
    """Only what the cross-record rules report on: holding every mark of 10,000 files would
    cost memory and garbage-collector time for nothing."""
    data = {key: document.data[key] for key in CROSS_RECORD_FIELDS if key in document.data}
    return document.narrowed(data, CROSS_RECORD_FIELDS)


@dataclass
class Checked:
    """One loaded document with the fields that could be typed."""

    document: Document
    values: dict[str, Any]
    problems: list[Problem]  # the single-file rules' (the values that could be typed are kept)


def _cross_record_problems(checked: list[Checked], known_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def report(item: Checked, path: FieldPath, message: str, hint: str = "") -> None:
        line, column = item.document.where(path)
        problems.append(Problem(item.document.path, line, column, format_path(path), message, hint))

    first_by_id: dict[str, Checked] = {}
    for item in checked:
        record_id = item.values.get("id")
        if record_id is None:
            continue
        if record_id in first_by_id:
            report(item, ("id",), f"'{record_id}' is also the id of "
                   f"{first_by_id[record_id].document.path}", "ids must be unique")
        else:
            first_by_id[record_id] = item
    ids = set(first_by_id) | known_ids
    old_ids: dict[str, Checked] = {}
    for item in checked:
        for index, old in enumerate(item.values.get("previous_ids", [])):
            if old in first_by_id:
                report(item, ("previous_ids", index),
                       f"'{old}' is the current id of {first_by_id[old].document.path}",
                       "an old id must not be reused")
            elif old in old_ids:
                report(item, ("previous_ids", index),
                       f"'{old}' is also a previous id of {old_ids[old].document.path}")
            old_ids.setdefault(old, item)
    for item in checked:
        raw = item.document.data.get("related")
        raw_items = raw if isinstance(raw, list) else [raw]
        for target in item.values.get("related", []):
            if target == item.values.get("id") or target in ids:
                continue
            hint = did_you_mean(target, sorted(ids), fallback="")
            if target in old_ids:
                hint = f"that id was renamed: use '{old_ids[target].values.get('id')}'"
            report(item, ("related", raw_items.index(target)), f"no record has the id '{target}'", hint)
    doi_owner: dict[str, Checked] = {}
    for item in checked:
        doi = item.values.get("doi")
        if not doi:
            continue
        if doi.lower() in doi_owner:
            report(item, ("doi",), f"DOI {doi} is also given in "
                   f"{doi_owner[doi.lower()].document.path}", "each work has one record")
        else:
            doi_owner[doi.lower()] = item
    return problems


def _display(path: Path, cwd: Path) -> str:
    """The path as the user gave it, relative to the working folder where possible."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)
