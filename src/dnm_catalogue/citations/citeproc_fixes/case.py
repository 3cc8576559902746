"""Text case: CSL title case and capitalize-first, word by word as pandoc's citeproc does it,
and the elements' text-case attribute read with them (`Cased`)."""

from __future__ import annotations

import re

from citeproc.string import String

from .markers import MARKERS

# The CSL 1.0.2 stop words, plus "about" and name particles as pandoc's citeproc has them
# (CMOS 8.159 lowercases prepositions whatever their length).
_STOP_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of",
    "on", "onto", "or", "over", "so", "the", "till", "to", "up", "via", "with", "yet",
    "about", "van", "von", "de", "d", "l"})
_TOKENS = re.compile(r"\w+|\s+|.", re.UNICODE | re.DOTALL)
_WORD_BREAKS = frozenset("-/\u2013\u2014")


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _capitalize_word(word: str) -> str:
    return word[:1].upper() + word[1:]


def title_case(text: str) -> str:
    """CSL title case, word by word as pandoc's citeproc does it.

    A lower-case word is capitalised at the start, after a sentence end or colon, as the last
    word, or after a space, hyphen, slash or dash unless it is a stop word; words with any
    capital (NPS, arXiv, Europe) are left alone. Quote and formatting markers are transparent.
    """
    tokens = _TOKENS.findall(str(text))
    words = [index for index, token in enumerate(tokens) if _is_word(token)]
    last_word = words[-1] if words else -1
    state = "start"
    out = []
    for index, token in enumerate(tokens):
        if token in MARKERS:
            out.append(token)
            continue
        if _is_word(token):
            if token == token.lower() and any(char.isalpha() for char in token):
                opens_sentence = state in ("start", "sentence")
                capitalised = len(token) > 1 and (index == last_word or (
                    state == "word-end" and token.lower() not in _STOP_WORDS))
                if opens_sentence or capitalised:
                    token = _capitalize_word(token)
            state = "word"
        else:
            last = token[-1]
            if last in ".?!:":
                state = "sentence-end"
            elif last.isspace():
                state = "sentence" if state == "sentence-end" else "word-end"
            elif last in _WORD_BREAKS:
                state = "word-end"
        out.append(token)
    return "".join(out)


def capitalize_first(text: str) -> str:
    """Capitalise the first word if it is all lower case ("arXiv" stays)."""
    tokens = _TOKENS.findall(str(text))
    for index, token in enumerate(tokens):
        if _is_word(token):
            if token == token.lower():
                tokens[index] = _capitalize_word(token)
            break
    return "".join(tokens)


class Cased:
    """Text-case corrections: title case that skips quotes, and terms are always English-cased."""

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case is None or not text:
            return text
        if text_case == "title":
            # CSL: title case applies to English items only; labels and terms have no item
            # language, and citeproc-py skipped them ("eds." for APA's "Eds.").
            if language not in (None, "en"):
                return text
            return String(title_case(text))
        if text_case == "capitalize-first":
            return String(capitalize_first(text))
        return super().case(text, language)
