"""Formatting and quotation marks as private-use characters: the formatter citeproc-py renders
with, and the markers turned into plain text or escaped HTML at the end."""

from __future__ import annotations

import html
import re

# Private-use code points that stand for markup and quotation marks until the end.
ITALIC, END_ITALIC = "\ue000", "\ue001"
BOLD, END_BOLD = "\ue002", "\ue003"
SMALL_CAPS, END_SMALL_CAPS = "\ue004", "\ue005"
SUPERSCRIPT, END_SUPERSCRIPT = "\ue006", "\ue007"
SUBSCRIPT, END_SUBSCRIPT = "\ue008", "\ue009"
UNDERLINE, END_UNDERLINE = "\ue00a", "\ue00b"
QUOTE, END_QUOTE = "\ue00c", "\ue00d"
MARKERS = "".join(chr(code) for code in range(0xE000, 0xE00E))
MARKER_RUN = f"[{MARKERS}]*"
_HTML_TAGS = {
    ITALIC: "<i>", END_ITALIC: "</i>", BOLD: "<b>", END_BOLD: "</b>",
    SMALL_CAPS: '<span style="font-variant:small-caps">', END_SMALL_CAPS: "</span>",
    SUPERSCRIPT: "<sup>", END_SUPERSCRIPT: "</sup>", SUBSCRIPT: "<sub>", END_SUBSCRIPT: "</sub>",
    UNDERLINE: "<u>", END_UNDERLINE: "</u>",
}


def _wrapper(start: str, end: str) -> type:
    class Wrapped(str):
        def __new__(cls, text):
            return super().__new__(cls, f"{start}{text}{end}")

    return Wrapped


class MarkerFormatter:
    """A citeproc-py formatter that marks formatting with private-use characters."""

    Italic = Oblique = _wrapper(ITALIC, END_ITALIC)
    Bold = _wrapper(BOLD, END_BOLD)
    Light = str
    Underline = _wrapper(UNDERLINE, END_UNDERLINE)
    Superscript = _wrapper(SUPERSCRIPT, END_SUPERSCRIPT)
    Subscript = _wrapper(SUBSCRIPT, END_SUBSCRIPT)
    SmallCaps = _wrapper(SMALL_CAPS, END_SMALL_CAPS)

    @staticmethod
    def preformat(text):
        return text


def to_text(marked: str) -> str:
    """Plain text: the markers dropped."""
    return marked.translate({ord(marker): None for marker in MARKERS})


def to_html(marked: str) -> str:
    """HTML: the text escaped, then the markers turned into tags."""
    escaped = html.escape(marked, quote=False)
    return re.sub(f"[{MARKERS}]", lambda match: _HTML_TAGS.get(match.group(), ""), escaped)
