"""A progress line for long commands ("Rendering pages 120/420"), shown on a terminal only.

It is written to standard error, never to standard output (where `export` writes its data),
and only when standard error is a terminal: redirected to a file or a pipe, it prints nothing.
The line is rewritten in place (a carriage return) at most ten times a second, and cleared
before anything else is printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

Item = TypeVar("Item")


def is_terminal(stream: TextIO) -> bool:
    """Whether a stream is an interactive terminal (not a file, a pipe or a closed stream)."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError, OSError):
        return False


class Progress:
    """One line of progress on standard error, when it is a terminal; silent otherwise."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None,
                 interval: float = 0.1):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.interval = interval
        self._width = 0  # characters on the line now
        self._last = 0.0

    def show(self, text: str, force: bool = True) -> None:
        """Put `text` on the progress line (at most every `interval` seconds unless forced)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        columns = shutil.get_terminal_size((80, 24)).columns
        text = text[:max(columns - 1, 10)]
        padding = " " * max(self._width - len(text), 0)
        self._write("\r" + text + padding)
        self._width = len(text)

    def step(self, label: str, done: int, total: int) -> None:
        """'Rendering pages 120/420' (the first and last step always shown)."""
        self.show(f"{label} {done}/{total}", force=done in (1, total))

    def each(self, items: Iterable[Item], label: str, total: int) -> Iterator[Item]:
        """The items, counting them on the progress line as they are used."""
        for number, item in enumerate(items, 1):
            self.step(label, number, total)
            yield item

    def clear(self) -> None:
        """Remove the progress line (before a summary or an error is printed)."""
        if self.enabled and self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False  # a closed terminal: the command goes on without progress


def seconds(elapsed: float) -> str:
    """'0.4 s', '6.2 s', '72 s'."""
    return f"{elapsed:.1f} s" if elapsed < 60 else f"{elapsed:.0f} s"


def plural(count: int, noun: str) -> str:
    """'1 record', '163 records' (with a thousands separator)."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
