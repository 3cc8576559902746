"""A record's page (the work, its summary, findings, links, the Cite panel and corrections) and
its download files (BibTeX, RIS, CSL-JSON)."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ...citations.exports import to_bibtex, to_csl_json, to_ris
from ...citations.references import access_clause_templates, format_reference, split_at_access_date
from ...records import source_kinds
from ...records import vocabularies as vocab
from ...records.markup import plain_text, script_json
from ...records.model import Record
from .. import fragments
from ..facets import facet_label, facet_url
from ..fragments import record_fragments
from ..metadata import highwire_tags, json_ld
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator

STYLE_LABELS = {"apa": "APA 7", "chicago": "Chicago", "harvard": "Harvard", "vancouver": "Vancouver"}


def record_files(generator: PageGenerator, record: Record) -> Iterator[OutputFile]:
    """A record's page and its download files."""
    url = record.path
    page_url = generator.absolute(url)
    related = [generator.by_id[target] for target in record.related if target in generator.by_id]
    cited_by = [other for other in generator.index.cited_by.get(record.id, [])
                if other.id not in record.related]
    front = {
        "title": record.title,
        "description": shortened(plain_text(record.summary), 300),
        "citation_meta": highwire_tags(record, page_url),
        "json_ld": script_json(json_ld(record, page_url)),
        "record_id": record.id,
    }
    source_file = f"{generator.options.reports_label}/{Path(record.source_path).name}"
    corrections = generator.options.corrections
    shown_url = page_url if generator.options.site_url else record.path
    exports = record_exports(record, generator.fragments(record))
    files = record_downloads(record, exports)
    sources = source_kinds.sources(record.sources)  # each with its kind, classified once
    downloads = [(label, f"{url}{name}") for label, name, _ in files]
    yield OutputFile(f"reports/{record.id}.md", generator.render(
        "record.html", url, front, record=record, related=related, cited_by=cited_by,
        facets=facet_links(record), source_file=source_file,
        edit_url=corrections.edit_link(source_file, record.id),
        issue_url=corrections.issue_link(record.id, record.title, shown_url),
        contact_url=corrections.contact_link(record.id, shown_url),
        cite=cite_entries(record, exports),
        downloads=downloads, types=vocab.vocabulary("types"),
        sources=sources,
        authoritative=any(source.kind.authoritative for source in sources),
        # Without a configured site URL the page's own address is the permanent link;
        # catalogue.js shows it in full.
        permalink=page_url if generator.options.site_url else generator.href(url, url)))
    for _, name, content in files:
        yield OutputFile(f"{url}{name}", content)


def facet_links(record: Record) -> list[tuple[str, list[tuple[str, str]]]]:
    """(facet title, [(label, url)]) for every facet a record carries."""
    groups = [
        ("countries", [code.lower() for code in record.countries]),
        ("regions", record.regions),
        ("drugs", record.drugs),
        ("markets", record.markets),
        ("methods", record.methods),
        ("types", [record.type]),
        ("years", [str(record.year)]),
    ]
    return [(kind, [(facet_label(kind, value), facet_url(kind, value)) for value in values])
            for kind, values in groups if values]


def shortened(text: str, limit: int) -> str:
    """Text cut at the last whole word within `limit` characters, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


MACHINE_FORMATS = (("bibtex", "BibTeX", "bib", to_bibtex), ("ris", "RIS", "ris", to_ris),
                   ("csl-json", "CSL-JSON", "json", to_csl_json))


def record_exports(record: Record, pieces: dict[str, str] | None = None) -> dict[str, str]:
    """One record in each machine format, shown in the Cite panel and offered as downloads,
    joined from its fragments (the same bytes as the exporters in MACHINE_FORMATS give)."""
    pieces = pieces or record_fragments(record)
    return {"bibtex": fragments.bibtex_file([pieces]), "ris": fragments.ris_file([pieces]),
            "csl-json": fragments.json_array([pieces["csl"]])}


def cite_entries(record: Record, exports: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per tab of the Cite panel: formatted styles as HTML, machine formats as text."""
    entries = []
    for key, label in STYLE_LABELS.items():
        entries.append({"key": key, "label": label, **reference_html(record, key)})
    for key, label, _, _ in MACHINE_FORMATS:
        entries.append({"key": key, "label": label, "html": None, "text": exports[key]})
    return entries


def reference_html(record: Record, style: str) -> dict[str, Any]:
    """A formatted reference for the Cite panel: where the style prints an access date, an
    empty element that the page script fills with the day the reader copies the reference
    (never the catalogue's own review date); without JavaScript no access date is shown."""
    split = split_at_access_date(record, style, "html")
    if split is None:
        return {"html": Markup(format_reference(record, style, output="html")), "access": False}
    before, after = split
    templates = html.escape(json.dumps(access_clause_templates(style)), quote=True)
    return {"html": Markup(f'{before}<span class="dnm-accessed" data-templates="{templates}">'
                           f'</span>{after}'), "access": True}


def record_downloads(record: Record, exports: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, file name, content) of one record's download files."""
    return [(f"{label} (.{suffix})", f"{record.id}.{suffix}", exports[key])
            for key, label, suffix, _ in MACHINE_FORMATS]
