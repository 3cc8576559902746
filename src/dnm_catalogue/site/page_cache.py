"""Generated files kept on disk between builds, keyed by a hash of everything they depend on.

The generator (generator.py) decides the groups and their keys: a record's page and downloads,
each facet value's page, the pages about the whole catalogue. A group whose key is unchanged
is not rendered again: its files are already in the cache folder, untouched, so their
modification times still tell MkDocs' dirty build that the published pages are current.
Files are rewritten only when their bytes change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..citations.cache_files import read_json_if, write_whole
from .output import OutputFile

MANIFEST_VERSION = 1


class PageCache:
    """Groups of generated files in `folder/pages/`, with a manifest of their keys."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.pages = folder / "pages"
        self.manifest_path = folder / "pages.json"
        self.previous: dict[str, dict] = self._read_manifest()
        self.current: dict[str, dict] = {}
        self.fragments_path = folder / "fragments.json"
        self._fragments: dict[str, dict] | None = None
        self._fragments_changed = False

    def _read_manifest(self) -> dict[str, dict]:
        data = read_json_if(self.manifest_path, "version", MANIFEST_VERSION) or {}
        groups = data.get("groups")
        return groups if isinstance(groups, dict) else {}

    def get(self, group: str, key: str) -> list[OutputFile] | None:
        """The group's files if they were generated from the same inputs and are all still there."""
        entry = self.current.get(group)
        checked = entry is not None  # found in this build already: its files were there
        if entry is None:
            entry = self.previous.get(group)
        if not entry or entry.get("key") != key:
            return None
        outputs = [OutputFile(path, stored=self.pages / path) for path in entry["paths"]]
        if not checked:
            if not all(os.path.isfile(output.stored) for output in outputs):
                return None
            self.current[group] = entry
        return outputs

    def put(self, group: str, key: str, outputs: list[OutputFile]) -> list[OutputFile]:
        """Store a freshly generated group; files whose bytes are unchanged are not rewritten."""
        stored = [self.store(output) for output in outputs]
        self.current[group] = {"key": key, "paths": [output.path for output in outputs]}
        return stored

    def store(self, output: OutputFile) -> OutputFile:
        """Write one file into the cache folder unless it already holds these bytes."""
        if output.stored is not None:
            return output
        path = self.pages / output.path
        data = output.data
        try:
            same = path.stat().st_size == len(data) and path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            # A new modification time: MkDocs rebuilds this page. Written whole or not at all:
            # the manifest may still name this file under an older key a later build matches.
            write_whole(path, data)
        # Not kept in memory: read again only if asked for. A large build would otherwise hold
        # every page it generated until MkDocs has read them all (a third of its peak memory).
        return OutputFile(output.path, stored=path)

    def fragment(self, record_id: str, key: str) -> dict[str, str] | None:
        """A record's pieces of the whole-catalogue files, if made from the same inputs."""
        entry = self._stored_fragments().get(record_id)
        return entry["pieces"] if entry and entry.get("key") == key else None

    def put_fragment(self, record_id: str, key: str, pieces: dict[str, str]) -> None:
        self._stored_fragments()[record_id] = {"key": key, "pieces": pieces}
        self._fragments_changed = True

    def _stored_fragments(self) -> dict[str, dict]:
        if self._fragments is None:  # read on first use: unchanged builds never need them
            data = read_json_if(self.fragments_path, "version", MANIFEST_VERSION) or {}
            self._fragments = data.get("records") or {}
        return self._fragments

    def save(self) -> None:
        """Write the manifest of this build's groups; remove files no current group uses."""
        used = {path for entry in self.current.values() for path in entry["paths"]}
        for entry in self.previous.values():
            for path in entry.get("paths", []):
                if path not in used:
                    (self.pages / path).unlink(missing_ok=True)
        write_whole(self.manifest_path,
                    json.dumps({"version": MANIFEST_VERSION, "groups": self.current}))
        if self._fragments_changed and self._fragments is not None:
            records = {group.split(":", 1)[1] for group in self.current if group.startswith("record:")}
            kept = {record_id: entry for record_id, entry in self._fragments.items()
                    if record_id in records}
            write_whole(self.fragments_path, json.dumps(
                {"version": MANIFEST_VERSION, "records": kept}, ensure_ascii=False))
            self._fragments, self._fragments_changed = kept, False
        self.previous, self.current = self.current, {}
