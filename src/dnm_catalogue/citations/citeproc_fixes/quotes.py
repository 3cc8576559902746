"""Quotation marks: quoted passages inside field values become quote markers, so the style's
own marks apply; `finish` resolves the markers (outer and inner by depth) and the punctuation
around a closing mark (`punctuation-in-quote`)."""

from __future__ import annotations

import re

from .markers import END_QUOTE, MARKER_RUN, MARKERS, QUOTE

_OPENING_CONTEXT = " \t([{\u2014\u2013-/" + MARKERS
_CLOSING_MARKS = {"'": "'", "\u2018": "\u2019", '"': '"', "\u201c": "\u201d"}


def mark_quotes(text: str) -> str:
    """Quoted passages in a field value become quote markers, so the style's quotes apply.

    As pandoc and citeproc-js do, "x" and 'x' (straight or curly) are read as quotations and
    printed with the locale's marks, flipping inside quoted titles; other apostrophes become ’.
    """
    out: list[str] = []
    pending: list[str] = []  # the closing character each open quotation expects
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opens = before in _OPENING_CONTEXT and not after.isspace()
        closes = pending and _closes(char, pending[-1]) and not before.isspace()
        if char in "'\u2019\u201d\"" and closes:
            if char == "'" and after.isalpha():
                out.append("\u2019")  # an apostrophe inside a word: rock'n'roll, world's
                continue
            pending.pop()
            out.append(END_QUOTE)
        elif char in _CLOSING_MARKS and opens and not (char == "'" and after.isdigit()):
            pending.append(_CLOSING_MARKS[char])
            out.append(QUOTE)
        elif char in "'\u2019":
            out.append("\u2019")
        else:
            out.append(char)
    result = "".join(out)
    if pending:  # an unbalanced quotation is left exactly as written
        return text.replace("'", "\u2019")
    return result


def _closes(char: str, expected: str) -> bool:
    if expected in "'\u2019":
        return char in "'\u2019"
    return char in '"\u201d'



_PUNCTUATION_AFTER_QUOTE = re.compile(f"({MARKER_RUN}{END_QUOTE}{MARKER_RUN})([.,])")
_END_PUNCTUATION = re.compile(f"([.?!]{MARKER_RUN})$")
_PERIOD_AFTER_MARK = re.compile(f"([?!]{MARKER_RUN})\\.")


def finish(marked: str, quotes: tuple[str, str, str, str], punctuation_in_quote: bool) -> str:
    """Resolve quote markers (outer, inner, outer ... by depth) and the punctuation around them."""
    if punctuation_in_quote:
        def move_inside(match: re.Match) -> str:
            closing, mark = match.group(1), match.group(2)
            head = marked[:match.start()]
            if mark == "." and _END_PUNCTUATION.search(head):
                return closing
            return mark + closing

        marked = _PUNCTUATION_AFTER_QUOTE.sub(move_inside, marked)
    # '?' or '!' already ends the sentence: "Why?." -> "Why?" (as pandoc and citeproc-js do)
    marked = _PERIOD_AFTER_MARK.sub(r"\1", marked)
    open_outer, close_outer, open_inner, close_inner = quotes
    depth = 0
    out: list[str] = []
    for char in marked:
        if char == QUOTE:
            out.append(open_outer if depth % 2 == 0 else open_inner)
            depth += 1
        elif char == END_QUOTE:
            depth -= 1
            out.append(close_outer if depth % 2 == 0 else close_inner)
        else:
            out.append(char)
    return "".join(out)
