"""YAML text -> raw mapping of strings, lists and dicts, with the position of every value.

The loader reads the libyaml event stream directly instead of letting PyYAML construct
objects. That keeps every scalar as text (so `NO` stays Norway and `2017-11` stays a
string), rejects anchors, aliases and tags before anything could expand or execute, and
records the line and column of every key and list item on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 256 * 1024
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A field path: keys and list indexes from the top of the document, e.g. ("authors", 0, "family").
FieldPath = tuple[str | int, ...]
NULL_WORDS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Document:
    """A loaded YAML file: its data and where each value and key stands in the file."""

    path: str
    data: dict[str, Any]
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of a value, or of its closest parent that has one."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def where_key(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of the key that names a field."""
        return self.key_positions.get(path) or self.where(path)


def format_path(path: FieldPath) -> str:
    """('authors', 0, 'family') -> 'authors[0].family'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


class LoadError(Exception):
    """A file that cannot be read as a record mapping."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def _fail(path: str, line: int, column: int, message: str, hint: str = "", field_path: FieldPath = ()):
    raise LoadError(Problem(path, line, column, format_path(field_path), message, hint))


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _decode(path: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        _fail(
            path,
            line,
            column,
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        )
    return text.removeprefix("\ufeff")


class _Builder:
    """Builds plain Python values from libyaml events, refusing what records never need."""

    def __init__(self, path: str, events: Any):
        self.path = path
        self.events = events
        self.document = Document(path, {})

    def next_event(self) -> Any:
        return next(self.events)

    def check_node(self, event: Any, field_path: FieldPath) -> None:
        line, column = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            _fail(
                self.path, line, column,
                f"YAML alias '*{event.anchor}' is not allowed in records",
                "write the value out in full", field_path,
            )
        if getattr(event, "anchor", None):
            _fail(
                self.path, line, column,
                f"YAML anchor '&{event.anchor}' is not allowed in records",
                "remove the anchor and write values out in full", field_path,
            )
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            _fail(
                self.path, line, column,
                f"YAML tag '{tag}' is not allowed in records",
                "remove the tag; every value is read as text and typed by the catalogue",
                field_path,
            )

    def build(self, event: Any, field_path: FieldPath) -> Any:
        self.check_node(event, field_path)
        self.document.positions[field_path] = _mark(event)
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in NULL_WORDS:
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while not isinstance(item := self.next_event(), yaml.SequenceEndEvent):
                items.append(self.build(item, (*field_path, len(items))))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while not isinstance(key_event := self.next_event(), yaml.MappingEndEvent):
                self.check_node(key_event, field_path)
                line, column = _mark(key_event)
                if not isinstance(key_event, yaml.ScalarEvent):
                    _fail(self.path, line, column, "a key must be a plain word", "", field_path)
                key = key_event.value
                key_path = (*field_path, key)
                if key in mapping:
                    first_line, _ = self.document.key_positions[key_path]
                    _fail(
                        self.path, line, column,
                        f"duplicate key '{key}' (first given on line {first_line})",
                        "keep one of the two", key_path,
                    )
                self.document.key_positions[key_path] = (line, column)
                mapping[key] = self.build(self.next_event(), key_path)
            return mapping
        line, column = _mark(event)
        _fail(self.path, line, column, f"unexpected YAML event {type(event).__name__}")
        return None  # unreachable: _fail raises


def load_text(text: str, path: str) -> Document:
    """Parse one record's YAML text; raise LoadError naming the first problem."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        _fail(path, 1, 1, "the file is empty", "a record is a YAML mapping starting with 'id:'")
    events = yaml.parse(text, Loader=Loader)
    builder = _Builder(path, events)
    try:
        builder.next_event()  # stream start
        start = builder.next_event()
        root_event = builder.next_event()
        value = builder.build(root_event, ())
        builder.next_event()  # document end
        after = builder.next_event()
        if not isinstance(after, yaml.StreamEndEvent):
            line, column = _mark(after)
            _fail(
                path, line, column,
                "the file holds more than one YAML document",
                "keep one record per file and remove the '---' separator",
            )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.problem:
            message = f"YAML syntax error: {error.problem} ({error.context})"
        _fail(path, line, column, message, "check indentation, colons and quotes on this line")
    except yaml.YAMLError as error:
        _fail(path, 1, 1, f"YAML error: {error}")
    del start
    if not isinstance(value, dict):
        line, column = builder.document.positions.get((), (1, 1))
        kind = "a list" if isinstance(value, list) else "a single value"
        _fail(path, line, column, f"the top level is {kind}, not a mapping of fields",
              "a record is a YAML mapping starting with 'id:'")
    builder.document.data = value
    return builder.document


def load_bytes(raw: bytes, path: str) -> Document:
    """Check size and encoding, then parse."""
    if len(raw) > MAX_BYTES:
        _fail(path, 1, 1, f"the file is {len(raw):,} bytes; records are limited to {MAX_BYTES:,}",
              "shorten the summary and findings; a record describes a work, it does not copy it")
    return load_text(_decode(path, raw), path)


def load_file(path: Path, display: str | None = None) -> Document:
    """Read a record file from disk."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            _fail(name, 1, 1, f"the file is {size:,} bytes; records are limited to {MAX_BYTES:,}",
                  "shorten the summary and findings; a record describes a work, it does not copy it")
        raw = path.read_bytes()
    except OSError as error:
        _fail(name, 1, 1, f"cannot read the file: {error.strerror}")
    return load_bytes(raw, name)
