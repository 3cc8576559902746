"""A record's reference as a reader gets it: formatted in a style, with the reader's own
access date or with none."""

from __future__ import annotations

import html
from datetime import date
from functools import cache, lru_cache

from ..records.model import Record
from .csl import ACCESS_PLACEHOLDER, date_parts, reference_item
from .formatting import format_item


def format_reference(record: Record, style: str, output: str = "text",
                     accessed: date | None = None) -> str:
    """The record's reference in a style ('apa', 'chicago', 'harvard', 'vancouver'), as plain
    text or as HTML (italics as <i>, DOIs and URLs as links, record text escaped).

    `accessed` is the day the reader accessed the work, printed where the style asks for one
    (Cite Them Right, Citing Medicine); without it the reference gives no access date.
    """
    formatted = format_item(reference_item(record), style, output)
    return with_access_date(formatted, style, output, accessed)


# A reference must never claim that the reader accessed the work on a day they did not. The
# record's `reviewed` date is the day the catalogue checked it, so it is not an access date.
# References are formatted with a placeholder access date that no one can have (31 December
# 9999); where a style prints it (Cite Them Right's "(Accessed: ...)", Citing Medicine's
# "[cited ...]"), that clause is then left out, given the reader's date, or (on the site) left
# for the page script, which fills in the day the reader copies the reference.
_ACCESS_PROBE = {"id": "access-probe", "type": "webpage", "title": "Probe",
                 "issued": {"date-parts": [[2020]]}, "URL": "https://example.org/probe"}


@lru_cache(maxsize=256)
def access_clause(style: str, accessed: date) -> str:
    """What a style adds to a reference for an access date, as plain text: ' (Accessed: 5
    December 2026)', ' [cited 2026 Dec 5]', or '' for a style that prints none."""
    without = format_item(_ACCESS_PROBE, style)
    with_date = format_item({**_ACCESS_PROBE, "accessed": {"date-parts": [date_parts(accessed)]}},
                            style)
    start = 0
    while start < min(len(without), len(with_date)) and without[start] == with_date[start]:
        start += 1
    end = 0
    while (end < min(len(without), len(with_date)) - start
           and without[-1 - end] == with_date[-1 - end]):
        end += 1
    return with_date[start:len(with_date) - end]


def with_access_date(formatted: str, style: str, output: str, accessed: date | None) -> str:
    """A reference formatted from `reference_item` with the reader's access date in place of
    the placeholder, or with no access date."""
    placeholder = access_clause(style, ACCESS_PLACEHOLDER)
    if output == "html":
        placeholder = html.escape(placeholder, quote=False)
    if not placeholder or placeholder not in formatted:
        return formatted
    clause = access_clause(style, accessed) if accessed else ""
    if output == "html":
        clause = html.escape(clause, quote=False)
    return formatted.replace(placeholder, clause, 1)


def split_at_access_date(record: Record, style: str, output: str = "html") -> tuple[str, str] | None:
    """The reference around the place its access date goes, (before, after), for a page script
    to fill in the reader's date; None when the style prints no access date for this record."""
    formatted = format_item(reference_item(record), style, output)
    placeholder = access_clause(style, ACCESS_PLACEHOLDER)
    if output == "html":
        placeholder = html.escape(placeholder, quote=False)
    if not placeholder or placeholder not in formatted:
        return None
    before, after = formatted.split(placeholder, 1)
    return before, after


@cache
def access_clause_templates(style: str) -> tuple[str, ...]:
    """The access-date clause of a style for each month, with `{day}` and `{year}` to fill in
    (what the page script uses): (' (Accessed: {day} January {year})', ...); () for a style
    that prints none. The day and year are given as numbers, without leading zeros."""
    templates = []
    for month in range(1, 13):
        clause = access_clause(style, date(9999, month, 28))
        if not clause:
            return ()
        templates.append(clause.replace("9999", "{year}").replace("28", "{day}"))
    return tuple(templates)


def fill_access_template(templates: tuple[str, ...], accessed: date) -> str:
    """An access-date clause from `access_clause_templates` (as the page script fills it)."""
    return (templates[accessed.month - 1].replace("{day}", str(accessed.day))
            .replace("{year}", str(accessed.year)))
