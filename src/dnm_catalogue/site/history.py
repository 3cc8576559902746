"""What changed in the catalogue and when: the changelog page and the Atom feed read this.

Two kinds of change, each with a date a reader can rely on:

- **added**: the day the record's file was first committed to the catalogue's git repository
  (the author date of that commit; a file renamed when its id changed keeps the day its first
  name was added);
- **revised**: the record's `reviewed` date, when it is later than the day it was added: the
  record was checked against its sources again (and corrected where needed). Edits that leave
  `reviewed` alone (formatting, a typo) are not revisions.
- **withdrawn**: the day a published record's file was moved to the candidates folder (it waits
  there for an authoritative source; its address keeps a notice).

Git is optional. Where the history cannot be read (a copy without `.git`, such as a tarball; no
git program; a file not committed yet), a record's only change is the day it was **checked**
(its `reviewed` date), and nothing claims when it was added.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..records.model import Record

KINDS = {"added": "Added", "revised": "Revised", "checked": "Checked", "withdrawn": "Withdrawn"}


def added_dates(folder: Path) -> dict[str, date]:
    """The day each record file in `folder` was first committed, by file name without .yaml;
    {} when the folder is not in a git repository or git cannot be run."""
    command = ["git", "-C", str(folder), "log", "--relative", "--reverse", "-M",
               "--diff-filter=AR", "--name-status", "--format=%x00%aI", "--", "."]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    found: dict[str, date] = {}
    day: date | None = None
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            try:
                day = datetime.fromisoformat(line[1:].strip()).date()
            except ValueError:
                day = None
            continue
        parts = line.split("\t")
        if day is None or len(parts) < 2:
            continue
        status, path = parts[0], parts[-1]
        if "/" in path or not path.endswith(".yaml"):
            continue  # only the record files themselves, not subfolders
        name = path[:-len(".yaml")]
        if status.startswith("R") and len(parts) == 3:
            old = parts[1][:-len(".yaml")] if parts[1].endswith(".yaml") else None
            found.setdefault(name, found.pop(old, day) if old else day)
        else:
            found.setdefault(name, day)
    return found


@dataclass(frozen=True)
class Change:
    """One change to one record."""

    day: date
    kind: str  # a key of KINDS
    record: Record

    @property
    def label(self) -> str:
        """'Added', 'Revised' or 'Checked'."""
        return KINDS[self.kind]


def record_changes(record: Record, added: date | None) -> list[Change]:
    """A record's changes, oldest first (see the module's docstring for what they mean)."""
    reviewed = record.reviewed.earliest()
    if added is None:
        return [Change(reviewed, "checked", record)]
    changes = [Change(added, "added", record)]
    if reviewed > added:
        changes.append(Change(reviewed, "revised", record))
    return changes


def file_name(record: Record) -> str:
    """The record's file name without .yaml (its id), as git knows it."""
    return Path(record.source_path).stem or record.id


def catalogue_changes(records: Iterable[Record], added: dict[str, date],
                      withdrawn: Iterable[tuple[Record, date]] = ()) -> list[Change]:
    """Every change to every record, newest first (then by title, for a stable order), and the
    day each withdrawn record left the catalogue (pages/withdrawn.py)."""
    changes = [change for record in records
               for change in record_changes(record, added.get(file_name(record)))]
    changes += [Change(day, "withdrawn", record) for record, day in withdrawn]
    changes.sort(key=lambda change: (change.record.title.lower(), change.record.id))
    changes.sort(key=lambda change: change.day, reverse=True)
    return changes


def history_of(records: Iterable[Record]) -> dict[str, date]:
    """Added dates for the records, from the git history of the folders they are in."""
    folders = {Path(record.source_path).parent for record in records if record.source_path}
    found: dict[str, date] = {}
    for folder in sorted(folders):
        found.update(added_dates(folder))
    return found
