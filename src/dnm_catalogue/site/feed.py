"""The "what's new" Atom feed (RFC 4287): one entry per record, the most recently changed first.

An entry's `updated` is the day of the record's latest change (history.py), its `published`
the day it was added, when known. Ids are `urn:uuid:` names derived from the record's first id
(the first of `previous_ids`, else its id), so they stay the same across builds, hosts and a
change of id; the feed's `updated` is its newest entry's, so an unchanged catalogue gives the
same bytes.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ElementTree
from datetime import date

from ..records import vocabularies as vocab
from ..records.markup import render_markdown
from ..records.model import Record
from .history import Change

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
FEED_TITLE = "DNM Catalogue: new and revised records"
FEED_LIMIT = 50  # entries; the changelog page lists every change
AUTHOR = "DNM Catalogue contributors"
LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
_NAMESPACE = uuid.UUID("6f0c7f8e-3b5d-5a43-9d8e-0d6e2c1a7b41")  # this catalogue's ids


def entry_id(record: Record) -> str:
    """The record's entry id: the same in every build, whatever the site's address."""
    first = record.previous_ids[0] if record.previous_ids else record.id
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'record:' + first)}"


def feed_id() -> str:
    """The feed's own id."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed')}"


def timestamp(day: date) -> str:
    """An RFC 3339 date-time for a day (Atom dates are date-times; ours are days)."""
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(changes: list[Change], absolute, build_day: date) -> str:
    """The feed document. `changes` newest first (history.catalogue_changes); `absolute` turns a
    site path into the address written in the feed (absolute when the site URL is known)."""
    latest: dict[str, list[Change]] = {}
    for change in changes:
        latest.setdefault(change.record.id, []).append(change)
    entries = list(latest.values())[:FEED_LIMIT]
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id())
    _text(feed, "title", FEED_TITLE)
    _text(feed, "subtitle", "Published research on darknet drug markets, added to the catalogue "
                            "or checked again against its sources")
    updated = entries[0][0].day if entries else build_day
    _text(feed, "updated", timestamp(updated))
    _link(feed, absolute("changes/"), "alternate", "text/html")
    _link(feed, absolute(FEED_PATH), "self", "application/atom+xml")
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", AUTHOR)
    _text(feed, "rights", LICENCE)
    generator = _text(feed, "generator", "dnm-catalogue")
    generator.set("uri", absolute(""))
    for record_changes in entries:
        feed.append(_entry(record_changes, absolute))
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


WITHDRAWN = ("Taken out of the catalogue until an authoritative page (the publisher's or "
             "agency's, or an index, library or repository record) confirms it; it had rested "
             "on public copies of the work only. Its address now says so.")


def _entry(changes: list[Change], absolute) -> ElementTree.Element:
    """One record's entry; `changes` newest first."""
    record = changes[0].record
    entry = ElementTree.Element(f"{{{ATOM}}}entry")
    _text(entry, "id", entry_id(record))
    _text(entry, "title", f"{changes[0].label}: {record.title}")
    _text(entry, "updated", timestamp(changes[0].day))
    if changes[0].kind == "withdrawn":  # the same id: a reader's entry is updated, not added
        _link(entry, absolute(record.path), "alternate", "text/html")
        day = changes[0].day
        _text(entry, "summary", f"Withdrawn {day.day} {day:%B %Y}. {WITHDRAWN}").set("type", "text")
        _text(entry, "content", f"<p>Withdrawn {day.day} {day:%B %Y}.</p><p>{_escape(WITHDRAWN)}</p>"
              ).set("type", "html")
        return entry
    added = next((change.day for change in changes if change.kind == "added"), None)
    if added:
        _text(entry, "published", timestamp(added))
    _link(entry, absolute(record.path), "alternate", "text/html")
    for kind, values in (("drugs", record.drugs), ("regions", record.regions),
                         ("markets", record.markets)):
        for value in values:
            category = ElementTree.SubElement(entry, f"{{{ATOM}}}category")
            category.set("term", value)
            category.set("label", vocab.vocabulary(kind).label(value))
            category.set("scheme", absolute(f"{kind}/"))
    for code in record.countries:
        category = ElementTree.SubElement(entry, f"{{{ATOM}}}category")
        category.set("term", code.lower())
        category.set("label", vocab.country_name(code))
        category.set("scheme", absolute("countries/"))
    history = "; ".join(f"{change.label.lower()} {change.day.day} {change.day:%B %Y}"
                        for change in reversed(changes))
    byline = ", ".join(author.display_name for author in record.authors)
    history = history[:1].upper() + history[1:]
    summary = _text(entry, "summary", f"{byline} ({record.year}). {history}.")
    summary.set("type", "text")
    source = f". <i>{_escape(record.published_in)}</i>" if record.published_in else ""
    content = _text(entry, "content", f"<p>{_escape(byline)} ({record.year}){source}.</p>"
                                      f"<p>{_escape(history)}.</p>" + render_markdown(record.summary))
    content.set("type", "html")
    return entry


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(parent: ElementTree.Element, name: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _link(parent: ElementTree.Element, href: str, rel: str, media_type: str) -> None:
    link = ElementTree.SubElement(parent, f"{{{ATOM}}}link")
    link.set("rel", rel)
    link.set("type", media_type)
    link.set("href", href)
