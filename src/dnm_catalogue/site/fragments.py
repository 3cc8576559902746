"""A record's share of the whole-catalogue files, made once per record and reused.

The catalogue downloads (BibTeX, RIS, CSL-JSON, JSON, CSV) and the browser's text and export
files are each the records' pieces joined in order. Keeping every record's pieces (in memory,
and in the page cache between builds) means an edit to one record re-makes one record's pieces,
and the whole files are joined again instead of formatted again. The joined files are
byte-for-byte what the exporters in citations/exports.py give for the same records (tested), and the
browser files are the JSON of the same lists.
"""

from __future__ import annotations

import json
import textwrap

from ..citations.exports import bibtex_entry, csl_json_item, csv_header, csv_row, ris_entry
from ..records.markup import script_json
from ..records.model import Record
from ..records.query import search_text

KINDS = ("bibtex", "ris", "csl", "json", "csv", "text", "exports")


def record_fragments(record: Record) -> dict[str, str]:
    """One record's pieces of each whole-catalogue file."""
    item = csl_json_item(record)
    bibtex, ris = bibtex_entry(record), ris_entry(record)
    return {
        "bibtex": bibtex,
        "ris": ris,
        "csl": _array_item(item),
        "json": _array_item(record.to_dict()),
        "csv": csv_row(record),
        "text": script_json(search_text(record)),
        "exports": script_json({"bibtex": bibtex, "ris": ris, "csl": item}),
    }


def _array_item(data: dict) -> str:
    # One element of json.dumps(list, indent=2): the object indented by one level.
    return textwrap.indent(json.dumps(data, indent=2, ensure_ascii=False), "  ")


def json_array(pieces: list[str]) -> str:
    """json.dumps(list, indent=2, ensure_ascii=False) + newline, from _array_item pieces."""
    return ("[\n" + ",\n".join(pieces) + "\n]\n") if pieces else "[]\n"


def bibtex_file(pieces: list[dict[str, str]]) -> str:
    return "\n".join(piece["bibtex"] for piece in pieces)


def ris_file(pieces: list[dict[str, str]]) -> str:
    return "\n".join(piece["ris"] for piece in pieces)


def csv_file(pieces: list[dict[str, str]]) -> str:
    return csv_header() + "".join(piece["csv"] for piece in pieces)


def text_script(pieces: list[dict[str, str]]) -> str:
    """browse/text.js: the normalised words the text box searches, in record order."""
    return "window.DNM_TEXT=[" + ",".join(piece["text"] for piece in pieces) + "];\n"


def exports_script(records: list[Record], pieces: list[dict[str, str]]) -> str:
    """browse/exports.js: per-record BibTeX, RIS and CSL-JSON for exporting a selection."""
    entries = ",".join(f"{script_json(record.id)}:{piece['exports']}"
                       for record, piece in zip(records, pieces, strict=True))
    return "window.DNM_EXPORTS={" + entries + "};\n"
