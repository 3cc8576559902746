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
    # libyaml marks (or (line, column) tuples), converted only when a problem is reported
    positions: dict[FieldPath, Any] = field(default_factory=dict)
    key_positions: dict[FieldPath, Any] = field(default_factory=dict)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of a value, or of its closest parent that has one."""
        while path:
            if path in self.positions:
                return _mark_position(self.positions[path])
            path = path[:-1]
        return _mark_position(self.positions.get(()))

    def where_key(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of the key that names a field."""
        if path in self.key_positions:
            return _mark_position(self.key_positions[path])
        return self.where(path)


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


def _mark_position(mark: Any) -> tuple[int, int]:
    """1-based (line, column) of a libyaml mark (or a position already converted)."""
    if mark is None:
        return 1, 1
    if isinstance(mark, tuple):
        return mark
    return mark.line + 1, mark.column + 1


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


_Scalar, _SequenceStart, _SequenceEnd = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStart, _MappingEnd, _Alias = yaml.MappingStartEvent, yaml.MappingEndEvent, yaml.AliasEvent


class _Builder:
    """Builds plain Python values from libyaml events, refusing what records never need.

    This is the hot path of `validate`: positions are kept as libyaml marks and turned into
    (line, column) only when a problem is reported, and the checks are inlined.
    """

    def __init__(self, path: str, loader: Any):
        self.path = path
        self.next_event = loader.get_event
        self.marks: dict[FieldPath, Any] = {}
        self.key_marks: dict[FieldPath, Any] = {}

    def refuse(self, event: Any, field_path: FieldPath) -> None:
        line, column = _mark(event)
        if isinstance(event, _Alias):
            _fail(self.path, line, column,
                  f"YAML alias '*{event.anchor}' is not allowed in records",
                  "write the value out in full", field_path)
        if event.anchor is not None:
            _fail(self.path, line, column,
                  f"YAML anchor '&{event.anchor}' is not allowed in records",
                  "remove the anchor and write values out in full", field_path)
        _fail(self.path, line, column,
              f"YAML tag '{event.tag}' is not allowed in records",
              "remove the tag; every value is read as text and typed by the catalogue", field_path)

    def build(self, event: Any, field_path: FieldPath) -> Any:
        kind = type(event)
        if kind is _Alias or event.anchor is not None or event.tag not in (None, "!"):
            self.refuse(event, field_path)
        self.marks[field_path] = event.start_mark
        if kind is _Scalar:
            if not event.style and event.value in NULL_WORDS:
                return None
            return event.value
        if kind is _SequenceStart:
            items = []
            while type(item := self.next_event()) is not _SequenceEnd:
                items.append(self.build(item, (*field_path, len(items))))
            return items
        if kind is _MappingStart:
            mapping: dict[str, Any] = {}
            while type(key_event := self.next_event()) is not _MappingEnd:
                if type(key_event) is not _Scalar:
                    if type(key_event) is _Alias:
                        self.refuse(key_event, field_path)
                    line, column = _mark(key_event)
                    _fail(self.path, line, column, "a key must be a plain word", "", field_path)
                if key_event.anchor is not None or key_event.tag not in (None, "!"):
                    self.refuse(key_event, field_path)
                key = key_event.value
                key_path = (*field_path, key)
                if key in mapping:
                    first_line = self.key_marks[key_path].line + 1
                    line, column = _mark(key_event)
                    _fail(self.path, line, column,
                          f"duplicate key '{key}' (first given on line {first_line})",
                          "keep one of the two", key_path)
                self.key_marks[key_path] = key_event.start_mark
                mapping[key] = self.build(self.next_event(), key_path)
            return mapping
        line, column = _mark(event)
        _fail(self.path, line, column, f"unexpected YAML event {kind.__name__}")
        return None  # unreachable: _fail raises


def is_blank(text: str) -> bool:
    """True for YAML text with nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def load_text(text: str, path: str) -> Document:
    """Parse one record's YAML text; raise LoadError naming the first problem."""
    if is_blank(text):
        _fail(path, 1, 1, "the file is empty", "a record is a YAML mapping starting with 'id:'")
    loader = Loader(text)
    builder = _Builder(path, loader)
    try:
        builder.next_event()  # stream start
        builder.next_event()  # document start
        value = builder.build(builder.next_event(), ())
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
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        line, column = _mark_position(builder.marks.get(()))
        kind = "a list" if isinstance(value, list) else "a single value"
        _fail(path, line, column, f"the top level is {kind}, not a mapping of fields",
              "a record is a YAML mapping starting with 'id:'")
    return Document(path, value, builder.marks, builder.key_marks)


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
