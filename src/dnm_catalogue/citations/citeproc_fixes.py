"""Corrections to citeproc-py 0.11.1, found by comparing its output with pandoc 3.9 and the
CSL specification.

Each correction is a subclass of a citeproc-py element class, installed through this module's
own lxml class lookup, so citeproc-py itself is never patched for other users in the process.
The subclasses lean on citeproc-py internals, hence the version guard in `Style`. Most of them
also remember structural look-ups per element (`_Memoised`), which makes formatting about three
times as fast (benchmarks/README.md).

Rendering goes through a formatter that writes private-use markers instead of markup; the
caller turns the markers into plain text or escaped HTML (`to_text`, `to_html`). Quotation
marks, from the style or inside field values, are markers too until `finish` resolves them:
outer and inner quotes alternate by depth, and with `punctuation-in-quote` a following
period or comma moves inside the closing mark.
"""

from __future__ import annotations

import copy
import html
import re
from functools import cache
from pathlib import Path

import citeproc
from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS, model
from citeproc.frontend import CitationStylesStyle
from citeproc.source import VariableError
from citeproc.string import String, join
from lxml import etree

SUPPORTED_CITEPROC_VERSION = "0.11.1"
CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"

# Private-use code points that stand for markup and quotation marks until the end.
ITALIC, END_ITALIC = "\ue000", "\ue001"
BOLD, END_BOLD = "\ue002", "\ue003"
SMALL_CAPS, END_SMALL_CAPS = "\ue004", "\ue005"
SUPERSCRIPT, END_SUPERSCRIPT = "\ue006", "\ue007"
SUBSCRIPT, END_SUBSCRIPT = "\ue008", "\ue009"
UNDERLINE, END_UNDERLINE = "\ue00a", "\ue00b"
QUOTE, END_QUOTE = "\ue00c", "\ue00d"
MARKERS = "".join(chr(code) for code in range(0xE000, 0xE00E))
_MARKER_RUN = f"[{MARKERS}]*"
_HTML_TAGS = {
    ITALIC: "<i>", END_ITALIC: "</i>", BOLD: "<b>", END_BOLD: "</b>",
    SMALL_CAPS: '<span style="font-variant:small-caps">', END_SMALL_CAPS: "</span>",
    SUPERSCRIPT: "<sup>", END_SUPERSCRIPT: "</sup>", SUBSCRIPT: "<sub>", END_SUBSCRIPT: "</sub>",
    UNDERLINE: "<u>", END_UNDERLINE: "</u>",
}


class CiteprocVersionError(RuntimeError):
    """citeproc-py is not the version these corrections were written for."""


def check_citeproc_version() -> None:
    """Refuse to run the corrections on a citeproc-py they were not written for."""
    if citeproc.__version__ != SUPPORTED_CITEPROC_VERSION:
        raise CiteprocVersionError(
            f"dnm_catalogue.citeproc_fixes corrects citeproc-py {SUPPORTED_CITEPROC_VERSION}, but "
            f"citeproc-py {citeproc.__version__} is installed; pin citeproc-py=="
            f"{SUPPORTED_CITEPROC_VERSION} or re-check each correction against the new version "
            "(the pandoc comparison tests in tests/test_citations.py show what changed)")


# The formatter -----------------------------------------------------------------------------


def _wrapper(start: str, end: str) -> type:
    class Wrapped(str):
        def __new__(cls, text):
            return super().__new__(cls, f"{start}{text}{end}")

    return Wrapped


class MarkerFormatter:
    """A citeproc-py formatter that marks formatting with private-use characters."""

    Italic = Oblique = _wrapper(ITALIC, END_ITALIC)
    Bold = _wrapper(BOLD, END_BOLD)
    Light = str
    Underline = _wrapper(UNDERLINE, END_UNDERLINE)
    Superscript = _wrapper(SUPERSCRIPT, END_SUPERSCRIPT)
    Subscript = _wrapper(SUBSCRIPT, END_SUBSCRIPT)
    SmallCaps = _wrapper(SMALL_CAPS, END_SMALL_CAPS)

    @staticmethod
    def preformat(text):
        return text


