"""One generated file of the site: a Markdown page or an asset, in memory or in the page cache."""

from __future__ import annotations

from pathlib import Path


class OutputFile:
    """A generated file: a Markdown page (path ends in .md) or a static asset.

    The content is either held in memory or, for files kept by the page cache, read from
    `stored` when first asked for (an unchanged page is never read during a build).
    """

    __slots__ = ("_content", "path", "stored")

    def __init__(self, path: str, content: str | bytes | None = None, stored: Path | None = None):
        if content is None and stored is None:
            raise ValueError(f"{path}: an output file needs content or a stored copy")
        self.path = path
        self._content = content
        self.stored = stored

    @property
    def content(self) -> str | bytes:
        """The file's text (or bytes), read from the cache folder if not in memory."""
        if self._content is None:
            assert self.stored is not None
            self._content = self.stored.read_text(encoding="utf-8")
        return self._content

    @property
    def data(self) -> bytes:
        """The file's bytes as written to disk."""
        content = self.content
        return content.encode("utf-8") if isinstance(content, str) else content

    @property
    def is_page(self) -> bool:
        """True for Markdown pages."""
        return self.path.endswith(".md")

    @property
    def url(self) -> str:
        """The site path the file is published at (directory URLs)."""
        if not self.is_page:
            return self.path
        stem = self.path[: -len(".md")]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OutputFile):
            return NotImplemented
        return self.path == other.path and self.content == other.content

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        where = f"stored={self.stored}" if self._content is None else f"{len(self._content)} chars"
        return f"OutputFile({self.path!r}, {where})"
