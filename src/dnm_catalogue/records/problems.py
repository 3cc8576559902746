"""Problems found in records: one object per mistake, reported compiler style."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, with where it is and how to fix it."""

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{escaped(self.file)}:{self.line}:{self.column}"
        field = f" {escaped(self.field)}:" if self.field else ""
        hint = f"; {escaped(self.hint)}" if self.hint else ""
        return f"{where}:{field} {escaped(self.message)}{hint}"


def escaped(text: str) -> str:
    """Text safe to print on one terminal line: line breaks, escape sequences and invisible
    characters from a file name, key or value are shown as Python escapes (\\n, \\x1b,
    \\u202e), so no input can forge a second problem line or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(character if character.isprintable() else repr(character)[1:-1]
                   for character in text)


class CatalogueError(Exception):
    """Bad input that stops a command: carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_text(self.problems))


def count_line(problems: list[Problem], files_checked: int) -> str:
    """The closing line of a report, such as '3 problems in 2 of 10 files'."""
    if not problems:
        noun = "file" if files_checked == 1 else "files"
        return f"{files_checked} {noun} checked, no problems"
    files = len({problem.file for problem in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun} in {files} of {files_checked} files"


def format_text(problems: list[Problem]) -> str:
    """One line per problem."""
    return "\n".join(str(problem) for problem in problems)


def format_json(problems: list[Problem], files_checked: int) -> str:
    """The same problems as a JSON document for tools."""
    return json.dumps(
        {
            "files_checked": files_checked,
            "problem_count": len(problems),
            "problems": [asdict(problem) for problem in problems],
        },
        indent=2,
        ensure_ascii=False,
    )
