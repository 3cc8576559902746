"""Page ranges: the last page abbreviated as the style's page-range-format says."""

from __future__ import annotations

import re


def abbreviate_range(first: str, last: str, range_format: str | None) -> str:
    """The last page of a range in a CSL page-range-format (CSL 1.0.2, appendix V).

    citeproc-py applied the 15th-edition four-digit rule to chicago-16 (1798–1853 where
    CMOS 16/17 give 1798–853) and did not abbreviate prefixed pages (S87–S97 for S87–97).
    """
    first_match = re.match(r"^(\D*)(\d+)$", first)
    last_match = re.match(r"^(\D*)(\d+)$", last)
    if (range_format in (None, "expanded") or not first_match or not last_match
            or first_match.group(1) != last_match.group(1)):
        return last
    start, end = first_match.group(2), last_match.group(2)
    if len(start) != len(end):
        return end if first_match.group(1) else last
    common = next((index for index, (a, b) in enumerate(zip(start, end, strict=True)) if a != b),
                  len(start))
    if range_format == "minimal":
        shortened = end[common:]
    elif range_format == "minimal-two":
        shortened = end[min(common, len(end) - 2):]
    else:
        number = int(start)
        four_digit_rule = (range_format in ("chicago", "chicago-15") and len(start) == 4
                           and common < 2)
        if number < 100 or number % 100 == 0 or four_digit_rule:
            shortened = end
        elif number % 100 < 10:
            shortened = end[common:]
        else:
            shortened = end[min(common, len(end) - 2):]
    return shortened or end[-1:]


class PageRanges:
    """Page ranges abbreviated by `abbreviate_range`."""

    def _format_last_page(self, first, last):
        range_format = self.get_root().get_option("page-range-format")
        return abbreviate_range(str(first), str(last), range_format)
