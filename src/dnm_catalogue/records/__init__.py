"""Records, the first stage: a YAML file in reports/ -> a checked, typed Record.

  load.py          YAML text -> raw values, every scalar as text, with positions
  characters.py    the control and invisible characters no record may hold
  problems.py      one Problem per mistake, reported compiler style
  model.py         the record format: the field table and the typed Record
  vocabularies.py  regions, drugs, markets, methods, types (data in vocabularies/), countries
  markup.py        Markdown in records: rendered, sanitised, its words counted
  text_checks.py   rules for text values (and where problems are collected)
  value_checks.py  rules for each kind of value: dates, addresses, identifiers, codes
  validate.py      a document's fields typed, then the rules that read a whole record
  catalogue.py     every file checked, then the rules that span records
  query.py         the filters `list`, exports, facet pages and the browser share
  schema.py        the JSON Schema for editors, made from the field table
  wording.py       runs of words a record shares with a source text
"""
