"""YAML text -> raw mapping of strings, lists and dicts, with the position of every value.

The loader reads the libyaml event stream directly instead of letting PyYAML construct
objects. That keeps every scalar as text (so `NO` stays Norway and `2017-11` stays a
string) and rejects anchors, aliases and tags before anything could expand or execute.
A first pass builds the values only; the line and column of every key and list item are
found by a second pass when a problem is to be reported (or the first pass met something
unusual, which the second pass then reports precisely).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from .characters import character_name, forbidden_character
from .problems import Problem

MAX_BYTES = 256 * 1024
# Records need four levels (record > authors > person > family); anything far deeper is a
# mistake or an attack on the parser's recursion.
MAX_DEPTH = 16
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A field path: keys and list indexes from the top of the document, e.g. ("authors", 0, "family").
FieldPath = tuple[str | int, ...]
NULL_WORDS = {"", "~", "null", "Null", "NULL"}


class Document:
    """A loaded YAML file: its data and where each value and key stands in the file.

    Positions are found only when asked for (a problem to report): valid files, the common
    case, are parsed once without keeping them, which is most of what `validate` costs.
    """

    def __init__(self, path: str, data: dict[str, Any], positions: dict | None = None,
                 key_positions: dict | None = None, text: str | None = None,
                 escapes: bool = True):
        self.path = path
        self.data = data
        # Whether the file has a backslash: only an escape in a quoted scalar ("\u202e") can put
        # a character into a value that the scan of the whole file did not see.
        self.escapes = escapes
        self._positions = positions
        self._key_positions = key_positions
        self._text = text

    def _find_positions(self) -> None:
        builder = _Builder(self.path, Loader(self._text or ""))
        builder.parse()
        self._positions, self._key_positions, self._text = builder.marks, builder.key_marks, None

    @property
    def positions(self) -> dict[FieldPath, Any]:
        """libyaml marks (or (line, column) tuples) of values, by field path."""
        if self._positions is None:
            self._find_positions()
        return self._positions

    @property
    def key_positions(self) -> dict[FieldPath, Any]:
        """libyaml marks of keys, by field path."""
        if self._key_positions is None:
            self._find_positions()
        return self._key_positions

    def narrowed(self, data: dict[str, Any], fields: tuple[str, ...]) -> Document:
        """The same file with only some top-level fields (and their positions, if found)."""
        if self._positions is None:
            return Document(self.path, data, text=self._text)
        positions = {path: mark for path, mark in self._positions.items()
                     if not path or path[0] in fields}
        return Document(self.path, data, positions, {})

    def where(self, path: FieldPath) -> tuple[int, int]:
        """Line and column of a value, or of its closest parent that has one."""
        positions = self.positions
        while path:
            if path in positions:
                return _mark_position(positions[path])
            path = path[:-1]
        return _mark_position(positions.get(()))

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


def _check_characters(path: str, text: str) -> None:
    found = forbidden_character(text)
    if found is None:
        return
    start = found.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    _fail(path, line, column, f"{character_name(found.group())} is not allowed in a record",
          "control and invisible characters change how text reads or is parsed; delete it and "
          "retype the text around it")


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
        self.loader = loader
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
        if _decorated(event):
            self.refuse(event, field_path)
        self.marks[field_path] = event.start_mark
        if len(field_path) >= MAX_DEPTH and kind is not _Scalar:
            line, column = _mark(event)
            _fail(self.path, line, column, f"values are nested more than {MAX_DEPTH} levels deep",
                  "records nest at most a few levels (authors > person > family)", field_path)
        if kind is _Scalar:
            return _scalar_value(event)
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
                if _decorated(key_event):
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

    def parse(self) -> dict[str, Any]:
        """The whole document, with positions; LoadError for anything a record cannot be."""
        path = self.path
        try:
            self.next_event()  # stream start
            self.next_event()  # document start
            value = self.build(self.next_event(), ())
            self.next_event()  # document end
            after = self.next_event()
            if not isinstance(after, yaml.StreamEndEvent):
                line, column = _mark(after)
                _fail(
                    path, line, column,
                    "the file holds more than one YAML document",
                    "keep one record per file and remove the '---' separator",
                )
        except yaml.MarkedYAMLError as error:
            _fail_syntax(path, error)
        except yaml.YAMLError as error:
            _fail(path, 1, 1, f"YAML error: {error}")
        finally:
            self.loader.dispose()
        if not isinstance(value, dict):
            line, column = _mark_position(self.marks.get(()))
            kind = "a list" if isinstance(value, list) else "a single value"
            _fail(path, line, column, f"the top level is {kind}, not a mapping of fields",
                  "a record is a YAML mapping starting with 'id:'")
        return value


def _fail_syntax(path: str, error: yaml.MarkedYAMLError) -> None:
    """A syntax error where the unclosed construct opened (the parser's context mark), with
    where the parser noticed it, as compilers report an unclosed bracket."""
    problem, context = error.problem_mark, error.context_mark
    mark = problem or context
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"YAML syntax error: {error.problem or error.context}"
    hint = "check indentation, colons and quotes on this line"
    if error.context and error.problem:
        message = f"YAML syntax error: {error.problem} ({error.context})"
    if context is not None and problem is not None and (context.line, context.column) < (
            problem.line, problem.column):
        construct = (error.context or "").removeprefix("while parsing ").removeprefix("while scanning ")
        line, column = context.line + 1, context.column + 1
        message = (f"YAML syntax error: {construct} starts here and is not closed: {error.problem} "
                   f"at line {problem.line + 1}, column {problem.column + 1}")
        hint = "close the bracket or quote that opens here"
    _fail(path, line, column, message, hint)


def is_blank(text: str) -> bool:
    """True for YAML text with nothing but blank lines and comments."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _decorated(event: Any) -> bool:
    """True for what records refuse: an alias, an anchor, or a tag other than the plain '!'."""
    return type(event) is _Alias or event.anchor is not None or event.tag not in (None, "!")


def _scalar_value(event: Any) -> str | None:
    """A scalar as the catalogue reads it: its text, or None for an unquoted null word."""
    return None if not event.style and event.value in NULL_WORDS else event.value


class _Unusual(Exception):
    """The fast pass met something it leaves to the full one (which reports it precisely)."""


def _fast_value(next_event: Any, event: Any, depth: int = 0) -> Any:
    """Plain values from the event stream, without positions: the pass for valid files."""
    kind = type(event)
    if _decorated(event):
        raise _Unusual
    if kind is _Scalar:
        return _scalar_value(event)
    if depth >= MAX_DEPTH:
        raise _Unusual
    if kind is _SequenceStart:
        items = []
        while type(item := next_event()) is not _SequenceEnd:
            items.append(_fast_value(next_event, item, depth + 1))
        return items
    if kind is _MappingStart:
        mapping: dict[str, Any] = {}
        while type(key_event := next_event()) is not _MappingEnd:
            if type(key_event) is not _Scalar or _decorated(key_event) or key_event.value in mapping:
                raise _Unusual
            mapping[key_event.value] = _fast_value(next_event, next_event(), depth + 1)
        return mapping
    raise _Unusual


def _fast_parse(text: str) -> Any:
    loader = Loader(text)
    try:
        next_event = loader.get_event
        next_event()  # stream start
        next_event()  # document start
        value = _fast_value(next_event, next_event())
        next_event()  # document end
        if not isinstance(next_event(), yaml.StreamEndEvent) or not isinstance(value, dict):
            raise _Unusual
        return value
    except yaml.YAMLError:
        raise _Unusual from None
    finally:
        loader.dispose()


def load_text(text: str, path: str) -> Document:
    """Parse one record's YAML text; raise LoadError naming the first problem."""
    _check_characters(path, text)
    if is_blank(text):
        _fail(path, 1, 1, "the file is empty", "a record is a YAML mapping starting with 'id:'")
    escapes = "\\" in text
    try:
        return Document(path, _fast_parse(text), text=text, escapes=escapes)
    except _Unusual:
        pass  # the full pass finds and reports the problem with its position
    builder = _Builder(path, Loader(text))
    value = builder.parse()
    return Document(path, value, builder.marks, builder.key_marks, escapes=escapes)


def load_bytes(raw: bytes, path: str) -> Document:
    """Check size and encoding, then parse."""
    if len(raw) > MAX_BYTES:
        _fail(path, 1, 1, f"the file is {len(raw):,} bytes; records are limited to {MAX_BYTES:,}",
              "shorten the summary and findings; a record describes a work, it does not copy it")
    return load_text(_decode(path, raw), path)


def load_file(path: Path, display: str | None = None) -> Document:
    """Read a record file from disk: a regular file, or a link to one in the same folder."""
    name = display or str(path)
    raw = b""
    try:
        if path.is_symlink():
            folder, target = path.parent.resolve(), path.resolve()
            if target.parent != folder:
                _fail(name, 1, 1, f"is a symbolic link to {target}, outside the records folder",
                      "records are files in the records folder; copy the file in instead")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block us
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                _fail(name, 1, 1, f"is not a regular file (it is {_file_kind(info.st_mode)})",
                      "records are plain YAML files")
            if info.st_size > MAX_BYTES:
                _fail(name, 1, 1, f"the file is {info.st_size:,} bytes; records are limited to {MAX_BYTES:,}",
                      "shorten the summary and findings; a record describes a work, it does not copy it")
            with os.fdopen(descriptor, "rb", closefd=False) as stream:
                raw = stream.read(MAX_BYTES + 1)
        finally:
            os.close(descriptor)
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of symbolic links
        _fail(name, 1, 1, f"cannot read the file: {getattr(error, 'strerror', None) or error}")
    return load_bytes(raw, name)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")
