"""Files under the cache folder: written whole or not at all, read back only if current."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_whole(path: Path, data: bytes | str) -> None:
    """Write a file through a temporary one and a rename: a reader (or a later build after an
    interruption) sees the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        temporary.write_bytes(content)
    except FileNotFoundError:  # the folder is made only when missing (a page cache writes many)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
    os.replace(temporary, path)


def read_json_if(path: Path, field: str, value: Any) -> dict | None:
    """A JSON object from a file, only if it reads and its `field` equals `value` (a format
    version or a code fingerprint); None otherwise."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get(field) == value else None
