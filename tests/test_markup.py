"""Summaries and findings as HTML: the plain-text shortcut gives exactly Markdown's output."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dnm_catalogue.records import markup
from dnm_catalogue.records.catalogue import check_catalogue

ROOT = Path(__file__).parent.parent

# Letters and the characters that mean something to Markdown somewhere in a line or a text.
ALPHABET = "ab Z9 .,;:'\"()%/?!–—‘’“”$€×-+=*_`[]<>\\#&\t\n0123456789"


def markdown_html(text: str) -> str:
    return markup._CONVERTER.reset().convert(text)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_plain_text_shortcut_equals_markdown(text):
    plain = markup._plain_paragraphs(text)
    if plain is not None:
        assert plain == markdown_html(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="abc XYZ 12.,;:'()%–", min_size=1, max_size=40), min_size=1,
                max_size=6), st.sampled_from(["\n", "\n\n", "\n  \n", "\n\n\n"]))
def test_plain_paragraphs_equal_markdown(lines, separator):
    text = separator.join(lines)
    plain = markup._plain_paragraphs(text)
    if plain is not None:
        assert plain == markdown_html(text)


def test_catalogue_text_mostly_takes_the_shortcut_and_agrees():
    records = check_catalogue([ROOT / "reports"]).records
    texts = [record.summary for record in records]
    texts += [finding.text for record in records for finding in record.findings]
    plain = [text for text in texts if markup._plain_paragraphs(text) is not None]
    assert len(plain) > len(texts) // 2
    for text in plain:
        assert markup._plain_paragraphs(text) == markdown_html(text)


def test_markup_still_goes_through_markdown():
    assert markup.render_markdown("Some *emphasis* here") == "<p>Some <em>emphasis</em> here</p>"
    assert markup.render_markdown("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    assert markup._plain_paragraphs("1. first") is None
    assert markup._plain_paragraphs("line with break  \nnext") is None


def test_plain_text_is_the_words_a_reader_sees_on_one_line():
    text = "A *b* and [c](https://x.org)\nover lines, a < b & `code`.\n\n- one\n- two\n\nEnd."
    assert markup.plain_text(text) == "A b and c over lines, a < b & code. one two End."


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.)*_-#>\n`!é–\\+=~|:[]()&<")), max_size=60))
def test_words_counted_without_parsing_equal_the_parsed_count(text):
    from dnm_catalogue.records.markup import markdown_parts, text_words

    assert text_words(text) == markdown_parts(text).words


def test_words_are_counted_in_the_text_a_reader_sees():
    from dnm_catalogue.records.markup import markdown_parts

    # "11 and a b link text": the link address is not text, emphasis joins nothing apart
    assert markdown_parts("*1*1 and `a b` [link text](https://example.org/x y z)").words == 6
    assert markdown_parts("1. first\n2. second").words == 2  # list numbers are not words