def to_text(marked: str) -> str:
    """Plain text: the markers dropped."""
    return marked.translate({ord(marker): None for marker in MARKERS})


def to_html(marked: str) -> str:
    """HTML: the text escaped, then the markers turned into tags."""
    escaped = html.escape(marked, quote=False)
    return re.sub(f"[{MARKERS}]", lambda match: _HTML_TAGS.get(match.group(), ""), escaped)


# Quotation marks in field values ------------------------------------------------------------

_OPENING_CONTEXT = " \t([{\u2014\u2013-/" + MARKERS
_CLOSING_MARKS = {"'": "'", "\u2018": "\u2019", '"': '"', "\u201c": "\u201d"}


def mark_quotes(text: str) -> str:
    """Quoted passages in a field value become quote markers, so the style's quotes apply.

    As pandoc and citeproc-js do, "x" and 'x' (straight or curly) are read as quotations and
    printed with the locale's marks, flipping inside quoted titles; other apostrophes become ’.
    """
    out: list[str] = []
    pending: list[str] = []  # the closing character each open quotation expects
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        opens = before in _OPENING_CONTEXT and not after.isspace()
        closes = pending and _closes(char, pending[-1]) and not before.isspace()
        if char in "'\u2019\u201d\"" and closes:
            if char == "'" and after.isalpha():
                out.append("\u2019")  # an apostrophe inside a word: rock'n'roll, world's
                continue
            pending.pop()
            out.append(END_QUOTE)
        elif char in _CLOSING_MARKS and opens and not (char == "'" and after.isdigit()):
            pending.append(_CLOSING_MARKS[char])
            out.append(QUOTE)
        elif char in "'\u2019":
            out.append("\u2019")
        else:
            out.append(char)
    result = "".join(out)
    if pending:  # an unbalanced quotation is left exactly as written
        return text.replace("'", "\u2019")
    return result


def _closes(char: str, expected: str) -> bool:
    if expected in "'\u2019":
        return char in "'\u2019"
    return char in '"\u201d'


_PUNCTUATION_AFTER_QUOTE = re.compile(f"({_MARKER_RUN}{END_QUOTE}{_MARKER_RUN})([.,])")
_END_PUNCTUATION = re.compile(f"([.?!]{_MARKER_RUN})$")
_PERIOD_AFTER_MARK = re.compile(f"([?!]{_MARKER_RUN})\\.")


def finish(marked: str, quotes: tuple[str, str, str, str], punctuation_in_quote: bool) -> str:
    """Resolve quote markers (outer, inner, outer ... by depth) and the punctuation around them."""
    if punctuation_in_quote:
        def move_inside(match: re.Match) -> str:
            closing, mark = match.group(1), match.group(2)
            head = marked[:match.start()]
            if mark == "." and _END_PUNCTUATION.search(head):
                return closing
            return mark + closing

        marked = _PUNCTUATION_AFTER_QUOTE.sub(move_inside, marked)
    # '?' or '!' already ends the sentence: "Why?." -> "Why?" (as pandoc and citeproc-js do)
    marked = _PERIOD_AFTER_MARK.sub(r"\1", marked)
    open_outer, close_outer, open_inner, close_inner = quotes
    depth = 0
    out: list[str] = []
    for char in marked:
        if char == QUOTE:
            out.append(open_outer if depth % 2 == 0 else open_inner)
            depth += 1
        elif char == END_QUOTE:
            depth -= 1
            out.append(close_outer if depth % 2 == 0 else close_inner)
        else:
            out.append(char)
    return "".join(out)


# Element corrections ------------------------------------------------------------------------

