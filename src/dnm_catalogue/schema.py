"""JSON Schema for editors, generated from the model's field table (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

import pycountry

from . import vocabularies as vocab
from .model import FIELDS, FORMAT_VERSION, ID_MAX_LENGTH, ID_PATTERN, SUMMARY_MIN_WORDS

SCHEMA_ID = "https://dnm-catalogue.example/schema/record.schema.json"
TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
YEAR = {"type": ["string", "integer"], "pattern": r"^\d{4}$", "minimum": 1900, "maximum": 2999}
URL = {"type": "string", "pattern": r"^https?://", "format": "uri"}
ID = {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}
PERSON = {
    "type": "object",
    "title": "Person",
    "required": ["family"],
    "additionalProperties": False,
    "properties": {
        "family": TEXT,
        "given": TEXT,
        "orcid": {"type": "string", "pattern": r"^(https://orcid.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"},
    },
}
ORGANISATION = {
    "type": "object",
    "title": "Organisation",
    "required": ["organisation"],
    "additionalProperties": False,
    "properties": {"organisation": TEXT, "abbreviation": TEXT},
}


def _slug_enum(name: str) -> dict[str, Any]:
    terms = vocab.vocabulary(name)
    return {"type": "string", "enum": sorted(term.slug for term in terms)}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [{"type": "array", "items": item, "minItems": 1, "uniqueItems": True}, item]}


def _fragment(kind: str, vocabulary_name: str | None) -> dict[str, Any]:
    countries = sorted(country.alpha_2 for country in pycountry.countries)
    fragments: dict[str, dict[str, Any]] = {
        "id": ID,
        "ids": _list(ID),
        "text": TEXT,
        "markdown": TEXT,
        "pages": TEXT,
        "date": DATE,
        "doi": {"type": "string", "pattern": r"^(https?://(dx\.)?doi\.org/|doi:)?10\.\d{4,9}/\S+$"},
        "isbn": {"type": "string", "pattern": r"^[0-9Xx\- ]{10,17}$"},
        "url": URL,
        "urls": _list(URL),
        "language": {"type": "string", "pattern": "^[a-z]{2}$"},
        "boolean": {"type": ["boolean", "string"], "enum": [True, False, "true", "false"]},
        "countries": _list({"type": "string", "enum": countries}),
        "names": {"type": "array", "minItems": 1, "items": {"oneOf": [PERSON, ORGANISATION]}},
        "period": {
            "type": "object",
            "required": ["start", "end"],
            "additionalProperties": False,
            "properties": {"start": YEAR, "end": YEAR},
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text"],
                "additionalProperties": False,
                "properties": {
                    "text": TEXT,
                    "page": {"type": ["string", "integer"], "pattern": r"^[1-9]\d*(-[1-9]\d*)?$"},
                },
            },
        },
        "texts": _list(TEXT),
    }
    if kind == "slug":
        return _slug_enum(vocabulary_name or "")
    if kind == "slugs":
        return _list(_slug_enum(vocabulary_name or ""))
    return fragments[kind]


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record file."""
    properties = {}
    for spec in FIELDS:
        fragment = dict(_fragment(spec.kind, spec.vocabulary))
        fragment["description"] = spec.description
        properties[spec.name] = fragment
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"DNM Catalogue record, format v{FORMAT_VERSION}",
        "description": (
            "One published work on darknet drug markets. Generated from dnm_catalogue.model; "
            f"`dnm-catalogue validate` applies further rules (summary of at least "
            f"{SUMMARY_MIN_WORDS} words, check digits, cross-record rules)."
        ),
        "type": "object",
        "required": [spec.name for spec in FIELDS if spec.required],
        "additionalProperties": False,
        "properties": properties,
        "anyOf": [{"required": ["doi"]}, {"required": ["url"]}],
        "allOf": [{"anyOf": [{"required": ["countries"]}, {"required": ["regions"]}]}],
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"
