"""Files the commands write where the user says (`--output FILE`): a new file, never another.

The text goes to a temporary file beside the target, which is then linked in under the
target's name: the link fails if anything appeared there meanwhile, so no file, folder or
link the program did not create is ever replaced, and a failed write leaves nothing behind.
A command may name a test for an existing file it wrote itself (the schema command does), and
such a file is replaced in one step.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


class OutputRefused(Exception):
    """An output path the command will not write to; nothing was written."""


def write_output(target: Path, text: str, ours: Callable[[bytes], bool] | None = None) -> None:
    """Write text to a new file at target (or over a file `ours` recognises)."""
    replace = False
    if os.path.lexists(target):
        if target.is_dir() and not target.is_symlink():
            raise OutputRefused(f"{target} is a folder; give a new file name, e.g. {target / 'export.txt'}")
        if target.is_symlink() or not target.is_file():
            raise OutputRefused(f"{target} exists and is not a regular file; give a new file name")
        if ours is None or not ours(target.read_bytes()):
            raise OutputRefused(f"{target} already exists; give a new file name or delete it first")
        replace = True
    if not target.parent.is_dir():
        raise OutputRefused(f"{target.parent} is not a folder; create it first")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the name was taken meanwhile
    except FileExistsError as error:
        raise OutputRefused(f"{target} already exists; give a new file name or delete it first") from error
    finally:
        if temporary.exists() or temporary.is_symlink():
            temporary.unlink()
