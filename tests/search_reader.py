"""Reading the site search index the way assets/search.js does, for the tests."""

from __future__ import annotations

import json
from collections.abc import Callable


def index_data(read: Callable[[str], str], name: str):
    """The data of search/<name>.js, checking the call that wraps it."""
    text = read(f"search/{name}.js")
    prefix = f"__dnmSearch({json.dumps(name)},"
    assert text.startswith(prefix) and text.endswith(");\n"), name
    return json.loads(text[len(prefix):-3])


def read_index(read: Callable[[str], str]) -> dict:
    """manifest, words -> {entry number: field mask}, entries (what each result shows)."""
    manifest = index_data(read, "index")
    words: dict[str, dict[int, int]] = {}
    for key, name, leaf in manifest["shards"]:
        for word, postings in index_data(read, name).items():
            assert word not in words, f"{word!r} is in two shards"
            assert word.startswith(key) and (leaf or word == key), (word, key)
            numbers = [int(part, 36) for part in postings.split(",")]
            entry, found = 0, {}
            for gap, mask in zip(numbers[::2], numbers[1::2], strict=True):
                entry += gap
                found[entry] = mask
            words[word] = found
    entries = [shown for name in manifest["docs"] for shown in index_data(read, name)]
    assert len(entries) == manifest["entries"]
    return {"manifest": manifest, "words": words, "entries": entries}


def shard_for(manifest: dict, word: str) -> str | None:
    """The shard search.js loads for an exact word: the longest key the word starts with
    that is a leaf, or an inner key equal to the word."""
    best = None
    for key, name, leaf in manifest["shards"]:
        if word.startswith(key) and (leaf or key == word) and (best is None or len(key) > len(best[0])):
            best = (key, name)
    return best[1] if best else None


def records_matching(index: dict, word: str, field: str | None = None, prefix: bool = False) -> set[str]:
    """Urls of the records whose `field` (any field when None) holds `word` (or a word
    starting with it)."""
    manifest = index["manifest"]
    mask = manifest["fields"][field] if field else (1 << len(manifest["fields"])) - 1
    found = set()
    for term, postings in index["words"].items():
        if term == word or (prefix and term.startswith(word)):
            found |= {number for number, bits in postings.items()
                      if bits & mask and number < manifest["records"]}
    return {index["entries"][number][0] for number in found}
