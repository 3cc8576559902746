"""Runs of words a record's summary and findings share with a source text (our own words check).

Words are compared with accents, case and punctuation ignored, so "Décary-Hétu's" and
"decary hetus" match. A run is a maximal stretch of consecutive words of one record text
(the summary or one finding) that also stands, in the same order, in the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

RUN_LENGTH = 8
# Letters and digits; an apostrophe inside a word joins ("vendor's"), a hyphen separates.
WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class SharedRun:
    """Words of one record text that also stand together in the source."""

    field: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.field}: {len(self.words)} words: {' '.join(self.words)}"


def fold(word: str) -> str:
    """A word as compared: no accents, lower case, no inner punctuation."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"['’]", "", bare.casefold())


def words(text: str) -> list[str]:
    """The words of a text, as written."""
    return WORD_RE.findall(text)


def shared_runs(record_texts: list[tuple[str, str]], source: str,
                length: int = RUN_LENGTH) -> list[SharedRun]:
    """Every maximal run of `length` or more words that a record text shares with the source."""
    source_words = [fold(word) for word in words(source)]
    grams = {tuple(source_words[i:i + length]) for i in range(len(source_words) - length + 1)}
    runs: list[SharedRun] = []
    for field, text in record_texts:
        written = words(text)
        folded = [fold(word) for word in written]
        covered = [False] * len(written)
        for start in range(len(folded) - length + 1):
            if tuple(folded[start:start + length]) in grams:
                for index in range(start, start + length):
                    covered[index] = True
        start = None
        for index, flag in enumerate([*covered, False]):
            if flag and start is None:
                start = index
            elif not flag and start is not None:
                runs.append(SharedRun(field, tuple(written[start:index])))
                start = None
    return runs


def record_texts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The summary and each finding of a raw record mapping, by field path."""
    texts: list[tuple[str, str]] = []
    if isinstance(data.get("summary"), str):
        texts.append(("summary", data["summary"]))
    findings = data.get("findings")
    for index, finding in enumerate(findings if isinstance(findings, list) else []):
        text = finding.get("text") if isinstance(finding, dict) else finding
        if isinstance(text, str):
            texts.append((f"findings[{index}].text", text))
    return texts