# The CSL 1.0.2 stop words, plus "about" and name particles as pandoc's citeproc has them
# (CMOS 8.159 lowercases prepositions whatever their length).
_STOP_WORDS = frozenset({
    "a", "an", "and", "as", "at", "but", "by", "down", "for", "from", "in", "into", "nor", "of",
    "on", "onto", "or", "over", "so", "the", "till", "to", "up", "via", "with", "yet",
    "about", "van", "von", "de", "d", "l"})
_TOKENS = re.compile(r"\w+|\s+|.", re.UNICODE | re.DOTALL)
_WORD_BREAKS = frozenset("-/\u2013\u2014")


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def _capitalize_word(word: str) -> str:
    return word[:1].upper() + word[1:]


def title_case(text: str) -> str:
    """CSL title case, word by word as pandoc's citeproc does it.

    A lower-case word is capitalised at the start, after a sentence end or colon, as the last
    word, or after a space, hyphen, slash or dash unless it is a stop word; words with any
    capital (NPS, arXiv, Europe) are left alone. Quote and formatting markers are transparent.
    """
    tokens = _TOKENS.findall(str(text))
    words = [index for index, token in enumerate(tokens) if _is_word(token)]
    last_word = words[-1] if words else -1
    state = "start"
    out = []
    for index, token in enumerate(tokens):
        if token in MARKERS:
            out.append(token)
            continue
        if _is_word(token):
            if token == token.lower() and any(char.isalpha() for char in token):
                opens_sentence = state in ("start", "sentence")
                capitalised = len(token) > 1 and (index == last_word or (
                    state == "word-end" and token.lower() not in _STOP_WORDS))
                if opens_sentence or capitalised:
                    token = _capitalize_word(token)
            state = "word"
        else:
            last = token[-1]
            if last in ".?!:":
                state = "sentence-end"
            elif last.isspace():
                state = "sentence" if state == "sentence-end" else "word-end"
            elif last in _WORD_BREAKS:
                state = "word-end"
        out.append(token)
    return "".join(out)


def capitalize_first(text: str) -> str:
    """Capitalise the first word if it is all lower case ("arXiv" stays)."""
    tokens = _TOKENS.findall(str(text))
    for index, token in enumerate(tokens):
        if _is_word(token):
            if token == token.lower():
                tokens[index] = _capitalize_word(token)
            break
    return "".join(tokens)


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


class _PageRanges:
    """Page ranges abbreviated by `abbreviate_range`."""

    def _format_last_page(self, first, last):
        range_format = self.get_root().get_option("page-range-format")
        return abbreviate_range(str(first), str(last), range_format)


class _Cased:
    """Text-case corrections: title case that skips quotes, and terms are always English-cased."""

    def case(self, text, language=None):
        text_case = self.get("text-case")
        if text_case is None or not text:
            return text
        if text_case == "title":
            # CSL: title case applies to English items only; labels and terms have no item
            # language, and citeproc-py skipped them ("eds." for APA's "Eds.").
            if language not in (None, "en"):
                return text
            return String(title_case(text))
        if text_case == "capitalize-first":
            return String(capitalize_first(text))
        return super().case(text, language)


class Text(_Cased, _PageRanges, model.Text):
    """cs:text with the case corrections and quotes as markers."""

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true":
            return String(QUOTE) + string + String(END_QUOTE)
        return string


class Label(_Cased, model.Label):
    """cs:label with the case corrections, and empty when its variable is (CSL 1.0.2: "Edition"
    was printed for articles without an edition)."""

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        return super().process(item, variable, plural, context, **kwargs)


class Number(_Cased, _PageRanges, model.Number):
    """cs:number with the case corrections."""


_CONDITIONS: dict[object, tuple] = {}


