"""Record text -> safe HTML: Markdown rendered, then sanitised to a short allow-list."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
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


def _plain_paragraphs(text: str) -> str | None:
    if _MARKUP_CHARACTERS.search(text) or _BLOCK_LINE.search(text):
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
