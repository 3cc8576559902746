"""JSON Schema for editors, generated from the model's field table (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

import pycountry

from . import vocabularies as vocab
from .characters import FORBIDDEN_RANGES, character_class
from .model import (
    EARLIEST_YEAR,
    FIELDS,
    FORMAT_VERSION,
    ID_MAX_LENGTH,
    ID_PATTERN,
    IMAGE_PATTERN,
    RESERVED_IDS,
    SECTION_MAX_LENGTH,
    SUMMARY_MIN_WORDS,
    UNSAFE_LINK_PATTERN,
)

SCHEMA_ID = "https://dnm-catalogue.example/schema/record.schema.json"

# Standard YAML readers (an editor's language server, check-jsonschema) read unquoted
# `2013`, `35` or `true` as numbers and booleans; the catalogue reads every scalar as text. So
# wherever the validator accepts such text, the schema accepts the number or boolean too.
# Patterns are ECMA-262 regular expressions, as JSON Schema asks.
FORBIDDEN = character_class([*FORBIDDEN_RANGES[:-1], (0x0D, 0x0D)])  # (no tag characters:
# ECMA patterns without the u flag cannot name code points above U+FFFF)
NOT_BLANK = r"\S"
INNER_BREAK = r"\S[ \t\n]*[\t\n][ \t\n]*\S"
MARKUP = r"<[A-Za-z/!?]|&#?[A-Za-z0-9]+;"
YEAR_TEXT = r"(199[0-9]|2[0-9]{3})"
NUMBER_OR_BOOLEAN = {"type": ["number", "boolean"]}


def _string(*refused: str, pattern: str = NOT_BLANK) -> dict[str, Any]:
    """A string matching `pattern` that matches none of the `refused` patterns."""
    schema: dict[str, Any] = {"type": "string", "pattern": pattern}
    if refused:
        schema["not"] = {"anyOf": [{"pattern": item} for item in refused]}
    return schema


TEXT = {"anyOf": [_string(FORBIDDEN, INNER_BREAK, MARKUP), NUMBER_OR_BOOLEAN]}
MARKDOWN = _string(FORBIDDEN, UNSAFE_LINK_PATTERN, IMAGE_PATTERN)
SUMMARY = _string(FORBIDDEN, UNSAFE_LINK_PATTERN, IMAGE_PATTERN,
                  pattern=rf"^\s*(\S+\s+){{{SUMMARY_MIN_WORDS - 1}}}\S")
DATE = {"anyOf": [
    {"type": "string",
     "pattern": rf"^\s*{YEAR_TEXT}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?\s*$"},
    {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": 2999}]}
YEAR = {"anyOf": [{"type": "string", "pattern": rf"^\s*{YEAR_TEXT}\s*$"},
                  {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": 2999}]}
SCHEME = "[hH][tT][tT][pP][sS]?://"
ONION_HOST = rf"^\s*{SCHEME}([^/?#@\s]*@)?[^/?#:\s]*([oO][nN][iI][oO][nN])\.?(:[0-9]*)?([/?#]|\s*$)"
HOST_START = rf"^\s*{SCHEME}([^/?#@\s]*@)?"
# Library proxies, session addresses and bare IP addresses (value_checks.py: _private_address).
PRIVATE_ADDRESS = [
    rf"{HOST_START}[^/?#\s]*(ezproxy|libproxy|\.idm\.oclc\.org|webvpn)",
    rf"{HOST_START}(proxy|login|vpn)\.",
    rf"{HOST_START}([^/?#\s]*\.)?[a-z0-9-]+-(com|org|net|edu|gov|ac-uk|co-uk)\.",
    rf"{HOST_START}[^/?#\s:]*:(?!(80|443)([/?#]|\s*$))[0-9]+",
    rf"{HOST_START}([0-9.]+|\[[0-9a-fA-F:.]+\])([:/?#]|\s*$)",
    r"jsessionid|phpsessid|sessionid|session_id|[?&;]sid=|/login\?q?url=|/nph-",
]
URL = _string(FORBIDDEN, ONION_HOST, *PRIVATE_ADDRESS, pattern=rf"^\s*{SCHEME}[^\s/?#]+[^\s]*\s*$")
ID = {"anyOf": [_string(pattern=ID_PATTERN) | {"maxLength": ID_MAX_LENGTH,
                                               "not": {"enum": sorted(RESERVED_IDS)}},
                {"type": "integer", "minimum": 0}]}
SECTION = {"allOf": [TEXT, {"maxLength": SECTION_MAX_LENGTH}]}
PAGE = {"anyOf": [{"type": "string",
                   "pattern": r"^\s*([A-Z]?)[1-9][0-9]*([-–]\1[1-9][0-9]*)?\s*$"},
                  {"type": "integer", "minimum": 1}]}
PERSON = {
    "type": "object",
    "title": "Person",
    "required": ["family"],
    "additionalProperties": False,
    "properties": {
        "family": TEXT,
        "given": TEXT,
        "orcid": {"type": "string",
                  "pattern": r"^\s*(https?://orcid\.org/)?[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]\s*$"},
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
        "markdown": SUMMARY,
        "pages": TEXT,
        "date": DATE,
        "doi": {"type": "string", "pattern": (
            r"^\s*([hH][tT][tT][pP][sS]?://([dD][xX]\.)?[dD][oO][iI]\.[oO][rR][gG]/|[dD][oO][iI]:)?\s*"
            r"10\.[0-9]{4,9}/\S+\s*$")},
        "isbn": {"anyOf": [{"type": "string", "pattern": r"^\s*[0-9Xx][0-9Xx\- ]{8,15}[0-9Xx]\s*$"},
                           {"type": "integer", "minimum": 0}]},
        "url": URL,
        "urls": _list(URL),
        "language": {"type": "string", "enum": sorted(vocab.language_codes())},
        "boolean": {"anyOf": [
            {"type": "boolean"},
            {"type": "string", "pattern": r"^\s*([tT][rR][uU][eE]|[fF][aA][lL][sS][eE])\s*$"}]},
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
            "minItems": 1,
            "items": {"anyOf": [
                {"type": "object", "required": ["text"], "additionalProperties": False,
                 "properties": {"text": MARKDOWN, "page": PAGE, "section": SECTION}},
                MARKDOWN]},
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
            "One published work on darknet drug markets. Generated from dnm_catalogue.records.model; "
            "`dnm-catalogue validate` applies further rules that JSON Schema cannot say: "
            "see the README (Record format, rules only the validator checks)."
        ),
        "type": "object",
        "required": [spec.name for spec in FIELDS if spec.required],
        "additionalProperties": False,
        "properties": properties,
        "anyOf": [{"required": ["doi"]}, {"required": ["url"]}],
        "allOf": [
            {"anyOf": [{"required": ["countries"]}, {"required": ["regions"]}]},
            {"if": {"required": ["language"], "properties": {"language": {"const": "en"}}},
             "then": {"not": {"required": ["title_english"]}}},
        ],
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"