class If(model.If):
    """cs:if (and cs:else-if): the same tests as citeproc-py, with the attributes read once
    per element instead of on every reference (the Chicago style has hundreds of them)."""

    def render(self, item, context=None, delimiter="", **kwargs):
        if not self.matches(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def matches(self, item, context=None) -> bool:
        """Whether the branch's tests pass for this reference."""
        conditions = _CONDITIONS.get(self)
        if conditions is None:
            types = [name.lower() for name in self.get("type", "").split()]
            variables = [name.replace("-", "_") for name in self.get("variable", "").split()]
            others = [test for test in ("is-numeric", "is-uncertain-date", "locator", "position")
                      if test in self.attrib]
            conditions = _CONDITIONS[self] = (types, variables, others, self.get("match"))
        types, variables, others, match = conditions
        reference = item.reference
        reference_type = reference.type if types else None
        results = [name == reference_type for name in types]
        results.extend(("locator" in item) if name == "locator" else (name in reference)
                       for name in variables)
        for test in others:
            if test == "is-numeric":
                results += self._is_numeric(item)
            elif test == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif test == "locator":
                results += self._locator(item)
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)


class Else_If(If, model.Else_If):
    """cs:else-if, read the same way as cs:if."""


def _taken_branch(choose, item, context):
    """The branch of a cs:choose that renders for this reference, or None."""
    for branch in choose.iterchildren():
        if not isinstance(branch, If) or branch.matches(item, context):
            return branch
    return None


class Group(model.Group):
    """cs:group: a cs:choose counts as calling a variable only if the branch it renders does.
    citeproc-py asks the whole cs:choose, so APA printed "(Publication)" for a thesis with a
    genre and no number: the literal is in one branch, the genre variable in another, and the
    group around it, whose one variable (number) is empty, was not suppressed (CSL 1.0.2, group)."""

    def process(self, item, context=None, **kwargs):
        output = []
        called = rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            if isinstance(child, model.Choose):
                branch = _taken_branch(child, item, context)
                calls = branch is not None and branch.calls_variable()
            else:
                calls = child.calls_variable()
            called = called or calls
            try:
                if isinstance(child, model.Choose):
                    text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except model.VariableError:
                continue
            if text is not None:
                output.append(text)
                rendered = rendered or calls
        if output and (rendered or not called):
            return self.join(output)
        raise model.VariableError


class Date(model.Date):
    """cs:date: a localized date joins its parts with the locale's delimiter (NLM's "2016 Sep")."""

    def render_single_date(self, date, show_parts=None, context=None):
        if not self.is_locale_date() or context is None or context is self:
            return super().render_single_date(date, show_parts, context)
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None


