"""The loader: text stays text, bad YAML is an error with a position, never a crash."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnm_catalogue.records.load import MAX_BYTES, LoadError, load_bytes, load_text
from helpers import BASE_RECORD


def test_scalars_stay_text():
    document = load_text("countries: [NO]\nlanguage: no\npublished: 2017-11-28\nvolume: 1.10\n"
                         "issue: 017\nflag: yes\n", "x.yaml")
    assert document.data == {"countries": ["NO"], "language": "no", "published": "2017-11-28",
                             "volume": "1.10", "issue": "017", "flag": "yes"}


def test_positions_of_keys_and_items():
    document = load_text("id: a\ncountries:\n  - DE\n  - GB\n", "x.yaml")
    assert document.where_key(("countries",)) == (2, 1)
    assert document.where(("countries", 1)) == (4, 5)
    assert document.where(("countries", 5)) == document.where(("countries",)) == (3, 3)


def test_null_and_quoted_empty():
    document = load_text('a:\nb: ~\nc: ""\n', "x.yaml")
    assert document.data == {"a": None, "b": None, "c": ""}


def test_oversized_file_is_refused():
    with pytest.raises(LoadError) as error:
        load_bytes(b"id: x\nsummary: " + b"a" * MAX_BYTES, "big.yaml")
    assert "limited to 262,144" in str(error.value)


def test_syntax_error_keeps_parser_position():
    with pytest.raises(LoadError) as error:
        load_text("id: a\ntitle: [unclosed\nurl: x\n", "bad.yaml")
    problem = error.value.problem
    assert problem.file == "bad.yaml" and problem.line >= 2
    assert "YAML syntax error" in problem.message


def test_non_string_key_is_refused():
    with pytest.raises(LoadError, match="a key must be a plain word"):
        load_text("? [a, b]\n: c\n", "x.yaml")


def test_bom_is_accepted():
    assert load_bytes("\ufeffid: a\n".encode(), "x.yaml").data == {"id": "a"}


@settings(max_examples=300, deadline=None)
@given(position=st.integers(min_value=0, max_value=len(BASE_RECORD)),
       insert=st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \n\t\\abcNO01")),
                      max_size=12),
       cut=st.integers(min_value=0, max_value=8))
def test_random_edits_never_crash(position, insert, cut):
    """Whatever is typed into a valid record, the loader returns a document or a LoadError."""
    from dnm_catalogue.records.validate import check_document

    text = BASE_RECORD[:position] + insert + BASE_RECORD[position + cut:]
    try:
        document = load_text(text, "full-record.yaml")
    except LoadError as error:
        assert error.problem.line >= 1 and error.problem.column >= 1
        return
    if isinstance(document.data, dict):
        record, problems = check_document(document)
        assert (record is None) == bool(problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(raw):
    with contextlib.suppress(LoadError):
        load_bytes(raw, "x.yaml")
