"""The characters no record may hold: controls and the invisible format characters.

The loader refuses them anywhere in a file (load.py), the checks in any value an escape could
bring in (text_checks.py) and the JSON Schema in every text (schema.py): all from these ranges.
"""

from __future__ import annotations

import re
import unicodedata

# Control characters (but tab and line ends), C1 controls, and the invisible format characters:
# bidirectional overrides and isolates, zero-width spaces and joiners, a byte order mark inside
# the text, soft hyphens, line and paragraph separators, tag characters. None belongs in a
# record, and some make a record read differently on screen from what it holds.
FORBIDDEN_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD),
                    (0x61C, 0x61C), (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E),
                    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB),
                    (0xE0001, 0xE007F))


def character_class(ranges) -> str:
    """A regular-expression class of code point ranges, written with escapes."""
    def escape(code: int) -> str:
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return "[" + "".join(escape(low) if low == high else f"{escape(low)}-{escape(high)}"
                         for low, high in ranges) + "]"


FORBIDDEN_CHARACTER_RE = re.compile(character_class(FORBIDDEN_RANGES))
# The forbidden characters an ASCII text can hold: scanning for these alone is several times
# faster, and most records are ASCII (str.isascii() is a flag CPython keeps).
ASCII_FORBIDDEN_RE = re.compile(character_class([r for r in FORBIDDEN_RANGES if r[0] < 0x80]))


def forbidden_character(text: str) -> re.Match | None:
    """The first control or invisible character a record must not hold, if any."""
    return (ASCII_FORBIDDEN_RE if text.isascii() else FORBIDDEN_CHARACTER_RE).search(text)


def character_name(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character named so that a reader can find it."""
    name = unicodedata.name(character, "") or {
        "\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}.get(character, "control")
    return f"U+{ord(character):04X} {name}"