class Name(model.Name):
    """cs:name with `initialize="false"`, particles and the comma before the last name corrected."""

    def _inherited(self, attribute: str, default: str, context=None) -> str:
        if attribute in self.attrib:
            return self.get(attribute)
        expression = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
        parent = (context if context is not None else self).xpath_search(expression)[0]
        return parent.get(attribute, self.get_root().get(attribute, default))

    def process(self, item, variable, context=None, sort_options=None, **kwargs):
        def option(name):
            return self.get_option(name, context, sort_options)

        names = item.reference.get(variable, [])
        form = option("form")
        et_al_min = option("et-al-min")
        et_al_use_first = option("et-al-use-first")
        truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
        use_last = truncate and option("et-al-use-last") and et_al_use_first <= et_al_min - 2
        if form == "count":
            return min(len(names), et_al_use_first) if truncate else len(names)
        shown = names[:et_al_use_first] + ([names[-1]] if use_last else []) if truncate else names
        initialize_with = option("initialize-with")
        initialize = self._inherited("initialize", "true", context).lower() != "false"
        sort_order = option("name-as-sort-order")
        demote = option("demote-non-dropping-particle")
        rendered: list[tuple[str, bool]] = []
        for index, name in enumerate(shown):
            inverted = sort_order == "all" or (sort_order == "first" and index == 0)
            rendered.append((self._one_name(name, form, inverted, initialize_with, initialize,
                                            option("sort-separator"), demote, context),
                             inverted and not name.get("literal") and bool(name.get("given"))))
        texts = [text for text, _ in rendered]
        delimiter = option("delimiter")
        and_option = option("and")
        if truncate and use_last:
            ellipsis = self.unicode_character("horizontal ellipsis")
            return self.join([*texts[:-1], f"{ellipsis} {texts[-1]}"], delimiter)
        if truncate:
            et_al = self.et_al()
            if not et_al:
                return self.join(texts, delimiter)
            if _delimiter_before_et_al(option("delimiter-precedes-et-al"), rendered):
                return self.join([*texts, et_al], delimiter)
            return self.join(texts, delimiter) + " " + et_al
        if and_option is None or len(texts) < 2:
            return self.join(texts, delimiter)
        and_term = (self.get_single_term(name="and") if and_option == "text"
                    else self.preformat("&"))
        head = join(texts[:-1], delimiter)
        if _delimiter_before_last(option("delimiter-precedes-last"), rendered):
            return head + delimiter + f"{and_term} " + texts[-1]
        return head + f" {and_term} " + texts[-1]

    def _one_name(self, name, form, inverted, initialize_with, initialize, sort_separator, demote,
                  context):
        given, family, dropping, non_dropping, suffix = name.parts()
        if "literal" in name:
            return family
        if given is not None and initialize_with is not None:
            given = (self.initialize(given, initialize_with, context) if initialize
                     else _normalise_initials(given, initialize_with))
        if form == "short":
            return " ".join(part for part in (non_dropping, family) if part)
        if inverted:
            if demote in ("never", "sort-only"):
                family = " ".join(part for part in (non_dropping, family) if part)
                given = " ".join(part for part in (given, dropping) if part)
            else:
                given = " ".join(part for part in (given, dropping, non_dropping) if part)
            given, family = self._format_parts(given, family)
            return sort_separator.join(part for part in (family, given, suffix) if part)
        family = " ".join(part for part in (dropping, non_dropping, family) if part)
        given, family = self._format_parts(given, family)
        return " ".join(part for part in (given, family, suffix) if part)

    def _format_parts(self, given, family):
        for part in self.findall("cs:name-part", self.nsmap):
            given, family = part.format_part(given, family)
        return given, family


def _delimiter_before_last(setting: str, rendered: list[tuple[str, bool]]) -> bool:
    """Whether the delimiter goes before 'and' ('&') and the last name.

    The comma separates an inverted name's given part from the next name ("Barratt, M. J., &
    Aldridge, J."). After a name that is not inverted (an organisation) and with only two names
    there is nothing to separate: "... Drug Addiction & Europol", as in APA's own example
    "Australian Government Productivity Commission & New Zealand Productivity Commission" and as
    citeproc-js prints it (citeproc-py and pandoc print "..., & Europol").
    """
    penultimate_inverted = rendered[-2][1]
    if setting == "never":
        return False
    if setting == "after-inverted-name":
        return penultimate_inverted
    if setting == "always":
        return len(rendered) > 2 or penultimate_inverted
    return len(rendered) > 2


def _delimiter_before_et_al(setting: str, rendered: list[tuple[str, bool]]) -> bool:
    """Whether the delimiter goes before 'et al.'."""
    if setting == "never":
        return False
    if setting == "after-inverted-name":
        return rendered[-1][1]
    if setting == "always":
        return True
    return len(rendered) > 1


_INITIALS = re.compile(r"^(?:[^\W\d_]\.?)+$")


def _normalise_initials(given: str, mark: str) -> str:
    """initialize="false": full names stay, initials already there get the style's mark.

    CSL 1.0.2: "James T Kirk" becomes "James T. Kirk" with initialize-with=". ".
    """
    words = []
    for word in given.split():
        letters = word.replace(".", "")
        if _INITIALS.match(word) and letters.isupper() and (len(letters) == 1 or "." in word):
            words.append(mark.join(letters) + mark)
        else:
            words.append(word)
    return " ".join(" ".join(words).split())


_REPRESSED_NAMES = "names-variables"  # a key of citeproc-py's per-item `repressed` dict


