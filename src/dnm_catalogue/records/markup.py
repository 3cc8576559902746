"""Record text -> safe HTML: Markdown rendered, then sanitised to a short allow-list."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "code", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https"}


def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=[], output_format="html")
    # Raw HTML is already an error in the validator; escaping it again here means even an
    # unvalidated string cannot inject markup.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


_CONVERTER = _converter()  # building a parser costs more than converting a summary


# Text Markdown would pass through as plain paragraphs: none of its inline characters, no
# tab, no line that could start a list, quote, heading, rule or code block, no line break
# made by trailing spaces. Most findings and many summaries are such text; skipping the
# Markdown parser for them gives the same HTML (tested against it) in a fraction of the time.
_MARKUP_CHARACTERS = re.compile(r"[*_`\[\]<>\\#&\t\r\x00-\x08\x0b-\x1f\x7f]")
_BLOCK_LINE = re.compile(r"^(?:[ \-+=>]|\d+[.)])|[ ]$", re.MULTILINE)


def _is_plain(text: str) -> bool:
    return not (_MARKUP_CHARACTERS.search(text) or _BLOCK_LINE.search(text))


def _plain_paragraphs(text: str) -> str | None:
    if not _is_plain(text):
        return None
    paragraphs = [part for part in re.split(r"\n(?:[ ]*\n)+", text.strip("\n")) if part]
    return "\n".join(f"<p>{part}</p>" for part in paragraphs)


@lru_cache(maxsize=50_000)
def render_markdown(text: str, *, inline: bool = False) -> str:
    """Markdown (emphasis, lists, links) as sanitised HTML; raw HTML in the input is escaped."""
    html = _plain_paragraphs(text)
    if html is None:
        html = _CONVERTER.reset().convert(text)
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


_BLOCK_TAG = re.compile(r"</?(?:p|ul|ol|li|br|blockquote)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")


def plain_text(text: str) -> str:
    """Markdown as one line of plain text: the words a reader sees, without markup or line breaks."""
    without_blocks = _BLOCK_TAG.sub(" ", render_markdown(text))
    return " ".join(html.unescape(_TAG.sub("", without_blocks)).split())


def script_json(data: Any) -> str:
    """JSON safe to place inside a <script> element (no '</script>' or '<!--' can appear)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _PartsParser(HTMLParser):
    """Collects link targets, image sources and the text of rendered Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self.links.append(values.get("href") or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@dataclass(frozen=True)
class MarkdownParts:
    """What a Markdown text holds once parsed: every link target (inline, reference-style or
    automatic), every image, and its text (what a reader sees)."""

    links: tuple[str, ...]
    images: tuple[str, ...]
    text: str

    @property
    def words(self) -> int:
        """How many words of text it has."""
        return count_words(self.text)


# A word: a run between spaces holding at least one letter or digit (so `*`, `-` or `&` alone
# are not words). A match starts at the run's first letter or digit and takes the rest of the
# run, so each such run is matched once.
_WORD_RE = re.compile(r"[^\W_]\S*")


def count_words(text: str) -> int:
    """Words of text: runs between spaces holding at least one letter or digit."""
    return len(_WORD_RE.findall(text))


_NUMBERED_LINE = re.compile(r"^ *\d+[.)]", re.MULTILINE)


def text_words(text: str) -> int:
    """How many words of text a Markdown text shows, as markdown_parts(text).words, without
    parsing where Markdown cannot change the count: only link addresses ('[', '<'), entities
    ('&'), code spans ('`', which can join two runs) and list numbers add or remove a run
    holding a letter or digit (tested against the parser with hypothesis)."""
    if "[" in text or "<" in text or "&" in text or "`" in text or _NUMBERED_LINE.search(text):
        return markdown_parts(text).words
    return count_words(text)


@lru_cache(maxsize=50_000)
def markdown_parts(text: str) -> MarkdownParts:
    """Parse Markdown as the site renders it and report its links, images and word count."""
    if _is_plain(text):  # Markdown would pass it through as paragraphs of the same words
        return MarkdownParts((), (), text)
    parser = _PartsParser()
    parser.feed(_CONVERTER.reset().convert(text))
    parser.close()
    return MarkdownParts(tuple(parser.links), tuple(parser.images), "".join(parser.text))
