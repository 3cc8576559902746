"""The browser's data files: compact, column-oriented, facets expanded exactly as records/query.py does.

data.js holds what filtering and listing need (about 40 bytes a record gzipped). The words
for the text box (text.js, loaded on the first keystroke) and per-record citations for
exporting a selection (exports.js, loaded on the first export) are joined from each record's
fragments (fragments.py).
"""

from __future__ import annotations

from typing import Any

from ..records import vocabularies as vocab
from ..records.markup import script_json
from ..records.model import Record
from ..records.query import coverage_label, region_breadth
from .facets import record_facet_values

# Browser parameter -> facet kind in record_facet_values (already expanded to parents/regions).
FACET_PARAMS = {"country": "countries", "region": "regions", "drug": "drugs", "market": "markets",
                "type": "types", "method": "methods"}


def browse_data(records: list[Record]) -> dict[str, Any]:
    """Columns per record, and for each facet the list of its values (indexed from the columns)."""
    expanded = [record_facet_values(record) for record in records]
    values = {param: sorted({value for facets in expanded for value in facets[kind]})
              for param, kind in FACET_PARAMS.items()}
    position = {param: {value: index for index, value in enumerate(items)}
                for param, items in values.items()}

    def encode(param: str, items: set[str] | list[str]) -> str:
        return ".".join(str(position[param][value]) for value in sorted(items))

    columns: dict[str, list[Any]] = {"id": [], "title": [], "authors": [], "year": [], "day": [],
                                     "oa": [], "regions_direct": []}
    columns.update({param: [] for param in FACET_PARAMS})
    for record, facets in zip(records, expanded, strict=True):
        columns["id"].append(record.id)
        columns["title"].append(record.title)
        columns["authors"].append(record.authors_short)
        columns["year"].append(record.year)
        columns["day"].append(record.published.earliest().toordinal())
        columns["oa"].append(1 if record.open_access else 0)
        for param, kind in FACET_PARAMS.items():
            columns[param].append(encode(param, facets[kind]))
        columns["regions_direct"].append(
            encode("region", [region for region in record.regions if region in position["region"]]))
    countries = {code for record in records for code in record.countries}
    regions_of = {code.lower(): encode("region", vocab.regions_containing(code) & set(values["region"]))
                  for code in sorted(countries)}
    type_labels = {slug: vocab.vocabulary("types").label(slug) for slug in values["type"]}
    # How a result found through a region says so, and the order of several (records/query.py decides).
    by_breadth = sorted(values["region"], key=region_breadth)
    coverage = [[coverage_label(slug), by_breadth.index(slug)] for slug in values["region"]]
    return {"version": 3, "count": len(records), "values": values, "columns": columns,
            "regions_of": regions_of, "type_labels": type_labels, "coverage": coverage}


def data_script(records: list[Record]) -> str:
    """browse/data.js."""
    return "window.DNM_CATALOGUE=" + script_json(browse_data(records)) + ";\n"
