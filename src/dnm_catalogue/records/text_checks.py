"""Where a record's problems are collected, and the rules every text value follows.

A value holds no control or invisible character (only an escape can bring one past the
loader), plain text holds no line break and no markup, and Markdown holds no raw HTML, no image
and only web links. The rules for other kinds of value build on these (value_checks.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .characters import FORBIDDEN_RANGES, character_class, character_name
from .load import Document, FieldPath, format_path
from .markup import MarkdownParts, markdown_parts
from .model import IMAGE_PATTERN, UNSAFE_LINK_PATTERN
from .problems import Problem

HTML_RE = re.compile(r"</?[A-Za-z!?][^>]*>|<!--")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
# In plain text even an unclosed tag start or an entity could become markup in a theme that
# does not escape titles (Material prints page titles raw), so both are refused.
MARKUP_START_RE = re.compile(r"<[A-Za-z/!?]|&#?[A-Za-z0-9]+;")
NO_MARKUP = MarkdownParts((), (), "")
UNSAFE_LINK_RE = re.compile(UNSAFE_LINK_PATTERN)
IMAGE_RE = re.compile(IMAGE_PATTERN)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What a value may not hold: the controls above (a carriage return too: values are read with
# line ends normalised, so one can come only from an escape) and every forbidden character.
VALUE_CHARACTER_RE = re.compile(character_class([*FORBIDDEN_RANGES, (0x0D, 0x0D)]))


@dataclass
class TextChecker:
    """Collects one document's problems, each at its field; checks text values."""

    document: Document
    today: date
    problems: list[Problem] = field(default_factory=list)

    def report(self, path: FieldPath, message: str, hint: str = "", *, at_key: bool = False) -> None:
        """Record a problem at a field."""
        line, column = self.document.where_key(path) if at_key else self.document.where(path)
        self.problems.append(Problem(self.document.path, line, column, format_path(path), message, hint))

    def text(self, value: Any, path: FieldPath) -> str | None:
        """A non-empty single-line or multi-line text."""
        if isinstance(value, (list, dict)):
            kind = "a list" if isinstance(value, list) else "a mapping"
            self.report(path, f"expected text, found {kind}")
            return None
        if value is None or not value.strip():
            self.report(path, "is empty", "give a value or remove the field")
            return None
        # The loader has refused these characters in the file; only an escape can bring one in.
        found = VALUE_CHARACTER_RE.search(value) if self.document.escapes else None
        if found and CONTROL_RE.match(found.group()):
            self.report(path, "contains control characters", "retype the value")
            return None
        if found:
            self.report(path, f"contains {character_name(found.group())} (character "
                        f"{found.start() + 1} of the value)",
                        "control and invisible characters change how text reads; delete it")
            return None
        return value.strip()

    def plain_text(self, value: Any, path: FieldPath) -> str | None:
        """One line of text with no markup at all."""
        text = self.text(value, path)
        if text is None:
            return None
        if "\n" in text or "\t" in text:
            kind = "a line break" if "\n" in text else "a tab"
            self.report(path, f"{quoted(text)} contains {kind}",
                        "write it on one line (a quoted or plain YAML value, not a '|' block)")
            return None
        if MARKUP_START_RE.search(text):
            self.report(path, f"{quoted(text)} contains HTML markup", "write plain text")
            return None
        return text

    def markdown(self, value: Any, path: FieldPath) -> str | None:
        """Markdown text without raw HTML and with only web links."""
        text = self.text(value, path)
        if text is None:
            return None
        ok = True
        # Markup inside `code` is shown as text; without a '<' there is no markup to find.
        html = HTML_RE.search(CODE_SPAN_RE.sub("", text) if "`" in text else text) \
            if "<" in text else None
        if html:
            self.report(path, f"contains raw HTML {quoted(html.group(0))}",
                        "use Markdown: *emphasis*, lists and [links](https://...)")
            ok = False
        # A link or an image needs a '[' (inline, reference-style) or a '<' (automatic link).
        parts = markdown_parts(text) if "[" in text or "<" in text else NO_MARKUP
        for target in parts.links:
            if not target.lower().startswith(("http://", "https://")):
                self.report(path, f"link target {quoted(target)} is not an http or https address")
                ok = False
            elif re.search(r"\s", target):
                # An unclosed link swallows the text after it into its address.
                self.report(path, f"link target {quoted(target)} contains a space or a line break",
                            "close the link: [text](https://address) with no space in the address")
                ok = False
        for source in parts.images:
            self.report(path, f"contains an image ({quoted(source)})",
                        "images are not allowed; link to the page instead: [text](https://...)")
            ok = False
        if ok and ("](" in text or "]:" in text or "![" in text):
            # The same constructs written where Markdown shows them as text (code spans).
            link, image = UNSAFE_LINK_RE.search(text), IMAGE_RE.search(text)
            if link or image:
                found = (link or image).group(0).strip()
                self.report(path, f"{quoted(found)} looks like a {'link' if link else 'image'} to "
                            "a non-web address", "write links as [text](https://...), and no images")
                ok = False
        return text if ok else None


def quoted(text: str, limit: int = 60) -> str:
    """A value as a problem quotes it: repr, cut to `limit` characters."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