class Names(model.Names):
    """cs:names: a variable already printed as a substitute is not printed again (CSL 1.0.2:
    "substituted variables are suppressed in the rest of the output"); citeproc-py did this
    for cs:text only, so an edited book named its editors twice."""

    def process(self, item, names_context=None, context=None, **kwargs):
        layout = (context if context is not None else self).get_layout()
        repressed = layout.repressed.get(_REPRESSED_NAMES, ())
        roles = self.get("variable").split()
        wanted = [role for role in roles if role not in repressed]
        if len(wanted) == len(roles) or _inside_substitute(self):
            return super().process(item, names_context, context, **kwargs)
        if not wanted:
            raise VariableError
        self.set("variable", " ".join(wanted))
        try:
            return super().process(item, names_context, context, **kwargs)
        finally:
            self.set("variable", " ".join(roles))


class Substitute(model.Substitute):
    """cs:substitute: the first child that prints wins, and its name variables are suppressed
    in the rest of the reference (see `Names`)."""

    def render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            try:
                text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text:
                self.add_to_repressed_list(child, context)
                layout = (context if context is not None else self).get_layout()
                printed = layout.repressed.setdefault(_REPRESSED_NAMES, set())
                for names in child.iter(_tag("names")):
                    printed.update(role for role in names.get("variable", "").split()
                                   if role.replace("-", "_") in item.reference)
                return text
        return None


class StyleElement(model.Style):
    """cs:style: the locale files are read with the corrected element classes too (the same
    search order as citeproc-py: in-style locales, then the locale files, then en-US)."""

    def set_locale_list(self, output_locale, validate=True):
        self.locales = []
        language = output_locale.split("-")[0]
        for in_style in (f'./cs:locale[@xml:lang="{output_locale}"]',
                         f'./cs:locale[@xml:lang="{language}"]', "./cs:locale[not(@xml:lang)]"):
            self.locales.extend(self.xpath_search(in_style)[:1])
        files = [output_locale] if output_locale in LANGUAGE_NAMES else []
        files += [PRIMARY_DIALECTS[language]] if language in PRIMARY_DIALECTS else []
        for name in dict.fromkeys([*files, "en-US"]):
            self.locales.append(_locale_file(name))
        for locale in self.locales:
            locale.style = self


def _locale_file(name: str):
    path = Path(citeproc.LOCALES_PATH) / f"locales-{name}.xml"
    if not path.exists():
        raise ValueError(f"'{name}' is not a known locale")
    return _parse(path)


_CORRECTED = {"text": Text, "label": Label, "number": Number, "date": Date, "name": Name,
              "names": Names, "substitute": Substitute, "if": If, "else-if": Else_If,
              "group": Group, "style": StyleElement}


# A style's tree never changes once loaded, so what an XPath search or calls_variable() finds
# for an element is found once. Holding the elements as keys keeps their Python proxies alive,
# so lxml hands back the same proxy each time.
_XPATH_RESULTS: dict[tuple[object, str], list] = {}
_CALLS_VARIABLE: dict[object, bool] = {}
_PLAIN: dict[object, bool] = {}
_AFFIXES: dict[object, tuple[str, str]] = {}
_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


class _Memoised:
    """Structural look-ups remembered per element: citeproc-py spent about a third of its time
    repeating XPath searches (macros by name, the enclosing layout, inherited options)."""

    def xpath_search(self, expression):
        key = (self, expression)
        found = _XPATH_RESULTS.get(key)
        if found is None:
            found = _XPATH_RESULTS[key] = super().xpath_search(expression)
        return found

    def calls_variable(self):
        found = _CALLS_VARIABLE.get(self)
        if found is None:
            found = _CALLS_VARIABLE[self] = super().calls_variable()
        return found

    def get_formatter(self):
        return MarkerFormatter  # the only formatter these styles are used with

    def format(self, string):
        plain = _PLAIN.get(self)
        if plain is None:
            plain = _PLAIN[self] = not any(name in self.attrib for name in _FORMATTING)
        if plain:
            return str(string) if isinstance(string, int | float) else string
        return super().format(string)

    def wrap(self, string):
        affixes = _AFFIXES.get(self)
        if affixes is None:
            affixes = _AFFIXES[self] = (self.get("prefix", ""), self.get("suffix", ""))
        if affixes == ("", ""):
            return string
        return super().wrap(string)

    def get_macro(self, name):
        root = self.get_root()
        index = root.__dict__.get("macro_index")  # not getattr: the element maps it to a child
        if index is None:
            index = root.__dict__["macro_index"] = {
                macro.get("name"): macro for macro in root.findall("cs:macro", self.nsmap)}
        return index[name]


