"""The downloads page and the whole-catalogue files it offers, joined from the records' fragments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...records.model import Record
from .. import fragments
from ..fragments import record_fragments
from ..output import OutputFile

if TYPE_CHECKING:
    from ..generator import PageGenerator


def downloads_page(generator: PageGenerator) -> Iterator[OutputFile]:
    """The downloads page and the files it lists."""
    files = catalogue_files(generator.records, generator.all_fragments)
    listing = [(label, name, description, len(content.encode("utf-8")))
               for label, name, description, content in files]
    yield OutputFile("downloads.md", generator.render(
        "downloads.html", "downloads/", {"title": "Downloads"}, files=listing,
        total=len(generator.records)))
    for _, name, _, content in files:
        yield OutputFile(f"downloads/{name}", content)


def catalogue_files(records: list[Record], pieces: list[dict[str, str]] | None = None,
                    ) -> list[tuple[str, str, str, str]]:
    """(label, file name, description, content) of the whole-catalogue downloads, joined from
    the records' fragments (the same bytes as citations/exports.py gives for the whole list)."""
    from ...records.schema import schema_text

    if pieces is None:
        pieces = [record_fragments(record) for record in records]
    return [
        ("BibTeX", "dnm-catalogue.bib", "for BibTeX, BibLaTeX, JabRef and most reference managers",
         fragments.bibtex_file(pieces)),
        ("RIS", "dnm-catalogue.ris", "for Zotero, EndNote, Mendeley and RefWorks",
         fragments.ris_file(pieces)),
        ("CSL-JSON", "dnm-catalogue.csl.json", "for Zotero, pandoc and citeproc tools",
         fragments.json_array([piece["csl"] for piece in pieces])),
        ("CSV", "dnm-catalogue.csv", "one row a record, every field, for spreadsheets",
         fragments.csv_file(pieces)),
        ("JSON", "dnm-catalogue.json", "every field of every record, for programs",
         fragments.json_array([piece["json"] for piece in pieces])),
        ("JSON Schema", "record.schema.json", "the record format, for editors and validators",
         schema_text()),
    ]