@cache
def _element_classes() -> dict[str | None, type]:
    """The class for each CSL tag: citeproc-py's, corrected where listed, all memoised."""
    classes: dict[str | None, type] = {
        None: type("Element", (_Memoised, model.CitationStylesElement), {})}
    for element_class in model.CitationStylesElement.__subclasses__():
        if element_class.__module__ != model.__name__:
            continue
        tag = element_class.__name__.replace("_", "-").lower()
        base = _CORRECTED.get(tag, element_class)
        classes[tag] = type(base.__name__, (_Memoised, base), {})
    return classes


def _element_lookup() -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    lookup.get_namespace(CSL_NAMESPACE).update(_element_classes())
    return lookup


def _parse(path: Path | str):
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(_element_lookup())
    return etree.parse(str(path), parser).getroot()


def _tag(name: str) -> str:
    return f"{{{CSL_NAMESPACE}}}{name}"


def _complete_names(root) -> None:
    """Give every cs:names the cs:name (and et-al, label) it uses, before any rendering.

    citeproc-py inserted a default cs:name, outside the CSL namespace, into each cs:names
    without one on every render; and a shorthand cs:names inside cs:substitute that is not a
    direct child (Chicago wraps some in cs:choose) did not inherit the parent's cs:name and
    cs:label, so Chicago printed "M. Tzanetakis, H. Stöver" for "Tzanetakis, Meropi, and
    Heino Stöver, eds." (CSL 1.0.2, "Substitute").
    """
    for names in root.iter(_tag("names")):
        if names.find(_tag("name")) is None and not _inside_substitute(names):
            names.insert(0, names.makeelement(_tag("name"), {}))
    for substitute in root.iter(_tag("substitute")):
        parent = substitute.getparent()
        inherited = [child for child in parent if child.tag in
                     (_tag("name"), _tag("et-al"), _tag("label"))]
        for names in substitute.iter(_tag("names")):
            if len(names) == 0:
                for child in inherited:
                    names.append(copy.deepcopy(child))


def _inside_substitute(element) -> bool:
    return any(ancestor.tag == _tag("substitute") for ancestor in element.iterancestors())


class Style(CitationStylesStyle):
    """A CSL style parsed with the corrected element classes (validation skipped: the shipped
    styles are the official files)."""

    def __init__(self, path: Path | str, locale: str) -> None:
        check_citeproc_version()
        self.root = _parse(path)
        self.root.set_locale_list(locale, validate=False)
        _complete_names(self.root)

    def term(self, name: str) -> str:
        """A locale term in its singular long form."""
        return str(self.root.get_single_term(name))

    def quotes(self) -> tuple[str, str, str, str]:
        """Outer and inner quotation marks of the locale."""
        return (self.term("open-quote"), self.term("close-quote"),
                self.term("open-inner-quote"), self.term("close-inner-quote"))

    def punctuation_in_quote(self) -> bool:
        """The locale's punctuation-in-quote option (true for en-US, false for en-GB)."""
        return str(self.root.get_locale_option("punctuation-in-quote")).lower() == "true"


__all__ = ["MARKERS", "CiteprocVersionError", "MarkerFormatter", "Style", "VariableError",
           "check_citeproc_version", "finish", "mark_quotes", "to_html", "to_text"]
